/*
 * engine.h — the detector: one incremental engine, fed events in time order.
 *
 * The gateway feeds it request by request; `stillwatch scan` feeds it
 * events read from a log. Either way each call sees only the past, and after
 * any call the engine can say, for every account, its score, verdict and
 * reasons as of that moment, and when it first became flagged. Nothing here
 * knows where events come from: no I/O, no clocks (time is the events' ts).
 *
 * The flow of one event:  facts (content classes, template, near-duplicate,
 * network class, model release)  →  fold into the account's features  →
 * link evidence (shared prefixes, templates, near-duplicates; cards at the
 * first event)  →  cluster aggregates  →  account and cluster scores  →
 * action. Memory grows with accounts (about 1 KB each) plus fixed-size
 * evidence tables; it does not grow with events.
 *
 * Events that arrive out of time order (logs merged from several gateways)
 * are processed at the latest time seen so far and counted.
 */
#ifndef SW_ENGINE_H
#define SW_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "core/account.h"
#include "core/event.h"
#include "detect/config.h"
#include "detect/score.h"

typedef struct sw_engine sw_engine;

#define SW_MAX_REASONS 8

typedef struct sw_verdict {
    const char *account;
    double score;
    sw_action action;
    int nreasons;
    sw_term reasons[SW_MAX_REASONS]; /* strongest first, positive contributions only */
    char cluster[24];                /* "" when not in a cluster of cluster_min_size or more */
    uint32_t cluster_size;
    int64_t first_flagged_ms;        /* -1 if never flagged */
    uint32_t events;
} sw_verdict;

typedef struct sw_engine_stats {
    uint64_t events, out_of_order;
    uint32_t accounts, clusters; /* clusters of cluster_min_size or more */
    size_t bytes;                /* memory held by the engine's own tables */
    size_t account_bytes;        /* of which per account (state, index, cluster slot) */
    uint64_t memo_lookups, memo_hits; /* new prompts, and those whose text facts were remembered */
} sw_engine_stats;

/* Copies cfg. err receives a reason on failure (bad config, pattern compile). */
int sw_engine_new(const sw_detect_config *cfg, sw_engine **out, char *err, size_t errsz);
void sw_engine_free(sw_engine *e);

/* Replaces the settings (checked first: SW_EINVAL with a reason leaves the
 * old ones). Evidence gathered so far is kept; each account is scored under
 * the new settings from its next event on. */
int sw_engine_set_config(sw_engine *e, const sw_detect_config *cfg, char *err, size_t errsz);

/* Profile facts for an account (accounts file); may come before or after its first event. */
int sw_engine_add_account(sw_engine *e, const sw_account_info *info);

/* Processes one event; *action (may be NULL) receives the account's action after it. */
int sw_engine_feed(sw_engine *e, const sw_event *ev, sw_action *action);

/* Accounts seen in events, in order of first appearance: 0 .. count-1. */
size_t sw_engine_account_count(const sw_engine *e);
int sw_engine_verdict(sw_engine *e, size_t index, sw_verdict *out);
/* The verdict's action and score alone (score may be NULL), the same as
 * sw_engine_verdict() gives, without formatting its reasons. */
int sw_engine_action(sw_engine *e, size_t index, sw_action *action, double *score);
int sw_engine_lookup(sw_engine *e, const char *account, size_t *index);

void sw_engine_stats_get(sw_engine *e, sw_engine_stats *out);

/* Calls fn after every event of the given account with the per-event facts
 * the engine derived (for analysts asking "why this score?"). NULL clears. */
struct sw_event_facts;
typedef void (*sw_engine_trace_fn)(void *ctx, const sw_event *ev, const struct sw_event_facts *f, double score);
void sw_engine_set_trace(sw_engine *e, const char *account, sw_engine_trace_fn fn, void *ctx);

#endif
