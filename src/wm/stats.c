/*
 * stats.c — incomplete beta and gamma functions for exact watermark tests.
 *
 * The binomial upper tail is P[X >= k] = I_p(k, n - k + 1) and the Gamma(a)
 * upper tail is Q(a, x); both are evaluated with their continued fractions
 * (modified Lentz), which converge in O(sqrt(max(a, b))) steps, so even a
 * corpus of 10^9 scored tokens costs a few tens of thousands of steps, once.
 * The prefactors x^a (1-x)^b / B(a, b) and x^a e^-x / Gamma(a) are formed as
 * logarithms with lgamma, so tails of 1e-10000 come out as -23025.85 rather
 * than 0. Where the continued fraction would converge slowly (the argument
 * on the far side of the mean) the complement is used: the probability is
 * then at least about 1/2 and 1 - complement loses nothing that matters.
 */
#include <float.h>
#include <math.h>

#include "wm/stats.h"

#define MAX_ITER 10000000
#define EPS 1e-16
#define TINY 1e-300

static double not_tiny(double v)
{
    return fabs(v) < TINY ? TINY : v;
}

/* One step of the modified Lentz recurrence for a term an / (bn + ...):
 * updates c and d and returns the factor by which the fraction changes. */
static double lentz_step(double an, double bn, double *c, double *d)
{
    *d = 1 / not_tiny(bn + an * *d);
    *c = not_tiny(bn + an / *c);
    return *d * *c;
}

/* Continued fraction of I_x(a, b) after its prefactor (Lentz). */
static double beta_cf(double a, double b, double x)
{
    double qab = a + b, qap = a + 1, qam = a - 1;
    double c = 1, d = 1 / not_tiny(1 - qab * x / qap);
    double h = d;
    for (int m = 1; m < MAX_ITER; m++) {
        double m2 = 2.0 * m;
        h *= lentz_step(m * (b - m) * x / ((qam + m2) * (a + m2)), 1, &c, &d);
        double del = lentz_step(-(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)), 1, &c, &d);
        h *= del;
        if (fabs(del - 1) < EPS)
            break;
    }
    return h;
}

/* ln of x^a (1-x)^b / B(a, b) */
static double beta_ln_front(double a, double b, double x)
{
    return lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x);
}

double sw_wm_beta_ln_i(double a, double b, double x)
{
    if (x <= 0)
        return -INFINITY;
    if (x >= 1)
        return 0;
    if (x < (a + 1) / (a + b + 2))
        return beta_ln_front(a, b, x) + log(beta_cf(a, b, x)) - log(a);
    double comp = exp(beta_ln_front(a, b, x) + log(beta_cf(b, a, 1 - x)) - log(b));
    return log1p(-comp);
}

double sw_wm_binom_ln_sf(uint64_t k, uint64_t n, double p)
{
    if (k == 0)
        return 0;
    if (k > n)
        return -INFINITY;
    return sw_wm_beta_ln_i((double)k, (double)(n - k + 1), p);
}

/* ln P(a, x) by its series, for x < a + 1. */
static double gamma_ln_p_series(double a, double x)
{
    double ap = a, del = 1 / a, sum = del;
    for (int n = 0; n < MAX_ITER; n++) {
        ap += 1;
        del *= x / ap;
        sum += del;
        if (fabs(del) < fabs(sum) * EPS)
            break;
    }
    return log(sum) - x + a * log(x) - lgamma(a);
}

/* ln Q(a, x) by its continued fraction, for x >= a + 1. */
static double gamma_ln_q_cf(double a, double x)
{
    double b = x + 1 - a, c = 1 / TINY, d = 1 / b, h = d;
    for (int i = 1; i < MAX_ITER; i++) {
        double an = -i * (i - a);
        b += 2;
        double del = lentz_step(an, b, &c, &d);
        h *= del;
        if (fabs(del - 1) < EPS)
            break;
    }
    return log(h) - x + a * log(x) - lgamma(a);
}

double sw_wm_gamma_ln_q(double a, double x)
{
    if (x <= 0)
        return 0;
    if (x < a + 1)
        return log1p(-exp(gamma_ln_p_series(a, x)));
    return gamma_ln_q_cf(a, x);
}

double sw_wm_fisher_ln_p(double sum_ln_p, uint64_t k)
{
    if (k == 0)
        return 0;
    /* chi^2_{2k} upper tail at -2 sum = Gamma(k, 1) upper tail at -sum */
    return sw_wm_gamma_ln_q((double)k, -sum_ln_p);
}
