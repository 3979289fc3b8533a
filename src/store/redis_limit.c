/*
 * redis_limit.c — the fleet's rate limits and proof nonces in Redis (see
 * fleet.h).
 *
 * The limits are those of policy/limiter.c, with the same arithmetic, run
 * inside Redis by one script per admission so that check-then-charge is
 * atomic across every gateway: two gateways admitting the same account's
 * requests at the same instant are serialised by Redis itself, and a limit
 * of N per minute admits exactly N over the fleet.
 *
 *   window   the count over the last minute is prev * (1 - elapsed/60 s) +
 *            cur, with one key per minute (sw:{A}:rq:MINUTE, …:tk:MINUTE)
 *            that expires after two and a half minutes; "prev" is simply the
 *            key of the minute before. The caller's clock picks the minute
 *            (gateways' clocks are assumed NTP-close; a skew of s seconds
 *            shifts at most s/60 of a window).
 *   day      sw:{A}:td:DAY, expiring an hour after the UTC day ends.
 *   streams  sw:{A}:streams, counted up at admission and down at
 *            settlement; its TTL is refreshed on every admission, so slots
 *            held by a gateway that died heal after ten idle minutes.
 *
 * Lua numbers are doubles: the window products are exact while limit ×
 * 60,000 < 2^53, i.e. for per-minute limits below 1.5 × 10^11.
 *
 * Settlement refunds from the minute and the day the estimate was charged
 * to (their keys are named by the admission time) and charges extra usage
 * to the current ones. It rides on the pipeline that ends an exchange
 * (sw_rexchange_finish in redis_stream.c), so a request costs one round
 * trip to be admitted and one, shared with its event, to end.
 *
 * Nonces: SET sw:{JTI}:nonce:N 1 NX PX window — the first gateway to see a
 * (token, nonce) pair wins; a replay at any other gateway finds the key.
 */
#include <stdio.h>
#include <string.h>

#include "core/error.h"
#include "store/fleet.h"

#define MINUTE_MS 60000LL
#define DAY_MS 86400000LL
#define STREAMS_TTL_MS 600000LL

static const sw_redis_script sw_rlimit_admit_script = {
    "admit",
    "local W = 60000\n"
    "local function num(v) return tonumber(v) or 0 end\n"
    "local rpm, tpm, tpd, maxs = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])\n"
    "local est, el, dayleft, sttl = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])\n"
    "local rc, rp = num(redis.call('GET', KEYS[1])), num(redis.call('GET', KEYS[2]))\n"
    "local tc, tp = num(redis.call('GET', KEYS[3])), num(redis.call('GET', KEYS[4]))\n"
    "local td, st = num(redis.call('GET', KEYS[5])), num(redis.call('GET', KEYS[6]))\n"
    "local function wait(prev, cur, need, limit)\n"
    "  if limit <= 0 then return 0 end\n"
    "  if need > limit then return W end\n"
    "  if prev * (W - el) + (cur + need) * W <= limit * W then return 0 end\n"
    "  if cur + need <= limit then\n"
    "    local e = W - math.floor((limit - cur - need) * W / prev)\n"
    "    if e > el then return e - el end\n"
    "    return 1\n"
    "  end\n"
    "  return (W - el) + (W - math.floor((limit - need) * W / cur))\n"
    "end\n"
    "local refused, secs, reason = false, 0, ''\n"
    "local function refuse(r, w)\n"
    "  local s = math.ceil(w / 1000)\n"
    "  if s < 1 then s = 1 end\n"
    "  if (not refused) or s > secs then refused = true; secs = s; reason = r end\n"
    "end\n"
    "if maxs > 0 and st >= maxs then refuse('concurrent streams', 1000) end\n"
    "if tpd > 0 and td + est > tpd then refuse('daily tokens', dayleft) end\n"
    "local w = wait(rp, rc, 1, rpm)\n"
    "if w > 0 then refuse('requests per minute', w) end\n"
    "w = wait(tp, tc, est, tpm)\n"
    "if w > 0 then refuse('tokens per minute', w) end\n"
    "if refused then return {0, reason, secs} end\n"
    "redis.call('INCR', KEYS[1]); redis.call('PEXPIRE', KEYS[1], 150000)\n"
    "redis.call('INCRBY', KEYS[3], est); redis.call('PEXPIRE', KEYS[3], 150000)\n"
    "redis.call('INCRBY', KEYS[5], est); redis.call('PEXPIRE', KEYS[5], dayleft + 3600000)\n"
    "redis.call('INCR', KEYS[6]); redis.call('PEXPIRE', KEYS[6], sttl)\n"
    "return {1, '', 0}\n",
};

