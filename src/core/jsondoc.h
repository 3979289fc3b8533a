/*
 * jsondoc.h — read-only access to one parsed JSON document, for hot paths.
 *
 * The traffic log is the one input read at millions of lines per run, so it
 * is parsed with simdjson (libsimdjson, a packaged library with only a C++
 * API), reached through this small C interface; everything else in the
 * project (configuration, accounts, request bodies in the gateway) keeps
 * cJSON, whose trees can also be built and edited. The choice was measured
 * on traffic-log lines (bench/json_parsers.c and docs/benchmarks.md): the
 * parse alone runs 5.7x as fast as cJSON's, and reading a log into events,
 * normalisation included, went from 273,000 to 613,000 lines/s.
 *
 * A sw_jsondoc owns a parser, its document and a padded copy of the input;
 * sw_jsondoc_parse() replaces the previous document. Values (sw_jv) are
 * small handles into the current document, passed by value; they and every
 * string they give out stay valid until the next parse with the same
 * sw_jsondoc. Strings are unescaped and NUL-terminated.
 *
 * Invalid UTF-8 in the input is not an error: such bytes are replaced by
 * U+FFFD before parsing, because a log line must be attributed to its
 * account even when a client sent broken text inside a prompt.
 *
 * A zeroed sw_jv is "absent": every accessor accepts it and answers as for
 * a value of the wrong type (NULL, false, SW_JV_ABSENT).
 */
#ifndef SW_JSONDOC_H
#define SW_JSONDOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sw_jsondoc sw_jsondoc;

typedef enum {
    SW_JV_ABSENT = 0,
    SW_JV_NULL,
    SW_JV_BOOL,
    SW_JV_NUMBER,
    SW_JV_STRING,
    SW_JV_ARRAY,
    SW_JV_OBJECT,
} sw_jv_type_t;

/* A value in the current document (opaque; zero means absent). */
typedef struct {
    uintptr_t opaque[2];
} sw_jv;

/* A position while walking an object's members or an array's elements. */
typedef struct {
    uintptr_t opaque[5];
} sw_jv_iter;

int sw_jsondoc_new(sw_jsondoc **out);
void sw_jsondoc_free(sw_jsondoc *d);

/*
 * Parses n bytes (need not be NUL-terminated) into the document and sets
 * *root. Returns SW_OK; SW_EPARSE with the parser's reason in err when the
 * text is not JSON; SW_ENOMEM.
 */
int sw_jsondoc_parse(sw_jsondoc *d, const char *text, size_t n, sw_jv *root, char *err, size_t errsz);

sw_jv_type_t sw_jv_type(sw_jv v);

/* The string's bytes (NUL-terminated; *len may be NULL), or NULL when v is
 * not a string. */
const char *sw_jv_str(sw_jv v, size_t *len);

/* A number as a double (integers converted); false when v is not a number. */
bool sw_jv_num(sw_jv v, double *out);

bool sw_jv_is_true(sw_jv v);

/* Elements of an array (size 0 for anything else). */
size_t sw_jv_array_size(sw_jv v);

/*
 * Walks an object's members (key, its length and value, in document order,
 * duplicates included) or an array's elements (*key set to NULL, *keylen
 * to 0). key and keylen may be NULL. sw_jv_iter_init returns false, and
 * sw_jv_next then returns false, for other values.
 */
bool sw_jv_iter_init(sw_jv v, sw_jv_iter *it);
bool sw_jv_next(sw_jv_iter *it, const char **key, size_t *keylen, sw_jv *val);

/* The first member of an object called name (duplicates: the first, as
 * JSON readers take it), or absent (also when v is not an object). */
sw_jv sw_jv_member(sw_jv v, const char *name);

/* A count as APIs write them (token numbers, indexes): a number in
 * [0, 9e15], truncated; -1 for anything else. */
int64_t sw_jv_count(sw_jv v);

#ifdef __cplusplus
}
#endif

#endif
