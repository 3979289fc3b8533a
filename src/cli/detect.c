/*
 * detect.c — `stillwatch detect`: the fleet's detector worker.
 *
 *   stillwatch detect --state redis://… [--group G] [--consumer C] [--lease-ms N]
 *                     [--config F] [--set name=value]... [--print-config]
 *   stillwatch detect --state redis://… [--group G] --status
 *
 * Reads the fleet's event stream (every gateway's traffic-log lines)
 * through a Redis consumer group, feeds each line through sw_event_parse
 * into one engine — the same engine `scan` and each gateway run — and
 * after every batch writes the verdicts that changed back to Redis, where
 * every gateway picks them up within a second (gateway/fleet.c). Entries
 * are acknowledged after their verdicts are written, so a worker that dies
 * leaves its batch pending rather than lost.
 *
 * One or several workers, one consumer. The engine links accounts into
 * clusters from all of their events, so it needs every event: a consumer
 * group that split the entries among several consumers would give each
 * worker part of a campaign. The workers of a group therefore elect a
 * leader through a lease in Redis (store/redis_lease.c), and only the
 * leader reads the group; the others stand by, trying to take the lease
 * every third of its TTL, so one takes over within the TTL and a third of
 * a worker that died (at once, when the leader stops cleanly and releases
 * it). The leader renews every third of the TTL and stops consuming the
 * moment a renewal finds the lease gone, or when it could not renew before
 * the lease would expire by its own clock (counted from when it sent its
 * last renewal, less a tenth): it drops its engine, leaves its batch
 * unacknowledged, and stands by. It checks the lease before each read and
 * again before it writes verdicts and acknowledges.
 *
 * Becoming the leader — at start, or taking over — rebuilds the engine
 * from the stream: a fresh engine with the accounts of the shared store,
 * then every entry still in the stream up to the group's last delivered
 * one (XRANGE), so that the new leader's view is the one its predecessor
 * had, not a blank one that would write "allow" over a campaign's
 * verdicts. The stream is trimmed to about SW_REVENTS_MAXLEN entries,
 * which bounds how far back this goes and how long it takes (the engine
 * runs at about 100,000 events a second). The leader then writes every
 * verdict of that view and settles what is pending in the group: entries
 * delivered to a predecessor (or to itself, when a reply was lost on the
 * way) and never acknowledged are claimed (XAUTOCLAIM), fed to the engine
 * unless the replay already did, and acknowledged once the verdicts are
 * written. So no entry is lost, and none is fed twice unless a deposed
 * leader, paused past its own deadline, acknowledged it after the new
 * leader's replay began.
 *
 * Status: every change of role and every takeover is logged on stderr;
 * each worker writes its role and counters (JSON) to the hash
 * sw:detect:{G}:workers at every change and at most every STATUS_EVERY_MS
 * otherwise; --status prints the lease's holder and those objects as one
 * JSON object. Accounts come from the shared store, loaded when the engine
 * is built and fetched on first sight of an unknown one.
 */
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/detect_settings.h"
#include "cli/opts.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/time.h"
#include "core/event.h"
#include "core/strmap.h"
#include "detect/engine.h"
#include "store/fleet.h"
#include "store/store.h"

#define BATCH 512
#define LEASE_MS_DEFAULT 10000
#define STATUS_EVERY_MS 500
#define NAME_MAX_LEN 64

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

