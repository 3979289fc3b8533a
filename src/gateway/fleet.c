/*
 * fleet.c — a gateway's process-wide part of the shared state (fleet.h).
 *
 * The poller thread owns one Redis connection of its own. Every
 * SW_GW_FLEET_POLL_MS it reads the verdict table's version and, when it
 * moved, the whole table, which it builds into a fresh map and swaps in
 * under a mutex (readers hold the mutex for one map lookup). A verdict
 * written by a worker is thus applied within the poll interval plus one
 * read; the requirement is a second. The same thread sends spooled events
 * back into the stream once Redis answers, so serving threads never wait
 * on a spool.
 *
 * The verdict table is the whole fleet's, read at once: fine for the
 * flagged accounts of a fleet (tens of thousands of entries are a few
 * milliseconds every time the version moves), and docs/fleet.md says when
 * to shard it.
 */
#include "gateway/fleet.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/error.h"
#include "core/strmap.h"

typedef struct sw_gw_verdicts {
    pthread_mutex_t lock;
    sw_strmap *map;     /* account → index into actions */
    uint8_t *actions;
    size_t n, cap;
    long long version;
    pthread_t thread;
    bool running;
    pthread_mutex_t stop_lock;
    pthread_cond_t stop_cond;
    bool stopping;
} sw_gw_verdicts;

static sw_action action_of(const char *s)
{
    static const sw_action all[] = {SW_ALLOW, SW_MONITOR, SW_THROTTLE, SW_CHALLENGE, SW_BLOCK};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (!strcmp(sw_action_name(all[i]), s))
            return all[i];
    return SW_ALLOW;
}

/* ---- the table being built ---- */

typedef struct {
    sw_strmap *map;
    uint8_t *actions;
    size_t n, cap;
} building;

static int put_verdict(const char *account, const char *action, double score, const char *cluster, void *ctx)
{
    building *b = ctx;
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 256;
        uint8_t *a = realloc(b->actions, cap);
        if (!a)
            return SW_ENOMEM;
        b->actions = a;
        b->cap = cap;
    }
    uint32_t idx = (uint32_t)b->n;
    int inserted = 0;
    if (sw_strmap_get_or_put(b->map, account, &idx, 1, &inserted, NULL) != SW_OK)
        return SW_ENOMEM;
    b->actions[idx] = (uint8_t)action_of(action);
    if (inserted)
        b->n++;
    return SW_OK;
}

static void refresh(sw_gw_fleet *f, sw_redis *r)
{
    sw_gw_verdicts *v = f->verdicts;
    long long version;
    if (sw_rverdict_version(r, &version) != SW_OK || version == v->version)
        return;
    building b = {.map = sw_strmap_new()};
    if (!b.map)
        return;
    if (sw_rverdict_each(r, put_verdict, &b) != SW_OK) {
        sw_strmap_free(b.map);
        free(b.actions);
        return;
    }
    pthread_mutex_lock(&v->lock);
    sw_strmap *old = v->map;
    uint8_t *old_actions = v->actions;
    v->map = b.map;
    v->actions = b.actions;
    v->n = b.n;
    v->version = version;
    pthread_mutex_unlock(&v->lock);
    sw_strmap_free(old);
    free(old_actions);
}

/* ---- the spool ---- */

typedef struct {
    sw_redis *r;
} resend_ctx;

static size_t resend(const char *const *lines, const size_t *lens, size_t n, void *ctx)
{
    resend_ctx *c = ctx;
    size_t queued = 0;
    for (; queued < n; queued++)
        if (sw_revents_append(c->r, lines[queued], lens[queued]) != SW_OK)
            break;
    size_t taken = 0;
    for (size_t i = 0; i < queued; i++) {
        redisReply *rep = sw_redis_reply(c->r);
        if (!rep)
            break;
        if (rep->type == REDIS_REPLY_STRING && taken == i)
            taken++;
        freeReplyObject(rep);
    }
    return taken;
}

