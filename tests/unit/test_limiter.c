/*
 * test_limiter.c — the rate limiter: bursts at the limit, the sliding
 * window across a minute boundary, Retry-After, token estimates and their
 * settlement, the daily quota, concurrent streams, the throttle factor,
 * eviction, and exact admission counts under concurrent threads.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/time.h"
#include "policy/policy.h"
#include "sw_test.h"

/* 2026-11-02T00:00:00Z, a minute boundary and a UTC midnight. */
#define T0 1793577600000LL

static sw_tier tier(int64_t rpm, int64_t tpm, int64_t tpd, int64_t streams)
{
    sw_tier t;
    memset(&t, 0, sizeof t);
    strcpy(t.name, "t");
    t.requests_per_minute = rpm;
    t.tokens_per_minute = tpm;
    t.tokens_per_day = tpd;
    t.concurrent_streams = streams;
    t.throttle_factor = 0.1;
    return t;
}

static sw_limiter *new_limiter(void)
{
    sw_limiter *l = NULL;
    CHECK_EQ_INT(sw_limiter_new(&l), SW_OK);
    return l;
}

/* Admits n requests (settling each at once, so streams do not interfere);
 * returns how many were allowed. */
static int burst(sw_limiter *l, const char *acct, const sw_tier *t, double f, int n, int64_t now)
{
    int ok = 0;
    for (int i = 0; i < n; i++) {
        sw_limit_result r = sw_limiter_admit(l, acct, t, f, 0, now);
        if (r.allowed) {
            ok++;
            sw_limiter_settle(l, acct, 0, 0, now);
        }
    }
    return ok;
}

static void test_burst_at_limit(void)
{
    sw_limiter *l = new_limiter();
    sw_tier t = tier(20, 0, 0, 0);
    for (int i = 0; i < 20; i++) {
        sw_limit_result r = sw_limiter_admit(l, "a", &t, 1.0, 0, T0 + 5000);
        CHECK(r.allowed);
        CHECK(r.reason == NULL);
        sw_limiter_settle(l, "a", 0, 0, T0 + 5000);
    }
    sw_limit_result r = sw_limiter_admit(l, "a", &t, 1.0, 0, T0 + 5000);
    CHECK(!r.allowed);
    CHECK_EQ_STR(r.reason, "requests per minute");
    /* wait for the next minute (55 s) and 3 s more, when 20*(57/60) + 1 <= 20 */
    CHECK_EQ_INT(r.retry_after_s, 58);
    /* another account is not affected */
    CHECK_EQ_INT(burst(l, "b", &t, 1.0, 25, T0 + 5000), 20);
    sw_limiter_free(l);

    /* the default free tier: 20 a minute, the 21st refused */
    sw_config *c = malloc(sizeof *c);
    sw_config_defaults(c);
    l = new_limiter();
    CHECK_EQ_INT(burst(l, "free-user", sw_config_tier(c, "free"), 1.0, 21, T0), 20);
    free(c);
    sw_limiter_free(l);
}

static void test_sliding_window(void)
{
    sw_limiter *l = new_limiter();
    sw_tier t = tier(20, 0, 0, 0);
    const int64_t m1 = T0 + SW_MS_PER_MIN;
    CHECK_EQ_INT(burst(l, "a", &t, 1.0, 20, m1 - 100), 20);
    /* the boundary does not reset the count: a fixed window would admit 20 more */
    sw_limit_result r = sw_limiter_admit(l, "a", &t, 1.0, 0, m1);
    CHECK(!r.allowed);
    CHECK_EQ_INT(r.retry_after_s, 3);
    CHECK_EQ_INT(burst(l, "a", &t, 1.0, 1, m1 + 2999), 0);
    CHECK_EQ_INT(burst(l, "a", &t, 1.0, 1, m1 + 3000), 1); /* 20*57/60 + 1 = 20 */
    r = sw_limiter_admit(l, "a", &t, 1.0, 0, m1 + 3000);
    CHECK(!r.allowed);
    CHECK_EQ_INT(r.retry_after_s, 3); /* 20*54/60 + 2 = 20 at +6 s */
    CHECK_EQ_INT(burst(l, "a", &t, 1.0, 1, m1 + 5999), 0);
    CHECK_EQ_INT(burst(l, "a", &t, 1.0, 1, m1 + 6000), 1);
    /* half way through the minute half of the previous one still counts:
     * 20*30/60 + 2 = 12, so 8 more */
    CHECK_EQ_INT(burst(l, "a", &t, 1.0, 20, m1 + 30000), 8);
    /* two minutes of silence forget everything */
    CHECK_EQ_INT(burst(l, "a", &t, 1.0, 30, m1 + 3 * SW_MS_PER_MIN), 20);
    /* a clock stepping back does not reopen the window */
    CHECK_EQ_INT(burst(l, "a", &t, 1.0, 5, m1), 0);
    sw_limiter_free(l);
}

