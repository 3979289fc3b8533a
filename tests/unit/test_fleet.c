/*
 * test_fleet.c — the pieces of the fleet's shared state that need no Redis:
 * state URLs, key names with hash tags, the admission script's arguments,
 * and the spool of events (order, partial takes, restart). The Redis round
 * trips themselves are covered end to end (tests/e2e/fleet_*.sh).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/error.h"
#include "store/fleet.h"
#include "sw_test.h"

static void test_url(void)
{
    sw_redis_url u;
    char err[300];
    CHECK_EQ_INT(sw_redis_url_parse("redis://127.0.0.1", &u, err, sizeof err), SW_OK);
    CHECK_EQ_STR(u.host, "127.0.0.1");
    CHECK_EQ_INT(u.port, 6379);
    CHECK_EQ_INT(u.db, 0);
    CHECK_EQ_INT(sw_redis_url_parse("redis://:s3cret@cache.internal:6380/2", &u, err, sizeof err), SW_OK);
    CHECK_EQ_STR(u.host, "cache.internal");
    CHECK_EQ_STR(u.user, "");
    CHECK_EQ_STR(u.password, "s3cret");
    CHECK_EQ_INT(u.port, 6380);
    CHECK_EQ_INT(u.db, 2);
    CHECK_EQ_INT(sw_redis_url_parse("redis://gw:p@ss@[::1]:7000/0", &u, err, sizeof err), SW_OK);
    CHECK_EQ_STR(u.user, "gw");
    CHECK_EQ_STR(u.password, "p@ss");
    CHECK_EQ_STR(u.host, "::1");
    CHECK_EQ_INT(u.port, 7000);
    CHECK_EQ_INT(sw_redis_url_parse("rediss://h:6379", &u, err, sizeof err), SW_EINVAL);
    CHECK(strstr(err, "TLS") != NULL);
    CHECK_EQ_INT(sw_redis_url_parse("redis://h:0", &u, err, sizeof err), SW_EINVAL);
    CHECK_EQ_INT(sw_redis_url_parse("redis://h/x", &u, err, sizeof err), SW_EINVAL);
    CHECK_EQ_INT(sw_redis_url_parse("redis://user@h", &u, err, sizeof err), SW_EINVAL);
    CHECK_EQ_INT(sw_redis_url_parse("http://h", &u, err, sizeof err), SW_EINVAL);
    CHECK(sw_state_is_redis("redis://x"));
    CHECK(!sw_state_is_redis("./state"));
}

static void test_keys(void)
{
    char k[SW_REDIS_KEY_BUF];
    CHECK_EQ_INT(sw_redis_key(k, sizeof k, "acme-labs", "streams"), SW_OK);
    CHECK_EQ_STR(k, "sw:{acme-labs}:streams");
    CHECK_EQ_INT(sw_redis_key_n(k, sizeof k, "a@b.c", "rq", 29876543), SW_OK);
    CHECK_EQ_STR(k, "sw:{a@b.c}:rq:29876543");
    /* ids that would move the hash tag or confuse a reader are refused */
    CHECK_EQ_INT(sw_redis_key(k, sizeof k, "a}b", "x"), SW_EINVAL);
    CHECK_EQ_INT(sw_redis_key(k, sizeof k, "a{b", "x"), SW_EINVAL);
    CHECK_EQ_INT(sw_redis_key(k, sizeof k, "a b", "x"), SW_EINVAL);
    CHECK_EQ_INT(sw_redis_key(k, sizeof k, "", "x"), SW_EINVAL);
    CHECK_EQ_INT(sw_redis_key(k, sizeof k, "a", "x\n"), SW_EINVAL);
    char small[12];
    CHECK_EQ_INT(sw_redis_key(small, sizeof small, "a-long-account", "x"), SW_EINVAL);
}

