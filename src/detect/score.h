/*
 * score.h — from an account's features to a score, a verdict and reasons.
 *
 * The score is a logistic model written out by hand: each signal is a number
 * in [0, 1] (a share, or a saturating function of a count) multiplied by its
 * weight from the configuration, summed with a bias into log-odds, and
 * squashed into [0, 1]. Behavioural signals are shrunk towards zero while an
 * account has few events (confidence n / (n + min_events)), so that a single
 * odd request moves nothing. A cluster has its own log-odds from its members'
 * aggregates; a member's score is the larger of its own and its cluster's.
 *
 * The same code computes the per-event score (terms only) and the reasons
 * shown to analysts (terms with their evidence in words), so the two cannot
 * disagree.
 */
#ifndef SW_SCORE_H
#define SW_SCORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "detect/config.h"
#include "detect/features.h"
#include "detect/link.h"

typedef enum { SW_ALLOW, SW_MONITOR, SW_THROTTLE, SW_CHALLENGE, SW_BLOCK } sw_action;

const char *sw_action_name(sw_action a);
/* throttle, challenge and block are "flagged" */
static inline bool sw_action_flagged(sw_action a)
{
    return a >= SW_THROTTLE;
}

#define SW_MAX_TERMS 24
#define SW_DETAIL_LEN 160

typedef struct sw_term {
    const char *signal; /* stable machine name, e.g. "shared_payment" */
    double weight;      /* contribution to the log-odds */
    char detail[SW_DETAIL_LEN];
} sw_term;

/* What the scorer needs beyond the account itself. */
typedef struct sw_score_ctx {
    const sw_detect_config *cfg;
    uint32_t card_peers;     /* other active accounts with the same payment fingerprint */
    const char *new_model;   /* name of the new model the account moved to, if any */
    bool want_details;       /* fill sw_term.detail (reasons), not needed per event */
} sw_score_ctx;

/* Own log-odds of an account; terms (may be NULL) receive the non-zero terms. */
double sw_score_account(const sw_acct *a, const sw_score_ctx *ctx, sw_term *terms, int *nterms);

/* Log-odds of a cluster from its aggregates. */
double sw_score_cluster(const sw_cluster *c, const sw_detect_config *cfg, sw_term *terms, int *nterms);

double sw_score_squash(double logit);
sw_action sw_score_action(double score, const sw_detect_config *cfg);

/* Per-account traits that clusters aggregate (also used to keep aggregates current). */
bool sw_score_is_weak(const sw_acct *a);
/* identity verified by nothing stronger than e-mail or phone (or unknown) */
bool sw_score_is_unvouched(const sw_acct *a);
bool sw_score_is_proxied(const sw_acct *a);
bool sw_score_is_pivot(const sw_acct *a, const sw_detect_config *cfg);

/* The account's harvest: its extraction-grade requests, each re-ask of a
 * question it had already asked counting cfg->reask_value (reask.h). */
double sw_score_harvest(const sw_acct *a, const sw_detect_config *cfg);

#endif
