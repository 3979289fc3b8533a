/*
 * simint.h — internals shared by the simulator's files; not a public API.
 *
 * The simulator runs in three phases:
 *
 *   1. accounts.c builds the accounts of every population (profile, country,
 *      time zone, addresses, client, keys, card) from the world seed;
 *   2. schedule.c appends one compact sim_sched entry per future event
 *      (time, account, a per-event seed, and an "aux" word whose meaning
 *      belongs to the population: turn of a conversation, benchmark question,
 *      skill step ...); sim.c sorts the entries by time;
 *   3. render.c turns each entry back into a full JSON line while the file is
 *      written. Everything an event needs is recomputed from its entry and
 *      its account, so no event text is ever held in memory.
 *
 * Multi-turn conversations work the same way: turn j of a conversation is a
 * pure function of (conversation seed, j), so the request of turn k replays
 * turns 0..k-1 (user text and the assistant text that was returned then)
 * exactly as they were logged.
 *
 * Text comes from phrase banks (text_*.c) expanded by a tiny grammar
 * (grammar.c): "{slot}" draws an entry of a bank, "[a|b|c]" picks one
 * alternative; entries may contain further slots and choices.
 */
#ifndef SW_SIMINT_H
#define SW_SIMINT_H

#include <math.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/hash.h"
#include "sim/sim.h"

/* ---------------------------------------------------------------- PRNG --- */

/* xoshiro256** seeded through splitmix64: fast, 256 bits of state, and the
 * same sequence on every platform (unlike rand()). */
typedef struct sim_rng {
    uint64_t s[4];
} sim_rng;

