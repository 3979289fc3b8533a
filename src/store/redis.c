/*
 * redis.c — a blocking Redis connection that heals itself (see redis.h),
 * over plain TCP (redis://) or TLS (rediss://).
 *
 * Transport. The packaged hiredis (0.14) has no TLS, but its protocol half
 * needs none: redisFormatCommandArgv / redisvFormatCommand encode commands,
 * and a redisReader decodes the bytes that come back into the usual
 * redisReply objects. This file moves the bytes itself, through OpenSSL
 * for rediss:// and straight through send/recv for redis://; everything
 * above the byte level — encoding, decoding, pipelining, reconnecting — is
 * one code path for both, and only io_read and io_write know which
 * transport they drive. Owning the socket also gives each call one
 * deadline (timeout_ms from its start, however many reads and writes it
 * takes; hiredis's socket timeouts counted per read), writes that never
 * raise SIGPIPE (send with MSG_NOSIGNAL, and a small BIO that does the
 * same under OpenSSL), and TCP_NODELAY and keepalive as hiredis set them.
 *
 * A call encodes its command into the output buffer, writes the buffer
 * out, then reads until the reader holds one whole reply. Pipelining only
 * defers the write: appends encode, and the first sw_redis_reply sends
 * them all and reads the first reply; later replies are often already in
 * the reader. Waiting differs by transport, for speed: the TLS socket is
 * non-blocking and waits in poll() whenever OpenSSL says WANT_READ or
 * WANT_WRITE; the plain socket blocks in recv/send with socket timeouts
 * that follow the deadline (plain_timeout), one system call per read as
 * hiredis made, where poll-then-recv would add one to every round trip.
 *
 * TLS: the SSL_CTX is made once per handle, at open (so a missing CA file
 * is a configuration error, not an outage), and kept across reconnects.
 * The server's certificate must chain to the CA file given in the URL
 * (?ca=) or, without one, to the system's default store, and must name the
 * host of the URL (DNS name, or IP address for an address literal); SNI
 * carries the host name. A client certificate (?cert=, ?key=) is sent when
 * the server asks for one. There is deliberately no switch to skip
 * verification: a test or a private CA passes its CA file instead.
 *
 * Healing: any failure of the link (a refused connect, a failed handshake,
 * a timeout, a reset) closes the connection; the next call finds none and,
 * if the backoff has passed, connects again, sending AUTH and SELECT (the
 * scripts are loaded again on their first NOSCRIPT, see sw_redis_eval).
 * The backoff doubles from 50 ms up to 1 s, so a Redis that comes back is
 * in use again within a second, and while it is away each call costs a
 * clock read.
 *
 * Server errors (a WRONGTYPE, a script's own error) are answers, not link
 * failures: they are returned to the caller and the connection stays.
 *
 * Health: every failure is counted in the shared sw_redis_health and logged
 * at most once per log interval, with the count of failures since the last
 * line; the first success after a failure logs the recovery once.
 */
#include "store/redis.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/time.h"

#define BACKOFF_MIN_MS 50
#define BACKOFF_MAX_MS 1000
#define READ_CHUNK 16384     /* as hiredis reads */
#define OUT_KEEP (1u << 20)  /* an output buffer grown past this is freed after use */
#define KEEPALIVE_S 15       /* hiredis's REDIS_KEEPALIVE_INTERVAL */

struct sw_redis {
    sw_redis_url url;
    int timeout_ms;
    SSL_CTX *tls; /* rediss:// only; made at open, kept across reconnects */
    int fd;       /* -1: not connected */
    int64_t so_timeout_ms; /* plain socket: SO_RCVTIMEO / SO_SNDTIMEO now */
    bool eof;     /* the server closed its side (read by the BIO's ctrl) */
    SSL *ssl;     /* on fd, for rediss:// */
    redisReader *reader;
    sw_buf out; /* encoded commands not yet written */
    int64_t next_try_ms; /* no reconnect before this */
    int64_t backoff_ms;
    bool ever_failed;
    int pending; /* pipelined replies not yet read */
    sw_redis_health *health;
    char errmsg[256];
};


bool sw_state_is_redis(const char *state)
{
    return state && (!strncmp(state, "redis://", 8) || !strncmp(state, "rediss://", 9));
}

/* ---- URL ---- */

void sw_redis_url_redacted(const char *url, char *out, size_t cap)
{
    if (!cap)
        return;
    /* the credentials as sw_redis_url_parse finds them: up to the last '@'
     * before the first '/' after the scheme */
    const char *scheme_end = strstr(url, "://");
    const char *auth = scheme_end ? scheme_end + 3 : url;
    const char *slash = strchr(auth, '/');
    size_t span = slash ? (size_t)(slash - auth) : strlen(auth);
    const char *at = memrchr(auth, '@', span);
    if (!at) {
        snprintf(out, cap, "%s", url);
        return;
    }
    const char *colon = memchr(auth, ':', (size_t)(at - auth));
    /* keep the scheme and an ACL user name; the password becomes *** */
    size_t keep = colon ? (size_t)(colon + 1 - url) : (size_t)(auth - url);
    snprintf(out, cap, "%.*s***%s", (int)keep, url, at);
}

