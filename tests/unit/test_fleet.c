/*
 * test_fleet.c — the pieces of the fleet's shared state that need no Redis:
 * state URLs (plain and TLS), key names with hash tags, the admission
 * script's arguments, the spool of events (order, partial takes, restart),
 * and how the connection fails when there is no Redis to talk to (refused,
 * a silent listener, unusable TLS files). The Redis round trips themselves
 * are covered end to end (tests/e2e/fleet_*.sh, tests/tools/redis_check.c).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
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
    /* a password may hold '?' (the query starts after the credentials) */
    CHECK_EQ_INT(sw_redis_url_parse("redis://:pa?ss@h", &u, err, sizeof err), SW_OK);
    CHECK_EQ_STR(u.password, "pa?ss");
    CHECK_EQ_STR(u.host, "h");
    CHECK(!u.tls);
    CHECK_EQ_INT(sw_redis_url_parse("redis://h:0", &u, err, sizeof err), SW_EINVAL);
    CHECK_EQ_INT(sw_redis_url_parse("redis://h/x", &u, err, sizeof err), SW_EINVAL);
    CHECK_EQ_INT(sw_redis_url_parse("redis://user@h", &u, err, sizeof err), SW_EINVAL);
    CHECK_EQ_INT(sw_redis_url_parse("http://h", &u, err, sizeof err), SW_EINVAL);
    /* passwords never reach a message */
    char shown[256];
    sw_redis_url_redacted("redis://gw:p@ss@[::1]:7000/0", shown, sizeof shown);
    CHECK_EQ_STR(shown, "redis://gw:***@[::1]:7000/0");
    sw_redis_url_redacted("rediss://:pa?ss@h:6380/1?ca=/etc/ca.pem", shown, sizeof shown);
    CHECK_EQ_STR(shown, "rediss://:***@h:6380/1?ca=/etc/ca.pem");
    sw_redis_url_redacted("redis://h:6379/0", shown, sizeof shown);
    CHECK_EQ_STR(shown, "redis://h:6379/0");
    sw_redis_url_redacted("redis://secret@h", shown, sizeof shown);
    CHECK_EQ_STR(shown, "redis://***@h");
    CHECK_EQ_INT(sw_redis_url_parse("redis://gw:hunter2@h:0", &u, err, sizeof err), SW_EINVAL);
    CHECK(strstr(err, "hunter2") == NULL && strstr(err, "gw:***@h") != NULL);
    CHECK(sw_state_is_redis("redis://x"));
    CHECK(sw_state_is_redis("rediss://x"));
    CHECK(!sw_state_is_redis("./state"));
}

static void test_url_tls(void)
{
    sw_redis_url u;
    char err[300];
    CHECK_EQ_INT(sw_redis_url_parse("rediss://h:6379", &u, err, sizeof err), SW_OK);
    CHECK(u.tls);
    CHECK_EQ_STR(u.host, "h");
    CHECK_EQ_STR(u.ca, "");
    CHECK_EQ_STR(u.cert, "");
    CHECK_EQ_INT(sw_redis_url_parse("rediss://gw:s3@redis.internal:6380/3?ca=/etc/sw/ca.pem&cert=/c.pem&key=/k.pem",
                                    &u, err, sizeof err),
                 SW_OK);
    CHECK_EQ_STR(u.user, "gw");
    CHECK_EQ_STR(u.password, "s3");
    CHECK_EQ_STR(u.host, "redis.internal");
    CHECK_EQ_INT(u.port, 6380);
    CHECK_EQ_INT(u.db, 3);
    CHECK_EQ_STR(u.ca, "/etc/sw/ca.pem");
    CHECK_EQ_STR(u.cert, "/c.pem");
    CHECK_EQ_STR(u.key, "/k.pem");
    /* no port, no database; values are percent-decoded */
    CHECK_EQ_INT(sw_redis_url_parse("rediss://h?ca=/my%20certs/ca%40x.pem", &u, err, sizeof err), SW_OK);
    CHECK_EQ_STR(u.host, "h");
    CHECK_EQ_INT(u.port, 6379);
    CHECK_EQ_INT(u.db, 0);
    CHECK_EQ_STR(u.ca, "/my certs/ca@x.pem");
    /* a path in the query may hold '@' after its first '/' */
    CHECK_EQ_INT(sw_redis_url_parse("rediss://:pw@h:7000?ca=/a@b/ca.pem", &u, err, sizeof err), SW_OK);
    CHECK_EQ_STR(u.password, "pw");
    CHECK_EQ_STR(u.host, "h");
    CHECK_EQ_INT(u.port, 7000);
    CHECK_EQ_STR(u.ca, "/a@b/ca.pem");
    /* one PEM file with certificate and key */
    CHECK_EQ_INT(sw_redis_url_parse("rediss://[::1]:7000/1?cert=/both.pem", &u, err, sizeof err), SW_OK);
    CHECK_EQ_STR(u.host, "::1");
    CHECK_EQ_INT(u.db, 1);
    CHECK_EQ_STR(u.key, "/both.pem");
    /* refused, each with its reason */
    CHECK_EQ_INT(sw_redis_url_parse("rediss://h?key=/k.pem", &u, err, sizeof err), SW_EINVAL);
    CHECK(strstr(err, "key= needs cert=") != NULL);
    CHECK_EQ_INT(sw_redis_url_parse("redis://h?ca=/ca.pem", &u, err, sizeof err), SW_EINVAL);
    CHECK(strstr(err, "rediss://") != NULL);
    CHECK_EQ_INT(sw_redis_url_parse("rediss://h?insecure=1", &u, err, sizeof err), SW_EINVAL);
    CHECK(strstr(err, "unknown query option 'insecure'") != NULL);
    CHECK_EQ_INT(sw_redis_url_parse("rediss://h?ca=", &u, err, sizeof err), SW_EINVAL);
    CHECK_EQ_INT(sw_redis_url_parse("rediss://h?ca", &u, err, sizeof err), SW_EINVAL);
    CHECK_EQ_INT(sw_redis_url_parse("rediss://h?ca=/x%2", &u, err, sizeof err), SW_EINVAL);
    CHECK_EQ_INT(sw_redis_url_parse("rediss://h?ca=/x%zz", &u, err, sizeof err), SW_EINVAL);
    CHECK_EQ_INT(sw_redis_url_parse("rediss://h?ca=/x%00", &u, err, sizeof err), SW_EINVAL);
    CHECK_EQ_INT(sw_redis_url_parse("rediss://h/2x?ca=/a", &u, err, sizeof err), SW_EINVAL);
    CHECK_EQ_INT(sw_redis_url_parse("rediss://?ca=/a", &u, err, sizeof err), SW_EINVAL);
}

