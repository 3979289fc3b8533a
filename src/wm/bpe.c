/*
 * bpe.c — byte-level byte-pair encoding (see bpe.h).
 *
 * Vocabulary. Token bytes live end to end in one buffer; tok_off/tok_len
 * give each id its slice. An open-addressing table (linear probing, at most
 * half full) maps bytes to ids: each slot packs the top 32 bits of the hash
 * with id + 1, so a probe compares bytes only when the hashes agree. The
 * Hugging Face family adds a second table from (left id, right id) to the
 * merge's rank and result.
 *
 * Merging. The reference rule is: among the adjacent pairs of the current
 * parts, merge the one with the lowest rank, the leftmost among equals, and
 * repeat until no pair has a rank. Done literally that is quadratic in the
 * piece length, which is fine for the short pieces a pre-tokeniser makes and
 * ruinous for a megabyte of one letter. So:
 *   - pieces up to SCAN_MAX bytes use the literal rule over an array of parts
 *     that caches each pair's rank (only the two pairs beside a merge change);
 *   - longer pieces keep the parts in a linked list indexed by start byte and
 *     the candidate pairs in a binary heap ordered by (rank, start). A popped
 *     pair is stale when its left part is gone or its right part no longer
 *     ends where it did; boundaries are only ever removed, so that test is
 *     exact, and the heap yields the very pair the literal rule would pick:
 *     O(n log n).
 * Both are tested against each other (tests/unit/test_tokenizer.c).
 */
#include "wm/bpe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/hash.h"

#define SCAN_MAX 128
#define HASH_SEED 0x62706521u

int sw_ids_push(sw_ids *a, uint32_t id)
{
    if (a->n == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 64;
        uint32_t *v = realloc(a->v, cap * sizeof *v);
        if (!v)
            return SW_ENOMEM;
        a->v = v;
        a->cap = cap;
    }
    a->v[a->n++] = id;
    return SW_OK;
}

void sw_bpe_init(sw_bpe *b, int mode)
{
    memset(b, 0, sizeof *b);
    b->mode = mode;
    for (int i = 0; i < 256; i++)
        b->byte_id[i] = SW_BPE_NONE;
}

void sw_bpe_free(sw_bpe *b)
{
    if (!b)
        return;
    free(b->bytes);
    free(b->tok_off);
    free(b->tok_len);
    free(b->index);
    free(b->pair_key);
    free(b->pair_rank);
    free(b->pair_id);
    sw_bpe_init(b, b->mode);
}

/* ---- vocabulary ---------------------------------------------------------- */

static int grow_ids(sw_bpe *b, uint32_t id)
{
    if (id < b->ids_cap)
        return SW_OK;
    uint32_t cap = b->ids_cap ? b->ids_cap : 1024;
    while (cap <= id)
        cap = cap > UINT32_MAX / 2 ? UINT32_MAX : cap * 2;
    uint32_t *off = realloc(b->tok_off, (size_t)cap * sizeof *off);
    if (!off)
        return SW_ENOMEM;
    b->tok_off = off;
    uint32_t *len = realloc(b->tok_len, (size_t)cap * sizeof *len);
    if (!len)
        return SW_ENOMEM;
    b->tok_len = len;
    for (uint32_t i = b->ids_cap; i < cap; i++)
        len[i] = SW_BPE_NONE;
    b->ids_cap = cap;
    return SW_OK;
}

static int store_bytes(sw_bpe *b, const void *p, size_t n, uint32_t *off)
{
    if (n >= SW_BPE_NONE || b->bytes_len + n >= UINT32_MAX)
        return SW_ENOMEM; /* offsets are 32-bit: 4 GB of vocabulary is not a vocabulary */
    if (b->bytes_len + n > b->bytes_cap) {
        size_t cap = b->bytes_cap ? b->bytes_cap : 1 << 16;
        while (cap < b->bytes_len + n)
            cap *= 2;
        char *nb = realloc(b->bytes, cap);
        if (!nb)
            return SW_ENOMEM;
        b->bytes = nb;
        b->bytes_cap = cap;
    }
    if (n)
        memcpy(b->bytes + b->bytes_len, p, n);
    *off = (uint32_t)b->bytes_len;
    b->bytes_len += n;
    return SW_OK;
}

static inline int same_bytes(const sw_bpe *b, uint32_t id, const void *p, size_t n)
{
    return b->tok_len[id] == n && memcmp(b->bytes + b->tok_off[id], p, n) == 0;
}

/* Slot of the bytes p[0..n) with hash h: the one holding them, or the empty
 * slot where they would go. */
