/*
 * test_tokenizer.c — the tokenisers' parts, on small files written here:
 * rank-file errors (FILE:LINE: reason), merging by rank and by merge list,
 * the agreement of the two merge algorithms, tokenizer.json features (both
 * merge forms, ByteLevel's regex and prefix space, Split behaviours,
 * ignore_merges, added tokens, refused options), decoding and spec errors.
 * Needs no downloaded data (test_tokenizer_ref.c covers the real encodings).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/error.h"
#include "sw_test.h"
#include "wm/bpe.h"
#include "wm/tokenizer.h"

static char dir[64];

static const char *write_file(const char *name, const char *content)
{
    static char path[8][128];
    static int next;
    char *p = path[next++ % 8];
    snprintf(p, sizeof path[0], "%s/%s", dir, name);
    FILE *f = fopen(p, "wb");
    if (f) {
        fputs(content, f);
        fclose(f);
    }
    return p;
}

/* ---- tiktoken rank files ---------------------------------------------------- */

static void b64(const unsigned char *s, size_t n, sw_buf *out)
{
    static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t i = 0; i < n; i += 3) {
        uint32_t w = (uint32_t)s[i] << 16 | (i + 1 < n ? (uint32_t)s[i + 1] << 8 : 0) | (i + 2 < n ? s[i + 2] : 0);
        sw_buf_putc(out, a[w >> 18 & 63]);
        sw_buf_putc(out, a[w >> 12 & 63]);
        sw_buf_putc(out, i + 1 < n ? a[w >> 6 & 63] : '=');
        sw_buf_putc(out, i + 2 < n ? a[w & 63] : '=');
    }
}

/* A rank file: the 256 bytes at ranks 0..255, then the given tokens. */
static void rank_file(sw_buf *out, const char *const *extra, size_t nextra)
{
    for (int i = 0; i < 256; i++) {
        unsigned char c = (unsigned char)i;
        b64(&c, 1, out);
        sw_buf_printf(out, " %d\n", i);
    }
    for (size_t i = 0; i < nextra; i++) {
        b64((const unsigned char *)extra[i], strlen(extra[i]), out);
        sw_buf_printf(out, " %zu\n", 256 + i);
    }
}

static const char *const TINY[] = {"ab", "cd", "abcd", "bc", "aa", "th", "the", " the"};
#define TINY_META "{\"pat_str\": \" ?\\\\S+|\\\\s+(?!\\\\S)|\\\\s+\", \"special_tokens\": {\"<|end|>\": 300}}"

static sw_tokenizer *open_tiny(void)
{
    sw_buf b;
    sw_buf_init(&b);
    rank_file(&b, TINY, sizeof TINY / sizeof *TINY);
    const char *ranks = write_file("tiny.tiktoken", b.data);
    write_file("tiny.json", TINY_META);
    sw_buf_free(&b);
    char spec[160], err[256];
    snprintf(spec, sizeof spec, "tiktoken:%s", ranks);
    sw_tokenizer *t = NULL;
    int rc = sw_tokenizer_open(&t, spec, err, sizeof err);
    if (rc)
        fprintf(stderr, "open_tiny: %s\n", err);
    return t;
}

static int encodes_as(const sw_tokenizer *t, const char *text, const uint32_t *want, size_t nwant)
{
    uint32_t *ids;
    size_t n;
    if (sw_tokenizer_encode(t, text, strlen(text), &ids, &n) != SW_OK)
        return 0;
    int ok = n == nwant && memcmp(ids, want, n * sizeof *ids) == 0;
    if (!ok) {
        fprintf(stderr, "  \"%s\" ->", text);
        for (size_t i = 0; i < n; i++)
            fprintf(stderr, " %u", ids[i]);
        fprintf(stderr, "\n");
    }
    char *back;
    size_t blen;
    ok = ok && sw_tokenizer_decode(t, ids, n, &back, &blen) == SW_OK;
    if (ok) {
        ok = blen == strlen(text) && memcmp(back, text, blen) == 0;
        free(back);
    }
    free(ids);
    return ok;
}

#define ENCODES(t, text, ...)                                                                      \
    CHECK(encodes_as(t, text, (const uint32_t[]){__VA_ARGS__},                                     \
                     sizeof((const uint32_t[]){__VA_ARGS__}) / sizeof(uint32_t)))

