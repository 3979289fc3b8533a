/*
 * fleet.h — the gateway's side of a fleet's shared state (docs/fleet.md).
 *
 * When the configuration names a Redis (`state: redis://…`), the gateway
 * asks it instead of its own memory for everything a distiller could
 * otherwise spread across replicas: credentials (every request, so a
 * revocation anywhere applies at once), proof nonces, limits, and the
 * detector's verdicts (written by `stillwatch detect` workers over the
 * whole fleet's stream). This file holds what is per process: the link's
 * health, the failure mode, the spool of events Redis could not take, and
 * the verdict table a background thread refreshes every SW_GW_FLEET_POLL_MS
 * (which is also the thread that empties the spool when Redis is back).
 * The per-request calls use the serving thread's own connection (its
 * store's, store.h).
 *
 * Failure: with on_failure closed every request that needs Redis is
 * answered 503 store_unavailable while it is away; with open, the gateway
 * falls back to what it has — last-known credentials, the local replay
 * cache, the local limiter, the last verdicts — and counts each fallback.
 * Events are spooled either way and sent when Redis answers again.
 */
#ifndef SW_GW_FLEET_H
#define SW_GW_FLEET_H

#include <stdatomic.h>
#include <stdbool.h>

#include "core/buf.h"
#include "detect/score.h"
#include "policy/policy.h"
#include "store/fleet.h"

#define SW_GW_FLEET_POLL_MS 250

typedef struct sw_gw_fleet {
    sw_redis_health health;
    bool fail_open;
    int timeout_ms;
    char url[2048]; /* as sw_config.state_url */
    sw_spool *spool;
    atomic_ullong fallback_credentials, fallback_nonces, fallback_limits, refused, spooled, resent;
    /* the verdict table and its poller (fleet.c) */
    struct sw_gw_verdicts *verdicts;
} sw_gw_fleet;

/* Opens the spool (DIR/redis-spool.jsonl) and starts the poller. */
int sw_gw_fleet_new(sw_gw_fleet **out, const sw_config *cfg, char *err, size_t errsz);
void sw_gw_fleet_free(sw_gw_fleet *f); /* NULL is a no-op */

/* The fleet's verdict on an account (SW_ALLOW when it has none). */
sw_action sw_gw_fleet_verdict(sw_gw_fleet *f, const char *account);

/* Admission through the shared limiter. SW_OK with *r filled; SW_EIO when
 * Redis did not answer (the caller falls back or refuses). */
int sw_gw_fleet_admit(sw_redis *r, const char *account, const sw_tier *t, double factor, int64_t est,
                      int64_t now_ms, sw_limit_result *out);

/* The end of an exchange: settlement (when settle), the event and the
 * account's summary in one round trip; the event goes to the spool when
 * Redis does not take it. */
void sw_gw_fleet_end(sw_gw_fleet *f, sw_redis *r, const sw_rexchange_end *e);

/* Appends the fleet's metrics (Prometheus text). */
void sw_gw_fleet_metrics(sw_gw_fleet *f, sw_buf *b);

#endif
