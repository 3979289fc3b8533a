/*
 * server.c — the gateway's process: state, h2o configuration, threads.
 *
 * The handler chain is registered here and nowhere else, in the order a
 * request meets it (each handler answers or returns -1 to pass on):
 *
 *   ops       /healthz, /metrics
 *   token     POST /v1/auth/token (API key → device-bound access token)
 *   stepup    GET /stepup, POST /v1/stepup/… (passkey step-up verification)
 *   body      1  inference calls: size limit (413), JSON object with a model (400)
 *   identify  2  API key or token + SW-Proof; account exists, not suspended (401, 403)
 *   models    GET /v1/models, after identify: the caller's tier's models
 *   policy    3  model known (404) and allowed, proof where required, origin (403)
 *   detect    4  the detector's verdict: block / challenge (403), throttle, degrade
 *   limit     4b rates, tokens, streams at the tier's limits × the verdict's factor (429)
 *   route     5  to the model's upstream (upstream.h), streaming
 *   fallback  404 / 405 in JSON
 *
 * plus one output filter (the response tap) and one logger (metrics).
 *
 * Threads: config threads (default one per core), each with its own h2o
 * event loop, context and listening sockets bound with SO_REUSEPORT to the
 * same addresses, so the kernel spreads connections over them without a
 * shared accept lock. Sockets are bound here on the calling thread, so that
 * a bad address fails `serve` at once with a message. A port of 0 is bound
 * once and its port reused by the other threads.
 *
 * Stop: a flag every loop sees within 100 ms; each closes its listeners and
 * asks h2o for a graceful shutdown (HTTP/1 keep-alive off, HTTP/2 GOAWAY),
 * then keeps serving until no exchange is open or the drain deadline passes.
 * Then the thread parks until the process exits, and its h2o context is
 * never disposed: h2o 2.2's event loop keeps per-thread memory caches and
 * structures (its inter-thread queue, sockets closed but not yet reaped)
 * that only a running loop or a dying thread could reclaim, and a context
 * disposed under a connection that is still open would be freed under it.
 * Our own state (detector, log, limiter, stores) is freed as usual once no
 * exchange is open; h2o's stays reachable from `parked` until exit.
 *
 * Fleet: with `state: redis://…` each thread's store is a Redis connection
 * and the process holds the fleet's part (fleet.h: verdict poller, spool).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <sodium.h>

#include "auth/apikey.h"
#include "auth/token.h"
#include "core/error.h"
#include "core/time.h"
#include "store/redis.h"
#include "gateway/gw.h"
#include "h2o/http2.h"

/* Listening sockets of each thread: SW_POLICY_MAX_LIST addresses at most. */
typedef struct {
    int fds[SW_POLICY_MAX_LIST];
} thread_fds;

/* A stopped gateway whose threads are parked (see above): what h2o owns, and
 * anything an exchange still open after the drain deadline points into, is
 * left to the process exit and kept reachable here. */
static sw_gateway *parked;

void sw_gw_options_defaults(sw_gw_options *o)
{
    o->upstream_timeout_ms = 300000;
    o->drain_timeout_ms = 30000;
}

int64_t sw_gw_now_ms(void)
{
    return sw_time_wall_ms();
}

/* ---- accounts into the detector ---- */

static int load_account(const sw_account_rec *a, void *ctx)
{
    return sw_gw_sink_account(ctx, &a->info);
}

/* ---- TLS ---- */