typedef struct {
    sw_store *store;
    sw_redis *r;
    const char *group, *consumer;
    /* the lease */
    char lease_key[SW_REDIS_KEY_BUF];
    char token[NAME_MAX_LEN + 40]; /* CONSUMER/RANDOM: ours, unique per process */
    int64_t lease_ms, renew_ms;
    bool leader;
    bool unsettled;      /* a read or write failed: settle the pending entries first */
    int64_t lease_until; /* monotonic ms: surely ours until then */
    int64_t next_renew, next_try, next_status;
    int64_t since_ms;     /* wall clock of the last change of role */
    char holder[NAME_MAX_LEN + 40]; /* who leads, as last seen while standing by */
    /* the engine's view, rebuilt at each leadership */
    sw_detect_config dcfg;
    sw_engine *engine;
    sw_event_parser *parser;
    sw_strmap *profiles;  /* accounts given to the engine */
    uint8_t *written;     /* per engine index: last action written + 1 (0: none) */
    char (*cluster)[24];  /* per engine index: last cluster written */
    size_t cap;
    char fed_upto[SW_REVENTS_ID_MAX]; /* the last entry fed to this engine */
    /* the batch to acknowledge: ids copied into id_text, ids[i] = id_text[i] */
    char (*id_text)[SW_REVENTS_ID_MAX];
    const char **ids;
    size_t nids;
    /* counters, for the log and the status */
    uint64_t consumed, replayed, claimed, acked, events, bad_lines, verdicts, leaderships, takeovers;
} worker;


/* Stream ids are "MS-SEQ": compared as two numbers, not as text. */
static bool id_after(const char *a, const char *b)
{
    char *e;
    unsigned long long am = strtoull(a, &e, 10), as = *e == '-' ? strtoull(e + 1, NULL, 10) : 0;
    unsigned long long bm = strtoull(b, &e, 10), bs = *e == '-' ? strtoull(e + 1, NULL, 10) : 0;
    return am > bm || (am == bm && as > bs);
}

/* ---- status ---- */

/* A lease holder read from Redis, made safe to print inside JSON quotes
 * (our tokens always are; a key someone else wrote need not be). */
static void holder_copy(char *dst, size_t cap, const char *src)
{
    size_t n = 0;
    for (; src[n] && n + 1 < cap; n++) {
        char c = src[n];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("-_.:@/", c);
        dst[n] = ok ? c : '?';
    }
    dst[n] = '\0';
}

static void status_put(worker *w)
{
    /* the consumer name is the operator's: written through the JSON writer,
     * so that any bytes in it stay a valid string */
    sw_buf b;
    sw_buf_init(&b);
    sw_json_obj_begin(&b);
    sw_json_kv_str(&b, "consumer", w->consumer);
    sw_json_kv_str(&b, "role", stop ? "stopped" : w->leader ? "leader" : "standby");
    sw_json_kv_int(&b, "since_ms", w->since_ms);
    sw_json_kv_str(&b, "leader", w->leader ? w->token : w->holder);
    sw_json_kv_int(&b, "lease_ms", w->lease_ms);
    const struct {
        const char *key;
        uint64_t value;
    } counters[] = {{"events", w->events},     {"consumed", w->consumed},     {"replayed", w->replayed},
                    {"claimed", w->claimed},   {"acked", w->acked},           {"verdicts", w->verdicts},
                    {"bad_lines", w->bad_lines}, {"leaderships", w->leaderships}, {"takeovers", w->takeovers}};
    for (size_t i = 0; i < sizeof counters / sizeof counters[0]; i++)
        sw_json_kv_int(&b, counters[i].key, (int64_t)counters[i].value);
    sw_json_kv_int(&b, "updated_ms", sw_time_wall_ms());
    sw_json_obj_end(&b);
    if (!b.oom) /* best effort: the next one may get through */
        sw_rworker_status_put(w->r, w->group, w->consumer, b.data);
    sw_buf_free(&b);
    w->next_status = sw_time_mono_ms() + STATUS_EVERY_MS;
}

static void status_maybe(worker *w)
{
    if (sw_time_mono_ms() >= w->next_status)
        status_put(w);
}

/* ---- the engine's view ---- */

static int add_profile(const sw_account_rec *a, void *ctx)
{
    worker *w = ctx;
    uint32_t one = 1;
    int inserted = 0;
    if (sw_strmap_get_or_put(w->profiles, a->info.account, &one, 1, &inserted, NULL) != SW_OK)
        return SW_ENOMEM;
    return sw_engine_add_account(w->engine, &a->info);
}

