/*
 * minhash.c — see minhash.h for the design.
 *
 * The tokenizer works on bytes and never looks back: a word is read once,
 * its normalised bytes are packed into four 64-bit lanes that are hashed
 * (and chained into the word's hash when a long word fills them), and the
 * last three word hashes sit in a tiny shift register from which each
 * 3-gram is hashed. That is two sw_hash64 calls per word, which is most of
 * the cost (about 2.5 us per 1 KB prompt).
 */
#include "detect/minhash.h"

#include "core/bigtable.h"
#include "core/hash.h"

#include <stdlib.h>
#include <string.h>

/* Seeds: arbitrary, distinct, so that words, shingles and band keys live in
 * unrelated hash spaces. */
#define WORD_SEED 0x6d696e68617368ULL    /* "minhash" */
#define SHINGLE_SEED 0x7368696e676c65ULL /* "shingle" */
#define BAND_SEED 0x6c73686261ULL        /* "lshba" */
/* Offset per step of rotation in densification; odd, so that distances
 * 1..31 give distinct offsets. */
#define ROTATE_STEP 0x9e3779b1u

static inline bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static inline bool is_word_byte(unsigned char c)
{
    return is_digit(c) || (unsigned char)((c | 0x20) - 'a') < 26 || c >= 0x80;
}

/* Reads the word starting at *ps (a word byte) and returns its hash;
 * advances *ps past it. The normalised bytes are packed into 64-bit lanes
 * in a register and stored a lane at a time, so that sw_hash64 reads whole
 * words that were written whole (a byte-wise copy followed by a word load
 * stalls store forwarding, which cost more than the rest of the hashing).
 * The last lane is zero-padded; words contain no zero byte, so padding is
 * unambiguous, and the length goes into the seed anyway. */
static uint64_t read_word(const unsigned char **ps, const unsigned char *end)
{
    const unsigned char *s = *ps;
    uint64_t lanes[4], lane = 0;
    unsigned nlanes = 0, shift = 0;
    uint64_t h = WORD_SEED, len = 0;
    while (s < end) {
        unsigned char c = *s, out;
        if (is_digit(c)) {
            /* A number: digits, with "." or "," allowed between digits. */
            do {
                s++;
                if (s + 1 < end && (*s == '.' || *s == ',') && is_digit(s[1]))
                    s++;
            } while (s < end && is_digit(*s));
            out = '#';
        } else if (is_word_byte(c)) {
            out = (c >= 'A' && c <= 'Z') ? (unsigned char)(c | 0x20) : c;
            s++;
        } else {
            break;
        }
        lane |= (uint64_t)out << shift;
        len++;
        if ((shift += 8) == 64) {
            lanes[nlanes++] = lane;
            lane = 0;
            shift = 0;
            if (nlanes == 4) { /* a long word: chain 32 bytes at a time */
                h = sw_hash64(lanes, sizeof lanes, h);
                nlanes = 0;
            }
        }
    }
    if (shift)
        lanes[nlanes++] = lane;
    *ps = s;
    return sw_hash64(lanes, nlanes * sizeof lanes[0], h + len);
}

static inline void add_shingle(uint32_t v[SW_MINHASH_K], uint32_t *filled, uint64_t h)
{
    unsigned slot = (unsigned)(h >> 59); /* top 5 bits: 32 slots */
    uint32_t val = (uint32_t)h;
    if (!(*filled >> slot & 1u) || val < v[slot]) {
        v[slot] = val;
        *filled |= 1u << slot;
    }
}

bool sw_minhash_text(sw_minhash *out, const char *text, size_t n)
{
    _Static_assert(SW_MINHASH_K == 32, "slot selection and the filled mask assume 32 slots");
    if (n > SW_MINHASH_MAX_BYTES)
        n = SW_MINHASH_MAX_BYTES;
    const unsigned char *s = (const unsigned char *)text, *end = s + n;
    uint32_t *v = out->v;
    uint32_t filled = 0;
    uint64_t w[3] = {0, 0, 0}; /* last three word hashes, oldest first */
    size_t words = 0;

    for (;;) {
        while (s < end && !is_word_byte(*s))
            s++;
        if (s == end)
            break;
        w[0] = w[1];
        w[1] = w[2];
        w[2] = read_word(&s, end);
        if (++words >= 3)
            add_shingle(v, &filled, sw_hash64(w, sizeof w, SHINGLE_SEED));
    }
    if (words == 0) {
        memset(out, 0, sizeof *out);
        return false;
    }
    /* One or two words: the words themselves are the shingles (hashed as
     * 8 bytes, so never equal to a 3-gram's 24-byte hash input). */
    if (words < 3)
        for (size_t i = 3 - words; i < 3; i++)
            add_shingle(v, &filled, sw_hash64(&w[i], sizeof w[i], SHINGLE_SEED));

    /* Densification by rotation: an empty slot j takes the value of the
     * first non-empty slot to its right, j+t (mod 32), plus t·ROTATE_STEP. */
    if (filled != UINT32_MAX) {
        for (unsigned j = 0; j < SW_MINHASH_K; j++) {
            if (filled >> j & 1u)
                continue;
            unsigned t = 1;
            while (!(filled >> ((j + t) & 31u) & 1u))
                t++;
            v[j] = v[(j + t) & 31u] + t * ROTATE_STEP;
        }
    }
    return true;
}

