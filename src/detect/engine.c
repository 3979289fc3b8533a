/*
 * engine.c — see engine.h.
 *
 * Accounts live in a growing array of pointers (stable addresses) indexed in
 * order of first appearance; a string map finds them by id. Profiles from
 * the accounts file wait in their own map until the account's first event.
 *
 * Extraction intent is the account's harvest per prompt: extraction-grade
 * requests, a re-ask of a question the account already asked counting
 * reask_value (reask.h), since an experiment asks its items again and a
 * distiller wants new ones.
 *
 * Linking is gated by behaviour: two accounts that share prefixes or
 * templates are merged only if both show extraction intent, so that a
 * campus where students share NAT addresses and assignment wording, or two
 * firms running the same public benchmark, do not become one "cluster". A
 * shared payment card links at once: it is evidence by itself, and the
 * cluster's score still decides whether the group is a campaign.
 *
 * A cluster whose score reaches the flag threshold flags all its members at
 * that event (their first_flagged_at), and every account that joins it later
 * is flagged on joining; the member walk happens once per transition, so it
 * costs O(members) per cluster, not per event.
 */
#include "detect/engine.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/hash.h"
#include "core/strmap.h"
#include "core/time.h"
#include "detect/clientclass.h"
#include "detect/content.h"
#include "detect/features.h"
#include "detect/link.h"
#include "detect/minhash.h"
#include "detect/reask.h"
#include "detect/template.h"
#include "detect/textmemo.h"

#define HIGH_VALUE_CATS                                                                            \
    ((1u << SW_CAT_MATH) | (1u << SW_CAT_CODE) | (1u << SW_CAT_ALGORITHMS) | (1u << SW_CAT_LOGIC) |   \
     (1u << SW_CAT_SCIENCE) | (1u << SW_CAT_AGENTIC) | (1u << SW_CAT_DATA))
#define ELICIT_SIGS                                                                                \
    ((1u << SW_SIG_COT) | (1u << SW_SIG_TRACE_FORMAT) | (1u << SW_SIG_PROMPT_EXTRACTION))
#define SCAN_EDGE_BYTES 2048 /* of a long text, the head and tail scanned for content */
/* prompts whose facts are remembered (~29 MB): on the 1M-event bench set
 * 2^15 slots reused 28% of new prompts, 2^18 39% (44% is the ceiling there:
 * 420k distinct texts among 751k new prompts) */
#define TEXT_MEMO_SLOTS (1u << 18)
/* (account, sentence) keys remembered to tell a re-asked question from a
 * new one (8 MB): an experiment's few hundred items stay for days while
 * the rest of the traffic flows past */
#define REASK_SLOTS (1u << 20)
#define MIN_NEARDUP_CHARS 48 /* shorter prompts ("hi", "thanks") are near-duplicates of everyone's */

typedef struct {
    sw_verification verification;
    int64_t created_at_ms;
    uint32_t card;
    bool disposable_email;
} profile;

typedef struct {
    sw_acct a;
    uint64_t sys_hash;    /* last system prompt seen, and its signal bits */
    uint32_t sys_signals;
    uint8_t traits;       /* cluster traits last contributed (TRAIT_*) */
    uint8_t link_kinds;   /* 1u << sw_link_kind of every link this account is an end of */
    uint8_t ua_class;     /* class of the last User-Agent, cached by its hash */
    uint64_t ua_hash;
    /* the last prompt and what was derived from it: agent loops and retries
     * resend the same newest user turn many times, and it need not be
     * classified, fingerprinted and sketched again */
    uint64_t prompt_hash;
    sw_content_result prompt_content;
    sw_template prompt_tpl;
} acct_rec;

enum { TRAIT_WEAK = 1, TRAIT_CARDED = 2, TRAIT_PROXIED = 4, TRAIT_PIVOT = 8 };

/* System prompts are few and shared: an agent framework or an app sends the
 * same one from many accounts, and an account alternating between two
 * re-sends each again and again (on the bench set, 689 distinct system
 * prompts among 90,205 changes of an account's system prompt). Their
 * signal bits are remembered in a small direct-mapped table keyed by the
 * hash of exactly the bytes that are scanned (see scan_key). */
#define SYS_MEMO_SLOTS 4096
typedef struct {
    uint64_t key; /* 0: empty */
    uint32_t signals;
} sys_memo_slot;

struct sw_engine {
    sw_detect_config cfg;
    sys_memo_slot *sys_memo;
    sw_strmap *ids;
    acct_rec **accts;
    size_t naccts, cap;

    sw_strmap *profile_ids;
    profile *profiles;
    size_t nprofiles, profile_cap;

    sw_strmap *cards;
    uint32_t *card_active;  /* accounts seen in events per card */
    uint32_t *card_first;   /* first such account (+1), to link the next ones to */
    size_t ncards, card_cap;

    sw_strmap *models;
    int64_t *model_first_ms;
    const char **model_names;
    size_t nmodels, model_cap;

    sw_content *content;
    sw_content_scratch *scratch;
    sw_lsh *lsh;
    sw_links *links;
    sw_textmemo *memo;
    sw_reask *reask;

