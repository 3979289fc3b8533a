/*
 * credcache.c — see credcache.h.
 *
 * Two direct-mapped tables, one per way of naming a key (its hash, its id),
 * each slot a full copy of the key and account records with the time they
 * were read. A slot is valid while now - read_at < ttl and its name matches
 * exactly (the whole 32-byte hash, the whole id), so a collision only costs
 * a store lookup, never a wrong answer.
 */
#include "store/credcache.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/hash.h"

typedef struct {
    bool used;
    uint8_t hash[32];       /* by-hash table */
    char id[SW_KEY_ID_MAX]; /* by-id table */
    int64_t read_at_ms;
    sw_key_rec key;
    sw_account_rec acct;
} slot;

struct sw_credcache {
    slot *by_hash, *by_id;
    size_t mask;
    int64_t ttl_ms;
    uint64_t hits, lookups;
    atomic_ullong *stale; /* non-NULL: serve the last answer when the store fails */
};

int sw_credcache_new(sw_credcache **out, size_t slots, int64_t ttl_ms)
{
    size_t n = 1;
    while (n < slots)
        n <<= 1;
    sw_credcache *c = calloc(1, sizeof *c);
    if (!c)
        return SW_ENOMEM;
    c->by_hash = calloc(n, sizeof *c->by_hash);
    c->by_id = calloc(n, sizeof *c->by_id);
    if (!c->by_hash || !c->by_id) {
        sw_credcache_free(c);
        return SW_ENOMEM;
    }
    c->mask = n - 1;
    c->ttl_ms = ttl_ms;
    *out = c;
    return SW_OK;
}

void sw_credcache_free(sw_credcache *c)
{
    if (!c)
        return;
    free(c->by_hash);
    free(c->by_id);
    free(c);
}

static bool fresh(const sw_credcache *c, const slot *e, int64_t now_ms)
{
    /* a clock stepping back must not extend a slot's life */
    return e->used && now_ms >= e->read_at_ms && now_ms - e->read_at_ms < c->ttl_ms;
}

void sw_credcache_fallback(sw_credcache *c, atomic_ullong *counter)
{
    c->stale = counter;
}

/* The store failed: a slot that still names the credential answers (fail
 * open), when the cache was told to. */
static bool serve_stale(sw_credcache *c, const slot *e, int rc)
{
    if (rc != SW_EIO || !c->stale || !e->used)
        return false;
    atomic_fetch_add(c->stale, 1);
    return true;
}

static int fill(slot *e, sw_store *s, int64_t now_ms, const sw_key_rec *key)
{
    sw_account_rec acct;
    int rc = sw_store_account_get(s, key->account, &acct);
    if (rc != SW_OK)
        return rc;
    e->used = true;
    e->read_at_ms = now_ms;
    e->key = *key;
    e->acct = acct;
    return SW_OK;
}

int sw_credcache_by_hash(sw_credcache *c, sw_store *s, const uint8_t hash[32], int64_t now_ms, sw_key_rec *key,
                         sw_account_rec *acct)
{
    uint64_t h;
    memcpy(&h, hash, sizeof h); /* the hash is already uniform */
    slot *e = &c->by_hash[h & c->mask];
    c->lookups++;
    if (fresh(c, e, now_ms) && !memcmp(e->hash, hash, 32)) {
        c->hits++;
    } else {
        sw_key_rec k;
        int rc = sw_store_key_find(s, hash, &k);
        if (rc == SW_OK)
            rc = fill(e, s, now_ms, &k);
        if (!memcmp(e->hash, hash, 32) && serve_stale(c, e, rc)) {
            *key = e->key;
            *acct = e->acct;
            return SW_OK;
        }
        if (rc != SW_OK) {
            e->used = false;
            return rc;
        }
        memcpy(e->hash, hash, 32);
    }
    *key = e->key;
    *acct = e->acct;
    return SW_OK;
}

int sw_credcache_by_id(sw_credcache *c, sw_store *s, const char *key_id, int64_t now_ms, sw_key_rec *key,
                       sw_account_rec *acct)
{
    slot *e = &c->by_id[sw_hash_str(key_id, 0x6b6579) & c->mask];
    c->lookups++;
    if (fresh(c, e, now_ms) && !strcmp(e->id, key_id)) {
        c->hits++;
    } else {
        if (strlen(key_id) >= sizeof e->id)
            return SW_ENOTFOUND;
        sw_key_rec k;
        int rc = sw_store_key_get(s, key_id, &k);
        if (rc == SW_OK)
            rc = fill(e, s, now_ms, &k);
        if (!strcmp(e->id, key_id) && serve_stale(c, e, rc)) {
            *key = e->key;
            *acct = e->acct;
            return SW_OK;
        }
        if (rc != SW_OK) {
            e->used = false;
            return rc;
        }
        snprintf(e->id, sizeof e->id, "%s", key_id);
    }
    *key = e->key;
    *acct = e->acct;
    return SW_OK;
}

void sw_credcache_stats(const sw_credcache *c, uint64_t *hits, uint64_t *lookups)
{
    *hits = c->hits;
    *lookups = c->lookups;
}
