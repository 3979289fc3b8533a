/*
 * route.c — the last handler: hand the request to its model's upstream.
 *
 * Upstreams are per model (policy's sw_config_upstream: exact name, longest
 * "prefix*", then "*"). The request goes to the chosen upstream through the
 * gateway's own HTTP/1.1 client (upstream.h), whose call then answers it,
 * streaming the model server's response. Its pools belong to the thread,
 * keyed by URL, so a reload that changes upstreams needs no coordination
 * between threads. (h2o's reverse proxy did this job once; its connection
 * pool cost seven system calls per request, see upstream.c.)
 *
 * h2o 2.2 does not read an HTTP/1 connection while its request is being
 * answered, so a client that leaves while the model server is still
 * thinking would go unnoticed until the first byte comes back, and the
 * upstream would keep working for nobody. Until the response starts, the
 * exchange peeks at the client's socket every SW_GW_WATCH_MS; on EOF it
 * closes the upstream connection (the upstream sees the request cancelled)
 * and answers 499 itself with keep-alive off, which makes h2o notice the
 * dead connection and dispose of the request. HTTP/2 needs none of this:
 * h2o reads it all the time and disposes of a reset stream at once, which
 * closes the upstream connection too.
 *
 * Before the request leaves, the client's credentials are taken off it (the
 * model server has no business with customers' keys or proofs), and the
 * client's Accept-Encoding too, so that the tap reads the answer as text.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "gateway/gw.h"

static void on_watch(h2o_timeout_entry_t *entry)
{
    sw_gw_exchange *ex = H2O_STRUCT_FROM_MEMBER(sw_gw_exchange, watch_entry, entry);
    h2o_req_t *req = ex->req;
    if (ex->status != 0)
        return; /* the response has started: h2o sees the client again */
    h2o_socket_t *sock = req->conn->callbacks->get_socket ? req->conn->callbacks->get_socket(req->conn) : NULL;
    int fd = sock ? h2o_socket_get_fd(sock) : -1;
    char c;
    ssize_t n = fd >= 0 ? recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT) : 1;
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
        ex->client_gone = true;
        sw_gw_upstream_cancel(ex->upstream); /* closed, not pooled: the upstream stops working for nobody */
        req->http1_is_persistent = 0;
        sw_gw_send_error(req, 499, "client_closed_request", "The client closed the connection.", 0);
        return;
    }
    h2o_timeout_link(ex->th->ctx.loop, &ex->th->watch, &ex->watch_entry);
}

void sw_gw_watch_client(sw_gw_exchange *ex)
{
    if (ex->req->version >= 0x200)
        return;
    ex->watch_entry.cb = on_watch;
    h2o_timeout_link(ex->th->ctx.loop, &ex->th->watch, &ex->watch_entry);
}

void sw_gw_unwatch_client(sw_gw_exchange *ex)
{
    if (h2o_timeout_is_linked(&ex->watch_entry))
        h2o_timeout_unlink(&ex->watch_entry);
}

static bool dropped_header(const h2o_header_t *h)
{
    static const char *const names[] = {"authorization", "x-api-key", "sw-proof", "accept-encoding", "x-stillwatch-account"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (h2o_lcstris(h->name->base, h->name->len, names[i], strlen(names[i])))
            return true;
    return false;
}

static void rewrite_headers(sw_gw_exchange *ex, h2o_req_t *req)
{
    h2o_headers_t kept = {NULL, 0, 0};
    for (size_t i = 0; i < req->headers.size; i++) {
        const h2o_header_t *h = &req->headers.entries[i];
        if (dropped_header(h))
            continue;
        h2o_vector_reserve(&req->pool, &kept, kept.size + 1);
        kept.entries[kept.size++] = *h;
    }
    req->headers = kept;
    /* who the model server is serving: for per-account watermarks and its own logs */
    h2o_add_header_by_str(&req->pool, &req->headers, H2O_STRLIT("x-stillwatch-account"), 0, NULL,
                          ex->account.info.account, strlen(ex->account.info.account));
    h2o_add_header_by_str(&req->pool, &req->headers, H2O_STRLIT("x-request-id"), 0, NULL, ex->request_id,
                          strlen(ex->request_id));
}

int sw_gw_on_route(h2o_handler_t *self, h2o_req_t *req)
{
    sw_gw_exchange *ex = sw_gw_exchange_of(req);
    if (!ex || !ex->inference || !ex->admitted || ex->proxied)
        return -1;
    const sw_config *c = &ex->conf->cfg;
    const sw_upstream *up = sw_config_upstream(c, ex->body.model);
    if (!up) { /* policy checked this; a reload cannot change ex->conf */
        sw_gw_send_error(req, 404, "model_not_found", "The model does not exist.", 0);
        return 0;
    }
    const h2o_url_t *url = &ex->conf->urls[up - c->upstreams];
    sw_gw_upstream_pool *pool = sw_gw_upstreams_pool(&ex->th->upstreams, up->url);
    if (!pool) {
        sw_gw_send_error(req, 503, "overloaded", "The gateway is out of memory; retry.", 1);
        return 0;
    }
    rewrite_headers(ex, req);
    ex->proxied = true;
    h2o_iovec_t path = h2o_build_destination(req, url->path.base, url->path.len, 0);
    ex->upstream = sw_gw_upstream_send(pool, req, path);
    if (ex->status == 0) /* not answered at once (an upstream that refused a connection on the spot) */
        sw_gw_watch_client(ex);
    return 0;
}
