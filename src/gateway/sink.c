/*
 * sink.c — the traffic log and the online detector (see sink.h).
 *
 * The lock is held for a memcpy into the log buffer and one engine step
 * (tens of microseconds); threads that end exchanges at the same moment
 * queue on it. The buffer goes to the file when it holds SW_GW_LOG_BUFFER
 * bytes, and otherwise every SW_GW_LOG_FLUSH_MS from a small flusher thread,
 * so a busy gateway makes one write(2) per many exchanges instead of one
 * each, and a quiet one still has its lines on disk within milliseconds.
 * Lines are only ever written whole.
 * Flagged accounts are counted on the transition, so the metric is the
 * number of distinct accounts that became flagged since the gateway started.
 */
#include "gateway/sink.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/error.h"
#include "core/event.h"
#include "core/strmap.h"
#include "detect/engine.h"

struct sw_gw_sink {
    pthread_mutex_t lock;
    char *path;
    int fd;
    char *wbuf; /* whole lines not yet written */
    size_t wlen;
    pthread_t flusher;
    pthread_cond_t wake;   /* signalled on close */
    bool flusher_running, closing;
    bool detect;
    sw_engine *engine;
    sw_event_parser *parser;
    sw_strmap *profiles;   /* account id → index into profile_hash */
    uint64_t *profile_hash;
    size_t nprofiles, profile_cap;
    sw_strmap *flag_ids;   /* accounts ever flagged */
    sw_gw_detector_stats st;
};

static int open_log(const char *path, int *fd, char *err, size_t errsz)
{
    int f = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (f < 0) {
        snprintf(err, errsz, "cannot open traffic log %s: %s", path, strerror(errno));
        return SW_EIO;
    }
    *fd = f;
    return SW_OK;
}

static int write_all(sw_gw_sink *s, const char *p, size_t n)
{
    size_t off = 0;
    while (off < n) {
        ssize_t w = write(s->fd, p + off, n - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            s->st.write_errors++;
            return SW_EIO;
        }
        off += (size_t)w;
    }
    return SW_OK;
}

/* Writes the buffered lines; the lock is held. A failed write drops them
 * (counted in write_errors) rather than growing without bound. */
static void flush_locked(sw_gw_sink *s)
{
    if (s->wlen && s->fd >= 0)
        (void)write_all(s, s->wbuf, s->wlen);
    s->wlen = 0;
}

static void *flusher_main(void *arg)
{
    sw_gw_sink *s = arg;
    pthread_mutex_lock(&s->lock);
    while (!s->closing) {
        struct timespec at;
        clock_gettime(CLOCK_REALTIME, &at);
        at.tv_nsec += (long)SW_GW_LOG_FLUSH_MS * 1000000L;
        if (at.tv_nsec >= 1000000000L) {
            at.tv_sec++;
            at.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&s->wake, &s->lock, &at);
        flush_locked(s);
    }
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

int sw_gw_sink_open(sw_gw_sink **out, const char *path, const sw_detect_config *dcfg, char *err, size_t errsz)
{
    sw_gw_sink *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errsz, "out of memory");
        return SW_ENOMEM;
    }
    s->fd = -1;
    s->detect = true;
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->wake, NULL);
    sw_detect_config def;
    if (!dcfg) {
        sw_detect_config_defaults(&def);
        dcfg = &def;
    }
    int rc = SW_ENOMEM;
    if (!(s->path = strdup(path)) || !(s->profiles = sw_strmap_new()) || !(s->flag_ids = sw_strmap_new()) ||
        sw_event_parser_new(&s->parser) != SW_OK) {
        snprintf(err, errsz, "out of memory");
        goto fail;
    }
    if ((rc = sw_engine_new(dcfg, &s->engine, err, errsz)) != SW_OK)
        goto fail;
    if ((rc = open_log(path, &s->fd, err, errsz)) != SW_OK)
        goto fail;
    rc = SW_ENOMEM;
    if (!(s->wbuf = malloc(SW_GW_LOG_BUFFER))) {
        snprintf(err, errsz, "out of memory");
        goto fail;
    }
    if (pthread_create(&s->flusher, NULL, flusher_main, s) != 0) {
        snprintf(err, errsz, "cannot start the traffic log's flusher thread");
        goto fail;
    }
    s->flusher_running = true;
    *out = s;
    return SW_OK;
fail:
    sw_gw_sink_close(s);
    return rc;
}

void sw_gw_sink_close(sw_gw_sink *s)
{
    if (!s)
        return;
    if (s->flusher_running) {
        pthread_mutex_lock(&s->lock);
        s->closing = true;
        pthread_cond_signal(&s->wake);
        pthread_mutex_unlock(&s->lock);
        pthread_join(s->flusher, NULL);
    }
    pthread_mutex_lock(&s->lock);
    flush_locked(s);
    pthread_mutex_unlock(&s->lock);
    free(s->wbuf);
    if (s->fd >= 0)
        close(s->fd);
    sw_engine_free(s->engine);
    sw_event_parser_free(s->parser);
    sw_strmap_free(s->profiles);
    sw_strmap_free(s->flag_ids);
    free(s->profile_hash);
    free(s->path);
    pthread_cond_destroy(&s->wake);
    pthread_mutex_destroy(&s->lock);
    free(s);
}

