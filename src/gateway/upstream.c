/*
 * upstream.c — keep-alive connections to the model servers, on h2o's socket
 * layer, and the generator that streams their answers (upstream.h).
 *
 * Why not h2o's own reverse proxy: in libh2o 2.2 its connection pool
 * (h2o_socketpool_t) is built to hand sockets between event loops, so every
 * connection returned to it is exported from the loop and imported again for
 * the next request — four epoll_ctl, two fcntl and a recv(MSG_PEEK) liveness
 * check per proxied request, on top of the four reads and writes a request
 * needs. On the machines the gateway runs on a system call is the unit of
 * cost; the pool was the gap to nginx. Here a pool belongs to one loop and
 * an idle connection stays registered with it, still read: its read
 * callback closes it when the upstream closes it (EOF) or sends anything
 * unasked, which is the liveness check, done by the loop for free. Taking a
 * connection from the pool and giving it back cost no system call.
 *
 * A request is a call (the h2o generator, a shared block of the request's
 * pool so that h2o's dispose is the one place it ends):
 *
 *   connect   an idle connection (most recently used first), or a new one:
 *             the address of a numeric host is parsed once per pool, a name
 *             is resolved by h2o's resolver threads for each new connection;
 *             https:// adds a TLS handshake (SNI and certificate checked
 *             against the host name)
 *   write     request head and body in one writev
 *   read      response bytes into the reader (upresp.h, http-parser); the
 *             head starts the h2o response, body bytes are gathered in
 *             `pending` and handed to h2o_send whenever h2o holds nothing
 *             else of ours (`sending`). While h2o holds a chunk the upstream
 *             is not read: a slow client slows the upstream down (reads stop
 *             and restart within one loop turn when the client keeps up,
 *             which h2o's loop does without a system call)
 *   end       the connection goes back to the pool when the response ended
 *             cleanly and the upstream keeps it alive; it is closed
 *             otherwise, and always when the client left mid-response (the
 *             upstream would go on producing tokens for nobody)
 *
 * One I/O timeout covers connecting, writing and each wait for upstream
 * bytes (reset by every read); it is suspended while the client, not the
 * upstream, is the one holding the response up.
 *
 * A stale pooled connection — the upstream closed it while idle, but the
 * close had not reached the loop when the request was written — is the one
 * failure retried: once, on a fresh connection, and only when nothing at all
 * came back, so the upstream cannot have answered the first attempt.
 */
#include "gateway/upstream.h"

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/ip.h"
#include "gateway/gw.h"
#include "gateway/upresp.h"

struct sw_gw_upstream_pool {
    sw_gw_upstreams *owner;
    char url[256];
    h2o_url_t parsed;                 /* points into url */
    char host[256];                   /* NUL-terminated: resolver, SNI */
    char port[8];
    bool tls;
    struct sockaddr_storage addr;     /* a numeric host's address */
    socklen_t addrlen;                /* 0: the host is a name, resolved per connection */
    h2o_linklist_t idle;              /* idle connections, most recently used first */
    size_t nidle;
};

typedef struct upstream_conn {
    h2o_socket_t *sock;
    sw_gw_upstream_pool *pool;
    sw_gw_upstream_call *call;        /* NULL: idle in the pool */
    h2o_linklist_t idle_link;
    h2o_timeout_entry_t idle_entry;
} upstream_conn;

struct sw_gw_upstream_call {
    h2o_generator_t super;
    h2o_req_t *req;
    sw_gw_upstream_pool *pool;
    upstream_conn *conn;              /* NULL: none attached */
    h2o_hostinfo_getaddr_req_t *resolving;
    h2o_timeout_entry_t io_entry;
    h2o_iovec_t out[2];               /* the request: head, body */
    size_t nout;
    sw_upresp resp;
    int status;
    h2o_iovec_t reason;
    h2o_headers_t headers;            /* the response's, until it starts */
    h2o_buffer_t *pending;            /* body bytes read, not yet given to h2o */
    h2o_buffer_t *sending;            /* body bytes h2o holds until it proceeds */
    bool reused;                      /* the connection came from the pool */
    bool retried;
    bool writing;                     /* the request is not all written */
    bool started;                     /* h2o_start_response was called */
    bool in_h2o;                      /* h2o holds a chunk */
    bool paused;                      /* upstream reads stopped until h2o proceeds */
    bool broken;                      /* the upstream failed after the response started */
    bool finished;                    /* nothing more to do: the end was sent, or the call abandoned */
};