/* ---- the connection without a Redis ---- */

static int64_t mono_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* A loopback listener that accepts connections (the kernel does, from its
 * backlog) and never says a word; *port gets its port. */
static int silent_listener(int *port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(fd, 8) != 0 ||
        getsockname(fd, (struct sockaddr *)&a, &len) != 0) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    *port = ntohs(a.sin_port);
    return fd;
}

static void test_conn_failures(void)
{
    char url[200], err[512];
    sw_redis *r = NULL;
    /* nothing listens: refused, said so */
    int port, lfd = silent_listener(&port);
    CHECK(lfd >= 0);
    close(lfd); /* the port is free now, and nobody listens on it */
    snprintf(url, sizeof url, "redis://127.0.0.1:%d", port);
    CHECK_EQ_INT(sw_redis_open(&r, url, 500, NULL, true, err, sizeof err), SW_EIO);
    CHECK(strstr(err, "connect: Connection refused") != NULL);
    CHECK(r == NULL);
    /* a TLS file that cannot be read is a configuration error, at open,
     * whether or not the handle must connect now */
    snprintf(url, sizeof url, "rediss://127.0.0.1:%d?ca=/nonexistent/ca.pem", port);
    CHECK_EQ_INT(sw_redis_open(&r, url, 500, NULL, false, err, sizeof err), SW_EINVAL);
    CHECK(strstr(err, "CA file '/nonexistent/ca.pem'") != NULL);
    CHECK(strstr(err, "No such file") != NULL);
    snprintf(url, sizeof url, "rediss://127.0.0.1:%d?cert=/nonexistent/client.pem", port);
    CHECK_EQ_INT(sw_redis_open(&r, url, 500, NULL, false, err, sizeof err), SW_EINVAL);
    CHECK(strstr(err, "client certificate '/nonexistent/client.pem'") != NULL);
    /* a server that accepts and never answers: the call fails after the
     * timeout (not before, not much after), and the next call within the
     * backoff fails at once without touching the network */
    lfd = silent_listener(&port);
    CHECK(lfd >= 0);
    snprintf(url, sizeof url, "redis://127.0.0.1:%d", port);
    sw_redis_health health = {.log_interval_ms = 1000000, .who = "test_fleet"};
    CHECK_EQ_INT(sw_redis_open(&r, url, 200, &health, false, err, sizeof err), SW_OK);
    if (r) {
        CHECK(sw_redis_connected(r));
        int64_t t0 = mono_ms();
        CHECK(sw_redis_commandf(r, "PING") == NULL);
        int64_t took = mono_ms() - t0;
        CHECK(took >= 190 && took < 5000);
        CHECK(strstr(sw_redis_errmsg(r), "timed out after 200 ms reading") != NULL);
        CHECK(!sw_redis_connected(r));
        t0 = mono_ms();
        CHECK(sw_redis_commandf(r, "PING") == NULL);
        CHECK(mono_ms() - t0 < 40);
        CHECK_EQ_INT((int)atomic_load(&health.errors), 2);
        CHECK(atomic_load(&health.down));
        sw_redis_close(r);
    }
    /* the same over TLS: the handshake times out */
    snprintf(url, sizeof url, "rediss://127.0.0.1:%d", port);
    int64_t t0 = mono_ms();
    CHECK_EQ_INT(sw_redis_open(&r, url, 200, NULL, true, err, sizeof err), SW_EIO);
    CHECK(mono_ms() - t0 < 5000);
    CHECK(strstr(err, "timed out after 200 ms in the TLS handshake") != NULL);
    close(lfd);
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
    /* the detect workers' keys: tagged by their group, apart from accounts */
    CHECK_EQ_INT(sw_redis_key_group(k, sizeof k, "stillwatch-detect", "leader"), SW_OK);
    CHECK_EQ_STR(k, "sw:detect:{stillwatch-detect}:leader");
    CHECK_EQ_INT(sw_redis_key_group(k, sizeof k, "g{1}", "leader"), SW_EINVAL);
    CHECK_EQ_INT(sw_redis_key_group(k, sizeof k, "g 1", "workers"), SW_EINVAL);
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
    SW_TEST_RUN(test_url_tls);
    SW_TEST_RUN(test_conn_failures);
    SW_TEST_RUN(test_keys);
    SW_TEST_RUN(test_admit_argv);
    SW_TEST_RUN(test_spool);
    return SW_TEST_END();
}
