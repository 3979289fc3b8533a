/*
 * json_parsers.c — the measurement behind the choice of JSON parser: parses
 * the same traffic-log lines, held in memory, with each packaged C parser
 * and prints lines/s and MB/s side by side.
 *
 * Not built by default (it needs every candidate's -dev package):
 *   apt-get install libcjson-dev libjson-c-dev libjansson-dev libyajl-dev libjsmn-dev libsimdjson-dev
 *   g++ -O2 -std=c++17 -Isrc -c -o /tmp/jsondoc.o src/core/jsondoc.cc
 *   gcc -O2 -Isrc -o /tmp/json_parsers bench/json_parsers.c /tmp/jsondoc.o \
 *       $(pkg-config --cflags --libs libcjson json-c jansson yajl simdjson) -lstdc++
 *   /tmp/json_parsers out/bench-scan/bench.jsonl 20000
 *
 * simdjson (C++ only) is measured through the project's C shim over it,
 * src/core/jsondoc.cc, copy into a padded buffer included.
 *
 * json-c and jansson both define json_object; each is only touched through
 * its own small function in a separate block below, compiled with macros
 * that keep their names apart.
 */
#define JSMN_STRICT
#include <cjson/cJSON.h>
#include <jsmn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <yajl/yajl_parse.h>

#define json_object jansson_json_object
#define json_object_get jansson_json_object_get
#define json_object_iter jansson_json_object_iter
#define json_object_iter_next jansson_json_object_iter_next
#define json_type jansson_json_type
#include <jansson.h>
#undef json_object
#undef json_object_get
#undef json_object_iter
#undef json_object_iter_next
#undef json_type
static int parse_jansson(const char *s, size_t n)
{
    json_error_t e;
    json_t *j = json_loadb(s, n, 0, &e);
    int ok = j != NULL;
    json_decref(j);
    return ok;
}

#include <json-c/json.h>
static int parse_jsonc(const char *s, size_t n)
{
    struct json_tokener *tk = json_tokener_new();
    struct json_object *j = json_tokener_parse_ex(tk, s, (int)n);
    int ok = j != NULL;
    json_object_put(j);
    json_tokener_free(tk);
    return ok;
}

static int parse_cjson(const char *s, size_t n)
{
    cJSON *j = cJSON_ParseWithLength(s, n);
    int ok = j != NULL;
    cJSON_Delete(j);
    return ok;
}

static int cb_any(void *ctx) { (void)ctx; return 1; }
static int cb_bool(void *ctx, int b) { (void)ctx; (void)b; return 1; }
static int cb_num(void *ctx, const char *s, size_t l) { (void)ctx; (void)s; (void)l; return 1; }
static int cb_str(void *ctx, const unsigned char *s, size_t l) { (void)ctx; (void)s; (void)l; return 1; }
static const yajl_callbacks yajl_cbs = {cb_any, cb_bool, NULL, NULL, cb_num, cb_str, cb_any, cb_str, cb_any, cb_any, cb_any};
static int parse_yajl(const char *s, size_t n)
{
    yajl_handle h = yajl_alloc(&yajl_cbs, NULL, NULL);
    int ok = yajl_parse(h, (const unsigned char *)s, n) == yajl_status_ok && yajl_complete_parse(h) == yajl_status_ok;
    yajl_free(h);
    return ok;
}

static jsmntok_t tokens[1 << 16];
static int parse_jsmn(const char *s, size_t n)
{
    jsmn_parser p;
    jsmn_init(&p);
    return jsmn_parse(&p, s, n, tokens, sizeof tokens / sizeof tokens[0]) > 0;
}

#include "core/jsondoc.h"
static sw_jsondoc *simd;
static int parse_simdjson(const char *s, size_t n)
{
    sw_jv root;
    return sw_jsondoc_parse(simd, s, n, &root, NULL, 0) == 0;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: json_parsers EVENTS.jsonl MAX_LINES\n");
        return 2;
    }
    long max = atol(argv[2]);
    FILE *f = fopen(argv[1], "r");
    if (!f || max <= 0) {
        perror(argv[1]);
        return 1;
    }
    char **lines = malloc((size_t)max * sizeof *lines);
    size_t *lens = malloc((size_t)max * sizeof *lens), total = 0, cap = 0;
    char *line = NULL;
    ssize_t n;
    long count = 0;
    while (count < max && (n = getline(&line, &cap, f)) > 0) {
        lines[count] = malloc((size_t)n);
        memcpy(lines[count], line, (size_t)n);
        lens[count++] = (size_t)n;
        total += (size_t)n;
    }
    fclose(f);
    free(line);
    static const struct {
        const char *name;
        int (*parse)(const char *, size_t);
    } parsers[] = {{"cJSON (tree)", parse_cjson},   {"json-c (tree)", parse_jsonc}, {"jansson (tree)", parse_jansson},
                   {"yajl (events)", parse_yajl}, {"jsmn (tokens only)", parse_jsmn},
                   {"simdjson (tape)", parse_simdjson}};
    if (sw_jsondoc_new(&simd) != 0)
        return 1;
    printf("%ld lines, %.1f MB, %.0f bytes per line, 3 passes each\n", count, total / 1e6, (double)total / count);
    for (size_t p = 0; p < sizeof parsers / sizeof parsers[0]; p++) {
        double t0 = now();
        long ok = 0;
        for (int r = 0; r < 3; r++)
            for (long i = 0; i < count; i++)
                ok += parsers[p].parse(lines[i], lens[i]);
        double dt = now() - t0;
        printf("  %-20s %9.0f lines/s %7.0f MB/s  (%ld parsed)\n", parsers[p].name, 3 * count / dt, 3 * total / dt / 1e6,
               ok / 3);
    }
    return 0;
}
