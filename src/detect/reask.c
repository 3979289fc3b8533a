/*
 * reask.c — see reask.h.
 *
 * One direct-mapped table of 64-bit keys, like the text memo: the low bits
 * of a key pick its slot. A note computes the keys of all of a text's
 * segments first and asks for their slots, then reads them, so that the
 * cache misses of one text overlap (the engine goes further and does other
 * work between the two halves).
 */
#include "detect/reask.h"

#include <stdlib.h>
#include <string.h>

#include "core/bigtable.h"
#include "core/error.h"
#include "core/hash.h"
#include "detect/content.h"

/* Only the head of a long text is read: the question of an extraction
 * request sits in its first kilobytes, and an agent's pasted file does not
 * need to be cut into sentences for this. */
#define REASK_SCAN_BYTES 16384
#define LABEL_MAX_BYTES 24 /* a multiple of 8 (mark_in_head) */
#define LABEL_MAX_WORDS 3

struct sw_reask {
    uint64_t *slots;
    size_t mask;
};

int sw_reask_new(sw_reask **out, size_t slots)
{
    size_t n = 1;
    while (n < slots)
        n <<= 1;
    sw_reask *r = calloc(1, sizeof *r);
    if (!r)
        return SW_ENOMEM;
    r->slots = sw_bigtable_alloc(n, sizeof *r->slots);
    if (!r->slots) {
        free(r);
        return SW_ENOMEM;
    }
    r->mask = n - 1;
    *out = r;
    return SW_OK;
}

void sw_reask_free(sw_reask *r)
{
    if (!r)
        return;
    sw_bigtable_free(r->slots, r->mask + 1, sizeof *r->slots);
    free(r);
}

size_t sw_reask_bytes(const sw_reask *r)
{
    return sizeof *r + (r->mask + 1) * sizeof *r->slots;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

/* Whether one of the first 24 bytes of seg is ':' or ']' (most segments
 * have neither, and this answers for them in three word loads). */
static bool mark_in_head(const char *seg)
{
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    uint64_t found = 0;
    for (int k = 0; k < LABEL_MAX_BYTES / 8; k++) {
        uint64_t w, colon, bracket;
        memcpy(&w, seg + 8 * k, 8);
        colon = w ^ (ones * ':');
        bracket = w ^ (ones * ']');
        found |= ((colon - ones) & ~colon) | ((bracket - ones) & ~bracket);
    }
    return (found & highs) != 0;
}

/* Length of a leading label ("Question:", "[Condition B]") including the
 * blank after it, or 0 when seg does not open with one. */
static size_t label_length(const char *seg, size_t n)
{
    size_t limit = n < LABEL_MAX_BYTES ? n : LABEL_MAX_BYTES;
    if (limit == LABEL_MAX_BYTES && !mark_in_head(seg))
        return 0;
    int words = 1;
    for (size_t i = 0; i < limit; i++) {
        char c = seg[i];
        if ((c == ':' || c == ']') && i > 0 && i + 1 < n && is_blank(seg[i + 1]))
            return i + 2;
        if (c == ' ' || c == '\t') {
            if (i == 0 || is_blank(seg[i - 1]) || ++words > LABEL_MAX_WORDS)
                return 0;
        } else if (is_blank(c)) {
            return 0;
        }
    }
    return 0;
}

size_t sw_reask_core(const char *seg, size_t n, const char **out)
{
    /* a sentence segment opens with the full stop that ended the one before */
    while (n && (is_blank(*seg) || *seg == '.')) {
        seg++;
        n--;
    }
    /* at most two labels: "Problem 12: Q: …" */
    for (int k = 0; k < 2; k++) {
        size_t label = label_length(seg, n);
        if (!label)
            break;
        seg += label;
        n -= label;
        while (n && is_blank(*seg)) {
            seg++;
            n--;
        }
    }
    /* …and the same sentence may end a line with its full stop or be cut
     * before it */
    while (n && (is_blank(seg[n - 1]) || seg[n - 1] == '.'))
        n--;
    *out = seg;
    return n;
}

size_t sw_reask_keys(uint32_t owner, const char *text, size_t n, uint64_t keys[SW_REASK_MAX_SEGMENTS])
{
    if (!text || !n)
        return 0;
    if (n > REASK_SCAN_BYTES)
        n = REASK_SCAN_BYTES;
    size_t at[SW_REASK_MAX_SEGMENTS], len[SW_REASK_MAX_SEGMENTS];
    size_t found = sw_content_segments(text, n, at, len, SW_REASK_MAX_SEGMENTS);
    if (found > SW_REASK_MAX_SEGMENTS)
        found = SW_REASK_MAX_SEGMENTS;
    size_t nkeys = 0;
    uint64_t seed = sw_mix64((uint64_t)owner + 0x5265617365ULL);
    for (size_t i = 0; i < found; i++) {
        const char *core;
        size_t core_len = sw_reask_core(text + at[i], len[i], &core);
        if (core_len >= SW_REASK_MIN_SEGMENT)
            keys[nkeys++] = sw_hash64(core, core_len, seed) | 1; /* 0 marks an empty slot */
    }
    return nkeys;
}

void sw_reask_prefetch(const sw_reask *r, const uint64_t *keys, size_t nkeys)
{
    for (size_t i = 0; i < nkeys; i++)
        __builtin_prefetch(&r->slots[keys[i] & r->mask], 1);
}

bool sw_reask_record(sw_reask *r, const uint64_t *keys, size_t nkeys)
{
    bool all_seen = nkeys > 0;
    for (size_t i = 0; i < nkeys; i++) {
        uint64_t *slot = &r->slots[keys[i] & r->mask];
        if (*slot != keys[i]) {
            all_seen = false;
            *slot = keys[i];
        }
    }
    return all_seen;
}

bool sw_reask_note(sw_reask *r, uint32_t owner, const char *text, size_t n)
{
    if (!r)
        return false;
    uint64_t keys[SW_REASK_MAX_SEGMENTS];
    size_t nkeys = sw_reask_keys(owner, text, n, keys);
    sw_reask_prefetch(r, keys, nkeys);
    return sw_reask_record(r, keys, nkeys);
}