static void test_tiktoken_merges(void)
{
    sw_tokenizer *t = open_tiny();
    CHECK(t != NULL);
    if (!t)
        return;
    CHECK_EQ_INT(sw_tokenizer_vocab_size(t), 301);
    ENCODES(t, "abcd", 258);           /* the whole piece is a token */
    ENCODES(t, "abcde", 258, 'e');     /* ab, then cd, then abcd */
    ENCODES(t, "bcd", 'b', 257);       /* cd (257) before bc (259) */
    ENCODES(t, "aaaa", 260, 260);      /* equal ranks: leftmost first */
    ENCODES(t, "aaa", 260, 'a');
    ENCODES(t, "the the", 262, 263);   /* " the" is one piece of the pattern */
    ENCODES(t, "<|end|>", '<', '|', 'e', 'n', 'd', '|', '>'); /* special text is ordinary text */
    ENCODES(t, "x", 'x');
    uint32_t *ids;
    size_t n;
    CHECK_EQ_INT(sw_tokenizer_encode(t, "", 0, &ids, &n), SW_OK);
    CHECK(ids != NULL && n == 0);
    free(ids);
    char *s;
    size_t len;
    CHECK_EQ_INT(sw_tokenizer_decode(t, (const uint32_t[]){300, 258}, 2, &s, &len), SW_OK);
    CHECK_EQ_STR(s, "<|end|>abcd");
    free(s);
    CHECK_EQ_INT(sw_tokenizer_decode(t, (const uint32_t[]){299}, 1, &s, &len), SW_EINVAL); /* unused id */
    CHECK_EQ_INT(sw_tokenizer_decode(t, (const uint32_t[]){70000}, 1, &s, &len), SW_EINVAL);
    CHECK(s == NULL);
    CHECK_EQ_INT(sw_tokenizer_decode(t, NULL, 0, &s, &len), SW_OK);
    CHECK(s && len == 0 && s[0] == '\0');
    free(s);
    sw_tokenizer_free(t);
}

/* Opens a rank file with the given body and the tiny pattern; returns the
 * code and leaves the message in err. */
static int open_ranks(const char *body, char *err, size_t errsz, char *path, size_t pathsz)
{
    snprintf(path, pathsz, "%s", write_file("bad.tiktoken", body));
    write_file("bad.json", TINY_META);
    char spec[160];
    snprintf(spec, sizeof spec, "tiktoken:%s", path);
    sw_tokenizer *t;
    int rc = sw_tokenizer_open(&t, spec, err, errsz);
    sw_tokenizer_free(t);
    return rc;
}

static void expect_rank_error(const char *body, const char *where_reason)
{
    char err[256], path[128], want[384];
    CHECK_EQ_INT(open_ranks(body, err, sizeof err, path, sizeof path), SW_EPARSE);
    snprintf(want, sizeof want, "%s%s", path, where_reason);
    CHECK_EQ_STR(err, want);
}

static void test_rank_file_errors(void)
{
    expect_rank_error("IQ== 0\nIg==\n", ":2: expected \"BASE64 RANK\"");
    expect_rank_error("IQ== 0\n\nIg== 1\n!!!! 2\n", ":4: token is not base64");
    expect_rank_error("IQ= 0\n", ":1: token is not base64");
    expect_rank_error("I=Q= 0\n", ":1: token is not base64");
    expect_rank_error("IQ== x1\n", ":1: rank is not a number up to 4294967293");
    expect_rank_error("IQ== 99999999999\n", ":1: rank is not a number up to 4294967293");
    expect_rank_error("IQ== -1\n", ":1: rank is not a number up to 4294967293");
    expect_rank_error("IQ== 0\r\nIg== 0\r\n", ":2: rank 0 given twice");
    expect_rank_error("IQ== 0\nIQ== 1\n", ":2: token already has rank 0");
    expect_rank_error("IQ== 0\n", ": byte 0x00 has no token (not a byte-level vocabulary)");
    expect_rank_error("", ": no tokens");
    expect_rank_error("\n\n", ": no tokens");

    char err[256], path[128];
    sw_buf b; /* CRLF line ends and blank lines are accepted */
    sw_buf_init(&b);
    rank_file(&b, NULL, 0);
    for (size_t i = 0; i < b.len; i++)
        if (b.data[i] == '\n')
            b.data[i] = '\r'; /* "X\r" then no "\n": a lone CR is not a line end, so this must fail */
    CHECK_EQ_INT(open_ranks(b.data, err, sizeof err, path, sizeof path), SW_EPARSE);
    sw_buf_reset(&b);
    rank_file(&b, NULL, 0);
    sw_buf c;
    sw_buf_init(&c);
    for (size_t i = 0; i < b.len; i++) {
        if (b.data[i] == '\n')
            sw_buf_puts(&c, "\r\n\n");
        else
            sw_buf_putc(&c, b.data[i]);
    }
    CHECK_EQ_INT(open_ranks(c.data, err, sizeof err, path, sizeof path), SW_OK);
    sw_buf_free(&b);
    sw_buf_free(&c);
}