static int url_fail(char *err, size_t errsz, const char *url, const char *why)
{
    char shown[512];
    sw_redis_url_redacted(url, shown, sizeof shown);
    if (err && errsz)
        snprintf(err, errsz, "state URL '%.200s': %s", shown, why);
    return SW_EINVAL;
}

static int copy_part(char *dst, size_t cap, const char *p, size_t n)
{
    if (n >= cap)
        return SW_EINVAL;
    memcpy(dst, p, n);
    dst[n] = '\0';
    return SW_OK;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* A query value, percent-decoded (%2F, %40, …); SW_EINVAL for a bad
 * escape, a NUL, an empty value or one too long. */
static int decode_part(char *dst, size_t cap, const char *p, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        int c = (unsigned char)p[i];
        if (c == '%') {
            if (i + 2 >= n)
                return SW_EINVAL;
            int hi = hexval(p[i + 1]), lo = hexval(p[i + 2]);
            if (hi < 0 || lo < 0)
                return SW_EINVAL;
            c = hi * 16 + lo;
            i += 2;
        }
        if (c == 0 || k + 1 >= cap)
            return SW_EINVAL;
        dst[k++] = (char)c;
    }
    dst[k] = '\0';
    return k ? SW_OK : SW_EINVAL;
}

/* "ca=PATH&cert=PATH&key=PATH" (rediss:// only). */
static int parse_query(const char *q, const char *end, sw_redis_url *out, const char *url, char *err, size_t errsz)
{
    while (q < end) {
        const char *amp = memchr(q, '&', (size_t)(end - q));
        const char *pend = amp ? amp : end;
        const char *eq = memchr(q, '=', (size_t)(pend - q));
        if (!eq)
            return url_fail(err, errsz, url, "query options are NAME=VALUE (ca, cert, key)");
        size_t nlen = (size_t)(eq - q);
        char *dst;
        size_t cap;
        if (nlen == 2 && !memcmp(q, "ca", 2)) {
            dst = out->ca;
            cap = sizeof out->ca;
        } else if (nlen == 4 && !memcmp(q, "cert", 4)) {
            dst = out->cert;
            cap = sizeof out->cert;
        } else if (nlen == 3 && !memcmp(q, "key", 3)) {
            dst = out->key;
            cap = sizeof out->key;
        } else {
            char why[160];
            snprintf(why, sizeof why, "unknown query option '%.*s' (known: ca, cert, key)", (int)(nlen < 40 ? nlen : 40),
                     q);
            return url_fail(err, errsz, url, why);
        }
        if (decode_part(dst, cap, eq + 1, (size_t)(pend - eq - 1)) != SW_OK) {
            char why[160];
            snprintf(why, sizeof why, "query option '%.*s': empty, too long or a bad %%-escape", (int)nlen, q);
            return url_fail(err, errsz, url, why);
        }
        q = amp ? amp + 1 : end;
    }
    if (!out->tls && (out->ca[0] || out->cert[0] || out->key[0]))
        return url_fail(err, errsz, url, "ca, cert and key are options of rediss:// (TLS), not redis://");
    if (out->key[0] && !out->cert[0])
        return url_fail(err, errsz, url, "key= needs cert=");
    if (out->cert[0] && !out->key[0])
        memcpy(out->key, out->cert, sizeof out->key); /* one PEM file holding both */
    return SW_OK;
}

int sw_redis_url_parse(const char *url, sw_redis_url *out, char *err, size_t errsz)
{
    memset(out, 0, sizeof *out);
    out->port = 6379;
    out->tls = !strncmp(url, "rediss://", 9);
    if (!out->tls && strncmp(url, "redis://", 8) != 0)
        return url_fail(err, errsz, url, "expected redis[s]://[[USER]:PASSWORD@]HOST[:PORT][/DB][?ca=…]");
    const char *p = url + (out->tls ? 9 : 8), *end = p + strlen(p);
    /* credentials end at the last '@' before the first '/' (a password may
     * hold '@' and '?'; an absolute path in the query starts with '/') */
    const char *slash = memchr(p, '/', (size_t)(end - p));
    const char *auth_end = NULL;
    for (const char *q = slash ? slash : end; q > p; q--)
        if (q[-1] == '@') {
            auth_end = q - 1;
            break;
        }
    if (auth_end) {
        const char *colon = memchr(p, ':', (size_t)(auth_end - p));
        if (!colon)
            return url_fail(err, errsz, url, "credentials must be ':PASSWORD@' or 'USER:PASSWORD@'");
        if (copy_part(out->user, sizeof out->user, p, (size_t)(colon - p)) != SW_OK ||
            copy_part(out->password, sizeof out->password, colon + 1, (size_t)(auth_end - colon - 1)) != SW_OK)
            return url_fail(err, errsz, url, "user or password too long");
        p = auth_end + 1;
    }
    const char *query = memchr(p, '?', (size_t)(end - p));
    const char *stop = query ? query : end;
    slash = memchr(p, '/', (size_t)(stop - p));
    const char *hend = slash ? slash : stop;
    const char *colon = NULL;
    if (*p == '[') {
        const char *rb = memchr(p, ']', (size_t)(hend - p));
        if (!rb)
            return url_fail(err, errsz, url, "unclosed '[' in host");
        if (copy_part(out->host, sizeof out->host, p + 1, (size_t)(rb - p - 1)) != SW_OK)
            return url_fail(err, errsz, url, "host too long");
        colon = rb + 1 < hend && rb[1] == ':' ? rb + 1 : NULL;
    } else {
        colon = memchr(p, ':', (size_t)(hend - p));
        if (copy_part(out->host, sizeof out->host, p, (size_t)((colon ? colon : hend) - p)) != SW_OK)
            return url_fail(err, errsz, url, "host too long");
    }
    if (!out->host[0])
        return url_fail(err, errsz, url, "no host");
    if (colon) {
        char *e;
        long port = strtol(colon + 1, &e, 10);
        if (e != hend || port < 1 || port > 65535)
            return url_fail(err, errsz, url, "port must be 1-65535");
        out->port = (int)port;
    }
    if (slash && slash + 1 < stop) {
        char *e;
        long db = strtol(slash + 1, &e, 10);
        if (e != stop || db < 0 || db > 1000000)
            return url_fail(err, errsz, url, "database must be a non-negative number");
        out->db = (int)db;
    }
    return query ? parse_query(query + 1, end, out, url, err, errsz) : SW_OK;
}

