/*
 * score.c — see score.h. Each signal is one small function of the account
 * returning its strength in [0, 1]; term() weighs it and, when reasons are
 * wanted, writes the evidence an analyst can check.
 */
#include "detect/score.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/time.h"
#include "detect/content.h"
#include "detect/topk.h"

static const char *const action_names[] = {"allow", "monitor", "throttle", "challenge", "block"};

const char *sw_action_name(sw_action a)
{
    return (unsigned)a <= SW_BLOCK ? action_names[a] : "allow";
}

static double clamp01(double x)
{
    return x < 0 ? 0 : x > 1 ? 1 : x;
}

static double share(uint32_t part, uint32_t whole)
{
    return whole ? (double)part / whole : 0;
}

double sw_score_squash(double logit)
{
    return 1.0 / (1.0 + exp(-logit));
}

sw_action sw_score_action(double score, const sw_detect_config *cfg)
{
    if (score >= cfg->t_block)
        return SW_BLOCK;
    if (score >= cfg->t_challenge)
        return SW_CHALLENGE;
    if (score >= cfg->t_throttle)
        return SW_THROTTLE;
    if (score >= cfg->t_monitor)
        return SW_MONITOR;
    return SW_ALLOW;
}

typedef struct {
    sw_term *terms;
    int n;
    bool details;
    double sum;
} acc;

/* Adds weight*strength; records the term when it matters. */
static bool term(acc *t, const char *signal, double weight, double strength)
{
    double w = weight * strength;
    t->sum += w;
    if (!t->terms || fabs(w) < 0.05 || t->n >= SW_MAX_TERMS)
        return false;
    t->terms[t->n].signal = signal;
    t->terms[t->n].weight = w;
    t->terms[t->n].detail[0] = '\0';
    t->n++;
    return t->details;
}

__attribute__((format(printf, 2, 3))) static void detail(acc *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(t->terms[t->n - 1].detail, SW_DETAIL_LEN, fmt, ap);
    va_end(ap);
}

/* ---- identity ---- */

static double weakness(sw_verification v)
{
    switch (v) {
    case SW_VERIF_NONE:
    case SW_VERIF_EMAIL: return 1.0;
    case SW_VERIF_PHONE: return 0.7;
    case SW_VERIF_UNKNOWN: return 0.5;
    default: return 0.0;
    }
}

static double strength_of_identity(sw_verification v)
{
    switch (v) {
    case SW_VERIF_ENTERPRISE: return 1.0;
    case SW_VERIF_BUSINESS: return 0.7;
    case SW_VERIF_ID: return 0.6;
    case SW_VERIF_EDU: return 0.5;
    default: return 0.0;
    }
}

bool sw_score_is_unvouched(const sw_acct *a)
{
    return weakness(a->verification) >= 0.5;
}

bool sw_score_is_weak(const sw_acct *a)
{
    return weakness(a->verification) >= 0.7;
}

/* ---- network ---- */

/* Spread over residential networks: many prefixes and networks, few of them
 * hosting. A person has one to three home and mobile networks. */
static double proxy_spread(const sw_acct *a)
{
    if (a->events < 3)
        return 0;
    double prefixes = a->prefixes_est, asns = a->asns_est;
    int countries = a->countries_n;
    double residential = a->n_hosting + a->n_other_net ? share(a->n_other_net, a->n_hosting + a->n_other_net) : 1;
    double by_prefix = clamp01((prefixes - 3) / 6) * clamp01(prefixes / a->events * 2);
    double by_net = clamp01((asns - 2) / 3);
    double by_country = clamp01((countries - 1) / 3.0);
    return residential * clamp01(0.45 * by_prefix + 0.35 * by_net + 0.2 * by_country);
}

bool sw_score_is_proxied(const sw_acct *a)
{
    return proxy_spread(a) >= 0.5;
}

/* ---- time ---- */

static double span_days(const sw_acct *a)
{
    double d = (double)(a->last_ts - a->first_ts) / SW_MS_PER_DAY;
    return d < 1.0 / 24 ? 1.0 / 24 : d;
}

static double around_clock(const sw_acct *a)
{
    if (a->events < 48 || a->last_ts - a->first_ts < SW_MS_PER_DAY)
        return 0;
    return clamp01((__builtin_popcount(a->hours_mask) - 18) / 6.0);
}