static uint32_t index_probe(const sw_bpe *b, const void *p, size_t n, uint64_t h)
{
    uint32_t tag = (uint32_t)(h >> 32), i = (uint32_t)h & b->index_mask;
    for (;;) {
        uint64_t s = b->index[i];
        if (s == 0)
            return i;
        if ((uint32_t)(s >> 32) == tag && same_bytes(b, (uint32_t)s - 1, p, n))
            return i;
        i = (i + 1) & b->index_mask;
    }
}

static int index_grow(sw_bpe *b)
{
    uint32_t cap = b->index ? (b->index_mask + 1) * 2 : 1024;
    if (cap == 0)
        return SW_ENOMEM;
    uint64_t *old = b->index;
    uint32_t oldcap = b->index ? b->index_mask + 1 : 0;
    b->index = calloc(cap, sizeof *b->index);
    if (!b->index) {
        b->index = old;
        return SW_ENOMEM;
    }
    b->index_mask = cap - 1;
    for (uint32_t i = 0; i < oldcap; i++) {
        if (!old[i])
            continue;
        uint32_t id = (uint32_t)old[i] - 1;
        const char *tp = b->bytes + b->tok_off[id];
        uint64_t h = sw_hash64(tp, b->tok_len[id], HASH_SEED);
        b->index[index_probe(b, tp, b->tok_len[id], h)] = old[i];
    }
    free(old);
    return SW_OK;
}

uint32_t sw_bpe_lookup(const sw_bpe *b, const void *p, size_t n)
{
    if (!b->index)
        return SW_BPE_NONE;
    uint64_t s = b->index[index_probe(b, p, n, sw_hash64(p, n, HASH_SEED))];
    return s ? (uint32_t)s - 1 : SW_BPE_NONE;
}

int sw_bpe_add(sw_bpe *b, uint32_t id, const void *p, size_t n, int indexed, uint32_t *other)
{
    if (id > SW_BPE_MAX_ID)
        return SW_EINVAL;
    int rc = grow_ids(b, id);
    if (rc)
        return rc;
    if (b->tok_len[id] != SW_BPE_NONE) {
        if (other)
            *other = id;
        return SW_EEXIST;
    }
    if (indexed) {
        uint32_t have = sw_bpe_lookup(b, p, n);
        if (have != SW_BPE_NONE) {
            if (other)
                *other = have;
            return SW_EEXIST;
        }
    }
    uint32_t off;
    if ((rc = store_bytes(b, p, n, &off)))
        return rc;
    b->tok_off[id] = off;
    b->tok_len[id] = (uint32_t)n;
    if (id >= b->nids)
        b->nids = id + 1;
    if (!indexed)
        return SW_OK;
    if ((b->index_count + 1) * 2 > (b->index ? b->index_mask + 1 : 0) && (rc = index_grow(b)))
        return rc;
    uint64_t h = sw_hash64(p, n, HASH_SEED);
    b->index[index_probe(b, p, n, h)] = (h >> 32) << 32 | (uint64_t)(id + 1);
    b->index_count++;
    if (n == 1)
        b->byte_id[*(const unsigned char *)p] = id;
    return SW_OK;
}

int sw_bpe_token(const sw_bpe *b, uint32_t id, const char **p, size_t *n)
{
    if (id >= b->nids || b->tok_len[id] == SW_BPE_NONE)
        return SW_EINVAL;
    *p = b->bytes + b->tok_off[id];
    *n = b->tok_len[id];
    return SW_OK;
}

/* ---- merges (Hugging Face) ------------------------------------------------ */

static uint32_t pair_probe(const sw_bpe *b, uint64_t key)
{
    uint32_t i = (uint32_t)sw_mix64(key) & b->pair_mask;
    while (b->pair_key[i] != UINT64_MAX && b->pair_key[i] != key)
        i = (i + 1) & b->pair_mask;
    return i;
}

static int pair_grow(sw_bpe *b)
{
    uint32_t oldcap = b->pair_key ? b->pair_mask + 1 : 0, cap = oldcap ? oldcap * 2 : 1024;
    uint64_t *ok = b->pair_key;
    uint32_t *orank = b->pair_rank, *oid = b->pair_id;
    uint64_t *nk = malloc((size_t)cap * sizeof *nk);
    uint32_t *nr = malloc((size_t)cap * sizeof *nr), *ni = malloc((size_t)cap * sizeof *ni);
    if (!cap || !nk || !nr || !ni) {
        free(nk);
        free(nr);
        free(ni);
        return SW_ENOMEM;
    }
    memset(nk, 0xff, (size_t)cap * sizeof *nk);
    b->pair_key = nk;
    b->pair_rank = nr;
    b->pair_id = ni;
    b->pair_mask = cap - 1;
    for (uint32_t i = 0; i < oldcap; i++) {
        if (ok[i] == UINT64_MAX)
            continue;
        uint32_t j = pair_probe(b, ok[i]);
        nk[j] = ok[i];
        nr[j] = orank[i];
        ni[j] = oid[i];
    }
    free(ok);
    free(orank);
    free(oid);
    return SW_OK;
}