/* ---- health ---- */

static void health_fail(sw_redis *r)
{
    sw_redis_health *h = r->health;
    if (!h)
        return;
    atomic_fetch_add(&h->errors, 1);
    atomic_fetch_add(&h->unlogged, 1);
    atomic_store(&h->down, true);
    long long now = sw_time_wall_ms(), last = atomic_load(&h->last_log_ms);
    if (now - last >= h->log_interval_ms && atomic_compare_exchange_strong(&h->last_log_ms, &last, now)) {
        unsigned long long n = atomic_exchange(&h->unlogged, 0);
        fprintf(stderr, "%s: redis %s:%d unavailable: %s (%llu failed call%s since the last report)\n",
                h->who ? h->who : "stillwatch", r->url.host, r->url.port, r->errmsg, n, n == 1 ? "" : "s");
    }
}

static void health_ok(sw_redis *r)
{
    sw_redis_health *h = r->health;
    if (h && atomic_load(&h->down) && atomic_exchange(&h->down, false))
        fprintf(stderr, "%s: redis %s:%d reachable again\n", h->who ? h->who : "stillwatch", r->url.host,
                r->url.port);
}

/* ---- failure ---- */

/* The queued commands are written (or dropped with the link): empties the
 * buffer, and frees one that a large pipeline grew past OUT_KEEP. */
static void out_done(sw_redis *r)
{
    if (r->out.cap > OUT_KEEP) {
        sw_buf_free(&r->out);
        sw_buf_init(&r->out);
    } else {
        sw_buf_reset(&r->out);
    }
}

static void close_transport(sw_redis *r, bool graceful)
{
    if (r->ssl) {
        if (graceful) { /* close_notify, best effort: the socket closes anyway */
            ERR_clear_error();
            SSL_shutdown(r->ssl);
            ERR_clear_error();
        }
        SSL_free(r->ssl); /* frees the BIO too */
        r->ssl = NULL;
    }
    if (r->fd >= 0)
        close(r->fd);
    r->fd = -1;
    if (r->reader)
        redisReaderFree(r->reader);
    r->reader = NULL;
    r->pending = 0;
    out_done(r);
}

/* The link failed: says why (printf-like; no argument may point into
 * r->errmsg), closes the connection and starts the backoff. Every failing
 * call ends here exactly once. */
static void drop(sw_redis *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void drop(sw_redis *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->errmsg, sizeof r->errmsg, fmt, ap);
    va_end(ap);
    close_transport(r, false);
    r->ever_failed = true;
    r->backoff_ms = r->backoff_ms ? r->backoff_ms * 2 : BACKOFF_MIN_MS;
    if (r->backoff_ms > BACKOFF_MAX_MS)
        r->backoff_ms = BACKOFF_MAX_MS;
    r->next_try_ms = sw_time_mono_ms() + r->backoff_ms;
    health_fail(r);
}

/* ---- transport: bytes over a non-blocking socket, through TLS or not ---- */

/* Waits until fd is ready for events or the deadline passes: 1 ready (a
 * socket in error counts as ready: the next I/O reports it), 0 timed out,
 * -1 poll failed (errno). Interrupted waits resume. */
static int poll_until(int fd, short events, int64_t deadline)
{
    for (;;) {
        int64_t left = deadline - sw_time_mono_ms();
        if (left <= 0)
            return 0;
        struct pollfd pfd = {.fd = fd, .events = events};
        int n = poll(&pfd, 1, (int)left);
        if (n > 0)
            return 1;
        if (n < 0 && errno != EINTR)
            return -1;
    }
}

/* Waits until the link's socket is ready for events; drops the link at the
 * deadline or on a poll failure. */
static int wait_fd(sw_redis *r, short events, int64_t deadline, const char *doing)
{
    int ready = poll_until(r->fd, events, deadline);
    if (ready > 0)
        return SW_OK;
    if (ready == 0)
        drop(r, "timed out after %d ms %s", r->timeout_ms, doing);
    else
        drop(r, "poll: %s", strerror(errno));
    return SW_EIO;
}

