/*
 * accounts.c — who is out there: the accounts of every population.
 *
 * Each account is drawn from its own seed (world seed mixed with its global
 * index), so adding a population never changes another's accounts. The
 * profile fixes everything that stays constant for a customer: country and
 * time zone, verification and tier, card, e-mail domain, client software,
 * home or office addresses, preferred endpoint and model, volume, and the
 * population-specific knobs (course, agent product, pipeline kind, app,
 * dataset ...). Behaviour over time lives in schedule.c.
 *
 * Signals that a detector could use honestly exist on both sides: legit
 * companies share a card and an office address between a few accounts,
 * students of one campus share NAT addresses, eval jobs and early adopters
 * jump on atlas-4 within hours; farms share cards in groups and create
 * accounts in bursts. Ids are hashes, and the files are written sorted by
 * id, so no field or order encodes the population.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/time.h"
#include "sim/simint.h"

const sim_popinfo sim_pops[POP_COUNT] = {
    [POP_INDIVIDUAL] = {"legit:individual", 600, 1},
    [POP_STUDENT] = {"legit:student", 150, 1},
    [POP_CODING] = {"legit:coding_agent", 60, 1},
    [POP_EVAL] = {"legit:eval_job", 15, 1},
    [POP_BATCH] = {"legit:batch_pipeline", 20, 1},
    [POP_APP] = {"legit:app_backend", 25, 1},
    [POP_CAMPUS] = {"legit:campus", 10, 1},
    [POP_RESEARCHER] = {"legit:researcher", 20, 1},
    [POP_HYDRA] = {"attack:hydra", 300, 30},
    [POP_RESELLER] = {"attack:reseller", 5, 1},
    [POP_SWEEP] = {"attack:slow_sweep", 120, 1},
    [POP_SCRAPER] = {"attack:scraper", 2, 1},
    [POP_PIVOT] = {"attack:pivot", 40, 1},
};

static const char *const verif_names[] = {"none", "email", "phone", "id", "business", "enterprise", "edu"};
static const char *const tier_names[] = {"free", "tier1", "tier2", "tier3", "enterprise", "edu"};

const char *sim_verif_name(int v) { return verif_names[v]; }
const char *sim_tier_name(int t) { return tier_names[t]; }

/* ---------------------------------------------------------------- helpers --- */

typedef struct build {
    sim_world *w;
    sim_rng rng; /* the current account's */
    sim_account *a;
    uint32_t idx;
} build;

static int64_t days_ms(double d)
{
    return (int64_t)(d * (double)SW_MS_PER_DAY);
}

static int weighted_country(sim_rng *r, bool proxy)
{
    double w[64];
    int n = sim_ncountries < 64 ? sim_ncountries : 64;
    for (int i = 0; i < n; i++)
        w[i] = proxy ? sim_countries[i].w_proxy : sim_countries[i].w_people;
    return sim_rng_weighted(r, w, n);
}

static void set_country(build *b, int ci)
{
    const sim_country *c = &sim_countries[ci];
    b->a->country = (uint8_t)ci;
    b->a->tz = c->tz[sim_rng_below(&b->rng, c->ntz)];
}

static void set_mail_public(build *b)
{
    const sim_country *c = &sim_countries[b->a->country];
    /* the first two providers of a country dominate */
    int k = sim_rng_chance(&b->rng, 0.7) ? (int)sim_rng_below(&b->rng, 2) : (int)sim_rng_below(&b->rng, 5);
    snprintf(b->a->email_domain, sizeof b->a->email_domain, "%s", c->mail[k]);
}

static void company_domain(sim_rng *r, char *out, size_t n)
{
    static const char *const pre[] = {
        "lumen", "north", "bright", "cobalt", "vector", "arc", "nimbus", "quill", "tandem", "pixel",
        "harbor", "signal", "forge", "orbit", "kite", "delta", "sable", "cinder", "atlas", "fern",
        "granite", "hollow", "ion", "juniper", "lattice", "mosaic", "nova", "onyx", "prism", "relay",
    };
    static const char *const suf[] = {
        "byte", "labs", "works", "stack", "data", "logic", "flow", "grid", "scale", "loop", "mind",
        "path", "ware", "hq", "ops", "base", "point", "shift",
    };
    static const char *const tld[] = {".com", ".io", ".ai", ".dev", ".co", ".com", ".de", ".tech"};
    unsigned i = sim_rng_below(r, 30), j = sim_rng_below(r, 18), k = sim_rng_below(r, 8);
    snprintf(out, n, "%s%s%s", pre[i], suf[j], tld[k]);
}

/* v6ok: an ISP address (IPv6 now and then); otherwise a server address,
 * which is IPv6 only rarely. */
static void add_addr(build *b, int asn_idx, bool v6ok)
{
    if (b->a->naddr >= SIM_MAXADDR || asn_idx < 0)
        return;
    bool v6 = sim_rng_chance(&b->rng, v6ok ? 0.045 : 0.015);
    b->a->addr[b->a->naddr++] = sim_addr_make(asn_idx, sim_rng_u64(&b->rng), v6);
}

static void add_home(build *b, double p_mobile)
{
    const char *cc = sim_countries[b->a->country].cc;
    bool mobile = sim_rng_chance(&b->rng, p_mobile);
    add_addr(b, sim_asn_pick(cc, mobile, sim_rng_u64(&b->rng)), true);
}

