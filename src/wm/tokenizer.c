/*
 * tokenizer.c — the tokeniser handle: spec strings, dispatch, decoding.
 *
 * sw_tokenizer_open() reads the spec's prefix and hands the file to the
 * loader of its family (tokenizer_tiktoken.c, tokenizer_hf.c, the
 * SentencePiece shim tokenizer_spm.cc); a bare name is a tiktoken encoding in
 * the data directory. The two BPE families share sw_bpe (bpe.c) and differ
 * only in how they cut text into pieces, so encoding is a loop over pieces
 * here and decoding is one concatenation of token bytes for both.
 * SentencePiece does its own encoding and decoding.
 *
 * Nothing here keeps state between calls: the working memory of an encoding
 * (match data, merge scratch) belongs to that call, which is what makes a
 * loaded handle safe to share between threads.
 */
#include "wm/tokenizer.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/error.h"
#include "wm/tokenizer_int.h"
#include "wm/tokenizer_spm.h"

#ifndef SW_TIKTOKEN_DEFAULT_DIR
#define SW_TIKTOKEN_DEFAULT_DIR "data/tiktoken"
#endif

int sw_tok_fail(char *err, size_t errsz, int code, const char *fmt, ...)
{
    if (err && errsz) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errsz, fmt, ap);
        va_end(ap);
    }
    return code;
}

int sw_tok_read_file(const char *path, char **data, size_t *len, char *err, size_t errsz)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return sw_tok_fail(err, errsz, errno == ENOENT ? SW_ENOTFOUND : SW_EIO, "%s: %s", path, strerror(errno));
    sw_buf b;
    sw_buf_init(&b);
    char chunk[1 << 16];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        sw_buf_append(&b, chunk, got);
    int bad = ferror(f);
    fclose(f);
    if (bad || b.oom) {
        sw_buf_free(&b);
        return bad ? sw_tok_fail(err, errsz, SW_EIO, "%s: read error", path) : SW_ENOMEM;
    }
    if (!b.data) { /* empty file: still hand back a NUL-terminated buffer */
        sw_buf_putc(&b, '\0');
        b.len = 0;
        if (b.oom)
            return SW_ENOMEM;
    }
    *data = b.data;
    *len = b.len;
    return SW_OK;
}

int sw_tok_bpe_piece(const sw_tokenizer *t, const char *p, size_t n, sw_ids *out, sw_bpe_scratch *s)
{
    return sw_bpe_encode_piece(&t->bpe, (const unsigned char *)p, n, out, s);
}

/* "NAME" or "tiktoken:PATH": the rank file and the JSON of its pattern and
 * special tokens beside it (NAME.json, or PATH with .tiktoken replaced). */
static int open_tiktoken(sw_tokenizer *t, const char *name, const char *path, char *err, size_t errsz)
{
    sw_buf ranks, meta;
    sw_buf_init(&ranks);
    sw_buf_init(&meta);
    if (name) {
        const char *dir = getenv("SW_TIKTOKEN_DIR");
        if (!dir || !*dir)
            dir = SW_TIKTOKEN_DEFAULT_DIR;
        sw_buf_printf(&ranks, "%s/%s.tiktoken", dir, name);
        sw_buf_printf(&meta, "%s/%s.json", dir, name);
    } else {
        size_t n = strlen(path), ext = strlen(".tiktoken");
        sw_buf_puts(&ranks, path);
        if (n > ext && strcmp(path + n - ext, ".tiktoken") == 0)
            n -= ext;
        sw_buf_append(&meta, path, n);
        sw_buf_puts(&meta, ".json");
    }
    int rc = ranks.oom || meta.oom ? SW_ENOMEM : sw_tiktoken_load(t, ranks.data, meta.data, err, errsz);
    if (rc == SW_ENOTFOUND && name && err && errsz && strstr(err, ".tiktoken")) {
        size_t used = strlen(err);
        snprintf(err + used, errsz - used, " (scripts/fetch-tokenizers.sh writes it; SW_TIKTOKEN_DIR moves it)");
    }
    sw_buf_free(&ranks);
    sw_buf_free(&meta);
    return rc;
}