/* OpenSSL reads and writes the socket through this BIO rather than its own
 * socket BIO, whose write() raises SIGPIPE on a connection the server has
 * closed: not every process that talks to Redis ignores SIGPIPE (the CLI
 * and the detect worker do not). EAGAIN becomes OpenSSL's "retry", which
 * SSL_get_error reports as WANT_READ / WANT_WRITE. */
static int bio_write(BIO *b, const char *buf, size_t n, size_t *done)
{
    sw_redis *r = BIO_get_data(b);
    BIO_clear_retry_flags(b);
    ssize_t k = send(r->fd, buf, n, MSG_NOSIGNAL);
    if (k >= 0) {
        *done = (size_t)k;
        return 1;
    }
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
        BIO_set_retry_write(b);
    return 0;
}

static int bio_read(BIO *b, char *buf, size_t n, size_t *done)
{
    sw_redis *r = BIO_get_data(b);
    BIO_clear_retry_flags(b);
    ssize_t k = recv(r->fd, buf, n, 0);
    if (k > 0) {
        *done = (size_t)k;
        return 1;
    }
    if (k == 0)
        r->eof = true;
    else if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
        BIO_set_retry_read(b);
    return 0;
}

static long bio_ctrl(BIO *b, int cmd, long num, void *ptr)
{
    (void)num;
    (void)ptr;
    sw_redis *r = BIO_get_data(b);
    if (cmd == BIO_CTRL_FLUSH)
        return 1; /* nothing is buffered here */
    if (cmd == BIO_CTRL_EOF)
        return r->eof;
    return 0;
}

static BIO_METHOD *bio_method;
static pthread_once_t bio_once = PTHREAD_ONCE_INIT;

static void bio_method_init(void)
{
    BIO_METHOD *m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "stillwatch redis socket");
    if (m && BIO_meth_set_write_ex(m, bio_write) && BIO_meth_set_read_ex(m, bio_read) &&
        BIO_meth_set_ctrl(m, bio_ctrl))
        bio_method = m;
    else
        BIO_meth_free(m);
}

/* Drops the link with what OpenSSL says went wrong. The thread's error
 * queue is left empty: the gateway's threads run h2o's TLS too, and
 * SSL_get_error there reads the same queue. */
static void tls_failed(sw_redis *r, int e, const char *doing)
{
    int sys = errno;
    unsigned long code = ERR_peek_last_error();
    const char *reason = code ? ERR_reason_error_string(code) : NULL;
    char detail[160];
    bool eof = ERR_GET_LIB(code) == ERR_LIB_SSL && ERR_GET_REASON(code) == SSL_R_UNEXPECTED_EOF_WHILE_READING;
    if (e == SSL_ERROR_ZERO_RETURN || eof || (e == SSL_ERROR_SYSCALL && !code && (r->eof || sys == 0)))
        snprintf(detail, sizeof detail, "server closed the connection");
    else if (e == SSL_ERROR_SYSCALL && !code)
        snprintf(detail, sizeof detail, "%s", strerror(sys));
    else
        snprintf(detail, sizeof detail, "%s", reason ? reason : "TLS error");
    ERR_clear_error();
    drop(r, "TLS %s: %s", doing, detail);
}

/* The handshake failed: a certificate that does not verify gets its own
 * words, since that is a configuration to fix rather than an outage. */
static void handshake_failed(sw_redis *r, int e)
{
    long v = SSL_get_verify_result(r->ssl);
    if (v == X509_V_OK) {
        tls_failed(r, e, "handshake");
        return;
    }
    ERR_clear_error();
    if (v == X509_V_ERR_HOSTNAME_MISMATCH || v == X509_V_ERR_IP_ADDRESS_MISMATCH)
        drop(r, "TLS handshake: the server's certificate is not for '%.100s' (%s)", r->url.host,
             X509_verify_cert_error_string(v));
    else
        drop(r, "TLS handshake: the server's certificate is not trusted by %s (%s)",
             r->url.ca[0] ? "the CA file" : "the system's CA store", X509_verify_cert_error_string(v));
}

/* After an SSL call said WANT_READ or WANT_WRITE, waits for that; any
 * other outcome drops the link. */
static int tls_wait(sw_redis *r, int e, int64_t deadline, const char *doing)
{
    if (e == SSL_ERROR_WANT_READ)
        return wait_fd(r, POLLIN, deadline, doing);
    if (e == SSL_ERROR_WANT_WRITE)
        return wait_fd(r, POLLOUT, deadline, doing);
    tls_failed(r, e, doing);
    return SW_EIO;
}

/* A plain socket blocks, with SO_RCVTIMEO and SO_SNDTIMEO as the longest
 * one read or write may wait: one system call per read, as with hiredis,
 * where poll-then-recv takes two (a measurable part of a loopback round
 * trip). The socket's timeouts follow the call's deadline: tightened when
 * less time is left than they allow, set back at the next call, so that a
 * call still ends within its timeout (give or take SO_SLACK_MS) without a
 * setsockopt in the common call, which needs one read. A read or write
 * that times out returns EAGAIN, and the caller comes back here. */