bool sw_score_is_pivot(const sw_acct *a, const sw_detect_config *cfg)
{
    return a->moved_new_model_ms >= 0 &&
           a->moved_new_model_ms - a->new_model_release_ms <= (int64_t)(cfg->pivot_window_hours * SW_MS_PER_HOUR);
}

/* ---- content ---- */

double sw_score_harvest(const sw_acct *a, const sw_detect_config *cfg)
{
    uint32_t reasked = a->n_extract_reasked;
    return (double)(a->n_extract - reasked) + cfg->reask_value * reasked;
}

static double sweep(const sw_acct *a, const sw_detect_config *cfg)
{
    if (a->n_prompts < 4)
        return 0;
    int covered = sw_acct_categories_covered(a);
    double breadth = clamp01((covered - (cfg->sweep_min_categories - 3)) / 4.0);
    double switching = share(a->cat_switches, a->n_prompts - 1);
    return breadth * clamp01(switching * 1.5) * share(a->n_elicit, a->n_prompts);
}

static void category_list(const sw_acct *a, char *out, size_t cap)
{
    int idx[3] = {-1, -1, -1};
    for (int i = 0; i < SW_NCATEGORIES; i++) {
        for (int k = 0; k < 3; k++) {
            if (idx[k] < 0 || a->cat_count[i] > a->cat_count[idx[k]]) {
                for (int m = 2; m > k; m--)
                    idx[m] = idx[m - 1];
                idx[k] = i;
                break;
            }
        }
    }
    out[0] = '\0';
    size_t len = 0;
    for (int k = 0; k < 3; k++) {
        if (idx[k] < 0 || !a->cat_count[idx[k]])
            break;
        int w = snprintf(out + len, cap - len, "%s%s", k ? ", " : "", sw_content_category_name(idx[k]));
        if (w < 0 || (size_t)w >= cap - len)
            break;
        len += (size_t)w;
    }
}

