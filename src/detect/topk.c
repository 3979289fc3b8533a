/*
 * topk.c — see topk.h for the design.
 *
 * With 8 counters a linear scan is as fast as anything cleverer (the keys
 * fill one cache line, the counts half of one), so there is no heap and no
 * index: add scans for the key and remembers the smallest count on the way.
 */
#include "detect/topk.h"

#include <string.h>

static inline uint32_t sat_inc(uint32_t x)
{
    return x == UINT32_MAX ? x : x + 1;
}

void sw_topk_init(sw_topk *t)
{
    memset(t, 0, sizeof *t);
}

void sw_topk_add(sw_topk *t, uint64_t key)
{
    t->total = sat_inc(t->total);
    uint32_t min_i = 0;
    for (uint32_t i = 0; i < t->used; i++) {
        if (t->key[i] == key) {
            t->count[i] = sat_inc(t->count[i]);
            return;
        }
        if (t->count[i] < t->count[min_i])
            min_i = i;
    }
    if (t->used < SW_TOPK_K) {
        t->key[t->used] = key;
        t->count[t->used] = 1;
        t->used++;
        return;
    }
    /* Replace the smallest counter; the newcomer inherits its count. */
    t->key[min_i] = key;
    t->count[min_i] = sat_inc(t->count[min_i]);
}

uint32_t sw_topk_max(const sw_topk *t, uint64_t *key_out)
{
    uint32_t best = 0;
    uint64_t best_key = 0;
    for (uint32_t i = 0; i < t->used; i++) {
        if (t->count[i] > best) {
            best = t->count[i];
            best_key = t->key[i];
        }
    }
    if (key_out)
        *key_out = best_key;
    return best;
}

uint32_t sw_topk_total(const sw_topk *t)
{
    return t->total;
}

uint32_t sw_topk_count(const sw_topk *t, uint64_t key)
{
    for (uint32_t i = 0; i < t->used; i++)
        if (t->key[i] == key)
            return t->count[i];
    return 0;
}