static void test_meta_errors(void)
{
    sw_buf b;
    sw_buf_init(&b);
    rank_file(&b, NULL, 0);
    const char *ranks = write_file("m.tiktoken", b.data);
    sw_buf_free(&b);
    char spec[160], err[256];
    snprintf(spec, sizeof spec, "tiktoken:%s", ranks);
    sw_tokenizer *t;
    CHECK_EQ_INT(sw_tokenizer_open(&t, spec, err, sizeof err), SW_ENOTFOUND); /* no m.json */
    CHECK(strstr(err, "m.json") != NULL);
    write_file("m.json", "{\"special_tokens\": {}}");
    CHECK_EQ_INT(sw_tokenizer_open(&t, spec, err, sizeof err), SW_EPARSE);
    CHECK(strstr(err, "no \"pat_str\"") != NULL);
    write_file("m.json", "{\"pat_str\": \"(\"}");
    CHECK_EQ_INT(sw_tokenizer_open(&t, spec, err, sizeof err), SW_EPARSE);
    CHECK(strstr(err, "pat_str: pattern does not compile") != NULL);
    write_file("m.json", "{\"pat_str\": \"\\\\S+\", \"special_tokens\": {\"<x>\": 10}}");
    CHECK_EQ_INT(sw_tokenizer_open(&t, spec, err, sizeof err), SW_EPARSE);
    CHECK(strstr(err, "reuses id 10") != NULL);
    write_file("m.json", "{\"pat_str\": \"\\\\S+\", \"special_tokens\": {\"<x>\": -3}}");
    CHECK_EQ_INT(sw_tokenizer_open(&t, spec, err, sizeof err), SW_EPARSE);
    write_file("m.json", "not json");
    CHECK_EQ_INT(sw_tokenizer_open(&t, spec, err, sizeof err), SW_EPARSE);
    CHECK(t == NULL);
}

static void test_specs(void)
{
    sw_tokenizer *t = (sw_tokenizer *)&t;
    char err[256];
    CHECK_EQ_INT(sw_tokenizer_open(&t, "nope:x", err, sizeof err), SW_ENOTFOUND);
    CHECK(t == NULL);
    CHECK_EQ_INT(sw_tokenizer_open(&t, "", err, sizeof err), SW_ENOTFOUND);
    CHECK_EQ_INT(sw_tokenizer_open(&t, "hf:/nonexistent/tokenizer.json", err, sizeof err), SW_ENOTFOUND);
    CHECK_EQ_INT(sw_tokenizer_open(&t, "spm:/nonexistent.model", err, sizeof err), SW_ENOTFOUND);
    CHECK_EQ_INT(sw_tokenizer_open(&t, "tiktoken:/nonexistent.tiktoken", err, sizeof err), SW_ENOTFOUND);
    CHECK_EQ_INT(sw_tokenizer_open(&t, "spm:/etc/passwd", err, sizeof err), SW_EPARSE);
    setenv("SW_TIKTOKEN_DIR", dir, 1);
    CHECK_EQ_INT(sw_tokenizer_open(&t, "no_such_encoding", err, sizeof err), SW_ENOTFOUND);
    CHECK(strstr(err, "fetch-tokenizers.sh") != NULL);
    sw_tokenizer_free(open_tiny()); /* writes tiny.tiktoken and tiny.json into dir */
    CHECK_EQ_INT(sw_tokenizer_open(&t, "tiny", err, sizeof err), SW_OK);
    CHECK(t && sw_tokenizer_vocab_size(t) == 301);
    sw_tokenizer_free(t);
    unsetenv("SW_TIKTOKEN_DIR");
    sw_tokenizer_free(NULL);
}

/* ---- the two merge algorithms agree ------------------------------------------ */