double sw_score_account(const sw_acct *a, const sw_score_ctx *ctx, sw_term *terms, int *nterms)
{
    const sw_detect_config *cfg = ctx->cfg;
    acc t = {terms, 0, ctx->want_details && terms, cfg->w_bias};
    uint32_t np = a->n_prompts;
    double conf = (double)np / (np + cfg->min_events);
    double xg = share(a->n_extract, np), el = share(a->n_elicit, np), hv = share(a->n_high_value, np);
    /* the harvest: extraction-grade requests that brought a new question
     * (an experiment asks its items again under other settings; reask.h) */
    uint32_t reasked = a->n_extract_reasked;
    double harvest = sw_score_harvest(a, cfg);
    double xg_new = np ? harvest / np : 0;

    if (term(&t, "extraction_requests", cfg->w_extraction, xg_new * conf)) {
        if (reasked * 10 >= a->n_extract)
            detail(&t, "%.0f%% of %u prompts ask for full reasoning with a maximal answer (%u of them re-ask "
                       "questions already asked, and count %g each)", 100 * xg, np, reasked, cfg->reask_value);
        else
            detail(&t, "%.0f%% of %u prompts ask for full reasoning with a maximal answer", 100 * xg, np);
    }
    if (term(&t, "reasoning_elicitation", cfg->w_reasoning_elicitation, el * conf))
        detail(&t, "%.0f%% of %u prompts elicit step-by-step reasoning or a reasoning trace", 100 * el, np);
    if (term(&t, "high_value_focus", cfg->w_high_value, hv * conf)) {
        char cats[96];
        category_list(a, cats, sizeof cats);
        detail(&t, "%.0f%% of prompts in high-value areas (mostly %s)", 100 * hv, cats);
    }
    double per_day = (a->n_extract - reasked) / span_days(a);
    double heavy = per_day > 0 ? clamp01(log(per_day / cfg->heavy_events_per_day) / log(4.0) + 0.5) : 0;
    if (term(&t, "heavy_extraction", cfg->w_heavy, heavy * conf))
        detail(&t, "%.0f extraction-grade requests per day (%u in %.1f h%s)", per_day, a->n_extract,
               span_days(a) * 24, reasked * 10 >= a->n_extract ? ", re-asks discounted" : "");
    double days_needed = cfg->sustained_days > 2 ? cfg->sustained_days - 2 : 1;
    /* sustained and a real share of the traffic: ten extraction-grade
     * requests a day are a pattern in a small account, noise in a large one */
    /* …and asked for: a paying distiller sets the answer limit (or the
     * effort) to the maximum; a campus whose students get long answers from
     * a reasoning model without asking for them is not harvesting */
    double sustained = clamp01(((double)a->xg_days - 2) / days_needed) * clamp01((xg - 0.04) / 0.06) *
                       share(a->n_extract_asked, a->n_extract);
    if (term(&t, "sustained_extraction", cfg->w_sustained, sustained))
        detail(&t, "extraction-grade requests on %u different days (%u or more each)", a->xg_days, SW_XG_DAY_MIN);
    double sw = sweep(a, cfg);
    if (term(&t, "capability_sweep", cfg->w_sweep, sw))
        detail(&t, "covers %d capability areas, changing area in %.0f%% of consecutive prompts",
               sw_acct_categories_covered(a), 100 * share(a->cat_switches, np > 1 ? np - 1 : 1));
    double rub = share(a->n_rubric, np);
    if (term(&t, "grader_or_datagen", cfg->w_rubric, rub * conf))
        detail(&t, "%.0f%% of prompts use the model as a grader or training-data generator", 100 * rub);

    double weak = weakness(a->verification);
    if (term(&t, "weak_verification", cfg->w_weak_verification, weak))
        detail(&t, "identity verified by %s only", a->verification == SW_VERIF_UNKNOWN ? "nothing on file"
                                                                                    : sw_verification_name(a->verification));
    if (a->created_at_ms >= 0 && a->first_ts >= 0) {
        double age_days = (double)(a->first_ts - a->created_at_ms) / SW_MS_PER_DAY;
        double fresh = age_days < 0 ? 1 : clamp01(1 - age_days / cfg->new_account_days);
        if (term(&t, "new_account", cfg->w_new_account, fresh))
            detail(&t, "created %.1f days before its first request", age_days < 0 ? 0 : age_days);
    }
    /* age is graded on a log scale from "new" to "established": an account
     * opened half a year before it was first used here is not much less
     * settled than one opened a few days later, so there is no cliff */
    if (a->created_at_ms >= 0 && a->first_ts >= 0) {
        double age_days = (double)(a->first_ts - a->created_at_ms) / SW_MS_PER_DAY;
        double lo = cfg->new_account_days > 1 ? cfg->new_account_days : 1;
        double settled = age_days <= lo ? 0
                         : cfg->established_days <= lo ? 1
                                                       : clamp01(log(age_days / lo) / log(cfg->established_days / lo));
        if (term(&t, "established_account", cfg->w_established, settled))
            detail(&t, "account created %.0f days before its first request", age_days);
    }
    if (ctx->card_peers > 0 && term(&t, "shared_payment", cfg->w_shared_card, clamp01(ctx->card_peers / 3.0)))
        detail(&t, "payment fingerprint shared with %u other active accounts", ctx->card_peers);
    double spread = proxy_spread(a);
    if (term(&t, "proxy_spread", cfg->w_proxy_spread, spread))
        detail(&t, "%u requests from %.0f addresses in %.0f prefixes, %.0f networks, %d countries", a->events,
               sw_acct_distinct_ips(a), sw_acct_distinct_prefixes(a), sw_acct_distinct_asns(a),
               sw_acct_distinct_countries(a));
    double script = share(a->n_script, a->events);
    if (term(&t, "automation_client", cfg->w_automation, script * conf))
        detail(&t, "%.0f%% of requests from generic HTTP libraries or tools", 100 * script);
    double lp = share(a->n_logprobs, a->events);
    if (term(&t, "logprobs_requests", cfg->w_logprobs, lp * conf))
        detail(&t, "%.0f%% of requests ask for token log-probabilities", 100 * lp);
    double maximal = share(a->n_large_max, a->events) * (1 - share(a->n_tools, a->events));
    if (term(&t, "maximal_max_tokens", cfg->w_maximal_max_tokens, maximal * conf))
        detail(&t, "%.0f%% of requests ask for %.0f or more output tokens", 100 * share(a->n_large_max, a->events),
               cfg->large_max_tokens);
    double ratio = a->prompt_tokens ? (double)a->completion_tokens / (double)a->prompt_tokens : 0;
    if (term(&t, "output_ratio", cfg->w_output_ratio, clamp01((ratio - 2) / 6) * xg * conf))
        detail(&t, "answers are %.1f times as long as prompts (%llu tokens out, %llu in)", ratio,
               (unsigned long long)a->completion_tokens, (unsigned long long)a->prompt_tokens);
    double spread_gaps = sw_acct_gap_spread(a);
    double regular = a->gaps >= 20 ? clamp01((1.0 - spread_gaps) / 0.7) : 0;
    if (term(&t, "regular_timing", cfg->w_regular_timing, regular * xg))
        detail(&t, "requests arrive at machine-regular intervals (spread of log2 gaps %.2f over %u gaps)",
               spread_gaps, a->gaps);
    if (a->disposable_email && term(&t, "disposable_email", cfg->w_disposable_email, 1))
        detail(&t, "registered with a throwaway e-mail address");
    double clock = around_clock(a);
    if (term(&t, "around_the_clock", cfg->w_around_clock, clock * xg))
        detail(&t, "active in %d of 24 hours of the day", __builtin_popcount(a->hours_mask));
    if (sw_score_is_pivot(a, cfg) &&
        term(&t, "model_pivot", cfg->w_pivot, clamp01(xg * 2)))
        detail(&t, "moved to newly released %s: %d requests to it within %.1f h of its release (%u in all)",
               ctx->new_model ? ctx->new_model : "model", SW_PIVOT_MOVE_REQUESTS,
               (double)(a->moved_new_model_ms - a->new_model_release_ms) / SW_MS_PER_HOUR, a->n_new_model);

    double hw = share(a->n_homework, np);
    if (term(&t, "coursework", cfg->w_homework, hw * conf))
        detail(&t, "%.0f%% of prompts framed as coursework", 100 * hw);
    /* verification says who the customer is, not what it does: sustained
     * extraction is not excused by it */
    double strong = strength_of_identity(a->verification) * (1 - 0.75 * sustained);
    if (term(&t, "verified_identity", cfg->w_strong_verification, strong))
        detail(&t, "identity verified as %s", sw_verification_name(a->verification));
    uint64_t top_frame;
    double top = share(sw_topk_max(&a->frames, &top_frame), np);
    if (term(&t, "bounded_experiment", cfg->w_bounded, strong * top * conf))
        detail(&t, "%.0f%% of prompts use one template", 100 * top);

    if (nterms)
        *nterms = t.n;
    return t.sum;
}

