/*
 * embed.c — watermark embedding over a vocabulary of logits.
 *
 * Both calls are one pass over the vocabulary, written as straight-line
 * loops of 32-bit integer and float operations so that the compiler turns
 * them into 8- or 16-lane vector code; target_clones builds an AVX-512, an
 * AVX2 and a baseline version and the loader picks one for the machine.
 *
 * sw_wm_bias (KGW) adds delta where unit(seed, t) < gamma * 2^32.
 *
 * sw_wm_sample draws with the Gumbel-max identity: argmax_t l_t + b_t + G_t,
 * with G_t = -ln(-ln u_t) and u_t uniform, is an exact sample of
 * softmax(l + b). For KGW, b is the green bias and u_t comes from the
 * caller's random value; for the Gumbel watermark, b = 0 and u_t is the
 * keyed r_t, so the argmax is Aaronson's argmax r_t^(1/p_t) without ever
 * computing p (no softmax, no exp over the vocabulary).
 *
 * Evaluating two logarithms per entry would cost ~10 ns each, so the pass
 * filters first. A token can beat the best key K found so far only if
 * G_t >= d = K - l_t - b_t. Since -ln u >= 1 - u, that needs 1 - u_t <=
 * e^-d, and 1 - u_t >= 2^(e - 32) where e is the binary exponent of the
 * 32-bit integer behind 1 - u_t, read from its float conversion. So an
 * entry is kept only if d <= (32 - e) ln 2: a convert, a shift and a
 * compare per lane, no logarithm. Kept entries (about 4 e^-d each, a few
 * per call) get the exact key in double precision. The vocabulary goes in
 * blocks of 512 with K updated between blocks, and K starts at the key of
 * the largest logit, so even a flat distribution keeps O(log V) entries.
 */
#include <float.h>
#include <math.h>
#include <string.h>

#include "core/error.h"
#include "core/hash.h"
#include "wm/wm_int.h"

#define BLOCK 512
#define LN2F 0.6931471805599453f
#define FILTER_SLACK 1e-3f

/* How unit values and biases are formed for one call. */
enum mode {
    MODE_PLAIN,       /* no watermark: noise from the caller's random value */
    MODE_KGW,         /* green list from the context seed, noise from random */
    MODE_KGW_SELF,    /* the same with the candidate in the seed's minimum */
    MODE_GUMBEL,      /* keyed r from the context seed */
    MODE_GUMBEL_SELF, /* keyed r with the candidate in the minimum */
};

typedef struct args {
    sw_wm_keys keys;
    uint32_t sa, sb;     /* seed words of the context (non-self modes) */
    uint32_t ctx_min;    /* minimum of tokhash over the window (self modes) */
    uint32_t na, nb;     /* noise words from the caller's random value */
    uint32_t green_below;
    float delta;
} args;

static inline __attribute__((always_inline)) uint32_t self_unit(const args *a, uint32_t t)
{
    uint32_t h = sw_wm_tokhash(&a->keys, t);
    uint32_t m = h < a->ctx_min ? h : a->ctx_min;
    uint32_t sa, sb;
    sw_wm_seed_words(&a->keys, m, &sa, &sb);
    return sw_wm_unit(sa, sb, t);
}

/* The bias and the noise integer of entry t under mode. */
static inline __attribute__((always_inline)) void entry(const args *a, int mode, uint32_t t, float *b,
                                                        uint32_t *x)
{
    switch (mode) {
    case MODE_KGW:
        *b = sw_wm_unit(a->sa, a->sb, t) < a->green_below ? a->delta : 0.0f;
        *x = sw_wm_unit(a->na, a->nb, t);
        break;
    case MODE_KGW_SELF:
        *b = self_unit(a, t) < a->green_below ? a->delta : 0.0f;
        *x = sw_wm_unit(a->na, a->nb, t);
        break;
    case MODE_GUMBEL:
        *b = 0.0f;
        *x = sw_wm_unit(a->sa, a->sb, t);
        break;
    case MODE_GUMBEL_SELF:
        *b = 0.0f;
        *x = self_unit(a, t);
        break;
    default:
        *b = 0.0f;
        *x = sw_wm_unit(a->na, a->nb, t);
        break;
    }
}

/* ---- KGW bias ----------------------------------------------------------- */

__attribute__((target_clones("avx512f", "avx2", "default"))) static void bias_loop(const args *a, float *l,
                                                                                    uint32_t n)
{
    const uint32_t sa = a->sa, sb = a->sb, below = a->green_below;
    const float delta = a->delta;
    for (size_t t = 0; t < n; t++)
        l[t] += sw_wm_unit(sa, sb, (uint32_t)t) < below ? delta : 0.0f;
}

