/*
 * minhash.h — MinHash signatures of prompt text, and a bounded LSH index.
 *
 * What it is for. A distillation campaign spreads one prompt set over many
 * accounts, and the same prompts come back with trivial edits (a different
 * number, a reworded clause). To see that two accounts send near-duplicate
 * prompts we sketch each prompt as a 32-slot MinHash signature, band the
 * signature into keys, and look the keys up in a fixed-size index that
 * remembers which accounts recently sent something with the same band.
 *
 * Shingles. The first SW_MINHASH_MAX_BYTES (4096) bytes of the text are cut
 * into words: maximal runs of ASCII letters and digits and of any byte
 * >= 0x80 (so UTF-8 multibyte characters belong to the words around them);
 * everything else is a separator. Letters are lowercased (ASCII only). A run
 * of digits, including "." or "," between digits, becomes the single
 * character '#', so "3.14", "1,000" and "7" are all "#" and "item42" is
 * "item#": templated numbers do not break similarity. The shingles are the
 * overlapping word 3-grams; a text of one or two words is shingled by its
 * words. Each word is hashed with sw_hash64 once, and each shingle is the
 * sw_hash64 of its words' hashes.
 *
 * The signature. One-permutation hashing: instead of K independent hash
 * functions, one hash per shingle is split, its top 5 bits choosing one of
 * K = 32 slots and its low 32 bits being the value; each slot keeps the
 * smallest value it gets. Equal slots in two signatures then estimate the
 * Jaccard similarity of the shingle sets, at the cost of one hash per
 * shingle rather than 32. Texts with fewer than ~100 shingles leave slots
 * empty; densification by rotation fills each empty slot from the nearest
 * non-empty slot to its right (circularly), plus an offset that depends on
 * the distance, so the estimate stays unbiased for short texts too.
 *
 * Bands. The 32 slots are cut into SW_LSH_BANDS = 8 bands of 4 rows; a
 * band's key is a hash of its 4 values with the band index mixed in, so equal
 * rows in different bands give different keys. Two texts with similarity s
 * share at least one band key with probability 1-(1-s^4)^8: 98% at s=0.8,
 * 40% at s=0.5, 1.3% at s=0.2.
 *
 * The index. sw_lsh is an open-addressing table of exactly `slots` entries
 * allocated once; each entry holds one band key and up to 4 owners (account
 * ids), the most recent first. A key is looked for in a window of at most 8
 * entries from its home position. When it is absent, it takes the first
 * free entry of the window, or else evicts the least recently touched entry
 * of the window: memory never grows, old keys fade out, recent ones stay.
 * Entries are never emptied, so lookups may stop at the first free entry.
 *
 * Contract.
 *  - sw_minhash_text and sw_minhash_bands are pure computation: no
 *    allocation, no I/O, no global state; cost linear in min(n, 4096).
 *  - text need not be NUL-terminated nor valid UTF-8; n bytes are read.
 *  - sw_lsh_new returns NULL on a zero size or on allocation failure;
 *    sw_lsh_insert_query allocates nothing. An index is not thread-safe.
 */
#ifndef SW_MINHASH_H
#define SW_MINHASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SW_MINHASH_K 32
#define SW_LSH_BANDS 8
#define SW_LSH_ROWS (SW_MINHASH_K / SW_LSH_BANDS)
#define SW_MINHASH_MAX_BYTES 4096
#define SW_LSH_OWNERS 4 /* owners remembered per key */

typedef struct {
    uint32_t v[SW_MINHASH_K];
} sw_minhash;

/* Signature of the first min(n, SW_MINHASH_MAX_BYTES) bytes of text.
 * Returns false (and zeroes *out) when the text has no words. */
bool sw_minhash_text(sw_minhash *out, const char *text, size_t n);

/* Estimated Jaccard similarity of the two shingle sets: the fraction of
 * equal slots, in [0, 1]. */
double sw_minhash_similarity(const sw_minhash *a, const sw_minhash *b);

/* The SW_LSH_BANDS band keys of a signature. */
void sw_minhash_bands(const sw_minhash *m, uint64_t keys[SW_LSH_BANDS]);

typedef struct sw_lsh sw_lsh;

/* A new index of exactly `slots` entries (about 32 bytes each); NULL if
 * slots is 0 or memory is short. */
sw_lsh *sw_lsh_new(size_t slots);
void sw_lsh_free(sw_lsh *ix);
size_t sw_lsh_bytes(const sw_lsh *ix); /* memory held (fixed at creation) */

/* Looks up every key and then records `owner` under each. Returns the
 * number of distinct owners other than `owner` that were stored under any
 * of the keys (at most SW_LSH_BANDS * SW_LSH_OWNERS); the first
 * min(result, max_others) of them are written to `others` (which may be
 * NULL when max_others is 0), in the order found: band by band, most recent
 * first. */
int sw_lsh_insert_query(sw_lsh *ix, const uint64_t keys[SW_LSH_BANDS], uint32_t owner,
                        uint32_t *others, int max_others);

/* Entries in use (never more than the `slots` given to sw_lsh_new), and
 * how many entries have been evicted to make room since creation. */
size_t sw_lsh_used(const sw_lsh *ix);
uint64_t sw_lsh_evictions(const sw_lsh *ix);

#endif