#define SO_SLACK_MS 5
static int plain_timeout(sw_redis *r, int64_t deadline, const char *doing)
{
    int64_t left = deadline - sw_time_mono_ms();
    if (left <= 0) {
        drop(r, "timed out after %d ms %s", r->timeout_ms, doing);
        return SW_EIO;
    }
    if (r->so_timeout_ms <= 0 || left + SO_SLACK_MS < r->so_timeout_ms || left > r->so_timeout_ms + SO_SLACK_MS) {
        struct timeval tv = {.tv_sec = (time_t)(left / 1000), .tv_usec = (suseconds_t)(left % 1000) * 1000};
        setsockopt(r->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        setsockopt(r->fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        r->so_timeout_ms = left;
    }
    return SW_OK;
}

static int io_write(sw_redis *r, const char *buf, size_t n, int64_t deadline)
{
    size_t off = 0;
    while (off < n) {
        if (r->ssl) {
            size_t w = 0;
            ERR_clear_error();
            int ok = SSL_write_ex(r->ssl, buf + off, n - off, &w);
            if (ok) {
                off += w;
                continue;
            }
            if (tls_wait(r, SSL_get_error(r->ssl, ok), deadline, "writing") != SW_OK)
                return SW_EIO;
            continue;
        }
        if (plain_timeout(r, deadline, "writing") != SW_OK)
            return SW_EIO;
        ssize_t w = send(r->fd, buf + off, n - off, MSG_NOSIGNAL);
        if (w >= 0) {
            off += (size_t)w;
            continue;
        }
        if (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK) {
            drop(r, "write: %s", strerror(errno));
            return SW_EIO;
        }
    }
    return SW_OK;
}

/* Reads what has arrived, at least one byte. TLS is asked before any
 * poll, since it may hold decrypted bytes the socket no longer shows. */
static int io_read(sw_redis *r, char *buf, size_t cap, size_t *got, int64_t deadline)
{
    for (;;) {
        if (r->ssl) {
            ERR_clear_error();
            int ok = SSL_read_ex(r->ssl, buf, cap, got);
            if (ok)
                return SW_OK;
            if (tls_wait(r, SSL_get_error(r->ssl, ok), deadline, "reading") != SW_OK)
                return SW_EIO;
            continue;
        }
        if (plain_timeout(r, deadline, "reading") != SW_OK)
            return SW_EIO;
        ssize_t k = recv(r->fd, buf, cap, 0);
        if (k > 0) {
            *got = (size_t)k;
            return SW_OK;
        }
        if (k == 0) {
            drop(r, "server closed the connection");
            return SW_EIO;
        }
        if (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK) {
            drop(r, "read: %s", strerror(errno));
            return SW_EIO;
        }
    }
}

/* connect() with a deadline; the socket is non-blocking already. 0, or -1
 * with errno. */
static int connect_by(int fd, const struct sockaddr *sa, socklen_t len, int64_t deadline)
{
    if (connect(fd, sa, len) == 0)
        return 0;
    if (errno != EINPROGRESS)
        return -1;
    int ready = poll_until(fd, POLLOUT, deadline);
    if (ready <= 0) {
        if (ready == 0)
            errno = ETIMEDOUT;
        return -1;
    }
    int soerr = 0;
    socklen_t sl = sizeof soerr;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) < 0)
        return -1;
    if (soerr) {
        errno = soerr;
        return -1;
    }
    return 0;
}

/* Every address of the host in turn, within one deadline; then the
 * options hiredis set: no Nagle delay (pipelines go out at once) and TCP
 * keepalive, so that a Redis host that vanished is noticed. */