/* A campus NAT address: one of the university's NAT /24s, a low host. */
static void add_campus(build *b, int univ)
{
    const sim_univ *u = &sim_univs[univ];
    if (b->a->naddr >= SIM_MAXADDR)
        return;
    int ai = sim_asn_index(u->asn);
    sim_addr ad = {(uint16_t)ai, 0, 0, 0};
    for (int i = 0; i < sim_asns[ai].nblk; i++)
        if (sim_asns[ai].blk[i].a == u->a && sim_asns[ai].blk[i].b == u->b)
            ad.blk = (uint8_t)i;
    unsigned third = u->nat[sim_rng_below(&b->rng, 3)];
    unsigned host = 1 + sim_rng_below(&b->rng, 24) * 10; /* 10 hosts apart: distinct, few */
    /* host bits: low byte = third octet, next = fourth octet - 1 (see sim_addr_format) */
    ad.host = third | ((uint64_t)(host - 1) << 8);
    b->a->addr[b->a->naddr++] = ad;
}

static void add_cloud(build *b, int asn_idx)
{
    add_addr(b, asn_idx < 0 ? sim_asn_pick_cloud(sim_rng_u64(&b->rng)) : asn_idx, false);
}

static void set_keys(build *b, int n)
{
    sim_account *a = b->a;
    a->nkeys = (uint8_t)(n < 1 ? 1 : n > SIM_MAXKEYS ? SIM_MAXKEYS : n);
    for (int k = 0; k < a->nkeys; k++) {
        uint64_t h = sim_mix(b->w->seed ^ 0x6b6579ULL, ((uint64_t)b->idx << 8) | (uint64_t)k);
        snprintf(a->key[k], sizeof a->key[k], "key_%016llx", (unsigned long long)h);
    }
}

static int ep_for_client(sim_rng *r, int client)
{
    switch (client) {
    case CL_ANTHROPIC_PY:
    case CL_ANTHROPIC_JS: return EP_MESSAGES;
    case CL_OPENAI_PY:
    case CL_OPENAI_JS: {
        double u = sim_rng_unit(r);
        return u < 0.78 ? EP_CHAT : u < 0.96 ? EP_RESPONSES : EP_COMPLETIONS;
    }
    case CL_LANGCHAIN:
    case CL_BROWSER: return sim_rng_chance(r, 0.85) ? EP_CHAT : EP_MESSAGES;
    default: {
        double u = sim_rng_unit(r);
        return u < 0.68 ? EP_CHAT : u < 0.88 ? EP_MESSAGES : u < 0.94 ? EP_RESPONSES : EP_COMPLETIONS;
    }
    }
}

static void set_client(build *b, int client, int client2)
{
    sim_account *a = b->a;
    a->client = (uint8_t)client;
    sim_ua_make(client, a->group, sim_rng_u64(&b->rng), a->ua[0], SIM_UASZ);
    a->nua = 1;
    if (client2 >= 0) {
        a->client2 = (uint8_t)client2;
        sim_ua_make(client2, a->group, sim_rng_u64(&b->rng), a->ua[1], SIM_UASZ);
        a->nua = 2;
    }
    a->ep = (uint8_t)ep_for_client(&b->rng, client);
}

static int pick_client(sim_rng *r, const double *w)
{
    return sim_rng_weighted(r, w, CL_COUNT);
}

/* created_at: lognormal days before the start, within [lo, hi] days */
static int64_t created_before(build *b, double median_days, double sigma, double lo, double hi)
{
    double d = sim_rng_lognormal(&b->rng, median_days, sigma);
    d = d < lo ? lo : d > hi ? hi : d;
    return b->w->t0 - days_ms(d) - (int64_t)sim_rng_below(&b->rng, (uint32_t)SW_MS_PER_DAY);
}

static int64_t adopt_after_release(build *b, double p, double median_h, double sigma)
{
    if (!sim_rng_chance(&b->rng, p))
        return INT64_MAX;
    double h = sim_rng_lognormal(&b->rng, median_h, sigma);
    return b->w->release4 + (int64_t)(h * (double)SW_MS_PER_HOUR);
}

static uint64_t card_of(build *b, uint64_t tag)
{
    return sim_mix(b->w->seed ^ 0xca4dULL, tag);
}

