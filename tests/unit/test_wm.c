/*
 * test_wm.c — the watermark module against independent references: exact
 * tails against direct sums, the vectorised embedding against a plain loop
 * over the same keyed functions, the pruned sampler against a brute-force
 * argmax, sampled frequencies against softmax, and the detector's counting
 * of repeated tuples.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/error.h"
#include "core/hash.h"
#include "sw_test.h"
#include "wm/seen.h"
#include "wm/stats.h"
#include "wm/vocab.h"
#include "wm/wm.h"
#include "wm/wm_int.h"

static const uint8_t SECRET[32] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                                   17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32};

static uint64_t rng_state = 42;
static uint64_t rnd(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
static double rnd01(void)
{
    return (double)(rnd() >> 11) * 0x1p-53;
}

static sw_wm *make(sw_wm_scheme s, unsigned window, bool self, double gamma, double delta)
{
    sw_wm_params p;
    sw_wm_params_default(&p, s);
    p.window = window;
    p.self_hash = self;
    p.gamma = gamma;
    p.delta = delta;
    sw_wm *wm = NULL;
    char err[128];
    CHECK_EQ_INT(sw_wm_new(&wm, SECRET, sizeof SECRET, &p, err, sizeof err), SW_OK);
    return wm;
}

/* ---- exact tails --------------------------------------------------------- */

static double ln_choose(double n, double k)
{
    return lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1);
}

static void test_binomial_tail(void)
{
    const double ps[] = {0.1, 0.25, 0.5, 0.9};
    const uint64_t ns[] = {1, 7, 50, 200, 1000};
    for (size_t a = 0; a < 4; a++)
        for (size_t b = 0; b < 5; b++) {
            uint64_t n = ns[b];
            double p = ps[a];
            for (uint64_t k = 0; k <= n; k += 1 + n / 37) {
                /* direct sum of the pmf, in log space (log-sum-exp) */
                double top = -INFINITY, sum = 0;
                for (uint64_t j = k; j <= n; j++) {
                    double t = ln_choose((double)n, (double)j) + (double)j * log(p) + (double)(n - j) * log1p(-p);
                    if (t > top) {
                        sum = sum * exp(top - t) + 1;
                        top = t;
                    } else {
                        sum += exp(t - top);
                    }
                }
                double ref = top + log(sum), got = sw_wm_binom_ln_sf(k, n, p);
                CHECK_NEAR(got, ref, 1e-9 * fmax(1, fabs(ref)));
            }
        }
    /* far tails stay finite in log space: 1000 green of 1000 at 1/4 */
    CHECK_NEAR(sw_wm_binom_ln_sf(1000, 1000, 0.25), 1000 * log(0.25), 1e-6);
    CHECK(sw_wm_binom_ln_sf(0, 10, 0.3) == 0);
    CHECK(isinf(sw_wm_binom_ln_sf(11, 10, 0.3)));
    /* a large corpus converges: 10^8 scored, 1% above the mean */
    double lp = sw_wm_binom_ln_sf(25250000, 100000000, 0.25);
    double z = 250000 / sqrt(1e8 * 0.1875); /* 57.7 */
    CHECK_NEAR(lp, -z * z / 2 - log(z * sqrt(2 * M_PI)), 10); /* the normal tail, to its accuracy here */
}

static void test_gamma_tail(void)
{
    for (int a = 1; a <= 300; a += 23)
        for (double x = 0.1; x < 3.0 * a + 20; x += 0.37 * a + 0.5) {
            /* Q(a, x) = sum_{k<a} e^-x x^k / k! for integer a */
            double sum = 0;
            for (int k = 0; k < a; k++)
                sum += exp(-x + k * log(x) - lgamma(k + 1.0));
            CHECK_NEAR(exp(sw_wm_gamma_ln_q(a, x)) / sum, 1.0, 1e-9);
        }
    /* extreme tail: Q(1, x) = e^-x exactly */
    CHECK_NEAR(sw_wm_gamma_ln_q(1, 5000), -5000, 1e-9);
    /* Fisher with one test gives back its p-value */
    CHECK_NEAR(sw_wm_fisher_ln_p(log(0.03), 1), log(0.03), 1e-12);
    /* two tests at p = 0.05: chi2(4) tail at x is e^(-x/2) (1 + x/2) */
    CHECK_NEAR(exp(sw_wm_fisher_ln_p(2 * log(0.05), 2)), 0.0025 * (1 - 2 * log(0.05)), 1e-12);
}

