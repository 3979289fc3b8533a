/* test_topk.c — space-saving heavy hitters: exactness, guarantee, bounds. */
#include "core/hash.h"
#include "detect/topk.h"
#include "sw_test.h"

#include <stdint.h>
#include <stdlib.h>

static void test_empty(void)
{
    sw_topk t;
    memset(&t, 0xff, sizeof t);
    sw_topk_init(&t);
    uint64_t k = 123;
    CHECK_EQ_INT(sw_topk_max(&t, &k), 0);
    CHECK_EQ_INT(k, 0);
    CHECK_EQ_INT(sw_topk_total(&t), 0);
    CHECK_EQ_INT(sw_topk_count(&t, 0), 0);
    CHECK_EQ_INT(sw_topk_max(&t, NULL), 0);
}

/* With at most K distinct keys nothing is ever replaced: counts are exact. */
static void test_exact_when_few_keys(void)
{
    sw_topk t;
    sw_topk_init(&t);
    for (uint64_t k = 1; k <= SW_TOPK_K; k++)
        for (uint64_t r = 0; r < k * 3; r++)
            sw_topk_add(&t, k * 1000);
    for (uint64_t k = 1; k <= SW_TOPK_K; k++)
        CHECK_EQ_INT(sw_topk_count(&t, k * 1000), k * 3);
    uint64_t key;
    CHECK_EQ_INT(sw_topk_max(&t, &key), SW_TOPK_K * 3);
    CHECK_EQ_INT(key, SW_TOPK_K * 1000);
    CHECK_EQ_INT(sw_topk_total(&t), 3 * SW_TOPK_K * (SW_TOPK_K + 1) / 2);
    CHECK_EQ_INT(sw_topk_count(&t, 999), 0);

    /* Key 0 is an ordinary key. */
    sw_topk_init(&t);
    sw_topk_add(&t, 0);
    sw_topk_add(&t, 0);
    sw_topk_add(&t, 5);
    key = 77;
    CHECK_EQ_INT(sw_topk_max(&t, &key), 2);
    CHECK_EQ_INT(key, 0);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Feeds stream[0..n) and checks the space-saving guarantees against exact
 * counts: every held count is an upper bound within N/K of the truth, every
 * key with frequency > N/K is held, the counts sum to N, and max is the
 * largest held count. Returns the number of keys over N/K (so callers can
 * check the stream really had heavy keys). */
static int check_stream(const uint64_t *stream, size_t n)
{
    sw_topk t;
    sw_topk_init(&t);
    for (size_t i = 0; i < n; i++)
        sw_topk_add(&t, stream[i]);
    CHECK_EQ_INT(sw_topk_total(&t), n);

    uint64_t *sorted = malloc(n * sizeof *sorted);
    CHECK(sorted != NULL);
    if (!sorted)
        return 0;
    memcpy(sorted, stream, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, cmp_u64);

    int heavy = 0;
    uint32_t true_max = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && sorted[j] == sorted[i])
            j++;
        uint32_t freq = (uint32_t)(j - i), held = sw_topk_count(&t, sorted[i]);
        if (freq > true_max)
            true_max = freq;
        if ((uint64_t)freq * SW_TOPK_K > n) {
            heavy++;
            CHECK(held >= freq); /* present, never under */
            CHECK((uint64_t)(held - freq) * SW_TOPK_K <= n);
        } else if (held) {
            CHECK(held >= freq);
            CHECK((uint64_t)(held - freq) * SW_TOPK_K <= n);
        }
        i = j;
    }
    free(sorted);

    uint64_t sum = 0;
    uint32_t max_held = 0;
    for (uint32_t i = 0; i < t.used; i++) {
        sum += t.count[i];
        if (t.count[i] > max_held)
            max_held = t.count[i];
    }
    CHECK_EQ_INT(sum, n);
    uint64_t key;
    uint32_t m = sw_topk_max(&t, &key);
    CHECK_EQ_INT(m, max_held);
    CHECK_EQ_INT(sw_topk_count(&t, key), m);
    CHECK(m >= true_max);
    return heavy;
}