static int setup_tls(sw_gateway *g, const sw_config *cfg, char *err, size_t errsz)
{
    /* the client side is always there: upstreams may be https:// */
    g->client_ssl = SSL_CTX_new(TLS_client_method());
    if (!g->client_ssl) {
        snprintf(err, errsz, "cannot create a TLS client context");
        return SW_EIO;
    }
    SSL_CTX_set_default_verify_paths(g->client_ssl);
    SSL_CTX_set_verify(g->client_ssl, SSL_VERIFY_PEER, NULL);
    if (!cfg->tls_cert[0] && !cfg->tls_key[0])
        return SW_OK;
    if (!cfg->tls_cert[0] || !cfg->tls_key[0]) {
        snprintf(err, errsz, "TLS needs both a certificate and a key");
        return SW_EINVAL;
    }
    g->server_ssl = SSL_CTX_new(TLS_server_method());
    if (!g->server_ssl) {
        snprintf(err, errsz, "cannot create a TLS server context");
        return SW_EIO;
    }
    SSL_CTX_set_min_proto_version(g->server_ssl, TLS1_2_VERSION);
    if (SSL_CTX_use_certificate_chain_file(g->server_ssl, cfg->tls_cert) != 1) {
        snprintf(err, errsz, "cannot load TLS certificate %s: %s", cfg->tls_cert,
                 ERR_reason_error_string(ERR_get_error()));
        return SW_EIO;
    }
    if (SSL_CTX_use_PrivateKey_file(g->server_ssl, cfg->tls_key, SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_check_private_key(g->server_ssl) != 1) {
        snprintf(err, errsz, "cannot load TLS key %s (or it does not match the certificate): %s", cfg->tls_key,
                 ERR_reason_error_string(ERR_get_error()));
        return SW_EIO;
    }
    h2o_ssl_register_alpn_protocols(g->server_ssl, h2o_http2_alpn_protocols);
    return SW_OK;
}

/* ---- h2o configuration: the chain ---- */

static void add_handler(h2o_pathconf_t *pc, sw_gateway *g, int (*on_req)(h2o_handler_t *, h2o_req_t *))
{
    sw_gw_handler *h = (sw_gw_handler *)h2o_create_handler(pc, sizeof *h);
    h->super.on_req = on_req;
    h->gw = g;
}

static void setup_h2o(sw_gateway *g, const sw_config *cfg)
{
    h2o_config_init(&g->h2o);
    g->h2o.server_name = h2o_iovec_init(H2O_STRLIT("stillwatch"));
    /* h2o refuses bodies above its own limit in plain text before any
     * handler runs; keep it well above ours so that the body handler answers
     * 413 in JSON */
    size_t lim = (size_t)cfg->max_body_bytes * 4;
    g->h2o.max_request_entity_size = lim < (64u << 20) ? (64u << 20) : lim;
    h2o_hostconf_t *host = h2o_config_register_host(&g->h2o, h2o_iovec_init(H2O_STRLIT("default")), 65535);
    h2o_pathconf_t *pc = h2o_config_register_path(host, "/", 0);
    add_handler(pc, g, sw_gw_on_ops);
    add_handler(pc, g, sw_gw_on_token);
    add_handler(pc, g, sw_gw_on_stepup);
    add_handler(pc, g, sw_gw_on_body);
    add_handler(pc, g, sw_gw_on_identify);
    add_handler(pc, g, sw_gw_on_models);
    add_handler(pc, g, sw_gw_on_policy);
    add_handler(pc, g, sw_gw_on_detect);
    add_handler(pc, g, sw_gw_on_limit);
    add_handler(pc, g, sw_gw_on_route);
    add_handler(pc, g, sw_gw_on_fallback);
    sw_gw_register_tap(pc, g);
    sw_gw_register_logger(pc, g);
    /* h2o's own refusals (before a path is chosen) use the fallback path:
     * the same filter turns them into JSON */
    sw_gw_register_tap(&host->fallback_path, g);
    sw_gw_register_logger(&host->fallback_path, g);
}

/* ---- life ---- */

int sw_gateway_new(const sw_config *cfg, const sw_gw_options *opts, sw_gateway **out, char *err, size_t errsz)
{
    if (sodium_init() < 0) {
        snprintf(err, errsz, "libsodium failed to initialise");
        return SW_EIO;
    }
    sw_gateway *g = calloc(1, sizeof *g);
    if (!g) {
        snprintf(err, errsz, "out of memory");
        return SW_ENOMEM;
    }
    if (opts)
        g->opts = *opts;
    else
        sw_gw_options_defaults(&g->opts);
    pthread_mutex_init(&g->conf_lock, NULL);
    pthread_mutex_init(&g->replay_lock, NULL);
    pthread_mutex_init(&g->park_lock, NULL);
    pthread_cond_init(&g->park_cond, NULL);
    for (int i = 0; i < SW_POLICY_MAX_LIST; i++)
        g->listen_fds[i] = -1;
    setup_h2o(g, cfg);
    int rc;
    char path[512];
    sw_store *store = NULL;
    if ((rc = sw_gw_conf_new(cfg, &g->conf, err, errsz)) != SW_OK)
        goto fail;
    if ((rc = setup_tls(g, cfg, err, errsz)) != SW_OK)
        goto fail;
    if ((rc = sw_pepper_load(cfg->state_dir, g->pepper, err, errsz)) != SW_OK)
        goto fail;
    if ((rc = sw_token_key_load(cfg->state_dir, g->token_sk, err, errsz)) != SW_OK)
        goto fail;
    sw_token_public_key(g->token_sk, g->token_pk);
    if ((rc = sw_limiter_new(&g->limiter)) != SW_OK || (rc = sw_gw_metrics_new(&g->metrics)) != SW_OK) {
        snprintf(err, errsz, "out of memory");
        goto fail;
    }
    /* every proof is remembered for twice the skew (it is valid from t-skew
     * to t+skew); capacity sized for a busy gateway's window */
    int64_t window = cfg->proof_skew_s * 2000;
    if ((rc = sw_replay_new(&g->replay, 1u << 20, window > 0 ? window : 120000)) != SW_OK) {
        snprintf(err, errsz, "out of memory (replay cache)");
        goto fail;
    }
    snprintf(path, sizeof path, "%s/traffic.jsonl", cfg->state_dir);
    if ((rc = sw_gw_sink_open(&g->sink, path, &cfg->detector, err, errsz)) != SW_OK)
        goto fail;
    sw_gw_sink_set_detect(g->sink, cfg->detect);
    if (cfg->state_url[0]) {
        if ((rc = sw_gw_fleet_new(&g->fleet, cfg, err, errsz)) != SW_OK)
            goto fail;
        rc = sw_store_open_shared(&store, cfg->state_url, (int)cfg->redis_timeout_ms, &g->fleet->health, false, err,
                                  errsz);
    } else {
        rc = sw_store_open(&store, cfg->state_dir, err, errsz);
    }
    if (rc != SW_OK)
        goto fail;
    if ((rc = sw_store_account_each(store, load_account, g->sink)) != SW_OK) {
        if (!g->fleet) {
            snprintf(err, errsz, "cannot load accounts into the detector: %s", sw_strerror(rc));
            goto fail;
        }
        /* a fleet's Redis may come later: accounts reach the detector as they call */
        char shown[512];
        sw_redis_url_redacted(cfg->state_url, shown, sizeof shown);
        fprintf(stderr, "stillwatch serve: warning: accounts not loaded from %s: %s\n", shown,
                sw_store_errmsg(store));
    }
    sw_store_close(store);
    sw_stepup_store *stepup = NULL; /* its tables exist before any thread reads */
    if ((rc = sw_stepup_store_open(&stepup, cfg->state_dir, err, errsz)) != SW_OK)
        goto fail;
    sw_stepup_store_close(stepup);
    *out = g;
    return SW_OK;
fail:
    sw_store_close(store);
    sw_gateway_free(g);
    return rc;
}

static int parse_listen(const char *text, struct sockaddr_storage *ss, socklen_t *len, char *err, size_t errsz)
{
    char host[128];
    const char *port;
    if (text[0] == '[') {
        const char *end = strchr(text, ']');
        if (!end || end[1] != ':' || (size_t)(end - text - 1) >= sizeof host)
            goto bad;
        memcpy(host, text + 1, (size_t)(end - text - 1));
        host[end - text - 1] = '\0';
        port = end + 2;
    } else {
        const char *colon = strrchr(text, ':');
        if (!colon || (size_t)(colon - text) >= sizeof host)
            goto bad;
        memcpy(host, text, (size_t)(colon - text));
        host[colon - text] = '\0';
        port = colon + 1;
    }
    struct addrinfo hints = {0}, *res = NULL;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    int e = getaddrinfo(host[0] ? host : NULL, port, &hints, &res);
    if (e != 0) {
        snprintf(err, errsz, "listen address '%s': %s", text, gai_strerror(e));
        return SW_EINVAL;
    }
    memcpy(ss, res->ai_addr, res->ai_addrlen);
    *len = res->ai_addrlen;
    freeaddrinfo(res);
    return SW_OK;
bad:
    snprintf(err, errsz, "listen address '%s' is not HOST:PORT or [IPv6]:PORT", text);
    return SW_EINVAL;
}

static void set_port(struct sockaddr_storage *ss, uint16_t port)
{
    if (ss->ss_family == AF_INET)
        ((struct sockaddr_in *)ss)->sin_port = htons(port);
    else
        ((struct sockaddr_in6 *)ss)->sin6_port = htons(port);
}

static uint16_t get_port(const struct sockaddr_storage *ss)
{
    return ntohs(ss->ss_family == AF_INET ? ((const struct sockaddr_in *)ss)->sin_port
                                          : ((const struct sockaddr_in6 *)ss)->sin6_port);
}

static int bind_one(const struct sockaddr_storage *ss, socklen_t len, const char *text, int *out, char *err,
                    size_t errsz)
{
    int one = 1;
    int fd = socket(ss->ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) != 0 ||
        (ss->ss_family == AF_INET6 && setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one) != 0) ||
        bind(fd, (const struct sockaddr *)ss, len) != 0 || listen(fd, SOMAXCONN) != 0) {
        snprintf(err, errsz, "cannot listen on %s: %s", text, strerror(errno));
        if (fd >= 0)
            close(fd);
        return SW_EIO;
    }
    *out = fd;
    return SW_OK;
}

