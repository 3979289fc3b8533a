/*
 * tokenizer_int.h — the parts of tokenizer.h's implementation that its
 * files share (internal to src/wm): the handle, the pre-tokenising regular
 * expressions, and the loaders of each family.
 */
#ifndef SW_WM_TOKENIZER_INT_H
#define SW_WM_TOKENIZER_INT_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "wm/bpe.h"
#include "wm/tokenizer.h"

/* ---- pre-tokenising regular expressions (tokenizer_regex.c) ---- */

/* Which characters \s and \S stand for: the pattern's own dialect decides,
 * and PCRE2 agrees with neither exactly. */
enum {
    SW_TOKRE_JS,      /* ECMAScript (js-tiktoken): Zs, Zl, Zp, \t\n\v\f\r and U+FEFF */
    SW_TOKRE_UNICODE, /* Unicode White_Space (Oniguruma, Rust): Z, \t\n\v\f\r and U+0085 */
    SW_TOKRE_LITERAL, /* the pattern is a plain string */
};

typedef struct sw_tokre {
    pcre2_code *code;
} sw_tokre;

int sw_tokre_compile(sw_tokre *re, const char *pat, size_t len, int dialect, char *err, size_t errsz);
void sw_tokre_free(sw_tokre *re);

/* One scan over a subject: matches are never empty, and bytes that are not
 * valid UTF-8 never belong to a match (they fall in the gaps). */
typedef struct sw_tokre_scan {
    const sw_tokre *re;
    pcre2_match_data *md;
    pcre2_match_context *mctx; /* only after the JIT stack proved too small */
    pcre2_jit_stack *jstack;
} sw_tokre_scan;

int sw_tokre_scan_init(sw_tokre_scan *sc, const sw_tokre *re);
void sw_tokre_scan_free(sw_tokre_scan *sc);
/* Finds the next match at or after from: 1 with [*ms, *me), 0 when there is
 * none, SW_ENOMEM or SW_EINVAL (a matching limit was hit). */
int sw_tokre_next(sw_tokre_scan *sc, const char *s, size_t n, size_t from, size_t *ms, size_t *me);

/* ---- the handle ---- */

enum { SW_TOK_TIKTOKEN = 1, SW_TOK_HF, SW_TOK_SPM };

struct sw_hf_step; /* tokenizer_hf.c */

struct sw_tokenizer {
    int kind;
    uint32_t vocab_size;
    sw_bpe bpe;                /* TIKTOKEN, HF */
    sw_tokre pat;              /* TIKTOKEN: the encoding's pat_str */
    struct sw_hf_step *steps;  /* HF: the pre-tokeniser, in order */
    size_t nsteps;
    struct sw_spm *spm;        /* SPM */
};

/* Formats "reason" into err (when err is non-NULL) and returns code. */
int sw_tok_fail(char *err, size_t errsz, int code, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Reads a whole file into a malloc'd NUL-terminated buffer. SW_ENOTFOUND,
 * SW_EIO or SW_ENOMEM, with "PATH: reason" in err. */
int sw_tok_read_file(const char *path, char **data, size_t *len, char *err, size_t errsz);

/* Encodes one piece cut out by a pre-tokeniser with t's BPE. */
int sw_tok_bpe_piece(const sw_tokenizer *t, const char *p, size_t n, sw_ids *out, sw_bpe_scratch *s);

/* Loaders fill a zeroed handle; on failure the caller frees it. */
int sw_tiktoken_load(sw_tokenizer *t, const char *ranks_path, const char *meta_path, char *err, size_t errsz);
int sw_tiktoken_parse_ranks(sw_bpe *b, const char *path, const char *data, size_t len, char *err, size_t errsz);
int sw_tiktoken_encode(const sw_tokenizer *t, const char *text, size_t n, sw_ids *out);

int sw_hf_load(sw_tokenizer *t, const char *path, char *err, size_t errsz);
int sw_hf_encode(const sw_tokenizer *t, const char *text, size_t n, sw_ids *out);
void sw_hf_free_steps(sw_tokenizer *t);

#endif