/* ---- keys ---------------------------------------------------------------- */

static void test_keys(void)
{
    uint8_t out[SW_WM_MAX_SECRET];
    size_t len = 0;
    CHECK_EQ_INT(sw_wm_secret_from_hex(" 000102030405060708090a0b0c0d0e0F\n", out, &len), SW_OK);
    CHECK_EQ_INT(len, 16);
    CHECK_EQ_INT(out[15], 15);
    CHECK_EQ_INT(sw_wm_secret_from_hex("0001", out, &len), SW_EINVAL);                       /* too short */
    CHECK_EQ_INT(sw_wm_secret_from_hex("000102030405060708090a0b0c0d0e0", out, &len), SW_EINVAL); /* odd */
    CHECK_EQ_INT(sw_wm_secret_from_hex("000102030405060708090a0b0c0d0eXY", out, &len), SW_EINVAL);

    sw_wm_params p;
    sw_wm_params_default(&p, SW_WM_KGW);
    sw_wm *wm = NULL;
    char err[128];
    CHECK_EQ_INT(sw_wm_new(&wm, SECRET, 8, &p, err, sizeof err), SW_EINVAL);
    p.gamma = 1;
    CHECK_EQ_INT(sw_wm_new(&wm, SECRET, 32, &p, err, sizeof err), SW_EINVAL);
    CHECK(strstr(err, "gamma") != NULL);
    p.gamma = 0.25;
    p.window = 0;
    CHECK_EQ_INT(sw_wm_new(&wm, SECRET, 32, &p, err, sizeof err), SW_EINVAL);

    /* one secret, two schemes: unrelated keys; two secrets: unrelated keys */
    sw_wm *a = make(SW_WM_KGW, 1, false, 0.25, 2), *b = make(SW_WM_GUMBEL, 1, false, 0.25, 2);
    CHECK(memcmp(&a->keys, &b->keys, sizeof a->keys) != 0);
    uint8_t other[32];
    memcpy(other, SECRET, 32);
    other[31] ^= 1;
    sw_wm_params_default(&p, SW_WM_KGW);
    sw_wm *c = NULL;
    CHECK_EQ_INT(sw_wm_new(&c, other, 32, &p, err, sizeof err), SW_OK);
    CHECK(memcmp(&a->keys, &c->keys, sizeof a->keys) != 0);
    CHECK_NEAR(a->green_below * 0x1p-32, 0.25, 1e-9);
    sw_wm_free(a);
    sw_wm_free(b);
    sw_wm_free(c);
}

/* ---- embedding ----------------------------------------------------------- */

/* The unit value of candidate t after ctx, written out plainly. */
static uint32_t ref_unit(const sw_wm *wm, const uint32_t *ctx, size_t n, uint32_t t)
{
    uint32_t m = UINT32_MAX;
    for (size_t i = n - wm->p.window; i < n; i++) {
        uint32_t h = sw_wm_tokhash(&wm->keys, ctx[i]);
        if (h < m)
            m = h;
    }
    if (wm->p.self_hash && sw_wm_tokhash(&wm->keys, t) < m)
        m = sw_wm_tokhash(&wm->keys, t);
    uint32_t sa, sb;
    sw_wm_seed_words(&wm->keys, m, &sa, &sb);
    return sw_wm_unit(sa, sb, t);
}