double sw_score_cluster(const sw_cluster *c, const sw_detect_config *cfg, sw_term *terms, int *nterms)
{
    acc t = {terms, 0, terms != NULL, cfg->wc_bias};
    double m = c->size;
    double intent = sw_cluster_intent(c);
    term(&t, "cluster_size", cfg->wc_size, log10(m > 1 ? m : 1));
    term(&t, "cluster_extraction", cfg->wc_intent, intent);
    term(&t, "cluster_weak_identity", cfg->wc_weak, c->weak / m);
    term(&t, "cluster_shared_cards", cfg->wc_cards, c->carded / m);
    term(&t, "cluster_proxy_spread", cfg->wc_proxy, c->proxied / m);
    term(&t, "cluster_pivot", cfg->wc_pivot, c->pivoted / m);
    if (c->size >= 5 && c->created_min >= 0) {
        double span_days = (double)(c->created_max - c->created_min) / SW_MS_PER_DAY;
        term(&t, "cluster_registration_burst", cfg->wc_registration_burst, clamp01(1 - span_days / 14));
    }
    /* people who share a public dataset or a course share wording; a farm
     * also shares cards, addresses or timing */
    bool infrastructure = c->links[SW_LINK_CARD] || c->links[SW_LINK_PREFIX] || c->links[SW_LINK_PIVOT] ||
                          c->carded || c->proxied;
    term(&t, "cluster_wording_only", cfg->wc_wording_only, infrastructure ? 0 : 1);
    if (nterms)
        *nterms = t.n;
    return t.sum;
}