/* Property: after a refusal, the same request at now + Retry-After is
 * admitted when nothing else happened in between. */
static void test_retry_after_is_enough(void)
{
    sw_tier t = tier(7, 0, 0, 0);
    uint64_t x = 42;
    for (int round = 0; round < 200; round++) {
        sw_limiter *l = new_limiter();
        int64_t now = T0;
        for (int i = 0; i < 40; i++) {
            x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            now += (int64_t)(x >> 33) % 20000;
            sw_limit_result r = sw_limiter_admit(l, "p", &t, 1.0, 0, now);
            if (r.allowed) {
                sw_limiter_settle(l, "p", 0, 0, now);
                continue;
            }
            CHECK(r.retry_after_s >= 1 && r.retry_after_s <= 120);
            CHECK(sw_limiter_admit(l, "p", &t, 1.0, 0, now + r.retry_after_s * 1000).allowed);
            sw_limiter_settle(l, "p", 0, 0, now + r.retry_after_s * 1000);
            now += r.retry_after_s * 1000;
        }
        sw_limiter_free(l);
    }
}

static void test_tokens_estimate_settle(void)
{
    sw_limiter *l = new_limiter();
    sw_tier t = tier(0, 1000, 0, 0);
    int64_t now = T0 + 1000;
    CHECK(sw_limiter_admit(l, "a", &t, 1.0, 600, now).allowed);
    sw_limit_result r = sw_limiter_admit(l, "a", &t, 1.0, 500, now);
    CHECK(!r.allowed);
    CHECK_EQ_STR(r.reason, "tokens per minute");
    /* the answer was short: 100 tokens, not 600 */
    sw_limiter_settle(l, "a", 600, 100, now);
    CHECK(sw_limiter_admit(l, "a", &t, 1.0, 500, now).allowed); /* 600 in use */
    /* this one ran long: 900 instead of 500, so the minute is full */
    sw_limiter_settle(l, "a", 500, 900, now);
    r = sw_limiter_admit(l, "a", &t, 1.0, 1, now);
    CHECK(!r.allowed);
    CHECK_EQ_STR(r.reason, "tokens per minute");
    /* never served: a full refund */
    sw_limiter_free(l);
    l = new_limiter();
    CHECK(sw_limiter_admit(l, "b", &t, 1.0, 1000, now).allowed);
    CHECK(!sw_limiter_admit(l, "b", &t, 1.0, 1, now).allowed);
    sw_limiter_settle(l, "b", 1000, 0, now);
    CHECK(sw_limiter_admit(l, "b", &t, 1.0, 1000, now).allowed);
    /* a refund after the minute rolled comes off the previous minute */
    sw_limiter_settle(l, "b", 1000, 0, now + SW_MS_PER_MIN);
    CHECK(sw_limiter_admit(l, "b", &t, 1.0, 1000, now + SW_MS_PER_MIN).allowed);
    /* an estimate above the limit can never pass */
    r = sw_limiter_admit(l, "c", &t, 1.0, 1001, now);
    CHECK(!r.allowed);
    CHECK_EQ_STR(r.reason, "tokens per minute");
    CHECK_EQ_INT(r.retry_after_s, 60);
    /* negative numbers are taken as 0 */
    CHECK(sw_limiter_admit(l, "d", &t, 1.0, -5, now).allowed);
    sw_limiter_settle(l, "d", -5, -7, now);
    sw_limiter_free(l);
}

static void test_daily_quota(void)
{
    sw_limiter *l = new_limiter();
    sw_tier t = tier(0, 0, 1000, 0);
    int64_t ten = T0 + 10 * SW_MS_PER_HOUR;
    CHECK(sw_limiter_admit(l, "a", &t, 1.0, 600, ten).allowed);
    sw_limiter_settle(l, "a", 600, 700, ten);
    sw_limit_result r = sw_limiter_admit(l, "a", &t, 1.0, 301, ten + 1000);
    CHECK(!r.allowed);
    CHECK_EQ_STR(r.reason, "daily tokens");
    CHECK_EQ_INT(r.retry_after_s, 14 * 3600 - 1); /* until UTC midnight */
    CHECK(sw_limiter_admit(l, "a", &t, 1.0, 300, ten + 1000).allowed); /* exactly 1000 */
    sw_limiter_settle(l, "a", 300, 300, ten + 1000);
    CHECK(!sw_limiter_admit(l, "a", &t, 1.0, 1, T0 + SW_MS_PER_DAY - 1).allowed);
    /* the next UTC day starts afresh */
    CHECK(sw_limiter_admit(l, "a", &t, 1.0, 1000, T0 + SW_MS_PER_DAY).allowed);
    /* throttling does not shrink the daily quota */
    sw_limiter_settle(l, "a", 1000, 0, T0 + SW_MS_PER_DAY);
    CHECK(sw_limiter_admit(l, "a", &t, 0.1, 1000, T0 + SW_MS_PER_DAY).allowed);
    sw_limiter_free(l);
}