static int is_encoding_name(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return 0;
    return 1;
}

static int open_spec(sw_tokenizer *t, const char *spec, char *err, size_t errsz)
{
    if (strncmp(spec, "tiktoken:", 9) == 0)
        return open_tiktoken(t, NULL, spec + 9, err, errsz);
    if (strncmp(spec, "hf:", 3) == 0)
        return sw_hf_load(t, spec + 3, err, errsz);
    if (strncmp(spec, "spm:", 4) == 0) {
        t->kind = SW_TOK_SPM;
        int rc = sw_spm_open(&t->spm, spec + 4, err, errsz);
        if (rc == SW_OK)
            t->vocab_size = sw_spm_vocab_size(t->spm);
        return rc;
    }
    if (is_encoding_name(spec))
        return open_tiktoken(t, spec, NULL, err, errsz);
    return sw_tok_fail(err, errsz, SW_ENOTFOUND,
                       "%s: not a tokeniser spec (NAME, tiktoken:PATH, hf:PATH or spm:PATH)", spec);
}

int sw_tokenizer_open(sw_tokenizer **out, const char *spec, char *err, size_t errsz)
{
    *out = NULL;
    if (err && errsz)
        err[0] = '\0';
    if (!spec)
        return sw_tok_fail(err, errsz, SW_EINVAL, "no tokeniser spec");
    sw_tokenizer *t = calloc(1, sizeof *t);
    if (!t)
        return SW_ENOMEM;
    int rc = open_spec(t, spec, err, errsz);
    if (rc) {
        sw_tokenizer_free(t);
        return rc;
    }
    *out = t;
    return SW_OK;
}

void sw_tokenizer_free(sw_tokenizer *t)
{
    if (!t)
        return;
    sw_bpe_free(&t->bpe);
    sw_tokre_free(&t->pat);
    sw_hf_free_steps(t);
    sw_spm_free(t->spm);
    free(t);
}

uint32_t sw_tokenizer_vocab_size(const sw_tokenizer *t)
{
    return t->vocab_size;
}

int sw_tokenizer_encode(const sw_tokenizer *t, const char *text, size_t n, uint32_t **ids, size_t *nids)
{
    *ids = NULL;
    *nids = 0;
    if (t->kind == SW_TOK_SPM)
        return sw_spm_encode(t->spm, text, n, ids, nids);
    sw_ids out = {0};
    int rc = t->kind == SW_TOK_TIKTOKEN ? sw_tiktoken_encode(t, text, n, &out) : sw_hf_encode(t, text, n, &out);
    if (rc) {
        free(out.v);
        return rc;
    }
    if (!out.v) { /* empty text: still a freeable array */
        out.v = malloc(sizeof *out.v);
        if (!out.v)
            return SW_ENOMEM;
    }
    *ids = out.v;
    *nids = out.n;
    return SW_OK;
}

int sw_tokenizer_token(const sw_tokenizer *t, uint32_t id, const char **bytes, size_t *len)
{
    if (t->kind == SW_TOK_SPM)
        return SW_EINVAL;
    return sw_bpe_token(&t->bpe, id, bytes, len);
}

int sw_tokenizer_decode(const sw_tokenizer *t, const uint32_t *ids, size_t nids, char **out, size_t *outlen)
{
    *out = NULL;
    *outlen = 0;
    if (t->kind == SW_TOK_SPM)
        return sw_spm_decode(t->spm, ids, nids, out, outlen);
    sw_buf b;
    sw_buf_init(&b);
    for (size_t i = 0; i < nids; i++) {
        const char *p;
        size_t n;
        if (sw_bpe_token(&t->bpe, ids[i], &p, &n)) {
            sw_buf_free(&b);
            return SW_EINVAL;
        }
        sw_buf_append(&b, p, n);
    }
    if (!b.data)
        sw_buf_putc(&b, '\0'), b.len = 0;
    if (b.oom) {
        sw_buf_free(&b);
        return SW_ENOMEM;
    }
    *out = b.data;
    *outlen = b.len;
    return SW_OK;
}
