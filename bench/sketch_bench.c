/*
 * sketch_bench.c — per-event cost of the detector's sketches.
 *
 * Prints nanoseconds per call of sw_minhash_text on 1 KB prompts, of
 * sw_template_of on the same prompts, and of sw_hll_add / sw_topk_add,
 * beside two references measured in the same run: sw_hash64 over the same
 * bytes (the floor: any per-byte work costs at least a hash) and a classic
 * 32-hash MinHash over the same shingles (what one-permutation hashing
 * saves). Each figure is the median of 7 rounds of at least 0.2 s.
 *
 * Not built by CMake. Build and run from the repository root:
 *
 *   gcc -std=c17 -O2 -D_GNU_SOURCE -Isrc bench/sketch_bench.c src/core/hash.c \
 *       src/detect/minhash.c src/detect/template.c src/detect/hll.c \
 *       src/detect/topk.c -lm -o /tmp/sketch_bench && /tmp/sketch_bench
 */
#include "core/hash.h"
#include "detect/hll.h"
#include "detect/minhash.h"
#include "detect/template.h"
#include "detect/topk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NTEXTS 64
#define TEXT_BYTES 1024
#define ROUNDS 7

static char texts[NTEXTS][TEXT_BYTES + 1];
static volatile uint64_t sink;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* 1 KB prompts in the shape the detector sees: an instruction wrapper, a
 * task with numbers, names and a quoted string, varied per text. */
static void make_texts(void)
{
    static const char *const names[] = {"Alice", "Bob", "Carol", "Dmitri", "Eve", "Farah"};
    static const char *const verbs[] = {"buys", "sells", "trades", "ships", "orders"};
    for (int t = 0; t < NTEXTS; t++) {
        char *s = texts[t];
        size_t len = 0;
        len += (size_t)snprintf(s, TEXT_BYTES + 1,
                                "Solve the following problem carefully and show every "
                                "step of your reasoning before giving the final answer. ");
        for (int k = 0; len < TEXT_BYTES; k++) {
            uint64_t r = sw_mix64((uint64_t)t * 1000 + (uint64_t)k);
            len += (size_t)snprintf(
                s + len, TEXT_BYTES + 1 - len,
                "%s %s %u crates of \"item %u\" at %u.%02u dollars each from %s, who "
                "then gives %u%% of them to a friend in the next town. ",
                names[r % 6], verbs[(r >> 8) % 5], (unsigned)(r >> 16) % 500,
                (unsigned)(r >> 24) % 90, (unsigned)(r >> 32) % 100, (unsigned)(r >> 40) % 100,
                names[(r >> 48) % 6], (unsigned)(r >> 56) % 100);
        }
        s[TEXT_BYTES] = '\0';
    }
}

/* Reference: classic MinHash with 32 independent hash functions (one
 * sw_mix64 per function per shingle), over the same shingle hashes. */
static void minhash_classic(uint32_t v[32], const char *text, size_t n)
{
    uint64_t w[3] = {0, 0, 0};
    size_t words = 0, i = 0;
    for (int k = 0; k < 32; k++)
        v[k] = UINT32_MAX;
    while (i < n) {
        while (i < n && !((text[i] | 0x20) >= 'a' && (text[i] | 0x20) <= 'z') &&
               !(text[i] >= '0' && text[i] <= '9'))
            i++;
        size_t j = i;
        while (j < n && (((text[j] | 0x20) >= 'a' && (text[j] | 0x20) <= 'z') ||
                         (text[j] >= '0' && text[j] <= '9')))
            j++;
        if (j == i)
            break;
        w[0] = w[1];
        w[1] = w[2];
        w[2] = sw_hash64(text + i, j - i, 1);
        i = j;
        if (++words >= 3) {
            uint64_t h = sw_hash64(w, sizeof w, 2);
            for (int k = 0; k < 32; k++) {
                uint32_t x = (uint32_t)sw_mix64(h + (uint64_t)k * 0x9e3779b97f4a7c15ULL);
                if (x < v[k])
                    v[k] = x;
            }
        }
    }
}

