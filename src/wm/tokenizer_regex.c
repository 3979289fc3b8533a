/*
 * tokenizer_regex.c — the pre-tokenising regular expressions of the BPE
 * tokenisers, on PCRE2.
 *
 * Tokenisers cut text into pieces with a regular expression written for
 * another engine: js-tiktoken's patterns are ECMAScript, Hugging Face's are
 * Oniguruma. Their syntax is the part PCRE2 shares (\p{..}, classes,
 * lookahead, (?i:..)), but \s is not: ECMAScript counts U+FEFF as space and
 * not U+0085, Oniguruma the reverse, and PCRE2 neither. Since one character
 * of difference moves token boundaries, \s and \S are rewritten into explicit
 * classes for the dialect at hand before compiling. (\S inside a class has no
 * such rewrite; no known tokeniser uses it.)
 *
 * Patterns are compiled with UTF and MATCH_INVALID_UTF: any byte string can be
 * scanned, and bytes that are not UTF-8 are simply never part of a match, so
 * the caller sees them in the gaps between matches and can still encode
 * them. The Unicode dialect also sets UCP (Oniguruma's \d and \w are Unicode);
 * the ECMAScript one does not (there they are ASCII). JIT compilation is
 * used when available; if a match outgrows the JIT's default stack the scan
 * retries with a larger one of its own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/error.h"
#include "wm/tokenizer_int.h"

#define JS_SPACES "\\t\\n\\x0b\\f\\r\\p{Z}\\x{feff}"
#define UNICODE_SPACES "\\t\\n\\x0b\\f\\r\\p{Z}\\x{85}"

/* Copies pat into out with \s and \S spelled out for the dialect. */
static void rewrite_spaces(sw_buf *out, const char *pat, size_t len, const char *spaces)
{
    int in_class = 0;
    for (size_t i = 0; i < len; i++) {
        char c = pat[i];
        if (c == '\\' && i + 1 < len) {
            char e = pat[i + 1];
            i++;
            if (e == 's' && in_class) {
                sw_buf_puts(out, spaces);
            } else if (e == 's' || (e == 'S' && !in_class)) {
                sw_buf_puts(out, e == 's' ? "[" : "[^");
                sw_buf_puts(out, spaces);
                sw_buf_putc(out, ']');
            } else {
                sw_buf_putc(out, c);
                sw_buf_putc(out, e);
            }
            continue;
        }
        if (c == '[' && !in_class)
            in_class = 1;
        else if (c == ']' && in_class)
            in_class = 0;
        sw_buf_putc(out, c);
    }
}

int sw_tokre_compile(sw_tokre *re, const char *pat, size_t len, int dialect, char *err, size_t errsz)
{
    uint32_t opts = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF;
    sw_buf src;
    sw_buf_init(&src);
    if (dialect == SW_TOKRE_LITERAL) {
        opts |= PCRE2_LITERAL;
        sw_buf_append(&src, pat, len);
    } else {
        if (dialect == SW_TOKRE_UNICODE)
            opts |= PCRE2_UCP;
        rewrite_spaces(&src, pat, len, dialect == SW_TOKRE_JS ? JS_SPACES : UNICODE_SPACES);
    }
    if (src.oom) {
        sw_buf_free(&src);
        return SW_ENOMEM;
    }
    int ecode;
    PCRE2_SIZE eoff;
    re->code = pcre2_compile((PCRE2_SPTR)(src.data ? src.data : ""), src.len, opts, &ecode, &eoff, NULL);
    sw_buf_free(&src);
    if (!re->code) {
        PCRE2_UCHAR msg[160];
        pcre2_get_error_message(ecode, msg, sizeof msg);
        return sw_tok_fail(err, errsz, ecode == PCRE2_ERROR_NOMEMORY ? SW_ENOMEM : SW_EPARSE,
                           "pattern does not compile: %s", (const char *)msg);
    }
    (void)pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE); /* without JIT the interpreter runs */
    return SW_OK;
}

void sw_tokre_free(sw_tokre *re)
{
    pcre2_code_free(re->code);
    re->code = NULL;
}

int sw_tokre_scan_init(sw_tokre_scan *sc, const sw_tokre *re)
{
    memset(sc, 0, sizeof *sc);
    sc->re = re;
    sc->md = pcre2_match_data_create(1, NULL); /* only the whole match is read */
    return sc->md ? SW_OK : SW_ENOMEM;
}

void sw_tokre_scan_free(sw_tokre_scan *sc)
{
    pcre2_match_data_free(sc->md);
    pcre2_match_context_free(sc->mctx);
    pcre2_jit_stack_free(sc->jstack);
    memset(sc, 0, sizeof *sc);
}

/* A JIT stack of up to 64 MB, for matches that the default 32 kB cannot hold. */
static int grow_jit_stack(sw_tokre_scan *sc)
{
    if (sc->jstack)
        return SW_EINVAL; /* already at the larger stack: give up */
    sc->mctx = pcre2_match_context_create(NULL);
    sc->jstack = pcre2_jit_stack_create(32 * 1024, 64 * 1024 * 1024, NULL);
    if (!sc->mctx || !sc->jstack)
        return SW_ENOMEM;
    pcre2_jit_stack_assign(sc->mctx, NULL, sc->jstack);
    return SW_OK;
}

int sw_tokre_next(sw_tokre_scan *sc, const char *s, size_t n, size_t from, size_t *ms, size_t *me)
{
    for (;;) {
        int rc = pcre2_match(sc->re->code, (PCRE2_SPTR)s, n, from, PCRE2_NOTEMPTY, sc->md, sc->mctx);
        if (rc >= 0) {
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(sc->md);
            *ms = ov[0];
            *me = ov[1];
            return 1;
        }
        if (rc == PCRE2_ERROR_NOMATCH)
            return 0;
        if (rc == PCRE2_ERROR_JIT_STACKLIMIT) {
            int g = grow_jit_stack(sc);
            if (g)
                return g;
            continue;
        }
        return rc == PCRE2_ERROR_NOMEMORY ? SW_ENOMEM : SW_EINVAL;
    }
}