static uint32_t rng_state = 12345;
static uint32_t rnd(uint32_t n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state % n;
}

/* A vocabulary over "abc": all bytes, then random tokens (RANKS) or random
 * merges of existing tokens (MERGES). */
static void random_vocab(sw_bpe *b, int mode)
{
    sw_bpe_init(b, mode);
    for (int i = 0; i < 256; i++) {
        unsigned char c = (unsigned char)i;
        sw_bpe_add(b, (uint32_t)i, &c, 1, 1, NULL);
    }
    uint32_t next = 256;
    for (int k = 0; k < 400; k++) {
        char tok[16];
        if (mode == SW_BPE_RANKS) {
            size_t n = 2 + rnd(5);
            for (size_t i = 0; i < n; i++)
                tok[i] = (char)('a' + rnd(3));
            if (sw_bpe_add(b, next, tok, n, 1, NULL) == SW_OK)
                next++;
            continue;
        }
        uint32_t l = rnd(2) ? 'a' + rnd(3) : 256 + rnd(next - 255) - 1, r = 'a' + rnd(3);
        if (l >= next)
            l = 'a';
        const char *lp, *rp;
        size_t ln, rn;
        sw_bpe_token(b, l, &lp, &ln);
        sw_bpe_token(b, r, &rp, &rn);
        if (ln + rn > sizeof tok)
            continue;
        memcpy(tok, lp, ln);
        memcpy(tok + ln, rp, rn);
        if (sw_bpe_add(b, next, tok, ln + rn, 1, NULL) == SW_OK) {
            sw_bpe_add_merge(b, l, r, rnd(1000), next); /* ranks in any order */
            next++;
        }
    }
}

static void test_scan_heap_agree(void)
{
    for (int mode = SW_BPE_RANKS; mode <= SW_BPE_MERGES; mode++) {
        sw_bpe b;
        random_vocab(&b, mode);
        CHECK_EQ_INT(sw_bpe_finish(&b, NULL, 0), SW_OK);
        sw_bpe_scratch s = {0};
        int differ = 0;
        for (int iter = 0; iter < 2000; iter++) {
            unsigned char text[300];
            size_t n = 1 + rnd(sizeof text);
            for (size_t i = 0; i < n; i++)
                text[i] = (unsigned char)(rnd(20) ? 'a' + rnd(3) : 'x');
            sw_ids x = {0}, y = {0};
            CHECK_EQ_INT(sw_bpe_merge_scan(&b, text, n, &x, &s), SW_OK);
            CHECK_EQ_INT(sw_bpe_merge_heap(&b, text, n, &y, &s), SW_OK);
            differ += x.n != y.n || memcmp(x.v, y.v, x.n * sizeof *x.v) != 0;
            free(x.v);
            free(y.v);
        }
        CHECK_EQ_INT(differ, 0);
        sw_bpe_scratch_free(&s);
        sw_bpe_free(&b);
    }
}

/* A megabyte of one letter: the heap keeps it near-linear. */
static void test_long_piece(void)
{
    sw_tokenizer *t = open_tiny();
    if (!t)
        return;
    size_t n = 1 << 20;
    char *text = malloc(n);
    memset(text, 'a', n);
    uint32_t *ids;
    size_t nids;
    CHECK_EQ_INT(sw_tokenizer_encode(t, text, n, &ids, &nids), SW_OK);
    CHECK_EQ_INT(nids, n / 2);
    int all_aa = 1;
    for (size_t i = 0; i < nids; i++)
        all_aa &= ids[i] == 260;
    CHECK(all_aa);
    free(ids);
    memset(text, ' ', n); /* and a megabyte of spaces through the pattern */
    CHECK_EQ_INT(sw_tokenizer_encode(t, text, n, &ids, &nids), SW_OK);
    CHECK_EQ_INT(nids, n);
    free(ids);
    free(text);
    sw_tokenizer_free(t);
}

