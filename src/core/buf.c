/*
 * buf.c — see buf.h. Escaping walks the input once, copying runs of plain
 * bytes with one memcpy and validating UTF-8 sequences as it goes.
 */
#include "core/buf.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"

void sw_buf_init(sw_buf *b)
{
    memset(b, 0, sizeof *b);
}

void sw_buf_free(sw_buf *b)
{
    free(b->data);
    sw_buf_init(b);
}

void sw_buf_reset(sw_buf *b)
{
    b->len = 0;
    b->oom = false;
    b->depth = 0;
    b->need_comma[0] = false;
}

static bool reserve(sw_buf *b, size_t extra)
{
    if (b->oom)
        return false;
    if (b->len + extra + 1 <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1) {
        if (cap > SIZE_MAX / 2) {
            b->oom = true;
            return false;
        }
        cap *= 2;
    }
    char *p = realloc(b->data, cap);
    if (!p) {
        b->oom = true;
        return false;
    }
    b->data = p;
    b->cap = cap;
    return true;
}

void sw_buf_append(sw_buf *b, const void *p, size_t n)
{
    if (!reserve(b, n))
        return;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void sw_buf_puts(sw_buf *b, const char *s)
{
    sw_buf_append(b, s, strlen(s));
}

void sw_buf_putc(sw_buf *b, char c)
{
    if (!reserve(b, 1))
        return;
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}

void sw_buf_printf(sw_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof small) {
        sw_buf_append(b, small, (size_t)n);
        return;
    }
    if (!reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

int sw_buf_read(sw_buf *b, FILE *f, size_t max)
{
    char tmp[65536];
    size_t r, start = b->len;
    while ((r = fread(tmp, 1, sizeof tmp, f)) > 0) {
        if (max && b->len - start + r > max)
            return SW_EINVAL;
        sw_buf_append(b, tmp, r);
        if (b->oom)
            return SW_ENOMEM;
    }
    if (ferror(f))
        return SW_EIO;
    if (!b->data) /* an empty file still gives a (NUL-terminated) string */
        sw_buf_append(b, "", 0);
    return b->oom ? SW_ENOMEM : SW_OK;
}

char *sw_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    sw_buf b;
    sw_buf_init(&b);
    int rc = sw_buf_read(&b, f, 0);
    fclose(f);
    if (rc != SW_OK) {
        sw_buf_free(&b);
        return NULL;
    }
    *len = b.len;
    return b.data;
}

int sw_buf_write(sw_buf *b, FILE *f)
{
    if (b->oom)
        return SW_ENOMEM;
    if (b->len && fwrite(b->data, 1, b->len, f) != b->len)
        return SW_EIO;
    return SW_OK;
}

/* ---- JSON ---- */

static void sep(sw_buf *b)
{
    if (b->depth < SW_JSON_MAXDEPTH) {
        if (b->need_comma[b->depth])
            sw_buf_putc(b, ',');
        b->need_comma[b->depth] = true;
    }
}

static void open_level(sw_buf *b, char c)
{
    sep(b);
    sw_buf_putc(b, c);
    b->depth++;
    if (b->depth < SW_JSON_MAXDEPTH)
        b->need_comma[b->depth] = false;
}

static void close_level(sw_buf *b, char c)
{
    if (b->depth > 0)
        b->depth--;
    sw_buf_putc(b, c);
}

void sw_json_obj_begin(sw_buf *b) { open_level(b, '{'); }
void sw_json_obj_end(sw_buf *b) { close_level(b, '}'); }
void sw_json_arr_begin(sw_buf *b) { open_level(b, '['); }
void sw_json_arr_end(sw_buf *b) { close_level(b, ']'); }

/* A key writes the comma that separates it from the previous member, then
 * clears the flag so that its value writes none; the value's own sep() sets
 * it again for the next key. */
void sw_json_key(sw_buf *b, const char *key)
{
    sep(b);
    sw_buf_putc(b, '"');
    sw_json_escape(b, key, strlen(key));
    sw_buf_append(b, "\":", 2);
    if (b->depth < SW_JSON_MAXDEPTH)
        b->need_comma[b->depth] = false;
}

size_t sw_utf8_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    size_t len;
    unsigned lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0)
            lo = 0xA0; /* no overlong forms */
        else if (c == 0xED)
            hi = 0x9F; /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0)
            lo = 0x90; /* no overlong forms */
        else if (c == 0xF4)
            hi = 0x8F; /* nothing above U+10FFFF */
    } else {
        return 0;
    }
    if (n < len || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return len;
}

