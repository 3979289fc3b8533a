/*
 * tokenizer_hf.c — Hugging Face tokenizer.json files with a byte-level BPE
 * model (GPT-2, Llama 3 and their kin).
 *
 * What is read:
 *   - model: type BPE, vocab {token: id}, merges as "a b" strings or
 *     ["a", "b"] pairs (a merge's rank is its position), ignore_merges;
 *   - pre_tokenizer: ByteLevel (add_prefix_space, use_regex with GPT-2's
 *     pattern), Split (Regex or String pattern, behavior, invert), or a
 *     Sequence of those; one ByteLevel is required, since it is what makes
 *     the vocabulary byte-level;
 *   - added_tokens: their ids decode to their content.
 * Whatever would change the tokens and is not implemented (normalizers,
 * other pre-tokenisers, byte_fallback, dropout, subword prefixes) makes the
 * load fail with the reason, rather than give tokens that differ from the
 * reference. Post-processors and decoders are ignored: encoding yields the
 * text's own tokens, without the BOS/EOS a template would add.
 *
 * ByteLevel writes each byte as one printable code point (bytes that are
 * printable Latin-1 stand for themselves, the others are moved to U+0100
 * onwards, in order), so vocabulary strings are turned back into raw bytes
 * on load and encoding works on bytes like tiktoken. Splits follow the
 * reference's rules for each behaviour, each split being its own subject
 * (lookahead does not see past it). Added tokens' text is encoded as
 * ordinary text, as for tiktoken's special tokens.
 */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/error.h"
#include "wm/tokenizer_int.h"

/* GPT-2's pre-tokenising pattern, which ByteLevel applies when use_regex is set. */
#define GPT2_PATTERN "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+"

enum { STEP_SPLIT, STEP_BYTELEVEL };
enum { B_REMOVED, B_ISOLATED, B_MERGED_PREV, B_MERGED_NEXT, B_CONTIGUOUS };

struct sw_hf_step {
    int kind;
    sw_tokre re; /* no code: ByteLevel without use_regex */
    int behavior, invert, add_prefix_space;
};

void sw_hf_free_steps(sw_tokenizer *t)
{
    for (size_t i = 0; i < t->nsteps; i++)
        sw_tokre_free(&t->steps[i].re);
    free(t->steps);
    t->steps = NULL;
    t->nsteps = 0;
}

/* ---- the byte-level alphabet ------------------------------------------------ */

static int byte_prints_as_itself(int b)
{
    return (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
}

/* cp_byte[cp] = the byte that code point cp stands for, or -1 (cp < 324). */
static void byte_level_table(int cp_byte[324])
{
    for (int i = 0; i < 324; i++)
        cp_byte[i] = -1;
    int moved = 0;
    for (int b = 0; b < 256; b++)
        cp_byte[byte_prints_as_itself(b) ? b : 256 + moved++] = b;
}

/* Decodes one UTF-8 sequence at s (n bytes left): the code point, or -1. */
static long utf8_next(const unsigned char *s, size_t n, size_t *used)
{
    if (s[0] < 0x80) {
        *used = 1;
        return s[0];
    }
    int len = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc0 ? 2 : 0;
    if (!len || (size_t)len > n || s[0] > 0xf4)
        return -1;
    long cp = s[0] & (0x3f >> (len - 1));
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return -1;
        cp = cp << 6 | (s[i] & 0x3f);
    }
    *used = (size_t)len;
    return cp;
}

/* Turns the byte-level vocabulary string s[0..n) into its bytes (out has
 * room for n). Returns the length, or -1 when s is not byte-level text. */
static long unmap_byte_level(const int cp_byte[324], const char *s, size_t n, unsigned char *out)
{
    size_t used, o = 0;
    for (size_t i = 0; i < n; i += used) {
        long cp = utf8_next((const unsigned char *)s + i, n - i, &used);
        if (cp < 0 || cp >= 324 || cp_byte[cp] < 0)
            return -1;
        out[o++] = (unsigned char)cp_byte[cp];
    }
    return (long)o;
}

/* ---- model --------------------------------------------------------------- */