static void engine_drop(worker *w)
{
    sw_engine_free(w->engine);
    sw_strmap_free(w->profiles);
    free(w->written);
    free(w->cluster);
    w->engine = NULL;
    w->profiles = NULL;
    w->written = NULL;
    w->cluster = NULL;
    w->cap = 0;
}

/* A fresh engine with every account of the shared store. */
static int engine_fresh(worker *w, char *err, size_t errsz)
{
    engine_drop(w);
    snprintf(w->fed_upto, sizeof w->fed_upto, "0-0");
    int rc = sw_engine_new(&w->dcfg, &w->engine, err, errsz);
    if (rc != SW_OK)
        return rc;
    if (!(w->profiles = sw_strmap_new())) {
        snprintf(err, errsz, "out of memory");
        return SW_ENOMEM;
    }
    if ((rc = sw_store_account_each(w->store, add_profile, w)) != SW_OK)
        snprintf(err, errsz, "loading the accounts: %s", sw_store_errmsg(w->store));
    return rc;
}

static void feed_line(worker *w, const char *id, const char *line, size_t len)
{
    snprintf(w->fed_upto, sizeof w->fed_upto, "%s", id);
    sw_event ev;
    char err[200];
    if (sw_event_parse(w->parser, line, len, &ev, err, sizeof err) != SW_OK) {
        w->bad_lines++;
        fprintf(stderr, "stillwatch detect: entry %s: %s (skipped)\n", id, err);
        return;
    }
    uint32_t v;
    if (sw_strmap_get_or_put(w->profiles, ev.account, &v, 0, NULL, NULL) != SW_OK) {
        sw_account_rec a;
        if (sw_store_account_get(w->store, ev.account, &a) == SW_OK)
            add_profile(&a, w);
    }
    if (sw_engine_feed(w->engine, &ev, NULL) == SW_OK)
        w->events++;
}

/* Stream ids are short ("MS-SEQ"); one longer than any Redis makes is refused. */
static int keep_id(worker *w, const char *id)
{
    size_t len = strlen(id);
    if (w->nids >= BATCH || len >= SW_REVENTS_ID_MAX)
        return SW_EINVAL;
    memcpy(w->id_text[w->nids], id, len + 1);
    w->nids++;
    return SW_OK;
}

static void free_batch(worker *w)
{
    w->nids = 0;
}

/* A new entry, read through the group. */
static int on_new(const char *id, const char *line, size_t len, void *ctx)
{
    worker *w = ctx;
    int rc = keep_id(w, id);
    if (rc != SW_OK)
        return rc;
    w->consumed++;
    feed_line(w, id, line, len);
    return SW_OK;
}

/* An entry a previous leader has already consumed, read again. */
static int on_replay(const char *id, const char *line, size_t len, void *ctx)
{
    worker *w = ctx;
    w->replayed++;
    feed_line(w, id, line, len);
    return SW_OK;
}

