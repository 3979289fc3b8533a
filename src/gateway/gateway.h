/*
 * gateway.h — `stillwatch serve`: the security gateway in front of a model
 * provider's inference API.
 *
 * A request goes through a chain of small h2o handlers, each of which either
 * answers (a refusal, or a small endpoint of its own) or passes on: body
 * limits and JSON, identity (API key, or device-bound token with proof of
 * possession), policy (tier, model, origin), the detector's verdict on the
 * account (allow, monitor, throttle, challenge, degrade, block), rate
 * limits, and finally a streaming reverse proxy to the model's upstream. An
 * output filter taps the streamed answer for usage and text; when the
 * exchange ends one traffic-log line is written and the same line is fed to
 * the detector, so that `stillwatch scan` over the log reproduces every
 * verdict the gateway acted on. One h2o event loop per thread.
 *
 * The CLI owns signals: it calls sw_gateway_reload() on SIGHUP and
 * sw_gateway_stop() on SIGTERM. Errors follow core/error.h, with a reason in
 * err.
 */
#ifndef SW_GATEWAY_H
#define SW_GATEWAY_H

#include <stddef.h>
#include <stdint.h>

#include "policy/policy.h"

typedef struct sw_gateway sw_gateway;

typedef struct sw_gw_options {
    int64_t upstream_timeout_ms; /* no byte from the upstream for this long: 504 (default 300 s) */
    int64_t drain_timeout_ms;    /* longest wait for open streams at stop (default 30 s) */
} sw_gw_options;

void sw_gw_options_defaults(sw_gw_options *o);

/* Opens the state in cfg->state_dir (store, pepper, token key, traffic log),
 * loads every account into the detector. Does not listen yet. */
int sw_gateway_new(const sw_config *cfg, const sw_gw_options *opts, sw_gateway **out, char *err,
                   size_t errsz);

/* Binds every listen address and starts the event-loop threads. */
int sw_gateway_start(sw_gateway *g, char *err, size_t errsz);

/* Swaps in a new validated configuration for the requests that start from
 * now on (tiers, upstreams, limits, geo databases, detector switch) and
 * reopens the traffic log (for rotation). Listen addresses, TLS, threads and
 * the state directory are read once at start; changes to them are reported
 * in err (as a warning, with SW_OK) and wait for a restart. */
int sw_gateway_reload(sw_gateway *g, const sw_config *cfg, char *err, size_t errsz);

/* Stops accepting, lets open exchanges finish (up to drain_timeout_ms) and
 * joins the threads. Returns the number of exchanges still open when the
 * wait ended (0 after a clean drain). */
long sw_gateway_stop(sw_gateway *g);

void sw_gateway_free(sw_gateway *g);

/* The port the first listen address is bound to (useful with port 0). */
int sw_gateway_port(const sw_gateway *g);

#endif
