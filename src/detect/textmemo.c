/*
 * textmemo.c — see textmemo.h.
 *
 * Direct-mapped: the low bits of the hash pick the one slot a text may live
 * in. No chaining, no eviction policy, no allocation after creation: a new
 * text simply overwrites whatever shared its slot. With the repetition of
 * real traffic concentrated in recent and popular texts, that is enough to
 * catch most repeats at the cost of one cache line per event.
 */
#include "detect/textmemo.h"

#include <stdlib.h>

#include "core/bigtable.h"
#include "core/error.h"

struct sw_textmemo {
    sw_text_facts *slots;
    size_t mask;
    uint64_t lookups, hits;
};

int sw_textmemo_new(sw_textmemo **out, size_t slots)
{
    size_t n = 1;
    while (n < slots)
        n <<= 1;
    sw_textmemo *m = calloc(1, sizeof *m);
    if (!m)
        return SW_ENOMEM;
    m->slots = sw_bigtable_alloc(n, sizeof *m->slots);
    if (!m->slots) {
        free(m);
        return SW_ENOMEM;
    }
    m->mask = n - 1;
    *out = m;
    return SW_OK;
}

void sw_textmemo_free(sw_textmemo *m)
{
    if (!m)
        return;
    sw_bigtable_free(m->slots, m->mask + 1, sizeof *m->slots);
    free(m);
}

sw_text_facts *sw_textmemo_slot(sw_textmemo *m, uint64_t hash, size_t len, bool *hit)
{
    uint32_t len32 = len > UINT32_MAX ? UINT32_MAX : (uint32_t)len;
    sw_text_facts *s = &m->slots[hash & m->mask];
    m->lookups++;
    /* an all-zero slot is empty: a real text's len is never 0 here */
    *hit = s->len == len32 && s->hash == hash && len32 != 0;
    if (*hit) {
        m->hits++;
    } else {
        s->hash = hash;
        s->len = len32;
        s->bands_state = SW_BANDS_UNKNOWN;
    }
    return s;
}

void sw_textmemo_prefetch(const sw_textmemo *m, uint64_t hash)
{
    __builtin_prefetch(&m->slots[hash & m->mask], 1);
}

void sw_textmemo_stats(const sw_textmemo *m, uint64_t *lookups, uint64_t *hits)
{
    *lookups = m->lookups;
    *hits = m->hits;
}

size_t sw_textmemo_bytes(const sw_textmemo *m)
{
    return sizeof *m + (m->mask + 1) * sizeof *m->slots;
}
