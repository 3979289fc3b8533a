/*
 * buf.h — a growable byte buffer, and a small JSON writer on top of it.
 *
 * Writers of the traffic log, the verdicts file and the simulator emit many
 * millions of small JSON objects; building a cJSON tree for each would cost
 * more than the detector itself. sw_buf appends bytes; the sw_json_* helpers
 * append JSON tokens with correct string escaping (control characters,
 * quotes, backslashes; invalid UTF-8 is replaced by U+FFFD so that every line
 * we write is valid JSON even when the input text was not valid UTF-8).
 *
 * Commas are the caller's job through sw_json_key()/sw_json_sep(): the writer
 * keeps one "need a comma" flag per nesting level (up to SW_JSON_MAXDEPTH).
 * On allocation failure the buffer sets oom and ignores further appends, so
 * callers check once at the end.
 */
#ifndef SW_BUF_H
#define SW_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define SW_JSON_MAXDEPTH 32

typedef struct sw_buf {
    char *data;
    size_t len, cap;
    bool oom;
    int depth;
    bool need_comma[SW_JSON_MAXDEPTH];
} sw_buf;

void sw_buf_init(sw_buf *b);
void sw_buf_free(sw_buf *b);
void sw_buf_reset(sw_buf *b); /* empties, keeps the memory */
void sw_buf_append(sw_buf *b, const void *p, size_t n);
void sw_buf_puts(sw_buf *b, const char *s);
void sw_buf_putc(sw_buf *b, char c);
void sw_buf_printf(sw_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends the rest of f (at most max bytes; 0: no limit). SW_OK; SW_EIO on
 * a read error; SW_EINVAL when f holds more than max; SW_ENOMEM. The data
 * stays NUL-terminated. */
int sw_buf_read(sw_buf *b, FILE *f, size_t max);

/* The whole file at path, malloc'd and NUL-terminated (*len excludes the
 * NUL), or NULL when it cannot be opened or read, or memory runs out. */
char *sw_read_file(const char *path, size_t *len);

/* Writes the whole buffer to f; returns SW_OK or SW_EIO (SW_ENOMEM if oom). */
int sw_buf_write(sw_buf *b, FILE *f);

/* JSON writer */
void sw_json_obj_begin(sw_buf *b);
void sw_json_obj_end(sw_buf *b);
void sw_json_arr_begin(sw_buf *b);
void sw_json_arr_end(sw_buf *b);
void sw_json_key(sw_buf *b, const char *key); /* inside an object: "key": */
void sw_json_str(sw_buf *b, const char *s);   /* NULL writes null */
void sw_json_strn(sw_buf *b, const char *s, size_t n);
void sw_json_int(sw_buf *b, int64_t v);
void sw_json_num(sw_buf *b, double v); /* shortest round-trip-safe form; NaN/inf become null */
void sw_json_bool(sw_buf *b, bool v);
void sw_json_null(sw_buf *b);
void sw_json_raw(sw_buf *b, const char *json); /* an already-serialised value */

/* Ends a JSON Lines record: writes '\n' and starts the next top-level value
 * without a separating comma. */
void sw_json_newline(sw_buf *b);

/* Key-value shorthands */
void sw_json_kv_str(sw_buf *b, const char *key, const char *v);
void sw_json_kv_int(sw_buf *b, const char *key, int64_t v);
void sw_json_kv_num(sw_buf *b, const char *key, double v);
void sw_json_kv_bool(sw_buf *b, const char *key, bool v);

/* Appends s (n bytes) to b as JSON string contents, without the quotes. */
void sw_json_escape(sw_buf *b, const char *s, size_t n);

/* Length of the well-formed UTF-8 sequence at s[0..n), n >= 1 (RFC 3629: no
 * overlong forms, no surrogates, nothing above U+10FFFF): 1 for ASCII, 0 when
 * the bytes there start no such sequence. */
size_t sw_utf8_len(const unsigned char *s, size_t n);

/* v in decimal at out, without a NUL; returns the number of digits (1 to
 * 20, SW_U64_DIGITS). Without printf: the gateway writes numbers (lengths,
 * addresses, log fields) on every request. */
#define SW_U64_DIGITS 20
size_t sw_fmt_u64(char *out, uint64_t v);

#endif