    int64_t start_ms, now_ms;
    char *trace_account;
    sw_engine_trace_fn trace;
    void *trace_ctx;
    uint64_t events, out_of_order;
};

/* ---- setup ---- */

int sw_engine_set_config(sw_engine *e, const sw_detect_config *cfg, char *err, size_t errsz)
{
    if (sw_detect_config_check(cfg, err, errsz) != SW_OK)
        return SW_EINVAL;
    e->cfg = *cfg;
    return SW_OK;
}

int sw_engine_new(const sw_detect_config *cfg, sw_engine **out, char *err, size_t errsz)
{
    if (sw_detect_config_check(cfg, err, errsz) != SW_OK)
        return SW_EINVAL;
    sw_engine *e = calloc(1, sizeof *e);
    if (!e)
        return SW_ENOMEM;
    e->cfg = *cfg;
    e->start_ms = e->now_ms = INT64_MIN;
    e->ids = sw_strmap_new();
    e->profile_ids = sw_strmap_new();
    e->cards = sw_strmap_new();
    e->models = sw_strmap_new();
    e->lsh = sw_lsh_new(1u << 18);
    e->sys_memo = calloc(SYS_MEMO_SLOTS, sizeof *e->sys_memo);
    e->links = sw_links_new(1u << 18, 1u << 19);
    int rc = SW_ENOMEM;
    if (!e->ids || !e->profile_ids || !e->cards || !e->models || !e->lsh || !e->links || !e->sys_memo ||
        sw_textmemo_new(&e->memo, TEXT_MEMO_SLOTS) != SW_OK || sw_reask_new(&e->reask, REASK_SLOTS) != SW_OK) {
        snprintf(err, errsz, "out of memory");
        goto fail;
    }
    rc = sw_content_new(&e->content, err, errsz);
    if (rc != SW_OK)
        goto fail;
    rc = sw_content_scratch_new(e->content, &e->scratch);
    if (rc != SW_OK) {
        snprintf(err, errsz, "cannot allocate pattern scratch space");
        goto fail;
    }
    *out = e;
    return SW_OK;
fail:
    sw_engine_free(e);
    return rc;
}

void sw_engine_free(sw_engine *e)
{
    if (!e)
        return;
    for (size_t i = 0; i < e->naccts; i++)
        free(e->accts[i]);
    free(e->accts);
    free(e->profiles);
    free(e->card_active);
    free(e->card_first);
    free(e->model_first_ms);
    free(e->model_names);
    sw_strmap_free(e->ids);
    sw_strmap_free(e->profile_ids);
    sw_strmap_free(e->cards);
    sw_strmap_free(e->models);
    sw_content_scratch_free(e->scratch);
    sw_content_free(e->content);
    sw_lsh_free(e->lsh);
    sw_links_free(e->links);
    sw_textmemo_free(e->memo);
    sw_reask_free(e->reask);
    free(e->sys_memo);
    free(e->trace_account);
    free(e);
}

/* Grows a parallel array to hold at least n elements. */
static int grow_array(void **arr, size_t *cap, size_t n, size_t elem)
{
    if (n <= *cap)
        return SW_OK;
    size_t nc = *cap ? *cap * 2 : 256;
    while (nc < n)
        nc *= 2;
    void *p = realloc(*arr, nc * elem);
    if (!p)
        return SW_ENOMEM;
    memset((char *)p + *cap * elem, 0, (nc - *cap) * elem);
    *arr = p;
    *cap = nc;
    return SW_OK;
}

static int intern_card(sw_engine *e, const char *fp, uint32_t *card)
{
    uint32_t idx = (uint32_t)e->ncards;
    int inserted;
    if (sw_strmap_get_or_put(e->cards, fp, &idx, 1, &inserted, NULL) != SW_OK)
        return SW_ENOMEM;
    if (inserted) {
        size_t cap1 = e->card_cap, cap2 = e->card_cap;
        if (grow_array((void **)&e->card_active, &cap1, e->ncards + 1, sizeof *e->card_active) ||
            grow_array((void **)&e->card_first, &cap2, e->ncards + 1, sizeof *e->card_first))
            return SW_ENOMEM;
        e->card_cap = cap1;
        e->ncards++;
    }
    *card = idx + 1;
    return SW_OK;
}

int sw_engine_add_account(sw_engine *e, const sw_account_info *info)
{
    profile p = {info->verification, info->created_at_ms, 0, sw_email_domain_is_disposable(info->email_domain)};
    if (info->payment_fp[0] && intern_card(e, info->payment_fp, &p.card) != SW_OK)
        return SW_ENOMEM;
    uint32_t idx = (uint32_t)e->nprofiles;
    int inserted;
    if (sw_strmap_get_or_put(e->profile_ids, info->account, &idx, 1, &inserted, NULL) != SW_OK)
        return SW_ENOMEM;
    if (inserted) {
        if (grow_array((void **)&e->profiles, &e->profile_cap, e->nprofiles + 1, sizeof *e->profiles))
            return SW_ENOMEM;
        e->nprofiles++;
    }
    e->profiles[idx] = p;
    /* a profile that arrives after the account's first event still applies */
    uint32_t aidx;
    if (sw_strmap_get_or_put(e->ids, info->account, &aidx, 0, NULL, NULL) == SW_OK) {
        acct_rec *acc = e->accts[aidx];
        sw_acct_set_profile(&acc->a, p.verification, p.created_at_ms, acc->a.card ? acc->a.card : p.card,
                            p.disposable_email);
    }
    return SW_OK;
}

