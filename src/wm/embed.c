/*
 * embed.c — watermark embedding over a vocabulary of logits.
 *
 * Both calls are passes over the vocabulary written as loops of 32-bit
 * integer and float operations over arrays, which the compiler turns into
 * 8- or 16-lane vector code; target_clones builds an AVX-512, an AVX2 and a
 * baseline version and the loader picks one for the machine.
 *
 * sw_wm_bias (KGW) adds delta where unit(seed, t) < gamma * 2^32.
 *
 * sw_wm_sample draws with the Gumbel-max identity: argmax_t l_t + b_t + G_t,
 * with G_t = -ln(-ln u_t) and u_t uniform, is an exact sample of
 * softmax(l + b). For KGW, b is the green bias and u_t comes from the
 * caller's random value; for the Gumbel watermark, b = 0 and u_t is the
 * keyed r_t, so the argmax is Aaronson's argmax r_t^(1/p_t) without ever
 * computing p (no softmax, no exp over the vocabulary). u_t is
 * (x_t + 1/2) / 2^32 for the entry's 32-bit noise integer x_t = unit().
 *
 * The answer is defined by the plain computation: t0, the first entry
 * holding the largest logit that is not NaN (none: SW_EINVAL; +inf: t0 is
 * the answer); then the entry with the largest key l + b - ln(-ln u) in
 * double precision, t0 first among equal keys and then the lowest index.
 * Two logarithms per entry would cost ~10 ns each, 2 ms at 200k entries, so
 * the search proves almost every entry unable to win without them; every
 * test errs towards keeping, the exact keys decide, and the answer is the
 * plain one bit for bit (tests/unit/test_wm.c checks it against the plain
 * loop). The tests, from coarse to exact:
 *
 *  - An entry can reach the best key K only if G_t >= d = K - l_t - b_t.
 *    Since -ln u >= 1 - u, G_t <= -ln(1 - u_t), so that needs
 *    1 - u_t <= e^-d: x_t at least a threshold that rises with d. No noise
 *    reaches 33 ln 2 (22.9), so a block whose largest logit is further than
 *    that below K - delta cannot win and is skipped unhashed (top-k or
 *    top-p masking leaves most of a vocabulary so).
 *  - Two passes over each chunk of up to 131,072 entries. The first only
 *    reads the logits: per block of 512 entries, the maximum of each of its
 *    16 lanes (entries 16k + j), and t0, whose exact key is the first K;
 *    with the largest logit's key to beat, almost every entry is far from
 *    winning. The second never reads a logit: per block, each lane's
 *    threshold from K - delta and its maximum (float arithmetic with its
 *    rounding covered, 2^z read from an exponent's bits), then the noise of
 *    every entry against its lane's threshold, kept as each lane's largest.
 *    For KGW the bound takes the largest bias, delta, so only the noise is
 *    hashed per entry: the green test waits for the few that pass.
 *  - The noise is compared short of unit()'s last step, x ^= x >> 15, which
 *    leaves the top 15 bits as they are: against the threshold cut to those
 *    bits, every entry the full comparison would pass passes (and one in
 *    2^15 more). That is ten vector operations per 16 entries, three of them
 *    multiplies, the floor of the pass.
 *  - The entries that pass (tens to a few hundred a call at 200k, mostly the
 *    lanes of the highest logits) get the bound again with their own logit
 *    and bias, from the exponent and mantissa bits of 1 - u as a double,
 *    and the exact key if they can still reach K, which then rises.
 *
 * At 200k entries on one core (AVX-512), reading the logits costs ~8 us and
 * hashing ~13 us; the AVX2 clone takes two to three times as long. With
 * self-hash every entry needs its own token hash and seed words as well:
 * four mixing rounds instead of one.
 *
 * Measured and left out: one fused pass (lane maxima then noise, block by
 * block) starts from a weak K, passes four times as many entries and was
 * slower even with prefetching; visiting the blocks of the highest logits
 * first gained nothing once K starts at t0's key; generic 64-byte vector
 * types instead of arrays were as fast with AVX-512 but GCC turned them
 * into slow code for AVX2.
 */
#include <float.h>
#include <math.h>
#include <string.h>

