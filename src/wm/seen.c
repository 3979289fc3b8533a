/*
 * seen.c — the set of (seed, token) tuples already scored.
 *
 * A detector must count a repeated tuple once: the same seed and token give
 * the same green bit or r value, so a text that repeats a phrase (or a
 * corpus that repeats a boilerplate) would otherwise count one coin flip many
 * times and reach any p-value it likes. The seed is 32 bits and the token 32
 * bits, so a tuple is one exact 64-bit key: no hashing of long windows and
 * no false "repeats" from collisions.
 *
 * Open addressing with linear probing over a power-of-two array of keys,
 * kept at most half full; 0 marks an empty slot and the tuple whose key is 0
 * is remembered by a flag. Clearing keeps the array, so one set reused
 * across a corpus's documents allocates only while it grows.
 */
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/hash.h"
#include "wm/seen.h"

struct sw_wm_seen {
    uint64_t *slots;
    size_t mask; /* capacity - 1 */
    size_t count;
    int has_zero;
};

#define INITIAL_CAPACITY 1024

int sw_wm_seen_new(sw_wm_seen **out)
{
    sw_wm_seen *s = calloc(1, sizeof *s);
    if (!s)
        return SW_ENOMEM;
    s->slots = calloc(INITIAL_CAPACITY, sizeof *s->slots);
    if (!s->slots) {
        free(s);
        return SW_ENOMEM;
    }
    s->mask = INITIAL_CAPACITY - 1;
    *out = s;
    return SW_OK;
}

void sw_wm_seen_clear(sw_wm_seen *s)
{
    if (s->count)
        memset(s->slots, 0, (s->mask + 1) * sizeof *s->slots);
    s->count = 0;
    s->has_zero = 0;
}

void sw_wm_seen_free(sw_wm_seen *s)
{
    if (!s)
        return;
    free(s->slots);
    free(s);
}

size_t sw_wm_seen_count(const sw_wm_seen *s)
{
    return s->count;
}

size_t sw_wm_seen_bytes(const sw_wm_seen *s)
{
    return sizeof *s + (s->mask + 1) * sizeof *s->slots;
}

static void place(uint64_t *slots, size_t mask, uint64_t key)
{
    size_t i = (size_t)sw_mix64(key) & mask;
    while (slots[i])
        i = (i + 1) & mask;
    slots[i] = key;
}

static int grow(sw_wm_seen *s)
{
    size_t cap = (s->mask + 1) * 2;
    uint64_t *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return SW_ENOMEM;
    for (size_t i = 0; i <= s->mask; i++)
        if (s->slots[i])
            place(slots, cap - 1, s->slots[i]);
    free(s->slots);
    s->slots = slots;
    s->mask = cap - 1;
    return SW_OK;
}

int sw_wm_seen_add(sw_wm_seen *s, uint64_t key)
{
    if (key == 0) {
        if (s->has_zero)
            return 0;
        s->has_zero = 1;
        s->count++;
        return 1;
    }
    size_t i = (size_t)sw_mix64(key) & s->mask;
    for (;;) {
        uint64_t k = s->slots[i];
        if (k == key)
            return 0;
        if (!k)
            break;
        i = (i + 1) & s->mask;
    }
    if ((s->count + 1) * 2 > s->mask + 1) {
        if (grow(s) != SW_OK)
            return SW_ENOMEM;
        place(s->slots, s->mask, key);
    } else {
        s->slots[i] = key;
    }
    s->count++;
    return 1;
}