/* ---- clusters ---- */

static uint8_t traits_of(const sw_engine *e, const acct_rec *acc, uint32_t card_peers)
{
    uint8_t t = 0;
    if (sw_score_is_weak(&acc->a))
        t |= TRAIT_WEAK;
    if (card_peers > 0)
        t |= TRAIT_CARDED;
    if (sw_score_is_proxied(&acc->a))
        t |= TRAIT_PROXIED;
    if (sw_score_is_pivot(&acc->a, &e->cfg))
        t |= TRAIT_PIVOT;
    return t;
}

static void apply_traits(sw_cluster *c, uint8_t traits, int sign)
{
    c->weak += (uint32_t)(sign * !!(traits & TRAIT_WEAK));
    c->carded += (uint32_t)(sign * !!(traits & TRAIT_CARDED));
    c->proxied += (uint32_t)(sign * !!(traits & TRAIT_PROXIED));
    c->pivoted += (uint32_t)(sign * !!(traits & TRAIT_PIVOT));
}

static uint32_t card_peers(const sw_engine *e, const sw_acct *a)
{
    return a->card ? e->card_active[a->card - 1] - 1 : 0;
}

static bool cluster_counts(const sw_engine *e, const sw_cluster *c)
{
    return c->size >= e->cfg.cluster_min_size;
}

/* The account's extraction intent: its harvest (re-asks discounted) per
 * prompt. */
static double intent(const sw_acct *a, const sw_detect_config *cfg)
{
    return a->n_prompts >= 2 ? sw_score_harvest(a, cfg) / a->n_prompts : 0;
}

#define WORDING_LINKS ((1u << SW_LINK_TEMPLATE) | (1u << SW_LINK_NEARDUP))

/* Whether a member carries its cluster's evidence. A farm's accounts share
 * cards, address blocks or a pivot; an ordinary customer who asked a few of
 * the same textbook questions as the farm shares only wording, and one
 * near-duplicate too many would otherwise make it a farm account. A member
 * linked by wording alone, with no card or proxy spread of its own, carries
 * the cluster's evidence only while its own traffic says the same: an
 * extraction-grade share of at least wording_member_intent times the
 * cluster's. */
static bool carries_cluster(const sw_engine *e, const acct_rec *acc, const sw_cluster *c)
{
    if ((acc->link_kinds & ~WORDING_LINKS) || (acc->traits & (TRAIT_CARDED | TRAIT_PROXIED)))
        return true;
    return intent(&acc->a, &e->cfg) >= e->cfg.wording_member_intent * sw_cluster_intent(c);
}

/* Flags every not-yet-flagged member of the member list that contains start,
 * which is joining (or is) the flagged cluster c; members that do not carry
 * c's evidence are left to their own. */
static void flag_members(sw_engine *e, uint32_t start, const sw_cluster *c, int64_t ts)
{
    uint32_t m = start;
    do {
        acct_rec *acc = e->accts[m];
        if (acc->a.first_flagged_ms < 0 && carries_cluster(e, acc, c))
            acc->a.first_flagged_ms = ts;
        m = sw_links_next_member(e->links, m);
    } while (m != start);
}

static bool cluster_flagged_now(sw_engine *e, sw_cluster *c)
{
    if (!cluster_counts(e, c))
        return false;
    c->logit = (float)sw_score_cluster(c, &e->cfg, NULL, NULL);
    return sw_score_squash(c->logit) >= e->cfg.t_throttle;
}

/* Re-scores the cluster rooted at root; flags members on the transition. */
static void rescore_cluster(sw_engine *e, uint32_t root)
{
    sw_cluster *c = sw_links_cluster(e->links, root);
    if (cluster_flagged_now(e, c) && c->flagged_ms < 0) {
        c->flagged_ms = e->now_ms;
        flag_members(e, root, c, e->now_ms);
    }
}

static void link_accounts(sw_engine *e, uint32_t a, uint32_t b, sw_link_kind why)
{
    e->accts[a]->link_kinds |= (uint8_t)(1u << why);
    e->accts[b]->link_kinds |= (uint8_t)(1u << why);
    uint32_t ra = sw_links_root(e->links, a), rb = sw_links_root(e->links, b);
    if (ra == rb)
        return;
    bool fa = sw_links_cluster(e->links, ra)->flagged_ms >= 0;
    bool fb = sw_links_cluster(e->links, rb)->flagged_ms >= 0;
    /* members of an unflagged side joining a flagged cluster are flagged now */
    if (fa && !fb)
        flag_members(e, rb, sw_links_cluster(e->links, ra), e->now_ms);
    if (fb && !fa)
        flag_members(e, ra, sw_links_cluster(e->links, rb), e->now_ms);
    uint32_t root = sw_links_union(e->links, a, b, why, NULL);
    if (root != UINT32_MAX)
        rescore_cluster(e, root);
}