static void on_conn_read(h2o_socket_t *sock, const char *err);
static void call_connect(sw_gw_upstream_call *call);

static h2o_loop_t *loop_of(const sw_gw_upstream_pool *pool)
{
    return pool->owner->ctx->loop;
}

/* ---- connections ---- */

static void conn_close(upstream_conn *conn)
{
    if (h2o_timeout_is_linked(&conn->idle_entry))
        h2o_timeout_unlink(&conn->idle_entry);
    if (h2o_linklist_is_linked(&conn->idle_link)) {
        h2o_linklist_unlink(&conn->idle_link);
        conn->pool->nidle--;
    }
    h2o_socket_close(conn->sock);
    free(conn);
}

static void on_idle_expired(h2o_timeout_entry_t *entry)
{
    conn_close(H2O_STRUCT_FROM_MEMBER(upstream_conn, idle_entry, entry));
}

static upstream_conn *conn_new(sw_gw_upstream_pool *pool, h2o_socket_t *sock)
{
    upstream_conn *conn = calloc(1, sizeof *conn);
    if (!conn)
        return NULL;
    conn->sock = sock;
    conn->pool = pool;
    conn->idle_entry.cb = on_idle_expired;
    sock->data = conn;
    return conn;
}

/* Back to the pool, still registered with the loop and read (see the top),
 * or closed. */
static void conn_release(upstream_conn *conn, bool reusable)
{
    sw_gw_upstream_pool *pool = conn->pool;
    sw_gw_upstreams *u = pool->owner;
    conn->call = NULL;
    if (!reusable || u->closing || pool->nidle >= SW_GW_UPSTREAM_MAX_IDLE) {
        conn_close(conn);
        return;
    }
    if (!h2o_socket_is_reading(conn->sock))
        h2o_socket_read_start(conn->sock, on_conn_read);
    h2o_linklist_insert(pool->idle.next, &conn->idle_link);
    pool->nidle++;
    h2o_timeout_link(u->ctx->loop, &u->idle_timeout, &conn->idle_entry);
}

static upstream_conn *conn_take_idle(sw_gw_upstream_pool *pool)
{
    if (h2o_linklist_is_empty(&pool->idle))
        return NULL;
    upstream_conn *conn = H2O_STRUCT_FROM_MEMBER(upstream_conn, idle_link, pool->idle.next);
    h2o_linklist_unlink(&conn->idle_link);
    pool->nidle--;
    h2o_timeout_unlink(&conn->idle_entry);
    return conn;
}

/* ---- the call's plumbing ---- */

static void io_timer_reset(sw_gw_upstream_call *call)
{
    if (h2o_timeout_is_linked(&call->io_entry))
        h2o_timeout_unlink(&call->io_entry);
    h2o_timeout_link(loop_of(call->pool), &call->pool->owner->io_timeout, &call->io_entry);
}

static void io_timer_stop(sw_gw_upstream_call *call)
{
    if (h2o_timeout_is_linked(&call->io_entry))
        h2o_timeout_unlink(&call->io_entry);
}

static void attach(sw_gw_upstream_call *call, upstream_conn *conn)
{
    call->conn = conn;
    conn->call = call;
}

static upstream_conn *detach(sw_gw_upstream_call *call)
{
    upstream_conn *conn = call->conn;
    if (conn) {
        conn->call = NULL;
        call->conn = NULL;
    }
    call->paused = false;
    return conn;
}

/* Stops everything under way: the connection is closed, never pooled. */
static void call_abandon(sw_gw_upstream_call *call)
{
    upstream_conn *conn = detach(call);
    if (conn)
        conn_close(conn);
    if (call->resolving) {
        h2o_hostinfo_getaddr_cancel(call->resolving);
        call->resolving = NULL;
    }
    io_timer_stop(call);
    call->writing = false;
}