typedef void (*bench_fn)(long iters);

static void b_minhash(long iters)
{
    sw_minhash m;
    for (long i = 0; i < iters; i++) {
        const char *t = texts[i % NTEXTS];
        sw_minhash_text(&m, t, TEXT_BYTES);
        sink += m.v[i & 31];
    }
}

static void b_minhash_classic(long iters)
{
    uint32_t v[32];
    for (long i = 0; i < iters; i++) {
        minhash_classic(v, texts[i % NTEXTS], TEXT_BYTES);
        sink += v[i & 31];
    }
}

static void b_template(long iters)
{
    sw_template t;
    char skel[128];
    for (long i = 0; i < iters; i++) {
        sw_template_of(texts[i % NTEXTS], TEXT_BYTES, &t, skel, sizeof skel);
        sink += t.skeleton ^ t.frame;
    }
}

static void b_hash_floor(long iters)
{
    for (long i = 0; i < iters; i++)
        sink += sw_hash64(texts[i % NTEXTS], TEXT_BYTES, 0);
}

static void b_hll_add(long iters)
{
    uint8_t regs[SW_HLL_BYTES(8)];
    sw_hll_init(regs, 8);
    for (long i = 0; i < iters; i++)
        sw_hll_add(regs, 8, sw_mix64((uint64_t)i));
    sink += regs[7];
}

static void b_topk_add(long iters)
{
    sw_topk t;
    sw_topk_init(&t);
    for (long i = 0; i < iters; i++)
        sw_topk_add(&t, sw_mix64((uint64_t)i % 16) % 12);
    sink += sw_topk_total(&t);
}

static void b_lsh(long iters)
{
    sw_lsh *ix = sw_lsh_new(1 << 16);
    if (!ix)
        return;
    uint64_t keys[SW_LSH_BANDS];
    uint32_t others[8];
    for (long i = 0; i < iters; i++) {
        for (int b = 0; b < SW_LSH_BANDS; b++)
            keys[b] = sw_mix64((uint64_t)(i % 100000) * 8 + (uint64_t)b);
        sink += (uint64_t)sw_lsh_insert_query(ix, keys, (uint32_t)i % 5000, others, 8);
    }
    sw_lsh_free(ix);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median ns per call. */
static double measure(bench_fn fn)
{
    long iters = 1000;
    for (;;) { /* calibrate to >= 0.2 s per round */
        double t0 = now();
        fn(iters);
        if (now() - t0 >= 0.2)
            break;
        iters *= 2;
    }
    double r[ROUNDS];
    for (int k = 0; k < ROUNDS; k++) {
        double t0 = now();
        fn(iters);
        r[k] = (now() - t0) * 1e9 / (double)iters;
    }
    qsort(r, ROUNDS, sizeof r[0], cmp_double);
    return r[ROUNDS / 2];
}

int main(void)
{
    make_texts();
    printf("per-event cost, %d-byte prompts (median of %d rounds)\n", TEXT_BYTES, ROUNDS);
    double mh = measure(b_minhash), cl = measure(b_minhash_classic);
    double tp = measure(b_template), fl = measure(b_hash_floor);
    printf("  sw_minhash_text           %8.0f ns  (%.0f texts/s/core)\n", mh, 1e9 / mh);
    printf("    peer: 32-hash MinHash   %8.0f ns\n", cl);
    printf("  sw_template_of            %8.0f ns  (%.0f texts/s/core)\n", tp, 1e9 / tp);
    printf("    floor: sw_hash64 of 1KB %8.0f ns\n", fl);
    printf("  sw_lsh_insert_query       %8.1f ns  (64k slots)\n", measure(b_lsh));
    printf("  sw_hll_add (p=8)          %8.1f ns\n", measure(b_hll_add));
    printf("  sw_topk_add               %8.1f ns\n", measure(b_topk_add));
    return 0;
}