static int tcp_connect(sw_redis *r, int64_t deadline)
{
    char port[8];
    snprintf(port, sizeof port, "%d", r->url.port);
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM}, *res = NULL;
    int g = getaddrinfo(r->url.host, port, &hints, &res);
    if (g != 0) {
        drop(r, "connect: %s", g == EAI_SYSTEM ? strerror(errno) : gai_strerror(g));
        return SW_EIO;
    }
    char why[128] = "no address";
    for (struct addrinfo *ai = res; ai && r->fd < 0; ai = ai->ai_next) {
        int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0) {
            snprintf(why, sizeof why, "%s", strerror(errno));
            continue;
        }
        if (connect_by(fd, ai->ai_addr, ai->ai_addrlen, deadline) == 0) {
            r->fd = fd;
            break;
        }
        snprintf(why, sizeof why, "%s", strerror(errno));
        close(fd);
    }
    freeaddrinfo(res);
    if (r->fd < 0) {
        drop(r, "connect: %s", why);
        return SW_EIO;
    }
    int one = 1, idle = KEEPALIVE_S, intvl = KEEPALIVE_S / 3, cnt = 3;
    setsockopt(r->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    setsockopt(r->fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
    setsockopt(r->fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle);
    setsockopt(r->fd, IPPROTO_TCP, TCP_KEEPINTVL, &intvl, sizeof intvl);
    setsockopt(r->fd, IPPROTO_TCP, TCP_KEEPCNT, &cnt, sizeof cnt);
    if (!r->tls) { /* blocking from now on, see plain_timeout */
        int fl = fcntl(r->fd, F_GETFL);
        if (fl < 0 || fcntl(r->fd, F_SETFL, fl & ~O_NONBLOCK) < 0) {
            drop(r, "connect: %s", strerror(errno));
            return SW_EIO;
        }
        r->so_timeout_ms = 0;
        if (plain_timeout(r, sw_time_mono_ms() + r->timeout_ms, "connecting") != SW_OK)
            return SW_EIO;
    }
    return SW_OK;
}

/* The client side of TLS on the connected socket: SNI and the name to
 * verify are the URL's host (an address literal is verified as an IP
 * address and sends no SNI, which may not carry one). */
static int tls_connect(sw_redis *r, int64_t deadline)
{
    pthread_once(&bio_once, bio_method_init);
    BIO *bio = bio_method ? BIO_new(bio_method) : NULL;
    r->ssl = bio ? SSL_new(r->tls) : NULL;
    if (!r->ssl) {
        BIO_free(bio);
        ERR_clear_error();
        drop(r, "TLS: out of memory");
        return SW_EIO;
    }
    BIO_set_data(bio, r);
    BIO_set_init(bio, 1);
    SSL_set_bio(r->ssl, bio, bio);
    r->eof = false;
    unsigned char addr[sizeof(struct in6_addr)];
    bool literal = inet_pton(AF_INET, r->url.host, addr) == 1 || inet_pton(AF_INET6, r->url.host, addr) == 1;
    SSL_set_hostflags(r->ssl, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    bool named = literal ? X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(r->ssl), r->url.host) == 1
                         : SSL_set_tlsext_host_name(r->ssl, r->url.host) == 1 && SSL_set1_host(r->ssl, r->url.host) == 1;
    if (!named) {
        ERR_clear_error();
        drop(r, "TLS: cannot verify against host '%.100s'", r->url.host);
        return SW_EIO;
    }
    for (;;) {
        ERR_clear_error();
        int ok = SSL_connect(r->ssl);
        if (ok == 1)
            return SW_OK;
        int e = SSL_get_error(r->ssl, ok);
        if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) {
            handshake_failed(r, e);
            return SW_EIO;
        }
        if (wait_fd(r, e == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, deadline, "in the TLS handshake") != SW_OK)
            return SW_EIO;
    }
}

/* The handle's TLS settings, once: verification against the CA file or
 * the system's store, and the client certificate when given. A file that
 * cannot be used is the caller's mistake (SW_EINVAL), said with its path. */
static int tls_ctx_new(sw_redis *r, char *err, size_t errsz)
{
    r->tls = SSL_CTX_new(TLS_client_method());
    if (!r->tls) {
        ERR_clear_error();
        snprintf(err, errsz, "out of memory (TLS)");
        return SW_ENOMEM;
    }
    SSL_CTX *ctx = r->tls;
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    const sw_redis_url *u = &r->url;
    const char *what = NULL, *path = NULL;
    ERR_clear_error();
    if (u->ca[0] && access(u->ca, R_OK) != 0)
        what = "CA file", path = u->ca;
    else if (u->ca[0] ? SSL_CTX_load_verify_locations(ctx, u->ca, NULL) != 1 : SSL_CTX_set_default_verify_paths(ctx) != 1)
        what = "CA file", path = u->ca[0] ? u->ca : "(system default)";
    else if (u->cert[0] && access(u->cert, R_OK) != 0)
        what = "client certificate", path = u->cert;
    else if (u->cert[0] && SSL_CTX_use_certificate_chain_file(ctx, u->cert) != 1)
        what = "client certificate", path = u->cert;
    else if (u->cert[0] && access(u->key, R_OK) != 0)
        what = "client key", path = u->key;
    else if (u->cert[0] && SSL_CTX_use_PrivateKey_file(ctx, u->key, SSL_FILETYPE_PEM) != 1)
        what = "client key", path = u->key;
    else if (u->cert[0] && SSL_CTX_check_private_key(ctx) != 1)
        what = "client key (not the certificate's)", path = u->key;
    if (!what)
        return SW_OK;
    int sys = errno;
    unsigned long code = ERR_peek_last_error();
    const char *reason = code ? ERR_reason_error_string(code) : NULL;
    snprintf(err, errsz, "rediss://%s:%d: %s '%s': %s", u->host, u->port, what, path,
             reason ? reason : strerror(sys));
    ERR_clear_error();
    return SW_EINVAL;
}

/* ---- commands on the wire ---- */

static int out_put(sw_redis *r, const char *cmd, size_t n)
{
    sw_buf_append(&r->out, cmd, n);
    if (r->out.oom) { /* nothing was appended; earlier commands stay queued */
        r->out.oom = false;
        return SW_ENOMEM;
    }
    return SW_OK;
}

static int encode_argv(sw_redis *r, int argc, const char **argv, const size_t *lens)
{
    char *cmd = NULL;
    int n = redisFormatCommandArgv(&cmd, argc, argv, lens);
    if (n < 0)
        return SW_ENOMEM;
    int rc = out_put(r, cmd, (size_t)n);
    redisFreeCommand(cmd);
    return rc;
}

