/*
 * wm_bench.c — bench/wm: the watermark's cost on one core.
 *
 *   detector   tokens scored per second (token ids in, tallies out), in
 *              documents of 1,000 tokens with repeats counted once per
 *              document, for each scheme and context; beside it, the
 *              same walk without the tuple set.
 *   tokeniser  bytes and tokens per second of the word tokenizer on the
 *              licence texts (reported separately: a detector is fed ids).
 *   embedding  microseconds per generated token at vocabularies of 32k,
 *              128k and 200k: KGW bias, KGW sampling, Gumbel sampling;
 *              beside them the floor every server pays anyway, a plain
 *              softmax sample (max, exp and sum, inverse CDF) of the same
 *              logits, measured in the same run.
 *
 *   bench/wm_bench [--quick]    (bench/wm.sh pins it to one core)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wm/vocab.h"
#include "wm/wm.h"

static const uint8_t SECRET[32] = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2, 3, 4, 5, 6,
                                   7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22};

static uint64_t rng = 12345;
static uint64_t rnd(void)
{
    uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static sw_wm *make(sw_wm_scheme s, unsigned window, bool self)
{
    sw_wm_params p;
    sw_wm_params_default(&p, s);
    p.window = window;
    p.self_hash = self;
    sw_wm *wm = NULL;
    char err[128];
    if (sw_wm_new(&wm, SECRET, sizeof SECRET, &p, err, sizeof err) != 0) {
        fprintf(stderr, "wm_bench: %s\n", err);
        exit(1);
    }
    return wm;
}

/* Zipf-like token ids over a 100k vocabulary, as text has them. */
static void fill_tokens(uint32_t *ids, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        double u = ((double)(rnd() >> 11) + 0.5) * 0x1p-53;
        ids[i] = (uint32_t)(pow(100000.0, u)) - 1;
    }
}

static volatile uint64_t sink;

static void bench_detector(size_t total)
{
    const size_t DOC = 1000;
    uint32_t *ids = malloc(total * sizeof *ids);
    fill_tokens(ids, total);
    struct {
        const char *name;
        sw_wm_scheme s;
        unsigned w;
        bool self;
    } cases[] = {{"kgw prev", SW_WM_KGW, 1, false},
                 {"kgw window:4 self-hash", SW_WM_KGW, 4, true},
                 {"gumbel prev", SW_WM_GUMBEL, 1, false}};
    printf("detector: %zu token ids (Zipf over 100k), documents of %zu, one core\n", total, DOC);
    printf("  %-26s %16s %16s\n", "scheme", "tokens/s dedup", "tokens/s no set");
    for (size_t c = 0; c < 3; c++) {
        sw_wm *wm = make(cases[c].s, cases[c].w, cases[c].self);
        sw_wm_seen *seen;
        sw_wm_seen_new(&seen);
        double rate[2];
        for (int mode = 0; mode < 2; mode++) {
            sw_wm_tally t = {0};
            double t0 = now_s();
            for (size_t off = 0; off < total; off += DOC) {
                if (!mode)
                    sw_wm_seen_clear(seen);
                sw_wm_score(wm, ids + off, total - off < DOC ? total - off : DOC, mode ? NULL : seen, &t);
            }
            rate[mode] = (double)total / (now_s() - t0);
            sink += t.green + (uint64_t)t.score;
        }
        printf("  %-26s %16.0f %16.0f\n", cases[c].name, rate[0], rate[1]);
        sw_wm_seen_free(seen);
        sw_wm_free(wm);
    }
    free(ids);
}

static void bench_tokenizer(void)
{
    FILE *f = fopen("/usr/share/common-licenses/GPL-3", "rb");
    if (!f)
        return;
    static char text[1 << 16];
    size_t n = fread(text, 1, sizeof text, f);
    fclose(f);
    sw_wm_vocab *v;
    sw_wm_vocab_new(&v);
    const char *p = text;
    char w[SW_WM_WORD_MAX + 1];
    uint32_t id;
    while (sw_wm_word_next(&p, text + n, w))
        sw_wm_vocab_add(v, w, &id);
    size_t tokens = 0;
    int reps = 200;
    double t0 = now_s();
    for (int r = 0; r < reps; r++) {
        uint32_t *ids;
        size_t k;
        sw_wm_vocab_encode(v, text, n, &ids, &k);
        tokens += k;
        free(ids);
    }
    double dt = now_s() - t0;
    printf("tokeniser (words:, GPL-3 text, %zu bytes x %d): %.0f MB/s, %.0f tokens/s\n", n, reps,
           (double)n * reps / dt / 1e6, (double)tokens / dt);
    sw_wm_vocab_free(v);
}