static int load_vocab(sw_tokenizer *t, const char *path, const cJSON *vocab, const int cp_byte[324], char *err,
                      size_t errsz)
{
    if (!cJSON_IsObject(vocab))
        return sw_tok_fail(err, errsz, SW_EPARSE, "%s: model.vocab is not an object", path);
    const cJSON *e;
    int rc = SW_OK;
    cJSON_ArrayForEach(e, vocab)
    {
        double v = cJSON_IsNumber(e) ? e->valuedouble : -1;
        if (v < 0 || v > SW_BPE_MAX_ID || v != (double)(uint32_t)v)
            return sw_tok_fail(err, errsz, SW_EPARSE, "%s: model.vocab: \"%s\" has no valid id", path, e->string);
        size_t slen = strlen(e->string);
        unsigned char *bytes = malloc(slen + 1);
        if (!bytes)
            return SW_ENOMEM;
        long n = unmap_byte_level(cp_byte, e->string, slen, bytes);
        uint32_t other = 0;
        if (n < 0)
            rc = sw_tok_fail(err, errsz, SW_EPARSE, "%s: model.vocab: \"%s\" is not byte-level text", path, e->string);
        else if ((rc = sw_bpe_add(&t->bpe, (uint32_t)v, bytes, (size_t)n, 1, &other)) == SW_EEXIST)
            rc = sw_tok_fail(err, errsz, SW_EPARSE, "%s: model.vocab: \"%s\" clashes with id %u", path, e->string,
                             (unsigned)other);
        free(bytes);
        if (rc)
            return rc;
    }
    return SW_OK;
}

/* The id of the vocabulary string s[0..n), or SW_BPE_NONE. */
static uint32_t vocab_id(const sw_tokenizer *t, const int cp_byte[324], const char *s, size_t n)
{
    unsigned char small[256], *bytes = n <= sizeof small ? small : malloc(n);
    if (!bytes)
        return SW_BPE_NONE;
    long len = unmap_byte_level(cp_byte, s, n, bytes);
    uint32_t id = len < 0 ? SW_BPE_NONE : sw_bpe_lookup(&t->bpe, bytes, (size_t)len);
    if (bytes != small)
        free(bytes);
    return id;
}

/* One merge, as "a b" or ["a", "b"]: left and right as strings. */
static int merge_parts(const cJSON *m, const char **a, size_t *an, const char **b, size_t *bn)
{
    if (cJSON_IsString(m)) {
        const char *s = m->valuestring, *sp = strchr(s, ' ');
        if (!sp || strchr(sp + 1, ' '))
            return -1;
        *a = s, *an = (size_t)(sp - s), *b = sp + 1, *bn = strlen(sp + 1);
        return 0;
    }
    if (cJSON_IsArray(m) && cJSON_GetArraySize(m) == 2) {
        const cJSON *x = cJSON_GetArrayItem(m, 0), *y = cJSON_GetArrayItem(m, 1);
        if (!cJSON_IsString(x) || !cJSON_IsString(y))
            return -1;
        *a = x->valuestring, *an = strlen(x->valuestring), *b = y->valuestring, *bn = strlen(y->valuestring);
        return 0;
    }
    return -1;
}

static int load_merges(sw_tokenizer *t, const char *path, const cJSON *merges, const int cp_byte[324], char *err,
                       size_t errsz)
{
    if (!cJSON_IsArray(merges))
        return sw_tok_fail(err, errsz, SW_EPARSE, "%s: model.merges is not an array", path);
    uint32_t rank = 0;
    const cJSON *m;
    cJSON_ArrayForEach(m, merges)
    {
        const char *a, *b;
        size_t an, bn;
        if (merge_parts(m, &a, &an, &b, &bn))
            return sw_tok_fail(err, errsz, SW_EPARSE, "%s: model.merges[%u]: not \"a b\" nor [\"a\", \"b\"]", path,
                               (unsigned)rank);
        uint32_t l = vocab_id(t, cp_byte, a, an), r = vocab_id(t, cp_byte, b, bn);
        char *joined = malloc(an + bn + 1);
        if (!joined)
            return SW_ENOMEM;
        memcpy(joined, a, an);
        memcpy(joined + an, b, bn);
        uint32_t id = vocab_id(t, cp_byte, joined, an + bn);
        free(joined);
        if (l == SW_BPE_NONE || r == SW_BPE_NONE || id == SW_BPE_NONE)
            return sw_tok_fail(err, errsz, SW_EPARSE, "%s: model.merges[%u]: %s is not in the vocabulary", path,
                               (unsigned)rank, l == SW_BPE_NONE ? "left" : r == SW_BPE_NONE ? "right" : "the merge");
        int rc = sw_bpe_add_merge(&t->bpe, l, r, rank, id);
        if (rc)
            return rc;
        rank++;
    }
    return SW_OK;
}