#include "core/error.h"
#include "core/hash.h"
#include "wm/wm_int.h"

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

#define LANES 16                /* entries per vector */
#define NV 32                   /* vectors per block */
#define BLOCK (LANES * NV)      /* 512 entries */
#define CHUNK_BLOCKS 256        /* blocks whose lane maxima are held at once (17 KiB of stack) */
#define CHUNK ((uint32_t)(BLOCK * CHUNK_BLOCKS))
#define LN2 0.6931471805599453
#define DEAD_GAP (33 * LN2 + 1e-3) /* G(u) < 33 ln 2 for every 32-bit noise integer */
#define LOG2E_DOWN 0x1.715476p+0f  /* log2(e) rounded down to a float */
#define Z_SLACK 0x1p-12f           /* covers the float rounding of the lane thresholds */
#define TOP15 0xfffe0000u          /* the bits that unit()'s last step leaves as they are */

typedef float v16f __attribute__((vector_size(64)));
typedef int32_t v16i __attribute__((vector_size(64)));

/* The vector helpers take and give vectors through pointers: a 64-byte
 * vector passed by value would change the calling convention between the
 * clones (and compilers warn, or refuse). */
static inline __attribute__((always_inline)) void splatf(v16f *v, float f)
{
    for (int j = 0; j < LANES; j++)
        (*v)[j] = f;
}

/* *d = m ? a : b, lane by lane (C has no vector ?:). */
static inline __attribute__((always_inline)) void blendf(v16f *d, const v16i *m, const v16f *a, const v16f *b)
{
    *d = (v16f)(((v16i)*a & *m) | ((v16i)*b & ~*m));
}

/* One search: the best key so far and what the filter derives from it. */
typedef struct search {
    const args *a;
    int mode;
    const float *logits;
    double K;      /* the largest exact key found so far (-inf before t0) */
    uint32_t best; /* its entry, the lowest index among equal keys */
    double bias;   /* the largest bias an entry can have: delta for KGW, else 0 */
    float kb;      /* a float below K - bias by a margin (see float_below) */
} search;

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

/* A float at most v less a margin far above the rounding error of an exact
 * key (2^-52 of its size), so that a test against it never drops an entry
 * whose key rounds to v or above; -inf below the float range. */
static float float_below(double v)
{
    v -= (fabs(v) + 1) * 0x1p-32;
    if (!(v >= -FLT_MAX))
        return -INFINITY;
    if (v > FLT_MAX)
        return FLT_MAX;
    float f = (float)v;
    if ((double)f > v)
        f = nextafterf(f, -INFINITY);
    return f;
}

/* Entry t with key k joins the search: the largest key wins, and of equal
 * keys the lowest index (sw_wm_sample gives t0 its precedence at the end). */
static void take(search *s, uint32_t t, double k)
{
    if (k > s->K || (k == s->K && t < s->best)) {
        s->K = k;
        s->best = t;
        s->kb = float_below(k - s->bias);
    }
}

/* An entry whose noise integer x passed its lane's threshold: the bound
 * again with its own logit (first with the largest bias, then, for KGW, its
 * own), and the exact key only if it can still reach K. */
static void consider(search *s, uint32_t t, uint32_t x)
{
    if (t == s->best)
        return;
    float l = s->logits[t];
    if (!(l >= -FLT_MAX)) /* -inf or NaN: never chosen */
        return;
    /* G(u) <= -ln(1 - u) = (32 - log2(y + 1/2)) ln 2 with y = 2^32 - 1 - x, and
     * the log2 of a positive double is at least its exponent plus its
     * mantissa's fraction, which its bits read as a number give. */
    double yd = (double)~x + 0.5;
    uint64_t bits;
    memcpy(&bits, &yd, sizeof bits);
    double reach = (double)l + (32 - ((double)bits * 0x1p-52 - 1023)) * LN2;
    double need = s->K - 1e-9 * (1 + fabs(s->K)); /* far above the keys' rounding */
    if (reach + s->bias < need)
        return;
    float b = 0.0f;
    if (s->mode == MODE_KGW)
        b = sw_wm_unit(s->a->sa, s->a->sb, t) < s->a->green_below ? s->a->delta : 0.0f;
    else if (s->mode == MODE_KGW_SELF)
        b = self_unit(s->a, t) < s->a->green_below ? s->a->delta : 0.0f;
    if (reach + (double)b < need)
        return;
    double u = ((double)x + 0.5) * 0x1p-32;
    take(s, t, (double)l + (double)b - log(-log(u))); /* exact_key()'s expression */
}

