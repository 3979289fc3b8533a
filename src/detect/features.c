/*
 * features.c — the per-event fold of features.h.
 *
 * Time features use UTC hour buckets: an account's hours-of-day mask shows
 * whether it sleeps (people do, farms and pipelines do not), and the count
 * of distinct active hours measures sustained activity without storing
 * timestamps. The per-minute peak is exact because events arrive in time
 * order. Inter-arrival regularity is a running mean and variance of the
 * logarithm of the gaps (Welford), so scripts that fire every 2 s and people
 * who pause from seconds to hours are told apart without storing gaps.
 */
#include "detect/features.h"

#include <math.h>
#include <string.h>


#include "core/hash.h"
#include "core/time.h"
#include "detect/hll.h"

void sw_acct_init(sw_acct *a, const char *id)
{
    memset(a, 0, sizeof *a);
    a->id = id;
    a->created_at_ms = -1;
    a->first_ts = a->last_ts = -1;
    a->last_hour = -1;
    a->moved_new_model_ms = a->new_model_release_ms = -1;
    a->xg_day = -1;
    a->first_flagged_ms = -1;
    sw_topk_init(&a->frames);
    sw_hll_init(a->ip_hll, SW_ACCT_IP_P);
    sw_hll_init(a->prefix_hll, SW_ACCT_PREFIX_P);
    sw_hll_init(a->asn_hll, SW_ACCT_ASN_P);
}

void sw_acct_set_profile(sw_acct *a, sw_verification verification, int64_t created_at_ms, uint32_t card,
                         bool disposable_email)
{
    a->verification = verification;
    a->created_at_ms = created_at_ms;
    a->card = card;
    a->disposable_email = disposable_email;
}

static void update_time(sw_acct *a, int64_t ts)
{
    if (a->last_ts >= 0) {
        float x = (float)log2((double)(ts - a->last_ts) + 1.0);
        a->gaps++;
        float d = x - a->gap_mean;
        a->gap_mean += d / (float)a->gaps;
        a->gap_m2 += d * (x - a->gap_mean);
    }
    if (a->first_ts < 0)
        a->first_ts = ts;
    a->last_ts = ts;
    int64_t hour = ts / SW_MS_PER_HOUR;
    if (hour != a->last_hour) {
        a->active_hours++;
        a->last_hour = hour;
    }
    a->hours_mask |= 1u << (uint32_t)(((ts / SW_MS_PER_HOUR) % 24 + 24) % 24);
}

static void update_network(sw_acct *a, const sw_event *ev, const sw_event_facts *f)
{
    sw_hll_add(a->ip_hll, SW_ACCT_IP_P, sw_ip_hash(&ev->ip)); /* counted on demand only */
    a->last_prefix = sw_ip_prefix_hash(&ev->ip);
    a->network_grew |= sw_hll_add(a->prefix_hll, SW_ACCT_PREFIX_P, a->last_prefix);
    if (ev->asn > 0) {
        a->network_grew |= sw_hll_add(a->asn_hll, SW_ACCT_ASN_P, sw_mix64((uint64_t)ev->asn + 0x9e37));
        if (f->hosting)
            a->n_hosting++;
        else
            a->n_other_net++;
    }
    const char *c = ev->country;
    if (c && c[0] >= 'A' && c[0] <= 'Z' && c[1] >= 'A' && c[1] <= 'Z' && !c[2]) {
        unsigned bit = (unsigned)(c[0] - 'A') * 26 + (unsigned)(c[1] - 'A');
        uint8_t mask = (uint8_t)(1u << (bit % 8));
        if (!(a->countries[bit / 8] & mask)) {
            a->countries[bit / 8] |= mask;
            a->network_grew = true;
        }
    }
}

static void update_content(sw_acct *a, const sw_event_facts *f)
{
    if (!f->has_prompt)
        return;
    a->n_prompts++;
    a->n_elicit += f->elicits;
    a->n_extract += f->extraction;
    a->n_extract_reasked += f->extraction && f->reasked;
    a->n_extract_asked += f->extraction && f->asked_long;
    if (f->extraction) {
        int64_t day = a->last_ts / SW_MS_PER_DAY;
        if (day != a->xg_day) {
            a->xg_day = day;
            a->xg_day_count = 0;
        }
        if (++a->xg_day_count == SW_XG_DAY_MIN)
            a->xg_days++;
    }
    a->n_high_value += f->high_value;
    a->n_homework += f->homework;
    a->n_rubric += f->rubric;
    if (f->categories) {
        if (a->last_cats && !(f->categories & a->last_cats))
            a->cat_switches++;
        a->last_cats = f->categories;
        a->cats_seen |= f->categories;
        for (int i = 0; i < SW_NCATEGORIES; i++)
            if ((f->categories >> i) & 1u && a->cat_count[i] < UINT16_MAX)
                a->cat_count[i]++;
    }
    if (f->frame)
        sw_topk_add(&a->frames, f->frame);
}

void sw_acct_update(sw_acct *a, const sw_event *ev, const sw_event_facts *f, const sw_detect_config *cfg)
{
    a->events++;
    update_time(a, ev->ts_ms);
    if (ev->prompt_tokens > 0)
        a->prompt_tokens += (uint64_t)ev->prompt_tokens;
    if (ev->completion_tokens > 0)
        a->completion_tokens += (uint64_t)ev->completion_tokens;
    if (ev->max_tokens >= (int64_t)cfg->large_max_tokens)
        a->n_large_max++;
    a->n_logprobs += ev->logprobs;
    a->n_tools += ev->n_tools > 0 || ev->n_tool_results > 0;
    a->n_script += f->ua_class == 1;
    update_network(a, ev, f);
    if (a->network_grew && (a->events < 32 || (a->events & 15) == 0)) {
        a->network_grew = false;
        a->prefixes_est = (float)sw_acct_distinct_prefixes(a);
        a->asns_est = (float)sw_acct_distinct_asns(a);
        a->countries_n = (uint16_t)sw_acct_distinct_countries(a);
    }
    update_content(a, f);
    if (f->new_model) {
        if (a->n_new_model == 0)
            a->new_model_release_ms = f->model_release_ms;
        if (++a->n_new_model == SW_PIVOT_MOVE_REQUESTS)
            a->moved_new_model_ms = ev->ts_ms;
    }
}

double sw_acct_distinct_ips(const sw_acct *a)
{
    return sw_hll_count(a->ip_hll, SW_ACCT_IP_P);
}

double sw_acct_distinct_prefixes(const sw_acct *a)
{
    return sw_hll_count(a->prefix_hll, SW_ACCT_PREFIX_P);
}

double sw_acct_distinct_asns(const sw_acct *a)
{
    return sw_hll_count(a->asn_hll, SW_ACCT_ASN_P);
}

int sw_acct_distinct_countries(const sw_acct *a)
{
    int n = 0;
    for (size_t i = 0; i < sizeof a->countries; i++)
        n += __builtin_popcount(a->countries[i]);
    return n;
}

int sw_acct_categories_covered(const sw_acct *a)
{
    return __builtin_popcount(a->cats_seen);
}

double sw_acct_gap_spread(const sw_acct *a)
{
    return a->gaps > 1 ? sqrt((double)a->gap_m2 / (a->gaps - 1)) : 0;
}