/* Options that would change tokens and are not implemented. */
static int check_model_options(const char *path, const cJSON *model, char *err, size_t errsz)
{
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(model, "type");
    if (type && !(cJSON_IsString(type) && strcmp(type->valuestring, "BPE") == 0))
        return sw_tok_fail(err, errsz, SW_EPARSE, "%s: model.type is %s, not BPE", path,
                           cJSON_IsString(type) ? type->valuestring : "not a string");
    static const char *const unset[] = {"dropout", "continuing_subword_prefix", "end_of_word_suffix"};
    for (size_t i = 0; i < sizeof unset / sizeof *unset; i++) {
        const cJSON *o = cJSON_GetObjectItemCaseSensitive(model, unset[i]);
        int harmless = !o || cJSON_IsNull(o) || (cJSON_IsString(o) && !*o->valuestring) ||
                       (cJSON_IsNumber(o) && o->valuedouble == 0);
        if (!harmless)
            return sw_tok_fail(err, errsz, SW_EPARSE, "%s: model.%s is not supported", path, unset[i]);
    }
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(model, "byte_fallback")))
        return sw_tok_fail(err, errsz, SW_EPARSE, "%s: model.byte_fallback is not supported (not byte-level)", path);
    return SW_OK;
}

static int load_model(sw_tokenizer *t, const char *path, const cJSON *model, char *err, size_t errsz)
{
    if (!cJSON_IsObject(model))
        return sw_tok_fail(err, errsz, SW_EPARSE, "%s: no \"model\" object", path);
    int rc = check_model_options(path, model, err, errsz);
    if (rc)
        return rc;
    int cp_byte[324];
    byte_level_table(cp_byte);
    t->bpe.whole_first = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(model, "ignore_merges"));
    if ((rc = load_vocab(t, path, cJSON_GetObjectItemCaseSensitive(model, "vocab"), cp_byte, err, errsz)))
        return rc;
    char why[96];
    if (sw_bpe_finish(&t->bpe, why, sizeof why))
        return sw_tok_fail(err, errsz, SW_EPARSE, "%s: model.vocab: %s", path, why);
    return load_merges(t, path, cJSON_GetObjectItemCaseSensitive(model, "merges"), cp_byte, err, errsz);
}

static int load_added(sw_tokenizer *t, const char *path, const cJSON *added, char *err, size_t errsz)
{
    if (!added || cJSON_IsNull(added))
        return SW_OK;
    if (!cJSON_IsArray(added))
        return sw_tok_fail(err, errsz, SW_EPARSE, "%s: added_tokens is not an array", path);
    const cJSON *a;
    cJSON_ArrayForEach(a, added)
    {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(a, "id");
        const cJSON *content = cJSON_GetObjectItemCaseSensitive(a, "content");
        double v = cJSON_IsNumber(id) ? id->valuedouble : -1;
        if (!cJSON_IsString(content) || v < 0 || v > SW_BPE_MAX_ID || v != (double)(uint32_t)v)
            return sw_tok_fail(err, errsz, SW_EPARSE, "%s: added_tokens: an entry lacks id or content", path);
        int rc = sw_bpe_add(&t->bpe, (uint32_t)v, content->valuestring, strlen(content->valuestring), 0, NULL);
        if (rc && rc != SW_EEXIST) /* an added token that is also in the vocabulary keeps its vocabulary bytes */
            return rc;
    }
    return SW_OK;
}