/* The entries of a block that passed: bit k of bits[j] stands for entry
 * base + LANES*k + j, whose unit() short of its last step is ys[LANES*k + j]. */
static __attribute__((noinline)) void block_hits(search *s, const uint32_t bits[LANES], const uint32_t ys[BLOCK],
                                                 uint32_t base, uint32_t valid)
{
    for (uint32_t j = 0; j < LANES; j++)
        for (uint32_t m = bits[j]; m; m &= m - 1) {
            uint32_t k = (uint32_t)__builtin_ctz(m), y = ys[k * LANES + j];
            if (k * LANES + j < valid)
                consider(s, base + k * LANES + j, y ^ (y >> 15));
        }
}

/*
 * The lane maxima of one block of logits: eight independent maxima (a
 * single chain would wait on its own latency), then a tree. `v > a ? v : a`
 * keeps a when v is NaN, the rule of the vector max instructions too, so
 * compilers may use them: GCC does for loops over float arrays, clang for
 * blends of vector types (and makes slow gathers of the loops), hence two
 * spellings of one computation.
 */
static inline __attribute__((always_inline)) void block_max(const float *p, float out[LANES])
{
#if defined(__clang__)
    v16f acc[8];
    for (int i = 0; i < 8; i++)
        splatf(&acc[i], -INFINITY);
    for (int k = 0; k < NV; k += 8)
        for (int i = 0; i < 8; i++) {
            v16f v;
            memcpy(&v, p + (k + i) * LANES, sizeof v);
            v16i up = v > acc[i];
            blendf(&acc[i], &up, &v, &acc[i]);
        }
    for (int w = 4; w > 0; w /= 2)
        for (int i = 0; i < w; i++) {
            v16i up = acc[i + w] > acc[i];
            blendf(&acc[i], &up, &acc[i + w], &acc[i]);
        }
    memcpy(out, &acc[0], sizeof acc[0]);
#else
    float acc[8][LANES];
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < LANES; j++)
            acc[i][j] = -INFINITY;
    for (int k = 0; k < NV; k += 8)
        for (int i = 0; i < 8; i++)
            for (int j = 0; j < LANES; j++) {
                float v = p[(k + i) * LANES + j];
                acc[i][j] = v > acc[i][j] ? v : acc[i][j];
            }
    for (int w = 4; w > 0; w /= 2)
        for (int i = 0; i < w; i++)
            for (int j = 0; j < LANES; j++)
                acc[i][j] = acc[i + w][j] > acc[i][j] ? acc[i + w][j] : acc[i][j];
    memcpy(out, acc[0], sizeof acc[0]);
#endif
}

/*
 * The first pass over a chunk of n logits: mv[b][j] is the largest logit
 * that is not NaN among entries b*BLOCK + LANES*k + j (-inf if none), bm[b]
 * the largest of the block. Returns the first entry holding the chunk's
 * largest logit, and that logit in *max; -1 when all are -inf or NaN.
 */
__attribute__((target_clones("avx512f", "avx2", "default"))) static int64_t
lane_maxima(const float *l, uint32_t n, float (*restrict mv)[LANES], float *restrict bm, float *max)
{
    const uint32_t nb = (n + BLOCK - 1) / BLOCK;
    float top = -INFINITY, pad[BLOCK];
    uint32_t tb = 0;
    for (uint32_t b = 0; b < nb; b++) {
        const float *p = l + (size_t)b * BLOCK;
        if (n - b * BLOCK < BLOCK) { /* the tail, padded with -inf */
            memcpy(pad, p, (n - b * BLOCK) * sizeof *pad);
            for (uint32_t i = n - b * BLOCK; i < BLOCK; i++)
                pad[i] = -INFINITY;
            p = pad;
        }
        block_max(p, mv[b]);
        float m = -INFINITY;
        for (int j = 0; j < LANES; j++)
            m = mv[b][j] > m ? mv[b][j] : m;
        bm[b] = m;
        if (m > top) {
            top = m;
            tb = b;
        }
    }
    *max = top;
    if (top == -INFINITY)
        return -1;
    size_t i = (size_t)tb * BLOCK;
    while (l[i] != top)
        i++;
    return (int64_t)i;
}