static inline uint64_t sim_splitmix(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static inline void sim_rng_seed(sim_rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = sim_splitmix(&seed);
}

static inline uint64_t sim_rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static inline uint64_t sim_rng_u64(sim_rng *r)
{
    uint64_t *s = r->s;
    uint64_t out = sim_rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = sim_rotl(s[3], 45);
    return out;
}

/* Uniform in [0, n) by multiply-shift; the bias (n / 2^32) is irrelevant here. */
static inline uint32_t sim_rng_below(sim_rng *r, uint32_t n)
{
    return (uint32_t)(((sim_rng_u64(r) >> 32) * (uint64_t)n) >> 32);
}

/* Uniform integer in [lo, hi]. */
static inline int sim_rng_range(sim_rng *r, int lo, int hi)
{
    return hi <= lo ? lo : lo + (int)sim_rng_below(r, (uint32_t)(hi - lo + 1));
}

static inline double sim_rng_unit(sim_rng *r)
{
    return (double)(sim_rng_u64(r) >> 11) * 0x1.0p-53;
}

static inline double sim_rng_uniform(sim_rng *r, double lo, double hi)
{
    return lo + (hi - lo) * sim_rng_unit(r);
}

static inline bool sim_rng_chance(sim_rng *r, double p)
{
    return sim_rng_unit(r) < p;
}

/* A derived seed: independent streams for (seed, tag) pairs. */
static inline uint64_t sim_mix(uint64_t seed, uint64_t tag)
{
    return sw_mix64(seed ^ sw_mix64(tag + 0x9e3779b97f4a7c15ULL));
}

double sim_rng_normal(sim_rng *r);
double sim_rng_lognormal(sim_rng *r, double median, double sigma);
int sim_rng_poisson(sim_rng *r, double mean);
/* Index drawn with probability proportional to w[i]. */
int sim_rng_weighted(sim_rng *r, const double *w, int n);

/* ----------------------------------------------------------- populations --- */

enum sim_pop {
    POP_INDIVIDUAL,
    POP_STUDENT,
    POP_CODING,
    POP_EVAL,
    POP_BATCH,
    POP_APP,
    POP_CAMPUS,
    POP_RESEARCHER,
    POP_HYDRA,
    POP_RESELLER,
    POP_SWEEP,
    POP_SCRAPER,
    POP_PIVOT,
    POP_COUNT
};

typedef struct sim_popinfo {
    const char *label;
    int base; /* accounts at scale 1 */
    int min;  /* accounts at any scale */
} sim_popinfo;

extern const sim_popinfo sim_pops[POP_COUNT];

/* --------------------------------------------------------------- networks --- */

enum sim_netkind { NET_CLOUD, NET_RESID, NET_MOBILE, NET_UNIV };

typedef struct sim_block {
    uint8_t a, b;   /* the /16 a.b.0.0 */
    const char *cc; /* country of the block; NULL: the ASN's */
} sim_block;

typedef struct sim_asn {
    uint32_t asn;
    const char *cc;
    uint8_t kind;
    uint8_t nblk;
    sim_block blk[4];
    uint16_t v6[2]; /* first two groups of the ASN's IPv6 prefix */
} sim_asn;

extern const sim_asn sim_asns[];
extern const int sim_nasns;

/* An address: ASN, /16 block, host bits. v6 addresses take 64 host bits
 * from the hash h; v4 addresses use 16 bits (third and fourth octet). */
typedef struct sim_addr {
    uint16_t asn; /* index into sim_asns */
    uint8_t blk;
    uint8_t v6;
    uint64_t host;
} sim_addr;

#define SIM_ADDRSZ 48

void sim_addr_format(const sim_addr *a, char out[SIM_ADDRSZ]);
const char *sim_addr_cc(const sim_addr *a);
sim_addr sim_addr_make(int asn_idx, uint64_t h, bool v6);
int sim_asn_index(uint32_t asn); /* -1 if absent */
/* A residential (or, when mobile is true, mobile) ASN of country cc, chosen
 * by h; falls back to any residential ASN. */
int sim_asn_pick(const char *cc, bool mobile, uint64_t h);
int sim_asn_pick_cloud(uint64_t h);

typedef struct sim_country {
    const char *cc;
    int16_t tz[4]; /* minutes east of UTC, standard time in November */
    uint8_t ntz;
    uint8_t w_people; /* weight among individual users */
    uint8_t w_proxy;  /* weight among residential proxy exits */
    const char *mail[5];
} sim_country;

extern const sim_country sim_countries[];
extern const int sim_ncountries;
int sim_country_index(const char *cc);

typedef struct sim_univ {
    const char *name;
    const char *domain;
    const char *cc;
    int16_t tz;
    uint32_t asn;
    uint8_t a, b;    /* campus /16 */
    uint8_t nat[3];  /* third octets of the campus NAT /24s */
    int term_days;   /* term started this many days before the simulation */
} sim_univ;

extern const sim_univ sim_univs[];
extern const int sim_nunivs;

/* ----------------------------------------------------------------- clients --- */

enum sim_client {
    CL_BROWSER,
    CL_OPENAI_PY,
    CL_OPENAI_JS,
    CL_ANTHROPIC_PY,
    CL_ANTHROPIC_JS,
    CL_HTTPX,
    CL_AIOHTTP,
    CL_REQUESTS,
    CL_NODE,
    CL_CURL,
    CL_GO,
    CL_LANGCHAIN,
    CL_AGENT, /* a coding-agent product; which one is the account's group */
    CL_COUNT
};

/* Writes a user agent of the given client kind, versions drawn from h. */
void sim_ua_make(int client, int agent, uint64_t h, char *out, size_t n);

/* ------------------------------------------------------------------ models --- */

enum sim_model { M_ATLAS2, M_ATLAS3, M_ATLAS3_MINI, M_ATLAS3_REASONING, M_ATLAS4, M_COUNT };

typedef struct sim_modelinfo {
    const char *name;
    int max_out;      /* largest max_tokens accepted */
    bool reasons;     /* always produces reasoning */
    bool can_reason;  /* produces reasoning when asked (effort / thinking) */
    double ms_per_tok;
} sim_modelinfo;

extern const sim_modelinfo sim_models[M_COUNT];

enum sim_endpoint { EP_CHAT, EP_MESSAGES, EP_COMPLETIONS, EP_RESPONSES, EP_COUNT };
extern const char *const sim_endpoint_path[EP_COUNT];

/* ---------------------------------------------------------------- accounts --- */

enum sim_verif { V_NONE, V_EMAIL, V_PHONE, V_ID, V_BUSINESS, V_ENTERPRISE, V_EDU };
enum sim_tier { T_FREE, T_TIER1, T_TIER2, T_TIER3, T_ENTERPRISE, T_EDU };

#define SIM_MAXADDR 4
#define SIM_MAXKEYS 3
#define SIM_UASZ 160

typedef struct sim_account {
    char id[16];
    char key[SIM_MAXKEYS][24];
    char email_domain[40];
    char ua[2][SIM_UASZ];
    sim_addr addr[SIM_MAXADDR];
    uint64_t seed; /* profile seed */
    uint64_t card; /* payment instrument; equal = shared */
    int64_t created;
    int64_t active_from, active_to; /* farm and campaign windows */
    int64_t adopt4;                 /* first use of atlas-4; INT64_MAX: never */
    double rate;                    /* volume parameter, population-specific unit */
    double act;                     /* share of days with any activity */
    int32_t param;                  /* population-specific (max_tokens, set size ...) */
    double p_step;                  /* chance that a prompt asks for steps */
    uint8_t pop, verif, tier, country;
    uint8_t nkeys, naddr, nua;
    uint8_t client;  /* client kind of ua[0] */
    uint8_t client2; /* of ua[1] */
    uint8_t ep;      /* preferred endpoint */
    uint8_t model;   /* preferred model */
    uint8_t shift;   /* chronotype shift, hours added to the diurnal curve */
    int16_t tz;      /* minutes east of UTC */
    int16_t group;   /* university, company, agent product, app, dataset ... */
    int16_t sub;     /* course, pipeline kind, harness format ... */
    uint32_t topics; /* interest bits */
} sim_account;

/* ---------------------------------------------------------------- schedule --- */

typedef struct sim_sched {
    int64_t ts;
    uint64_t seed;
    uint32_t acct;
    uint32_t aux;
} sim_sched;

/* aux layout shared by conversation-style events: turn in the low 16 bits,
 * a population-specific kind in bits 16-29, "last turn" in bit 31. */
#define AUX_TURN(x) ((x)&0xffffu)
#define AUX_KIND(x) (((x) >> 16) & 0x3fffu)
#define AUX_LAST 0x80000000u
#define AUX(turn, kind) (((uint32_t)(turn)&0xffffu) | (((uint32_t)(kind)&0x3fffu) << 16))

/* ------------------------------------------------------------------ grammar --- */

typedef struct sim_gx sim_gx;

typedef struct sim_bank {
    const char *name;
    const char *const *item;
    uint32_t n;
    void (*fn)(sim_gx *x); /* generator slots (numbers ...) instead of items */
} sim_bank;

#define SIM_BANK(name, arr) {name, arr, (uint32_t)(sizeof arr / sizeof arr[0]), NULL}
#define SIM_BANK_END {NULL, NULL, 0, NULL}

extern const sim_bank sim_banks_general[];
extern const sim_bank sim_banks_tech[];
extern const sim_bank sim_banks_academic[];
extern const sim_bank sim_banks_reason[];
extern const sim_bank sim_banks_builtin[];

#define SIM_MAXVARS 16
#define SIM_VARSZ 704

struct sim_gx {
    sim_rng *rng;
    sw_buf *out;
    int depth;
    int errors;
    int nvars;
    char vname[SIM_MAXVARS][16];
    char vval[SIM_MAXVARS][SIM_VARSZ];
};

/* Builds the slot index once (not thread-safe before the first call
 * returns; the simulator calls it before any rendering). */
void sim_gram_init(void);
void sim_gx_init(sim_gx *x, sim_rng *r, sw_buf *out);
void sim_gx_expand(sim_gx *x, const char *tmpl);
/* Expands one entry of the named bank. */
void sim_gx_slot(sim_gx *x, const char *bank);
/* One entry of the named bank by index (mod size), expanded. */
void sim_gx_item(sim_gx *x, const char *bank, uint32_t idx);
uint32_t sim_gx_bank_size(const char *bank);
void sim_gx_set(sim_gx *x, const char *name, const char *val);
/* The same with n bytes of val (cut at SIM_VARSZ - 1 on a UTF-8 boundary). */
void sim_gx_setn(sim_gx *x, const char *name, const char *val, size_t n);
const char *sim_gx_get(const sim_gx *x, const char *name);
int sim_gram_selfcheck(void);

/* -------------------------------------------------------------------- world --- */

typedef struct sim_world {
    sw_sim_config cfg;
    uint64_t seed;
    int64_t t0, t1;    /* simulated span [t0, t1) */
    int64_t release4;  /* atlas-4 release */
    sim_account *acct;
    uint32_t nacct;
    uint32_t pop_first[POP_COUNT], pop_count[POP_COUNT];
    sim_sched *ev;
    size_t nev, cap;
    bool oom;
    uint32_t proxy_pool; /* addresses in the farm's residential proxy pool */
    uint64_t proxy_seed;
    int64_t pivot_start; /* when the pivot cohort switches to atlas-4 */
} sim_world;

/* Farm accounts busy at any one time (accounts.c sets their windows,
 * schedule.c sizes the farm's stream by it). */
static inline uint32_t sim_hydra_live(uint32_t n)
{
    return n / 5 < 8 ? (n < 8 ? n : 8) : n / 5;
}

int sim_accounts_build(sim_world *w);
int sim_schedule_build(sim_world *w);
void sim_sched_add(sim_world *w, uint32_t acct, int64_t ts, uint64_t seed, uint32_t aux);

/* Scratch memory reused from one event to the next. */
typedef struct sim_renderer {
    sw_buf txt; /* every text of the event being rendered */
    sw_buf tmp; /* joins texts that one JSON string needs */
} sim_renderer;

void sim_renderer_init(sim_renderer *rd);
void sim_renderer_free(sim_renderer *rd);

/* Renders event number ordinal (0-based, in written order) as one JSON line
 * (without the newline) into out, which the caller has reset. */
void sim_render_event(sim_renderer *rd, const sim_world *w, const sim_sched *e, uint64_t ordinal,
                      sw_buf *out);
void sim_render_account(const sim_world *w, const sim_account *a, sw_buf *out);

const char *sim_verif_name(int v);
const char *sim_tier_name(int t);

#endif
