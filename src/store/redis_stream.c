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
 * The worker's side: reading through the consumer group, and for a worker
 * that becomes the leader (cli/detect.c) the group's position, the
 * entries up to it (to rebuild its engine) and the entries a previous
 * leader left pending (XAUTOCLAIM, Redis 6.2+).
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

/* A flat [NAME, VALUE, …] array (a stream entry's fields, XINFO's answers in
 * RESP2): VALUE of name. */
static const redisReply *info_field(const redisReply *map, const char *name)
{
    if (map->type != REDIS_REPLY_ARRAY)
        return NULL;
    for (size_t i = 0; i + 1 < map->elements; i += 2)
        if (map->element[i]->type == REDIS_REPLY_STRING && !strcmp(map->element[i]->str, name))
            return map->element[i + 1];
    return NULL;
}

/* Calls fn for each entry [ID, [FIELD, VALUE, …]] of an array, in order,
 * with its "line" field ("" when it has none); *n counts them, and last
 * (when not NULL) gets the last id. An entry whose fields are nil (trimmed
 * away, as XAUTOCLAIM reports it on Redis 6.2) is passed over. */
static int each_entry(const redisReply *entries, sw_revents_fn fn, void *ctx, size_t *n, char *last)
{
    int rc = SW_OK;
    for (size_t i = 0; i < entries->elements && rc == SW_OK; i++) {
        const redisReply *en = entries->element[i];
        if (en->type != REDIS_REPLY_ARRAY || en->elements != 2 || en->element[0]->type != REDIS_REPLY_STRING)
            continue;
        if (last)
            snprintf(last, SW_REVENTS_ID_MAX, "%s", en->element[0]->str);
        const redisReply *fields = en->element[1];
        if (fields->type != REDIS_REPLY_ARRAY)
            continue;
        const redisReply *line = info_field(fields, "line");
        if (line && line->type != REDIS_REPLY_STRING)
            line = NULL;
        rc = fn(en->element[0]->str, line ? line->str : "", line ? line->len : 0, ctx);
        (*n)++;
    }
    return rc;
}

int sw_revents_read(sw_redis *r, const char *group, const char *consumer, int count, int block_ms, sw_revents_fn fn,
                    void *ctx, size_t *n)
{
    *n = 0;
    redisReply *rep = sw_redis_commandf(r, "XREADGROUP GROUP %s %s COUNT %d BLOCK %d STREAMS %s >", group, consumer,
                                        count, block_ms, SW_REDIS_EVENTS);
    if (!rep)
        return SW_EIO;
    int rc = SW_OK;
    if (rep->type == REDIS_REPLY_ERROR)
        rc = SW_EIO;
    else if (rep->type == REDIS_REPLY_ARRAY && rep->elements == 1 && rep->element[0]->elements == 2)
        rc = each_entry(rep->element[0]->element[1], fn, ctx, n, NULL);
    freeReplyObject(rep);
    return rc;
}

int sw_revents_group_last(sw_redis *r, const char *group, char last[SW_REVENTS_ID_MAX])
{
    redisReply *rep = sw_redis_commandf(r, "XINFO GROUPS %s", SW_REDIS_EVENTS);
    if (!rep)
        return SW_EIO;
    int rc = rep->type == REDIS_REPLY_ARRAY ? SW_ENOTFOUND : SW_EIO;
    for (size_t i = 0; rc == SW_ENOTFOUND && i < rep->elements; i++) {
        const redisReply *name = info_field(rep->element[i], "name");
        const redisReply *id = info_field(rep->element[i], "last-delivered-id");
        if (name && name->type == REDIS_REPLY_STRING && !strcmp(name->str, group) && id &&
            id->type == REDIS_REPLY_STRING) {
            snprintf(last, SW_REVENTS_ID_MAX, "%s", id->str);
            rc = SW_OK;
        }
    }
    freeReplyObject(rep);
    return rc;
}

int sw_revents_range(sw_redis *r, const char *after, const char *upto, int count, sw_revents_fn fn, void *ctx,
                     char last[SW_REVENTS_ID_MAX], size_t *n)
{
    *n = 0;
    char start[SW_REVENTS_ID_MAX + 1];
    snprintf(start, sizeof start, "%s%s", strcmp(after, "-") ? "(" : "", after);
    redisReply *rep = sw_redis_commandf(r, "XRANGE %s %s %s COUNT %d", SW_REDIS_EVENTS, start, upto, count);
    if (!rep)
        return SW_EIO;
    int rc = rep->type == REDIS_REPLY_ARRAY ? each_entry(rep, fn, ctx, n, last) : SW_EIO;
    freeReplyObject(rep);
    return rc;
}

int sw_revents_claim(sw_redis *r, const char *group, const char *consumer, char cursor[SW_REVENTS_ID_MAX], int count,
                     sw_revents_fn fn, void *ctx, size_t *n)
{
    *n = 0;
    redisReply *rep = sw_redis_commandf(r, "XAUTOCLAIM %s %s %s 0 %s COUNT %d", SW_REDIS_EVENTS, group, consumer,
                                        cursor, count);
    if (!rep)
        return SW_EIO;
    int rc = SW_EIO;
    if (rep->type == REDIS_REPLY_ARRAY && rep->elements >= 2 && rep->element[0]->type == REDIS_REPLY_STRING &&
        rep->element[1]->type == REDIS_REPLY_ARRAY) {
        snprintf(cursor, SW_REVENTS_ID_MAX, "%s", rep->element[0]->str);
        rc = each_entry(rep->element[1], fn, ctx, n, NULL);
    }
    freeReplyObject(rep);
    return rc;
}

int sw_revents_forget_consumers(sw_redis *r, const char *group, const char *keep, int *removed)
{
    *removed = 0;
    redisReply *rep = sw_redis_commandf(r, "XINFO CONSUMERS %s %s", SW_REDIS_EVENTS, group);
    if (!rep)
        return SW_EIO;
    int rc = rep->type == REDIS_REPLY_ARRAY ? SW_OK : SW_EIO;
    for (size_t i = 0; rc == SW_OK && i < rep->elements; i++) {
        const redisReply *name = info_field(rep->element[i], "name");
        const redisReply *pending = info_field(rep->element[i], "pending");
        if (!name || name->type != REDIS_REPLY_STRING || !strcmp(name->str, keep) || !pending ||
            pending->type != REDIS_REPLY_INTEGER || pending->integer != 0)
            continue;
        redisReply *del = sw_redis_commandf(r, "XGROUP DELCONSUMER %s %s %s", SW_REDIS_EVENTS, group, name->str);
        if (!del || del->type == REDIS_REPLY_ERROR)
            rc = SW_EIO;
        else
            (*removed)++;
        freeReplyObject(del);
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