static double clampd(double v, double lo, double hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* ------------------------------------------------------------ populations --- */

static void mk_individual(build *b)
{
    sim_account *a = b->a;
    static const double cw[CL_COUNT] = {[CL_BROWSER] = 52, [CL_OPENAI_PY] = 14, [CL_OPENAI_JS] = 5,
                                        [CL_ANTHROPIC_PY] = 5, [CL_CURL] = 3, [CL_REQUESTS] = 5,
                                        [CL_HTTPX] = 4, [CL_NODE] = 3, [CL_LANGCHAIN] = 5, [CL_GO] = 1,
                                        [CL_AIOHTTP] = 3};
    set_country(b, weighted_country(&b->rng, false));
    double u = sim_rng_unit(&b->rng);
    a->verif = u < 0.55 ? V_EMAIL : u < 0.9 ? V_PHONE : V_ID;
    a->tier = a->verif == V_ID || !sim_rng_chance(&b->rng, 0.6) ? T_TIER1 : T_FREE;
    set_mail_public(b);
    int c = pick_client(&b->rng, cw);
    set_client(b, c, sim_rng_chance(&b->rng, 0.25) ? (c == CL_BROWSER ? CL_OPENAI_PY : CL_BROWSER) : -1);
    u = sim_rng_unit(&b->rng);
    a->model = u < 0.58 ? M_ATLAS3 : u < 0.83 ? M_ATLAS3_MINI : u < 0.92 ? M_ATLAS2 : M_ATLAS3_REASONING;
    a->adopt4 = adopt_after_release(b, 0.25, 18, 1.3);
    a->rate = clampd(sim_rng_lognormal(&b->rng, 5.5, 0.8), 1, 40);
    a->act = sim_rng_uniform(&b->rng, 0.25, 0.9);
    a->p_step = sim_rng_uniform(&b->rng, 0.04, 0.22);
    a->topics = (uint32_t)sim_rng_u64(&b->rng);
    a->shift = (uint8_t)sim_rng_below(&b->rng, 6); /* -2 .. +3 hours, stored +2 */
    int nhome = 1 + (int)sim_rng_below(&b->rng, 3);
    for (int i = 0; i < nhome; i++)
        add_home(b, i == 2 ? 0.8 : 0.15);
    if (sim_rng_chance(&b->rng, 0.05))
        add_cloud(b, -1); /* a VPN exit */
    a->created = created_before(b, 200, 1.0, 1, 900);
    a->card = card_of(b, b->idx);
    set_keys(b, 1 + (sim_rng_chance(&b->rng, 0.08) ? 1 : 0));
}

static int pick_univ(sim_rng *r)
{
    static const double w[] = {6, 5, 5, 3, 3, 2, 3, 3, 2, 2, 2, 3, 2};
    int n = sim_nunivs < 13 ? sim_nunivs : 13;
    return sim_rng_weighted(r, w, n);
}

static void set_edu_mail(build *b, int univ)
{
    const sim_univ *u = &sim_univs[univ];
    /* some universities give students a subdomain */
    if (univ % 3 == 1)
        snprintf(b->a->email_domain, sizeof b->a->email_domain, "student.%s", u->domain);
    else
        snprintf(b->a->email_domain, sizeof b->a->email_domain, "%s", u->domain);
}

static void mk_student(build *b)
{
    sim_account *a = b->a;
    static const double cw[CL_COUNT] = {[CL_BROWSER] = 72, [CL_OPENAI_PY] = 18, [CL_OPENAI_JS] = 4,
                                        [CL_REQUESTS] = 3, [CL_ANTHROPIC_PY] = 3};
    int u = pick_univ(&b->rng);
    a->group = (int16_t)u;
    a->country = (uint8_t)sim_country_index(sim_univs[u].cc);
    a->tz = sim_univs[u].tz;
    a->verif = V_EDU;
    a->tier = sim_rng_chance(&b->rng, 0.85) ? T_EDU : T_FREE;
    set_edu_mail(b, u);
    /* course = subject * 4 + section; classmates share a course */
    int subject = (int)sim_rng_below(&b->rng, 5);
    a->sub = (int16_t)(subject * 4 + (int)sim_rng_below(&b->rng, 3));
    a->topics = (uint32_t)((subject + 1 + sim_rng_below(&b->rng, 4)) % 5); /* second subject */
    set_client(b, pick_client(&b->rng, cw), -1);
    double x = sim_rng_unit(&b->rng);
    a->model = x < 0.45 ? M_ATLAS3_MINI : x < 0.9 ? M_ATLAS3 : M_ATLAS3_REASONING;
    a->adopt4 = adopt_after_release(b, 0.12, 30, 1.0);
    a->rate = clampd(sim_rng_lognormal(&b->rng, 7, 0.7), 3, 30);
    a->act = sim_rng_uniform(&b->rng, 0.4, 0.85);
    a->p_step = sim_rng_uniform(&b->rng, 0.35, 0.75);
    a->param = sim_rng_chance(&b->rng, 0.55) ? 0 : (sim_rng_chance(&b->rng, 0.5) ? 512 : 1024);
    a->shift = (uint8_t)sim_rng_below(&b->rng, 6);
    add_campus(b, u);
    if (sim_rng_chance(&b->rng, 0.5))
        add_campus(b, u);
    add_home(b, 0.3);
    /* created in the burst at term start: most in the first three days */
    double day = sim_rng_chance(&b->rng, 0.75) ? sim_rng_uniform(&b->rng, 0, 3) : sim_rng_uniform(&b->rng, 3, 20);
    a->created = b->w->t0 - days_ms(sim_univs[u].term_days) + days_ms(day) +
                 (int64_t)sim_rng_range(&b->rng, 14, 22) * SW_MS_PER_HOUR - a->tz * SW_MS_PER_MIN;
    a->card = card_of(b, b->idx);
    set_keys(b, 1);
}

/* Companies of the business populations: accounts i of a company share its
 * domain, country, office address and (often) card. */
typedef struct company {
    char domain[40];
    int country;
    sim_addr office;
    uint64_t card;
    int agent;
    int members;
} company;

static void company_init(build *b, company *c, bool cloud_office)
{
    static const char *const cc[] = {"US", "US", "US", "US", "DE", "GB", "FR", "IN", "CA", "NL", "PL", "JP", "BR", "SG", "ES"};
    company_domain(&b->rng, c->domain, sizeof c->domain);
    c->country = sim_country_index(cc[sim_rng_below(&b->rng, 15)]);
    int asn = cloud_office ? sim_asn_pick_cloud(sim_rng_u64(&b->rng))
                           : sim_asn_pick(sim_countries[c->country].cc, false, sim_rng_u64(&b->rng));
    c->office = sim_addr_make(asn, sim_rng_u64(&b->rng), false);
    c->card = card_of(b, 0x10000000ULL + sim_rng_u64(&b->rng) % 0xfffffffULL);
    c->agent = (int)sim_rng_below(&b->rng, 4);
    c->members = 1 + (sim_rng_chance(&b->rng, 0.45) ? (int)sim_rng_below(&b->rng, 3) : 0);
}

static void use_company(build *b, const company *c)
{
    sim_account *a = b->a;
    snprintf(a->email_domain, sizeof a->email_domain, "%s", c->domain);
    set_country(b, c->country);
    if (a->naddr < SIM_MAXADDR)
        a->addr[a->naddr++] = c->office;
    a->card = sim_rng_chance(&b->rng, 0.8) ? c->card : card_of(b, b->idx);
}

static void business_tier(build *b, double p_ent)
{
    sim_account *a = b->a;
    double u = sim_rng_unit(&b->rng);
    a->verif = u < p_ent ? V_ENTERPRISE : V_BUSINESS;
    a->tier = a->verif == V_ENTERPRISE ? T_ENTERPRISE : (sim_rng_chance(&b->rng, 0.5) ? T_TIER2 : T_TIER3);
}

static void mk_coding(build *b, company *c)
{
    sim_account *a = b->a;
    if (c->members <= 0)
        company_init(b, c, sim_rng_chance(&b->rng, 0.25));
    c->members--;
    a->group = (int16_t)(sim_rng_chance(&b->rng, 0.85) ? c->agent : (int)sim_rng_below(&b->rng, 4));
    use_company(b, c);
    double u = sim_rng_unit(&b->rng);
    a->verif = u < 0.6 ? V_BUSINESS : u < 0.9 ? V_ID : V_ENTERPRISE;
    u = sim_rng_unit(&b->rng);
    a->tier = u < 0.4 ? T_TIER2 : u < 0.8 ? T_TIER3 : T_ENTERPRISE;
    a->sub = (int16_t)sim_rng_below(&b->rng, 5); /* project language */
    set_client(b, CL_AGENT, sim_rng_chance(&b->rng, 0.3) ? CL_OPENAI_PY : -1);
    static const uint8_t ep_of_agent[4] = {EP_CHAT, EP_MESSAGES, EP_RESPONSES, EP_CHAT};
    a->ep = ep_of_agent[a->group & 3];
    static const uint8_t model_of_agent[4] = {M_ATLAS3, M_ATLAS3_REASONING, M_ATLAS3, M_ATLAS3_REASONING};
    a->model = sim_rng_chance(&b->rng, 0.8) ? model_of_agent[a->group & 3] : M_ATLAS3;
    static const int32_t maxt[] = {8192, 16000, 16384, 32000, 32000};
    a->param = maxt[sim_rng_below(&b->rng, 5)];
    a->adopt4 = adopt_after_release(b, 0.45, 10, 1.1);
    a->rate = clampd(sim_rng_lognormal(&b->rng, 2.2, 0.5), 1, 4.5); /* sessions per workday */
    a->act = sim_rng_uniform(&b->rng, 0.7, 0.97);
    a->shift = (uint8_t)sim_rng_below(&b->rng, 4);
    add_home(b, 0.05);
    if (sim_rng_chance(&b->rng, 0.3))
        add_cloud(b, -1); /* a cloud dev box */
    a->created = created_before(b, 150, 0.8, 10, 800);
    set_keys(b, 1 + (int)sim_rng_below(&b->rng, 3));
}

static void mk_eval(build *b)
{
    sim_account *a = b->a;
    static const double cw[CL_COUNT] = {[CL_OPENAI_PY] = 60, [CL_HTTPX] = 15, [CL_ANTHROPIC_PY] = 15,
                                        [CL_AIOHTTP] = 10};
    company c = {0};
    company_init(b, &c, true);
    use_company(b, &c);
    business_tier(b, 0.35);
    set_client(b, pick_client(&b->rng, cw), -1);
    a->sub = (int16_t)sim_rng_below(&b->rng, 4); /* harness prompt format */
    a->group = (int16_t)sim_rng_below(&b->rng, 3); /* question mix */
    a->param = (int32_t)clampd(1000 + sim_rng_lognormal(&b->rng, 200, 1.1), 1000, 8000); /* set size */
    a->model = M_ATLAS3;
    a->adopt4 = b->w->release4;
    int ncloud = (int)sim_rng_below(&b->rng, 3);
    for (int i = 0; i < ncloud; i++)
        add_addr(b, a->addr[0].asn, false); /* same cloud */
    a->created = created_before(b, 240, 0.7, 20, 900);
    set_keys(b, 1 + (int)sim_rng_below(&b->rng, 2));
}

static void mk_batch(build *b)
{
    sim_account *a = b->a;
    static const double cw[CL_COUNT] = {[CL_OPENAI_PY] = 45, [CL_HTTPX] = 10, [CL_REQUESTS] = 10,
                                        [CL_GO] = 10, [CL_NODE] = 8, [CL_ANTHROPIC_PY] = 12,
                                        [CL_LANGCHAIN] = 5};
    company c = {0};
    company_init(b, &c, true);
    use_company(b, &c);
    business_tier(b, 0.2);
    set_client(b, pick_client(&b->rng, cw), -1);
    a->sub = (int16_t)sim_rng_below(&b->rng, 7); /* pipeline kind */
    a->param = sim_rng_chance(&b->rng, 0.3) ? 1 : 0; /* hourly bursts vs steady */
    a->rate = clampd(sim_rng_lognormal(&b->rng, 8, 0.7), 3, 60); /* per hour */
    double u = sim_rng_unit(&b->rng);
    a->model = u < 0.6 ? M_ATLAS3_MINI : u < 0.9 ? M_ATLAS3 : M_ATLAS2;
    if (a->model == M_ATLAS2 && sim_rng_chance(&b->rng, 0.6))
        a->ep = EP_COMPLETIONS;
    a->adopt4 = INT64_MAX;
    int ncloud = (int)sim_rng_below(&b->rng, 4);
    for (int i = 0; i < ncloud; i++)
        add_addr(b, a->addr[0].asn, false);
    a->created = created_before(b, 200, 0.8, 15, 900);
    set_keys(b, 1);
}

static void mk_app(build *b)
{
    sim_account *a = b->a;
    static const double cw[CL_COUNT] = {[CL_OPENAI_JS] = 30, [CL_OPENAI_PY] = 30, [CL_NODE] = 10,
                                        [CL_GO] = 10, [CL_ANTHROPIC_JS] = 10, [CL_ANTHROPIC_PY] = 10};
    company c = {0};
    company_init(b, &c, true);
    use_company(b, &c);
    business_tier(b, 0.3);
    set_client(b, pick_client(&b->rng, cw), -1);
    a->sub = (int16_t)sim_rng_below(&b->rng, 8); /* app kind */
    a->group = (int16_t)sim_rng_below(&b->rng, 20); /* app name */
    a->rate = clampd(sim_rng_lognormal(&b->rng, 120, 0.8), 60, 3000); /* per day */
    double u = sim_rng_unit(&b->rng);
    a->model = u < 0.5 ? M_ATLAS3_MINI : u < 0.95 ? M_ATLAS3 : M_ATLAS3_REASONING;
    a->adopt4 = adopt_after_release(b, 0.15, 40, 0.8);
    a->p_step = a->sub == 0 ? 0.3 : 0.04;
    a->param = sim_rng_chance(&b->rng, 0.5) ? 1 : 0; /* sends a "user" field */
    int ncloud = (int)sim_rng_below(&b->rng, 3);
    for (int i = 0; i < ncloud; i++)
        add_addr(b, a->addr[0].asn, false);
    a->created = created_before(b, 250, 0.8, 20, 900);
    set_keys(b, 1 + (int)sim_rng_below(&b->rng, 2));
}

static void mk_campus(build *b)
{
    sim_account *a = b->a;
    static const double cw[CL_COUNT] = {[CL_BROWSER] = 60, [CL_OPENAI_PY] = 30, [CL_HTTPX] = 10};
    int u = pick_univ(&b->rng);
    a->group = (int16_t)u;
    a->country = (uint8_t)sim_country_index(sim_univs[u].cc);
    a->tz = sim_univs[u].tz;
    a->verif = V_EDU;
    a->tier = sim_rng_chance(&b->rng, 0.7) ? T_EDU : T_ENTERPRISE;
    snprintf(a->email_domain, sizeof a->email_domain, "%s", sim_univs[u].domain);
    set_client(b, pick_client(&b->rng, cw), CL_BROWSER);
    a->model = sim_rng_chance(&b->rng, 0.6) ? M_ATLAS3 : M_ATLAS3_MINI;
    a->adopt4 = adopt_after_release(b, 0.3, 30, 0.8);
    a->rate = clampd(sim_rng_lognormal(&b->rng, 200, 0.6), 100, 1500);
    a->p_step = 0.2;
    a->sub = (int16_t)sim_rng_below(&b->rng, 20);
    for (int i = 0; i < 4; i++)
        add_campus(b, u);
    a->created = created_before(b, 300, 0.6, 30, 1200);
    /* institutional card: the same for every campus account of a university */
    a->card = card_of(b, 0x20000000ULL + (uint64_t)u);
    set_keys(b, 1 + (int)sim_rng_below(&b->rng, 3));
}

static void mk_researcher(build *b)
{
    sim_account *a = b->a;
    static const double cw[CL_COUNT] = {[CL_OPENAI_PY] = 55, [CL_HTTPX] = 15, [CL_ANTHROPIC_PY] = 20,
                                        [CL_AIOHTTP] = 10};
    double u = sim_rng_unit(&b->rng);
    if (u < 0.5) {
        int un = pick_univ(&b->rng);
        a->country = (uint8_t)sim_country_index(sim_univs[un].cc);
        a->tz = sim_univs[un].tz;
        a->verif = V_EDU;
        a->tier = T_EDU;
        snprintf(a->email_domain, sizeof a->email_domain, "%s", sim_univs[un].domain);
        add_campus(b, un);
        add_home(b, 0.1);
        a->card = card_of(b, b->idx);
    } else {
        company c = {0};
        company_init(b, &c, sim_rng_chance(&b->rng, 0.5));
        use_company(b, &c);
        a->verif = u < 0.75 ? V_BUSINESS : V_ID;
        a->tier = sim_rng_chance(&b->rng, 0.5) ? T_TIER1 : T_TIER2;
        if (a->verif == V_ID)
            set_mail_public(b);
    }
    set_client(b, pick_client(&b->rng, cw), -1);
    a->group = (int16_t)sim_rng_below(&b->rng, 4); /* dataset */
    a->sub = (int16_t)sim_rng_below(&b->rng, 6); /* prompt template */
    a->param = (int32_t)clampd(sim_rng_lognormal(&b->rng, 550, 0.6), 250, 2200); /* total requests */
    a->model = sim_rng_chance(&b->rng, 0.7) ? M_ATLAS3_REASONING : M_ATLAS3;
    a->adopt4 = adopt_after_release(b, 0.4, 20, 1.0);
    a->p_step = sim_rng_chance(&b->rng, 0.3) ? 1.0 : 0.0; /* requests logprobs */
    a->created = created_before(b, 120, 1.0, 5, 700);
    set_keys(b, 1);
}

/* ------------------------------------------------------------------ farms --- */

static const char *const throwaway_mail[] = {
    "gmail.com", "gmail.com", "gmail.com", "outlook.com", "outlook.com", "hotmail.com", "yahoo.com",
    "proton.me", "mail.com", "gmx.com", "icloud.com", "yandex.com", "tutanota.com", "aol.com",
};

static const char *const extra_edu[] = {
    "riverside-cc.edu", "northgate.ac.uk", "ivylane.edu", "stu.hcmut-vn.edu.vn", "alumni.kestrel.edu",
    "mail.sunbelt-state.edu", "student.uni-lindau.de", "etu.univ-carona.fr", "e.ntpu-tw.edu.tw",
    "student.mauritius-poly.ac.mu", "uni-osterfeld.de", "lagos-tech.edu.ng",
};

static void farm_mail(build *b)
{
    sim_account *a = b->a;
    if (a->verif == V_EDU) {
        if (sim_rng_chance(&b->rng, 0.5)) {
            int u = (int)sim_rng_below(&b->rng, (uint32_t)sim_nunivs);
            set_edu_mail(b, u);
        } else {
            snprintf(a->email_domain, sizeof a->email_domain, "%s", extra_edu[sim_rng_below(&b->rng, 12)]);
        }
    } else if (a->verif == V_BUSINESS) {
        company_domain(&b->rng, a->email_domain, sizeof a->email_domain);
    } else {
        snprintf(a->email_domain, sizeof a->email_domain, "%s", throwaway_mail[sim_rng_below(&b->rng, 14)]);
    }
}

/* Farm-wide state while the farm's accounts are made in order. */
typedef struct farm {
    int64_t burst[12];
    int nburst;
    uint64_t card; /* current shared card */
    int left;      /* accounts still to put on it */
} farm;

static void mk_hydra(build *b, int i, int n, farm *f)
{
    sim_account *a = b->a;
    static const double cw[CL_COUNT] = {[CL_HTTPX] = 30, [CL_AIOHTTP] = 20, [CL_OPENAI_PY] = 20,
                                        [CL_OPENAI_JS] = 8, [CL_NODE] = 10, [CL_REQUESTS] = 6,
                                        [CL_ANTHROPIC_PY] = 6};
    set_country(b, weighted_country(&b->rng, true));
    double u = sim_rng_unit(&b->rng);
    a->verif = u < 0.5 ? V_EMAIL : u < 0.75 ? V_PHONE : u < 0.9 ? V_EDU : V_BUSINESS;
    a->tier = a->verif == V_EDU ? T_EDU
              : a->verif == V_BUSINESS ? (sim_rng_chance(&b->rng, 0.6) ? T_TIER1 : T_TIER2)
                                       : (sim_rng_chance(&b->rng, 0.35) ? T_FREE : T_TIER1);
    farm_mail(b);
    int c = pick_client(&b->rng, cw);
    set_client(b, c, -1);
    if (c != CL_ANTHROPIC_PY) {
        double x = sim_rng_unit(&b->rng);
        a->ep = x < 0.68 ? EP_CHAT : x < 0.86 ? EP_MESSAGES : EP_RESPONSES;
    }
    a->model = sim_rng_chance(&b->rng, 0.7) ? M_ATLAS3_REASONING : M_ATLAS3;
    a->adopt4 = b->w->release4 + (int64_t)(sim_rng_uniform(&b->rng, 4, 14) * (double)SW_MS_PER_HOUR);
    int logprobs = sim_rng_chance(&b->rng, 0.2) ? 1 : 0; /* one draw per statement: */
    int several = sim_rng_chance(&b->rng, 0.1) ? 2 : 0;  /* operand order is unspecified */
    a->param = logprobs | several;
    /* accounts are made in bursts, a few minutes apart: burst k gets the
     * accounts i with i * nburst / n == k, in order */
    int k = (int)((int64_t)i * f->nburst / n);
    int first = (int)(((int64_t)k * n + f->nburst - 1) / f->nburst);
    int64_t apart = sim_rng_range(&b->rng, 50, 400) * 1000;
    a->created = f->burst[k] + (int64_t)(i - first) * apart + (int64_t)sim_rng_below(&b->rng, 60000);
    /* cards: groups of 3-15 consecutive accounts share one */
    if (f->left <= 0) {
        f->card = card_of(b, 0x30000000ULL + (uint64_t)b->idx);
        f->left = sim_rng_range(&b->rng, 3, 15);
    }
    a->card = f->card;
    f->left--;
    set_keys(b, sim_rng_chance(&b->rng, 0.15) ? 2 : 1);
}

/* The farm keeps about a fifth of its accounts busy at any time and
 * retires them after a few days, bringing fresh (often aged) ones in. */
static void hydra_windows(sim_world *w)
{
    uint32_t first = w->pop_first[POP_HYDRA], n = w->pop_count[POP_HYDRA];
    if (n == 0)
        return;
    int64_t span = w->t1 - w->t0;
    uint32_t live = sim_hydra_live(n);
    double step = n > live ? (double)span / (double)(n - live) : (double)span;
    sim_rng r;
    sim_rng_seed(&r, sim_mix(w->seed, 0x4879ULL));
    for (uint32_t i = 0; i < n; i++) {
        sim_account *a = &w->acct[first + i];
        int64_t slot = i < live ? w->t0 : w->t0 + (int64_t)((double)(i - live) * step);
        int64_t warm = a->created + (int64_t)(sim_rng_uniform(&r, 1, 30) * (double)SW_MS_PER_HOUR);
        a->active_from = slot > warm ? slot : warm;
        double life = step * live * sim_rng_lognormal(&r, 1.0, 0.3);
        a->active_to = a->active_from + (int64_t)life;
        if (i < live / 6)
            a->active_to = w->t1; /* a few workhorses stay the whole time */
    }
}

static void mk_reseller(build *b)
{
    sim_account *a = b->a;
    static const double cw[CL_COUNT] = {[CL_OPENAI_PY] = 40, [CL_HTTPX] = 20, [CL_GO] = 20, [CL_NODE] = 20};
    company c = {0};
    company_init(b, &c, true);
    use_company(b, &c);
    a->verif = V_BUSINESS;
    a->tier = sim_rng_chance(&b->rng, 0.6) ? T_TIER3 : T_ENTERPRISE;
    set_client(b, pick_client(&b->rng, cw), -1);
    a->ep = EP_CHAT;
    a->model = M_ATLAS3;
    a->adopt4 = b->w->release4 + (int64_t)(sim_rng_uniform(&b->rng, 2, 20) * (double)SW_MS_PER_HOUR);
    a->rate = clampd(sim_rng_lognormal(&b->rng, 650, 0.5), 400, 2500);
    a->group = (int16_t)sim_rng_below(&b->rng, 20);
    for (int i = 0; i < 3; i++)
        add_addr(b, a->addr[0].asn, false);
    a->created = created_before(b, 90, 0.8, 10, 500);
    set_keys(b, 2 + (int)sim_rng_below(&b->rng, 2));
}

static void mk_sweep(build *b, int i, int64_t burst)
{
    sim_account *a = b->a;
    static const double cw[CL_COUNT] = {[CL_BROWSER] = 45, [CL_OPENAI_PY] = 20, [CL_HTTPX] = 15,
                                        [CL_REQUESTS] = 10, [CL_NODE] = 10};
    set_country(b, sim_country_index("US"));
    a->verif = V_EMAIL;
    a->tier = sim_rng_chance(&b->rng, 0.6) ? T_FREE : T_TIER1;
    snprintf(a->email_domain, sizeof a->email_domain, "%s", throwaway_mail[sim_rng_below(&b->rng, 14)]);
    set_client(b, pick_client(&b->rng, cw), -1);
    a->model = sim_rng_chance(&b->rng, 0.6) ? M_ATLAS3_REASONING : M_ATLAS3;
    a->adopt4 = b->w->release4 + (int64_t)(sim_rng_uniform(&b->rng, 6, 48) * (double)SW_MS_PER_HOUR);
    a->rate = clampd(sim_rng_lognormal(&b->rng, 12, 0.5), 5, 25);
    a->act = 0.97;
    a->sub = (int16_t)sim_rng_below(&b->rng, 64);  /* first skill */
    a->param = sim_rng_range(&b->rng, 2, 4);       /* prompts per skill */
    a->shift = (uint8_t)sim_rng_below(&b->rng, 6);
    a->created = burst + (int64_t)i * sim_rng_range(&b->rng, 20, 90) * 1000;
    a->card = sim_rng_chance(&b->rng, 0.2) && i > 0 ? card_of(b, 0x40000000ULL + (uint64_t)(i / 2))
                                                    : card_of(b, b->idx);
    set_keys(b, 1);
}

static void mk_scraper(build *b)
{
    sim_account *a = b->a;
    set_country(b, weighted_country(&b->rng, true));
    a->verif = sim_rng_chance(&b->rng, 0.6) ? V_EMAIL : V_PHONE;
    a->tier = sim_rng_chance(&b->rng, 0.5) ? T_TIER1 : T_TIER2;
    snprintf(a->email_domain, sizeof a->email_domain, "%s", throwaway_mail[sim_rng_below(&b->rng, 14)]);
    set_client(b, CL_REQUESTS, -1);
    a->ep = sim_rng_chance(&b->rng, 0.65) ? EP_CHAT : EP_COMPLETIONS;
    a->model = sim_rng_chance(&b->rng, 0.6) ? M_ATLAS3_REASONING : M_ATLAS3;
    if (a->ep == EP_COMPLETIONS)
        a->model = M_ATLAS3;
    a->adopt4 = INT64_MAX;
    static const uint32_t hosts[] = {14061, 24940, 16276, 20473, 63949};
    add_cloud(b, sim_asn_index(hosts[sim_rng_below(&b->rng, 5)]));
    a->rate = sim_rng_uniform(&b->rng, 1000, 2000); /* per hour while running */
    a->created = created_before(b, 6, 0.8, 1, 40);
    a->card = card_of(b, b->idx);
    set_keys(b, 1);
}

static void mk_pivot(build *b, int i, const sim_addr *prefixes, int nprefix)
{
    sim_account *a = b->a;
    static const double cw[CL_COUNT] = {[CL_HTTPX] = 30, [CL_OPENAI_PY] = 35, [CL_NODE] = 15, [CL_AIOHTTP] = 20};
    static const char *const cc[] = {"US", "GB", "DE", "CA", "NL"};
    set_country(b, sim_country_index(cc[sim_rng_below(&b->rng, 5)]));
    double u = sim_rng_unit(&b->rng);
    a->verif = u < 0.45 ? V_EMAIL : u < 0.8 ? V_PHONE : V_BUSINESS;
    a->tier = sim_rng_chance(&b->rng, 0.5) ? T_TIER1 : T_TIER2;
    farm_mail(b);
    set_client(b, pick_client(&b->rng, cw), -1);
    a->model = M_ATLAS3;
    a->rate = clampd(sim_rng_lognormal(&b->rng, 10, 0.6), 4, 30); /* baseline per day */
    a->act = sim_rng_uniform(&b->rng, 0.6, 0.95);
    a->p_step = sim_rng_uniform(&b->rng, 0.1, 0.3);
    a->shift = (uint8_t)sim_rng_below(&b->rng, 6);
    a->param = sim_rng_range(&b->rng, 8, 30); /* spike requests per hour */
    a->adopt4 = b->w->pivot_start + (int64_t)sim_rng_below(&b->rng, 40) * SW_MS_PER_MIN;
    a->active_from = a->adopt4;
    a->active_to = a->adopt4 + (int64_t)(sim_rng_lognormal(&b->rng, 6, 0.4) * (double)SW_MS_PER_HOUR);
    /* one or two of the cohort's proxy prefixes; the host varies by request */
    for (int k = 0; k < 1 + (int)sim_rng_below(&b->rng, 2); k++)
        if (a->naddr < SIM_MAXADDR)
            a->addr[a->naddr++] = prefixes[sim_rng_below(&b->rng, (uint32_t)nprefix)];
    a->created = created_before(b, 30, 0.4, 12, 70);
    a->card = sim_rng_chance(&b->rng, 0.5) ? card_of(b, 0x50000000ULL + (uint64_t)(i / 3))
                                          : card_of(b, b->idx);
    set_keys(b, 1);
}

/* ------------------------------------------------------------------ build --- */

static uint32_t pop_size(const sim_world *w, int pop)
{
    double n = sim_pops[pop].base * w->cfg.scale;
    uint32_t k = (uint32_t)(n + 0.5);
    return k < (uint32_t)sim_pops[pop].min ? (uint32_t)sim_pops[pop].min : k;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static void make_id(sim_world *w, uint32_t idx, uint32_t salt)
{
    uint64_t h = sim_mix(w->seed ^ 0xacc7ULL, ((uint64_t)salt << 32) | idx);
    snprintf(w->acct[idx].id, sizeof w->acct[idx].id, "acct_%010llx",
             (unsigned long long)(h & 0xffffffffffULL));
}

static int cmp_idref(const void *a, const void *b)
{
    const sim_account *const *x = a, *const *y = b;
    return strcmp((*x)->id, (*y)->id);
}

/* 40-bit ids collide with tiny probability; re-draw the rare duplicates. */
static int unique_ids(sim_world *w)
{
    sim_account **ref = malloc(sizeof *ref * (w->nacct ? w->nacct : 1));
    if (!ref)
        return SW_ENOMEM;
    for (uint32_t salt = 1; salt < 64; salt++) {
        for (uint32_t i = 0; i < w->nacct; i++)
            ref[i] = &w->acct[i];
        qsort(ref, w->nacct, sizeof *ref, cmp_idref);
        bool dup = false;
        for (uint32_t i = 1; i < w->nacct; i++) {
            if (!strcmp(ref[i]->id, ref[i - 1]->id)) {
                make_id(w, (uint32_t)(ref[i] - w->acct), salt);
                dup = true;
            }
        }
        if (!dup)
            break;
    }
    free(ref);
    return SW_OK;
}

int sim_accounts_build(sim_world *w)
{
    uint32_t total = 0;
    for (int p = 0; p < POP_COUNT; p++) {
        w->pop_first[p] = total;
        w->pop_count[p] = pop_size(w, p);
        total += w->pop_count[p];
    }
    w->acct = calloc(total, sizeof *w->acct);
    if (!w->acct)
        return SW_ENOMEM;
    w->nacct = total;

    sim_rng pr; /* population-level draws: bursts, prefixes */
    sim_rng_seed(&pr, sim_mix(w->seed, 0x706f70ULL));
    int64_t span = w->t1 - w->t0;

    farm hf = {{0}, 0, 0, 0};
    hf.nburst = sim_rng_range(&pr, 6, 10);
    for (int k = 0; k < hf.nburst; k++) {
        /* most bursts 1-10 days before the start, the last ones during it */
        bool during = k >= hf.nburst - 2 && sim_rng_chance(&pr, 0.8);
        hf.burst[k] = during ? w->t0 + (int64_t)(sim_rng_uniform(&pr, 0.05, 0.75) * (double)span)
                             : w->t0 - days_ms(sim_rng_uniform(&pr, 1, 10));
    }
    qsort(hf.burst, (size_t)hf.nburst, sizeof hf.burst[0], cmp_i64);
    int64_t sweep_burst = w->t0 - days_ms(sim_rng_uniform(&pr, 0.5, 2.5));
    sim_addr pivot_pfx[6];
    static const uint32_t pivot_asn[] = {7922, 20115, 2856, 3320, 701, 812};
    for (int k = 0; k < 6; k++) {
        pivot_pfx[k] = sim_addr_make(sim_asn_index(pivot_asn[k]), sim_rng_u64(&pr), false);
        pivot_pfx[k].host &= 0xff; /* the /24; the host octet is drawn per request */
    }

    company co = {0};
    for (int p = 0; p < POP_COUNT; p++) {
        co.members = 0;
        for (uint32_t i = 0; i < w->pop_count[p]; i++) {
            build b;
            b.w = w;
            b.idx = w->pop_first[p] + i;
            b.a = &w->acct[b.idx];
            sim_rng_seed(&b.rng, sim_mix(w->seed, 0x61636374ULL + b.idx));
            b.a->pop = (uint8_t)p;
            b.a->seed = sim_rng_u64(&b.rng);
            b.a->adopt4 = INT64_MAX;
            b.a->active_from = w->t0;
            b.a->active_to = w->t1;
            b.a->act = 1.0;
            b.a->shift = 2;
            make_id(w, b.idx, 0);
            switch (p) {
            case POP_INDIVIDUAL: mk_individual(&b); break;
            case POP_STUDENT: mk_student(&b); break;
            case POP_CODING: mk_coding(&b, &co); break;
            case POP_EVAL: mk_eval(&b); break;
            case POP_BATCH: mk_batch(&b); break;
            case POP_APP: mk_app(&b); break;
            case POP_CAMPUS: mk_campus(&b); break;
            case POP_RESEARCHER: mk_researcher(&b); break;
            case POP_HYDRA: mk_hydra(&b, (int)i, (int)w->pop_count[p], &hf); break;
            case POP_RESELLER: mk_reseller(&b); break;
            case POP_SWEEP: mk_sweep(&b, (int)i, sweep_burst); break;
            case POP_SCRAPER: mk_scraper(&b); break;
            case POP_PIVOT: mk_pivot(&b, (int)i, pivot_pfx, 6); break;
            default: break;
            }
            if (b.a->naddr == 0)
                add_home(&b, 0.1);
        }
    }
    hydra_windows(w);
    return unique_ids(w);
}

void sim_render_account(const sim_world *w, const sim_account *a, sw_buf *out)
{
    (void)w;
    char ts[SW_TIME_BUFSZ];
    sw_time_format(a->created, ts);
    sw_json_obj_begin(out);
    sw_json_kv_str(out, "account", a->id);
    sw_json_kv_str(out, "created_at", ts);
    sw_json_kv_str(out, "verification", sim_verif_name(a->verif));
    sw_json_kv_str(out, "tier", sim_tier_name(a->tier));
    sw_json_kv_str(out, "country", sim_countries[a->country].cc);
    char fp[20];
    snprintf(fp, sizeof fp, "%016llx", (unsigned long long)a->card);
    sw_json_kv_str(out, "payment_fp", fp);
    sw_json_kv_str(out, "email_domain", a->email_domain);
    sw_json_obj_end(out);
}