static void pause_reading(sw_gw_upstream_call *call)
{
    if (!call->conn || call->paused)
        return;
    h2o_socket_read_stop(call->conn->sock);
    io_timer_stop(call);
    call->paused = true;
}

static void resume_reading(sw_gw_upstream_call *call)
{
    if (!call->conn || !call->paused)
        return;
    call->paused = false;
    h2o_socket_read_start(call->conn->sock, on_conn_read);
    io_timer_reset(call);
}

/* ---- to the client ---- */

/* Gives h2o what was read when it holds nothing of ours: a chunk, or the
 * end (with the last bytes) once the response ended or broke. */
static void flush(sw_gw_upstream_call *call)
{
    if (!call->started || call->in_h2o || call->finished)
        return;
    bool end = call->resp.done || call->broken;
    if (!call->pending->size && !end) {
        resume_reading(call);
        return;
    }
    h2o_buffer_t *t = call->sending; /* empty: h2o gave it back */
    call->sending = call->pending;
    call->pending = t;
    h2o_iovec_t buf = h2o_iovec_init(call->sending->bytes, call->sending->size);
    h2o_send_state_t state = call->broken          ? H2O_SEND_STATE_ERROR
                             : call->resp.done     ? H2O_SEND_STATE_FINAL
                                                   : H2O_SEND_STATE_IN_PROGRESS;
    if (state == H2O_SEND_STATE_IN_PROGRESS) {
        call->in_h2o = true;
        pause_reading(call);
    } else {
        call->finished = true;
    }
    h2o_send(call->req, &buf, buf.len ? 1 : 0, state); /* last: h2o may call back into us */
}

static void on_proceed(h2o_generator_t *self, h2o_req_t *req)
{
    sw_gw_upstream_call *call = (sw_gw_upstream_call *)self;
    call->in_h2o = false;
    h2o_buffer_consume(&call->sending, call->sending->size);
    flush(call);
}

/* The client went away mid-response. */
static void on_stop(h2o_generator_t *self, h2o_req_t *req)
{
    sw_gw_upstream_call *call = (sw_gw_upstream_call *)self;
    call->finished = true;
    call_abandon(call);
}

static void start_response(sw_gw_upstream_call *call)
{
    h2o_req_t *req = call->req;
    req->res.status = call->status;
    req->res.reason = call->reason.base;
    req->res.content_length = call->resp.content_length;
    for (size_t i = 0; i < call->headers.size; i++) {
        h2o_vector_reserve(&req->pool, &req->res.headers, req->res.headers.size + 1);
        req->res.headers.entries[req->res.headers.size++] = call->headers.entries[i];
    }
    call->started = true;
    h2o_start_response(req, &call->super);
}

/* A failure of the exchange with the upstream: an error answer before the
 * response started, the response cut off after. */
static void call_fail(sw_gw_upstream_call *call, bool timeout, const char *why)
{
    call_abandon(call);
    h2o_req_t *req = call->req;
    h2o_req_log_error(req, "stillwatch/upstream", "%s: %s", call->pool->url, why);
    if (call->started) {
        call->broken = true;
        flush(call);
        return;
    }
    call->finished = true;
    char msg[300];
    snprintf(msg, sizeof msg,
             timeout ? "The model server did not answer in time (%s)."
                     : "The model server could not be reached or sent a bad response (%s).",
             why);
    sw_gw_send_error(req, timeout ? 504 : 502, timeout ? "upstream_timeout" : "upstream_error", msg, 0);
}

/* The connection broke (closed, reset, a write that failed): a stale pooled
 * connection is replaced once; anything else is a failure. */
static void conn_failed(sw_gw_upstream_call *call, const char *why)
{
    if (!call->reused || call->retried || call->resp.received != 0 || call->started) {
        call_fail(call, false, why);
        return;
    }
    call_abandon(call);
    call->retried = true;
    call_connect(call);
}

/* ---- the response, from the reader ---- */