static void test_concurrent_streams(void)
{
    sw_limiter *l = new_limiter();
    sw_tier t = tier(0, 0, 0, 2);
    CHECK(sw_limiter_admit(l, "a", &t, 1.0, 10, T0).allowed);
    CHECK(sw_limiter_admit(l, "a", &t, 1.0, 10, T0).allowed);
    sw_limit_result r = sw_limiter_admit(l, "a", &t, 1.0, 10, T0);
    CHECK(!r.allowed);
    CHECK_EQ_STR(r.reason, "concurrent streams");
    CHECK_EQ_INT(r.retry_after_s, 1);
    CHECK(sw_limiter_admit(l, "b", &t, 1.0, 10, T0).allowed);
    sw_limiter_settle(l, "a", 10, 12, T0 + 500);
    CHECK(sw_limiter_admit(l, "a", &t, 1.0, 10, T0 + 600).allowed);
    CHECK(!sw_limiter_admit(l, "a", &t, 1.0, 10, T0 + 600).allowed);
    sw_limiter_free(l);
}

static void test_throttle_factor(void)
{
    sw_limiter *l = new_limiter();
    sw_tier t = tier(20, 0, 0, 0);
    CHECK_EQ_INT(burst(l, "a", &t, t.throttle_factor, 10, T0), 2);
    /* the throttled count is the same count: lifting the throttle leaves 18 */
    CHECK_EQ_INT(burst(l, "a", &t, 1.0, 30, T0), 18);
    /* never below one a minute; unlimited stays unlimited */
    CHECK_EQ_INT(burst(l, "b", &t, 0.001, 10, T0), 1);
    CHECK_EQ_INT(burst(l, "c", &t, 0.0, 10, T0), 1);
    sw_tier u = tier(0, 0, 0, 0);
    CHECK_EQ_INT(burst(l, "d", &u, 0.1, 1000, T0), 1000);
    /* tokens are throttled too */
    sw_tier tk = tier(0, 1000, 0, 0);
    CHECK(sw_limiter_admit(l, "e", &tk, 0.1, 100, T0).allowed);
    sw_limit_result r = sw_limiter_admit(l, "e", &tk, 0.1, 1, T0);
    CHECK(!r.allowed);
    CHECK_EQ_STR(r.reason, "tokens per minute");
    sw_limiter_free(l);
}

static void test_longest_wait_reported(void)
{
    sw_limiter *l = new_limiter();
    sw_tier t = tier(1, 0, 100, 0);
    CHECK(sw_limiter_admit(l, "a", &t, 1.0, 100, T0 + SW_MS_PER_HOUR).allowed);
    sw_limiter_settle(l, "a", 100, 100, T0 + SW_MS_PER_HOUR);
    sw_limit_result r = sw_limiter_admit(l, "a", &t, 1.0, 1, T0 + SW_MS_PER_HOUR);
    CHECK(!r.allowed);
    CHECK_EQ_STR(r.reason, "daily tokens"); /* 23 hours beats two minutes */
    CHECK_EQ_INT(r.retry_after_s, 23 * 3600);
    sw_limiter_free(l);
}

static void test_eviction(void)
{
    sw_limiter *l = new_limiter();
    sw_tier t = tier(20, 0, 0, 0);
    char name[32];
    for (int i = 0; i < 1000; i++) {
        snprintf(name, sizeof name, "acct-%d", i);
        burst(l, name, &t, 1.0, 1, T0);
    }
    CHECK(sw_limiter_admit(l, "streaming", &t, 1.0, 0, T0).allowed); /* left in flight */
    CHECK_EQ_INT(sw_limiter_size(l), 1001);
    CHECK_EQ_INT(sw_limiter_evict(l, T0 + 2 * SW_MS_PER_DAY), 0); /* not more than two days yet */
    CHECK_EQ_INT(sw_limiter_evict(l, T0 + 2 * SW_MS_PER_DAY + 1), 1000);
    CHECK_EQ_INT(sw_limiter_size(l), 1);
    sw_limiter_settle(l, "streaming", 0, 0, T0 + 3 * SW_MS_PER_DAY);
    CHECK_EQ_INT(sw_limiter_evict(l, T0 + 4 * SW_MS_PER_DAY), 0);
    CHECK_EQ_INT(sw_limiter_evict(l, T0 + 6 * SW_MS_PER_DAY), 1);

    /* growth sweeps by itself: 20 generations of 5,000 accounts, each two
     * days after the last, never hold much more than two generations */
    size_t most = 0;
    for (int g = 0; g < 20; g++) {
        int64_t now = T0 + 10 * SW_MS_PER_DAY + g * (2 * SW_MS_PER_DAY + 1000);
        for (int i = 0; i < 5000; i++) {
            snprintf(name, sizeof name, "g%d-%d", g, i);
            burst(l, name, &t, 1.0, 1, now);
        }
        size_t n = sw_limiter_size(l);
        most = n > most ? n : most;
    }
    CHECK(most <= 3 * 5000);
    sw_limiter_free(l);
    sw_limiter_free(NULL);
}