static int encode_fmt(sw_redis *r, const char *fmt, va_list ap)
{
    char *cmd = NULL;
    int n = redisvFormatCommand(&cmd, fmt, ap);
    if (n < 0)
        return SW_ENOMEM;
    int rc = out_put(r, cmd, (size_t)n);
    redisFreeCommand(cmd);
    return rc;
}

/* Sends what is queued, then reads one reply, all within one timeout;
 * NULL when the link failed (it is dropped). */
static redisReply *roundtrip(sw_redis *r)
{
    int64_t deadline = sw_time_mono_ms() + r->timeout_ms;
    if (r->out.len) {
        if (io_write(r, r->out.data, r->out.len, deadline) != SW_OK)
            return NULL;
        out_done(r);
    }
    char buf[READ_CHUNK];
    for (;;) {
        void *rep = NULL;
        if (redisReaderGetReply(r->reader, &rep) != REDIS_OK) {
            char why[sizeof r->reader->errstr];
            snprintf(why, sizeof why, "%s", r->reader->errstr);
            drop(r, "protocol error: %s", why);
            return NULL;
        }
        if (rep)
            return rep;
        size_t n = 0;
        if (io_read(r, buf, sizeof buf, &n, deadline) != SW_OK)
            return NULL;
        if (redisReaderFeed(r->reader, buf, n) != REDIS_OK) {
            drop(r, "out of memory");
            return NULL;
        }
    }
}

/* ---- connection ---- */

/* Sends a setup command on a fresh connection; false (dropped) on failure. */
static bool setup_cmd(sw_redis *r, int argc, const char **argv)
{
    if (encode_argv(r, argc, argv, NULL) != SW_OK) {
        drop(r, "out of memory");
        return false;
    }
    redisReply *rep = roundtrip(r);
    if (!rep)
        return false;
    if (rep->type == REDIS_REPLY_ERROR) {
        char why[200];
        snprintf(why, sizeof why, "%s: %s", argv[0], rep->str);
        freeReplyObject(rep);
        drop(r, "%s", why);
        return false;
    }
    freeReplyObject(rep);
    return true;
}

static bool connect_now(sw_redis *r)
{
    if (!(r->reader = redisReaderCreate())) {
        drop(r, "out of memory");
        return false;
    }
    int64_t deadline = sw_time_mono_ms() + r->timeout_ms; /* for TCP and TLS together */
    if (tcp_connect(r, deadline) != SW_OK || (r->tls && tls_connect(r, deadline) != SW_OK))
        return false;
    if (r->url.password[0]) {
        const char *a[] = {"AUTH", r->url.user, r->url.password};
        bool ok = r->url.user[0] ? setup_cmd(r, 3, a) : setup_cmd(r, 2, (const char *[]){"AUTH", r->url.password});
        if (!ok)
            return false;
    }
    if (r->url.db) {
        char db[16];
        snprintf(db, sizeof db, "%d", r->url.db);
        if (!setup_cmd(r, 2, (const char *[]){"SELECT", db}))
            return false;
    }
    if (r->ever_failed && r->health)
        atomic_fetch_add(&r->health->reconnects, 1);
    r->backoff_ms = 0;
    return true;
}

/* A usable connection, reconnecting when the backoff allows. */
static bool ready(sw_redis *r)
{
    if (r->fd >= 0)
        return true;
    if (sw_time_mono_ms() < r->next_try_ms) {
        if (r->health) {
            atomic_fetch_add(&r->health->errors, 1);
            atomic_fetch_add(&r->health->unlogged, 1);
        }
        return false; /* errmsg still says why */
    }
    return connect_now(r);
}

int sw_redis_open(sw_redis **out, const char *url, int timeout_ms, sw_redis_health *health, bool must_connect,
                  char *err, size_t errsz)
{
    *out = NULL;
    sw_redis *r = calloc(1, sizeof *r);
    if (!r) {
        snprintf(err, errsz, "out of memory");
        return SW_ENOMEM;
    }
    r->fd = -1;
    sw_buf_init(&r->out);
    int rc = sw_redis_url_parse(url, &r->url, err, errsz);
    if (rc == SW_OK && r->url.tls)
        rc = tls_ctx_new(r, err, errsz);
    if (rc != SW_OK) {
        sw_redis_close(r);
        return rc;
    }
    r->timeout_ms = timeout_ms > 0 ? timeout_ms : 1000;
    r->health = health;
    if (!connect_now(r) && must_connect) {
        snprintf(err, errsz, "redis %s:%d: %s", r->url.host, r->url.port, r->errmsg);
        sw_redis_close(r);
        return SW_EIO;
    }
    *out = r;
    return SW_OK;
}

void sw_redis_close(sw_redis *r)
{
    if (!r)
        return;
    close_transport(r, true);
    SSL_CTX_free(r->tls);
    sw_buf_free(&r->out);
    free(r);
}

const char *sw_redis_errmsg(const sw_redis *r)
{
    return r->errmsg[0] ? r->errmsg : "no error";
}

bool sw_redis_connected(const sw_redis *r)
{
    return r->fd >= 0;
}

/* ---- commands ---- */

