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
 * exchange keeps the client's socket in the loop's read set with h2o's
 * DONT_READ flag: the loop reports it readable without reading it (h2o's
 * request is still parsed in place in that socket's input buffer, which a
 * read could move), and a peek tells a close (EOF, reset) from a pipelined
 * next request. On a close it cancels the upstream call (its connection is
 * closed, so the upstream sees the request cancelled) and answers 499 itself
 * with keep-alive off, which makes h2o notice the dead connection and
 * dispose of the request. The socket is handed back as h2o left it when the
 * response starts, within the same loop turn in which h2o starts reading it
 * again for the next request: the loop then sees no change and makes no
 * epoll_ctl call, where letting h2o stop and restart reading cost two per
 * request. HTTP/2 needs none of this: h2o reads it all the time and
 * disposes of a reset stream at once, which closes the upstream connection
 * too.
 *
 * Before the request leaves, the client's credentials are taken off it (the
 * model server has no business with customers' keys or proofs), and the
 * client's Accept-Encoding too, so that the tap reads the answer as text.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "gateway/gw.h"

/* The thread whose loop runs this code (a client event finds its exchange
 * in that thread's list). */
static _Thread_local sw_gw_thread *watching_thread;

static sw_gw_exchange *watched_exchange(h2o_socket_t *sock)
{
    if (!watching_thread)
        return NULL;
    for (h2o_linklist_t *l = watching_thread->watched.next; l != &watching_thread->watched; l = l->next) {
        sw_gw_exchange *ex = H2O_STRUCT_FROM_MEMBER(sw_gw_exchange, watch_link, l);
        if (ex->watched == sock)
            return ex;
    }
    return NULL;
}

static void client_gone(sw_gw_exchange *ex)
{
    ex->client_gone = true;
    sw_gw_upstream_cancel(ex->upstream); /* closed, not pooled: the upstream stops working for nobody */
    ex->req->http1_is_persistent = 0;
    sw_gw_send_error(ex->req, 499, "client_closed_request", "The client closed the connection.", 0);
}

/* The client's socket became readable while its answer is awaited: the
 * client closed it (EOF, reset), or sent its next request early. */
static void on_client_event(h2o_socket_t *sock, const char *err)
{
    sw_gw_exchange *ex = watched_exchange(sock);
    if (!ex) { /* cannot happen: the watch ends with the exchange */
        h2o_socket_read_stop(sock);
        h2o_socket_dont_read(sock, 0);
        return;
    }
    char c;
    ssize_t n = recv(h2o_socket_get_fd(sock), &c, 1, MSG_PEEK | MSG_DONTWAIT);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
        return;
    if (n > 0) { /* a pipelined request: h2o reads it after this answer; a close behind it cannot be seen */
        sw_gw_unwatch_client(ex);
        return;
    }
    client_gone(ex);
}

void sw_gw_watch_client(sw_gw_exchange *ex)
{
    h2o_req_t *req = ex->req;
    if (req->version >= 0x200 || ex->watched || !req->conn->callbacks->get_socket)
        return;
    h2o_socket_t *sock = req->conn->callbacks->get_socket(req->conn);
    if (!sock || h2o_socket_is_reading(sock))
        return;
    watching_thread = ex->th;
    ex->watched = sock;
    h2o_linklist_insert(&ex->th->watched, &ex->watch_link);
    h2o_socket_dont_read(sock, 1);
    h2o_socket_read_start(sock, on_client_event);
}

void sw_gw_unwatch_client(sw_gw_exchange *ex)
{
    if (!ex->watched)
        return;
    h2o_linklist_unlink(&ex->watch_link);
    h2o_socket_read_stop(ex->watched);
    h2o_socket_dont_read(ex->watched, 0);
    ex->watched = NULL;
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