static const sw_redis_script sw_rlimit_settle_script = {
    "settle",
    "local d, dayleft = tonumber(ARGV[1]), tonumber(ARGV[2])\n"
    "if d > 0 then\n"
    "  redis.call('INCRBY', KEYS[1], d); redis.call('PEXPIRE', KEYS[1], 150000)\n"
    "  redis.call('INCRBY', KEYS[2], d); redis.call('PEXPIRE', KEYS[2], dayleft + 3600000)\n"
    "elseif d < 0 then\n"
    "  for _, k in ipairs({KEYS[3], KEYS[4]}) do\n"
    "    local have = tonumber(redis.call('GET', k) or '0') or 0\n"
    "    local take = math.min(-d, have)\n"
    "    if take > 0 then redis.call('DECRBY', k, take) end\n"
    "  end\n"
    "end\n"
    "local s = tonumber(redis.call('GET', KEYS[5]) or '0') or 0\n"
    "if s > 0 then redis.call('DECR', KEYS[5]) end\n"
    "return 1\n",
};

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int sw_rlimit_admit_argv(const char *account, const sw_rlimit_args *a, int64_t now_ms,
                         char bufs[SW_RLIMIT_ARGS][SW_REDIS_KEY_BUF], const char *argv[SW_RLIMIT_ARGS])
{
    int64_t m = floor_div(now_ms, MINUTE_MS), d = floor_div(now_ms, DAY_MS);
    if (sw_redis_key_n(bufs[0], SW_REDIS_KEY_BUF, account, "rq", m) != SW_OK ||
        sw_redis_key_n(bufs[1], SW_REDIS_KEY_BUF, account, "rq", m - 1) != SW_OK ||
        sw_redis_key_n(bufs[2], SW_REDIS_KEY_BUF, account, "tk", m) != SW_OK ||
        sw_redis_key_n(bufs[3], SW_REDIS_KEY_BUF, account, "tk", m - 1) != SW_OK ||
        sw_redis_key_n(bufs[4], SW_REDIS_KEY_BUF, account, "td", d) != SW_OK ||
        sw_redis_key(bufs[5], SW_REDIS_KEY_BUF, account, "streams") != SW_OK)
        return SW_EINVAL;
    const int64_t vals[] = {a->requests_per_minute, a->tokens_per_minute, a->tokens_per_day, a->concurrent_streams,
                            a->est_tokens < 0 ? 0 : a->est_tokens, now_ms - m * MINUTE_MS, (d + 1) * DAY_MS - now_ms,
                            STREAMS_TTL_MS};
    _Static_assert(sizeof vals / sizeof vals[0] + SW_RLIMIT_KEYS == SW_RLIMIT_ARGS, "argument count");
    for (int i = 0; i < SW_RLIMIT_ARGS; i++)
        argv[i] = bufs[i];
    for (int i = 0; i < SW_RLIMIT_ARGS - SW_RLIMIT_KEYS; i++)
        snprintf(bufs[SW_RLIMIT_KEYS + i], SW_REDIS_KEY_BUF, "%lld", (long long)vals[i]);
    return SW_OK;
}