/* The floor: an ordinary softmax sample of the logits. */
static uint32_t plain_sample(const float *l, uint32_t v, float *scratch, uint64_t random)
{
    float m = l[0];
    for (uint32_t i = 1; i < v; i++)
        m = l[i] > m ? l[i] : m;
    double z = 0;
    for (uint32_t i = 0; i < v; i++)
        z += scratch[i] = expf(l[i] - m);
    double u = (double)(random >> 11) * 0x1p-53 * z, c = 0;
    for (uint32_t i = 0; i < v; i++)
        if ((c += scratch[i]) > u)
            return i;
    return v - 1;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

enum { OP_PLAIN, OP_BIAS, OP_BIAS_SELF, OP_KGW_SAMPLE, OP_GUMBEL_SAMPLE, OP_GUMBEL_SELF, NOPS };

static void bench_embedding(int calls)
{
    const uint32_t sizes[] = {32000, 128000, 200000};
    const char *names[NOPS] = {"plain softmax sample (floor)", "kgw bias (prev)", "kgw bias (window:4 self-hash)",
                               "kgw sample (prev)", "gumbel sample (prev)", "gumbel sample (window:4 self)"};
    sw_wm *kgw = make(SW_WM_KGW, 1, false), *kgw_self = make(SW_WM_KGW, 4, true);
    sw_wm *gum = make(SW_WM_GUMBEL, 1, false), *gum_self = make(SW_WM_GUMBEL, 4, true);
    printf("embedding: median microseconds per generated token (%d calls, logits ~ N(0, 3^2) plus a few\n"
           "  peaks, a new context each call), one core\n", calls);
    printf("  %-32s %10s %10s %10s\n", "operation", "V=32k", "V=128k", "V=200k");
    double med[NOPS][3];
    for (int s = 0; s < 3; s++) {
        uint32_t v = sizes[s];
        float *logits = malloc(v * sizeof *logits), *work = malloc(v * sizeof *work);
        for (uint32_t i = 0; i < v; i++) {
            double u1 = ((double)(rnd() >> 11) + 0.5) * 0x1p-53, u2 = (double)(rnd() >> 11) * 0x1p-53;
            logits[i] = (float)(3 * sqrt(-2 * log(u1)) * cos(2 * M_PI * u2));
        }
        for (int k = 0; k < 20; k++)
            logits[rnd() % v] += 12;
        double *t = malloc((size_t)calls * sizeof *t);
        for (int op = 0; op < NOPS; op++) {
            for (int c = 0; c < calls; c++) {
                uint32_t ctx[8];
                for (int i = 0; i < 8; i++)
                    ctx[i] = (uint32_t)(rnd() % v);
                uint32_t tok = 0;
                uint64_t r = rnd();
                if (op == OP_BIAS || op == OP_BIAS_SELF)
                    memcpy(work, logits, v * sizeof *work); /* outside the timing */
                double t0 = now_s();
                switch (op) {
                case OP_PLAIN:
                    tok = plain_sample(logits, v, work, r);
                    break;
                case OP_BIAS:
                    sw_wm_bias(kgw, ctx, 8, work, v);
                    break;
                case OP_BIAS_SELF:
                    sw_wm_bias(kgw_self, ctx, 8, work, v);
                    break;
                case OP_KGW_SAMPLE:
                    sw_wm_sample(kgw, ctx, 8, logits, v, r, &tok);
                    break;
                case OP_GUMBEL_SAMPLE:
                    sw_wm_sample(gum, ctx, 8, logits, v, r, &tok);
                    break;
                default:
                    sw_wm_sample(gum_self, ctx, 8, logits, v, r, &tok);
                    break;
                }
                t[c] = (now_s() - t0) * 1e6;
                sink += tok;
            }
            qsort(t, (size_t)calls, sizeof *t, cmp_double);
            med[op][s] = t[calls / 2];
        }
        free(t);
        free(logits);
        free(work);
    }
    for (int op = 0; op < NOPS; op++)
        printf("  %-32s %10.1f %10.1f %10.1f\n", names[op], med[op][0], med[op][1], med[op][2]);
    sw_wm_free(kgw);
    sw_wm_free(kgw_self);
    sw_wm_free(gum);
    sw_wm_free(gum_self);
}

int main(int argc, char **argv)
{
    int quick = argc > 1 && !strcmp(argv[1], "--quick");
    bench_detector(quick ? 2000000 : 50000000);
    bench_tokenizer();
    bench_embedding(quick ? 50 : 1000);
    return 0;
}