/* Any bytes at all, UTF-8 or not, decode back to themselves. */
static void test_random_bytes_round_trip(void)
{
    sw_tokenizer *t = open_tiny();
    if (!t)
        return;
    static const char pool[] = "ab cd\t\n\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80\xff\x80";
    int bad = 0;
    for (int iter = 0; iter < 3000; iter++) {
        unsigned char text[200];
        size_t n = rnd(sizeof text);
        for (size_t i = 0; i < n; i++)
            text[i] = iter % 2 ? (unsigned char)rnd(256) : (unsigned char)pool[rnd(sizeof pool - 1)];
        uint32_t *ids;
        size_t nids, len;
        char *back;
        if (sw_tokenizer_encode(t, (const char *)text, n, &ids, &nids) != SW_OK) {
            bad++;
            continue;
        }
        if (sw_tokenizer_decode(t, ids, nids, &back, &len) != SW_OK) {
            bad++;
        } else {
            bad += len != n || memcmp(back, text, n) != 0;
            free(back);
        }
        free(ids);
    }
    CHECK_EQ_INT(bad, 0);
    sw_tokenizer_free(t);
}

/* ---- tokenizer.json ------------------------------------------------------- */

/* ByteLevel's code point for byte b. */
static unsigned byte_cp(int b)
{
    int moved = 0;
    for (int i = 0; i < b; i++)
        moved += !((i >= 33 && i <= 126) || (i >= 161 && i <= 172) || (i >= 174 && i <= 255));
    int self = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
    return self ? (unsigned)b : 256u + (unsigned)moved;
}

/* Raw bytes written in ByteLevel's alphabet, as UTF-8. */
static void byte_level(sw_buf *out, const char *raw)
{
    for (const unsigned char *p = (const unsigned char *)raw; *p; p++) {
        unsigned cp = byte_cp(*p);
        if (cp < 0x80) {
            sw_buf_putc(out, (char)cp);
        } else {
            sw_buf_putc(out, (char)(0xc0 | cp >> 6));
            sw_buf_putc(out, (char)(0x80 | (cp & 0x3f)));
        }
    }
}

struct hf_opts {
    const char *pre_tokenizer; /* JSON */
    const char *normalizer;    /* JSON or NULL */
    int merges_as_strings, ignore_merges;
    const char *model_extra; /* ", \"key\": value" or "" */
};

/* Merges (raw bytes): each pair makes the token left+right; ids from 256 on. */
static const char *const HF_MERGES[][2] = {
    {" ", "t"}, {"h", "e"}, {" t", "he"}, {" ", " "}, {"a", " "}, {" ", "b"}, {"b", " "},
};
#define HF_NMERGES (sizeof HF_MERGES / sizeof *HF_MERGES)

static sw_tokenizer *open_hf(const struct hf_opts *o, int *rc, char *err, size_t errsz)
{
    sw_buf j, k;
    sw_buf_init(&j);
    sw_buf_init(&k);
    sw_json_obj_begin(&j);
    sw_json_key(&j, "added_tokens");
    sw_json_raw(&j, "[{\"id\": 400, \"content\": \"<|eot|>\", \"special\": true}]");
    sw_json_key(&j, "normalizer");
    sw_json_raw(&j, o->normalizer ? o->normalizer : "null");
    sw_json_key(&j, "pre_tokenizer");
    sw_json_raw(&j, o->pre_tokenizer);
    sw_json_key(&j, "model");
    sw_json_obj_begin(&j);
    sw_json_key(&j, "type");
    sw_json_str(&j, "BPE");
    sw_json_key(&j, "ignore_merges");
    sw_json_bool(&j, o->ignore_merges);
    sw_json_key(&j, "vocab");
    sw_json_obj_begin(&j);
    for (int i = 1; i < 256; i++) { /* byte 0 last, so ids need not follow the order of keys */
        char raw[2] = {(char)i, 0};
        sw_buf_reset(&k);
        byte_level(&k, raw);
        sw_json_key(&j, k.data);
        sw_json_int(&j, i);
    }
    sw_buf_reset(&k);
    sw_buf_append(&k, "\xc4\x80", 2); /* byte 0 is U+0100 */
    sw_json_key(&j, k.data);
    sw_json_int(&j, 0);
    for (size_t m = 0; m < HF_NMERGES; m++) {
        char raw[16];
        snprintf(raw, sizeof raw, "%s%s", HF_MERGES[m][0], HF_MERGES[m][1]);
        sw_buf_reset(&k);
        byte_level(&k, raw);
        sw_json_key(&j, k.data);
        sw_json_int(&j, 256 + (int64_t)m);
    }
    sw_buf_reset(&k);
    byte_level(&k, " them"); /* reachable only whole, under ignore_merges */
    sw_json_key(&j, k.data);
    sw_json_int(&j, 300);
    sw_json_obj_end(&j);
    sw_json_key(&j, "merges");
    sw_json_arr_begin(&j);
    for (size_t m = 0; m < HF_NMERGES; m++) {
        sw_buf l, r;
        sw_buf_init(&l);
        sw_buf_init(&r);
        byte_level(&l, HF_MERGES[m][0]);
        byte_level(&r, HF_MERGES[m][1]);
        if (o->merges_as_strings) {
            sw_buf_reset(&k);
            sw_buf_printf(&k, "%s %s", l.data, r.data);
            sw_json_str(&j, k.data);
        } else {
            sw_json_arr_begin(&j);
            sw_json_str(&j, l.data);
            sw_json_str(&j, r.data);
            sw_json_arr_end(&j);
        }
        sw_buf_free(&l);
        sw_buf_free(&r);
    }
    sw_json_arr_end(&j);
    sw_json_obj_end(&j); /* model */
    sw_json_obj_end(&j);
    sw_buf_free(&k);
    if (o->model_extra && *o->model_extra) { /* splice extra model keys before the model's closing brace */
        j.data[j.len - 2] = '\0';
        j.len -= 2;
        sw_buf_puts(&j, o->model_extra);
        sw_buf_puts(&j, "}}");
    }
    const char *path = write_file("tokenizer.json", j.data);
    sw_buf_free(&j);
    char spec[160];
    snprintf(spec, sizeof spec, "hf:%s", path);
    sw_tokenizer *t = NULL;
    *rc = sw_tokenizer_open(&t, spec, err, errsz);
    return t;
}