static void test_bias_matches_reference(void)
{
    const uint32_t V = 50021; /* not a multiple of any vector width */
    float *l = malloc(V * sizeof *l), *ref = malloc(V * sizeof *ref);
    const unsigned windows[] = {1, 4, 4};
    const bool selfs[] = {false, false, true};
    for (int c = 0; c < 3; c++) {
        sw_wm *wm = make(SW_WM_KGW, windows[c], selfs[c], 0.3, 1.5);
        uint32_t ctx[6] = {17, 4, 40000, 9, 123, 77};
        for (uint32_t t = 0; t < V; t++)
            l[t] = ref[t] = (float)(rnd01() * 10 - 5);
        CHECK_EQ_INT(sw_wm_bias(wm, ctx, 6, l, V), SW_OK);
        size_t green = 0, wrong = 0;
        for (uint32_t t = 0; t < V; t++) {
            bool g = ref_unit(wm, ctx, 6, t) < wm->green_below;
            green += g;
            wrong += l[t] != ref[t] + (g ? 1.5f : 0.0f);
        }
        CHECK_EQ_INT(wrong, 0);
        CHECK_NEAR((double)green / V, 0.3, 0.01);
        /* too little context: no watermark */
        memcpy(l, ref, V * sizeof *l);
        CHECK_EQ_INT(sw_wm_bias(wm, ctx, windows[c] - 1, l, V), SW_OK);
        CHECK(memcmp(l, ref, V * sizeof *l) == 0);
        sw_wm_free(wm);
    }
    sw_wm *g = make(SW_WM_GUMBEL, 1, false, 0.25, 2);
    CHECK_EQ_INT(sw_wm_bias(g, NULL, 0, l, V), SW_EINVAL);
    sw_wm_free(g);
    free(l);
    free(ref);
}

/*
 * The plain computation sw_wm_sample must reproduce bit for bit, for the
 * modes it uses: t0 is the first entry holding the largest logit that is
 * not NaN (none: -1); a +inf there is the answer; otherwise a scan from t0
 * over every finite entry for the largest key l + b - ln(-ln u) in double
 * precision, so that t0 comes first among equal keys and then the lowest
 * index.
 */
static long ref_sample(const sw_wm *wm, const uint32_t *ctx, size_t n, const float *l, uint32_t V,
                       uint64_t random)
{
    uint64_t r = random ^ 0x5741544552u;
    r ^= r >> 30;
    r *= 0xbf58476d1ce4e5b9ULL;
    r ^= r >> 27;
    r *= 0x94d049bb133111ebULL;
    r ^= r >> 31;
    bool marked = n >= wm->p.window;
    if (marked && wm->p.scheme == SW_WM_GUMBEL) /* repeated windows are not watermarked */
        for (size_t j = wm->p.window; j < n; j++)
            if (!memcmp(ctx + j - wm->p.window, ctx + n - wm->p.window, wm->p.window * sizeof *ctx))
                marked = false;
    long t0 = -1;
    float top = -INFINITY;
    for (uint32_t t = 0; t < V; t++)
        if (l[t] > top) {
            top = l[t];
            t0 = t;
        }
    if (t0 < 0 || top == INFINITY)
        return t0;
    double best = -INFINITY;
    long arg = -1;
    for (uint32_t i = 0; i <= V; i++) {
        uint32_t t = i == 0 ? (uint32_t)t0 : i - 1; /* t0, then every entry in order */
        if (!(l[t] >= -FLT_MAX && l[t] <= FLT_MAX))
            continue;
        double b = 0;
        uint32_t x = sw_wm_unit((uint32_t)r, (uint32_t)(r >> 32), t);
        if (marked && wm->p.scheme == SW_WM_KGW)
            b = ref_unit(wm, ctx, n, t) < wm->green_below ? (double)wm->delta : 0;
        else if (marked)
            x = ref_unit(wm, ctx, n, t);
        double key = (double)l[t] + b - log(-log(((double)x + 0.5) * 0x1p-32));
        if (key > best) {
            best = key;
            arg = t;
        }
    }
    return arg;
}