static int on_resp_header(void *ctx, const char *name, size_t name_len, const char *value, size_t value_len)
{
    sw_gw_upstream_call *call = ctx;
    h2o_mem_pool_t *pool = &call->req->pool;
    h2o_iovec_t v = h2o_strdup(pool, value, value_len);
    const h2o_token_t *token = h2o_lookup_token(name, name_len);
    if (token) {
        h2o_add_header(pool, &call->headers, token, NULL, v.base, v.len);
    } else {
        h2o_iovec_t n = h2o_strdup(pool, name, name_len);
        h2o_add_header_by_str(pool, &call->headers, n.base, n.len, 0, NULL, v.base, v.len);
    }
    return 0;
}

static int on_resp_head(void *ctx, int status, const char *reason, size_t reason_len)
{
    sw_gw_upstream_call *call = ctx;
    call->status = status;
    call->reason = h2o_strdup(&call->req->pool, reason, reason_len);
    return 0;
}

static int on_resp_body(void *ctx, const char *p, size_t n)
{
    sw_gw_upstream_call *call = ctx;
    h2o_iovec_t room = h2o_buffer_reserve(&call->pending, n);
    if (!room.base)
        return -1;
    memcpy(room.base, p, n);
    call->pending->size += n;
    return 0;
}

static const sw_upresp_events resp_events = {on_resp_header, on_resp_head, on_resp_body};

/* After the bytes of one read: start the response, give the connection back
 * at the end, pass the body on. */
static void progress(sw_gw_upstream_call *call, bool conn_closed)
{
    if (call->resp.head_done && !call->started)
        start_response(call);
    if (call->resp.done && call->conn) {
        io_timer_stop(call);
        bool reusable = !conn_closed && !call->writing && sw_upresp_reusable(&call->resp);
        conn_release(detach(call), reusable);
    }
    flush(call);
}

static void on_conn_read(h2o_socket_t *sock, const char *err)
{
    upstream_conn *conn = sock->data;
    sw_gw_upstream_call *call = conn->call;
    if (!call) { /* idle: the upstream closed it, or talks out of turn */
        if (err || sock->input->size)
            conn_close(conn);
        return;
    }
    if (sock->input->size) {
        int rc = sw_upresp_feed(&call->resp, sock->input->bytes, sock->input->size);
        h2o_buffer_consume(&sock->input, sock->input->size);
        if (rc != 0) {
            call_fail(call, false, call->resp.error);
            return;
        }
        io_timer_reset(call);
    }
    if (err && sw_upresp_eof(&call->resp) != 0) {
        conn_failed(call, call->resp.error);
        return;
    }
    progress(call, err != NULL);
}

/* ---- the request ---- */

static void on_write(h2o_socket_t *sock, const char *err)
{
    upstream_conn *conn = sock->data;
    sw_gw_upstream_call *call = conn->call;
    if (!call)
        return;
    call->writing = false;
    if (err) {
        conn_failed(call, "the request could not be sent (connection lost)");
        return;
    }
    if (!call->paused)
        io_timer_reset(call);
}

static void send_request(sw_gw_upstream_call *call)
{
    call->writing = true;
    io_timer_reset(call);
    h2o_socket_write(call->conn->sock, call->out, call->nout, on_write);
}

static void on_handshake(h2o_socket_t *sock, const char *err)
{
    upstream_conn *conn = sock->data;
    sw_gw_upstream_call *call = conn->call;
    if (err) {
        char why[200];
        snprintf(why, sizeof why, "TLS handshake failed: %s", err);
        call_fail(call, false, why);
        return;
    }
    h2o_socket_read_start(sock, on_conn_read);
    send_request(call);
}

static void on_connect(h2o_socket_t *sock, const char *err)
{
    upstream_conn *conn = sock->data;
    sw_gw_upstream_call *call = conn->call;
    if (err) {
        call_fail(call, false, "connection failed");
        return;
    }
    if (conn->pool->tls) {
        h2o_socket_ssl_handshake(sock, conn->pool->owner->ssl_ctx, conn->pool->host, on_handshake);
        return;
    }
    h2o_socket_read_start(sock, on_conn_read);
    send_request(call);
}