int sw_bpe_add_merge(sw_bpe *b, uint32_t left, uint32_t right, uint32_t rank, uint32_t merged)
{
    if ((b->pair_count + 1) * 2 > (b->pair_key ? b->pair_mask + 1 : 0)) {
        int rc = pair_grow(b);
        if (rc)
            return rc;
    }
    uint64_t key = (uint64_t)left << 32 | right;
    uint32_t i = pair_probe(b, key);
    if (b->pair_key[i] != key)
        b->pair_count++;
    b->pair_key[i] = key; /* a pair named again takes the later rank, as Hugging Face's map does */
    b->pair_rank[i] = rank;
    b->pair_id[i] = merged;
    return SW_OK;
}

int sw_bpe_finish(sw_bpe *b, char *err, size_t errsz)
{
    for (int i = 0; i < 256; i++) {
        if (b->byte_id[i] == SW_BPE_NONE) {
            if (err && errsz)
                snprintf(err, errsz, "byte 0x%02x has no token (not a byte-level vocabulary)", i);
            return SW_EPARSE;
        }
    }
    return SW_OK;
}

/* ---- the rank of a pair ----------------------------------------------------- */

/* Rank of merging the part starting at ls (id lid) with the one at rs (id
 * rid) ending at re; *merged receives the resulting id. */
static inline uint32_t pair_rank(const sw_bpe *b, const unsigned char *p, uint32_t ls, uint32_t re,
                                 uint32_t lid, uint32_t rid, uint32_t *merged)
{
    if (b->mode == SW_BPE_RANKS) {
        uint32_t id = sw_bpe_lookup(b, p + ls, re - ls);
        *merged = id;
        return id;
    }
    if (!b->pair_key)
        return SW_BPE_NONE;
    uint32_t i = pair_probe(b, (uint64_t)lid << 32 | rid);
    if (b->pair_key[i] == UINT64_MAX)
        return SW_BPE_NONE;
    *merged = b->pair_id[i];
    return b->pair_rank[i];
}

static void *scratch_get(sw_bpe_scratch *s, size_t bytes)
{
    if (bytes > s->cap) {
        size_t cap = s->cap ? s->cap : 4096;
        while (cap < bytes)
            cap *= 2;
        void *m = realloc(s->mem, cap);
        if (!m)
            return NULL;
        s->mem = m;
        s->cap = cap;
    }
    return s->mem;
}

void sw_bpe_scratch_free(sw_bpe_scratch *s)
{
    free(s->mem);
    s->mem = NULL;
    s->cap = 0;
}

/* ---- short pieces: the literal rule ------------------------------------------ */

struct part {
    uint32_t start, id;
    uint32_t rank, merged; /* of the pair (this part, next part) */
};

static void scan_rank(const sw_bpe *b, const unsigned char *p, struct part *v, size_t i, size_t m)
{
    if (i + 1 >= m) {
        v[i].rank = SW_BPE_NONE;
        return;
    }
    v[i].rank = pair_rank(b, p, v[i].start, v[i + 2].start, v[i].id, v[i + 1].id, &v[i].merged);
}

int sw_bpe_merge_scan(const sw_bpe *b, const unsigned char *p, size_t n, sw_ids *out, sw_bpe_scratch *s)
{
    if (n >= UINT32_MAX / 2)
        return SW_ENOMEM;
    struct part *v = scratch_get(s, (n + 1) * sizeof *v);
    if (!v)
        return SW_ENOMEM;
    for (size_t i = 0; i <= n; i++) { /* v[n] is a sentinel holding the end */
        v[i].start = (uint32_t)i;
        v[i].id = i < n ? b->byte_id[p[i]] : SW_BPE_NONE;
    }
    size_t m = n; /* live parts */
    for (size_t i = 0; i < m; i++)
        scan_rank(b, p, v, i, m);
    while (m > 1) {
        size_t best = 0;
        for (size_t i = 1; i + 1 < m; i++)
            if (v[i].rank < v[best].rank)
                best = i;
        if (v[best].rank == SW_BPE_NONE)
            break;
        v[best].id = v[best].merged;
        memmove(&v[best + 1], &v[best + 2], (m - best - 1) * sizeof *v); /* sentinel included */
        m--;
        scan_rank(b, p, v, best, m);
        if (best > 0)
            scan_rank(b, p, v, best - 1, m);
    }
    for (size_t i = 0; i < m; i++)
        if (sw_ids_push(out, v[i].id))
            return SW_ENOMEM;
    return SW_OK;
}

