/*
 * gw.h — the gateway's internals, shared by its handlers and filters.
 *
 * Three lifetimes meet here:
 *
 *   process   sw_gateway: the configuration in force (sw_gw_conf, swapped
 *             whole on reload), the limiter, the replay cache, the signing
 *             key and pepper, the detector with the traffic log (sink.h),
 *             the metrics. Shared by every thread; each piece says how it
 *             is guarded.
 *   thread    sw_gw_thread: one h2o event loop and context, its listening
 *             sockets, its own store handle (a handle serves one thread;
 *             with a fleet, its Redis connection) and
 *             its own keep-alive connections to the upstreams, which stay
 *             registered with that loop (upstream.h).
 *   request   sw_gw_exchange: what the handler chain learnt about one request
 *             (body, identity, tier, verdict, admission), the response tap,
 *             and the work left for the end. It rides on the h2o request as
 *             a pass-through prefilter — the one per-request slot h2o 2.2
 *             offers — and is allocated as a refcounted block of the
 *             request's pool, whose dispose callback is the one place where
 *             an exchange ends, however it ended (answered, refused, client
 *             gone, upstream failed): the traffic-log line, the limiter
 *             settlement and the stream slot all happen there exactly once.
 */
#ifndef SW_GW_H
#define SW_GW_H

/* The package is built on h2o's own event loop (libh2o-evloop); its headers
 * default to libuv unless told. */
#define H2O_USE_LIBUV 0
#include <h2o.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "auth/apikey.h"
#include "auth/token.h"
#include "core/buf.h"
#include "core/jsondoc.h"
#include "detect/score.h"
#include "gateway/errors.h"
#include "gateway/fleet.h"
#include "gateway/gateway.h"
#include "gateway/metrics.h"
#include "gateway/request.h"
#include "gateway/sink.h"
#include "gateway/tap.h"
#include "gateway/upstream.h"
#include "policy/geo.h"
#include "policy/policy.h"
#include "store/credcache.h"
#include "store/stepup_store.h"
#include "store/store.h"

/* ---- process ---- */

/* A configuration in force and what is derived from it; read-only once
 * published, refcounted so that a reload never frees one that a request in
 * flight still reads. */
typedef struct sw_gw_conf {
    atomic_int refs;
    sw_config cfg;
    h2o_url_t urls[SW_POLICY_MAX_LIST]; /* cfg.upstreams[i].url parsed (points into cfg) */
    sw_geo *geo;                        /* NULL: no geo lookup */
} sw_gw_conf;

typedef struct sw_gw_thread sw_gw_thread;
typedef struct sw_gw_exchange sw_gw_exchange;

struct sw_gateway {
    sw_gw_options opts;
    pthread_mutex_t conf_lock; /* guards the conf pointer, not what it points to */
    sw_gw_conf *conf;
    sw_limiter *limiter; /* internally locked */
    pthread_mutex_t replay_lock;
    sw_replay *replay;
    uint8_t pepper[SW_PEPPER_LEN];
    uint8_t token_sk[SW_ED25519_SK], token_pk[SW_ED25519_PK];
    sw_gw_sink *sink;       /* internally locked */
    sw_gw_metrics *metrics; /* internally locked */
    sw_gw_fleet *fleet;     /* shared state in Redis (fleet.h); NULL: embedded */
    h2o_globalconf_t h2o;
    SSL_CTX *server_ssl, *client_ssl;
    int nthreads;
    sw_gw_thread *threads;
    int listen_fds[SW_POLICY_MAX_LIST]; /* the first thread's sockets; the others bind the same addresses */
    int nlisten;
    pthread_mutex_t park_lock; /* threads park here after the drain (server.c) */
    pthread_cond_t park_cond;
    int parked;
    bool running; /* event-loop threads were started */
    atomic_bool stopping;
    atomic_long inflight; /* exchanges not yet ended */
    int64_t drain_deadline_ms;
};

sw_gw_conf *sw_gw_conf_acquire(sw_gateway *g);
void sw_gw_conf_release(sw_gw_conf *c);
/* Builds a conf from a validated config (parses upstream URLs, opens geo
 * databases). SW_EINVAL with a reason in err. */
int sw_gw_conf_new(const sw_config *cfg, sw_gw_conf **out, char *err, size_t errsz);

/* ---- thread ---- */

struct sw_gw_thread {
    h2o_context_t ctx; /* first: handlers find their thread from req->conn->ctx */
    sw_gateway *gw;
    int index;
    pthread_t tid;
    h2o_accept_ctx_t accept;
    h2o_socket_t *listeners[SW_POLICY_MAX_LIST];
    int nlisteners;
    sw_store *store;
    sw_credcache *creds; /* who a credential is, remembered for a second */
    sw_jsondoc *json;    /* where the response taps parse (tap.h), one answer at a time */
    sw_buf line;         /* the traffic-log line of the exchange ending (exchange.c), reused */
    sw_apikey_memo *keyhash; /* hashes of the keys presented lately (auth/apikey.h) */
    sw_stepup_store *stepup; /* passkeys and step-ups (stepup.c), opened on first use */
    sw_gw_upstreams upstreams; /* keep-alive connections to the model servers (upstream.h) */
    uint64_t rng;
    bool closed;         /* listeners closed, shutdown requested */
    h2o_linklist_t watched; /* HTTP/1 exchanges whose client is watched (route.c) */
};