/* Shared wording is weaker evidence than shared infrastructure: verified
 * organisations (business, enterprise, edu) legitimately send the same
 * benchmark questions and agent prompts from many accounts. Content links
 * therefore join accounts whose identity vouches for nothing, and persons
 * verified by government ID, who have no colleagues to share wording with. */
static bool wording_may_link(const sw_acct *acc)
{
    return sw_score_is_unvouched(acc) || acc->verification == SW_VERIF_ID;
}

static bool may_link(const sw_engine *e, uint32_t a, sw_link_kind why)
{
    const sw_acct *acc = &e->accts[a]->a;
    if (intent(acc, &e->cfg) < e->cfg.link_min_intent)
        return false;
    if (why == SW_LINK_PREFIX || why == SW_LINK_CARD || sw_score_is_unvouched(acc))
        return true;
    /* a verified account joins a pivot cohort, and an ID-verified person a
     * wording link, only if it does not work in dense bursts: benchmark runs
     * and experiments (hundreds of requests an hour) share questions and try
     * new models at once too */
    bool sparse = acc->active_hours >= 4 && acc->events / acc->active_hours <= 30;
    return sparse && (why == SW_LINK_PIVOT || wording_may_link(acc));
}

static void link_if_intent(sw_engine *e, uint32_t a, const uint32_t *others, int n, sw_link_kind why)
{
    if (!may_link(e, a, why))
        return;
    for (int i = 0; i < n; i++)
        if (may_link(e, others[i], why))
            link_accounts(e, a, others[i], why);
}

/* ---- accounts ---- */

static int account_of(sw_engine *e, const char *id, uint32_t *out, bool *fresh)
{
    uint32_t idx = (uint32_t)e->naccts;
    int inserted;
    const char *key;
    if (sw_strmap_get_or_put(e->ids, id, &idx, 1, &inserted, &key) != SW_OK)
        return SW_ENOMEM;
    *fresh = inserted;
    if (inserted) {
        acct_rec *acc = calloc(1, sizeof *acc);
        if (!acc || grow_array((void **)&e->accts, &e->cap, e->naccts + 1, sizeof *e->accts) ||
            sw_links_reserve(e->links, (uint32_t)e->naccts + 1)) {
            free(acc);
            return SW_ENOMEM;
        }
        sw_acct_init(&acc->a, key);
        uint32_t pidx;
        if (sw_strmap_get_or_put(e->profile_ids, id, &pidx, 0, NULL, NULL) == SW_OK) {
            const profile *pr = &e->profiles[pidx];
            sw_acct_set_profile(&acc->a, pr->verification, pr->created_at_ms, pr->card, pr->disposable_email);
        }
        e->accts[e->naccts++] = acc;
    }
    *out = idx;
    return SW_OK;
}

/* First event of an account with a payment card: count it and link it to the
 * card's earlier accounts. */
static void join_card(sw_engine *e, uint32_t idx)
{
    uint32_t card = e->accts[idx]->a.card;
    if (!card)
        return;
    e->card_active[card - 1]++;
    if (!e->card_first[card - 1]) {
        e->card_first[card - 1] = idx + 1;
        return;
    }
    uint32_t first = e->card_first[card - 1] - 1;
    link_accounts(e, idx, first, SW_LINK_CARD);
    /* the first holder now has a peer too: refresh its trait */
    acct_rec *f = e->accts[first];
    uint8_t t = traits_of(e, f, card_peers(e, &f->a));
    if (t != f->traits) {
        sw_cluster *c = sw_links_cluster(e->links, sw_links_root(e->links, first));
        apply_traits(c, f->traits, -1);
        apply_traits(c, t, +1);
        f->traits = t;
    }
}

static int model_release(sw_engine *e, const char *model, int64_t ts, int64_t *release)
{
    uint32_t idx = (uint32_t)e->nmodels;
    int inserted;
    const char *key;
    if (sw_strmap_get_or_put(e->models, model, &idx, 1, &inserted, &key) != SW_OK)
        return SW_ENOMEM;
    if (inserted) {
        size_t c1 = e->model_cap, c2 = e->model_cap;
        if (grow_array((void **)&e->model_first_ms, &c1, e->nmodels + 1, sizeof *e->model_first_ms) ||
            grow_array((void **)&e->model_names, &c2, e->nmodels + 1, sizeof *e->model_names))
            return SW_ENOMEM;
        e->model_cap = c1;
        e->model_first_ms[idx] = ts;
        e->model_names[idx] = key;
        e->nmodels++;
    }
    *release = e->model_first_ms[idx];
    return SW_OK;
}

/* ---- facts ---- */

