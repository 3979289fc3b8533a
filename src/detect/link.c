/*
 * link.c — see link.h.
 *
 * Item slots: (item key, last 4 distinct accounts). Pair slots: (pair key,
 * count, last item). Both are open-addressed with a probe window of 8; when
 * a window is full the entry with the lowest count (pairs) or the last slot
 * of the window (items) is replaced. Eviction forgets weak evidence first,
 * which is the right loss: strong pairs have high counts and survive.
 */
#include "detect/link.h"

#include <stdlib.h>
#include <string.h>

#include "core/bigtable.h"
#include "core/error.h"
#include "core/hash.h"

#define PROBE 8
#define RING 4

typedef struct {
    uint64_t key; /* 0: empty */
    uint32_t acct[RING];
    uint8_t n;
} item_slot;

typedef struct {
    uint64_t key; /* 0: empty */
    uint32_t item; /* low bits of the last item that bumped the pair */
    uint16_t count;
} pair_slot;

struct sw_links {
    uint32_t *parent, *next;
    sw_cluster *clusters; /* indexed by account; valid at roots */
    uint32_t n, cap;
    item_slot *items;
    size_t item_mask;
    pair_slot *pairs;
    size_t pair_mask;
};

static size_t pow2_at_least(size_t n)
{
    size_t p = 1024;
    while (p < n)
        p <<= 1;
    return p;
}

sw_links *sw_links_new(size_t item_slots, size_t pair_slots)
{
    sw_links *l = calloc(1, sizeof *l);
    if (!l)
        return NULL;
    item_slots = pow2_at_least(item_slots);
    pair_slots = pow2_at_least(pair_slots);
    l->item_mask = item_slots - 1;
    l->pair_mask = pair_slots - 1;
    l->items = sw_bigtable_alloc(item_slots, sizeof *l->items);
    l->pairs = sw_bigtable_alloc(pair_slots, sizeof *l->pairs);
    if (!l->items || !l->pairs) {
        sw_links_free(l);
        return NULL;
    }
    return l;
}

void sw_links_free(sw_links *l)
{
    if (!l)
        return;
    free(l->parent);
    free(l->next);
    free(l->clusters);
    sw_bigtable_free(l->items, l->item_mask + 1, sizeof *l->items);
    sw_bigtable_free(l->pairs, l->pair_mask + 1, sizeof *l->pairs);
    free(l);
}

int sw_links_reserve(sw_links *l, uint32_t n)
{
    if (n <= l->n)
        return SW_OK;
    if (n > l->cap) {
        uint32_t cap = l->cap ? l->cap : 1024;
        while (cap < n)
            cap *= 2;
        uint32_t *p = realloc(l->parent, cap * sizeof *p);
        if (!p)
            return SW_ENOMEM;
        l->parent = p;
        uint32_t *nx = realloc(l->next, cap * sizeof *nx);
        if (!nx)
            return SW_ENOMEM;
        l->next = nx;
        sw_cluster *c = realloc(l->clusters, cap * sizeof *c);
        if (!c)
            return SW_ENOMEM;
        l->clusters = c;
        l->cap = cap;
    }
    for (uint32_t i = l->n; i < n; i++) {
        l->parent[i] = l->next[i] = i;
        memset(&l->clusters[i], 0, sizeof l->clusters[i]);
        l->clusters[i].size = 1;
        l->clusters[i].flagged_ms = -1;
        l->clusters[i].first_member = i;
        l->clusters[i].created_min = l->clusters[i].created_max = -1;
    }
    l->n = n;
    return SW_OK;
}

uint32_t sw_links_root(sw_links *l, uint32_t a)
{
    while (l->parent[a] != a) {
        l->parent[a] = l->parent[l->parent[a]];
        a = l->parent[a];
    }
    return a;
}

sw_cluster *sw_links_cluster(sw_links *l, uint32_t root)
{
    return &l->clusters[root];
}

uint32_t sw_links_next_member(const sw_links *l, uint32_t a)
{
    return l->next[a];
}