void sw_json_escape(sw_buf *b, const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t run = 0, i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            i++;
            continue;
        }
        if (c >= 0x80) {
            size_t l = sw_utf8_len(s + i, n - i);
            if (l) {
                i += l;
                continue;
            }
        }
        sw_buf_append(b, s + run, i - run);
        switch (c) {
        case '"': sw_buf_append(b, "\\\"", 2); break;
        case '\\': sw_buf_append(b, "\\\\", 2); break;
        case '\n': sw_buf_append(b, "\\n", 2); break;
        case '\r': sw_buf_append(b, "\\r", 2); break;
        case '\t': sw_buf_append(b, "\\t", 2); break;
        default:
            if (c < 0x20)
                sw_buf_printf(b, "\\u%04x", c);
            else
                sw_buf_append(b, "\xEF\xBF\xBD", 3); /* invalid UTF-8 byte */
        }
        i++;
        run = i;
    }
    sw_buf_append(b, s + run, n - run);
}

void sw_json_strn(sw_buf *b, const char *s, size_t n)
{
    sep(b);
    if (!s) {
        sw_buf_append(b, "null", 4);
        return;
    }
    sw_buf_putc(b, '"');
    sw_json_escape(b, s, n);
    sw_buf_putc(b, '"');
}

void sw_json_str(sw_buf *b, const char *s)
{
    sw_json_strn(b, s, s ? strlen(s) : 0);
}

/* Decimal digits of v: a log line holds a dozen integers, and printf's
 * format machinery costs more than the digits. */
size_t sw_fmt_u64(char *out, uint64_t v)
{
    char tmp[SW_U64_DIGITS], *end = tmp + sizeof tmp, *p = end;
    do {
        *--p = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    size_t n = (size_t)(end - p);
    memcpy(out, p, n);
    return n;
}

static void put_int(sw_buf *b, int64_t v)
{
    char tmp[SW_U64_DIGITS + 1];
    size_t n = 0;
    if (v < 0)
        tmp[n++] = '-';
    n += sw_fmt_u64(tmp + n, v < 0 ? 0 - (uint64_t)v : (uint64_t)v); /* INT64_MIN too */
    sw_buf_append(b, tmp, n);
}

void sw_json_int(sw_buf *b, int64_t v)
{
    sep(b);
    put_int(b, v);
}

void sw_json_num(sw_buf *b, double v)
{
    sep(b);
    if (!isfinite(v)) {
        sw_buf_append(b, "null", 4);
        return;
    }
    if (fabs(v) < 1e15 && v == (double)(int64_t)v) {
        put_int(b, (int64_t)v);
        return;
    }
    char tmp[32];
    for (int prec = 6; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*g", prec, v);
        if (strtod(tmp, NULL) == v)
            break;
    }
    sw_buf_puts(b, tmp);
}

void sw_json_bool(sw_buf *b, bool v)
{
    sep(b);
    sw_buf_puts(b, v ? "true" : "false");
}

void sw_json_null(sw_buf *b)
{
    sep(b);
    sw_buf_append(b, "null", 4);
}

void sw_json_raw(sw_buf *b, const char *json)
{
    sep(b);
    sw_buf_puts(b, json);
}

void sw_json_newline(sw_buf *b)
{
    sw_buf_putc(b, '\n');
    if (b->depth < SW_JSON_MAXDEPTH)
        b->need_comma[b->depth] = false;
}

void sw_json_kv_str(sw_buf *b, const char *key, const char *v)
{
    sw_json_key(b, key);
    sw_json_str(b, v);
}

void sw_json_kv_int(sw_buf *b, const char *key, int64_t v)
{
    sw_json_key(b, key);
    sw_json_int(b, v);
}

void sw_json_kv_num(sw_buf *b, const char *key, double v)
{
    sw_json_key(b, key);
    sw_json_num(b, v);
}

void sw_json_kv_bool(sw_buf *b, const char *key, bool v)
{
    sw_json_key(b, key);
    sw_json_bool(b, v);
}