/* Content classes of a text. Instructions sit at the start or the end of a
 * prompt (around pasted material), so long texts are scanned at both ends
 * only: the cost per event stays bounded whatever is pasted in between. */
static void scan_text(sw_engine *e, const char *text, size_t n, sw_content_result *out)
{
    out->signals = out->categories = 0;
    if (n <= 2 * SCAN_EDGE_BYTES) {
        sw_content_scan(e->content, e->scratch, text, n, out);
        return;
    }
    sw_content_result tail = {0, 0};
    sw_content_scan(e->content, e->scratch, text, SCAN_EDGE_BYTES, out);
    sw_content_scan(e->content, e->scratch, text + n - SCAN_EDGE_BYTES, SCAN_EDGE_BYTES, &tail);
    out->signals |= tail.signals;
    out->categories |= tail.categories;
}

/* The prompt's own facts, from the memo or computed into it. */
static sw_text_facts *prompt_facts(sw_engine *e, const sw_event *ev, uint64_t h)
{
    bool hit;
    sw_text_facts *t = sw_textmemo_slot(e->memo, h, ev->prompt_len, &hit);
    if (!hit) {
        scan_text(e, ev->prompt, ev->prompt_len, &t->content);
        sw_template_of(ev->prompt, ev->prompt_len, &t->tpl, NULL, 0);
    }
    return t;
}

/* The key of a text's content classes: a hash of the bytes scan_text
 * reads (all of a short text; head and tail of a long one) and the length,
 * never 0. */
static uint64_t scan_key(const char *text, size_t n)
{
    uint64_t h = n <= 2 * SCAN_EDGE_BYTES
                     ? sw_hash64(text, n, 7)
                     : sw_hash64(text, SCAN_EDGE_BYTES, sw_hash64(text + n - SCAN_EDGE_BYTES, SCAN_EDGE_BYTES, n));
    return h ? h : 1;
}

/* Signal bits of a system prompt, from the table or scanned into it. */
static uint32_t system_signals(sw_engine *e, const char *text, size_t n, uint64_t key)
{
    sys_memo_slot *slot = &e->sys_memo[key & (SYS_MEMO_SLOTS - 1)];
    if (slot->key != key) {
        sw_content_result r;
        scan_text(e, text, n, &r);
        slot->key = key;
        slot->signals = r.signals;
    }
    return slot->signals;
}

/* The key of a prompt in the text memo (and the account's last prompt). */
static uint64_t prompt_key(const sw_event *ev)
{
    return sw_hash64(ev->prompt, ev->prompt_len, 11);
}

static sw_text_facts *content_facts(sw_engine *e, acct_rec *acc, const sw_event *ev, uint64_t h,
                                    sw_event_facts *f)
{
    if (ev->system_len) {
        uint64_t sys_h = scan_key(ev->system, ev->system_len);
        if (sys_h != acc->sys_hash) {
            acc->sys_hash = sys_h;
            acc->sys_signals = system_signals(e, ev->system, ev->system_len, sys_h);
        }
    }
    if (!ev->prompt_len)
        return NULL;
    f->has_prompt = true;
    f->repeated_prompt = h == acc->prompt_hash;
    sw_text_facts *t = NULL;
    if (!f->repeated_prompt) {
        acc->prompt_hash = h;
        t = prompt_facts(e, ev, h);
        acc->prompt_content = t->content;
        acc->prompt_tpl = t->tpl;
    }
    sw_content_result r = acc->prompt_content;
    /* instructions in the system prompt apply to every turn (a system prompt
     * that demands full reasoning elicits it as much as the user's words) */
    /* …except in agent loops, whose long system prompts routinely tell the
     * model to think before acting: there the user's words decide */
    bool agent_turn = ev->n_tools > 0 || ev->n_tool_results > 0;
    uint32_t sys = ev->system_len && !agent_turn ? acc->sys_signals : 0;
    f->signals = r.signals | (sys & (ELICIT_SIGS | (1u << SW_SIG_MAX_DETAIL)));
    f->categories = r.categories;
    f->high_value = (r.categories & HIGH_VALUE_CATS) != 0;
    f->homework = (f->signals >> SW_SIG_HOMEWORK) & 1u;
    f->rubric = (f->signals & ((1u << SW_SIG_RUBRIC) | (1u << SW_SIG_SYNTH_DATA))) != 0;
    /* a high reasoning effort alone is a customer wanting a better answer (coding
     * agents run at high effort all day); eliciting the reasoning takes words */
    f->elicits = (f->signals & ELICIT_SIGS) != 0 ||
                 /* "be exhaustive, enumerate every case" on a problem asks for the working */
                 (((f->signals >> SW_SIG_MAX_DETAIL) & 1u) && f->high_value);
    f->asked_long = ev->max_tokens >= (int64_t)e->cfg.large_max_tokens || ev->reasoning_effort >= 3 ||
                    ((f->signals >> SW_SIG_MAX_DETAIL) & 1u);
    f->long_answer = f->asked_long || ev->completion_tokens >= 2000;
    f->extraction = (f->elicits || f->rubric) && f->long_answer && !f->homework;
    f->frame = acc->prompt_tpl.frame;
    return t;
}