/*
 * The lane thresholds of a block whose lane maxima are m: an entry of lane j
 * can reach K only if unit() short of its last step is at least X[j]. With
 * d = K - bias - m[j], that needs y = 2^32 - 1 - unit() <= 2^32 e^-d - 1/2,
 * so X[j] = ~Y & TOP15 for any integer Y >= 2^z, z = 32 - d log2(e). z comes
 * from float operations, Z_SLACK covering their rounding (kb <= K - bias
 * already), and 2^z from the bit pattern of (z + 127) 2^23 rounded up, read
 * as a float: 2^k (1 + f) >= 2^(k + f). Lanes with z >= 30 take every entry.
 */
static inline __attribute__((always_inline)) void thresholds(const float m[LANES], float kb, uint32_t X[LANES])
{
    for (int j = 0; j < LANES; j++) {
        float mj = m[j] > -FLT_MAX ? m[j] : -FLT_MAX; /* -inf as -FLT_MAX: no inf - inf */
        float z = (kb - mj) * -LOG2E_DOWN + (32 + Z_SLACK);
        uint32_t all = z >= 30 ? UINT32_MAX : 0;
        z = z > -100 ? z : -100;
        z = z < 30 ? z : 30;
        /* truncation moves z 2^23 towards 0; the + 1 makes up for it above 0 */
        int32_t e = (int32_t)(z * 0x1p23f) + ((127 << 23) + 1);
        float y;
        memcpy(&y, &e, sizeof y);
        X[j] = ~((uint32_t)(int32_t)y | all) & TOP15; /* y < 2^31 */
    }
}

/* self_unit() short of unit()'s last step, from tg = t * SW_WM_GOLDEN32. */
static inline __attribute__((always_inline)) uint32_t self_unit_pre(const args *c, uint32_t tg)
{
    uint32_t h = sw_wm_tokhash_g(&c->keys, tg);
    uint32_t m = h < c->ctx_min ? h : c->ctx_min;
    uint32_t sa, sb;
    sw_wm_seed_words(&c->keys, m, &sa, &sb);
    return sw_wm_unit_pre(tg + sa, sb);
}

/*
 * The second pass over a chunk of n entries from base: per block that can
 * hold a winner, the lane thresholds from the current K, then the noise of
 * every entry into ys and each lane's largest; when some lane reaches its
 * threshold (rarely), which entries did, one bit per vector in each lane.
 * Loops over arrays, which compilers vectorise to the width of the clone.
 */