#define GPT2_PRE "{\"type\": \"ByteLevel\", \"add_prefix_space\": true, \"trim_offsets\": true, \"use_regex\": true}"

static void test_hf_byte_level(void)
{
    for (int form = 0; form < 2; form++) {
        struct hf_opts o = {.pre_tokenizer = GPT2_PRE, .merges_as_strings = form};
        int rc;
        char err[256];
        sw_tokenizer *t = open_hf(&o, &rc, err, sizeof err);
        CHECK_EQ_INT(rc, SW_OK);
        if (!t) {
            fprintf(stderr, "%s\n", err);
            continue;
        }
        CHECK_EQ_INT(sw_tokenizer_vocab_size(t), 401);
        uint32_t *ids;
        size_t n;
        /* prefix space, then " the" and " theme" as pieces: Ġ+t, h+e, Ġt+he */
        CHECK_EQ_INT(sw_tokenizer_encode(t, "the theme", 9, &ids, &n), SW_OK);
        CHECK(n == 4 && ids[0] == 258 && ids[1] == 258 && ids[2] == 'm' && ids[3] == 'e');
        free(ids);
        /* " them" is in the vocabulary but ignore_merges is off: merges decide */
        CHECK_EQ_INT(sw_tokenizer_encode(t, " them", 5, &ids, &n), SW_OK);
        CHECK(n == 2 && ids[0] == 258 && ids[1] == 'm');
        free(ids);
        char *s;
        size_t len;
        CHECK_EQ_INT(sw_tokenizer_decode(t, (const uint32_t[]){258, 400, 0}, 3, &s, &len), SW_OK);
        CHECK(len == 12 && memcmp(s, " the<|eot|>\0", 12) == 0);
        free(s);
        sw_tokenizer_free(t);
    }
    struct hf_opts o = {.pre_tokenizer = GPT2_PRE, .ignore_merges = 1};
    int rc;
    char err[256];
    sw_tokenizer *t = open_hf(&o, &rc, err, sizeof err);
    CHECK_EQ_INT(rc, SW_OK);
    if (t)
        ENCODES(t, " them", 300);
    sw_tokenizer_free(t);
}

#define SPLIT_PRE(behavior, invert)                                                                \
    "{\"type\": \"Sequence\", \"pretokenizers\": [{\"type\": \"Split\", \"pattern\": {\"String\": \" \"}, " \
    "\"behavior\": \"" behavior "\", \"invert\": " invert "}, {\"type\": \"ByteLevel\", "           \
    "\"add_prefix_space\": false, \"use_regex\": false}]}"