/* ---- long pieces: a heap of candidate pairs --------------------------------- */

struct cand {
    uint32_t rank, start, end, merged;
};

static inline int cand_less(const struct cand *a, const struct cand *c)
{
    return a->rank < c->rank || (a->rank == c->rank && a->start < c->start);
}

static void heap_push(struct cand *h, size_t *nh, struct cand c)
{
    size_t i = (*nh)++;
    while (i > 0) {
        size_t up = (i - 1) / 2;
        if (!cand_less(&c, &h[up]))
            break;
        h[i] = h[up];
        i = up;
    }
    h[i] = c;
}

static struct cand heap_pop(struct cand *h, size_t *nh)
{
    struct cand top = h[0], last = h[--*nh];
    size_t i = 0, n = *nh;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && cand_less(&h[c + 1], &h[c]))
            c++;
        if (!cand_less(&h[c], &last))
            break;
        h[i] = h[c];
        i = c;
    }
    if (n)
        h[i] = last;
    return top;
}

/* Linked parts over start positions: next[i] is the start of the following
 * part (n at the end), prev[i] of the preceding one, id[i] SW_BPE_NONE once
 * the part was merged into its left neighbour. */
struct chain {
    uint32_t *next, *prev, *id;
    struct cand *heap;
    size_t nheap;
};

static void chain_offer(const sw_bpe *b, const unsigned char *p, struct chain *c, uint32_t l, uint32_t n)
{
    uint32_t r = c->next[l];
    if (r >= n)
        return;
    struct cand k = {.start = l, .end = c->next[r]};
    k.rank = pair_rank(b, p, l, k.end, c->id[l], c->id[r], &k.merged);
    if (k.rank != SW_BPE_NONE)
        heap_push(c->heap, &c->nheap, k);
}

int sw_bpe_merge_heap(const sw_bpe *b, const unsigned char *p, size_t n, sw_ids *out, sw_bpe_scratch *s)
{
    if (n == 0)
        return SW_OK;
    if (n >= UINT32_MAX / 4)
        return SW_ENOMEM;
    /* Each merge offers at most two pairs, on top of the n - 1 initial ones. */
    size_t hcap = 3 * n;
    char *mem = scratch_get(s, 3 * n * sizeof(uint32_t) + hcap * sizeof(struct cand));
    if (!mem)
        return SW_ENOMEM;
    struct chain c = {.next = (uint32_t *)mem, .prev = (uint32_t *)mem + n, .id = (uint32_t *)mem + 2 * n};
    c.heap = (struct cand *)(mem + 3 * n * sizeof(uint32_t));
    uint32_t un = (uint32_t)n;
    for (uint32_t i = 0; i < un; i++) {
        c.next[i] = i + 1;
        c.prev[i] = i ? i - 1 : SW_BPE_NONE;
        c.id[i] = b->byte_id[p[i]];
    }
    for (uint32_t i = 0; i + 1 < un; i++)
        chain_offer(b, p, &c, i, un);
    while (c.nheap) {
        struct cand k = heap_pop(c.heap, &c.nheap);
        uint32_t l = k.start, r = c.next[l];
        if (c.id[l] == SW_BPE_NONE || r >= un || c.next[r] != k.end)
            continue; /* stale: one of its parts has changed since */
        c.id[l] = k.merged;
        c.id[r] = SW_BPE_NONE;
        c.next[l] = k.end;
        if (k.end < un)
            c.prev[k.end] = l;
        if (c.prev[l] != SW_BPE_NONE)
            chain_offer(b, p, &c, c.prev[l], un);
        chain_offer(b, p, &c, l, un);
    }
    for (uint32_t i = 0; i < un; i = c.next[i])
        if (sw_ids_push(out, c.id[i]))
            return SW_ENOMEM;
    return SW_OK;
}

int sw_bpe_encode_piece(const sw_bpe *b, const unsigned char *p, size_t n, sw_ids *out, sw_bpe_scratch *s)
{
    if (n == 0)
        return SW_OK;
    if (n == 1)
        return sw_ids_push(out, b->byte_id[p[0]]);
    if (b->whole_first) {
        uint32_t id = sw_bpe_lookup(b, p, n);
        if (id != SW_BPE_NONE)
            return sw_ids_push(out, id);
    }
    return n <= SCAN_MAX ? sw_bpe_merge_scan(b, p, n, out, s) : sw_bpe_merge_heap(b, p, n, out, s);
}