static inline __attribute__((always_inline)) void scan_blocks(search *s, int self, uint32_t sa, uint32_t sb,
                                                              const float (*mv)[LANES], const float *bm,
                                                              uint32_t base, uint32_t n)
{
    const args c = *s->a;
    const uint32_t nb = (n + BLOCK - 1) / BLOCK;
    uint32_t ys[BLOCK], steps[BLOCK]; /* i * SW_WM_GOLDEN32: the offsets of a block's w */
    for (uint32_t i = 0; i < BLOCK; i++)
        steps[i] = i * SW_WM_GOLDEN32;
    for (uint32_t b = 0; b < nb; b++) {
        if (!((double)s->kb - (double)bm[b] <= DEAD_GAP)) /* (NaN while K is -inf: nothing to beat yet) */
            continue;
        uint32_t X[LANES];
        thresholds(mv[b], s->kb, X);
        const uint32_t b0 = base + b * BLOCK;
        const uint32_t w0 = b0 * SW_WM_GOLDEN32 + sa;
        for (uint32_t i = 0; i < BLOCK; i++)
            ys[i] = self ? self_unit_pre(&c, w0 + steps[i]) : sw_wm_unit_pre(w0 + steps[i], sb);
        /* four maxima, then a tree */
        uint32_t mx[4][LANES] = {{0}};
        for (uint32_t k = 0; k < NV; k += 4)
            for (uint32_t i = 0; i < 4; i++)
                for (uint32_t j = 0; j < LANES; j++) {
                    uint32_t y = ys[(k + i) * LANES + j];
                    mx[i][j] = y > mx[i][j] ? y : mx[i][j];
                }
        uint32_t hit[LANES];
        for (uint32_t j = 0; j < LANES; j++) {
            uint32_t m01 = mx[0][j] > mx[1][j] ? mx[0][j] : mx[1][j];
            uint32_t m23 = mx[2][j] > mx[3][j] ? mx[2][j] : mx[3][j];
            hit[j] = (m01 > m23 ? m01 : m23) >= X[j] ? UINT32_MAX : 0;
        }
        uint64_t h64[LANES / 2];
        memcpy(h64, hit, sizeof h64);
        uint64_t any = 0;
        for (uint32_t j = 0; j < LANES / 2; j++)
            any |= h64[j];
        if (any) {
            uint32_t bits[LANES] = {0};
            for (uint32_t k = 0; k < NV; k++)
                for (uint32_t j = 0; j < LANES; j++)
                    bits[j] |= (uint32_t)(ys[k * LANES + j] >= X[j]) << k;
            block_hits(s, bits, ys, b0, n - b * BLOCK);
        }
    }
}

__attribute__((target_clones("avx512f", "avx2", "default"))) static void
scan_unit(search *s, uint32_t sa, uint32_t sb, const float (*mv)[LANES], const float *bm, uint32_t base, uint32_t n)
{
    scan_blocks(s, 0, sa, sb, mv, bm, base, n);
}

__attribute__((target_clones("avx512f", "avx2", "default"))) static void
scan_self(search *s, const float (*mv)[LANES], const float *bm, uint32_t base, uint32_t n)
{
    scan_blocks(s, 1, 0, 0, mv, bm, base, n);
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
    search s = {.a = &a, .mode = mode, .logits = logits, .K = -INFINITY, .best = UINT32_MAX, .kb = -INFINITY,
                .bias = mode == MODE_KGW || mode == MODE_KGW_SELF ? (double)a.delta : 0.0};
    /* the words of the noise the second pass hashes: keyed for Gumbel, the
     * caller's otherwise (KGW's green test waits for the few that pass) */
    const uint32_t sa = mode == MODE_GUMBEL ? a.sa : a.na, sb = mode == MODE_GUMBEL ? a.sb : a.nb;
    float mv[CHUNK_BLOCKS][LANES];
    float bm[CHUNK_BLOCKS];
    int64_t t0 = -1; /* the first entry holding the largest logit so far */
    float top = 0;
    double k0 = 0; /* its key */
    for (uint64_t base = 0; base < vocab; base += CHUNK) {
        uint32_t n = vocab - base < CHUNK ? (uint32_t)(vocab - base) : CHUNK;
        float cmax;
        int64_t c0 = lane_maxima(logits + base, n, mv, bm, &cmax);
        if (c0 >= 0 && (t0 < 0 || cmax > top)) {
            top = cmax;
            t0 = (int64_t)base + c0;
            if (cmax == INFINITY) { /* the first +inf: no key can pass it */
                *token = (uint32_t)t0;
                return SW_OK;
            }
            k0 = exact_key(&a, mode, logits, (uint32_t)t0);
            take(&s, (uint32_t)t0, k0);
        }
        if (t0 < 0) /* all -inf or NaN so far */
            continue;
        if (mode == MODE_GUMBEL_SELF)
            scan_self(&s, (const float(*)[LANES])mv, bm, (uint32_t)base, n);
        else
            scan_unit(&s, sa, sb, (const float(*)[LANES])mv, bm, (uint32_t)base, n);
    }
    if (t0 < 0)
        return SW_EINVAL; /* every logit is -inf or NaN */
    /* t0 first among equal keys, then the lowest index: the order of a
     * sequential scan that starts from t0 */
    *token = s.K == k0 ? (uint32_t)t0 : s.best;
    return SW_OK;
}