/* A reply came: the link is healthy. A server error is kept in errmsg as
 * well, so that a caller that fails on it (NOAUTH, WRONGTYPE) can say it. */
static redisReply *finish(sw_redis *r, redisReply *rep)
{
    if (!rep)
        return NULL;
    health_ok(r);
    if (rep->type == REDIS_REPLY_ERROR)
        snprintf(r->errmsg, sizeof r->errmsg, "%s", rep->str);
    return rep;
}

redisReply *sw_redis_command(sw_redis *r, int argc, const char **argv, const size_t *lens)
{
    if (r->pending)
        drop(r, "pipeline abandoned");
    if (!ready(r))
        return NULL;
    if (encode_argv(r, argc, argv, lens) != SW_OK) {
        drop(r, "out of memory");
        return NULL;
    }
    return finish(r, roundtrip(r));
}

redisReply *sw_redis_commandf(sw_redis *r, const char *fmt, ...)
{
    if (r->pending)
        drop(r, "pipeline abandoned");
    if (!ready(r))
        return NULL;
    va_list ap;
    va_start(ap, fmt);
    int rc = encode_fmt(r, fmt, ap);
    va_end(ap);
    if (rc != SW_OK) {
        drop(r, "out of memory");
        return NULL;
    }
    return finish(r, roundtrip(r));
}

int sw_redis_append(sw_redis *r, int argc, const char **argv, const size_t *lens)
{
    if (!ready(r))
        return SW_EIO;
    if (encode_argv(r, argc, argv, lens) != SW_OK) {
        drop(r, "out of memory");
        return SW_EIO;
    }
    r->pending++;
    return SW_OK;
}

int sw_redis_appendf(sw_redis *r, const char *fmt, ...)
{
    if (!ready(r))
        return SW_EIO;
    va_list ap;
    va_start(ap, fmt);
    int rc = encode_fmt(r, fmt, ap);
    va_end(ap);
    if (rc != SW_OK) {
        drop(r, "out of memory");
        return SW_EIO;
    }
    r->pending++;
    return SW_OK;
}

/* The first call sends every queued command; each returns one reply. */
redisReply *sw_redis_reply(sw_redis *r)
{
    if (r->fd < 0 || r->pending <= 0)
        return NULL;
    redisReply *rep = roundtrip(r);
    if (!rep)
        return NULL;
    r->pending--;
    return finish(r, rep);
}

/* ---- scripts ---- */

void sw_redis_script_sha(const sw_redis_script *s, char sha[41])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_Digest(s->body, strlen(s->body), md, &n, EVP_sha1(), NULL);
    for (unsigned int i = 0; i < n && i < 20; i++)
        snprintf(sha + 2 * i, 3, "%02x", md[i]);
    sha[40] = '\0';
}

bool sw_redis_reply_noscript(const redisReply *rep)
{
    return rep && rep->type == REDIS_REPLY_ERROR && !strncmp(rep->str, "NOSCRIPT", 8);
}

#define MAX_EVAL_ARGS 24

static int eval_argv(const char *verb, const char *text, int nkeys, int nargs, const char **args, const size_t *lens,
                     const char **av, size_t *al, char nk[16])
{
    if (nargs + 3 > MAX_EVAL_ARGS)
        return -1;
    snprintf(nk, 16, "%d", nkeys);
    av[0] = verb;
    al[0] = strlen(verb);
    av[1] = text;
    al[1] = strlen(text);
    av[2] = nk;
    al[2] = strlen(nk);
    for (int i = 0; i < nargs; i++) {
        av[3 + i] = args[i];
        al[3 + i] = lens ? lens[i] : strlen(args[i]);
    }
    return nargs + 3;
}

int sw_redis_append_eval(sw_redis *r, const sw_redis_script *s, int nkeys, int nargs, const char **args,
                         const size_t *lens)
{
    char sha[41], nk[16];
    const char *av[MAX_EVAL_ARGS];
    size_t al[MAX_EVAL_ARGS];
    sw_redis_script_sha(s, sha);
    int n = eval_argv("EVALSHA", sha, nkeys, nargs, args, lens, av, al, nk);
    if (n < 0)
        return SW_EINVAL;
    return sw_redis_append(r, n, av, al);
}

redisReply *sw_redis_eval(sw_redis *r, const sw_redis_script *s, int nkeys, int nargs, const char **args,
                          const size_t *lens)
{
    char sha[41], nk[16];
    const char *av[MAX_EVAL_ARGS];
    size_t al[MAX_EVAL_ARGS];
    sw_redis_script_sha(s, sha);
    int n = eval_argv("EVALSHA", sha, nkeys, nargs, args, lens, av, al, nk);
    if (n < 0)
        return NULL;
    redisReply *rep = sw_redis_command(r, n, av, al);
    if (!sw_redis_reply_noscript(rep))
        return rep;
    /* a Redis restarted without its script cache: load it and run it */
    freeReplyObject(rep);
    rep = sw_redis_command(r, 3, (const char *[]){"SCRIPT", "LOAD", s->body}, NULL);
    if (!rep)
        return NULL;
    freeReplyObject(rep);
    return sw_redis_command(r, n, av, al);
}