static inline sw_gw_thread *sw_gw_thread_of(h2o_req_t *req)
{
    return (sw_gw_thread *)req->conn->ctx;
}

/* Watches an HTTP/1 client while its exchange waits for the upstream's
 * answer, and ends the exchange if the client leaves (route.c); unwatching
 * hands the client's socket back to h2o as it was, and must happen before
 * any response starts (the exchange's prefilter does it). */
void sw_gw_watch_client(sw_gw_exchange *ex);
void sw_gw_unwatch_client(sw_gw_exchange *ex);

/* ---- request ---- */

struct sw_gw_exchange {
    h2o_req_prefilter_t super;
    sw_gateway *gw;
    sw_gw_thread *th;
    sw_gw_conf *conf; /* held for the exchange's life */
    h2o_req_t *req;
    bool inference;   /* an inference call: logged, proxied */
    sw_gw_style style;
    sw_endpoint ep;
    char endpoint[32];
    char request_id[24];
    int64_t start_ms;

    /* body */
    const char *raw; /* the client's body as sent (request pool) */
    size_t raw_len;
    sw_gw_body body;

    /* where from */
    char ip[SW_IP_STRSZ];
    sw_ip ipbin;
    char country[3];
    int64_t asn;
    const char *user_agent; /* request pool copy, may be NULL */

    /* who */
    bool identified;
    bool via_token;
    sw_account_rec account;
    char key_id[SW_KEY_ID_MAX];
    const sw_tier *tier; /* points into conf */

    /* decisions */
    bool have_verdict;
    sw_action verdict;
    double factor;       /* rate multiplier */
    bool degraded;
    bool admitted;
    bool admitted_shared; /* by the fleet's limiter (settled there) */
    int64_t admit_ms;
    int64_t est_tokens;
    bool proxied;        /* handed to the upstream */
    sw_gw_upstream_call *upstream; /* the call to it (upstream.h) */
    h2o_socket_t *watched;  /* the client's socket while watched, or NULL */
    h2o_linklist_t watch_link;
    bool client_gone;    /* the client left before the upstream answered */

    /* response */
    bool tapping;
    sw_tap tap;
    int status;
    int64_t end_ms;
    bool ended;
};

/* The request's exchange, or NULL when the chain made none. */
sw_gw_exchange *sw_gw_exchange_of(h2o_req_t *req);
/* Makes the exchange of a request (once). NULL on allocation failure. */
sw_gw_exchange *sw_gw_exchange_new(h2o_req_t *req, sw_gateway *g, bool inference);

/* ---- responses ---- */

/* Sends a refusal in the request's style; retry_after_s > 0 adds Retry-After. */
void sw_gw_send_error(h2o_req_t *req, int status, const char *code, const char *message, int64_t retry_after_s);
/* Sends a JSON body with a status. */
void sw_gw_send_json(h2o_req_t *req, int status, const char *json, size_t len);

/* ---- the chain (handlers.c, …), registered in server.c in this order ---- */

int sw_gw_on_ops(h2o_handler_t *self, h2o_req_t *req);      /* /healthz, /metrics */
int sw_gw_on_token(h2o_handler_t *self, h2o_req_t *req);    /* POST /v1/auth/token */
int sw_gw_on_stepup(h2o_handler_t *self, h2o_req_t *req);   /* GET /stepup, POST /v1/stepup/… (stepup.c) */
int sw_gw_on_body(h2o_handler_t *self, h2o_req_t *req);     /* 1: parse and limit the body */
int sw_gw_on_identify(h2o_handler_t *self, h2o_req_t *req); /* 2: key or token + proof */
int sw_gw_on_models(h2o_handler_t *self, h2o_req_t *req);   /* GET /v1/models */
int sw_gw_on_policy(h2o_handler_t *self, h2o_req_t *req);   /* 3: tier, model, proof, origin */
int sw_gw_on_detect(h2o_handler_t *self, h2o_req_t *req);   /* 4: verdict → act */
int sw_gw_on_limit(h2o_handler_t *self, h2o_req_t *req);    /* 4b: limiter admission */
int sw_gw_on_route(h2o_handler_t *self, h2o_req_t *req);    /* 5: proxy to the model's upstream */
int sw_gw_on_fallback(h2o_handler_t *self, h2o_req_t *req); /* 404 / 405 */

/* Step-up (stepup.c): whether the exchange's account has passed step-up
 * verification that still counts; the 403 step_up_required refusal naming
 * the step-up URL with a fresh ticket (returns 0, as a handler that
 * answered). */
bool sw_gw_stepup_passed(sw_gw_exchange *ex);
int sw_gw_stepup_refuse(sw_gw_exchange *ex, h2o_req_t *req);

/* Handlers are created with this size so that each can reach the gateway. */
typedef struct sw_gw_handler {
    h2o_handler_t super;
    sw_gateway *gw;
} sw_gw_handler;

static inline sw_gateway *sw_gw_of_handler(h2o_handler_t *h)
{
    return ((sw_gw_handler *)h)->gw;
}

/* The response tap filter (tapfilter.c) and the metrics logger. */
void sw_gw_register_tap(h2o_pathconf_t *pathconf, sw_gateway *g);
void sw_gw_register_logger(h2o_pathconf_t *pathconf, sw_gateway *g);

/* Wall-clock milliseconds. */
int64_t sw_gw_now_ms(void);

#endif
