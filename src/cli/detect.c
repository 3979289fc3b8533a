/*
 * detect.c — `stillwatch detect`: the fleet's detector worker.
 *
 *   stillwatch detect --state redis://… [--group G] [--consumer C]
 *
 * Reads the fleet's event stream (every gateway's traffic-log lines)
 * through a Redis consumer group, feeds each line through sw_event_parse
 * into one engine — the same engine `scan` and each gateway run — and
 * after every batch writes the verdicts that changed back to Redis, where
 * every gateway picks them up within a second (gateway/fleet.c). Entries
 * are acknowledged after their verdicts are written, so a worker that dies
 * leaves its batch pending rather than lost.
 *
 * One worker per fleet is the correct configuration: the engine links
 * accounts into clusters from all of their events, and a consumer group
 * splits entries among its consumers, so two workers would each see half
 * of a campaign. Several workers are therefore not supported; a second
 * consumer in the same group is for taking over after the first one stops
 * (docs/fleet.md). Accounts come from the shared store, loaded at start and
 * fetched on first sight of an unknown one.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/opts.h"
#include "core/error.h"
#include "core/event.h"
#include "core/strmap.h"
#include "detect/engine.h"
#include "store/fleet.h"
#include "store/store.h"

#define BATCH 512

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

typedef struct {
    sw_store *store;
    sw_redis *r;
    sw_engine *engine;
    sw_event_parser *parser;
    sw_strmap *profiles;  /* accounts given to the engine */
    uint8_t *written;     /* per engine index: last action written + 1 (0: none) */
    char (*cluster)[24];  /* per engine index: last cluster written */
    size_t cap;
    char **ids;           /* stream ids of the batch, for XACK */
    size_t nids;
    uint64_t events, bad_lines, verdicts;
} worker;

static int add_profile(const sw_account_rec *a, void *ctx)
{
    worker *w = ctx;
    uint32_t one = 1;
    int inserted = 0;
    if (sw_strmap_get_or_put(w->profiles, a->info.account, &one, 1, &inserted, NULL) != SW_OK)
        return SW_ENOMEM;
    return sw_engine_add_account(w->engine, &a->info);
}

static int on_entry(const char *id, const char *line, size_t len, void *ctx)
{
    worker *w = ctx;
    if (!(w->ids[w->nids] = strdup(id)))
        return SW_ENOMEM;
    w->nids++;
    sw_event ev;
    char err[200];
    if (sw_event_parse(w->parser, line, len, &ev, err, sizeof err) != SW_OK) {
        w->bad_lines++;
        fprintf(stderr, "stillwatch detect: entry %s: %s (skipped)\n", id, err);
        return SW_OK;
    }
    uint32_t v;
    if (sw_strmap_get_or_put(w->profiles, ev.account, &v, 0, NULL, NULL) != SW_OK) {
        sw_account_rec a;
        if (sw_store_account_get(w->store, ev.account, &a) == SW_OK)
            add_profile(&a, w);
    }
    if (sw_engine_feed(w->engine, &ev, NULL) == SW_OK)
        w->events++;
    return SW_OK;
}

static void reasons_text(const sw_verdict *v, char *out, size_t cap)
{
    size_t n = 0;
    out[0] = '\0';
    for (int i = 0; i < v->nreasons && n + 1 < cap; i++) {
        int k = snprintf(out + n, cap - n, "%s%s", i ? "," : "", v->reasons[i].signal);
        if (k < 0 || (size_t)k >= cap - n)
            break;
        n += (size_t)k;
    }
}

/* Writes the verdicts that changed since the last batch; SW_EIO when Redis
 * did not take them (the batch stays unacknowledged). */
