/*
 * tokenizer_tiktoken.c — tiktoken encodings: rank files, their patterns and
 * special tokens, and encoding.
 *
 * A rank file has one token per line, "base64(token bytes) rank", and the
 * rank is also the token's id. It says nothing of how text is cut into pieces
 * before merging, nor of the special tokens; those come from the JSON beside
 * it ({"pat_str": ..., "special_tokens": {text: id}}), which
 * scripts/fetch-tokenizers.sh writes from js-tiktoken's own data so that no
 * copy of a pattern lives in C. The pattern is ECMAScript, as js-tiktoken
 * runs it (tokenizer_regex.c turns its \s into ECMAScript's set).
 *
 * Encoding follows tiktoken: each match of the pattern is a piece; a piece
 * that is itself a token is taken whole, any other goes through BPE. Bytes
 * the pattern cannot match (invalid UTF-8; no valid character escapes the
 * standard patterns) are encoded as pieces of their own, so decoding gives
 * back every byte. Special-token text is ordinary text here: a detector must
 * never let the text it inspects inject control tokens.
 *
 * Parse errors name FILE:LINE and the reason; a file is rejected rather than
 * half loaded.
 */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "wm/tokenizer_int.h"

#include <sodium.h>

/* ---- rank files -------------------------------------------------------------- */

/* Decodes padded standard base64 (s[0..n)) into out, which has room for
 * 3n/4 bytes, with libsodium's strict decoder. Returns the length, or -1 if
 * malformed (bad characters, missing or misplaced padding, stray bits). */
