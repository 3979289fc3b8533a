/*
 * redis_lease.c — the detect workers' leader lease and their status in
 * Redis (see fleet.h).
 *
 * The detector needs every event of the fleet in one engine, so of the
 * workers reading a consumer group exactly one may consume: the holder of
 * the lease sw:detect:{GROUP}:leader. The key's value is the holder's
 * token (its consumer name and a random part, unique per process, so two
 * workers given the same name still differ) and its TTL is the lease.
 *
 *   acquire  SET NX PX inside a script that, when the key exists, answers
 *            who holds it (for the standby's log) or, when that is us
 *            already, renews it — one round trip either way.
 *   renew    PEXPIRE only if the value is still our token. A plain PEXPIRE
 *            could extend a lease that expired and was taken by another
 *            worker in the meantime: two leaders.
 *   release  DEL only if the value is still our token (a clean stop hands
 *            over without waiting for the TTL).
 *
 * The lease decides who may consume; the worker itself (cli/detect.c)
 * stops consuming when it cannot renew in time, by its own clock, before
 * Redis could expire the key.
 *
 * Status: each worker writes a small JSON object under its consumer name
 * in the hash sw:detect:{GROUP}:workers, which `stillwatch detect --status`
 * and operators (HGETALL) read; the hash expires a day after the last
 * write, so the status of a fleet that is gone does not linger.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "store/fleet.h"

#define STATUS_TTL_MS 86400000LL

static const sw_redis_script acquire_script = {
    "lease-acquire",
    "if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end\n"
    "local holder = redis.call('GET', KEYS[1])\n"
    "if holder == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end\n"
    "return holder\n",
};

static const sw_redis_script renew_script = {
    "lease-renew",
    "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end\n"
    "return 0\n",
};

static const sw_redis_script release_script = {
    "lease-release",
    "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end\n"
    "return 0\n",
};

static redisReply *lease_eval(sw_redis *r, const sw_redis_script *s, const char *key, const char *token,
                              int64_t ttl_ms)
{
    char ttl[24];
    snprintf(ttl, sizeof ttl, "%lld", (long long)ttl_ms);
    const char *argv[] = {key, token, ttl};
    return sw_redis_eval(r, s, 1, ttl_ms > 0 ? 3 : 2, argv, NULL);
}

int sw_rlease_acquire(sw_redis *r, const char *key, const char *token, int64_t ttl_ms, char *holder,
                      size_t holdersz)
{
    redisReply *rep = lease_eval(r, &acquire_script, key, token, ttl_ms);
    if (!rep)
        return SW_EIO;
    int rc = SW_EIO;
    if (rep->type == REDIS_REPLY_INTEGER && rep->integer == 1) {
        rc = SW_OK;
    } else if (rep->type == REDIS_REPLY_STRING) {
        rc = SW_EEXIST;
        if (holder && holdersz)
            snprintf(holder, holdersz, "%s", rep->str);
    }
    freeReplyObject(rep);
    return rc;
}

int sw_rlease_renew(sw_redis *r, const char *key, const char *token, int64_t ttl_ms)
{
    redisReply *rep = lease_eval(r, &renew_script, key, token, ttl_ms);
    if (!rep)
        return SW_EIO;
    int rc = rep->type != REDIS_REPLY_INTEGER ? SW_EIO : rep->integer == 1 ? SW_OK : SW_ENOTFOUND;
    freeReplyObject(rep);
    return rc;
}

int sw_rlease_release(sw_redis *r, const char *key, const char *token)
{
    redisReply *rep = lease_eval(r, &release_script, key, token, 0);
    int rc = rep && rep->type == REDIS_REPLY_INTEGER ? SW_OK : SW_EIO;
    freeReplyObject(rep);
    return rc;
}

int sw_rlease_holder(sw_redis *r, const char *key, char *holder, size_t holdersz, int64_t *ttl_left_ms)
{
    holder[0] = '\0';
    *ttl_left_ms = -1;
    if (sw_redis_appendf(r, "GET %s", key) != SW_OK || sw_redis_appendf(r, "PTTL %s", key) != SW_OK)
        return SW_EIO;
    redisReply *get = sw_redis_reply(r);
    redisReply *ttl = get ? sw_redis_reply(r) : NULL;
    int rc = get && ttl && get->type != REDIS_REPLY_ERROR && ttl->type == REDIS_REPLY_INTEGER ? SW_OK : SW_EIO;
    if (rc == SW_OK && get->type == REDIS_REPLY_STRING) {
        snprintf(holder, holdersz, "%s", get->str);
        *ttl_left_ms = ttl->integer;
    }
    freeReplyObject(get);
    freeReplyObject(ttl);
    return rc;
}

int sw_rworker_status_put(sw_redis *r, const char *group, const char *consumer, const char *json)
{
    char k[SW_REDIS_KEY_BUF];
    if (sw_redis_key_group(k, sizeof k, group, "workers") != SW_OK)
        return SW_EINVAL;
    if (sw_redis_appendf(r, "HSET %s %s %s", k, consumer, json) != SW_OK ||
        sw_redis_appendf(r, "PEXPIRE %s %lld", k, STATUS_TTL_MS) != SW_OK)
        return SW_EIO;
    int rc = SW_OK;
    for (int i = 0; i < 2; i++) {
        redisReply *rep = sw_redis_reply(r);
        if (!rep || rep->type == REDIS_REPLY_ERROR)
            rc = SW_EIO;
        freeReplyObject(rep);
        if (!rep)
            break;
    }
    return rc;
}

int sw_rworker_status_each(sw_redis *r, const char *group,
                           int (*fn)(const char *consumer, const char *json, void *ctx), void *ctx)
{
    char k[SW_REDIS_KEY_BUF];
    if (sw_redis_key_group(k, sizeof k, group, "workers") != SW_OK)
        return SW_EINVAL;
    redisReply *rep = sw_redis_commandf(r, "HGETALL %s", k);
    if (!rep)
        return SW_EIO;
    int rc = rep->type == REDIS_REPLY_ARRAY ? SW_OK : SW_EIO;
    for (size_t i = 0; rc == SW_OK && i + 1 < rep->elements; i += 2)
        if (rep->element[i]->type == REDIS_REPLY_STRING && rep->element[i + 1]->type == REDIS_REPLY_STRING)
            rc = fn(rep->element[i]->str, rep->element[i + 1]->str, ctx);
    freeReplyObject(rep);
    return rc;
}