/* A pending entry claimed: fed unless the engine has it already. */
static int on_claim(const char *id, const char *line, size_t len, void *ctx)
{
    worker *w = ctx;
    int rc = keep_id(w, id);
    if (rc != SW_OK)
        return rc;
    w->claimed++;
    if (id_after(id, w->fed_upto))
        feed_line(w, id, line, len);
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

/* ---- the lease ---- */

static void step_down(worker *w, const char *why)
{
    fprintf(stderr, "stillwatch detect: %s: stopped consuming %s: %s; standing by\n", w->consumer, w->group, why);
    w->leader = false;
    w->unsettled = false;
    w->holder[0] = '\0';
    w->since_ms = sw_time_wall_ms();
    free_batch(w); /* unacknowledged: the next leader claims it */
    engine_drop(w);
    w->next_try = sw_time_mono_ms() + w->renew_ms;
    status_put(w);
}

/* Renews when due; false (and standing by) when the lease is lost. */
static bool lease_keep(worker *w)
{
    int64_t now = sw_time_mono_ms();
    if (now >= w->next_renew) {
        int rc = sw_rlease_renew(w->r, w->lease_key, w->token, w->lease_ms);
        if (rc == SW_OK) {
            w->lease_until = now + w->lease_ms - w->lease_ms / 10;
            w->next_renew = now + w->renew_ms;
        } else if (rc == SW_ENOTFOUND) {
            step_down(w, "the lease expired or another worker holds it");
            return false;
        } else {
            w->next_renew = now + 100; /* try again soon, while the lease lasts */
        }
    }
    if (sw_time_mono_ms() >= w->lease_until) {
        char why[300];
        snprintf(why, sizeof why, "could not renew the lease in time (%s)", sw_redis_errmsg(w->r));
        step_down(w, why);
        return false;
    }
    return true;
}

/* Writes the verdicts of what was fed and acknowledges the batch, only
 * while the lease holds: a batch read before a lapse stays pending for
 * the next leader. SW_EIO when Redis failed (the caller settles later). */
static int flush_batch(worker *w)
{
    if (!w->nids)
        return SW_OK;
    if (!lease_keep(w))
        return SW_EIO; /* stepped down, batch dropped */
    int rc = publish(w);
    if (rc == SW_OK && (rc = sw_revents_ack(w->r, w->group, w->ids, w->nids)) == SW_OK)
        w->acked += w->nids;
    free_batch(w);
    return rc;
}

/* Claims every pending entry of the group, feeds those the engine lacks,
 * writes the verdicts and acknowledges them. */
static int settle_pending(worker *w, uint64_t *claimed)
{
    uint64_t before = w->claimed;
    char cursor[SW_REVENTS_ID_MAX] = "0-0";
    do {
        if (stop || !lease_keep(w))
            return SW_EIO;
        size_t n = 0;
        if (sw_revents_claim(w->r, w->group, w->consumer, cursor, BATCH, on_claim, w, &n) != SW_OK ||
            flush_batch(w) != SW_OK) {
            free_batch(w);
            return SW_EIO;
        }
    } while (strcmp(cursor, "0-0") != 0);
    w->unsettled = false;
    if (claimed)
        *claimed = w->claimed - before;
    return SW_OK;
}

/* The lease is ours: rebuild the view, write it, settle what is pending. */
static void lead(worker *w)
{
    w->leader = true;
    w->leaderships++;
    w->since_ms = sw_time_wall_ms();
    status_put(w); /* leading (and rebuilding) from now on */
    char upto[SW_REVENTS_ID_MAX], err[512];
    if (sw_revents_group(w->r, w->group) != SW_OK || sw_revents_group_last(w->r, w->group, upto) != SW_OK) {
        snprintf(err, sizeof err, "cannot read the group: %s", sw_redis_errmsg(w->r));
        step_down(w, err);
        return;
    }
    if (engine_fresh(w, err, sizeof err) != SW_OK) {
        step_down(w, err);
        return;
    }
    bool takeover = strcmp(upto, "0-0") != 0;
    char prev[sizeof w->holder + 16] = "";
    if (w->holder[0])
        snprintf(prev, sizeof prev, " after %s", w->holder);
    fprintf(stderr, "stillwatch detect: %s leads %s%s (lease %lld ms)%s%s\n", w->consumer, w->group, prev,
            (long long)w->lease_ms, takeover ? "; rebuilding from the stream up to " : "", takeover ? upto : "");
    uint64_t replayed = w->replayed;
    char after[SW_REVENTS_ID_MAX] = "-";
    while (takeover) {
        if (stop || !lease_keep(w))
            return;
        char last[SW_REVENTS_ID_MAX] = "";
        size_t n = 0;
        if (sw_revents_range(w->r, after, upto, BATCH, on_replay, w, last, &n) != SW_OK) {
            snprintf(err, sizeof err, "replaying the stream: %s", sw_redis_errmsg(w->r));
            step_down(w, err);
            return;
        }
        if (!last[0])
            break;
        snprintf(after, sizeof after, "%s", last);
        status_maybe(w);
    }
    uint64_t claimed = 0;
    if (!lease_keep(w))
        return;
    if (publish(w) != SW_OK || settle_pending(w, &claimed) != SW_OK) {
        if (!w->leader || stop)
            return;
        snprintf(err, sizeof err, "settling the pending entries: %s", sw_redis_errmsg(w->r));
        step_down(w, err);
        return;
    }
    int forgotten = 0;
    sw_revents_forget_consumers(w->r, w->group, w->consumer, &forgotten);
    if (takeover) {
        w->takeovers++;
        fprintf(stderr,
                "stillwatch detect: %s took over %s%s: replayed %llu entries, claimed %llu pending, removed %d "
                "former consumer%s\n",
                w->consumer, w->group, prev, (unsigned long long)(w->replayed - replayed),
                (unsigned long long)claimed, forgotten, forgotten == 1 ? "" : "s");
    }
    w->holder[0] = '\0';
    status_put(w);
}

/* Standing by: tries the lease; true when it is ours now. */
static bool try_lease(worker *w)
{
    int64_t now = sw_time_mono_ms();
    w->next_try = now + w->renew_ms;
    char holder[sizeof w->holder] = "";
    int rc = sw_rlease_acquire(w->r, w->lease_key, w->token, w->lease_ms, holder, sizeof holder);
    if (rc == SW_OK) {
        w->lease_until = now + w->lease_ms - w->lease_ms / 10;
        w->next_renew = now + w->renew_ms;
        return true;
    }
    holder_copy(holder, sizeof holder, holder);
    if (rc == SW_EEXIST && strcmp(holder, w->holder) != 0) {
        fprintf(stderr, "stillwatch detect: %s stands by: %s is led by %s\n", w->consumer, w->group, holder);
        snprintf(w->holder, sizeof w->holder, "%s", holder);
        status_put(w);
    }
    status_maybe(w);
    return false;
}

/* ---- the command ---- */

static bool name_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > NAME_MAX_LEN)
        return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              strchr("-_.:@", *p)))
            return false;
    return true;
}