static void test_admit_argv(void)
{
    char bufs[SW_RLIMIT_ARGS][SW_REDIS_KEY_BUF];
    const char *argv[SW_RLIMIT_ARGS];
    sw_rlimit_args a = {.requests_per_minute = 20, .tokens_per_minute = 40000, .tokens_per_day = 1000000,
                        .concurrent_streams = 2, .est_tokens = 300};
    /* 2026-11-02T00:00:24.603Z: minute 29,876,640, day 20,759 */
    int64_t now = 1792540824603LL;
    CHECK_EQ_INT(sw_rlimit_admit_argv("acme", &a, now, bufs, argv), SW_OK);
    char want[64];
    snprintf(want, sizeof want, "sw:{acme}:rq:%lld", (long long)(now / 60000));
    CHECK_EQ_STR(argv[0], want);
    snprintf(want, sizeof want, "sw:{acme}:rq:%lld", (long long)(now / 60000 - 1));
    CHECK_EQ_STR(argv[1], want);
    snprintf(want, sizeof want, "sw:{acme}:tk:%lld", (long long)(now / 60000));
    CHECK_EQ_STR(argv[2], want);
    snprintf(want, sizeof want, "sw:{acme}:td:%lld", (long long)(now / 86400000));
    CHECK_EQ_STR(argv[4], want);
    CHECK_EQ_STR(argv[5], "sw:{acme}:streams");
    CHECK_EQ_STR(argv[6], "20");
    CHECK_EQ_STR(argv[7], "40000");
    CHECK_EQ_STR(argv[8], "1000000");
    CHECK_EQ_STR(argv[9], "2");
    CHECK_EQ_STR(argv[10], "300");
    snprintf(want, sizeof want, "%lld", (long long)(now % 60000)); /* ms into the minute */
    CHECK_EQ_STR(argv[11], want);
    snprintf(want, sizeof want, "%lld", (long long)(86400000 - now % 86400000)); /* ms to UTC midnight */
    CHECK_EQ_STR(argv[12], want);
    CHECK_EQ_STR(argv[13], "600000");
    /* a negative estimate is charged as nothing; a bad id builds nothing */
    a.est_tokens = -5;
    CHECK_EQ_INT(sw_rlimit_admit_argv("acme", &a, now, bufs, argv), SW_OK);
    CHECK_EQ_STR(argv[10], "0");
    CHECK_EQ_INT(sw_rlimit_admit_argv("a{x}", &a, now, bufs, argv), SW_EINVAL);
}

/* ---- spool ---- */

typedef struct {
    char got[64][32];
    size_t n;
    size_t take_limit; /* take at most this many per call */
} sink;

static size_t take(const char *const *lines, const size_t *lens, size_t n, void *ctx)
{
    sink *s = ctx;
    size_t k = n < s->take_limit ? n : s->take_limit;
    for (size_t i = 0; i < k && s->n < 64; i++)
        snprintf(s->got[s->n++], 32, "%.*s", (int)lens[i], lines[i]);
    return k;
}

static void test_spool(void)
{
    char dir[] = "/tmp/sw-spool-XXXXXX", path[128], err[256];
    CHECK(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/spool.jsonl", dir);
    sw_spool *s;
    CHECK_EQ_INT(sw_spool_open(&s, path, err, sizeof err), SW_OK);
    for (int i = 0; i < 5; i++) {
        char line[16];
        int n = snprintf(line, sizeof line, "e%d", i);
        CHECK_EQ_INT(sw_spool_put(s, line, (size_t)n), SW_OK);
    }
    CHECK_EQ_INT((int)sw_spool_pending(s), 5);
    /* Redis takes two, then fails: the rest stays, in order */
    sink k = {.take_limit = 2};
    uint64_t taken;
    CHECK_EQ_INT(sw_spool_drain(s, take, &k, &taken), SW_OK);
    CHECK_EQ_INT((int)taken, 2);
    CHECK_EQ_INT((int)sw_spool_pending(s), 3);
    /* lines spooled meanwhile go after the ones left */
    CHECK_EQ_INT(sw_spool_put(s, "e5", 2), SW_OK);
    sw_spool_close(s);
    /* a restart finds them all */
    CHECK_EQ_INT(sw_spool_open(&s, path, err, sizeof err), SW_OK);
    CHECK_EQ_INT((int)sw_spool_pending(s), 4);
    k.take_limit = 100;
    CHECK_EQ_INT(sw_spool_drain(s, take, &k, &taken), SW_OK);
    /* the leftover file first (e2–e4), then the fresh one is still waiting */
    CHECK_EQ_INT(sw_spool_drain(s, take, &k, &taken), SW_OK);
    CHECK_EQ_INT((int)k.n, 6);
    const char *want[] = {"e0", "e1", "e2", "e3", "e4", "e5"};
    for (int i = 0; i < 6; i++)
        CHECK_EQ_STR(k.got[i], want[i]);
    CHECK_EQ_INT((int)sw_spool_pending(s), 0);
    sw_spool_close(s);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    SW_TEST_RUN(test_url);
    SW_TEST_RUN(test_keys);
    SW_TEST_RUN(test_admit_argv);
    SW_TEST_RUN(test_spool);
    return SW_TEST_END();
}
