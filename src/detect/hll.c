/*
 * hll.c — see hll.h for the design.
 *
 * The estimator follows Ertl (2017), "improved raw estimator": with C[k] the
 * number of registers holding value k (k = 0..q+1),
 *
 *     z = m·tau(1 - C[q+1]/m)
 *     for k = q down to 1:  z = (z + C[k]) / 2
 *     z = z + m·sigma(C[0]/m)
 *     estimate = m² / (2·ln 2 · z)
 *
 * sigma(x) = x + sum_{k>=1} x^(2^k)·2^(k-1) corrects for empty registers
 * (the linear-counting end), tau(x) for saturated ones (irrelevant in
 * practice with 64-bit hashes but cheap and exact). Both series converge
 * in a few dozen steps; we stop when the sum no longer changes. A last
 * factor removes the small-m bias of the harmonic mean (see below).
 */
#include "detect/hll.h"

#include <assert.h>
#include <math.h>
#include <string.h>

void sw_hll_init(uint8_t *regs, int p)
{
    assert(p >= SW_HLL_P_MIN && p <= SW_HLL_P_MAX);
    memset(regs, 0, SW_HLL_BYTES(p));
}

bool sw_hll_add(uint8_t *regs, int p, uint64_t hash)
{
    assert(p >= SW_HLL_P_MIN && p <= SW_HLL_P_MAX);
    size_t idx = (size_t)(hash >> (64 - p));
    /* The q = 64-p low bits, shifted to the top; a sentinel bit just below
     * them bounds the rank at q+1 when they are all zero. */
    uint64_t rest = (hash << p) | ((uint64_t)1 << (p - 1));
    uint8_t rank = (uint8_t)(__builtin_clzll(rest) + 1);
    if (rank <= regs[idx])
        return false;
    regs[idx] = rank;
    return true;
}

/* sigma(x) for 0 <= x < 1 (see the top of the file). */
static double hll_sigma(double x)
{
    double y = 1.0, z = x, prev;
    do {
        x *= x;
        prev = z;
        z += x * y;
        y += y;
    } while (z != prev);
    return z;
}

/* tau(x) for 0 <= x <= 1. */
static double hll_tau(double x)
{
    if (x == 0.0 || x == 1.0)
        return 0.0;
    double y = 1.0, z = 1.0 - x, prev;
    do {
        x = sqrt(x);
        prev = z;
        y *= 0.5;
        z -= (1.0 - x) * (1.0 - x) * y;
    } while (z != prev);
    return z / 3.0;
}

/* Flajolet et al.'s bias constant alpha_m for m registers. */
static double hll_alpha(size_t m)
{
    switch (m) {
    case 16: return 0.673;
    case 32: return 0.697;
    case 64: return 0.709;
    default: return 0.7213 / (1.0 + 1.079 / (double)m);
    }
}

double sw_hll_count(const uint8_t *regs, int p)
{
    assert(p >= SW_HLL_P_MIN && p <= SW_HLL_P_MAX);
    const int q = 64 - p;
    const size_t m = SW_HLL_BYTES(p);
    uint32_t hist[64 + 2] = {0};
    for (size_t i = 0; i < m; i++) {
        uint8_t r = regs[i];
        /* A register can only hold 0..q+1; clamp so a corrupted sketch
         * cannot index outside the histogram. */
        hist[r <= q + 1 ? r : q + 1]++;
    }
    if (hist[0] == m)
        return 0.0;

    const double md = (double)m;
    double z = md * hll_tau(1.0 - (double)hist[q + 1] / md);
    for (int k = q; k >= 1; k--)
        z = 0.5 * (z + (double)hist[k]);
    z += md * hll_sigma((double)hist[0] / md);
    double est = md * md / (2.0 * log(2.0) * z);

    /* 1/(2 ln 2) is the bias constant alpha for m -> infinity. For a finite
     * m the harmonic-mean part is biased upward by alpha_inf/alpha_m (about
     * 7% at p=4, 1.7% at p=6, 0.4% at p=8). That part carries the estimate
     * once most registers are taken, while the sigma (linear-counting) part,
     * which carries it while most are empty, has no such bias; so the
     * correction is faded in with the fraction of non-empty registers. */
    double filled = 1.0 - (double)hist[0] / md;
    est *= 1.0 - (1.0 - hll_alpha(m) * 2.0 * log(2.0)) * filled;

    /* Only when every register is saturated is z zero; no set of 64-bit
     * hashes has more than 2^64 members, so that is the answer then. */
    return est < 0x1p64 ? est : 0x1p64;
}

void sw_hll_merge(uint8_t *dst, const uint8_t *src, int p)
{
    assert(p >= SW_HLL_P_MIN && p <= SW_HLL_P_MAX);
    const size_t m = SW_HLL_BYTES(p);
    for (size_t i = 0; i < m; i++)
        if (src[i] > dst[i])
            dst[i] = src[i];
}