/* Near-duplicate prompts from other accounts bump pair evidence; a prompt
 * the account just sent is already indexed. */
static void near_duplicates(sw_engine *e, uint32_t idx, const sw_event *ev, sw_text_facts *t)
{
    if (ev->prompt_len < MIN_NEARDUP_CHARS || !t)
        return;
    if (t->bands_state == SW_BANDS_UNKNOWN) {
        sw_minhash mh;
        t->bands_state = SW_BANDS_NONE;
        if (sw_minhash_text(&mh, ev->prompt, ev->prompt_len)) {
            sw_minhash_bands(&mh, t->bands);
            t->bands_state = SW_BANDS_VALID;
        }
    }
    if (t->bands_state != SW_BANDS_VALID)
        return;
    const uint64_t *keys = t->bands;
    uint32_t others[SW_LSH_OWNERS * 2];
    const int max = (int)(sizeof others / sizeof others[0]);
    int n = sw_lsh_insert_query(e->lsh, keys, idx, others, max);
    if (n > max) /* the count can exceed what was written */
        n = max;
    uint32_t ready[SW_LSH_OWNERS * 2];
    int nready = 0;
    for (int i = 0; i < n; i++)
        sw_links_prefetch_pair(e->links, SW_LINK_NEARDUP, idx, others[i]);
    for (int i = 0; i < n; i++)
        if (sw_links_bump_pair(e->links, SW_LINK_NEARDUP, idx, others[i], keys[0]) >=
            e->cfg.link_near_duplicates)
            ready[nready++] = others[i];
    link_if_intent(e, idx, ready, nready, SW_LINK_NEARDUP);
}

static void shared_items(sw_engine *e, uint32_t idx, const sw_event *ev, const sw_event_facts *f,
                         uint64_t prefix, uint64_t prev_prefix, bool wording_links)
{
    uint32_t ready[8];
    /* hosting networks are shared by unrelated customers by design */
    if (!f->hosting && prefix != prev_prefix) {
        int n = sw_links_observe(e->links, SW_LINK_PREFIX, prefix, idx, (uint32_t)e->cfg.link_shared_prefixes,
                                 ready, 8);
        link_if_intent(e, idx, ready, n, SW_LINK_PREFIX);
    }
    if (f->frame && wording_links) {
        int n = sw_links_observe(e->links, SW_LINK_TEMPLATE, f->frame, idx,
                                 (uint32_t)e->cfg.link_shared_templates, ready, 8);
        link_if_intent(e, idx, ready, n, SW_LINK_TEMPLATE);
    }
    /* a cohort moving to a new model together: while the release is fresh,
     * each request of a pivoting account meets the last few accounts that
     * used the new model */
    const sw_acct *a = &e->accts[idx]->a;
    if (f->new_model && sw_score_is_pivot(a, &e->cfg) &&
        ev->ts_ms - f->model_release_ms <= 4 * (int64_t)(e->cfg.pivot_window_hours * SW_MS_PER_HOUR)) {
        int n = sw_links_observe(e->links, SW_LINK_PIVOT, (uint64_t)f->model_release_ms, idx, 1, ready, 8);
        link_if_intent(e, idx, ready, n, SW_LINK_PIVOT);
    }
}

/* ---- the event ---- */

static double account_logit(sw_engine *e, const acct_rec *acc)
{
    sw_score_ctx ctx = {&e->cfg, card_peers(e, &acc->a), NULL, false};
    return sw_score_account(&acc->a, &ctx, NULL, NULL);
}

