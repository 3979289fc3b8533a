/*
 * hash.c — see hash.h.
 *
 * Eight bytes at a time: each word is multiplied into the state with a
 * 128-bit multiply folded back to 64 bits (the "multiply-fold" that gives
 * good diffusion per instruction). All loads go through memcpy (no unaligned
 * access) and never past the end of the input. The length is mixed in so that
 * inputs that differ only by trailing zero bytes hash differently.
 */
#include "core/hash.h"

#include <string.h>

static inline uint64_t fold_mul(uint64_t a, uint64_t b)
{
    __uint128_t r = (__uint128_t)a * b;
    return (uint64_t)r ^ (uint64_t)(r >> 64);
}

/* Reads 1..8 trailing bytes without a byte-by-byte copy: overlapping
 * loads cover the tail (the bytes they repeat are already hashed, and the
 * length is mixed in, so no two inputs are confused by the overlap). */
static inline uint64_t tail_word(const unsigned char *start, const unsigned char *s, size_t n)
{
    uint64_t t;
    if (s - start >= 8 - (ptrdiff_t)n) { /* there are earlier bytes to overlap with */
        memcpy(&t, s + n - 8, 8);
        return t;
    }
    if (n >= 4) {
        uint32_t a, b;
        memcpy(&a, s, 4);
        memcpy(&b, s + n - 4, 4);
        return (uint64_t)a << 32 | b;
    }
    return (uint64_t)s[0] << 16 | (uint64_t)s[n / 2] << 8 | s[n - 1];
}

uint64_t sw_hash64(const void *p, size_t n, uint64_t seed)
{
    const unsigned char *start = p, *s = p;
    const uint64_t k0 = 0xa0761d6478bd642fULL, k1 = 0xe7037ed1a0b428dbULL;
    uint64_t h = seed ^ k0 ^ ((uint64_t)n * k1);
    while (n > 16) {
        uint64_t a, b;
        memcpy(&a, s, 8);
        memcpy(&b, s + 8, 8);
        h = fold_mul(a ^ k1 ^ h, b ^ k0);
        s += 16;
        n -= 16;
    }
    if (n > 8) {
        uint64_t a;
        memcpy(&a, s, 8);
        h = fold_mul(a ^ k1, h ^ k0);
        s += 8;
        n -= 8;
    }
    if (n > 0)
        h = fold_mul(tail_word(start, s, n) ^ k0, h ^ k1);
    return sw_mix64(h);
}

uint64_t sw_hash_str(const char *s, uint64_t seed)
{
    return sw_hash64(s, strlen(s), seed);
}
