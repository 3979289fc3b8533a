/*
 * features.h — what the detector remembers about one account.
 *
 * Everything here is a counter, a small sketch or a timestamp, updated in
 * O(1) per event, so that memory grows with accounts and not with events
 * (about 1 KB per account; see sizeof(sw_acct)). From these numbers the
 * scorer (score.h) derives rates and signals at any moment, using only the
 * events seen so far.
 *
 * Per-event inputs that need global knowledge (content classification,
 * template fingerprints, whether a model is newly released) are computed by
 * the engine and passed in an sw_event_facts, so this module stays a pure
 * fold over events.
 */
#ifndef SW_FEATURES_H
#define SW_FEATURES_H

#include <stdbool.h>
#include <stdint.h>

#include "core/account.h"
#include "core/event.h"
#include "detect/config.h"
#include "detect/topk.h"

#define SW_ACCT_IP_P 8     /* HyperLogLog precision of the address set */
#define SW_ACCT_PREFIX_P 7 /* of the /24 (/48) prefix set */
#define SW_ACCT_ASN_P 5    /* of the autonomous-system set */
#define SW_NCATEGORIES 32  /* capability-area bits of a content result */
#define SW_XG_DAY_MIN 10   /* extraction-grade requests that make a day count as an extraction day */

/* Facts about one event that the engine works out before the fold. */
typedef struct sw_event_facts {
    uint32_t signals;     /* SW_SIG_* bits of the prompt */
    uint32_t categories;  /* SW_CAT_* bits of the prompt */
    bool high_value;      /* prompt in an area worth distilling */
    bool elicits;         /* asks for reasoning (text, effort or trace format) */
    bool asked_long;      /* asks for a maximal answer (limit, effort or words) */
    bool long_answer;     /* asks for or got a maximal answer */
    bool extraction;      /* elicits && long_answer && no coursework context */
    bool homework;
    bool rubric;          /* grader or data-generator use */
    bool has_prompt;
    bool repeated_prompt; /* same newest user turn as the account's previous event */
    bool reasked;         /* extraction-grade, and nothing in it the account had not sent before (reask.h) */
    uint64_t frame;       /* template frame of the prompt (0 if none) */
    bool new_model;       /* the model was released during the log */
    int64_t model_release_ms;
    bool hosting;         /* address in a hosting network */
    int ua_class;         /* sw_ua_class */
} sw_event_facts;

#define SW_PIVOT_MOVE_REQUESTS 5

typedef struct sw_acct {
    const char *id;
    /* profile (accounts file) */
    sw_verification verification;
    int64_t created_at_ms;
    uint32_t card; /* 1 + index of the interned payment fingerprint, 0 if none */
    bool disposable_email; /* e-mail at a throwaway-address provider */

    /* volume and time */
    uint32_t events;
    int64_t first_ts, last_ts;
    uint32_t hours_mask; /* UTC hours of day seen */
    int64_t last_hour;   /* hour bucket of the last event */
    uint32_t active_hours;
    uint64_t prompt_tokens, completion_tokens;
    /* inter-arrival regularity: Welford mean and M2 of log2(gap in ms + 1) */
    uint32_t gaps;
    float gap_mean, gap_m2;

    /* request shape */
    uint32_t n_large_max, n_logprobs, n_tools;
    uint32_t n_script;

    /* content */
    uint32_t n_prompts, n_elicit, n_extract, n_high_value, n_homework, n_rubric;
    uint32_t n_extract_reasked; /* of n_extract: questions the account had asked before */
    uint32_t n_extract_asked;   /* of n_extract: a maximal answer asked for, not only received */
    int64_t xg_day;          /* UTC day of the last extraction-grade request */
    uint32_t xg_day_count;   /* extraction-grade requests on that day */
    uint32_t xg_days;        /* days with at least SW_XG_DAY_MIN of them */
    uint32_t cat_switches;
    uint32_t cats_seen;  /* categories ever seen */
    uint32_t last_cats;
    uint16_t cat_count[SW_NCATEGORIES];
    sw_topk frames;

    /* network */
    uint32_t n_hosting, n_other_net;
    uint64_t last_prefix;
    uint8_t ip_hll[1 << SW_ACCT_IP_P];
    uint8_t prefix_hll[1 << SW_ACCT_PREFIX_P];
    uint8_t asn_hll[1 << SW_ACCT_ASN_P];
    uint8_t countries[85]; /* one bit per two-letter code */
    /* distinct-count estimates, refreshed every event while the account is
     * young and every 16th event after, when the sketches changed: their
     * counts cost a pass over the registers, which the per-event scorer
     * should not pay */
    float prefixes_est, asns_est;
    uint16_t countries_n;
    bool network_grew; /* a sketch or the country set changed since the last refresh */

    /* models: an account has moved to a new model when its SW_PIVOT_MOVE_REQUESTS-th
     * request to it arrives; a couple of probes on release day are curiosity,
     * not a move */
    uint32_t n_new_model;
    int64_t moved_new_model_ms, new_model_release_ms;

    /* verdict bookkeeping (engine) */
    float own_logit, score;
    uint8_t verdict;
    int64_t first_flagged_ms; /* -1 until flagged */
} sw_acct;

void sw_acct_init(sw_acct *a, const char *id);
void sw_acct_set_profile(sw_acct *a, sw_verification verification, int64_t created_at_ms, uint32_t card,
                         bool disposable_email);

/* Folds one event into the account. */
void sw_acct_update(sw_acct *a, const sw_event *ev, const sw_event_facts *f, const sw_detect_config *cfg);

/* Derived quantities used by the scorer and by reasons. */
double sw_acct_distinct_ips(const sw_acct *a);
double sw_acct_distinct_prefixes(const sw_acct *a);
double sw_acct_distinct_asns(const sw_acct *a);
int sw_acct_distinct_countries(const sw_acct *a);
int sw_acct_categories_covered(const sw_acct *a);
/* Standard deviation of log2 inter-arrival gaps: near 0 for a metronome. */
double sw_acct_gap_spread(const sw_acct *a);

#endif