static void on_accept(h2o_socket_t *listener, const char *err)
{
    sw_gw_thread *th = listener->data;
    h2o_socket_t *sock;
    if (err != NULL || th->closed)
        return;
    if ((sock = h2o_evloop_socket_accept(listener)) == NULL)
        return;
    h2o_accept(&th->accept, sock);
}

static bool has_connections(h2o_context_t *ctx)
{
    return !h2o_linklist_is_empty(&ctx->http1._conns) || !h2o_linklist_is_empty(&ctx->http2._conns);
}

static void close_listeners(sw_gw_thread *th)
{
    for (int i = 0; i < th->nlisteners; i++) {
        h2o_socket_read_stop(th->listeners[i]);
        h2o_socket_close(th->listeners[i]);
        th->listeners[i] = NULL;
    }
    th->nlisteners = 0;
}

static void *thread_main(void *arg)
{
    sw_gw_thread *th = arg;
    sw_gateway *g = th->gw;
    while (h2o_evloop_run(th->ctx.loop, 100) == 0) {
        if (!atomic_load(&g->stopping))
            continue;
        if (!th->closed) {
            th->closed = true;
            close_listeners(th);
            h2o_context_request_shutdown(&th->ctx);
            sw_gw_upstreams_close_idle(&th->upstreams); /* and none kept from now on */
        }
        if (atomic_load(&g->inflight) == 0 || sw_gw_now_ms() >= g->drain_deadline_ms)
            break;
    }
    /* a short grace for connections closing after their last response */
    int64_t until = sw_gw_now_ms() + 200;
    while (has_connections(&th->ctx) && sw_gw_now_ms() < until)
        h2o_evloop_run(th->ctx.loop, 20);
    h2o_evloop_run(th->ctx.loop, 0); /* reaps the sockets closed last */
    pthread_mutex_lock(&g->park_lock);
    g->parked++;
    pthread_cond_broadcast(&g->park_cond);
    for (;;) /* until the process exits: see the comment at the top */
        pthread_cond_wait(&g->park_cond, &g->park_lock);
    return NULL;
}

