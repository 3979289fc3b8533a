/*
 * bpe.h — byte-level byte-pair encoding, shared by the tokenisers of
 * tokenizer.h (internal to src/wm).
 *
 * A vocabulary maps token ids to byte strings and (for the tokens that BPE
 * may produce) byte strings back to ids. A piece of text, already cut out by
 * a pre-tokeniser, starts as one part per byte; the adjacent pair with the
 * lowest rank is merged, the leftmost among equals, until no pair has a rank.
 * Two families rank pairs differently:
 *   - SW_BPE_RANKS (tiktoken): a pair's rank is the id of the concatenated
 *     bytes, if that is a token;
 *   - SW_BPE_MERGES (Hugging Face): a pair of ids has a rank only when the
 *     merges list names it; the rank is its line in that list and the result
 *     is the id of the concatenation.
 * Both give exactly the reference implementations' tokens (see bpe.c).
 */
#ifndef SW_WM_BPE_H
#define SW_WM_BPE_H

#include <stddef.h>
#include <stdint.h>

#define SW_BPE_NONE UINT32_MAX
#define SW_BPE_MAX_ID (UINT32_MAX - 2)

enum { SW_BPE_RANKS = 0, SW_BPE_MERGES = 1 };

typedef struct sw_bpe {
    int mode;        /* SW_BPE_RANKS or SW_BPE_MERGES */
    int whole_first; /* a piece that is itself a token is taken whole */
    /* id -> bytes: tok_len[id] == SW_BPE_NONE marks an unused id */
    char *bytes;
    size_t bytes_len, bytes_cap;
    uint32_t *tok_off, *tok_len;
    uint32_t nids, ids_cap;
    /* bytes -> id for the tokens BPE may produce: (hash high 32 << 32) | (id + 1) */
    uint64_t *index;
    uint32_t index_mask, index_count;
    /* (left id, right id) -> rank and merged id, SW_BPE_MERGES only */
    uint64_t *pair_key;
    uint32_t *pair_rank, *pair_id;
    uint32_t pair_mask, pair_count;
    uint32_t byte_id[256]; /* the token of each single byte */
} sw_bpe;

/* A growable array of ids. */
typedef struct sw_ids {
    uint32_t *v;
    size_t n, cap;
} sw_ids;

int sw_ids_push(sw_ids *a, uint32_t id); /* SW_OK or SW_ENOMEM */

/* Working memory of one encoding call, reused across its pieces. */
typedef struct sw_bpe_scratch {
    void *mem;
    size_t cap;
} sw_bpe_scratch;

void sw_bpe_init(sw_bpe *b, int mode);
void sw_bpe_free(sw_bpe *b);

/* Adds token id with the given bytes. indexed: BPE may produce it (special
 * tokens are not indexed: their text is encoded as ordinary text).
 * SW_EEXIST when the id is taken or, for an indexed token, the bytes are
 * (*other receives the id that has them); SW_EINVAL for id > SW_BPE_MAX_ID. */
int sw_bpe_add(sw_bpe *b, uint32_t id, const void *p, size_t n, int indexed, uint32_t *other);

/* The id of an indexed token with these bytes, or SW_BPE_NONE. */
uint32_t sw_bpe_lookup(const sw_bpe *b, const void *p, size_t n);

/* SW_BPE_MERGES: declares that left+right merge into merged with this rank.
 * A pair named twice keeps the rank given last (as the reference does). */
int sw_bpe_add_merge(sw_bpe *b, uint32_t left, uint32_t right, uint32_t rank, uint32_t merged);

/* Ends loading: every single byte must be an indexed token (byte-level BPE
 * can then encode any input). SW_EPARSE naming the first missing byte. */
int sw_bpe_finish(sw_bpe *b, char *err, size_t errsz);

/* Bytes of token id: SW_OK, or SW_EINVAL for an unused or out-of-range id. */
int sw_bpe_token(const sw_bpe *b, uint32_t id, const char **p, size_t *n);

/* Appends the tokens of one piece to out. SW_OK or SW_ENOMEM. */
int sw_bpe_encode_piece(const sw_bpe *b, const unsigned char *p, size_t n, sw_ids *out, sw_bpe_scratch *s);

/* The two merge algorithms, exposed so tests can check they agree: a direct
 * scan (short pieces) and a heap of candidate pairs (long pieces). */
int sw_bpe_merge_scan(const sw_bpe *b, const unsigned char *p, size_t n, sw_ids *out, sw_bpe_scratch *s);
int sw_bpe_merge_heap(const sw_bpe *b, const unsigned char *p, size_t n, sw_ids *out, sw_bpe_scratch *s);

void sw_bpe_scratch_free(sw_bpe_scratch *s);

#endif