/* ---- Threads ----------------------------------------------------------- */

#define N_THREADS 8

typedef struct {
    sw_limiter *l;
    const sw_tier *t;
    int tries;
    int admitted;
    atomic_int *in_flight, *max_in_flight;
    int id;
} worker;

static void *burst_worker(void *arg)
{
    worker *w = arg;
    for (int i = 0; i < w->tries; i++) {
        if (sw_limiter_admit(w->l, "shared", w->t, 1.0, 3, T0 + 1000).allowed) {
            w->admitted++;
            sw_limiter_settle(w->l, "shared", 3, 3, T0 + 1000);
        }
        char own[32];
        snprintf(own, sizeof own, "own-%d-%d", w->id, i % 50);
        sw_limiter_admit(w->l, own, w->t, 1.0, 1, T0 + 1000); /* other stripes, other locks */
        sw_limiter_settle(w->l, own, 1, 1, T0 + 1000);
    }
    return NULL;
}

static void *stream_worker(void *arg)
{
    worker *w = arg;
    for (int i = 0; i < w->tries; i++) {
        if (!sw_limiter_admit(w->l, "streams", w->t, 1.0, 0, T0).allowed)
            continue;
        w->admitted++;
        int now = atomic_fetch_add(w->in_flight, 1) + 1;
        int seen = atomic_load(w->max_in_flight);
        while (now > seen && !atomic_compare_exchange_weak(w->max_in_flight, &seen, now))
            ;
        atomic_fetch_sub(w->in_flight, 1);
        sw_limiter_settle(w->l, "streams", 0, 0, T0);
    }
    return NULL;
}

static int run_workers(void *(*fn)(void *), sw_limiter *l, const sw_tier *t, int tries,
                       atomic_int *in_flight, atomic_int *max_in_flight)
{
    pthread_t th[N_THREADS];
    worker w[N_THREADS];
    for (int i = 0; i < N_THREADS; i++) {
        w[i] = (worker){l, t, tries, 0, in_flight, max_in_flight, i};
        CHECK_EQ_INT(pthread_create(&th[i], NULL, fn, &w[i]), 0);
    }
    int total = 0;
    for (int i = 0; i < N_THREADS; i++) {
        pthread_join(th[i], NULL);
        total += w[i].admitted;
    }
    return total;
}

static void test_threads_exact(void)
{
    sw_limiter *l = new_limiter();
    sw_tier t = tier(1000, 2400, 0, 0);
    /* 8 x 500 tries at one instant against 1,000 requests and 2,400 tokens
     * (800 requests of 3): exactly 800, however the threads interleave */
    CHECK_EQ_INT(run_workers(burst_worker, l, &t, 500, NULL, NULL), 800);
    sw_limiter_free(l);

    l = new_limiter();
    t = tier(0, 0, 0, 4);
    atomic_int in_flight = 0, max_in_flight = 0;
    int total = run_workers(stream_worker, l, &t, 20000, &in_flight, &max_in_flight);
    CHECK(total > 0);
    CHECK(atomic_load(&max_in_flight) <= 4);
    /* everything settled: all four slots are free again */
    for (int i = 0; i < 4; i++)
        CHECK(sw_limiter_admit(l, "streams", &t, 1.0, 0, T0).allowed);
    CHECK(!sw_limiter_admit(l, "streams", &t, 1.0, 0, T0).allowed);
    sw_limiter_free(l);
}

int main(void)
{
    SW_TEST_RUN(test_burst_at_limit);
    SW_TEST_RUN(test_sliding_window);
    SW_TEST_RUN(test_retry_after_is_enough);
    SW_TEST_RUN(test_tokens_estimate_settle);
    SW_TEST_RUN(test_daily_quota);
    SW_TEST_RUN(test_concurrent_streams);
    SW_TEST_RUN(test_throttle_factor);
    SW_TEST_RUN(test_longest_wait_reported);
    SW_TEST_RUN(test_eviction);
    SW_TEST_RUN(test_threads_exact);
    return SW_TEST_END();
}