static int thread_init(sw_gateway *g, sw_gw_thread *th, int index, const thread_fds *fds, char *err, size_t errsz)
{
    th->gw = g;
    th->index = index;
    randombytes_buf(&th->rng, sizeof th->rng);
    th->rng |= 1;
    const sw_config *cfg = &g->conf->cfg;
    int rc = g->fleet ? sw_store_open_shared(&th->store, cfg->state_url, (int)cfg->redis_timeout_ms,
                                             &g->fleet->health, false, err, errsz)
                      : sw_store_open(&th->store, cfg->state_dir, err, errsz);
    if (rc != SW_OK)
        return rc;
    /* a fleet's credentials are read on every request (TTL 0): a key revoked
     * or an account suspended at any gateway is refused by the next request
     * everywhere; the cache then only serves fail-open fallbacks */
    if (sw_credcache_new(&th->creds, 1024, g->fleet ? 0 : SW_CREDCACHE_TTL_MS) != SW_OK ||
        sw_jsondoc_new(&th->json) != SW_OK || sw_apikey_memo_new(&th->keyhash, 1024) != SW_OK) {
        snprintf(err, errsz, "out of memory");
        return SW_ENOMEM;
    }
    if (g->fleet && g->fleet->fail_open)
        sw_credcache_fallback(th->creds, &g->fleet->fallback_credentials);
    h2o_context_init(&th->ctx, h2o_evloop_create(), &g->h2o);
    h2o_linklist_init_anchor(&th->watched);
    sw_gw_upstreams_init(&th->upstreams, &th->ctx, g->client_ssl, (uint64_t)g->opts.upstream_timeout_ms);
    th->accept.ctx = &th->ctx;
    th->accept.hosts = g->h2o.hosts;
    th->accept.ssl_ctx = g->server_ssl;
    for (int i = 0; i < g->nlisten; i++) {
        h2o_socket_t *sock = h2o_evloop_socket_create(th->ctx.loop, fds->fds[i], H2O_SOCKET_FLAG_DONT_READ);
        sock->data = th;
        h2o_socket_read_start(sock, on_accept);
        th->listeners[th->nlisteners++] = sock;
    }
    return SW_OK;
}

