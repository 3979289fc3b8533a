/*
 * config.h — every threshold and weight of the detector, in one place.
 *
 * The detector's judgement is a handful of readable numbers: what counts as
 * a "large" max_tokens, how much each signal adds to an account's risk, where
 * the verdict thresholds lie. They are fields of one struct with documented
 * defaults (sw_detect_config_defaults) and can be overridden by name
 * (sw_detect_config_set), which is how configuration files and the command
 * line reach them. sw_detect_config_describe() walks the table, so the
 * documentation printed by `stillwatch scan --print-config` cannot drift
 * from the code.
 *
 * Weights are log-odds: a signal at full strength with weight 1.0 multiplies
 * the odds that the account is distilling by e (2.7).
 */
#ifndef SW_DETECT_CONFIG_H
#define SW_DETECT_CONFIG_H

#include <stddef.h>

#define SW_DETECT_CONFIG_FIELDS(X)                                                                 \
    /* what counts as what */                                                                      \
    X(large_max_tokens, 8192, "max_tokens at or above this asks for a maximal answer")              \
    X(new_account_days, 14, "an account younger than this when first seen is new")                  \
    X(min_events, 8, "below this many events an account's own behaviour carries reduced weight")   \
    X(heavy_events_per_day, 400, "a daily volume that makes extraction-grade behaviour heavy")       \
    X(reask_value, 0.25, "what an extraction-grade request counts for when it re-asks a question the account already asked (a new one counts 1)") \
    X(sweep_min_categories, 6, "capability areas an account must cover to count as sweeping")       \
    X(pivot_window_hours, 6, "moving to a new model within this many hours of its release is a pivot") \
    X(new_model_after_hours, 24, "a model first seen this long after the log starts is a new release") \
    /* linking accounts into clusters */                                                           \
    X(link_shared_prefixes, 3, "distinct residential /24 (/48) prefixes two accounts must share")   \
    X(link_shared_templates, 3, "distinct prompt templates two accounts must share")                \
    X(link_near_duplicates, 4, "near-duplicate prompts two accounts must share")                    \
    X(link_min_intent, 0.35, "both accounts' extraction intent must reach this to link on traffic") \
    X(cluster_min_size, 2, "a cluster smaller than this passes no evidence to its members")         \
    X(wording_member_intent, 0.45, "a member linked by wording alone takes the cluster's evidence once its extraction-grade share reaches this fraction of the cluster's") \
    /* account-level weights (log-odds) */                                                          \
    X(w_bias, -5.0, "prior log-odds of distillation")                                               \
    X(w_extraction, 3.2, "share of extraction-grade requests (reasoning asked, long answer, no homework context)") \
    X(w_reasoning_elicitation, 1.0, "share of prompts that elicit reasoning")                        \
    X(w_high_value, 0.8, "share of prompts in high-value capability areas")                          \
    X(w_heavy, 1.6, "heavy volume of extraction-grade requests")                                     \
    X(w_sustained, 6.0, "extraction-grade requests sustained day after day")                         \
    X(sustained_days, 6, "days with extraction-grade traffic that count as fully sustained")          \
    X(w_sweep, 1.6, "systematic sweep through many capability areas")                                \
    X(w_rubric, 1.0, "share of prompts using the model as a grader or data generator")               \
    X(w_weak_verification, 1.4, "identity verified by e-mail or phone at most")                     \
    X(w_new_account, 0.8, "account new when first seen")                                            \
    X(w_shared_card, 1.6, "payment fingerprint shared with other active accounts")                   \
    X(w_proxy_spread, 2.0, "requests spread over many residential networks")                        \
    X(w_automation, 0.6, "scripted HTTP client rather than an SDK, app or browser")                  \
    X(w_logprobs, 0.4, "share of requests asking for token log-probabilities")                       \
    X(w_maximal_max_tokens, 0.2, "habitually asks for the maximal answer length outside agent loops")  \
    X(w_output_ratio, 0.2, "extraction with answers many times longer than the prompts")             \
    X(w_regular_timing, 0.3, "extraction at machine-regular intervals")                              \
    X(w_disposable_email, 1.0, "e-mail at a throwaway-address provider")                             \
    X(w_around_clock, 0.6, "active around the clock")                                               \
    X(w_pivot, 0.8, "moved to a newly released model within hours")                                 \
    X(w_homework, -1.6, "coursework context")                                                       \
    X(w_strong_verification, -3.5, "verified organisation, enterprise contract, government ID or academic") \
    X(w_established, -1.0, "account established long before its first request here")                \
    X(established_days, 180, "age at first sight that counts as fully established (graded from new_account_days)") \
    X(w_bounded, -1.5, "bounded narrow experiment: one template, finite run")                        \
    /* cluster-level weights */                                                                     \
    X(wc_bias, -4.5, "prior log-odds of a linked cluster being a campaign")                         \
    X(wc_size, 1.2, "per tenfold increase in the number of linked accounts")                         \
    X(wc_intent, 4.0, "event-weighted extraction share of the cluster")                             \
    X(wc_weak, 1.2, "share of weakly verified members")                                             \
    X(wc_cards, 1.5, "share of members sharing payment fingerprints")                               \
    X(wc_proxy, 1.5, "share of members spread over residential networks")                           \
    X(wc_pivot, 1.5, "share of members that pivoted to a new model")                                \
    X(wc_registration_burst, 0.8, "members registered within days of each other")                   \
    X(wc_wording_only, -1.5, "cluster linked by shared wording alone (no card, address or timing evidence)") \
    /* verdict thresholds on the score in [0,1] */                                                  \
    X(t_monitor, 0.30, "score at which an account is monitored")                                    \
    X(t_throttle, 0.50, "score at which an account is throttled (flagged)")                         \
    X(t_challenge, 0.70, "score at which step-up verification is required")                        \
    X(t_block, 0.90, "score at which an account is blocked")

typedef struct sw_detect_config {
#define SW_X_FIELD(name, def, doc) double name;
    SW_DETECT_CONFIG_FIELDS(SW_X_FIELD)
#undef SW_X_FIELD
} sw_detect_config;

void sw_detect_config_defaults(sw_detect_config *c);

/* Sets a field by name from text. SW_OK, SW_ENOTFOUND (no such field) or
 * SW_EINVAL (not a number). */
int sw_detect_config_set(sw_detect_config *c, const char *name, const char *value);

/* Checks ranges and ordering (thresholds increasing…); SW_EINVAL with a reason. */
int sw_detect_config_check(const sw_detect_config *c, char *err, size_t errsz);

/* Calls fn once per field, in declaration order. */
void sw_detect_config_describe(const sw_detect_config *c,
                               void (*fn)(void *ctx, const char *name, double value, double def,
                                          const char *doc),
                               void *ctx);

#endif