static int print_worker(const char *consumer, const char *json, void *ctx)
{
    (void)consumer;
    int *n = ctx;
    printf("%s%s", (*n)++ ? "," : "", json);
    return SW_OK;
}

/* --status: the lease and every worker's last status, one JSON object. */
static int print_status(sw_redis *r, const char *group, const char *lease_key)
{
    char holder[256];
    int64_t left;
    int rc = sw_rlease_holder(r, lease_key, holder, sizeof holder, &left);
    holder_copy(holder, sizeof holder, holder);
    if (rc != SW_OK) {
        fprintf(stderr, "stillwatch detect: --status: redis: %s\n", sw_redis_errmsg(r));
        return 1;
    }
    printf("{\"group\":\"%s\",\"leader\":\"%s\",\"lease_ms_left\":%lld,\"now_ms\":%lld,\"workers\":[", group,
           holder, (long long)left, (long long)sw_time_wall_ms());
    int n = 0;
    rc = sw_rworker_status_each(r, group, print_worker, &n);
    printf("]}\n");
    return rc == SW_OK ? 0 : 1;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: stillwatch detect --state redis://… [--group G] [--consumer C] [--lease-ms N]\n"
               "                         [--config FILE] [--set name=value]... [--print-config]\n"
               "       stillwatch detect --state redis://… [--group G] --status\n"
               "\n"
               "Runs the detector over the fleet's event stream and writes verdicts back for\n"
               "every gateway to apply. Several workers may run: one leads and consumes, the\n"
               "others stand by and take over within the lease (N ms, default 10000) when it\n"
               "stops (docs/fleet.md). --consumer names this worker (default HOST-PID).\n"
               "--status prints the leader and every worker's counters as JSON. SIGTERM stops\n"
               "a worker and hands the lease over. --config and --set give the detector's\n"
               "settings as for stillwatch scan (the gateways' detection.settings should\n"
               "match); --print-config lists them.\n");
}