static int publish(worker *w)
{
    size_t count = sw_engine_account_count(w->engine);
    if (count > w->cap) {
        size_t cap = count * 2;
        uint8_t *a = realloc(w->written, cap);
        if (!a)
            return SW_ENOMEM;
        w->written = a;
        char(*c)[24] = realloc(w->cluster, cap * sizeof *c);
        if (!c)
            return SW_ENOMEM;
        w->cluster = c;
        memset(w->written + w->cap, 0, cap - w->cap);
        memset(w->cluster + w->cap, 0, (cap - w->cap) * sizeof *c);
        w->cap = cap;
    }
    int queued = 0;
    for (size_t i = 0; i < count; i++) {
        sw_verdict v;
        if (sw_engine_verdict(w->engine, i, &v) != SW_OK)
            continue;
        if (w->written[i] == (uint8_t)(v.action + 1) && !strcmp(w->cluster[i], v.cluster))
            continue;
        char reasons[256];
        reasons_text(&v, reasons, sizeof reasons);
        if (sw_rverdict_append(w->r, v.account, sw_action_name(v.action), v.score, v.cluster, reasons, v.events) !=
            SW_OK)
            return SW_EIO;
        queued += 2;
        w->written[i] = (uint8_t)(v.action + 1);
        snprintf(w->cluster[i], sizeof w->cluster[i], "%s", v.cluster);
        w->verdicts++;
    }
    bool ok = true;
    for (int i = 0; i < queued; i++) {
        redisReply *rep = sw_redis_reply(w->r);
        ok = ok && rep && rep->type != REDIS_REPLY_ERROR;
        freeReplyObject(rep);
        if (!rep)
            break;
    }
    if (!ok) {
        memset(w->written, 0, w->cap); /* write everything again next time */
        return SW_EIO;
    }
    return queued ? sw_rverdict_bump(w->r) : SW_OK;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: stillwatch detect --state redis://… [--group G] [--consumer C]\n"
               "\n"
               "Runs the detector over the fleet's event stream and writes verdicts back for\n"
               "every gateway to apply. Run one per fleet (docs/fleet.md). SIGTERM stops it.\n");
}

int sw_cmd_detect(int argc, char **argv)
{
    const char *state = NULL, *group = "stillwatch-detect", *consumer = "worker-1";
    for (int i = 1; i < argc; i++) {
        bool bad = false;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return 0;
        }
        if (sw_opt_value(argc, argv, &i, "--state", &state, &bad) ||
            sw_opt_value(argc, argv, &i, "--group", &group, &bad) ||
            sw_opt_value(argc, argv, &i, "--consumer", &consumer, &bad)) {
            if (bad)
                return 2;
            continue;
        }
        fprintf(stderr, "stillwatch detect: unknown option '%s'\n", argv[i]);
        usage(stderr);
        return 2;
    }
    if (!state || !sw_state_is_redis(state)) {
        fprintf(stderr, "stillwatch detect: --state redis://… is required\n");
        return 2;
    }
    worker w = {0};
    char err[512];
    int rc;
    sw_detect_config dcfg;
    sw_detect_config_defaults(&dcfg);
    if ((rc = sw_store_open(&w.store, state, err, sizeof err)) != SW_OK ||
        (rc = sw_engine_new(&dcfg, &w.engine, err, sizeof err)) != SW_OK) {
        fprintf(stderr, "stillwatch detect: %s\n", err);
        sw_store_close(w.store);
        return 1;
    }
    w.r = sw_store_redis(w.store);
    w.profiles = sw_strmap_new();
    w.ids = calloc(BATCH, sizeof *w.ids);
    if (!w.profiles || !w.ids || sw_event_parser_new(&w.parser) != SW_OK ||
        sw_store_account_each(w.store, add_profile, &w) != SW_OK || sw_revents_group(w.r, group) != SW_OK) {
        fprintf(stderr, "stillwatch detect: cannot start: %s\n", sw_store_errmsg(w.store));
        rc = 1;
        goto out;
    }
    struct sigaction sa = {0};
    sa.sa_handler = on_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    fprintf(stderr, "stillwatch detect: reading %s as %s/%s\n", SW_REDIS_EVENTS, group, consumer);
    while (!stop) {
        size_t n = 0;
        w.nids = 0;
        rc = sw_revents_read(w.r, group, consumer, BATCH, 200, on_entry, &w, &n);
        if (rc == SW_OK && w.nids && publish(&w) == SW_OK)
            sw_revents_ack(w.r, group, (const char *const *)w.ids, w.nids);
        for (size_t i = 0; i < w.nids; i++)
            free(w.ids[i]);
        if (rc != SW_OK)
            usleep(100 * 1000); /* the connection retries with its own backoff */
    }
    fprintf(stderr, "stillwatch detect: stopped: %llu events, %llu verdicts written, %llu bad lines\n",
            (unsigned long long)w.events, (unsigned long long)w.verdicts, (unsigned long long)w.bad_lines);
    rc = 0;
out:
    sw_event_parser_free(w.parser);
    sw_strmap_free(w.profiles);
    free(w.ids);
    free(w.written);
    free(w.cluster);
    sw_engine_free(w.engine);
    sw_store_close(w.store);
    return rc;
}