/* Logits of one trial: kind picks the shape, then some are masked. */
static void trial_logits(float *l, uint32_t V, int kind)
{
    for (uint32_t t = 0; t < V; t++) {
        double u = rnd01();
        switch (kind) {
        case 0: /* nearly flat */
            l[t] = (float)(0.01 * u);
            break;
        case 1: /* a spread with peaks */
            l[t] = (float)(6 * (u - 0.5) + (t % 97 == 0 ? 8 : 0));
            break;
        case 2: /* heavy-tailed */
            l[t] = (float)(-3 * log(u + 1e-300) * (rnd() % 2 ? 1 : -1));
            break;
        case 3: /* few distinct values: ties of logits */
            l[t] = (float)(rnd() % 4);
            break;
        case 4: /* top-k: all but a few -inf */
            l[t] = rnd() % 64 ? -INFINITY : (float)(5 * u);
            break;
        case 5: /* masked with -FLT_MAX, as some servers do */
            l[t] = rnd() % 8 ? -FLT_MAX : (float)(5 * u);
            break;
        case 6: /* 1e17: double keys round to multiples of 16, so keys tie */
            l[t] = rnd() % 2 ? 1e17f : (float)(1e17 * (1 - 1e-7 * (double)(rnd() % 3)));
            break;
        case 7: /* 1e30: the noise vanishes in the sum, every top key ties */
            l[t] = rnd() % 4 ? 1e30f : (float)(1e30 * u);
            break;
        case 8: /* signed zeros and subnormals */
            l[t] = rnd() % 2 ? (rnd() % 2 ? 0.0f : -0.0f) : (float)(1e-40 * u);
            break;
        default: /* a wide range */
            l[t] = (float)(200 * (u - 0.5));
            break;
        }
    }
    for (int i = (int)(rnd() % 4); i > 0; i--)
        l[rnd() % V] = NAN;
    for (int i = (int)(rnd() % 3); i > 0; i--)
        l[rnd() % V] = -INFINITY;
    if (rnd() % 16 == 0)
        l[rnd() % V] = INFINITY;
    if (rnd() % 16 == 0) {
        l[rnd() % V] = INFINITY;
        l[rnd() % V] = INFINITY;
    }
}

static void test_sample_is_exact_argmax(void)
{
    /* sizes below, at and above the vector, block (512) and chunk
     * (131,072) lengths, which change how the search splits its passes */
    const uint32_t sizes[] = {1, 2, 15, 16, 17, 511, 512, 513, 1000, 20011, 131073, 200000};
    const uint32_t VMAX = 200000;
    float *l = malloc(VMAX * sizeof *l);
    struct {
        sw_wm_scheme s;
        unsigned w;
        bool self;
        double delta;
    } cases[] = {{SW_WM_KGW, 1, false, 2.5},    {SW_WM_KGW, 3, true, 2.5},  {SW_WM_GUMBEL, 1, false, 0},
                 {SW_WM_GUMBEL, 4, true, 0},    {SW_WM_KGW, 1, false, 0},   {SW_WM_KGW, 16, true, 100},
                 {SW_WM_GUMBEL, 2, false, 0}};
    const size_t ncases = sizeof cases / sizeof *cases;
    int mismatches = 0, trials = 0, invalid = 0;
    for (size_t c = 0; c < ncases; c++) {
        sw_wm *wm = make(cases[c].s, cases[c].w, cases[c].self, 0.25, cases[c].delta);
        for (int trial = 0; trial < 120; trial++) {
            /* large vocabularies in a few trials only: the reference is slow */
            size_t si = trial % 20 == 7 ? 10 + (size_t)(trial / 20) % 2 : (size_t)trial % 10;
            uint32_t V = sizes[si];
            trial_logits(l, V, trial % 11 == 10 ? (int)(rnd() % 10) : trial % 10);
            if (trial % 37 == 36) /* nothing to choose */
                for (uint32_t t = 0; t < V; t++)
                    l[t] = t % 2 ? NAN : -INFINITY;
            uint32_t ctx[20];
            for (int i = 0; i < 20; i++)
                ctx[i] = (uint32_t)(rnd() % 50); /* small ids: windows repeat now and then */
            size_t n = trial % 9 == 8 ? (size_t)(rnd() % 3) : 20; /* short: plain sampling */
            uint64_t random = rnd();
            uint32_t tok = UINT32_MAX;
            int rc = sw_wm_sample(wm, ctx, n, l, V, random, &tok);
            long want = ref_sample(wm, ctx, n, l, V, random);
            if (want < 0) {
                invalid++;
                mismatches += rc != SW_EINVAL || tok != UINT32_MAX;
            } else {
                mismatches += rc != SW_OK || tok != (uint32_t)want;
            }
            trials++;
        }
        sw_wm_free(wm);
    }
    CHECK_EQ_INT(mismatches, 0);
    CHECK_EQ_INT(trials, 120 * (int)ncases);
    CHECK(invalid > 0);
    printf("sample argmax: %d trials (%d with no finite logit), %d mismatches\n", trials, invalid, mismatches);
    /* every logit masked */
    sw_wm *wm = make(SW_WM_KGW, 1, false, 0.25, 2);
    for (uint32_t t = 0; t < 100; t++)
        l[t] = -INFINITY;
    uint32_t tok;
    CHECK_EQ_INT(sw_wm_sample(wm, NULL, 0, l, 100, 1, &tok), SW_EINVAL);
    CHECK_EQ_INT(sw_wm_sample(wm, NULL, 0, l, 0, 1, &tok), SW_EINVAL);
    /* +inf: the first one, whatever the keys */
    l[40] = INFINITY;
    l[7] = INFINITY;
    l[3] = 1e30f;
    CHECK_EQ_INT(sw_wm_sample(wm, NULL, 0, l, 100, 1, &tok), SW_OK);
    CHECK_EQ_INT(tok, 7);
    sw_wm_free(wm);
    free(l);
}