int sw_cmd_detect(int argc, char **argv)
{
    const char *state = NULL, *group = "stillwatch-detect", *consumer = NULL, *lease = NULL, *config = NULL;
    const char *sets[64];
    int nsets = 0;
    bool want_status = false, print_config = false;
    for (int i = 1; i < argc; i++) {
        bool bad = false;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return 0;
        }
        if (!strcmp(argv[i], "--status")) {
            want_status = true;
            continue;
        }
        if (!strcmp(argv[i], "--print-config")) {
            print_config = true;
            continue;
        }
        const char *v;
        if (sw_opt_value(argc, argv, &i, "--set", &v, &bad)) {
            if (bad)
                return 2;
            if (nsets == (int)(sizeof sets / sizeof sets[0])) {
                fprintf(stderr, "stillwatch detect: too many --set options\n");
                return 2;
            }
            sets[nsets++] = v;
            continue;
        }
        if (sw_opt_value(argc, argv, &i, "--state", &state, &bad) ||
            sw_opt_value(argc, argv, &i, "--group", &group, &bad) ||
            sw_opt_value(argc, argv, &i, "--consumer", &consumer, &bad) ||
            sw_opt_value(argc, argv, &i, "--lease-ms", &lease, &bad) ||
            sw_opt_value(argc, argv, &i, "--config", &config, &bad)) {
            if (bad)
                return 2;
            continue;
        }
        fprintf(stderr, "stillwatch detect: unknown option '%s'\n", argv[i]);
        usage(stderr);
        return 2;
    }
    sw_detect_config dcfg;
    sw_detect_config_defaults(&dcfg);
    if (config && sw_cli_settings_file(&dcfg, "detect", config))
        return 2;
    for (int i = 0; i < nsets; i++)
        if (sw_cli_settings_set(&dcfg, "detect", sets[i]))
            return 2;
    if (sw_cli_settings_check(&dcfg, "detect"))
        return 2;
    if (print_config) {
        sw_cli_settings_print(&dcfg, stdout);
        return 0;
    }
    if (!state || !sw_state_is_redis(state)) {
        fprintf(stderr, "stillwatch detect: --state redis://… is required\n");
        return 2;
    }
    char host[NAME_MAX_LEN], default_consumer[NAME_MAX_LEN + 16];
    if (!consumer) {
        if (gethostname(host, sizeof host) != 0)
            host[0] = '\0';
        host[sizeof host - 1] = '\0';
        if (!name_ok(host))
            snprintf(host, sizeof host, "worker");
        snprintf(default_consumer, sizeof default_consumer, "%.40s-%ld", host, (long)getpid());
        consumer = default_consumer;
    }
    if (!name_ok(group) || !name_ok(consumer)) {
        fprintf(stderr, "stillwatch detect: --group and --consumer: 1-%d of A-Z a-z 0-9 - _ . : @\n", NAME_MAX_LEN);
        return 2;
    }
    unsigned long long lease_ms = LEASE_MS_DEFAULT;
    if (lease && !sw_opt_u64("stillwatch detect", "--lease-ms", lease, &lease_ms))
        return 2;
    if (lease_ms < 300 || lease_ms > 600000) {
        fprintf(stderr, "stillwatch detect: --lease-ms: %llu is not in 300-600000\n", lease_ms);
        return 2;
    }
    worker w = {0};
    w.group = group;
    w.consumer = consumer;
    w.lease_ms = (int64_t)lease_ms;
    w.renew_ms = w.lease_ms / 3;
    sw_redis_key_group(w.lease_key, sizeof w.lease_key, group, "leader");
    char err[512];
    int rc;
    if ((rc = sw_store_open(&w.store, state, err, sizeof err)) != SW_OK) {
        fprintf(stderr, "stillwatch detect: %s\n", err);
        return 1;
    }
    w.r = sw_store_redis(w.store);
    if (want_status) {
        rc = print_status(w.r, group, w.lease_key);
        sw_store_close(w.store);
        return rc;
    }
    unsigned char rnd[8];
    if (sodium_init() < 0) {
        fprintf(stderr, "stillwatch detect: cannot initialise libsodium\n");
        sw_store_close(w.store);
        return 1;
    }
    randombytes_buf(rnd, sizeof rnd);
    char hex[2 * sizeof rnd + 1];
    sodium_bin2hex(hex, sizeof hex, rnd, sizeof rnd);
    snprintf(w.token, sizeof w.token, "%s/%s", consumer, hex);
    w.dcfg = dcfg;
    /* the settings were checked above; each leadership builds its own engine */
    w.id_text = calloc(BATCH, sizeof *w.id_text);
    w.ids = calloc(BATCH, sizeof *w.ids);
    for (size_t i = 0; w.id_text && w.ids && i < BATCH; i++)
        w.ids[i] = w.id_text[i];
    if (!w.id_text || !w.ids || sw_event_parser_new(&w.parser) != SW_OK || sw_revents_group(w.r, group) != SW_OK) {
        fprintf(stderr, "stillwatch detect: cannot start: %s\n", sw_store_errmsg(w.store));
        rc = 1;
        goto out;
    }
    struct sigaction sa = {0};
    sa.sa_handler = on_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    fprintf(stderr, "stillwatch detect: %s joins %s on %s (lease %llu ms)\n", consumer, group, SW_REDIS_EVENTS,
            lease_ms);
    w.since_ms = sw_time_wall_ms();
    int block_ms = w.renew_ms / 2 < 200 ? (int)(w.renew_ms / 2) : 200;
    while (!stop) {
        if (!w.leader) {
            if (sw_time_mono_ms() >= w.next_try && try_lease(&w))
                lead(&w);
            else
                usleep(20 * 1000); /* short, to answer SIGTERM at once */
            continue;
        }
        if (!lease_keep(&w))
            continue;
        if (w.unsettled && settle_pending(&w, NULL) != SW_OK) {
            if (w.leader && !stop)
                usleep(100 * 1000); /* the connection retries with its own backoff */
            continue;
        }
        size_t n = 0;
        rc = sw_revents_read(w.r, group, consumer, BATCH, block_ms, on_new, &w, &n);
        if ((rc == SW_OK ? flush_batch(&w) : rc) != SW_OK && w.leader) {
            /* a lost reply may have delivered entries we never saw, and an
             * unacknowledged batch stays pending: claim them back first */
            free_batch(&w);
            w.unsettled = true;
            usleep(100 * 1000);
        }
        if (w.leader)
            status_maybe(&w);
    }
    if (w.leader && sw_rlease_release(w.r, w.lease_key, w.token) == SW_OK)
        fprintf(stderr, "stillwatch detect: %s released the lease of %s\n", consumer, group);
    status_put(&w);
    fprintf(stderr,
            "stillwatch detect: stopped: %llu events, %llu verdicts written, %llu bad lines; %llu entries consumed, "
            "%llu replayed, %llu claimed, %llu acknowledged; %llu leadership%s, %llu takeover%s\n",
            (unsigned long long)w.events, (unsigned long long)w.verdicts, (unsigned long long)w.bad_lines,
            (unsigned long long)w.consumed, (unsigned long long)w.replayed, (unsigned long long)w.claimed,
            (unsigned long long)w.acked, (unsigned long long)w.leaderships, w.leaderships == 1 ? "" : "s",
            (unsigned long long)w.takeovers, w.takeovers == 1 ? "" : "s");
    rc = 0;
out:
    sw_event_parser_free(w.parser);
    free_batch(&w);
    free(w.ids);
    free(w.id_text);
    engine_drop(&w);
    sw_store_close(w.store);
    return rc;
}