static int hf_split_is(const char *pre, const char *text, const uint32_t *want, size_t nwant)
{
    struct hf_opts o = {.pre_tokenizer = pre};
    int rc;
    char err[256];
    sw_tokenizer *t = open_hf(&o, &rc, err, sizeof err);
    if (!t) {
        fprintf(stderr, "%s\n", err);
        return 0;
    }
    uint32_t *ids;
    size_t n;
    int ok = sw_tokenizer_encode(t, text, strlen(text), &ids, &n) == SW_OK && n == nwant &&
             memcmp(ids, want, n * sizeof *ids) == 0;
    free(ids);
    sw_tokenizer_free(t);
    return ok;
}

#define SPLITS(pre, text, ...)                                                                     \
    CHECK(hf_split_is(pre, text, (const uint32_t[]){__VA_ARGS__},                                  \
                      sizeof((const uint32_t[]){__VA_ARGS__}) / sizeof(uint32_t)))

/* "a b  c" with " " as the pattern; merges: "  " 259, "a " 260, " b" 261, "b " 262. */
static void test_hf_split_behaviors(void)
{
    SPLITS(SPLIT_PRE("Isolated", "false"), "a b  c", 'a', ' ', 'b', ' ', ' ', 'c');
    SPLITS(SPLIT_PRE("Removed", "false"), "a b  c", 'a', 'b', 'c');
    SPLITS(SPLIT_PRE("MergedWithPrevious", "false"), "a b  c", 260, 262, ' ', 'c');
    SPLITS(SPLIT_PRE("MergedWithNext", "false"), "a b  c", 'a', 261, ' ', ' ', 'c');
    SPLITS(SPLIT_PRE("Contiguous", "false"), "a b  c", 'a', ' ', 'b', 259, 'c');
    SPLITS(SPLIT_PRE("Removed", "true"), "a b  c", ' ', ' ', ' ');
    /* ByteLevel's prefix space goes on every split */
    SPLITS("{\"type\": \"Sequence\", \"pretokenizers\": [{\"type\": \"Split\", \"pattern\": {\"Regex\": \"\\\\s+\"}, "
           "\"behavior\": \"Removed\", \"invert\": false}, {\"type\": \"ByteLevel\", \"add_prefix_space\": true, "
           "\"use_regex\": false}]}",
           "a\tb", ' ', 'a', 261);
}

static void expect_hf_error(const struct hf_opts *o, const char *reason)
{
    int rc;
    char err[256];
    sw_tokenizer *t = open_hf(o, &rc, err, sizeof err);
    CHECK(t == NULL);
    CHECK_EQ_INT(rc, SW_EPARSE);
    if (!strstr(err, reason))
        fprintf(stderr, "  got \"%s\", wanted \"%s\"\n", err, reason);
    CHECK(strstr(err, reason) != NULL);
}

static void test_hf_refusals(void)
{
    expect_hf_error(&(struct hf_opts){.pre_tokenizer = GPT2_PRE, .normalizer = "{\"type\": \"NFC\"}"},
                    "normalizer NFC is not supported");
    expect_hf_error(&(struct hf_opts){.pre_tokenizer = "{\"type\": \"Whitespace\"}"},
                    "pre_tokenizer Whitespace is not supported");
    expect_hf_error(&(struct hf_opts){.pre_tokenizer = "null"}, "no ByteLevel pre_tokenizer");
    expect_hf_error(&(struct hf_opts){.pre_tokenizer = GPT2_PRE, .model_extra = ", \"byte_fallback\": true"},
                    "byte_fallback is not supported");
    expect_hf_error(&(struct hf_opts){.pre_tokenizer = GPT2_PRE, .model_extra = ", \"dropout\": 0.1"},
                    "model.dropout is not supported");
    expect_hf_error(&(struct hf_opts){.pre_tokenizer = GPT2_PRE, .model_extra = ", \"continuing_subword_prefix\": \"##\""},
                    "continuing_subword_prefix is not supported");
    expect_hf_error(&(struct hf_opts){.pre_tokenizer = "{\"type\": \"Split\", \"pattern\": {\"Regex\": \"(\"}, "
                                                       "\"behavior\": \"Isolated\"}"},
                    "Split: pattern does not compile");

    /* a vocabulary in another alphabet, a merge of unknown tokens, not JSON */
    char err[256];
    sw_tokenizer *t;
    const char *p = write_file("spm-like.json", "{\"model\": {\"type\": \"BPE\", \"vocab\": {\"\xe2\x96\x81" "a\": 0}, "
                                                "\"merges\": []}, \"pre_tokenizer\": " GPT2_PRE "}");
    char spec[160];
    snprintf(spec, sizeof spec, "hf:%s", p);
    CHECK_EQ_INT(sw_tokenizer_open(&t, spec, err, sizeof err), SW_EPARSE);
    CHECK(strstr(err, "is not byte-level text") != NULL);
    write_file("spm-like.json", "{\"model\": {\"type\": \"WordPiece\", \"vocab\": {}}}");
    CHECK_EQ_INT(sw_tokenizer_open(&t, spec, err, sizeof err), SW_EPARSE);
    CHECK(strstr(err, "model.type is WordPiece, not BPE") != NULL);
    write_file("spm-like.json", "{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}, \"merges\": []}}");
    CHECK_EQ_INT(sw_tokenizer_open(&t, spec, err, sizeof err), SW_EPARSE);
    CHECK(strstr(err, "byte 0x00 has no token") != NULL);
    write_file("spm-like.json", "{\"model\": ");
    CHECK_EQ_INT(sw_tokenizer_open(&t, spec, err, sizeof err), SW_EPARSE);
    CHECK(strstr(err, "not JSON") != NULL);
}

