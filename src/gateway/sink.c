/*
 * sink.c — the traffic log and the online detector (see sink.h).
 *
 * The lock is held for a write(2) and one engine step (tens of
 * microseconds); threads that end exchanges at the same moment queue on it.
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
#include <unistd.h>

#include "core/error.h"
#include "core/event.h"
#include "core/strmap.h"
#include "detect/engine.h"

struct sw_gw_sink {
    pthread_mutex_t lock;
    char *path;
    int fd;
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
    if (s->fd >= 0)
        close(s->fd);
    sw_engine_free(s->engine);
    sw_event_parser_free(s->parser);
    sw_strmap_free(s->profiles);
    sw_strmap_free(s->flag_ids);
    free(s->profile_hash);
    free(s->path);
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
    size_t off = 0;
    while (off < n) {
        ssize_t w = write(s->fd, line + off, n - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            s->st.write_errors++;
            rc = SW_EIO;
            break;
        }
        off += (size_t)w;
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
    sw_verdict v;
    if (s->detect && sw_engine_lookup(s->engine, account, &idx) == SW_OK &&
        sw_engine_verdict(s->engine, idx, &v) == SW_OK) {
        a = v.action;
        if (score)
            *score = v.score;
    }
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