static void *poller_main(void *arg)
{
    sw_gw_fleet *f = arg;
    sw_gw_verdicts *v = f->verdicts;
    sw_redis *r = NULL;
    char err[256];
    sw_redis_open(&r, f->url, f->timeout_ms, &f->health, false, err, sizeof err);
    pthread_mutex_lock(&v->stop_lock);
    while (!v->stopping) {
        pthread_mutex_unlock(&v->stop_lock);
        if (r) {
            refresh(f, r);
            if (sw_spool_pending(f->spool) && sw_redis_connected(r)) {
                resend_ctx c = {r};
                uint64_t taken = 0;
                sw_spool_drain(f->spool, resend, &c, &taken);
                atomic_fetch_add(&f->resent, taken);
            }
        }
        pthread_mutex_lock(&v->stop_lock);
        struct timespec at;
        clock_gettime(CLOCK_REALTIME, &at);
        at.tv_nsec += SW_GW_FLEET_POLL_MS * 1000000L;
        if (at.tv_nsec >= 1000000000L) {
            at.tv_sec++;
            at.tv_nsec -= 1000000000L;
        }
        if (!v->stopping)
            pthread_cond_timedwait(&v->stop_cond, &v->stop_lock, &at);
    }
    pthread_mutex_unlock(&v->stop_lock);
    sw_redis_close(r);
    return NULL;
}

/* ---- life ---- */

int sw_gw_fleet_new(sw_gw_fleet **out, const sw_config *cfg, char *err, size_t errsz)
{
    *out = NULL;
    sw_gw_fleet *f = calloc(1, sizeof *f);
    sw_gw_verdicts *v = calloc(1, sizeof *v);
    if (!f || !v || !(v->map = sw_strmap_new())) {
        free(f);
        free(v);
        snprintf(err, errsz, "out of memory");
        return SW_ENOMEM;
    }
    f->verdicts = v;
    v->version = -1;
    pthread_mutex_init(&v->lock, NULL);
    pthread_mutex_init(&v->stop_lock, NULL);
    pthread_cond_init(&v->stop_cond, NULL);
    snprintf(f->url, sizeof f->url, "%s", cfg->state_url);
    f->fail_open = cfg->redis_fail_open;
    f->timeout_ms = (int)cfg->redis_timeout_ms;
    f->health.log_interval_ms = cfg->redis_log_interval_s * 1000;
    f->health.who = "stillwatch serve";
    f->health.last_log_ms = -(1LL << 40); /* the first failure is logged at once */
    char path[600];
    snprintf(path, sizeof path, "%s/redis-spool.jsonl", cfg->state_dir);
    int rc = sw_spool_open(&f->spool, path, err, errsz);
    if (rc == SW_OK && pthread_create(&v->thread, NULL, poller_main, f) != 0) {
        snprintf(err, errsz, "cannot start the fleet's verdict thread");
        rc = SW_EIO;
    }
    if (rc != SW_OK) {
        sw_gw_fleet_free(f);
        return rc;
    }
    v->running = true;
    *out = f;
    return SW_OK;
}

void sw_gw_fleet_free(sw_gw_fleet *f)
{
    if (!f)
        return;
    sw_gw_verdicts *v = f->verdicts;
    if (v->running) {
        pthread_mutex_lock(&v->stop_lock);
        v->stopping = true;
        pthread_cond_signal(&v->stop_cond);
        pthread_mutex_unlock(&v->stop_lock);
        pthread_join(v->thread, NULL);
    }
    sw_spool_close(f->spool);
    sw_strmap_free(v->map);
    free(v->actions);
    pthread_mutex_destroy(&v->lock);
    pthread_mutex_destroy(&v->stop_lock);
    pthread_cond_destroy(&v->stop_cond);
    free(v);
    free(f);
}

sw_action sw_gw_fleet_verdict(sw_gw_fleet *f, const char *account)
{
    sw_gw_verdicts *v = f->verdicts;
    sw_action a = SW_ALLOW;
    uint32_t idx;
    pthread_mutex_lock(&v->lock);
    if (sw_strmap_get_or_put(v->map, account, &idx, 0, NULL, NULL) == SW_OK && idx < v->n)
        a = (sw_action)v->actions[idx];
    pthread_mutex_unlock(&v->lock);
    return a;
}

/* ---- per request ---- */

static const char *const reasons[] = {"requests per minute", "tokens per minute", "daily tokens",
                                      "concurrent streams"};