uint32_t sw_links_union(sw_links *l, uint32_t a, uint32_t b, sw_link_kind why, uint32_t *absorbed)
{
    uint32_t ra = sw_links_root(l, a), rb = sw_links_root(l, b);
    if (ra == rb)
        return UINT32_MAX;
    sw_cluster *ca = &l->clusters[ra], *cb = &l->clusters[rb];
    if (ca->size < cb->size) {
        uint32_t t = ra;
        ra = rb;
        rb = t;
        sw_cluster *tc = ca;
        ca = cb;
        cb = tc;
    }
    l->parent[rb] = ra;
    /* splice the two circular member lists */
    uint32_t t = l->next[ra];
    l->next[ra] = l->next[rb];
    l->next[rb] = t;
    ca->size += cb->size;
    for (int k = 0; k < SW_LINK_KINDS; k++)
        ca->links[k] += cb->links[k];
    ca->links[why]++;
    ca->events += cb->events;
    ca->extraction_events += cb->extraction_events;
    ca->weak += cb->weak;
    ca->carded += cb->carded;
    ca->proxied += cb->proxied;
    ca->pivoted += cb->pivoted;
    if (cb->first_member < ca->first_member)
        ca->first_member = cb->first_member;
    if (cb->created_min >= 0 && (ca->created_min < 0 || cb->created_min < ca->created_min))
        ca->created_min = cb->created_min;
    if (cb->created_max > ca->created_max)
        ca->created_max = cb->created_max;
    if (cb->flagged_ms >= 0 && (ca->flagged_ms < 0 || cb->flagged_ms < ca->flagged_ms))
        ca->flagged_ms = cb->flagged_ms;
    if (absorbed)
        *absorbed = rb;
    return ra;
}

static uint64_t pair_key(sw_link_kind kind, uint32_t a, uint32_t b)
{
    uint32_t lo = a < b ? a : b, hi = a < b ? b : a;
    uint64_t k = sw_mix64(((uint64_t)lo << 32 | hi) ^ ((uint64_t)kind << 61));
    return k ? k : 1;
}

void sw_links_prefetch_pair(const sw_links *l, sw_link_kind kind, uint32_t a, uint32_t b)
{
    __builtin_prefetch(&l->pairs[pair_key(kind, a, b) & l->pair_mask], 1);
}

uint32_t sw_links_bump_pair(sw_links *l, sw_link_kind kind, uint32_t a, uint32_t b, uint64_t item)
{
    uint64_t key = pair_key(kind, a, b);
    uint32_t item32 = (uint32_t)sw_mix64(item) | 1u; /* 0 would read as "no item" */
    size_t weakest = SIZE_MAX;
    for (size_t i = 0; i < PROBE; i++) {
        pair_slot *s = &l->pairs[(key + i) & l->pair_mask];
        if (s->key == key) {
            if (s->item != item32 && s->count < UINT16_MAX) {
                s->count++;
                s->item = item32;
            }
            return s->count;
        }
        if (!s->key) {
            *s = (pair_slot){key, item32, 1};
            return 1;
        }
        if (weakest == SIZE_MAX || s->count < l->pairs[(key + weakest) & l->pair_mask].count)
            weakest = i;
    }
    l->pairs[(key + weakest) & l->pair_mask] = (pair_slot){key, item32, 1};
    return 1;
}

static uint64_t item_key(sw_link_kind kind, uint64_t item)
{
    uint64_t key = sw_mix64(item ^ ((uint64_t)kind << 58));
    return key ? key : 1;
}

void sw_links_prefetch_item(const sw_links *l, sw_link_kind kind, uint64_t item)
{
    __builtin_prefetch(&l->items[item_key(kind, item) & l->item_mask], 1);
}

int sw_links_observe(sw_links *l, sw_link_kind kind, uint64_t item, uint32_t a, uint32_t threshold,
                     uint32_t *ready, int max_ready)
{
    uint64_t key = item_key(kind, item);
    item_slot *slot = NULL;
    for (size_t i = 0; i < PROBE; i++) {
        item_slot *s = &l->items[(key + i) & l->item_mask];
        if (s->key == key || !s->key) {
            slot = s;
            break;
        }
    }
    if (!slot) { /* window full: forget the oldest-placed item */
        slot = &l->items[(key + PROBE - 1) & l->item_mask];
        memset(slot, 0, sizeof *slot);
    }
    if (!slot->key)
        slot->key = key;

    int nready = 0;
    bool present = false;
    for (int i = 0; i < slot->n; i++) /* overlap the pairs' cache misses */
        sw_links_prefetch_pair(l, kind, a, slot->acct[i]);
    for (int i = 0; i < slot->n; i++) {
        uint32_t other = slot->acct[i];
        if (other == a) {
            present = true;
            continue;
        }
        uint32_t c = sw_links_bump_pair(l, kind, a, other, item);
        if (c >= threshold && nready < max_ready)
            ready[nready++] = other;
    }
    if (!present) {
        if (slot->n < RING) {
            slot->acct[slot->n++] = a;
        } else {
            memmove(slot->acct, slot->acct + 1, (RING - 1) * sizeof slot->acct[0]);
            slot->acct[RING - 1] = a;
        }
    }
    return nready;
}

size_t sw_links_bytes(const sw_links *l)
{
    return (size_t)l->cap * (2 * sizeof(uint32_t) + sizeof(sw_cluster)) +
           (l->item_mask + 1) * sizeof(item_slot) + (l->pair_mask + 1) * sizeof(pair_slot);
}
