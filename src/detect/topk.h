/*
 * topk.h — heavy hitters over 64-bit keys (space-saving, 8 counters).
 *
 * What it is for. Per account the detector asks "what is this account's
 * most frequent template / target model / network, and what share of its
 * traffic is it?". A distiller hammering one template shows a dominant key;
 * a human's traffic is spread thin. Exact counts per key would grow without
 * bound, so we keep SW_TOPK_K = 8 counters in a fixed struct that
 * per-account state embeds.
 *
 * The algorithm (Metwally, Agrawal, El Abbadi, "space-saving", 2005). Each
 * counter holds a key and a count. A key already held has its count
 * incremented. A new key takes a free counter with count 1, or, when all 8
 * are taken, replaces the key of the counter with the smallest count c and
 * gets count c+1 (it may have been seen up to c times before, under that
 * counter's former owners). Hence:
 *  - counts never underestimate: a held key's count is its true frequency
 *    plus at most the smallest count at the time it took its counter;
 *  - the smallest count is at most N/K after N additions (the counts sum to
 *    N), so any key with true frequency > N/K is held, and its count is
 *    within N/K of the truth;
 *  - with at most K distinct keys all counts are exact.
 *
 * Contract. Pure computation on the caller's struct: no allocation, no I/O,
 * no global state. Counts and the total saturate at UINT32_MAX instead of
 * wrapping. sw_topk_init must be called (or the struct zeroed) before use.
 */
#ifndef SW_TOPK_H
#define SW_TOPK_H

#include <stdint.h>

#define SW_TOPK_K 8

typedef struct {
    uint64_t key[SW_TOPK_K];
    uint32_t count[SW_TOPK_K];
    uint32_t total; /* additions so far (N) */
    uint32_t used;  /* counters in use, 0..SW_TOPK_K */
} sw_topk;

void sw_topk_init(sw_topk *t);

void sw_topk_add(sw_topk *t, uint64_t key);

/* Count of the heaviest key (an upper bound on its frequency; see above),
 * and that key in *key_out if key_out is not NULL. 0, with *key_out = 0, if
 * nothing was added. Ties go to the lowest counter position, so the answer
 * is a function of the sequence of additions. */
uint32_t sw_topk_max(const sw_topk *t, uint64_t *key_out);

/* Number of additions so far. */
uint32_t sw_topk_total(const sw_topk *t);

/* Count held for key (an upper bound on its frequency), or 0 if key holds
 * no counter. */
uint32_t sw_topk_count(const sw_topk *t, uint64_t key);

#endif
