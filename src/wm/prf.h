/*
 * prf.h — the keyed per-token functions shared by embedding and detection.
 *
 * Embedding evaluates them for every vocabulary entry at every generated
 * token (200,000 entries in a few tens of microseconds), detection once per
 * scored token (50 million a second), and both must agree bit for bit. So
 * they work on 32-bit words: a loop over the vocabulary vectorises into
 * 8 or 16 lanes, which 64-bit multiplies would not (AVX2 has none).
 *
 * Three functions, all keyed by 32-bit words that sw_wm_new() derives from
 * the secret with keyed BLAKE2b:
 *   tokhash(t)      a keyed hash of one token; the context seed is the
 *                   minimum of tokhash over the window (min-hash).
 *   seed words      two 32-bit words (sa, sb) mixed from the seed, once per
 *                   position (per candidate with self-hash).
 *   unit(sa, sb, t) the uniform 32-bit value of token t in that context:
 *                   KGW calls t green when unit < gamma * 2^32; Gumbel uses
 *                   r = (unit + 1/2) / 2^32.
 * unit() adds the context word before the first mixing round and xors the
 * second one between rounds, so that two contexts never give shifted copies
 * of one another's values (a plain t ^ seed would: u(s1, t1) = u(s2, t2)
 * whenever t1 ^ t2 = s1 ^ s2).
 *
 * Adequacy. These are multiply-xorshift mixers (the MurmurHash3 finaliser
 * round structure), keyed by 128 bits of derived key, not a proven PRF such
 * as SipHash. That is adequate here because the adversary never sees a
 * value: each generated token reveals at most a biased hint of one bit
 * (green or not) through the sampler's choice, mixed with the model's own
 * preferences, and recovering key words from such hints needs the same
 * kind of frequency analysis that learns green lists directly ("watermark
 * stealing"), which no PRF prevents. What the mixers must give is
 * uniformity and independence across (seed, token) pairs so that p-values
 * are exact; the calibration test checks exactly that on 100,000 texts.
 * A keyed SipHash per vocabulary entry would cost ~20 ns, 4 ms a token at
 * 200k entries, and 20 ns per scored token, half the detector's budget.
 */
#ifndef SW_WM_PRF_H
#define SW_WM_PRF_H

#include <stdint.h>

#define SW_WM_GOLDEN32 0x9e3779b1u

static inline uint32_t sw_wm_fmix32(uint32_t x)
{
    x ^= x >> 16;
    x *= 0x85ebca6bu;
    x ^= x >> 13;
    x *= 0xc2b2ae35u;
    x ^= x >> 16;
    return x;
}

typedef struct sw_wm_keys {
    uint32_t tok_a, tok_b;   /* tokhash */
    uint32_t seed_a, seed_b; /* seed words */
} sw_wm_keys;

/* tokhash(t) from tg = t * SW_WM_GOLDEN32 (embedding's loops step tg by
 * SW_WM_GOLDEN32: an addition per vector instead of a multiply). */
static inline uint32_t sw_wm_tokhash_g(const sw_wm_keys *k, uint32_t tg)
{
    return sw_wm_fmix32(tg ^ k->tok_a) ^ k->tok_b;
}

static inline uint32_t sw_wm_tokhash(const sw_wm_keys *k, uint32_t t)
{
    return sw_wm_tokhash_g(k, t * SW_WM_GOLDEN32);
}

static inline void sw_wm_seed_words(const sw_wm_keys *k, uint32_t seed, uint32_t *sa, uint32_t *sb)
{
    uint32_t a = sw_wm_fmix32(seed ^ k->seed_a);
    *sa = a;
    *sb = sw_wm_fmix32(a + k->seed_b);
}

/* unit(sa, sb, t) from w = t * SW_WM_GOLDEN32 + sa, short of its last
 * step x ^= x >> 15. That step leaves the top 15 bits as they are, so
 * embedding's filter compares these values and finishes the few that pass. */
static inline uint32_t sw_wm_unit_pre(uint32_t w, uint32_t sb)
{
    return (sw_wm_fmix32(w) ^ sb) * 0x27d4eb2fu;
}

static inline uint32_t sw_wm_unit(uint32_t sa, uint32_t sb, uint32_t t)
{
    uint32_t x = sw_wm_unit_pre(t * SW_WM_GOLDEN32 + sa, sb);
    return x ^ (x >> 15);
}

#endif
