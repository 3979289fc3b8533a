/*
 * redis_keys.c — names of the fleet's keys in Redis (see redis.h).
 *
 * Every per-account key is "sw:{ACCOUNT}:SUFFIX": Redis Cluster hashes only
 * what is between the first '{' and the next '}', so all of an account's
 * keys (its minute and day counters, streams, summaries, verdict) land in
 * one slot and a script may touch them together. An id containing a brace
 * would move the tag, and a space or control character would make logs and
 * redis-cli ambiguous, so such ids are refused rather than escaped; account
 * and key ids never contain them (cli/state.c, auth/apikey.c).
 *
 * The detect workers' keys are "sw:detect:{GROUP}:SUFFIX", tagged by their
 * consumer group, so a group's lease and status share one slot and never
 * meet an account's keys whatever the group is called.
 */
#include <stdio.h>
#include <string.h>

#include "core/error.h"
#include "store/redis.h"

static bool part_ok(const char *s)
{
    if (!s || !*s)
        return false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p <= 0x20 || *p == 0x7f || *p == '{' || *p == '}')
            return false;
    return true;
}

int sw_redis_key(char *out, size_t cap, const char *id, const char *suffix)
{
    if (!part_ok(id) || !part_ok(suffix))
        return SW_EINVAL;
    int n = snprintf(out, cap, "sw:{%s}:%s", id, suffix);
    return n < 0 || (size_t)n >= cap ? SW_EINVAL : SW_OK;
}

int sw_redis_key_n(char *out, size_t cap, const char *id, const char *suffix, int64_t n)
{
    if (!part_ok(id) || !part_ok(suffix))
        return SW_EINVAL;
    int w = snprintf(out, cap, "sw:{%s}:%s:%lld", id, suffix, (long long)n);
    return w < 0 || (size_t)w >= cap ? SW_EINVAL : SW_OK;
}

int sw_redis_key_group(char *out, size_t cap, const char *group, const char *suffix)
{
    if (!part_ok(group) || !part_ok(suffix))
        return SW_EINVAL;
    int n = snprintf(out, cap, "sw:detect:{%s}:%s", group, suffix);
    return n < 0 || (size_t)n >= cap ? SW_EINVAL : SW_OK;
}