/* ---- inverses of the mixers, to build inputs with chosen noise ---------- */

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static uint64_t inv_mul64(uint64_t c) /* c odd: Newton's iteration doubles the correct bits */
{
    uint64_t v = c;
    for (int i = 0; i < 6; i++)
        v *= 2 - c * v;
    return v;
}

static uint64_t unmix64(uint64_t x) /* the inverse of sw_mix64 */
{
    x ^= (x >> 31) ^ (x >> 62);
    x *= inv_mul64(0x94d049bb133111ebULL);
    x ^= (x >> 27) ^ (x >> 54);
    x *= inv_mul64(0xbf58476d1ce4e5b9ULL);
    x ^= (x >> 30) ^ (x >> 60);
    return x;
}

static uint32_t unfmix32(uint32_t x) /* the inverse of sw_wm_fmix32 */
{
    x ^= x >> 16;
    x *= (uint32_t)inv_mul64(0xc2b2ae35u);
    x ^= (x >> 13) ^ (x >> 26);
    x *= (uint32_t)inv_mul64(0x85ebca6bu);
    x ^= x >> 16;
    return x;
}

/* The caller's random value that gives entry t the noise integer x when a
 * call samples without the watermark (no context); nb is free. */
static uint64_t random_for_noise(uint32_t t, uint32_t x, uint32_t nb)
{
    uint32_t z = x ^ (x >> 15) ^ (x >> 30);
    uint32_t f = (z * (uint32_t)inv_mul64(0x27d4eb2fu)) ^ nb;
    uint32_t na = unfmix32(f) - t * SW_WM_GOLDEN32;
    return unmix64((uint64_t)nb << 32 | na) ^ 0x5741544552u;
}

/*
 * Inputs at the edges of what the search may skip: a winner that needs
 * nearly the largest noise there is (G = 22.8, from x = 2^32 - 1) from a
 * block whose logits are 22 below the best; and two entries whose keys tie
 * exactly, where t0, the first largest logit, must win although the other
 * has the lower index (Gumbel self-hash gives some entries the same noise;
 * a subnormal logit adds nothing to a key).
 */
