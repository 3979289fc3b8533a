/*
 * credcache.h — a short-lived, per-thread memory of who a credential is.
 *
 * Every request names a credential (an API key's hash, or the key id inside
 * a token) and the gateway needs its key record and account. Asking SQLite
 * each time costs a read transaction — half a dozen fcntl() lock calls — on
 * the hot path of every request. The cache remembers the answer for a
 * bounded time (the TTL, one second by default), so a busy key costs one
 * store lookup per second per gateway thread.
 *
 * The price is staleness bounded by the TTL: a key revoked or an account
 * suspended with the admin commands takes effect at the latest one TTL
 * later. Only positive answers are kept; an unknown key always reaches the
 * store. Fixed size, direct-mapped, no allocation after creation; one cache
 * per thread (no locking).
 */
#ifndef SW_STORE_CREDCACHE_H
#define SW_STORE_CREDCACHE_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

#define SW_CREDCACHE_TTL_MS 1000

typedef struct sw_credcache sw_credcache;

/* slots is rounded up to a power of two. SW_OK or SW_ENOMEM. */
int sw_credcache_new(sw_credcache **out, size_t slots, int64_t ttl_ms);
void sw_credcache_free(sw_credcache *c); /* NULL is a no-op */

/* The key with this hash and its account, from the cache while fresh, else
 * from the store (and then remembered). SW_OK; SW_ENOTFOUND (no such valid
 * key, or its account is gone); SW_EIO (store trouble). */
int sw_credcache_by_hash(sw_credcache *c, sw_store *s, const uint8_t hash[32], int64_t now_ms, sw_key_rec *key,
                         sw_account_rec *acct);

/* The same for a key named by its id (tokens carry the id). A revoked key is
 * returned as it is (revoked_ms >= 0): the caller decides. */
int sw_credcache_by_id(sw_credcache *c, sw_store *s, const char *key_id, int64_t now_ms, sw_key_rec *key,
                       sw_account_rec *acct);

/* Fail-open mode of a fleet (the shared store's TTL is 0: every request
 * asks Redis, so revocations apply at once): when the store fails (SW_EIO),
 * a slot still naming the credential answers from its last good read, and
 * *counter is incremented. NULL turns this off (the default). */
void sw_credcache_fallback(sw_credcache *c, atomic_ullong *counter);

/* Lookups answered from memory, and lookups in all (for metrics and tests). */
void sw_credcache_stats(const sw_credcache *c, uint64_t *hits, uint64_t *lookups);

#endif