__attribute__((target_clones("avx512f", "avx2", "default"))) static void bias_loop_self(const args *a, float *l,
                                                                                         uint32_t n)
{
    const args c = *a;
    for (size_t t = 0; t < n; t++)
        l[t] += self_unit(&c, (uint32_t)t) < c.green_below ? c.delta : 0.0f;
}

static void fill_args(const sw_wm *wm, args *a)
{
    memset(a, 0, sizeof *a);
    a->keys = wm->keys;
    a->green_below = wm->green_below;
    a->delta = wm->delta;
}

int sw_wm_bias(const sw_wm *wm, const uint32_t *ctx, size_t nctx, float *logits, uint32_t vocab)
{
    if (wm->p.scheme != SW_WM_KGW || vocab == 0)
        return SW_EINVAL;
    uint32_t seed;
    if (!sw_wm_context_seed(wm, ctx, nctx, &seed))
        return SW_OK;
    args a;
    fill_args(wm, &a);
    if (wm->p.self_hash) {
        a.ctx_min = seed;
        bias_loop_self(&a, logits, vocab);
    } else {
        sw_wm_seed_words(&wm->keys, seed, &a.sa, &a.sb);
        bias_loop(&a, logits, vocab);
    }
    return SW_OK;
}

/* ---- Sampling ----------------------------------------------------------- */