int sw_engine_feed(sw_engine *e, const sw_event *ev, sw_action *action)
{
    int64_t ts = ev->ts_ms;
    if (e->start_ms == INT64_MIN)
        e->start_ms = e->now_ms = ts;
    if (ts < e->now_ms) {
        e->out_of_order++;
        ts = e->now_ms;
    }
    e->now_ms = ts;
    e->events++;
    /* the prompt's memo slot and the address block's link slot load while
     * the account is looked up */
    uint64_t prompt_h = prompt_key(ev);
    sw_textmemo_prefetch(e->memo, prompt_h);
    uint64_t prefix = sw_ip_prefix_hash(&ev->ip);
    sw_links_prefetch_item(e->links, SW_LINK_PREFIX, prefix);

    uint32_t idx;
    bool fresh;
    if (account_of(e, ev->account, &idx, &fresh) != SW_OK)
        return SW_ENOMEM;
    acct_rec *acc = e->accts[idx];
    if (fresh) {
        sw_cluster *own = sw_links_cluster(e->links, idx);
        own->created_min = own->created_max = acc->a.created_at_ms;
        join_card(e, idx);
    }

    sw_event_facts f;
    memset(&f, 0, sizeof f);
    f.hosting = sw_asn_is_hosting(ev->asn);
    uint64_t ua_hash = ev->user_agent ? sw_hash_str(ev->user_agent, 3) : 0;
    if (ua_hash != acc->ua_hash || acc->a.events == 0) {
        acc->ua_hash = ua_hash;
        acc->ua_class = (uint8_t)sw_ua_classify(ev->user_agent);
    }
    f.ua_class = acc->ua_class;
    int64_t release;
    if (model_release(e, ev->model, ts, &release) != SW_OK)
        return SW_ENOMEM;
    if (release - e->start_ms >= (int64_t)(e->cfg.new_model_after_hours * SW_MS_PER_HOUR)) {
        f.new_model = true;
        f.model_release_ms = release;
    }
    sw_text_facts *text = content_facts(e, acc, ev, prompt_h, &f); /* NULL: no new prompt */
    /* only a harvest needs telling from an experiment, and only a question
     * asked afresh can be a re-ask: a later turn of a conversation or an
     * agent's step carries new context (earlier answers, tool results) even
     * when its newest user turn is the same ("continue") */
    uint64_t reask_keys[SW_REASK_MAX_SEGMENTS];
    size_t nreask = 0;
    bool reask_pending = false;
    if (f.extraction && ev->n_assistant == 0 && ev->n_tool_results == 0) {
        if (f.repeated_prompt) {
            f.reasked = true;
        } else { /* the slots load while near-duplicates are looked for */
            nreask = sw_reask_keys(idx, ev->prompt, ev->prompt_len, reask_keys);
            sw_reask_prefetch(e->reask, reask_keys, nreask);
            reask_pending = true;
        }
    }
    /* wording links never join a verified organisation (may_link), so its
     * prompts need not be sketched or indexed */
    bool wording_links = wording_may_link(&acc->a);
    if (wording_links)
        near_duplicates(e, idx, ev, text);

    if (reask_pending)
        f.reasked = sw_reask_record(e->reask, reask_keys, nreask);

    sw_event ev_at = *ev;
    ev_at.ts_ms = ts;
    uint64_t prev_prefix = acc->a.last_prefix;
    sw_acct_update(&acc->a, &ev_at, &f, &e->cfg);

    /* cluster aggregates, before linking so that a merge carries this event */
    uint32_t root = sw_links_root(e->links, idx);
    sw_cluster *c = sw_links_cluster(e->links, root);
    c->events++;
    c->extraction_events += f.extraction;
    uint8_t t = traits_of(e, acc, card_peers(e, &acc->a));
    if (t != acc->traits) {
        apply_traits(c, acc->traits, -1);
        apply_traits(c, t, +1);
        acc->traits = t;
    }
    shared_items(e, idx, &ev_at, &f, prefix, prev_prefix, wording_links);
    root = sw_links_root(e->links, idx);
    rescore_cluster(e, root);

    c = sw_links_cluster(e->links, root);
    double logit = account_logit(e, acc);
    acc->a.own_logit = (float)logit;
    if (cluster_counts(e, c) && c->logit > logit && carries_cluster(e, acc, c))
        logit = c->logit;
    double score = sw_score_squash(logit);
    acc->a.score = (float)score;
    sw_action act = sw_score_action(score, &e->cfg);
    acc->a.verdict = (uint8_t)act;
    if (sw_action_flagged(act) && acc->a.first_flagged_ms < 0)
        acc->a.first_flagged_ms = ts;
    if (action)
        *action = act;
    if (e->trace && !strcmp(e->trace_account, ev->account))
        e->trace(e->trace_ctx, &ev_at, &f, score);
    return SW_OK;
}

void sw_engine_set_trace(sw_engine *e, const char *account, sw_engine_trace_fn fn, void *ctx)
{
    free(e->trace_account);
    e->trace_account = fn && account ? strdup(account) : NULL;
    e->trace = e->trace_account ? fn : NULL;
    e->trace_ctx = ctx;
}

/* ---- verdicts ---- */

size_t sw_engine_account_count(const sw_engine *e)
{
    return e->naccts;
}

int sw_engine_lookup(sw_engine *e, const char *account_id, size_t *index)
{
    uint32_t idx;
    if (sw_strmap_get_or_put(e->ids, account_id, &idx, 0, NULL, NULL) != SW_OK)
        return SW_ENOTFOUND;
    *index = idx;
    return SW_OK;
}

static int by_weight(const void *x, const void *y)
{
    double a = ((const sw_term *)x)->weight, b = ((const sw_term *)y)->weight;
    return a < b ? 1 : a > b ? -1 : 0;
}

static const char *new_model_name(const sw_engine *e, const sw_acct *a)
{
    for (size_t i = 0; i < e->nmodels; i++)
        if (e->model_first_ms[i] == a->new_model_release_ms)
            return e->model_names[i];
    return NULL;
}

static const char *link_kind_words(int k)
{
    static const char *const words[] = {"payment cards", "proxy prefixes", "prompt templates",
                                        "near-duplicate prompts", "a pivot to a new model"};
    return words[k];
}

