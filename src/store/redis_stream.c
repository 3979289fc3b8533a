/*
 * redis_stream.c — the fleet's event stream, per-account summaries and
 * verdict table in Redis (see fleet.h).
 *
 * Events: every gateway XADDs each traffic-log line to one stream,
 * sw:events, trimmed approximately (MAXLEN ~) so that Redis's memory stays
 * bounded while the detect worker keeps up; the worker reads it through a
 * consumer group, so what it has not acknowledged is redelivered after a
 * crash. The line is the exact line of the gateway's own traffic log: the
 * worker parses it with the same parser as `scan`.
 *
 * Summaries: the counts a gateway can keep without the engine — distinct
 * client addresses (a HyperLogLog, 12 KB at most per account, a few hundred
 * bytes while sparse), events, tokens, refusals — updated by one small
 * script per exchange, readable by any operator with PFCOUNT / HGETALL.
 *
 * The end of an exchange sends settlement, event and summary in one
 * pipeline (one round trip); a script that Redis lost in a restart is
 * reloaded and re-run alone.
 *
 * Verdicts: the worker writes "ACTION SCORE [CLUSTER]" per account into
 * the hash sw:verdicts (plus details in sw:{A}:verdict) and then bumps
 * sw:verdicts:version; a gateway polls the version and re-reads the table
 * only when it moved.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "store/fleet.h"

static const sw_redis_script summary_script = {
    "summary",
    "redis.call('PFADD', KEYS[1], ARGV[1])\n"
    "redis.call('HINCRBY', KEYS[2], 'events', 1)\n"
    "redis.call('HINCRBY', KEYS[2], 'tokens', ARGV[2])\n"
    "if ARGV[3] == '1' then redis.call('HINCRBY', KEYS[2], 'refused', 1) end\n"
    "redis.call('PEXPIRE', KEYS[1], 172800000)\n"
    "redis.call('PEXPIRE', KEYS[2], 172800000)\n"
    "return 1\n",
};

int sw_revents_append(sw_redis *r, const char *line, size_t n)
{
    char maxlen[24];
    snprintf(maxlen, sizeof maxlen, "%d", SW_REVENTS_MAXLEN);
    const char *argv[] = {"XADD", SW_REDIS_EVENTS, "MAXLEN", "~", maxlen, "*", "line", line};
    size_t lens[] = {4, strlen(SW_REDIS_EVENTS), 6, 1, strlen(maxlen), 1, 4, n};
    return sw_redis_append(r, 8, argv, lens);
}

static int summary_argv(const char *account, const char *ip, int64_t tokens, bool refused, char k[2][SW_REDIS_KEY_BUF],
                        char tok[24], const char *argv[5])
{
    if (sw_redis_key(k[0], SW_REDIS_KEY_BUF, account, "ips") != SW_OK ||
        sw_redis_key(k[1], SW_REDIS_KEY_BUF, account, "sum") != SW_OK)
        return SW_EINVAL;
    snprintf(tok, 24, "%lld", (long long)(tokens > 0 ? tokens : 0));
    argv[0] = k[0];
    argv[1] = k[1];
    argv[2] = ip && *ip ? ip : "-";
    argv[3] = tok;
    argv[4] = refused ? "1" : "0";
    return SW_OK;
}

int sw_rsummary_append(sw_redis *r, const char *account, const char *ip, int64_t tokens, bool refused)
{
    char k[2][SW_REDIS_KEY_BUF], tok[24];
    const char *argv[5];
    if (summary_argv(account, ip, tokens, refused, k, tok, argv) != SW_OK)
        return SW_EINVAL;
    return sw_redis_append_eval(r, &summary_script, 2, 5, argv, NULL);
}

int sw_rexchange_finish(sw_redis *r, const sw_rexchange_end *e, bool *event_taken)
{
    *event_taken = false;
    int queued = 0, settle_at = -1, event_at = -1, summary_at = -1;
    bool ok = true;
    if (e->settle && ok) {
        ok = sw_rlimit_append_settle(r, e->account, e->est_tokens, e->actual_tokens, e->admit_ms, e->now_ms) == SW_OK;
        settle_at = queued++;
    }
    if (e->line && ok) {
        ok = sw_revents_append(r, e->line, e->line_len) == SW_OK;
        event_at = queued++;
    }
    if (ok && sw_rsummary_append(r, e->account, e->ip, e->actual_tokens, e->refused) == SW_OK)
        summary_at = queued++;
    bool redo_settle = false, redo_summary = false, failed = !ok;
    for (int i = 0; i < queued; i++) {
        redisReply *rep = sw_redis_reply(r);
        if (!rep) {
            failed = true;
            break;
        }
        if (i == event_at && rep->type == REDIS_REPLY_STRING)
            *event_taken = true;
        if (i == settle_at && sw_redis_reply_noscript(rep))
            redo_settle = true;
        if (i == summary_at && sw_redis_reply_noscript(rep))
            redo_summary = true;
        freeReplyObject(rep);
    }
    if (failed)
        return SW_EIO;
    if (redo_settle && sw_rlimit_settle(r, e->account, e->est_tokens, e->actual_tokens, e->admit_ms, e->now_ms))
        return SW_EIO;
    if (redo_summary) {
        char k[2][SW_REDIS_KEY_BUF], tok[24];
        const char *argv[5];
        if (summary_argv(e->account, e->ip, e->actual_tokens, e->refused, k, tok, argv) == SW_OK)
            freeReplyObject(sw_redis_eval(r, &summary_script, 2, 5, argv, NULL));
    }
    return SW_OK;
}

/* ---- the worker's side of the stream ---- */

