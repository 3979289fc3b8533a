/*
 * jsonmem.c — see jsonmem.h.
 *
 * The arena is a list of blocks. Allocation bumps a cursor in the newest
 * block and opens a new block (at least twice the previous one) when it is
 * full. Resetting keeps the blocks: when a line needed more than the first
 * block, the blocks are replaced by one block of their total size, so that
 * after the first few lines every parse fits in a single block and the
 * ownership test of a free is one range comparison. A block grown by a huge
 * line is given back at the next reset rather than kept for ever.
 *
 * The hooks see which arena is active through a thread-local pointer that
 * sw_json_arena_parse() sets for the duration of one cJSON parse. cJSON frees
 * memory during a parse only on its error path (deleting the partial tree)
 * and for its own temporaries; a free of arena memory is a no-op, any other
 * pointer goes to free().
 */
#include "core/jsonmem.h"

#include <pthread.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/error.h"

#define FIRST_BLOCK (64u * 1024u)
#define KEEP_LIMIT (4u * 1024u * 1024u) /* larger blocks are not kept across resets */

typedef struct block {
    struct block *prev;
    size_t size, used;
    alignas(max_align_t) unsigned char data[];
} block;

struct sw_json_arena {
    block *head; /* newest block */
    cJSON *tree;
};

static _Thread_local sw_json_arena *active;
static pthread_once_t hooks_once = PTHREAD_ONCE_INIT;

static block *block_new(size_t size, block *prev)
{
    block *b = malloc(sizeof *b + size);
    if (!b)
        return NULL;
    b->prev = prev;
    b->size = size;
    b->used = 0;
    return b;
}

static void *arena_alloc(sw_json_arena *a, size_t n)
{
    const size_t align = alignof(max_align_t);
    n = (n + align - 1) & ~(align - 1);
    block *b = a->head;
    if (!b || b->size - b->used < n) {
        size_t size = b ? b->size * 2 : FIRST_BLOCK;
        while (size < n)
            size *= 2;
        block *nb = block_new(size, b);
        if (!nb)
            return NULL;
        a->head = b = nb;
    }
    void *p = b->data + b->used;
    b->used += n;
    return p;
}

static int arena_owns(const sw_json_arena *a, const void *p)
{
    for (const block *b = a->head; b; b = b->prev)
        if ((const unsigned char *)p >= b->data && (const unsigned char *)p < b->data + b->size)
            return 1;
    return 0;
}

static void arena_reset(sw_json_arena *a)
{
    block *b = a->head;
    if (!b)
        return;
    if (!b->prev && b->size <= KEEP_LIMIT) {
        b->used = 0;
        return;
    }
    size_t total = 0;
    while (b) {
        block *prev = b->prev;
        total += b->size;
        free(b);
        b = prev;
    }
    a->head = total <= KEEP_LIMIT ? block_new(total, NULL) : NULL; /* NULL: reopened on demand */
}

static void *hook_malloc(size_t n)
{
    return active ? arena_alloc(active, n) : malloc(n);
}

static void hook_free(void *p)
{
    if (p && active && arena_owns(active, p))
        return;
    free(p);
}

static void install_hooks(void)
{
    cJSON_Hooks hooks = {hook_malloc, hook_free};
    cJSON_InitHooks(&hooks);
}

int sw_json_arena_new(sw_json_arena **out)
{
    pthread_once(&hooks_once, install_hooks);
    sw_json_arena *a = calloc(1, sizeof *a);
    if (!a)
        return SW_ENOMEM;
    *out = a;
    return SW_OK;
}

void sw_json_arena_free(sw_json_arena *a)
{
    if (!a)
        return;
    block *b = a->head;
    while (b) {
        block *prev = b->prev;
        free(b);
        b = prev;
    }
    free(a);
}

cJSON *sw_json_arena_parse(sw_json_arena *a, const char *s, size_t n, const char **end)
{
    arena_reset(a);
    sw_json_arena *outer = active;
    active = a;
    a->tree = cJSON_ParseWithLengthOpts(s, n, end, 0);
    active = outer;
    return a->tree;
}
