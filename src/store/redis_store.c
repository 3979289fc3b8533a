/*
 * redis_store.c — accounts and API keys in Redis (see redis_store.h).
 *
 * Layout:
 *
 *   sw:{ACCOUNT}:account   hash: created_at_ms, verification, tier, country,
 *                          payment_fp, email_domain, suspended
 *   sw:{ACCOUNT}:keys      sorted set of the account's key ids, by creation
 *   sw:accounts            set of every account id (iteration)
 *   sw:key:{KEY_ID}        hash: account, hash (hex), created_ms, revoked_ms
 *   sw:kh:{HEX}            the key id of a *valid* key with this hash
 *
 * The hash index holds only valid keys: revoking deletes it, so the lookup
 * every request makes (by hash) is one GET plus the account's HGETALL, and
 * a revocation written by any process is seen by the next request of every
 * gateway. Writes are ordered so that a crash half-way leaves nothing
 * usable that should not be: a key becomes findable only by its last write
 * (the index), and loses findability by the first write of a revocation.
 * There is no multi-key transaction (the keys live in different cluster
 * slots); create reserves ids with HSETNX / SET NX, which is what makes
 * "id taken" exact.
 */
#include "store/redis_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"

static void hex32(const uint8_t h[32], char out[65])
{
    for (int i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", h[i]);
}

static int key_of_key(char *out, size_t cap, const char *key_id)
{
    if (!key_id[0] || strchr(key_id, '{') || strchr(key_id, '}') || strchr(key_id, ' '))
        return SW_EINVAL;
    int n = snprintf(out, cap, "sw:key:{%s}", key_id);
    return n < 0 || (size_t)n >= cap ? SW_EINVAL : SW_OK;
}

/* The reply, or SW_EIO when there is none or it is an error. */
static int check(redisReply *rep)
{
    if (!rep)
        return SW_EIO;
    int rc = rep->type == REDIS_REPLY_ERROR ? SW_EIO : SW_OK;
    return rc;
}

static const char *field(const redisReply *h, const char *name)
{
    for (size_t i = 0; i + 1 < h->elements; i += 2)
        if (h->element[i]->type == REDIS_REPLY_STRING && !strcmp(h->element[i]->str, name))
            return h->element[i + 1]->type == REDIS_REPLY_STRING ? h->element[i + 1]->str : "";
    return NULL;
}

static int copy_field(const redisReply *h, const char *name, char *dst, size_t cap)
{
    const char *v = field(h, name);
    if (!v)
        v = "";
    if (strlen(v) >= cap)
        return SW_EIO;
    snprintf(dst, cap, "%s", v);
    return SW_OK;
}

static int64_t ms_field(const redisReply *h, const char *name)
{
    const char *v = field(h, name);
    return v && *v ? strtoll(v, NULL, 10) : -1;
}

/* ---- accounts ---- */

static int write_account(sw_redis *r, const char *k, const sw_account_rec *a)
{
    const sw_account_info *i = &a->info;
    char created[24] = "";
    if (i->created_at_ms >= 0)
        snprintf(created, sizeof created, "%lld", (long long)i->created_at_ms);
    redisReply *rep = sw_redis_commandf(r,
                                        "HSET %s created_at_ms %s verification %s tier %s country %s payment_fp %s "
                                        "email_domain %s suspended %s",
                                        k, created, sw_verification_name(i->verification), i->tier, i->country,
                                        i->payment_fp, i->email_domain, a->suspended ? "1" : "0");
    int rc = check(rep);
    freeReplyObject(rep);
    return rc;
}

int sw_rstore_account_create(sw_redis *r, const sw_account_rec *a)
{
    char k[SW_REDIS_KEY_BUF];
    if (sw_redis_key(k, sizeof k, a->info.account, "account") != SW_OK)
        return SW_EINVAL;
    redisReply *rep = sw_redis_commandf(r, "SADD %s %s", SW_REDIS_ACCOUNTS, a->info.account);
    int rc = check(rep);
    if (rc == SW_OK && rep->type == REDIS_REPLY_INTEGER && rep->integer == 0)
        rc = SW_EEXIST;
    freeReplyObject(rep);
    return rc == SW_OK ? write_account(r, k, a) : rc;
}

static int read_account(const char *id, const redisReply *h, sw_account_rec *out)
{
    memset(out, 0, sizeof *out);
    snprintf(out->info.account, sizeof out->info.account, "%s", id);
    out->info.created_at_ms = ms_field(h, "created_at_ms");
    const char *v = field(h, "verification");
    out->info.verification = sw_verification_of(v ? v : "unknown");
    if (copy_field(h, "tier", out->info.tier, sizeof out->info.tier) ||
        copy_field(h, "country", out->info.country, sizeof out->info.country) ||
        copy_field(h, "payment_fp", out->info.payment_fp, sizeof out->info.payment_fp) ||
        copy_field(h, "email_domain", out->info.email_domain, sizeof out->info.email_domain))
        return SW_EIO;
    const char *s = field(h, "suspended");
    out->suspended = s && !strcmp(s, "1");
    return SW_OK;
}

int sw_rstore_account_get(sw_redis *r, const char *id, sw_account_rec *out)
{
    char k[SW_REDIS_KEY_BUF];
    if (sw_redis_key(k, sizeof k, id, "account") != SW_OK)
        return SW_ENOTFOUND; /* no stored id can look like this */
    redisReply *rep = sw_redis_commandf(r, "HGETALL %s", k);
    int rc = check(rep);
    if (rc == SW_OK && (rep->type != REDIS_REPLY_ARRAY || rep->elements == 0))
        rc = SW_ENOTFOUND;
    if (rc == SW_OK)
        rc = read_account(id, rep, out);
    freeReplyObject(rep);
    return rc;
}

int sw_rstore_account_update(sw_redis *r, const sw_account_rec *a)
{
    char k[SW_REDIS_KEY_BUF];
    if (sw_redis_key(k, sizeof k, a->info.account, "account") != SW_OK)
        return SW_ENOTFOUND;
    redisReply *rep = sw_redis_commandf(r, "EXISTS %s", k);
    int rc = check(rep);
    if (rc == SW_OK && rep->integer == 0)
        rc = SW_ENOTFOUND;
    freeReplyObject(rep);
    return rc == SW_OK ? write_account(r, k, a) : rc;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int sw_rstore_account_each(sw_redis *r, int (*fn)(const sw_account_rec *, void *), void *ctx)
{
    redisReply *ids = sw_redis_commandf(r, "SMEMBERS %s", SW_REDIS_ACCOUNTS);
    int rc = check(ids);
    if (rc != SW_OK || ids->type != REDIS_REPLY_ARRAY) {
        freeReplyObject(ids);
        return rc != SW_OK ? rc : SW_EIO;
    }
    char **sorted = calloc(ids->elements ? ids->elements : 1, sizeof *sorted);
    if (!sorted) {
        freeReplyObject(ids);
        return SW_ENOMEM;
    }
    for (size_t i = 0; i < ids->elements; i++)
        sorted[i] = ids->element[i]->str;
    qsort(sorted, ids->elements, sizeof *sorted, cmp_str); /* id order, as the embedded store */
    for (size_t i = 0; i < ids->elements && rc == SW_OK; i++) {
        sw_account_rec a;
        int g = sw_rstore_account_get(r, sorted[i], &a);
        if (g == SW_ENOTFOUND)
            continue; /* listed but not yet (or no longer) written */
        rc = g != SW_OK ? g : fn(&a, ctx);
    }
    free(sorted);
    freeReplyObject(ids);
    return rc;
}

/* ---- keys ---- */

int sw_rstore_key_create(sw_redis *r, const sw_key_rec *k, const uint8_t hash[32])
{
    char kk[SW_REDIS_KEY_BUF], ak[SW_REDIS_KEY_BUF], hk[SW_REDIS_KEY_BUF], hex[65];
    if (key_of_key(kk, sizeof kk, k->key_id) != SW_OK || sw_redis_key(ak, sizeof ak, k->account, "account") != SW_OK ||
        sw_redis_key(ak, sizeof ak, k->account, "keys") != SW_OK)
        return SW_EINVAL;
    sw_account_rec a;
    int rc = sw_rstore_account_get(r, k->account, &a);
    if (rc != SW_OK)
        return rc;
    hex32(hash, hex);
    snprintf(hk, sizeof hk, "sw:kh:{%s}", hex);
    redisReply *rep = sw_redis_commandf(r, "HSETNX %s account %s", kk, k->account);
    rc = check(rep);
    if (rc == SW_OK && rep->integer == 0)
        rc = SW_EEXIST;
    freeReplyObject(rep);
    if (rc != SW_OK)
        return rc;
    char created[24];
    snprintf(created, sizeof created, "%lld", (long long)k->created_ms);
    rep = sw_redis_commandf(r, "HSET %s hash %s created_ms %s revoked_ms %s", kk, hex, created, "");
    rc = check(rep);
    freeReplyObject(rep);
    if (rc == SW_OK) {
        rep = sw_redis_commandf(r, "ZADD %s %s %s", ak, created, k->key_id);
        rc = check(rep);
        freeReplyObject(rep);
    }
    if (rc == SW_OK) {
        rep = sw_redis_commandf(r, "SET %s %s NX", hk, k->key_id);
        rc = check(rep);
        if (rc == SW_OK && rep->type == REDIS_REPLY_NIL)
            rc = SW_EEXIST; /* the same secret twice: astronomically unlikely */
        freeReplyObject(rep);
    }
    if (rc != SW_OK) { /* give the id back; best effort */
        freeReplyObject(sw_redis_commandf(r, "DEL %s", kk));
        freeReplyObject(sw_redis_commandf(r, "ZREM %s %s", ak, k->key_id));
    }
    return rc;
}

static int read_key(const char *key_id, const redisReply *h, sw_key_rec *out)
{
    memset(out, 0, sizeof *out);
    snprintf(out->key_id, sizeof out->key_id, "%s", key_id);
    if (copy_field(h, "account", out->account, sizeof out->account) != SW_OK)
        return SW_EIO;
    out->created_ms = ms_field(h, "created_ms");
    out->revoked_ms = ms_field(h, "revoked_ms");
    return SW_OK;
}

int sw_rstore_key_get(sw_redis *r, const char *key_id, sw_key_rec *out)
{
    char kk[SW_REDIS_KEY_BUF];
    if (strlen(key_id) >= SW_KEY_ID_MAX || key_of_key(kk, sizeof kk, key_id) != SW_OK)
        return SW_ENOTFOUND;
    redisReply *rep = sw_redis_commandf(r, "HGETALL %s", kk);
    int rc = check(rep);
    if (rc == SW_OK && (rep->type != REDIS_REPLY_ARRAY || rep->elements == 0 || !field(rep, "hash")))
        rc = SW_ENOTFOUND;
    if (rc == SW_OK)
        rc = read_key(key_id, rep, out);
    freeReplyObject(rep);
    return rc;
}

int sw_rstore_key_find(sw_redis *r, const uint8_t hash[32], sw_key_rec *out)
{
    char hk[SW_REDIS_KEY_BUF], hex[65];
    hex32(hash, hex);
    snprintf(hk, sizeof hk, "sw:kh:{%s}", hex);
    redisReply *rep = sw_redis_commandf(r, "GET %s", hk);
    int rc = check(rep);
    if (rc == SW_OK && rep->type != REDIS_REPLY_STRING)
        rc = SW_ENOTFOUND;
    char id[SW_KEY_ID_MAX] = "";
    if (rc == SW_OK && rep->len < sizeof id)
        memcpy(id, rep->str, rep->len + 1);
    freeReplyObject(rep);
    if (rc != SW_OK)
        return rc;
    rc = sw_rstore_key_get(r, id, out);
    if (rc == SW_OK && out->revoked_ms >= 0)
        rc = SW_ENOTFOUND; /* the index outlived a revocation cut short */
    return rc;
}

int sw_rstore_key_revoke(sw_redis *r, const char *key_id, int64_t now_ms)
{
    char kk[SW_REDIS_KEY_BUF];
    if (key_of_key(kk, sizeof kk, key_id) != SW_OK)
        return SW_ENOTFOUND;
    redisReply *rep = sw_redis_commandf(r, "HGET %s hash", kk);
    int rc = check(rep);
    if (rc == SW_OK && rep->type != REDIS_REPLY_STRING)
        rc = SW_ENOTFOUND;
    char hk[SW_REDIS_KEY_BUF] = "";
    if (rc == SW_OK)
        snprintf(hk, sizeof hk, "sw:kh:{%s}", rep->str);
    freeReplyObject(rep);
    if (rc != SW_OK)
        return rc;
    /* unfindable first, then the record's time (the first revocation's stays) */
    rep = sw_redis_commandf(r, "DEL %s", hk);
    rc = check(rep);
    freeReplyObject(rep);
    if (rc != SW_OK)
        return rc;
    rep = sw_redis_commandf(r, "HGET %s revoked_ms", kk);
    rc = check(rep);
    bool already = rc == SW_OK && rep->type == REDIS_REPLY_STRING && rep->len > 0;
    freeReplyObject(rep);
    if (rc != SW_OK || already)
        return rc;
    rep = sw_redis_commandf(r, "HSET %s revoked_ms %lld", kk, (long long)now_ms);
    rc = check(rep);
    freeReplyObject(rep);
    return rc;
}

int sw_rstore_key_each(sw_redis *r, const char *account, int (*fn)(const sw_key_rec *, void *), void *ctx)
{
    char ak[SW_REDIS_KEY_BUF];
    if (sw_redis_key(ak, sizeof ak, account, "keys") != SW_OK)
        return SW_OK;
    redisReply *ids = sw_redis_commandf(r, "ZRANGE %s 0 -1", ak);
    int rc = check(ids);
    if (rc == SW_OK && ids->type != REDIS_REPLY_ARRAY)
        rc = SW_EIO;
    for (size_t i = 0; rc == SW_OK && i < ids->elements; i++) {
        sw_key_rec k;
        int g = sw_rstore_key_get(r, ids->element[i]->str, &k);
        if (g == SW_ENOTFOUND)
            continue;
        rc = g != SW_OK ? g : fn(&k, ctx);
    }
    freeReplyObject(ids);
    return rc;
}
