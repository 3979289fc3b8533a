/*
 * jsonmem.h — cJSON trees that live for one line, allocated from an arena.
 *
 * Parsing a traffic-log line with cJSON's default allocator costs one malloc
 * per node and per string and as many frees afterwards: on 1–2 KB lines that
 * is a third of the parse. An sw_json_arena hands cJSON bump-allocated memory
 * instead and takes it all back at the next parse, so a tree costs a few
 * pointer increments and nothing to delete.
 *
 * cJSON's allocation hooks are process-wide. They are installed once and
 * route to the arena only while sw_json_arena_parse() runs on the calling
 * thread; at any other time, and on every other thread, cJSON allocates and
 * frees with malloc and free as before. So other users of cJSON in the
 * process are unaffected.
 *
 * Contract: a tree returned by sw_json_arena_parse() is valid until the next
 * sw_json_arena_parse() or sw_json_arena_free() on the same arena, and must
 * never be passed to cJSON_Delete(). One arena per thread at a time.
 */
#ifndef SW_JSONMEM_H
#define SW_JSONMEM_H

#include <cjson/cJSON.h>
#include <stddef.h>

typedef struct sw_json_arena sw_json_arena;

int sw_json_arena_new(sw_json_arena **out); /* SW_OK or SW_ENOMEM */
void sw_json_arena_free(sw_json_arena *a);  /* NULL is a no-op */

/* Parses n bytes (need not be NUL-terminated) into a tree held by the arena,
 * releasing the previous tree. NULL on malformed JSON (cJSON_GetErrorPtr()
 * then points at the trouble) or when memory runs out. *end, when end is
 * not NULL, receives where parsing stopped. */
cJSON *sw_json_arena_parse(sw_json_arena *a, const char *s, size_t n, const char **end);

#endif