/* ---- pre-tokeniser ------------------------------------------------------------ */

static int parse_behavior(const cJSON *b)
{
    static const char *const names[] = {"Removed", "Isolated", "MergedWithPrevious", "MergedWithNext", "Contiguous"};
    for (int i = 0; cJSON_IsString(b) && i < 5; i++)
        if (strcmp(b->valuestring, names[i]) == 0)
            return i;
    return -1;
}

static int parse_split(struct sw_hf_step *st, const char *path, const cJSON *pt, char *err, size_t errsz)
{
    const cJSON *pat = cJSON_GetObjectItemCaseSensitive(pt, "pattern");
    const cJSON *re = cJSON_GetObjectItemCaseSensitive(pat, "Regex");
    const cJSON *lit = cJSON_GetObjectItemCaseSensitive(pat, "String");
    const cJSON *src = cJSON_IsString(re) ? re : lit;
    st->kind = STEP_SPLIT;
    st->behavior = parse_behavior(cJSON_GetObjectItemCaseSensitive(pt, "behavior"));
    st->invert = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(pt, "invert"));
    if (!cJSON_IsString(src) || st->behavior < 0)
        return sw_tok_fail(err, errsz, SW_EPARSE, "%s: Split needs a Regex or String pattern and a behavior", path);
    char why[200];
    int rc = sw_tokre_compile(&st->re, src->valuestring, strlen(src->valuestring),
                              src == re ? SW_TOKRE_UNICODE : SW_TOKRE_LITERAL, why, sizeof why);
    return rc ? sw_tok_fail(err, errsz, rc, "%s: Split: %s", path, why) : SW_OK;
}

static int parse_byte_level(struct sw_hf_step *st, const cJSON *pt, char *err, size_t errsz)
{
    const cJSON *aps = cJSON_GetObjectItemCaseSensitive(pt, "add_prefix_space");
    const cJSON *ur = cJSON_GetObjectItemCaseSensitive(pt, "use_regex");
    st->kind = STEP_BYTELEVEL;
    st->behavior = B_ISOLATED;
    st->add_prefix_space = aps ? cJSON_IsTrue(aps) : 1; /* the reference's defaults */
    if (ur && !cJSON_IsTrue(ur))
        return SW_OK;
    return sw_tokre_compile(&st->re, GPT2_PATTERN, strlen(GPT2_PATTERN), SW_TOKRE_UNICODE, err, errsz);
}

static int add_step(sw_tokenizer *t, const char *path, const cJSON *pt, char *err, size_t errsz)
{
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(pt, "type");
    const char *ty = cJSON_IsString(type) ? type->valuestring : "?";
    struct sw_hf_step *steps = realloc(t->steps, (t->nsteps + 1) * sizeof *steps);
    if (!steps)
        return SW_ENOMEM;
    t->steps = steps;
    struct sw_hf_step *st = &steps[t->nsteps];
    memset(st, 0, sizeof *st);
    int rc;
    if (strcmp(ty, "Split") == 0)
        rc = parse_split(st, path, pt, err, errsz);
    else if (strcmp(ty, "ByteLevel") == 0)
        rc = parse_byte_level(st, pt, err, errsz);
    else
        return sw_tok_fail(err, errsz, SW_EPARSE, "%s: pre_tokenizer %s is not supported", path, ty);
    t->nsteps++; /* even on failure, so that its pattern is freed */
    return rc;
}

static int load_pretokenizer(sw_tokenizer *t, const char *path, const cJSON *pt, char *err, size_t errsz)
{
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(pt, "type");
    int rc = SW_OK;
    if (cJSON_IsString(type) && strcmp(type->valuestring, "Sequence") == 0) {
        const cJSON *each;
        cJSON_ArrayForEach(each, cJSON_GetObjectItemCaseSensitive(pt, "pretokenizers"))
        {
            if ((rc = add_step(t, path, each, err, errsz)))
                return rc;
        }
    } else if (pt && !cJSON_IsNull(pt)) {
        rc = add_step(t, path, pt, err, errsz);
    }
    for (size_t i = 0; rc == SW_OK && i < t->nsteps; i++)
        if (t->steps[i].kind == STEP_BYTELEVEL)
            return SW_OK;
    return rc ? rc : sw_tok_fail(err, errsz, SW_EPARSE, "%s: no ByteLevel pre_tokenizer (not a byte-level BPE)", path);
}

