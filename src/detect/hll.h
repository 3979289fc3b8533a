/*
 * hll.h — HyperLogLog cardinality sketches with caller-owned registers.
 *
 * What it is for. The detector keeps, per account, estimates of "how many
 * distinct things" it has seen: distinct prompt templates, distinct source
 * addresses, distinct near-duplicate clusters. Exact sets would cost memory
 * proportional to traffic; a HyperLogLog costs a fixed 2^p bytes and answers
 * within about 1.04/sqrt(2^p) relative error (13% at p=6, 6.5% at p=8, 1.6%
 * at p=12).
 *
 * The registers. A sketch of precision p is an array of m = 2^p registers of
 * one byte each, owned by the caller (so per-account state can embed it as
 * `uint8_t regs[SW_HLL_BYTES(8)]` with no allocation and no pointer). An
 * added 64-bit hash is split in two: its top p bits choose a register, and
 * the remaining q = 64-p bits give a rank, the position of their first set
 * bit counted from the top (1 if the first of them is set, q+1 if none is).
 * A register keeps the largest rank it has seen, so it ranges over 0..q+1
 * (0 meaning "nothing landed here"); a byte is ample. Adding is idempotent
 * and commutative, which is what makes two sketches mergeable: the union of
 * two sets is sketched by the register-wise maximum.
 *
 * The estimate. The classic estimator (harmonic mean of 2^-register, with
 * linear counting below 2.5m) has a bias bump between about 2.5m and 5m
 * where it switches. We use instead the improved estimator of O. Ertl, "New
 * cardinality estimation algorithms for HyperLogLog sketches" (2017), the
 * one Redis adopted: it works from the histogram of register values and
 * corrects both ends analytically. Its small-range term, m·sigma(V/m) with V
 * the number of zero registers, is linear counting made smooth: while few
 * registers are taken the estimate is within a hair of m·ln(m/V), so small
 * sets are counted almost exactly (1..10 elements come out within ±1 at
 * p=8), and there is no threshold and no bias bump anywhere in the range.
 * With 64-bit hashes no large-range correction is needed. A small factor
 * removes the finite-m bias of the harmonic mean (7% at p=4), which the
 * estimator as published leaves in.
 *
 * Contract.
 *  - p must be in SW_HLL_P_MIN..SW_HLL_P_MAX (4..14); anything else is a
 *    programming error (asserted in debug builds).
 *  - regs points to SW_HLL_BYTES(p) bytes; sw_hll_init zeroes them. Two
 *    sketches can only be merged or compared if they have the same p.
 *  - The hash given to sw_hll_add must already be well mixed in all 64
 *    bits (sw_hash64 output, or sw_mix64 of an integer key).
 *  - Pure computation: no allocation, no I/O, no global state; thread-safe
 *    for distinct register arrays.
 */
#ifndef SW_HLL_H
#define SW_HLL_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

#define SW_HLL_P_MIN 4
#define SW_HLL_P_MAX 14

/* Bytes of register storage for precision p; a constant expression when p is. */
#define SW_HLL_BYTES(p) ((size_t)1 << (p))

/* Zeroes the 2^p registers: the sketch of the empty set. */
void sw_hll_init(uint8_t *regs, int p);

/* Adds one element, given by its (well-mixed) 64-bit hash. */
bool sw_hll_add(uint8_t *regs, int p, uint64_t hash); /* true if a register grew */

/* Estimated number of distinct hashes added; 0 for an empty sketch. */
double sw_hll_count(const uint8_t *regs, int p);

/* dst becomes the sketch of the union of both sets (register-wise max). */
void sw_hll_merge(uint8_t *dst, const uint8_t *src, int p);

#endif
