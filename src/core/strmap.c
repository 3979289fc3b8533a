/*
 * strmap.c — see strmap.h. Slots hold (hash, key pointer, value); the full
 * 64-bit hash is compared before the string so that probes rarely touch key
 * memory. Keys live in 64 KB chunks that are never moved.
 */
#include "core/strmap.h"

#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/hash.h"

typedef struct {
    uint64_t hash;
    const char *key; /* NULL: empty slot */
    uint32_t value;
} slot;

typedef struct chunk {
    struct chunk *next;
    size_t used, cap;
    char data[];
} chunk;

struct sw_strmap {
    slot *slots;
    size_t mask, count;
    chunk *chunks;
    size_t chunk_bytes;
};

sw_strmap *sw_strmap_new(void)
{
    sw_strmap *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->slots = calloc(64, sizeof *m->slots);
    if (!m->slots) {
        free(m);
        return NULL;
    }
    m->mask = 63;
    return m;
}

void sw_strmap_free(sw_strmap *m)
{
    if (!m)
        return;
    for (chunk *c = m->chunks, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    free(m->slots);
    free(m);
}

static const char *copy_key(sw_strmap *m, const char *key, size_t n)
{
    if (!m->chunks || m->chunks->used + n + 1 > m->chunks->cap) {
        size_t cap = n + 1 > 65536 ? n + 1 : 65536;
        chunk *c = malloc(sizeof *c + cap);
        if (!c)
            return NULL;
        c->next = m->chunks;
        c->used = 0;
        c->cap = cap;
        m->chunks = c;
        m->chunk_bytes += sizeof *c + cap;
    }
    char *p = m->chunks->data + m->chunks->used;
    memcpy(p, key, n + 1);
    m->chunks->used += n + 1;
    return p;
}

static int grow(sw_strmap *m)
{
    size_t ncap = (m->mask + 1) * 2;
    slot *ns = calloc(ncap, sizeof *ns);
    if (!ns)
        return SW_ENOMEM;
    for (size_t i = 0; i <= m->mask; i++) {
        if (!m->slots[i].key)
            continue;
        size_t j = m->slots[i].hash & (ncap - 1);
        while (ns[j].key)
            j = (j + 1) & (ncap - 1);
        ns[j] = m->slots[i];
    }
    free(m->slots);
    m->slots = ns;
    m->mask = ncap - 1;
    return SW_OK;
}

int sw_strmap_get_or_put(sw_strmap *m, const char *key, uint32_t *value, int insert, int *inserted,
                         const char **stable_key)
{
    size_t n = strlen(key);
    uint64_t h = sw_hash64(key, n, 0x5eed);
    if (inserted)
        *inserted = 0;
    size_t i = h & m->mask;
    while (m->slots[i].key) {
        if (m->slots[i].hash == h && !strcmp(m->slots[i].key, key)) {
            *value = m->slots[i].value;
            if (stable_key)
                *stable_key = m->slots[i].key;
            return SW_OK;
        }
        i = (i + 1) & m->mask;
    }
    if (!insert)
        return SW_ENOTFOUND;
    if ((m->count + 1) * 10 > (m->mask + 1) * 7) {
        if (grow(m) != SW_OK)
            return SW_ENOMEM;
        i = h & m->mask;
        while (m->slots[i].key)
            i = (i + 1) & m->mask;
    }
    const char *k = copy_key(m, key, n);
    if (!k)
        return SW_ENOMEM;
    m->slots[i] = (slot){h, k, *value};
    m->count++;
    if (inserted)
        *inserted = 1;
    if (stable_key)
        *stable_key = k;
    return SW_OK;
}

size_t sw_strmap_count(const sw_strmap *m)
{
    return m->count;
}

size_t sw_strmap_bytes(const sw_strmap *m)
{
    return (m->mask + 1) * sizeof(slot) + m->chunk_bytes;
}