static void connect_to(sw_gw_upstream_call *call, struct sockaddr *addr, socklen_t len)
{
    h2o_socket_t *sock = h2o_socket_connect(loop_of(call->pool), addr, len, on_connect);
    if (!sock) {
        call_fail(call, false, errno == ECONNREFUSED ? "connection refused" : "connection failed");
        return;
    }
    upstream_conn *conn = conn_new(call->pool, sock);
    if (!conn) {
        h2o_socket_close(sock);
        call_fail(call, false, "out of memory");
        return;
    }
    attach(call, conn);
}

static void on_resolved(h2o_hostinfo_getaddr_req_t *getaddr, const char *err, struct addrinfo *res, void *data)
{
    sw_gw_upstream_call *call = data;
    call->resolving = NULL;
    if (err) {
        char why[300];
        snprintf(why, sizeof why, "cannot resolve %s: %s", call->pool->host, err);
        call_fail(call, false, why);
        return;
    }
    struct addrinfo *ai = h2o_hostinfo_select_one(res);
    connect_to(call, ai->ai_addr, ai->ai_addrlen);
}

static void call_connect(sw_gw_upstream_call *call)
{
    sw_gw_upstream_pool *pool = call->pool;
    sw_upresp_free(&call->resp);
    sw_upresp_init(&call->resp, h2o_memis(call->req->method.base, call->req->method.len, H2O_STRLIT("HEAD")),
                   &resp_events, call);
    io_timer_reset(call);
    upstream_conn *conn = call->retried ? NULL : conn_take_idle(pool);
    if (conn) {
        call->reused = true;
        attach(call, conn);
        send_request(call);
        return;
    }
    call->reused = false;
    if (pool->addrlen) {
        connect_to(call, (struct sockaddr *)&pool->addr, pool->addrlen);
        return;
    }
    call->resolving = h2o_hostinfo_getaddr(&pool->owner->ctx->receivers.hostinfo_getaddr, pool->parsed.host,
                                           h2o_iovec_init(pool->port, strlen(pool->port)), AF_UNSPEC, SOCK_STREAM,
                                           IPPROTO_TCP, AI_ADDRCONFIG | AI_NUMERICSERV, on_resolved, call);
}

static void on_io_timeout(h2o_timeout_entry_t *entry)
{
    sw_gw_upstream_call *call = H2O_STRUCT_FROM_MEMBER(sw_gw_upstream_call, io_entry, entry);
    call_fail(call, true, "io timeout");
}

/* ---- the request head ---- */

/* Writes the head, or only measures it when p is NULL. */
typedef struct {
    char *p;
    size_t len;
} head_writer;

static void put(head_writer *w, const char *s, size_t n)
{
    if (w->p)
        memcpy(w->p + w->len, s, n);
    w->len += n;
}

static void put_iov(head_writer *w, h2o_iovec_t v)
{
    put(w, v.base, v.len);
}

#define PUT_LIT(w, s) put((w), (s), sizeof(s) - 1)