static void test_sample_edges(void)
{
    sw_wm *wm = make(SW_WM_KGW, 1, false, 0.25, 2);
    const uint32_t V = 3 * 512 + 5, T = 2 * 512 + 77, t0 = 3;
    float *l = malloc(V * sizeof *l);
    for (uint32_t t = 0; t < V; t++)
        l[t] = -INFINITY;
    l[t0] = 0;
    l[T] = -22.0f;
    CHECK_EQ_INT(sw_wm_unit((uint32_t)sw_mix64(random_for_noise(T, UINT32_MAX, 9) ^ 0x5741544552u),
                            9, T), UINT32_MAX);
    int far = 0;
    for (uint32_t nb = 1; nb < 40; nb++) {
        uint64_t random = random_for_noise(T, UINT32_MAX - nb % 3, nb);
        uint32_t tok = UINT32_MAX;
        CHECK_EQ_INT(sw_wm_sample(wm, NULL, 0, l, V, random, &tok), SW_OK);
        long want = ref_sample(wm, NULL, 0, l, V, random);
        CHECK_EQ_INT(tok, want);
        far += want == (long)T;
    }
    CHECK(far > 5);
    free(l);
    sw_wm_free(wm);

    /* two entries of one noise under Gumbel self-hash */
    wm = make(SW_WM_GUMBEL, 4, true, 0.25, 2);
    const uint32_t ctx[4] = {11, 22, 33, 44}, N = 1u << 19;
    uint64_t *xt = malloc(N * sizeof *xt);
    for (uint32_t t = 0; t < N; t++)
        xt[t] = (uint64_t)ref_unit(wm, ctx, 4, t) << 32 | t;
    qsort(xt, N, sizeof *xt, cmp_u64);
    uint32_t a = 0, c = 0;
    for (uint32_t i = 1; i < N && !c; i++)
        if (xt[i] >> 32 == xt[i - 1] >> 32) {
            a = (uint32_t)xt[i - 1];
            c = (uint32_t)xt[i];
        }
    CHECK(c > a);
    free(xt);
    l = malloc((c + 1) * sizeof *l);
    for (uint32_t t = 0; t <= c; t++)
        l[t] = -INFINITY;
    for (int order = 0; order < 2; order++) {
        l[a] = order ? 1e-40f : 0.0f; /* the larger is t0 */
        l[c] = order ? 0.0f : 1e-40f;
        uint32_t tok = UINT32_MAX;
        CHECK_EQ_INT(sw_wm_sample(wm, ctx, 4, l, c + 1, 5, &tok), SW_OK);
        CHECK_EQ_INT(tok, order ? a : c);
        CHECK_EQ_INT(ref_sample(wm, ctx, 4, l, c + 1, 5), order ? a : c);
    }
    free(l);
    sw_wm_free(wm);
}

/* Sampled frequencies match the distribution they should: softmax(l + bias)
 * for KGW over the caller's randomness, softmax(l) for Gumbel over contexts
 * (the key's randomness). Chi-squared over 8 outcomes, 7 dof, p ~ 1e-4 cut. */
static void test_sample_distribution(void)
{
    const uint32_t V = 8;
    float l[8] = {0.5f, -1, 2, 0, 1, -0.5f, 1.5f, -2};
    for (int s = 0; s < 2; s++) {
        sw_wm *wm = make(s ? SW_WM_GUMBEL : SW_WM_KGW, 1, false, 0.5, 1.0);
        uint32_t ctx[1] = {3};
        double p[8], z = 0;
        float b[8];
        memcpy(b, l, sizeof b);
        if (!s)
            sw_wm_bias(wm, ctx, 1, b, V);
        for (uint32_t t = 0; t < V; t++)
            z += p[t] = exp(b[t]);
        long count[8] = {0};
        const int N = 200000;
        for (int i = 0; i < N; i++) {
            uint32_t tok;
            if (s)
                ctx[0] = (uint32_t)i + 1000; /* new context, new r vector */
            sw_wm_sample(wm, ctx, 1, l, V, rnd(), &tok);
            count[tok]++;
        }
        double chi2 = 0;
        for (uint32_t t = 0; t < V; t++) {
            double e = N * p[t] / z;
            chi2 += (count[t] - e) * (count[t] - e) / e;
        }
        printf("sample distribution (%s): chi2 = %.2f on 7 dof\n", s ? "gumbel" : "kgw", chi2);
        CHECK(chi2 < 29.0);
        sw_wm_free(wm);
    }
}