static inline uint32_t float_bits(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

/*
 * flags[i] = 1 when entry base+i could have a key above K (see the top of
 * the file); returns whether any flag is set.
 */
static inline __attribute__((always_inline)) int filter_block(const args *a, int mode, const float *l,
                                                              uint32_t base, uint32_t n, float K,
                                                              uint32_t *restrict flags)
{
    const args c = *a;
    uint32_t any = 0;
    for (size_t i = 0; i < n; i++) {
        float b;
        uint32_t x;
        entry(&c, mode, base + (uint32_t)i, &b, &x);
        float d = K - (l[i] + b);
        /* 1 - u >= (2^32 - 1 - x) / 2^32 >= 2^(e - 32), e the exponent of
         * half that integer's float (which may round up by one binade). */
        uint32_t y = ~x >> 1;
        int32_t e = (int32_t)((float_bits((float)(int32_t)y) >> 23) & 0xff) - 127;
        float room = (float)(32 - e) * LN2F + FILTER_SLACK;
        uint32_t keep = d <= room;
        flags[i] = keep;
        any |= keep;
    }
    return any;
}

#define FILTER_CLONE(name, mode)                                                                        \
    __attribute__((target_clones("avx512f", "avx2", "default"))) static int name(                      \
        const args *a, const float *l, uint32_t base, uint32_t n, float K, uint32_t *restrict flags)   \
    {                                                                                                   \
        return filter_block(a, mode, l, base, n, K, flags);                                             \
    }
FILTER_CLONE(filter_plain, MODE_PLAIN)
FILTER_CLONE(filter_kgw, MODE_KGW)
FILTER_CLONE(filter_kgw_self, MODE_KGW_SELF)
FILTER_CLONE(filter_gumbel, MODE_GUMBEL)
FILTER_CLONE(filter_gumbel_self, MODE_GUMBEL_SELF)

/* The exact key l_t + b_t + G(u_t) of one entry, in double precision. */
static double exact_key(const args *a, int mode, const float *logits, uint32_t t)
{
    float b;
    uint32_t x;
    switch (mode) {
    case MODE_KGW:
        entry(a, MODE_KGW, t, &b, &x);
        break;
    case MODE_KGW_SELF:
        entry(a, MODE_KGW_SELF, t, &b, &x);
        break;
    case MODE_GUMBEL:
        entry(a, MODE_GUMBEL, t, &b, &x);
        break;
    case MODE_GUMBEL_SELF:
        entry(a, MODE_GUMBEL_SELF, t, &b, &x);
        break;
    default:
        entry(a, MODE_PLAIN, t, &b, &x);
        break;
    }
    double u = ((double)x + 0.5) * 0x1p-32;
    return (double)logits[t] + (double)b - log(-log(u));
}

/* The largest logit that is not NaN (-FLT_MAX if none). Written with
 * vector types because compilers will not vectorise a float maximum on their
 * own (NaN ordering); two accumulators hide the compare-and-blend latency.
 * A +inf logit wins, as the certain token it stands for. */
typedef float v16f __attribute__((vector_size(64)));
typedef int32_t v16i __attribute__((vector_size(64)));

__attribute__((target_clones("avx512f", "avx2", "default"))) static float max_logit(const float *l, uint32_t n)
{
    v16f a0, a1;
    for (int j = 0; j < 16; j++)
        a0[j] = a1[j] = -FLT_MAX;
    size_t i = 0, end = n & ~(size_t)31;
    for (; i < end; i += 32) {
        v16f v0, v1;
        memcpy(&v0, l + i, sizeof v0);
        memcpy(&v1, l + i + 16, sizeof v1);
        v16i m0 = v0 > a0, m1 = v1 > a1;
        a0 = (v16f)(((v16i)v0 & m0) | ((v16i)a0 & ~m0));
        a1 = (v16f)(((v16i)v1 & m1) | ((v16i)a1 & ~m1));
    }
    float m = -FLT_MAX;
    for (int j = 0; j < 16; j++) {
        m = a0[j] > m ? a0[j] : m;
        m = a1[j] > m ? a1[j] : m;
    }
    for (; i < n; i++)
        m = l[i] > m ? l[i] : m;
    return m;
}

static long argmax_finite(const float *l, uint32_t n)
{
    float m = max_logit(l, n);
    uint32_t i = 0;
    for (; i + 64 <= n; i += 64) { /* a branch-free test per chunk, then the chunk */
        int hit = 0;
        for (uint32_t j = 0; j < 64; j++)
            hit |= l[i + j] == m;
        if (hit)
            break;
    }
    for (; i < n; i++)
        if (l[i] == m)
            return (long)i;
    return -1; /* every logit is -inf or NaN */
}

/*
 * Whether the last `w` tokens of ctx already occurred as a window earlier
 * in ctx. The Gumbel scheme's choice is a function of the context and the
 * logits, so a repeated context with similar logits repeats the choice and
 * a low-entropy generation falls into a loop; as in SynthID's and
 * Kuditipudi et al.'s schemes, a repeated context is left unwatermarked
 * and sampled with the caller's randomness. A linear scan: contexts are
 * thousands of tokens, and the first comparison rejects almost every
 * position.
 */
static bool context_repeats(const uint32_t *ctx, size_t n, unsigned w)
{
    if (n <= w)
        return false;
    const uint32_t last = ctx[n - 1];
    for (size_t j = w - 1; j + 1 < n; j++)
        if (ctx[j] == last && !memcmp(ctx + j + 1 - w, ctx + n - w, w * sizeof *ctx))
            return true;
    return false;
}

int sw_wm_sample(const sw_wm *wm, const uint32_t *ctx, size_t nctx, const float *logits, uint32_t vocab,
                 uint64_t random, uint32_t *token)
{
    if (vocab == 0)
        return SW_EINVAL;
    long t0 = argmax_finite(logits, vocab);
    if (t0 < 0)
        return SW_EINVAL;
    args a;
    fill_args(wm, &a);
    uint64_t r = sw_mix64(random ^ 0x5741544552u);
    a.na = (uint32_t)r;
    a.nb = (uint32_t)(r >> 32);
    int mode = MODE_PLAIN;
    uint32_t seed;
    bool kgw = wm->p.scheme == SW_WM_KGW;
    if (sw_wm_context_seed(wm, ctx, nctx, &seed) && (kgw || !context_repeats(ctx, nctx, wm->p.window))) {
        if (wm->p.self_hash) {
            a.ctx_min = seed;
            mode = kgw ? MODE_KGW_SELF : MODE_GUMBEL_SELF;
        } else {
            sw_wm_seed_words(&wm->keys, seed, &a.sa, &a.sb);
            mode = kgw ? MODE_KGW : MODE_GUMBEL;
        }
    }
    int (*filter)(const args *, const float *, uint32_t, uint32_t, float, uint32_t *restrict) =
        mode == MODE_KGW ? filter_kgw
        : mode == MODE_KGW_SELF ? filter_kgw_self
        : mode == MODE_GUMBEL ? filter_gumbel
        : mode == MODE_GUMBEL_SELF ? filter_gumbel_self
                                   : filter_plain;

    uint32_t best = (uint32_t)t0;
    double K = exact_key(&a, mode, logits, best);
    uint32_t flags[BLOCK];
    for (uint32_t base = 0; base < vocab; base += BLOCK) {
        uint32_t n = vocab - base < BLOCK ? vocab - base : BLOCK;
        /* The float threshold rounds K down a little so the filter errs
         * towards keeping; the exact comparison below decides. */
        if (!filter(&a, logits + base, base, n, (float)K, flags))
            continue;
        for (uint32_t i = 0; i < n; i++) {
            if (!flags[i] || base + i == best)
                continue;
            double k = exact_key(&a, mode, logits, base + i);
            if (k > K) {
                K = k;
                best = base + i;
            }
        }
    }
    *token = best;
    return SW_OK;
}