double sw_minhash_similarity(const sw_minhash *a, const sw_minhash *b)
{
    int same = 0;
    for (int i = 0; i < SW_MINHASH_K; i++)
        same += a->v[i] == b->v[i];
    return (double)same / SW_MINHASH_K;
}

void sw_minhash_bands(const sw_minhash *m, uint64_t keys[SW_LSH_BANDS])
{
    for (int b = 0; b < SW_LSH_BANDS; b++)
        keys[b] = sw_hash64(&m->v[b * SW_LSH_ROWS], SW_LSH_ROWS * sizeof m->v[0],
                            BAND_SEED + (uint64_t)b * 0x9e3779b97f4a7c15ULL);
}

/* ---- the LSH index ---------------------------------------------------- */

#define PROBE_LIMIT 8

typedef struct {
    uint64_t key;
    uint32_t owner[SW_LSH_OWNERS]; /* most recent first */
    uint32_t stamp;                /* clock of the last touch */
    uint8_t n;                     /* owners held; 0 = free entry */
} lsh_entry;

struct sw_lsh {
    lsh_entry *tab;
    size_t slots, used;
    uint64_t evictions;
    uint32_t clock; /* one tick per insert_query; wraps harmlessly */
};

size_t sw_lsh_bytes(const sw_lsh *ix)
{
    return sizeof *ix + ix->slots * sizeof *ix->tab;
}

sw_lsh *sw_lsh_new(size_t slots)
{
    if (slots == 0 || slots > SIZE_MAX / sizeof(lsh_entry))
        return NULL;
    sw_lsh *ix = calloc(1, sizeof *ix);
    if (!ix)
        return NULL;
    ix->tab = sw_bigtable_alloc(slots, sizeof *ix->tab);
    if (!ix->tab) {
        free(ix);
        return NULL;
    }
    ix->slots = slots;
    return ix;
}

void sw_lsh_free(sw_lsh *ix)
{
    if (!ix)
        return;
    sw_bigtable_free(ix->tab, ix->slots, sizeof *ix->tab);
    free(ix);
}

size_t sw_lsh_used(const sw_lsh *ix)
{
    return ix->used;
}

uint64_t sw_lsh_evictions(const sw_lsh *ix)
{
    return ix->evictions;
}

/* Finds key's entry, or claims one for it (free, else least recently
 * touched in the window). *found says which. */
static lsh_entry *lsh_slot(sw_lsh *ix, uint64_t key, bool *found)
{
    size_t i = (size_t)(key % ix->slots);
    size_t limit = ix->slots < PROBE_LIMIT ? ix->slots : PROBE_LIMIT;
    lsh_entry *victim = &ix->tab[i];
    uint32_t victim_age = 0;
    for (size_t k = 0; k < limit; k++) {
        lsh_entry *e = &ix->tab[i];
        if (e->n == 0) {
            /* Entries never become free again, so the key is not further on. */
            *found = false;
            ix->used++;
            return e;
        }
        if (e->key == key) {
            *found = true;
            return e;
        }
        uint32_t age = ix->clock - e->stamp;
        if (age > victim_age) {
            victim = e;
            victim_age = age;
        }
        if (++i == ix->slots)
            i = 0;
    }
    *found = false;
    ix->evictions++;
    return victim;
}

/* Moves owner to the front of e's list (inserting it, dropping the oldest
 * if the list is full). */
static void lsh_touch(lsh_entry *e, uint32_t owner)
{
    int at = e->n < SW_LSH_OWNERS ? e->n : SW_LSH_OWNERS - 1;
    for (int i = 0; i < e->n; i++) {
        if (e->owner[i] == owner) {
            at = i;
            break;
        }
    }
    if (at == e->n)
        e->n++;
    memmove(&e->owner[1], &e->owner[0], (size_t)at * sizeof e->owner[0]);
    e->owner[0] = owner;
}

int sw_lsh_insert_query(sw_lsh *ix, const uint64_t keys[SW_LSH_BANDS], uint32_t owner,
                        uint32_t *others, int max_others)
{
    uint32_t seen[SW_LSH_BANDS * SW_LSH_OWNERS];
    int nseen = 0;
    ix->clock++;
    /* The bands land in unrelated parts of a large table: ask for all of
     * them at once, so that their cache misses overlap instead of queueing. */
    for (int b = 0; b < SW_LSH_BANDS; b++)
        __builtin_prefetch(&ix->tab[keys[b] % ix->slots], 1);
    for (int b = 0; b < SW_LSH_BANDS; b++) {
        bool found;
        lsh_entry *e = lsh_slot(ix, keys[b], &found);
        if (found) {
            for (int i = 0; i < e->n; i++) {
                uint32_t o = e->owner[i];
                if (o == owner)
                    continue;
                int j = 0;
                while (j < nseen && seen[j] != o)
                    j++;
                if (j == nseen) {
                    if (nseen < max_others)
                        others[nseen] = o;
                    seen[nseen++] = o;
                }
            }
            lsh_touch(e, owner);
        } else {
            e->key = keys[b];
            e->n = 1;
            e->owner[0] = owner;
        }
        e->stamp = ix->clock;
    }
    return nseen;
}