int sw_gw_fleet_admit(sw_redis *r, const char *account, const sw_tier *t, double factor, int64_t est,
                      int64_t now_ms, sw_limit_result *out)
{
    sw_rlimit_args a = {
        .requests_per_minute = sw_limit_scaled(t->requests_per_minute, factor),
        .tokens_per_minute = sw_limit_scaled(t->tokens_per_minute, factor),
        .tokens_per_day = t->tokens_per_day,
        .concurrent_streams = t->concurrent_streams,
        .est_tokens = est,
    };
    sw_rlimit_result res;
    int rc = sw_rlimit_admit(r, account, &a, now_ms, &res);
    if (rc != SW_OK)
        return rc;
    out->allowed = res.allowed;
    out->retry_after_s = res.retry_after_s;
    out->reason = NULL;
    for (size_t i = 0; !res.allowed && i < sizeof reasons / sizeof reasons[0]; i++)
        if (!strcmp(reasons[i], res.reason))
            out->reason = reasons[i];
    if (!res.allowed && !out->reason)
        out->reason = reasons[0];
    return SW_OK;
}

void sw_gw_fleet_end(sw_gw_fleet *f, sw_redis *r, const sw_rexchange_end *e)
{
    bool taken = false;
    sw_rexchange_finish(r, e, &taken);
    if (e->line && !taken) {
        if (sw_spool_put(f->spool, e->line, e->line_len) == SW_OK)
            atomic_fetch_add(&f->spooled, 1);
    }
}

void sw_gw_fleet_metrics(sw_gw_fleet *f, sw_buf *b)
{
    char t[2048];
    snprintf(t, sizeof t,
             "# HELP stillwatch_redis_up Whether the last call to the fleet's Redis succeeded.\n"
             "# TYPE stillwatch_redis_up gauge\n"
             "stillwatch_redis_up %d\n"
             "# HELP stillwatch_redis_errors_total Calls to the fleet's Redis that failed.\n"
             "# TYPE stillwatch_redis_errors_total counter\n"
             "stillwatch_redis_errors_total %llu\n"
             "# HELP stillwatch_redis_reconnects_total Connections to Redis made again after a failure.\n"
             "# TYPE stillwatch_redis_reconnects_total counter\n"
             "stillwatch_redis_reconnects_total %llu\n"
             "# HELP stillwatch_redis_fallbacks_total Decisions taken locally while Redis was unavailable "
             "(on_failure: open).\n"
             "# TYPE stillwatch_redis_fallbacks_total counter\n"
             "stillwatch_redis_fallbacks_total{what=\"credentials\"} %llu\n"
             "stillwatch_redis_fallbacks_total{what=\"nonces\"} %llu\n"
             "stillwatch_redis_fallbacks_total{what=\"limits\"} %llu\n"
             "# HELP stillwatch_redis_refusals_total Requests answered 503 because Redis was unavailable "
             "(on_failure: closed).\n"
             "# TYPE stillwatch_redis_refusals_total counter\n"
             "stillwatch_redis_refusals_total %llu\n"
             "# HELP stillwatch_events_spooled_total Events written to the local spool while Redis was away.\n"
             "# TYPE stillwatch_events_spooled_total counter\n"
             "stillwatch_events_spooled_total %llu\n"
             "# HELP stillwatch_events_resent_total Spooled events sent to the stream since.\n"
             "# TYPE stillwatch_events_resent_total counter\n"
             "stillwatch_events_resent_total %llu\n"
             "# HELP stillwatch_events_spool_pending Events in the spool, waiting for Redis.\n"
             "# TYPE stillwatch_events_spool_pending gauge\n"
             "stillwatch_events_spool_pending %llu\n",
             atomic_load(&f->health.down) ? 0 : 1, (unsigned long long)atomic_load(&f->health.errors),
             (unsigned long long)atomic_load(&f->health.reconnects),
             (unsigned long long)atomic_load(&f->fallback_credentials),
             (unsigned long long)atomic_load(&f->fallback_nonces), (unsigned long long)atomic_load(&f->fallback_limits),
             (unsigned long long)atomic_load(&f->refused), (unsigned long long)atomic_load(&f->spooled),
             (unsigned long long)atomic_load(&f->resent), (unsigned long long)sw_spool_pending(f->spool));
    sw_buf_append(b, t, strlen(t));
}