int sw_revents_group(sw_redis *r, const char *group)
{
    redisReply *rep = sw_redis_commandf(r, "XGROUP CREATE %s %s 0 MKSTREAM", SW_REDIS_EVENTS, group);
    if (!rep)
        return SW_EIO;
    int rc = rep->type != REDIS_REPLY_ERROR || !strncmp(rep->str, "BUSYGROUP", 9) ? SW_OK : SW_EIO;
    freeReplyObject(rep);
    return rc;
}

int sw_revents_read(sw_redis *r, const char *group, const char *consumer, int count, int block_ms,
                    int (*fn)(const char *id, const char *line, size_t len, void *ctx), void *ctx, size_t *n)
{
    *n = 0;
    redisReply *rep = sw_redis_commandf(r, "XREADGROUP GROUP %s %s COUNT %d BLOCK %d STREAMS %s >", group, consumer,
                                        count, block_ms, SW_REDIS_EVENTS);
    if (!rep)
        return SW_EIO;
    int rc = SW_OK;
    if (rep->type == REDIS_REPLY_ERROR) {
        rc = SW_EIO;
    } else if (rep->type == REDIS_REPLY_ARRAY && rep->elements == 1 && rep->element[0]->elements == 2) {
        redisReply *entries = rep->element[0]->element[1];
        for (size_t i = 0; i < entries->elements && rc == SW_OK; i++) {
            redisReply *en = entries->element[i];
            if (en->elements != 2 || en->element[0]->type != REDIS_REPLY_STRING)
                continue;
            redisReply *fields = en->element[1];
            const char *line = NULL;
            size_t len = 0;
            for (size_t f = 0; f + 1 < fields->elements; f += 2)
                if (!strcmp(fields->element[f]->str, "line")) {
                    line = fields->element[f + 1]->str;
                    len = fields->element[f + 1]->len;
                }
            rc = fn(en->element[0]->str, line ? line : "", line ? len : 0, ctx);
            (*n)++;
        }
    }
    freeReplyObject(rep);
    return rc;
}

int sw_revents_ack(sw_redis *r, const char *group, const char *const *ids, size_t n)
{
    if (n == 0)
        return SW_OK;
    const char **argv = malloc((n + 3) * sizeof *argv);
    if (!argv)
        return SW_ENOMEM;
    argv[0] = "XACK";
    argv[1] = SW_REDIS_EVENTS;
    argv[2] = group;
    for (size_t i = 0; i < n; i++)
        argv[3 + i] = ids[i];
    redisReply *rep = sw_redis_command(r, (int)(n + 3), argv, NULL);
    free(argv);
    int rc = rep && rep->type != REDIS_REPLY_ERROR ? SW_OK : SW_EIO;
    freeReplyObject(rep);
    return rc;
}

/* ---- verdicts ---- */

int sw_rverdict_append(sw_redis *r, const char *account, const char *action, double score, const char *cluster,
                       const char *reasons, uint32_t events)
{
    char k[SW_REDIS_KEY_BUF], v[160], sc[32], ev[16];
    if (sw_redis_key(k, sizeof k, account, "verdict") != SW_OK)
        return SW_EINVAL;
    snprintf(sc, sizeof sc, "%.4f", score);
    snprintf(ev, sizeof ev, "%u", events);
    snprintf(v, sizeof v, "%s %s%s%s", action, sc, cluster && *cluster ? " " : "", cluster ? cluster : "");
    int rc = sw_redis_appendf(r, "HSET %s %s %s", SW_REDIS_VERDICTS, account, v);
    if (rc == SW_OK)
        rc = sw_redis_appendf(r, "HSET %s action %s score %s cluster %s reasons %s events %s", k, action, sc,
                              cluster ? cluster : "", reasons ? reasons : "", ev);
    return rc;
}

int sw_rverdict_version(sw_redis *r, long long *version)
{
    redisReply *rep = sw_redis_commandf(r, "GET %s", SW_REDIS_VERDICTS_VERSION);
    if (!rep)
        return SW_EIO;
    int rc = rep->type == REDIS_REPLY_ERROR ? SW_EIO : SW_OK;
    *version = rep->type == REDIS_REPLY_STRING ? strtoll(rep->str, NULL, 10) : 0;
    freeReplyObject(rep);
    return rc;
}

int sw_rverdict_bump(sw_redis *r)
{
    redisReply *rep = sw_redis_commandf(r, "INCR %s", SW_REDIS_VERDICTS_VERSION);
    int rc = rep && rep->type == REDIS_REPLY_INTEGER ? SW_OK : SW_EIO;
    freeReplyObject(rep);
    return rc;
}

int sw_rverdict_each(sw_redis *r, int (*fn)(const char *account, const char *action, double score,
                                            const char *cluster, void *ctx),
                     void *ctx)
{
    redisReply *rep = sw_redis_commandf(r, "HGETALL %s", SW_REDIS_VERDICTS);
    if (!rep)
        return SW_EIO;
    int rc = rep->type == REDIS_REPLY_ARRAY ? SW_OK : SW_EIO;
    for (size_t i = 0; rc == SW_OK && i + 1 < rep->elements; i += 2) {
        char action[16] = "", cluster[64] = "";
        double score = 0;
        if (sscanf(rep->element[i + 1]->str, "%15s %lf %63s", action, &score, cluster) < 2)
            continue;
        rc = fn(rep->element[i]->str, action, score, cluster, ctx);
    }
    freeReplyObject(rep);
    return rc;
}
