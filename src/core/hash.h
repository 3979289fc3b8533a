/*
 * hash.h — fast non-cryptographic 64-bit hashing for sketches and tables.
 *
 * The detector hashes every address, template skeleton and text shingle it
 * sees, so the hash must be cheap and well mixed in every bit (HyperLogLog
 * reads the leading zeros, MinHash the minimum, tables the low bits). It is
 * not keyed against adversaries: where an attacker could choose colliding
 * inputs to hide, the keyed BLAKE2b of src/intel is used instead.
 */
#ifndef SW_HASH_H
#define SW_HASH_H

#include <stddef.h>
#include <stdint.h>

/* Finalising mixer: a bijection of 64-bit words with full avalanche. */
static inline uint64_t sw_mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

/* Hash of n bytes at p with a seed; equal inputs and seeds give equal hashes. */
uint64_t sw_hash64(const void *p, size_t n, uint64_t seed);

/* Hash of a NUL-terminated string. */
uint64_t sw_hash_str(const char *s, uint64_t seed);

#endif