static void cluster_reason(const sw_cluster *c, double weight, sw_term *out)
{
    char kinds[96] = "";
    size_t len = 0;
    for (int k = 0; k < SW_LINK_KINDS; k++) {
        if (!c->links[k])
            continue;
        int w = snprintf(kinds + len, sizeof kinds - len, "%s%s", len ? ", " : "", link_kind_words(k));
        if (w > 0 && (size_t)w < sizeof kinds - len)
            len += (size_t)w;
    }
    out->signal = "coordinated_cluster";
    out->weight = weight;
    /* the detail may be cut at SW_DETAIL_LEN; that is acceptable for a reason */
    int w = snprintf(out->detail, SW_DETAIL_LEN,
             "linked with %u accounts by shared %s; %.0f%% of the cluster's %llu requests are extraction-grade",
             c->size - 1, kinds[0] ? kinds : "evidence",
             100.0 * sw_cluster_intent(c),
             (unsigned long long)c->events);
    (void)w;
}

/*
 * The account's log-odds as a verdict states them: its own, or its
 * cluster's when it carries the cluster's evidence. With out, the reasons
 * (terms, *n) and the cluster's name and size are filled in too; without,
 * no text is formatted (the gateway asks this on every request).
 */
static double judge(sw_engine *e, size_t index, sw_verdict *out, sw_term *terms, int *n)
{
    const acct_rec *acc = e->accts[index];
    const sw_acct *a = &acc->a;
    sw_score_ctx ctx = {&e->cfg, card_peers(e, a), out ? new_model_name(e, a) : NULL, out != NULL};
    double logit = sw_score_account(a, &ctx, out ? terms : NULL, out ? n : NULL);

    uint32_t root = sw_links_root(e->links, (uint32_t)index);
    sw_cluster *c = sw_links_cluster(e->links, root);
    if (!cluster_counts(e, c))
        return logit;
    double cl = sw_score_cluster(c, &e->cfg, NULL, NULL);
    bool carries = carries_cluster(e, acc, c);
    if (out) {
        snprintf(out->cluster, sizeof out->cluster, "cl-%08x",
                 (unsigned)(sw_hash_str(e->accts[c->first_member]->a.id, 0xc1) & 0xffffffffu));
        out->cluster_size = c->size;
        if (carries && *n < SW_MAX_TERMS && cl - e->cfg.wc_bias > 0.05) {
            cluster_reason(c, cl > logit ? cl - logit + 0.01 : 0.05 + (cl - e->cfg.wc_bias) / 10, &terms[*n]);
            (*n)++;
        }
    }
    return carries && cl > logit ? cl : logit;
}

int sw_engine_verdict(sw_engine *e, size_t index, sw_verdict *out)
{
    if (index >= e->naccts)
        return SW_ENOTFOUND;
    const sw_acct *a = &e->accts[index]->a;
    memset(out, 0, sizeof *out);
    out->account = a->id;
    out->events = a->events;
    out->first_flagged_ms = a->first_flagged_ms;

    sw_term terms[SW_MAX_TERMS];
    int n = 0;
    out->score = sw_score_squash(judge(e, index, out, terms, &n));
    out->action = sw_score_action(out->score, &e->cfg);
    qsort(terms, (size_t)n, sizeof terms[0], by_weight);
    for (int i = 0; i < n && out->nreasons < SW_MAX_REASONS; i++)
        if (terms[i].weight > 0)
            out->reasons[out->nreasons++] = terms[i];
    return SW_OK;
}

int sw_engine_action(sw_engine *e, size_t index, sw_action *action, double *score)
{
    if (index >= e->naccts)
        return SW_ENOTFOUND;
    double s = sw_score_squash(judge(e, index, NULL, NULL, NULL));
    *action = sw_score_action(s, &e->cfg);
    if (score)
        *score = s;
    return SW_OK;
}

void sw_engine_stats_get(sw_engine *e, sw_engine_stats *out)
{
    memset(out, 0, sizeof *out);
    out->events = e->events;
    out->out_of_order = e->out_of_order;
    out->accounts = (uint32_t)e->naccts;
    for (size_t i = 0; i < e->naccts; i++) {
        sw_cluster *c = sw_links_cluster(e->links, (uint32_t)i);
        if (sw_links_root(e->links, (uint32_t)i) == i && cluster_counts(e, c))
            out->clusters++;
    }
    size_t per_account = sizeof(acct_rec) + sizeof(acct_rec *) + 2 * sizeof(uint32_t) + sizeof(sw_cluster);
    out->account_bytes = e->naccts * per_account + sw_strmap_bytes(e->ids);
    out->bytes = sizeof *e + out->account_bytes + sw_strmap_bytes(e->profile_ids) + e->profile_cap * sizeof(profile) +
                 sw_strmap_bytes(e->cards) + e->card_cap * 2 * sizeof(uint32_t) + sw_links_bytes(e->links) +
                 sw_lsh_bytes(e->lsh) + sw_textmemo_bytes(e->memo) + sw_reask_bytes(e->reask) +
                 SYS_MEMO_SLOTS * sizeof *e->sys_memo + sw_content_scratch_bytes(e->scratch);
    sw_textmemo_stats(e->memo, &out->memo_lookups, &out->memo_hits);
}