int sw_gateway_start(sw_gateway *g, char *err, size_t errsz)
{
    const sw_config *cfg = &g->conf->cfg;
    int n = cfg->threads > 0 ? cfg->threads : (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        n = 1;
    if (n > 256)
        n = 256;
    if (cfg->n_listen < 1) {
        snprintf(err, errsz, "no listen address");
        return SW_EINVAL;
    }
    thread_fds *fds = calloc((size_t)n, sizeof *fds);
    g->threads = calloc((size_t)n, sizeof *g->threads);
    if (!fds || !g->threads) {
        free(fds);
        snprintf(err, errsz, "out of memory");
        return SW_ENOMEM;
    }
    for (int t = 0; t < n; t++)
        for (int i = 0; i < SW_POLICY_MAX_LIST; i++)
            fds[t].fds[i] = -1;
    int rc = SW_OK;
    g->nlisten = cfg->n_listen;
    for (int i = 0; i < cfg->n_listen && rc == SW_OK; i++) {
        struct sockaddr_storage ss;
        socklen_t len;
        if ((rc = parse_listen(cfg->listen[i], &ss, &len, err, errsz)) != SW_OK)
            break;
        for (int t = 0; t < n && rc == SW_OK; t++) {
            rc = bind_one(&ss, len, cfg->listen[i], &fds[t].fds[i], err, errsz);
            if (rc == SW_OK && t == 0 && get_port(&ss) == 0) {
                struct sockaddr_storage bound;
                socklen_t blen = sizeof bound;
                getsockname(fds[0].fds[i], (struct sockaddr *)&bound, &blen);
                set_port(&ss, get_port(&bound));
            }
        }
        g->listen_fds[i] = fds[0].fds[i];
    }
    for (int t = 0; t < n && rc == SW_OK; t++) {
        if ((rc = thread_init(g, &g->threads[t], t, &fds[t], err, errsz)) != SW_OK)
            break;
        g->nthreads = t + 1;
    }
    if (rc != SW_OK) {
        /* sockets not yet handed to a thread's loop are closed here */
        for (int t = g->nthreads; t < n; t++)
            for (int i = 0; i < g->nlisten; i++)
                if (fds[t].fds[i] >= 0)
                    close(fds[t].fds[i]);
        free(fds);
        return rc;
    }
    free(fds);
    for (int t = 0; t < n; t++) {
        if (pthread_create(&g->threads[t].tid, NULL, thread_main, &g->threads[t]) != 0) {
            snprintf(err, errsz, "cannot start thread %d: %s", t, strerror(errno));
            g->nthreads = t; /* the ones running are stopped and parked by sw_gateway_stop */
            g->running = t > 0;
            if (g->running)
                sw_gateway_stop(g);
            return SW_EIO;
        }
    }
    g->running = true;
    return SW_OK;
}

int sw_gateway_port(const sw_gateway *g)
{
    if (g->nlisten < 1 || g->listen_fds[0] < 0)
        return -1;
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (getsockname(g->listen_fds[0], (struct sockaddr *)&ss, &len) != 0)
        return -1;
    return get_port(&ss);
}

static void warn_restart(const sw_config *old, const sw_config *new, char *err, size_t errsz)
{
    const char *what = NULL;
    if (old->n_listen != new->n_listen || memcmp(old->listen, new->listen, sizeof old->listen) != 0)
        what = "listen";
    else if (strcmp(old->tls_cert, new->tls_cert) || strcmp(old->tls_key, new->tls_key))
        what = "tls";
    else if (old->threads != new->threads)
        what = "threads";
    else if (strcmp(old->state_dir, new->state_dir))
        what = "state_dir";
    else if (strcmp(old->state_url, new->state_url) || old->redis_fail_open != new->redis_fail_open ||
             old->redis_timeout_ms != new->redis_timeout_ms)
        what = "state";
    if (what)
        snprintf(err, errsz, "warning: '%s' changed; it takes effect at the next restart", what);
}

int sw_gateway_reload(sw_gateway *g, const sw_config *cfg, char *err, size_t errsz)
{
    sw_gw_conf *c;
    int rc = sw_gw_conf_new(cfg, &c, err, errsz);
    if (rc != SW_OK)
        return rc;
    if (err && errsz)
        err[0] = '\0';
    pthread_mutex_lock(&g->conf_lock);
    sw_gw_conf *old = g->conf;
    warn_restart(&old->cfg, cfg, err, errsz);
    /* what is read once at start stays as started */
    memcpy(c->cfg.listen, old->cfg.listen, sizeof c->cfg.listen);
    c->cfg.n_listen = old->cfg.n_listen;
    c->cfg.threads = old->cfg.threads;
    memcpy(c->cfg.state_dir, old->cfg.state_dir, sizeof c->cfg.state_dir);
    memcpy(c->cfg.state_url, old->cfg.state_url, sizeof c->cfg.state_url);
    c->cfg.redis_fail_open = old->cfg.redis_fail_open;
    c->cfg.redis_timeout_ms = old->cfg.redis_timeout_ms;
    memcpy(c->cfg.tls_cert, old->cfg.tls_cert, sizeof c->cfg.tls_cert);
    memcpy(c->cfg.tls_key, old->cfg.tls_key, sizeof c->cfg.tls_key);
    g->conf = c;
    pthread_mutex_unlock(&g->conf_lock);
    sw_gw_conf_release(old);
    sw_gw_sink_set_detect(g->sink, cfg->detect);
    char e2[256];
    /* already checked by the loader; a failure here would keep the old settings */
    if (sw_gw_sink_set_detect_config(g->sink, &cfg->detector, e2, sizeof e2) != SW_OK && err && !err[0])
        snprintf(err, errsz, "warning: detection.settings: %s (keeping the previous settings)", e2);
    if (sw_gw_sink_reopen(g->sink, e2, sizeof e2) != SW_OK && err && !err[0])
        snprintf(err, errsz, "warning: %s (still writing the old file)", e2);
    return SW_OK;
}

long sw_gateway_stop(sw_gateway *g)
{
    if (!g->running)
        return 0;
    g->drain_deadline_ms = sw_gw_now_ms() + g->opts.drain_timeout_ms;
    atomic_store(&g->stopping, true);
    pthread_mutex_lock(&g->park_lock);
    while (g->parked < g->nthreads)
        pthread_cond_wait(&g->park_cond, &g->park_lock);
    pthread_mutex_unlock(&g->park_lock);
    return atomic_load(&g->inflight);
}

/* Only for threads that never ran a loop (a start that failed half-way). */
static void thread_dispose(sw_gw_thread *th)
{
    close_listeners(th);
    sw_store_close(th->store);
    th->store = NULL;
    sw_stepup_store_close(th->stepup);
    th->stepup = NULL;
    sw_credcache_free(th->creds);
    th->creds = NULL;
    sw_jsondoc_free(th->json);
    th->json = NULL;
    sw_buf_free(&th->line);
    sw_apikey_memo_free(th->keyhash);
    th->keyhash = NULL;
    if (th->ctx.loop) {
        h2o_evloop_t *loop = th->ctx.loop;
        sw_gw_upstreams_dispose(&th->upstreams);
        h2o_context_dispose(&th->ctx);
        h2o_evloop_destroy(loop);
    }
}

void sw_gateway_free(sw_gateway *g)
{
    if (!g)
        return;
    if (g->running) {
        /* the threads are parked (sw_gateway_stop); h2o's side stays */
        parked = g;
        if (atomic_load(&g->inflight) != 0)
            return; /* exchanges cut off by the drain deadline still point into everything */
        for (int t = 0; t < g->nthreads; t++) {
            sw_store_close(g->threads[t].store);
            g->threads[t].store = NULL;
            sw_stepup_store_close(g->threads[t].stepup);
            g->threads[t].stepup = NULL;
            sw_credcache_free(g->threads[t].creds);
            g->threads[t].creds = NULL;
            sw_jsondoc_free(g->threads[t].json);
            g->threads[t].json = NULL;
            sw_buf_free(&g->threads[t].line);
            sw_apikey_memo_free(g->threads[t].keyhash);
            g->threads[t].keyhash = NULL;
        }
        sw_limiter_free(g->limiter);
        sw_replay_free(g->replay);
        sw_gw_sink_close(g->sink);
        sw_gw_metrics_free(g->metrics);
        sw_gw_fleet_free(g->fleet);
        g->fleet = NULL;
        g->limiter = NULL;
        g->replay = NULL;
        g->sink = NULL;
        g->metrics = NULL;
        sodium_memzero(g->pepper, sizeof g->pepper);
        sodium_memzero(g->token_sk, sizeof g->token_sk);
        return;
    }
    for (int t = 0; t < g->nthreads; t++)
        thread_dispose(&g->threads[t]);
    free(g->threads);
    h2o_config_dispose(&g->h2o);
    if (g->server_ssl)
        SSL_CTX_free(g->server_ssl);
    if (g->client_ssl)
        SSL_CTX_free(g->client_ssl);
    sw_gw_conf_release(g->conf);
    sw_limiter_free(g->limiter);
    sw_replay_free(g->replay);
    sw_gw_sink_close(g->sink);
    sw_gw_metrics_free(g->metrics);
    sw_gw_fleet_free(g->fleet);
    pthread_mutex_destroy(&g->conf_lock);
    pthread_mutex_destroy(&g->replay_lock);
    pthread_mutex_destroy(&g->park_lock);
    pthread_cond_destroy(&g->park_cond);
    sodium_memzero(g->pepper, sizeof g->pepper);
    sodium_memzero(g->token_sk, sizeof g->token_sk);
    free(g);
}