static int check_normalizer(const char *path, const cJSON *nm, char *err, size_t errsz)
{
    if (!nm || cJSON_IsNull(nm))
        return SW_OK;
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(nm, "type");
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(nm, "normalizers");
    if (cJSON_IsString(type) && strcmp(type->valuestring, "Sequence") == 0 && cJSON_GetArraySize(list) == 0)
        return SW_OK;
    return sw_tok_fail(err, errsz, SW_EPARSE, "%s: normalizer %s is not supported", path,
                       cJSON_IsString(type) ? type->valuestring : "?");
}

int sw_hf_load(sw_tokenizer *t, const char *path, char *err, size_t errsz)
{
    t->kind = SW_TOK_HF;
    sw_bpe_init(&t->bpe, SW_BPE_MERGES);
    char *data;
    size_t len;
    int rc = sw_tok_read_file(path, &data, &len, err, errsz);
    if (rc)
        return rc;
    cJSON *root = cJSON_ParseWithLength(data, len);
    free(data);
    if (!root)
        return sw_tok_fail(err, errsz, SW_EPARSE, "%s: not JSON", path);
    rc = check_normalizer(path, cJSON_GetObjectItemCaseSensitive(root, "normalizer"), err, errsz);
    if (rc == SW_OK)
        rc = load_model(t, path, cJSON_GetObjectItemCaseSensitive(root, "model"), err, errsz);
    if (rc == SW_OK)
        rc = load_added(t, path, cJSON_GetObjectItemCaseSensitive(root, "added_tokens"), err, errsz);
    if (rc == SW_OK)
        rc = load_pretokenizer(t, path, cJSON_GetObjectItemCaseSensitive(root, "pre_tokenizer"), err, errsz);
    cJSON_Delete(root);
    if (rc == SW_OK)
        t->vocab_size = t->bpe.nids;
    return rc;
}

/* ---- encoding: splits ----------------------------------------------------------- */

typedef struct span {
    size_t start, end;
    int match;
} span;

typedef struct spans {
    span *v;
    size_t n, cap;
} spans;

static int spans_push(spans *s, size_t start, size_t end, int match)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        span *v = realloc(s->v, cap * sizeof *v);
        if (!v)
            return SW_ENOMEM;
        s->v = v;
        s->cap = cap;
    }
    s->v[s->n++] = (span){start, end, match};
    return SW_OK;
}

/* Cuts text[a..b) into matches and gaps, appended to seg in order. */
static int find_segments(sw_tokre_scan *sc, const char *text, size_t a, size_t b, int invert, spans *seg)
{
    size_t pos = 0, n = b - a, ms, me;
    int rc = SW_OK;
    while (rc == SW_OK && pos < n) {
        int found = sw_tokre_next(sc, text + a, n, pos, &ms, &me);
        if (found < 0)
            return found;
        if (!found)
            ms = me = n;
        if (ms > pos)
            rc = spans_push(seg, a + pos, a + ms, invert);
        if (rc == SW_OK && me > ms)
            rc = spans_push(seg, a + ms, a + me, !invert);
        pos = me;
    }
    return rc;
}

/* Applies a behaviour to the segments of one split, appending to out (the
 * reference's rules: a match joins a neighbouring gap, never another match,
 * except in Contiguous where runs of matches become one). */
