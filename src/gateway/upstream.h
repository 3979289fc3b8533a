/*
 * upstream.h — the gateway's HTTP/1.1 client to the model servers.
 *
 * One sw_gw_upstreams per event-loop thread holds that thread's keep-alive
 * connection pools, one per upstream URL (made on first use, kept for the
 * thread's life: a reload that names new upstreams simply makes new pools,
 * and the old pools' idle connections expire). A call sends one h2o request
 * to an upstream and is the request's response generator: the upstream's
 * status, end-to-end headers and body go out through h2o_start_response and
 * h2o_send as they arrive, so the response filters (the tap) see every
 * response, streamed ones chunk by chunk.
 *
 * Contract:
 *   - the request goes out as the client sent it, less its hop-by-hop
 *     headers, with Host the upstream's authority, the body in req->entity,
 *     and X-Forwarded-For / X-Forwarded-Proto / Via added as h2o's proxy did;
 *     the caller removes what the upstream must not see beforehand;
 *   - before the response starts, a failure is answered by the call in the
 *     endpoint's JSON error shape: 502 upstream_error (refused, reset, bad
 *     response), 504 upstream_timeout (no byte for the I/O timeout);
 *     after it, the response is cut off (h2o_send_state_error);
 *   - a request written on a pooled connection that the upstream had
 *     already closed is sent again, once, on a fresh connection when nothing
 *     came back;
 *   - the call lives as long as the request (a shared block of its pool):
 *     when h2o disposes of the request, or stops the generator because the
 *     client went away, the upstream connection is closed, never pooled.
 *
 * Everything here runs on the thread that owns the sw_gw_upstreams.
 */
#ifndef SW_GW_UPSTREAM_H
#define SW_GW_UPSTREAM_H

#define H2O_USE_LIBUV 0
#include <h2o.h>

#include <stdbool.h>
#include <stdint.h>

typedef struct sw_gw_upstream_pool sw_gw_upstream_pool;
typedef struct sw_gw_upstream_call sw_gw_upstream_call;

/* How long an idle pooled connection is kept. Below the keep-alive timeouts
 * of common servers (Node 5 s, nginx 60 s), so that the upstream rarely
 * closes one first. */
#define SW_GW_UPSTREAM_IDLE_MS 2000
/* Idle connections kept per upstream and thread; more are closed. */
#define SW_GW_UPSTREAM_MAX_IDLE 256

typedef struct sw_gw_upstreams {
    h2o_context_t *ctx;
    SSL_CTX *ssl_ctx;          /* https:// upstreams; verifies the peer */
    h2o_timeout_t io_timeout;  /* connect, write, and silence while a response is awaited */
    h2o_timeout_t idle_timeout;
    sw_gw_upstream_pool **pools;
    size_t npools;
    bool closing;              /* shutting down: no connection is kept idle */
} sw_gw_upstreams;

void sw_gw_upstreams_init(sw_gw_upstreams *u, h2o_context_t *ctx, SSL_CTX *ssl_ctx, uint64_t io_timeout_ms);
/* Closes the idle connections and keeps none from now on (graceful stop). */
void sw_gw_upstreams_close_idle(sw_gw_upstreams *u);
/* Frees the pools; only when no call is in flight (a loop that never ran,
 * or one that is done). */
void sw_gw_upstreams_dispose(sw_gw_upstreams *u);

/* The pool of an upstream URL (http:// or https://), made on first use;
 * NULL when the URL does not parse or memory runs out. */
sw_gw_upstream_pool *sw_gw_upstreams_pool(sw_gw_upstreams *u, const char *url);

/* Sends req to the pool's upstream at path (the request target, path and
 * query). The call answers the request, whatever happens. */
sw_gw_upstream_call *sw_gw_upstream_send(sw_gw_upstream_pool *pool, h2o_req_t *req, h2o_iovec_t path);

/* Whether the upstream's response has started (the response being sent is
 * the model server's, not the gateway's). NULL: false. */
bool sw_gw_upstream_started(const sw_gw_upstream_call *call);

/* Abandons a call whose response has not started, closing its connection;
 * the caller answers the request. NULL: nothing. */
void sw_gw_upstream_cancel(sw_gw_upstream_call *call);

#endif