static long b64_decode(const char *s, size_t n, unsigned char *out)
{
    size_t len = 0;
    const char *end = NULL;
    if (n == 0 || n % 4 ||
        sodium_base642bin(out, n / 4 * 3, s, n, NULL, &len, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
        end != s + n)
        return -1;
    return (long)len;
}

/* A decimal rank, no sign, at most SW_BPE_MAX_ID. */
static int parse_rank(const char *s, size_t n, uint32_t *rank)
{
    if (n == 0 || n > 10)
        return -1;
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    if (v > SW_BPE_MAX_ID)
        return -1;
    *rank = (uint32_t)v;
    return 0;
}

/* One line "TOKEN RANK" (no newline). */
static int parse_rank_line(sw_bpe *b, const char *path, size_t lineno, const char *s, size_t n,
                           unsigned char *tmp, char *err, size_t errsz)
{
    const char *sp = memchr(s, ' ', n);
    if (!sp)
        return sw_tok_fail(err, errsz, SW_EPARSE, "%s:%zu: expected \"BASE64 RANK\"", path, lineno);
    size_t tl = (size_t)(sp - s);
    long bl = b64_decode(s, tl, tmp);
    if (bl < 0)
        return sw_tok_fail(err, errsz, SW_EPARSE, "%s:%zu: token is not base64", path, lineno);
    uint32_t rank;
    if (parse_rank(sp + 1, n - tl - 1, &rank))
        return sw_tok_fail(err, errsz, SW_EPARSE, "%s:%zu: rank is not a number up to %u", path, lineno,
                           (unsigned)SW_BPE_MAX_ID);
    uint32_t other = 0;
    int rc = sw_bpe_add(b, rank, tmp, (size_t)bl, 1, &other);
    if (rc == SW_EEXIST && other == rank)
        return sw_tok_fail(err, errsz, SW_EPARSE, "%s:%zu: rank %u given twice", path, lineno, (unsigned)rank);
    if (rc == SW_EEXIST)
        return sw_tok_fail(err, errsz, SW_EPARSE, "%s:%zu: token already has rank %u", path, lineno,
                           (unsigned)other);
    return rc;
}

int sw_tiktoken_parse_ranks(sw_bpe *b, const char *path, const char *data, size_t len, char *err, size_t errsz)
{
    unsigned char *tmp = NULL;
    size_t tmpcap = 0, lineno = 0;
    int rc = SW_OK;
    for (size_t pos = 0; pos < len && rc == SW_OK;) {
        const char *nl = memchr(data + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - data) : len, n = end - pos;
        lineno++;
        if (n && data[pos + n - 1] == '\r')
            n--;
        if (n) { /* tiktoken skips empty lines */
            if (n > tmpcap) {
                unsigned char *t = realloc(tmp, n);
                if (!t) {
                    rc = SW_ENOMEM;
                    break;
                }
                tmp = t;
                tmpcap = n;
            }
            rc = parse_rank_line(b, path, lineno, data + pos, n, tmp, err, errsz);
        }
        pos = end + 1;
    }
    free(tmp);
    if (rc == SW_OK && b->nids == 0)
        rc = sw_tok_fail(err, errsz, SW_EPARSE, "%s: no tokens", path);
    if (rc == SW_OK) {
        char why[96];
        if (sw_bpe_finish(b, why, sizeof why))
            rc = sw_tok_fail(err, errsz, SW_EPARSE, "%s: %s", path, why);
    }
    return rc;
}

/* ---- the pattern and special tokens ---------------------------------------- */

static int load_specials(sw_tokenizer *t, const char *path, const cJSON *sp, char *err, size_t errsz)
{
    if (!sp)
        return SW_OK;
    if (!cJSON_IsObject(sp))
        return sw_tok_fail(err, errsz, SW_EPARSE, "%s: special_tokens is not an object", path);
    const cJSON *e;
    cJSON_ArrayForEach(e, sp)
    {
        double v = cJSON_IsNumber(e) ? e->valuedouble : -1;
        if (v < 0 || v > SW_BPE_MAX_ID || v != (double)(uint32_t)v)
            return sw_tok_fail(err, errsz, SW_EPARSE, "%s: special token \"%s\" has no valid id", path, e->string);
        int rc = sw_bpe_add(&t->bpe, (uint32_t)v, e->string, strlen(e->string), 0, NULL);
        if (rc == SW_EEXIST)
            return sw_tok_fail(err, errsz, SW_EPARSE, "%s: special token \"%s\" reuses id %u", path, e->string,
                               (unsigned)v);
        if (rc)
            return rc;
    }
    return SW_OK;
}

static int load_meta(sw_tokenizer *t, const char *path, char *err, size_t errsz)
{
    char *data;
    size_t len;
    int rc = sw_tok_read_file(path, &data, &len, err, errsz);
    if (rc)
        return rc;
    cJSON *root = cJSON_ParseWithLength(data, len);
    free(data);
    if (!root)
        return sw_tok_fail(err, errsz, SW_EPARSE, "%s: not JSON", path);
    const cJSON *pat = cJSON_GetObjectItemCaseSensitive(root, "pat_str");
    if (!cJSON_IsString(pat)) {
        rc = sw_tok_fail(err, errsz, SW_EPARSE, "%s: no \"pat_str\" string", path);
    } else {
        char why[200];
        rc = sw_tokre_compile(&t->pat, pat->valuestring, strlen(pat->valuestring), SW_TOKRE_JS, why, sizeof why);
        if (rc)
            rc = sw_tok_fail(err, errsz, rc, "%s: pat_str: %s", path, why);
    }
    if (rc == SW_OK)
        rc = load_specials(t, path, cJSON_GetObjectItemCaseSensitive(root, "special_tokens"), err, errsz);
    cJSON_Delete(root);
    return rc;
}

int sw_tiktoken_load(sw_tokenizer *t, const char *ranks_path, const char *meta_path, char *err, size_t errsz)
{
    t->kind = SW_TOK_TIKTOKEN;
    sw_bpe_init(&t->bpe, SW_BPE_RANKS);
    t->bpe.whole_first = 1;
    char *data;
    size_t len;
    int rc = sw_tok_read_file(ranks_path, &data, &len, err, errsz);
    if (rc)
        return rc;
    rc = sw_tiktoken_parse_ranks(&t->bpe, ranks_path, data, len, err, errsz);
    free(data);
    if (rc == SW_OK)
        rc = load_meta(t, meta_path, err, errsz);
    if (rc == SW_OK)
        t->vocab_size = t->bpe.nids;
    return rc;
}

/* ---- encoding ---------------------------------------------------------------- */

int sw_tiktoken_encode(const sw_tokenizer *t, const char *text, size_t n, sw_ids *out)
{
    sw_tokre_scan sc;
    sw_bpe_scratch scratch = {0};
    int rc = sw_tokre_scan_init(&sc, &t->pat);
    size_t pos = 0, ms, me;
    while (rc == SW_OK && pos < n) {
        int found = sw_tokre_next(&sc, text, n, pos, &ms, &me);
        if (found < 0) {
            rc = found;
            break;
        }
        if (!found)
            ms = me = n;
        if (ms > pos) /* a gap the pattern did not match */
            rc = sw_tok_bpe_piece(t, text + pos, ms - pos, out, &scratch);
        if (rc == SW_OK && me > ms)
            rc = sw_tok_bpe_piece(t, text + ms, me - ms, out, &scratch);
        pos = me;
    }
    sw_bpe_scratch_free(&scratch);
    sw_tokre_scan_free(&sc);
    return rc;
}
