/*
 * redis_store.h — the shared backend of store.h: accounts and API keys in
 * Redis. store.c dispatches here when the state is a redis:// URL; nothing
 * else calls these directly. Same contract and error codes as store.h.
 */
#ifndef SW_STORE_REDIS_STORE_H
#define SW_STORE_REDIS_STORE_H

#include "store/redis.h"
#include "store/store.h"

int sw_rstore_account_create(sw_redis *r, const sw_account_rec *a);
int sw_rstore_account_get(sw_redis *r, const char *id, sw_account_rec *out);
int sw_rstore_account_update(sw_redis *r, const sw_account_rec *a);
int sw_rstore_account_each(sw_redis *r, int (*fn)(const sw_account_rec *, void *), void *ctx);
int sw_rstore_key_create(sw_redis *r, const sw_key_rec *k, const uint8_t hash[32]);
int sw_rstore_key_get(sw_redis *r, const char *key_id, sw_key_rec *out);
int sw_rstore_key_find(sw_redis *r, const uint8_t hash[32], sw_key_rec *out);
int sw_rstore_key_revoke(sw_redis *r, const char *key_id, int64_t now_ms);
int sw_rstore_key_each(sw_redis *r, const char *account, int (*fn)(const sw_key_rec *, void *), void *ctx);

#endif
