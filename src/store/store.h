/*
 * store.h — the gateway's durable state: accounts and API keys.
 *
 * One opaque handle over an embedded SQLite database at DIR/stillwatch.db
 * (created on first open, WAL journal, so that the admin CLI can write while
 * a gateway reads). A handle is used by one thread at a time; every gateway
 * thread opens its own. The shared backend of a fleet (Redis,
 * redis_store.c) sits behind this same API: sw_store_open with a redis://
 * URL instead of a directory, or sw_store_open_shared with the gateway's
 * timeout and health counters.
 *
 * Accounts are the records of spec/traffic-log.md's accounts file
 * (sw_account_info) plus a suspended flag. API keys are never stored: only
 * their 32-byte hash (see auth/apikey.h), an id that is safe to print and log
 * (the key's public prefix), the owning account and timestamps.
 *
 * The schema carries its version in a table of its own; opening a database
 * written by an older build upgrades it inside one transaction, and opening
 * one written by a newer build is refused. Statements are prepared once per
 * handle and reused. Each call is atomic on its own; sw_store_begin/commit
 * group several (read-check-write sequences such as the CLI's).
 *
 * Errors: SW_OK; SW_ENOTFOUND (no such account/key); SW_EEXIST (account id or
 * key id or key hash taken); SW_EINVAL (bad argument); SW_EIO (database
 * trouble, with the SQLite message in err where an err buffer is taken, and
 * from sw_store_errmsg otherwise).
 */
#ifndef SW_STORE_H
#define SW_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/account.h"
#include "store/redis.h"

typedef struct sw_store sw_store;

typedef struct {
    sw_account_info info;
    bool suspended;
} sw_account_rec;

#define SW_KEY_ID_MAX 32

typedef struct {
    char key_id[SW_KEY_ID_MAX]; /* printable, e.g. "sk-sw-3f9a1c2b" prefix */
    char account[SW_ACCOUNT_STR];
    int64_t created_ms;
    int64_t revoked_ms; /* -1 while valid */
} sw_key_rec;

/* Opens (creating when absent, mode 0600) DIR/stillwatch.db; DIR must exist.
 * A redis:// URL in place of DIR opens the shared backend (it must answer). */
int sw_store_open(sw_store **out, const char *dir, char *err, size_t errsz);
/* The shared backend at a redis:// URL, with a call timeout; a Redis that
 * does not answer is an error only with must_connect (the handle reconnects
 * by itself, see redis.h). health may be NULL. */
int sw_store_open_shared(sw_store **out, const char *url, int timeout_ms, sw_redis_health *health,
                         bool must_connect, char *err, size_t errsz);
/* The handle's Redis connection (for the fleet's other shared state on the
 * same thread), or NULL for the embedded backend. */
sw_redis *sw_store_redis(sw_store *s);
void sw_store_close(sw_store *s); /* NULL is a no-op */

/* The database's message for the last failed call (never NULL). */
const char *sw_store_errmsg(const sw_store *s);

/* A write transaction around several calls. begin takes the write lock at
 * once (waiting up to the busy timeout), so that a read followed by a write
 * cannot be overtaken by another writer. rollback of no transaction is a
 * no-op. */
int sw_store_begin(sw_store *s);
int sw_store_commit(sw_store *s);
void sw_store_rollback(sw_store *s);

int sw_store_account_create(sw_store *s, const sw_account_rec *a);  /* SW_EEXIST */
int sw_store_account_get(sw_store *s, const char *id, sw_account_rec *out);
int sw_store_account_update(sw_store *s, const sw_account_rec *a);  /* SW_ENOTFOUND */
/* Calls fn for every account, in id order (the gateway loads them into its
 * detector at start); stops and returns fn's value when it is non-zero. fn
 * may call other functions of the store. */
int sw_store_account_each(sw_store *s, int (*fn)(const sw_account_rec *, void *), void *ctx);

/* SW_EEXIST when the key id or the hash is taken, SW_ENOTFOUND when the
 * account does not exist. k->revoked_ms is ignored: a new key is valid. */
int sw_store_key_create(sw_store *s, const sw_key_rec *k, const uint8_t hash[32]);
/* The key with this id, revoked or not. */
int sw_store_key_get(sw_store *s, const char *key_id, sw_key_rec *out);
/* The valid (unrevoked) key with this hash: SW_ENOTFOUND otherwise. */
int sw_store_key_find(sw_store *s, const uint8_t hash[32], sw_key_rec *out);
/* Revoking twice keeps the first revocation time. */
int sw_store_key_revoke(sw_store *s, const char *key_id, int64_t now_ms); /* SW_ENOTFOUND */
/* Calls fn for every key of an account, oldest first, like account_each. */
int sw_store_key_each(sw_store *s, const char *account, int (*fn)(const sw_key_rec *, void *), void *ctx);

#endif
