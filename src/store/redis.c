/*
 * redis.c — a blocking Redis connection that heals itself (see redis.h).
 *
 * The handle is a hiredis context plus what it takes to rebuild one: the
 * parsed URL, the timeout, and a backoff clock. Any failure of the link (a
 * refused connect, a timeout, a reset) frees the context; the next call
 * finds no context and, if the backoff has passed, connects again, sending
 * AUTH and SELECT and loading the scripts (SCRIPT LOAD is idempotent). The
 * backoff doubles from 50 ms up to 1 s, so a Redis that comes back is in use
 * again within a second, and while it is away each call costs a clock read.
 *
 * Server errors (a WRONGTYPE, a script's own error) are answers, not link
 * failures: they are returned to the caller and the connection stays.
 *
 * Health: every failure is counted in the shared sw_redis_health and logged
 * at most once per log interval, with the count of failures since the last
 * line; the first success after a failure logs the recovery once.
 */
#include "store/redis.h"

#include <openssl/evp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "core/error.h"

#define BACKOFF_MIN_MS 50
#define BACKOFF_MAX_MS 1000

struct sw_redis {
    sw_redis_url url;
    int timeout_ms;
    redisContext *c;
    int64_t next_try_ms; /* no reconnect before this */
    int64_t backoff_ms;
    bool ever_failed;
    int pending;          /* pipelined replies not yet read */
    sw_redis_health *health;
    char errmsg[256];
};

static int64_t now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static int64_t wall_ms(void)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return (int64_t)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

bool sw_state_is_redis(const char *state)
{
    return state && (!strncmp(state, "redis://", 8) || !strncmp(state, "rediss://", 9));
}

/* ---- URL ---- */

static int url_fail(char *err, size_t errsz, const char *url, const char *why)
{
    if (err && errsz)
        snprintf(err, errsz, "state URL '%.200s': %s", url, why);
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

int sw_redis_url_parse(const char *url, sw_redis_url *out, char *err, size_t errsz)
{
    memset(out, 0, sizeof *out);
    out->port = 6379;
    if (!strncmp(url, "rediss://", 9))
        return url_fail(err, errsz, url,
                        "TLS (rediss://) is not supported by the packaged hiredis 0.14; reach a TLS Redis through a "
                        "local tunnel (docs/fleet.md)");
    if (strncmp(url, "redis://", 8) != 0)
        return url_fail(err, errsz, url, "expected redis://[[USER]:PASSWORD@]HOST[:PORT][/DB]");
    const char *p = url + 8, *end = p + strlen(p);
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
    const char *hend = slash ? slash : end;
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
    if (slash && slash[1]) {
        char *e;
        long db = strtol(slash + 1, &e, 10);
        if (*e || db < 0 || db > 1000000)
            return url_fail(err, errsz, url, "database must be a non-negative number");
        out->db = (int)db;
    }
    return SW_OK;
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
    long long now = wall_ms(), last = atomic_load(&h->last_log_ms);
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

/* ---- connection ---- */

static void drop(sw_redis *r, const char *why)
{
    snprintf(r->errmsg, sizeof r->errmsg, "%s", why);
    if (r->c)
        redisFree(r->c);
    r->c = NULL;
    r->pending = 0;
    r->ever_failed = true;
    r->backoff_ms = r->backoff_ms ? r->backoff_ms * 2 : BACKOFF_MIN_MS;
    if (r->backoff_ms > BACKOFF_MAX_MS)
        r->backoff_ms = BACKOFF_MAX_MS;
    r->next_try_ms = now_ms() + r->backoff_ms;
    health_fail(r);
}

/* Sends a setup command on a fresh context; false (context dropped) on failure. */
static bool setup_cmd(sw_redis *r, int argc, const char **argv)
{
    redisReply *rep = redisCommandArgv(r->c, argc, argv, NULL);
    if (!rep) {
        drop(r, r->c->errstr[0] ? r->c->errstr : "connection lost");
        return false;
    }
    bool ok = rep->type != REDIS_REPLY_ERROR;
    if (!ok) {
        char why[200];
        snprintf(why, sizeof why, "%s: %s", argv[0], rep->str);
        freeReplyObject(rep);
        drop(r, why);
        return false;
    }
    freeReplyObject(rep);
    return true;
}

static bool connect_now(sw_redis *r)
{
    struct timeval tv = {.tv_sec = r->timeout_ms / 1000, .tv_usec = (r->timeout_ms % 1000) * 1000};
    r->c = redisConnectWithTimeout(r->url.host, r->url.port, tv);
    if (!r->c) {
        drop(r, "out of memory");
        return false;
    }
    if (r->c->err) {
        char why[200];
        snprintf(why, sizeof why, "connect: %s", r->c->errstr);
        drop(r, why);
        return false;
    }
    redisSetTimeout(r->c, tv);
    redisEnableKeepAlive(r->c);
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

/* A usable context, reconnecting when the backoff allows. */
static bool ready(sw_redis *r)
{
    if (r->c)
        return true;
    if (now_ms() < r->next_try_ms) {
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
    int rc = sw_redis_url_parse(url, &r->url, err, errsz);
    if (rc != SW_OK) {
        free(r);
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
    if (r->c)
        redisFree(r->c);
    free(r);
}

const char *sw_redis_errmsg(const sw_redis *r)
{
    return r->errmsg[0] ? r->errmsg : "no error";
}

bool sw_redis_connected(const sw_redis *r)
{
    return r->c != NULL;
}

/* ---- commands ---- */

static redisReply *finish(sw_redis *r, void *rep)
{
    if (!rep) {
        drop(r, r->c && r->c->errstr[0] ? r->c->errstr : "connection lost");
        return NULL;
    }
    health_ok(r);
    return rep;
}

redisReply *sw_redis_command(sw_redis *r, int argc, const char **argv, const size_t *lens)
{
    if (r->pending)
        drop(r, "pipeline abandoned");
    if (!ready(r))
        return NULL;
    return finish(r, redisCommandArgv(r->c, argc, argv, lens));
}

redisReply *sw_redis_commandf(sw_redis *r, const char *fmt, ...)
{
    if (r->pending)
        drop(r, "pipeline abandoned");
    if (!ready(r))
        return NULL;
    va_list ap;
    va_start(ap, fmt);
    void *rep = redisvCommand(r->c, fmt, ap);
    va_end(ap);
    return finish(r, rep);
}

int sw_redis_append(sw_redis *r, int argc, const char **argv, const size_t *lens)
{
    if (!ready(r))
        return SW_EIO;
    if (redisAppendCommandArgv(r->c, argc, argv, lens) != REDIS_OK) {
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
    int rc = redisvAppendCommand(r->c, fmt, ap);
    va_end(ap);
    if (rc != REDIS_OK) {
        drop(r, "out of memory");
        return SW_EIO;
    }
    r->pending++;
    return SW_OK;
}

redisReply *sw_redis_reply(sw_redis *r)
{
    if (!r->c || r->pending <= 0)
        return NULL;
    void *rep = NULL;
    if (redisGetReply(r->c, &rep) != REDIS_OK)
        rep = NULL;
    if (!rep)
        return finish(r, NULL);
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