static void test_sample_deterministic(void)
{
    const uint32_t V = 32000;
    float *l = malloc(V * sizeof *l);
    for (uint32_t t = 0; t < V; t++)
        l[t] = (float)(rnd01() * 8);
    sw_wm *wm = make(SW_WM_GUMBEL, 2, false, 0.25, 2);
    uint32_t ctx[2] = {5, 6}, a, b, c; /* (changing both: with min-hash one may not change the seed) */
    sw_wm_sample(wm, ctx, 2, l, V, 1, &a);
    sw_wm_sample(wm, ctx, 2, l, V, 999, &b); /* Gumbel ignores random */
    ctx[0] = 8;
    ctx[1] = 9;
    sw_wm_sample(wm, ctx, 2, l, V, 1, &c);
    CHECK_EQ_INT(a, b);
    CHECK(a != c || l[a] > 7.99f);
    /* a window seen before in the context is sampled with the caller's random */
    uint32_t rep[5] = {8, 9, 1, 8, 9}, d, e;
    sw_wm_sample(wm, rep, 5, l, V, 1, &d);
    sw_wm_sample(wm, rep, 5, l, V, 2, &e);
    CHECK(d != e);
    sw_wm_free(wm);
    free(l);
}

/* ---- detection ----------------------------------------------------------- */

static void test_detect_counts_repeats_once(void)
{
    sw_wm *wm = make(SW_WM_KGW, 1, false, 0.25, 2);
    uint32_t text[] = {1, 2, 3, 1, 2, 3, 1, 2, 3, 9};
    sw_wm_seen *seen;
    CHECK_EQ_INT(sw_wm_seen_new(&seen), SW_OK);
    sw_wm_tally t = {0};
    CHECK_EQ_INT(sw_wm_score(wm, text, 10, seen, &t), SW_OK);
    CHECK_EQ_INT(t.tokens, 10);
    CHECK_EQ_INT(t.scored, 4); /* (1,2) (2,3) (3,1) (3,9) */
    CHECK_EQ_INT(t.repeats, 5);
    sw_wm_tally u = {0};
    CHECK_EQ_INT(sw_wm_score(wm, text, 10, NULL, &u), SW_OK);
    CHECK_EQ_INT(u.scored, 9);
    /* the same set across texts deduplicates a corpus */
    sw_wm_tally v = {0};
    CHECK_EQ_INT(sw_wm_score(wm, text, 10, seen, &v), SW_OK);
    CHECK_EQ_INT(v.scored, 0);
    /* excluded tuples are never scored */
    sw_wm_seen_clear(seen);
    uint64_t ex = 0;
    CHECK_EQ_INT(sw_wm_exclude(wm, text, 3, seen, &ex), SW_OK);
    CHECK_EQ_INT(ex, 2);
    sw_wm_tally w = {0};
    sw_wm_score(wm, text, 10, seen, &w);
    CHECK_EQ_INT(w.scored, 2);
    /* green counts agree with the embedder's green lists */
    sw_wm_tally x = {0};
    uint32_t pair[2];
    uint64_t green = 0;
    for (uint32_t i = 0; i < 1000; i++) {
        pair[0] = i;
        pair[1] = i * 7 + 1;
        green += ref_unit(wm, pair, 1, pair[1]) < wm->green_below;
        sw_wm_score(wm, pair, 2, NULL, &x);
    }
    CHECK_EQ_INT(x.green, green);
    CHECK_EQ_INT(x.scored, 1000);
    sw_wm_result r;
    sw_wm_tally_result(wm, &x, &r);
    CHECK(r.p > 1e-4); /* an unwatermarked sequence */
    sw_wm_seen_free(seen);
    sw_wm_free(wm);
}

static void test_detect_window_and_self_hash(void)
{
    /* the detector's seed for position i is the embedder's for ctx = ids[0..i) */
    const bool selfs[] = {false, true};
    for (int s = 0; s < 2; s++) {
        sw_wm *wm = make(SW_WM_KGW, 4, selfs[s], 0.25, 2);
        uint32_t ids[300];
        for (int i = 0; i < 300; i++)
            ids[i] = (uint32_t)(rnd() % 5000);
        uint64_t green = 0;
        for (size_t i = 4; i < 300; i++)
            green += ref_unit(wm, ids, i, ids[i]) < wm->green_below;
        sw_wm_tally t = {0};
        sw_wm_score(wm, ids, 300, NULL, &t);
        CHECK_EQ_INT(t.scored, 296);
        CHECK_EQ_INT(t.green, green);
        sw_wm_free(wm);
    }
}