/* Heavy keys just over N/K hidden among thousands of one-off keys, in
 * several orders: heavy first, heavy last, interleaved, shuffled. */
static void test_guarantee(void)
{
    enum { N = 8000 };
    static uint64_t s[N];
    const uint32_t heavy_freq = N / SW_TOPK_K + 1; /* just over N/K */
    for (int order = 0; order < 4; order++) {
        size_t i = 0;
        uint64_t noise = 1000000;
        if (order == 1) /* noise first */
            while (i < N - 2 * heavy_freq)
                s[i++] = noise++;
        for (uint32_t r = 0; r < heavy_freq; r++) {
            if (order == 2) { /* interleaved with noise */
                for (int z = 0; z < 5 && i < N - 2 * (heavy_freq - r); z++)
                    s[i++] = noise++;
            }
            s[i++] = 7;
            s[i++] = 8;
        }
        while (i < N)
            s[i++] = noise++;
        if (order == 3) { /* shuffled */
            for (size_t k = N - 1; k > 0; k--) {
                size_t j = (size_t)(sw_mix64(k) % (k + 1));
                uint64_t tmp = s[k];
                s[k] = s[j];
                s[j] = tmp;
            }
        }
        CHECK_EQ_INT(check_stream(s, N), 2);
    }
}

/* Skewed (Zipf-like) streams: the true top key is reported by max. */
static void test_skewed(void)
{
    enum { N = 20000 };
    static uint64_t s[N];
    for (uint64_t seed = 1; seed <= 5; seed++) {
        for (size_t i = 0; i < N; i++) {
            /* rank = floor(1000^(u^2)), u uniform: P(rank 1) = 32%, P(rank 2)
             * = 8%, then a long tail over 1000 ranks. */
            double u = (double)(sw_mix64(seed * N + i) >> 11) / 9007199254740992.0;
            uint64_t rank = (uint64_t)exp(u * u * log(1000.0));
            s[i] = sw_mix64(rank + seed * 1000003);
        }
        CHECK(check_stream(s, N) >= 1);
        sw_topk t;
        sw_topk_init(&t);
        for (size_t i = 0; i < N; i++)
            sw_topk_add(&t, s[i]);
        uint64_t key;
        sw_topk_max(&t, &key);
        CHECK(key == sw_mix64(1 + seed * 1000003)); /* rank 1 is the most frequent */
    }
}

/* Round-robin over K+1 keys, the worst case for replacement: every
 * addition evicts, no key is over N/K, and the counts stay upper bounds. */
static void test_round_robin(void)
{
    enum { N = 9 * 500 };
    static uint64_t s[N];
    for (size_t i = 0; i < N; i++)
        s[i] = i % (SW_TOPK_K + 1);
    CHECK_EQ_INT(check_stream(s, N), 0);
    /* K keys: no replacements, all exact. */
    for (size_t i = 0; i < N; i++)
        s[i] = i % SW_TOPK_K;
    sw_topk t;
    sw_topk_init(&t);
    for (size_t i = 0; i < 8 * 500; i++)
        sw_topk_add(&t, s[i]);
    for (uint64_t k = 0; k < SW_TOPK_K; k++)
        CHECK_EQ_INT(sw_topk_count(&t, k), 500);
}

static void test_saturation(void)
{
    sw_topk t;
    sw_topk_init(&t);
    sw_topk_add(&t, 1);
    t.total = UINT32_MAX;
    t.count[0] = UINT32_MAX;
    sw_topk_add(&t, 1);
    CHECK(sw_topk_total(&t) == UINT32_MAX);
    CHECK(sw_topk_count(&t, 1) == UINT32_MAX);
    uint64_t key;
    CHECK(sw_topk_max(&t, &key) == UINT32_MAX);
    CHECK_EQ_INT(key, 1);
}

int main(void)
{
    SW_TEST_RUN(test_empty);
    SW_TEST_RUN(test_exact_when_few_keys);
    SW_TEST_RUN(test_guarantee);
    SW_TEST_RUN(test_skewed);
    SW_TEST_RUN(test_round_robin);
    SW_TEST_RUN(test_saturation);
    return SW_TEST_END();
}