int sw_gw_sink_reopen(sw_gw_sink *s, char *err, size_t errsz)
{
    int fd;
    int rc = open_log(s->path, &fd, err, errsz);
    if (rc != SW_OK)
        return rc;
    pthread_mutex_lock(&s->lock);
    flush_locked(s); /* what was logged before the rotation goes to the old file */
    int old = s->fd;
    s->fd = fd;
    pthread_mutex_unlock(&s->lock);
    close(old);
    return SW_OK;
}

void sw_gw_sink_set_detect(sw_gw_sink *s, bool on)
{
    pthread_mutex_lock(&s->lock);
    s->detect = on;
    pthread_mutex_unlock(&s->lock);
}

int sw_gw_sink_set_detect_config(sw_gw_sink *s, const sw_detect_config *cfg, char *err, size_t errsz)
{
    pthread_mutex_lock(&s->lock);
    int rc = sw_engine_set_config(s->engine, cfg, err, errsz);
    pthread_mutex_unlock(&s->lock);
    return rc;
}

static uint64_t profile_hash(const sw_account_info *a)
{
    /* FNV-1a over the fields the engine reads; a change re-sends the profile */
    uint64_t h = 0xcbf29ce484222325ULL;
    const void *parts[] = {a->tier, a->country, a->payment_fp, a->email_domain};
    for (size_t k = 0; k < 4; k++)
        for (const unsigned char *p = parts[k]; *p; p++)
            h = (h ^ *p) * 0x100000001b3ULL;
    h = (h ^ (uint64_t)a->verification) * 0x100000001b3ULL;
    h = (h ^ (uint64_t)a->created_at_ms) * 0x100000001b3ULL;
    return h;
}

int sw_gw_sink_account(sw_gw_sink *s, const sw_account_info *info)
{
    uint64_t h = profile_hash(info);
    int rc = SW_OK;
    pthread_mutex_lock(&s->lock);
    uint32_t idx = (uint32_t)s->nprofiles;
    int inserted = 0;
    if (sw_strmap_get_or_put(s->profiles, info->account, &idx, 1, &inserted, NULL) != SW_OK) {
        rc = SW_ENOMEM;
    } else if (inserted) {
        if (s->nprofiles == s->profile_cap) {
            size_t cap = s->profile_cap ? s->profile_cap * 2 : 256;
            uint64_t *p = realloc(s->profile_hash, cap * sizeof *p);
            if (!p) {
                rc = SW_ENOMEM;
                goto out;
            }
            s->profile_hash = p;
            s->profile_cap = cap;
        }
        s->profile_hash[s->nprofiles++] = h;
        rc = sw_engine_add_account(s->engine, info);
        s->st.profiles++;
    } else if (s->profile_hash[idx] != h) {
        s->profile_hash[idx] = h;
        rc = sw_engine_add_account(s->engine, info);
    }
out:
    pthread_mutex_unlock(&s->lock);
    return rc;
}

int sw_gw_sink_put(sw_gw_sink *s, const char *line, size_t n, sw_action *action)
{
    int rc = SW_OK;
    if (action)
        *action = SW_ALLOW;
    pthread_mutex_lock(&s->lock);
    if (s->wlen + n > SW_GW_LOG_BUFFER)
        flush_locked(s);
    if (n > SW_GW_LOG_BUFFER) {
        rc = write_all(s, line, n); /* a line larger than the buffer goes alone */
    } else {
        memcpy(s->wbuf + s->wlen, line, n);
        s->wlen += n;
    }
    if (rc == SW_OK)
        s->st.lines++;
    if (s->detect) {
        sw_event ev;
        char err[200];
        size_t len = n && line[n - 1] == '\n' ? n - 1 : n;
        if (sw_event_parse(s->parser, line, len, &ev, err, sizeof err) != SW_OK) {
            s->st.parse_errors++;
            rc = SW_EPARSE;
        } else {
            sw_action a = SW_ALLOW;
            if (sw_engine_feed(s->engine, &ev, &a) == SW_OK) {
                s->st.events++;
                if (action)
                    *action = a;
                if (sw_action_flagged(a)) {
                    uint32_t one = 1;
                    int inserted = 0;
                    if (sw_strmap_get_or_put(s->flag_ids, ev.account, &one, 1, &inserted, NULL) == SW_OK && inserted)
                        s->st.flagged++;
                }
            }
        }
    }
    pthread_mutex_unlock(&s->lock);
    return rc;
}

sw_action sw_gw_sink_verdict(sw_gw_sink *s, const char *account, double *score)
{
    sw_action a = SW_ALLOW;
    if (score)
        *score = 0;
    pthread_mutex_lock(&s->lock);
    size_t idx;
    if (s->detect && sw_engine_lookup(s->engine, account, &idx) == SW_OK)
        sw_engine_action(s->engine, idx, &a, score);
    pthread_mutex_unlock(&s->lock);
    return a;
}

void sw_gw_sink_stats(sw_gw_sink *s, sw_gw_detector_stats *out)
{
    pthread_mutex_lock(&s->lock);
    *out = s->st;
    out->accounts = sw_engine_account_count(s->engine);
    pthread_mutex_unlock(&s->lock);
}