/* Headers the upstream gets from the gateway, or not at all. */
static bool dropped_for_upstream(const h2o_header_t *h)
{
    static const char *const names[] = {"connection", "keep-alive",     "proxy-connection", "te",
                                        "trailer",    "transfer-encoding", "upgrade",       "http2-settings",
                                        "host",       "content-length", "expect",           "x-forwarded-proto",
                                        "x-forwarded-for", "via",       "cookie"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (h2o_lcstris(h->name->base, h->name->len, names[i], strlen(names[i])))
            return true;
    return false;
}

/* "name: v1<sep>v2<sep>…[<sep>tail]\r\n" over the request's headers called
 * name; nothing when there are none and no tail. */
static void put_joined(head_writer *w, const h2o_req_t *req, const char *name, const char *sep, h2o_iovec_t tail)
{
    size_t nlen = strlen(name), seplen = strlen(sep);
    bool any = false;
    for (size_t i = 0; i <= req->headers.size; i++) {
        const h2o_header_t *h = i < req->headers.size ? &req->headers.entries[i] : NULL;
        h2o_iovec_t v = h ? h->value : tail; /* the request's values, then the tail */
        if (h ? !h2o_lcstris(h->name->base, h->name->len, name, nlen) : !tail.len)
            continue;
        if (any) {
            put(w, sep, seplen);
        } else {
            put(w, name, nlen);
            PUT_LIT(w, ": ");
        }
        put_iov(w, v);
        any = true;
    }
    if (any)
        PUT_LIT(w, "\r\n");
}

typedef struct {
    h2o_iovec_t path, authority, content_length, peer, via;
} head_parts;

static void write_head(head_writer *w, const h2o_req_t *req, const head_parts *hp)
{
    put_iov(w, req->method);
    PUT_LIT(w, " ");
    put_iov(w, hp->path);
    PUT_LIT(w, " HTTP/1.1\r\nconnection: keep-alive\r\nhost: ");
    put_iov(w, hp->authority);
    PUT_LIT(w, "\r\n");
    if (hp->content_length.len) {
        PUT_LIT(w, "content-length: ");
        put_iov(w, hp->content_length);
        PUT_LIT(w, "\r\n");
    }
    for (size_t i = 0; i < req->headers.size; i++) {
        const h2o_header_t *h = &req->headers.entries[i];
        bool hop = h2o_iovec_is_token(h->name) && ((const h2o_token_t *)h->name)->proxy_should_drop_for_req;
        if (hop || dropped_for_upstream(h))
            continue;
        put_iov(w, *h->name);
        PUT_LIT(w, ": ");
        put_iov(w, h->value);
        PUT_LIT(w, "\r\n");
    }
    put_joined(w, req, "cookie", "; ", h2o_iovec_init(NULL, 0));
    PUT_LIT(w, "x-forwarded-proto: ");
    put_iov(w, req->input.scheme->name);
    PUT_LIT(w, "\r\n");
    put_joined(w, req, "x-forwarded-for", ", ", hp->peer);
    put_joined(w, req, "via", ", ", hp->via);
    PUT_LIT(w, "\r\n");
}

/* The request line and headers, in the request's pool. */
static h2o_iovec_t build_head(h2o_req_t *req, const sw_gw_upstream_pool *pool, h2o_iovec_t path)
{
    head_parts hp = {.path = path, .authority = pool->parsed.authority};
    /* numbers and the address written by hand: printf was a tenth of this */
    if (req->entity.base) {
        char n[SW_U64_DIGITS];
        hp.content_length = h2o_strdup(&req->pool, n, sw_fmt_u64(n, req->entity.len));
    }
    struct sockaddr_storage ss;
    socklen_t sslen = req->conn->callbacks->get_peername(req->conn, (struct sockaddr *)&ss);
    sw_ip peer;
    if (sslen && sw_ip_from_sockaddr((struct sockaddr *)&ss, &peer) == SW_OK) {
        char host[SW_IP_STRSZ];
        sw_ip_format(&peer, host);
        hp.peer = h2o_strdup(&req->pool, host, strlen(host));
    }
    /* "1.1 gateway-authority", as h2o's proxy said it */
    const char *version = req->version >= 0x200 ? "2" : req->version == 0x100 ? "1.0" : "1.1";
    size_t vlen = strlen(version);
    hp.via.len = vlen + 1 + req->input.authority.len;
    hp.via.base = h2o_mem_alloc_pool(&req->pool, hp.via.len);
    memcpy(hp.via.base, version, vlen);
    hp.via.base[vlen] = ' ';
    memcpy(hp.via.base + vlen + 1, req->input.authority.base, req->input.authority.len);
    head_writer w = {NULL, 0};
    write_head(&w, req, &hp);
    w.p = h2o_mem_alloc_pool(&req->pool, w.len);
    w.len = 0;
    write_head(&w, req, &hp);
    return h2o_iovec_init(w.p, w.len);
}

/* ---- calls ---- */

static void on_call_dispose(void *p)
{
    sw_gw_upstream_call *call = p;
    call_abandon(call);
    sw_upresp_free(&call->resp);
    h2o_buffer_dispose(&call->pending);
    h2o_buffer_dispose(&call->sending);
}

sw_gw_upstream_call *sw_gw_upstream_send(sw_gw_upstream_pool *pool, h2o_req_t *req, h2o_iovec_t path)
{
    sw_gw_upstream_call *call = h2o_mem_alloc_shared(&req->pool, sizeof *call, on_call_dispose);
    memset(call, 0, sizeof *call);
    call->super.proceed = on_proceed;
    call->super.stop = on_stop;
    call->req = req;
    call->pool = pool;
    call->io_entry.cb = on_io_timeout;
    h2o_buffer_init(&call->pending, &h2o_socket_buffer_prototype);
    h2o_buffer_init(&call->sending, &h2o_socket_buffer_prototype);
    /* call->resp is zeroed, which sw_upresp_free accepts: call_connect sets it up */
    call->out[0] = build_head(req, pool, path);
    call->nout = 1;
    if (req->entity.len)
        call->out[call->nout++] = req->entity;
    call_connect(call);
    return call;
}

bool sw_gw_upstream_started(const sw_gw_upstream_call *call)
{
    return call && call->started;
}

void sw_gw_upstream_cancel(sw_gw_upstream_call *call)
{
    if (!call || call->started)
        return;
    call->finished = true;
    call_abandon(call);
}

/* ---- pools ---- */

void sw_gw_upstreams_init(sw_gw_upstreams *u, h2o_context_t *ctx, SSL_CTX *ssl_ctx, uint64_t io_timeout_ms)
{
    memset(u, 0, sizeof *u);
    u->ctx = ctx;
    u->ssl_ctx = ssl_ctx;
    h2o_timeout_init(ctx->loop, &u->io_timeout, io_timeout_ms);
    h2o_timeout_init(ctx->loop, &u->idle_timeout, SW_GW_UPSTREAM_IDLE_MS);
}

/* A numeric host's address, parsed once; false for a name. */
static bool numeric_address(sw_gw_upstream_pool *p)
{
    struct addrinfo hints = {0}, *res = NULL;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
    if (getaddrinfo(p->host, p->port, &hints, &res) != 0)
        return false;
    memcpy(&p->addr, res->ai_addr, res->ai_addrlen);
    p->addrlen = res->ai_addrlen;
    freeaddrinfo(res);
    return true;
}

static sw_gw_upstream_pool *pool_new(sw_gw_upstreams *u, const char *url)
{
    sw_gw_upstream_pool *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->owner = u;
    h2o_linklist_init_anchor(&p->idle);
    int n = snprintf(p->url, sizeof p->url, "%s", url);
    if (n < 0 || (size_t)n >= sizeof p->url || h2o_url_parse(p->url, strlen(p->url), &p->parsed) != 0 ||
        p->parsed.host.len >= sizeof p->host) {
        free(p);
        return NULL;
    }
    memcpy(p->host, p->parsed.host.base, p->parsed.host.len);
    p->host[p->parsed.host.len] = '\0';
    snprintf(p->port, sizeof p->port, "%u", (unsigned)h2o_url_get_port(&p->parsed));
    p->tls = p->parsed.scheme == &H2O_URL_SCHEME_HTTPS;
    numeric_address(p);
    return p;
}

sw_gw_upstream_pool *sw_gw_upstreams_pool(sw_gw_upstreams *u, const char *url)
{
    for (size_t i = 0; i < u->npools; i++)
        if (!strcmp(u->pools[i]->url, url))
            return u->pools[i];
    sw_gw_upstream_pool **grown = realloc(u->pools, (u->npools + 1) * sizeof *grown);
    if (!grown)
        return NULL;
    u->pools = grown;
    sw_gw_upstream_pool *p = pool_new(u, url);
    if (p)
        u->pools[u->npools++] = p;
    return p;
}

void sw_gw_upstreams_close_idle(sw_gw_upstreams *u)
{
    u->closing = true;
    for (size_t i = 0; i < u->npools; i++) {
        upstream_conn *conn;
        while ((conn = conn_take_idle(u->pools[i])) != NULL)
            conn_close(conn);
    }
}

void sw_gw_upstreams_dispose(sw_gw_upstreams *u)
{
    if (!u->ctx)
        return;
    sw_gw_upstreams_close_idle(u);
    for (size_t i = 0; i < u->npools; i++)
        free(u->pools[i]);
    free(u->pools);
    u->pools = NULL;
    u->npools = 0;
    h2o_timeout_dispose(u->ctx->loop, &u->io_timeout);
    h2o_timeout_dispose(u->ctx->loop, &u->idle_timeout);
    u->ctx = NULL;
}