/* Rewrites the first merge of a valid file and expects the reason. */
static void expect_merge_error(const char *merge, const char *reason)
{
    struct hf_opts o = {.pre_tokenizer = GPT2_PRE, .merges_as_strings = 1};
    int rc;
    char err[256], path[160];
    sw_tokenizer_free(open_hf(&o, &rc, err, sizeof err));
    snprintf(path, sizeof path, "%s/tokenizer.json", dir);
    FILE *f = fopen(path, "rb");
    char *text = calloc(1, 1 << 16);
    size_t n = f && text ? fread(text, 1, (1 << 16) - 1, f) : 0;
    if (f)
        fclose(f);
    char *first = n ? strstr(text, "\"\xc4\xa0 t\"") : NULL; /* "Ġ t" */
    CHECK(first != NULL);
    if (first) {
        sw_buf b;
        sw_buf_init(&b);
        sw_buf_append(&b, text, (size_t)(first - text));
        sw_buf_puts(&b, merge);
        sw_buf_puts(&b, first + strlen("\"\xc4\xa0 t\""));
        const char *p = write_file("tokenizer.json", b.data);
        sw_buf_free(&b);
        char spec[180];
        snprintf(spec, sizeof spec, "hf:%s", p);
        sw_tokenizer *t;
        CHECK_EQ_INT(sw_tokenizer_open(&t, spec, err, sizeof err), SW_EPARSE);
        if (!strstr(err, reason))
            fprintf(stderr, "  got \"%s\", wanted \"%s\"\n", err, reason);
        CHECK(strstr(err, reason) != NULL);
    }
    free(text);
}

static void test_hf_bad_merges(void)
{
    expect_merge_error("\"a b c\"", "model.merges[0]: not \"a b\" nor [\"a\", \"b\"]");
    expect_merge_error("\"ab\"", "model.merges[0]: not");
    expect_merge_error("[\"a\"]", "model.merges[0]: not");
    expect_merge_error("\"\xe2\x96\x81 a\"", "model.merges[0]: left is not in the vocabulary");
    expect_merge_error("\"a zz\"", "model.merges[0]: right is not in the vocabulary");
    expect_merge_error("\"a b\"", "model.merges[0]: the merge is not in the vocabulary");
}

static void cleanup(void)
{
    static const char *const names[] = {"tiny.tiktoken", "tiny.json", "bad.tiktoken", "bad.json", "m.tiktoken",
                                        "m.json", "tokenizer.json", "spm-like.json", "m3.json"};
    char p[160];
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        unlink(p);
    }
    rmdir(dir);
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/sw_tok_XXXXXX");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    SW_TEST_RUN(test_tiktoken_merges);
    SW_TEST_RUN(test_rank_file_errors);
    SW_TEST_RUN(test_meta_errors);
    SW_TEST_RUN(test_specs);
    SW_TEST_RUN(test_scan_heap_agree);
    SW_TEST_RUN(test_long_piece);
    SW_TEST_RUN(test_random_bytes_round_trip);
    SW_TEST_RUN(test_hf_byte_level);
    SW_TEST_RUN(test_hf_split_behaviors);
    SW_TEST_RUN(test_hf_refusals);
    SW_TEST_RUN(test_hf_bad_merges);
    cleanup();
    return SW_TEST_END();
}