static void test_seen_set(void)
{
    sw_wm_seen *s;
    CHECK_EQ_INT(sw_wm_seen_new(&s), SW_OK);
    CHECK_EQ_INT(sw_wm_seen_add(s, 0), 1);
    CHECK_EQ_INT(sw_wm_seen_add(s, 0), 0);
    for (uint64_t k = 1; k <= 100000; k++)
        CHECK_EQ_INT(sw_wm_seen_add(s, k * 0x100000001ULL), 1);
    int again = 0;
    for (uint64_t k = 1; k <= 100000; k++)
        again += sw_wm_seen_add(s, k * 0x100000001ULL);
    CHECK_EQ_INT(again, 0);
    CHECK_EQ_INT(sw_wm_seen_count(s), 100001);
    sw_wm_seen_clear(s);
    CHECK_EQ_INT(sw_wm_seen_count(s), 0);
    CHECK_EQ_INT(sw_wm_seen_add(s, 5), 1);
    sw_wm_seen_free(s);
}

static void test_vocab(void)
{
    const char *text = "It's  the GPL-3, \"free\" software!\n";
    const char *p = text, *end = text + strlen(text);
    char w[SW_WM_WORD_MAX + 1];
    const char *want[] = {"it's", "the", "gpl", "-", "3", ",", "\"", "free", "\"", "software", "!"};
    size_t k = 0;
    while (sw_wm_word_next(&p, end, w)) {
        if (k < 11)
            CHECK_EQ_STR(w, want[k]);
        k++;
    }
    CHECK_EQ_INT(k, 11);
    sw_wm_vocab *v;
    CHECK_EQ_INT(sw_wm_vocab_new(&v), SW_OK);
    uint32_t id;
    sw_wm_vocab_add(v, "<unk>", &id);
    sw_wm_vocab_add(v, "free", &id);
    sw_wm_vocab_add(v, "software", &id);
    char path[64];
    snprintf(path, sizeof path, "/tmp/sw_test_wm_vocab.%d.txt", (int)getpid());
    CHECK_EQ_INT(sw_wm_vocab_save(v, path), SW_OK);
    sw_wm_vocab_free(v);
    char err[256];
    CHECK_EQ_INT(sw_wm_vocab_load(&v, path, err, sizeof err), SW_OK);
    uint32_t *ids;
    size_t n;
    CHECK_EQ_INT(sw_wm_vocab_encode(v, "Free software, free!", 20, &ids, &n), SW_OK);
    CHECK_EQ_INT(n, 5);
    CHECK_EQ_INT(ids[0], 1);
    CHECK_EQ_INT(ids[1], 2);
    CHECK_EQ_INT(ids[2], 0); /* "," is unknown */
    free(ids);
    sw_wm_vocab_free(v);
    FILE *f = fopen(path, "w");
    fputs("a\nb\na\n", f);
    fclose(f);
    CHECK_EQ_INT(sw_wm_vocab_load(&v, path, err, sizeof err), SW_EPARSE);
    CHECK(strstr(err, ":3: duplicate word 'a'") != NULL);
    remove(path);
}

int main(void)
{
    SW_TEST_RUN(test_binomial_tail);
    SW_TEST_RUN(test_gamma_tail);
    SW_TEST_RUN(test_keys);
    SW_TEST_RUN(test_bias_matches_reference);
    SW_TEST_RUN(test_sample_is_exact_argmax);
    SW_TEST_RUN(test_sample_edges);
    SW_TEST_RUN(test_sample_distribution);
    SW_TEST_RUN(test_sample_deterministic);
    SW_TEST_RUN(test_detect_counts_repeats_once);
    SW_TEST_RUN(test_detect_window_and_self_hash);
    SW_TEST_RUN(test_seen_set);
    SW_TEST_RUN(test_vocab);
    return SW_TEST_END();
}
