/*
 * stats.h — exact tail probabilities for watermark tests, in log space.
 *
 * Watermark p-values of long texts are far below what a double holds
 * (1e-308), and an analyst comparing suspects needs them anyway, so every
 * function returns the natural log of the probability. Nothing here uses a
 * normal approximation.
 */
#ifndef SW_WM_STATS_H
#define SW_WM_STATS_H

#include <stdint.h>

/* ln P[X >= k] for X ~ Binomial(n, p), 0 < p < 1. */
double sw_wm_binom_ln_sf(uint64_t k, uint64_t n, double p);

/* ln Q(a, x), the regularized upper incomplete gamma function: for integer
 * a, ln P[Gamma(a, 1) >= x]. a > 0, x >= 0. */
double sw_wm_gamma_ln_q(double a, double x);

/* ln of the regularized incomplete beta function I_x(a, b). */
double sw_wm_beta_ln_i(double a, double b, double x);

/* Fisher's method: ln p of k independent tests whose ln p-values sum to
 * sum_ln_p: -2 sum ln p ~ chi-squared with 2k degrees of freedom. */
double sw_wm_fisher_ln_p(double sum_ln_p, uint64_t k);

#endif