static int apply_behavior(int behavior, const spans *seg, spans *out)
{
    size_t first = out->n;
    int prev_match = 0, rc = SW_OK;
    if (behavior == B_MERGED_NEXT) {
        for (size_t k = seg->n; k-- > 0 && rc == SW_OK;) { /* right to left */
            const span *s = &seg->v[k];
            if (s->match && !prev_match && out->n > first)
                out->v[out->n - 1].start = s->start;
            else
                rc = spans_push(out, s->start, s->end, 0);
            prev_match = s->match;
        }
        for (size_t i = first, j = out->n; i + 1 < j; i++, j--) { /* back to left to right */
            span tmp = out->v[i];
            out->v[i] = out->v[j - 1];
            out->v[j - 1] = tmp;
        }
        return rc;
    }
    for (size_t k = 0; k < seg->n && rc == SW_OK; k++) {
        const span *s = &seg->v[k];
        int join = behavior == B_MERGED_PREV ? s->match && !prev_match
                   : behavior == B_CONTIGUOUS ? s->match == prev_match
                                              : 0;
        if (behavior == B_REMOVED && s->match)
            continue;
        if (join && out->n > first)
            out->v[out->n - 1].end = s->end;
        else
            rc = spans_push(out, s->start, s->end, 0);
        prev_match = s->match;
    }
    return rc;
}

/* The state of one encoding call. Each step keeps its own scan, segment
 * lists and prefixed copy, reused from one split to the next: a split goes
 * through all remaining steps (depth first) and its pieces are encoded at
 * once, so no list of the whole text's pieces is ever built. */
struct hf_run {
    const sw_tokenizer *t;
    sw_tokre_scan *scan;
    spans *seg, *out;
    sw_buf *prefixed; /* the split with ByteLevel's prefix space */
    sw_bpe_scratch scratch;
    sw_ids *ids;
};

static int run_step(struct hf_run *r, size_t i, const char *text, size_t a, size_t b)
{
    if (i == r->t->nsteps)
        return sw_tok_bpe_piece(r->t, text + a, b - a, r->ids, &r->scratch);
    const struct sw_hf_step *st = &r->t->steps[i];
    if (st->kind == STEP_BYTELEVEL && st->add_prefix_space && text[a] != ' ') {
        sw_buf *pb = &r->prefixed[i];
        sw_buf_reset(pb);
        sw_buf_putc(pb, ' ');
        sw_buf_append(pb, text + a, b - a);
        if (pb->oom)
            return SW_ENOMEM;
        text = pb->data;
        a = 0;
        b = pb->len;
    }
    if (!st->re.code)
        return run_step(r, i + 1, text, a, b);
    spans *seg = &r->seg[i], *out = &r->out[i];
    seg->n = out->n = 0;
    int rc = find_segments(&r->scan[i], text, a, b, st->invert, seg);
    if (rc == SW_OK)
        rc = apply_behavior(st->behavior, seg, out);
    for (size_t k = 0; rc == SW_OK && k < out->n; k++) /* out is not touched by deeper steps */
        if (out->v[k].end > out->v[k].start)
            rc = run_step(r, i + 1, text, out->v[k].start, out->v[k].end);
    return rc;
}

static void run_free(struct hf_run *r)
{
    for (size_t i = 0; i < r->t->nsteps; i++) {
        if (r->scan)
            sw_tokre_scan_free(&r->scan[i]);
        if (r->seg)
            free(r->seg[i].v);
        if (r->out)
            free(r->out[i].v);
        if (r->prefixed)
            sw_buf_free(&r->prefixed[i]);
    }
    free(r->scan);
    free(r->seg);
    free(r->out);
    free(r->prefixed);
    sw_bpe_scratch_free(&r->scratch);
}

int sw_hf_encode(const sw_tokenizer *t, const char *text, size_t n, sw_ids *out)
{
    if (n == 0)
        return SW_OK;
    size_t k = t->nsteps;
    struct hf_run r = {.t = t, .ids = out};
    r.scan = calloc(k, sizeof *r.scan);
    r.seg = calloc(k, sizeof *r.seg);
    r.out = calloc(k, sizeof *r.out);
    r.prefixed = calloc(k, sizeof *r.prefixed);
    int rc = r.scan && r.seg && r.out && r.prefixed ? SW_OK : SW_ENOMEM;
    for (size_t i = 0; rc == SW_OK && i < k; i++) {
        sw_buf_init(&r.prefixed[i]);
        if (t->steps[i].re.code)
            rc = sw_tokre_scan_init(&r.scan[i], &t->steps[i].re);
    }
    if (rc == SW_OK)
        rc = run_step(&r, 0, text, 0, n);
    run_free(&r);
    return rc;
}