int sw_rlimit_admit(sw_redis *r, const char *account, const sw_rlimit_args *a, int64_t now_ms,
                    sw_rlimit_result *out)
{
    char bufs[SW_RLIMIT_ARGS][SW_REDIS_KEY_BUF];
    const char *argv[SW_RLIMIT_ARGS];
    memset(out, 0, sizeof *out);
    if (sw_rlimit_admit_argv(account, a, now_ms, bufs, argv) != SW_OK)
        return SW_EINVAL;
    redisReply *rep = sw_redis_eval(r, &sw_rlimit_admit_script, SW_RLIMIT_KEYS, SW_RLIMIT_ARGS, argv, NULL);
    if (!rep)
        return SW_EIO;
    int rc = SW_EIO;
    if (rep->type == REDIS_REPLY_ARRAY && rep->elements == 3 && rep->element[0]->type == REDIS_REPLY_INTEGER) {
        out->allowed = rep->element[0]->integer == 1;
        if (rep->element[1]->type == REDIS_REPLY_STRING)
            snprintf(out->reason, sizeof out->reason, "%s", rep->element[1]->str);
        out->retry_after_s = rep->element[2]->type == REDIS_REPLY_INTEGER ? rep->element[2]->integer : 1;
        rc = SW_OK;
    }
    freeReplyObject(rep);
    return rc;
}

int sw_rlimit_append_settle(sw_redis *r, const char *account, int64_t est_tokens, int64_t actual_tokens,
                            int64_t admit_ms, int64_t now_ms)
{
    char k[5][SW_REDIS_KEY_BUF], v[2][24];
    int64_t m = floor_div(now_ms, MINUTE_MS), d = floor_div(now_ms, DAY_MS);
    int64_t am = floor_div(admit_ms, MINUTE_MS), ad = floor_div(admit_ms, DAY_MS);
    if (sw_redis_key_n(k[0], sizeof k[0], account, "tk", m) != SW_OK ||
        sw_redis_key_n(k[1], sizeof k[1], account, "td", d) != SW_OK ||
        sw_redis_key_n(k[2], sizeof k[2], account, "tk", am) != SW_OK ||
        sw_redis_key_n(k[3], sizeof k[3], account, "td", ad) != SW_OK ||
        sw_redis_key(k[4], sizeof k[4], account, "streams") != SW_OK)
        return SW_EINVAL;
    int64_t est = est_tokens < 0 ? 0 : est_tokens, act = actual_tokens < 0 ? 0 : actual_tokens;
    snprintf(v[0], sizeof v[0], "%lld", (long long)(act - est));
    snprintf(v[1], sizeof v[1], "%lld", (long long)((d + 1) * DAY_MS - now_ms));
    const char *argv[] = {k[0], k[1], k[2], k[3], k[4], v[0], v[1]};
    return sw_redis_append_eval(r, &sw_rlimit_settle_script, 5, 7, argv, NULL);
}

int sw_rnonce_add(sw_redis *r, const char *jti, const char *nonce, int64_t window_ms)
{
    char suffix[96], k[SW_REDIS_KEY_BUF];
    if ((size_t)snprintf(suffix, sizeof suffix, "nonce:%s", nonce) >= sizeof suffix ||
        sw_redis_key(k, sizeof k, jti, suffix) != SW_OK)
        return SW_EINVAL;
    redisReply *rep = sw_redis_commandf(r, "SET %s 1 NX PX %lld", k, (long long)window_ms);
    if (!rep)
        return SW_EIO;
    int rc = rep->type == REDIS_REPLY_NIL ? SW_EEXIST : rep->type == REDIS_REPLY_ERROR ? SW_EIO : SW_OK;
    freeReplyObject(rep);
    return rc;
}

int sw_rlimit_settle(sw_redis *r, const char *account, int64_t est_tokens, int64_t actual_tokens, int64_t admit_ms,
                     int64_t now_ms)
{
    /* the pipelined form, run alone: EVAL when the script is missing */
    int rc = sw_rlimit_append_settle(r, account, est_tokens, actual_tokens, admit_ms, now_ms);
    if (rc != SW_OK)
        return rc;
    redisReply *rep = sw_redis_reply(r);
    if (!rep)
        return SW_EIO;
    bool missing = sw_redis_reply_noscript(rep);
    freeReplyObject(rep);
    if (!missing)
        return SW_OK;
    freeReplyObject(sw_redis_commandf(r, "SCRIPT LOAD %s", sw_rlimit_settle_script.body));
    rc = sw_rlimit_append_settle(r, account, est_tokens, actual_tokens, admit_ms, now_ms);
    rep = rc == SW_OK ? sw_redis_reply(r) : NULL;
    rc = rep && rep->type != REDIS_REPLY_ERROR ? SW_OK : SW_EIO;
    freeReplyObject(rep);
    return rc;
}
