/*
 * test_store.c — the embedded store (src/store): accounts and keys round
 * trips, duplicates, absent records, revocation, transactions, reopening
 * (the schema is not re-applied), a newer schema refused, two handles on one
 * file (the gateway reading while the CLI writes).
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/error.h"
#include "store/store.h"
#include "sw_test.h"

static char dir[256];

static void fresh_dir(void)
{
    snprintf(dir, sizeof dir, "/tmp/sw_test_store.XXXXXX");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        exit(1);
    }
}

static void remove_dir(void)
{
    static const char *const names[] = {"stillwatch.db", "stillwatch.db-wal", "stillwatch.db-shm"};
    char p[512];
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        snprintf(p, sizeof p, "%s/%s", dir, names[k]);
        unlink(p);
    }
    rmdir(dir);
}

static sw_store *open_store(void)
{
    sw_store *s = NULL;
    char err[300] = "";
    int rc = sw_store_open(&s, dir, err, sizeof err);
    CHECK_EQ_INT(rc, SW_OK);
    if (rc != SW_OK)
        fprintf(stderr, "open: %s\n", err);
    return s;
}

static sw_account_rec account(const char *id, sw_verification v, const char *tier)
{
    sw_account_rec a;
    memset(&a, 0, sizeof a);
    snprintf(a.info.account, sizeof a.info.account, "%s", id);
    a.info.created_at_ms = 1793577600123LL;
    a.info.verification = v;
    snprintf(a.info.tier, sizeof a.info.tier, "%s", tier);
    return a;
}

static void hash_of(int n, uint8_t h[32])
{
    memset(h, 0, 32);
    h[0] = (uint8_t)n;
    h[31] = 0xa5;
}

static void test_account_roundtrip(void)
{
    fresh_dir();
    sw_store *s = open_store();
    sw_account_rec a = account("acme", SW_VERIF_BUSINESS, "tier2"), out;
    snprintf(a.info.country, sizeof a.info.country, "DE");
    snprintf(a.info.payment_fp, sizeof a.info.payment_fp, "pf:1234");
    snprintf(a.info.email_domain, sizeof a.info.email_domain, "acme.example");
    CHECK_EQ_INT(sw_store_account_create(s, &a), SW_OK);
    CHECK_EQ_INT(sw_store_account_get(s, "acme", &out), SW_OK);
    CHECK(memcmp(&a, &out, sizeof a) == 0);
    CHECK_EQ_STR(out.info.email_domain, "acme.example");
    CHECK_EQ_INT(out.info.verification, SW_VERIF_BUSINESS);
    CHECK(!out.suspended);
    /* absent creation time and strings survive as -1 and "" */
    sw_account_rec b = account("bare", SW_VERIF_NONE, "");
    b.info.created_at_ms = -1;
    CHECK_EQ_INT(sw_store_account_create(s, &b), SW_OK);
    CHECK_EQ_INT(sw_store_account_get(s, "bare", &out), SW_OK);
    CHECK_EQ_INT(out.info.created_at_ms, -1);
    CHECK_EQ_STR(out.info.tier, "");
    /* ids are exact: no case folding, no prefix match */
    CHECK_EQ_INT(sw_store_account_get(s, "ACME", &out), SW_ENOTFOUND);
    CHECK_EQ_INT(sw_store_account_get(s, "acm", &out), SW_ENOTFOUND);
    CHECK_EQ_INT(sw_store_account_get(s, "", &out), SW_ENOTFOUND);
    sw_store_close(s);
    remove_dir();
}

static void test_account_duplicate_update(void)
{
    fresh_dir();
    sw_store *s = open_store();
    sw_account_rec a = account("acme", SW_VERIF_EMAIL, "free"), out;
    CHECK_EQ_INT(sw_store_account_create(s, &a), SW_OK);
    sw_account_rec dup = account("acme", SW_VERIF_ENTERPRISE, "enterprise");
    CHECK_EQ_INT(sw_store_account_create(s, &dup), SW_EEXIST);
    CHECK_EQ_INT(sw_store_account_get(s, "acme", &out), SW_OK);
    CHECK_EQ_STR(out.info.tier, "free"); /* unchanged */
    a.info.verification = SW_VERIF_ID;
    snprintf(a.info.tier, sizeof a.info.tier, "tier1");
    a.suspended = true;
    CHECK_EQ_INT(sw_store_account_update(s, &a), SW_OK);
    CHECK_EQ_INT(sw_store_account_get(s, "acme", &out), SW_OK);
    CHECK_EQ_INT(out.info.verification, SW_VERIF_ID);
    CHECK_EQ_STR(out.info.tier, "tier1");
    CHECK(out.suspended);
    sw_account_rec ghost = account("ghost", SW_VERIF_NONE, "free");
    CHECK_EQ_INT(sw_store_account_update(s, &ghost), SW_ENOTFOUND);
    /* bad records */
    sw_account_rec bad = account("", SW_VERIF_NONE, "free");
    CHECK_EQ_INT(sw_store_account_create(s, &bad), SW_EINVAL);
    bad = account("x", (sw_verification)99, "free");
    CHECK_EQ_INT(sw_store_account_create(s, &bad), SW_EINVAL);
    bad = account("x", SW_VERIF_NONE, "free");
    memset(bad.info.tier, 'a', sizeof bad.info.tier); /* not terminated */
    CHECK_EQ_INT(sw_store_account_create(s, &bad), SW_EINVAL);
    sw_store_close(s);
    remove_dir();
}

static int collect_account(const sw_account_rec *a, void *ctx)
{
    char *ids = ctx;
    strcat(ids, a->info.account);
    strcat(ids, ",");
    return 0;
}

static int stop_at_b(const sw_account_rec *a, void *ctx)
{
    (void)ctx;
    return strcmp(a->info.account, "b") == 0 ? 42 : 0;
}

typedef struct {
    sw_store *s;
    int found;
} nested_ctx;

/* A callback may use the store while it is being iterated. */
static int nested_get(const sw_account_rec *a, void *ctx)
{
    nested_ctx *n = ctx;
    sw_account_rec again;
    if (sw_store_account_get(n->s, a->info.account, &again) == SW_OK)
        n->found++;
    return 0;
}

static void test_account_each(void)
{
    fresh_dir();
    sw_store *s = open_store();
    char ids[256] = "";
    CHECK_EQ_INT(sw_store_account_each(s, collect_account, ids), SW_OK);
    CHECK_EQ_STR(ids, "");
    const char *names[] = {"c", "a", "b"};
    for (int k = 0; k < 3; k++) {
        sw_account_rec a = account(names[k], SW_VERIF_PHONE, "free");
        CHECK_EQ_INT(sw_store_account_create(s, &a), SW_OK);
    }
    CHECK_EQ_INT(sw_store_account_each(s, collect_account, ids), SW_OK);
    CHECK_EQ_STR(ids, "a,b,c,");
    CHECK_EQ_INT(sw_store_account_each(s, stop_at_b, NULL), 42);
    nested_ctx ctx = {s, 0};
    CHECK_EQ_INT(sw_store_account_each(s, nested_get, &ctx), SW_OK);
    CHECK_EQ_INT(ctx.found, 3);
    sw_store_close(s);
    remove_dir();
}

static void test_keys(void)
{
    fresh_dir();
    sw_store *s = open_store();
    sw_account_rec a = account("acme", SW_VERIF_BUSINESS, "tier2");
    CHECK_EQ_INT(sw_store_account_create(s, &a), SW_OK);
    sw_key_rec k = {.key_id = "sk-sw-00000001", .account = "acme", .created_ms = 1000, .revoked_ms = -1}, out;
    uint8_t h1[32], h2[32], h3[32];
    hash_of(1, h1);
    hash_of(2, h2);
    hash_of(3, h3);
    CHECK_EQ_INT(sw_store_key_create(s, &k, h1), SW_OK);
    CHECK_EQ_INT(sw_store_key_find(s, h1, &out), SW_OK);
    CHECK_EQ_STR(out.key_id, "sk-sw-00000001");
    CHECK_EQ_STR(out.account, "acme");
    CHECK_EQ_INT(out.created_ms, 1000);
    CHECK_EQ_INT(out.revoked_ms, -1);
    CHECK_EQ_INT(sw_store_key_find(s, h2, &out), SW_ENOTFOUND);
    /* duplicate id, duplicate hash */
    CHECK_EQ_INT(sw_store_key_create(s, &k, h2), SW_EEXIST);
    sw_key_rec k2 = {.key_id = "sk-sw-00000002", .account = "acme", .created_ms = 2000};
    CHECK_EQ_INT(sw_store_key_create(s, &k2, h1), SW_EEXIST);
    CHECK_EQ_INT(sw_store_key_create(s, &k2, h2), SW_OK);
    /* unknown account */
    sw_key_rec k3 = {.key_id = "sk-sw-00000003", .account = "nobody", .created_ms = 3000};
    CHECK_EQ_INT(sw_store_key_create(s, &k3, h3), SW_ENOTFOUND);
    sw_key_rec empty = {.key_id = "", .account = "acme"};
    CHECK_EQ_INT(sw_store_key_create(s, &empty, h3), SW_EINVAL);
    /* revocation: not found by hash any more, still visible by id */
    CHECK_EQ_INT(sw_store_key_revoke(s, "sk-sw-00000001", 5000), SW_OK);
    CHECK_EQ_INT(sw_store_key_find(s, h1, &out), SW_ENOTFOUND);
    CHECK_EQ_INT(sw_store_key_get(s, "sk-sw-00000001", &out), SW_OK);
    CHECK_EQ_INT(out.revoked_ms, 5000);
    /* revoking twice keeps the first time */
    CHECK_EQ_INT(sw_store_key_revoke(s, "sk-sw-00000001", 9000), SW_OK);
    CHECK_EQ_INT(sw_store_key_get(s, "sk-sw-00000001", &out), SW_OK);
    CHECK_EQ_INT(out.revoked_ms, 5000);
    CHECK_EQ_INT(sw_store_key_revoke(s, "sk-sw-ffffffff", 5000), SW_ENOTFOUND);
    CHECK_EQ_INT(sw_store_key_get(s, "sk-sw-ffffffff", &out), SW_ENOTFOUND);
    /* the other key is unaffected */
    CHECK_EQ_INT(sw_store_key_find(s, h2, &out), SW_OK);
    CHECK_EQ_STR(out.key_id, "sk-sw-00000002");
    sw_store_close(s);
    remove_dir();
}

static int count_keys(const sw_key_rec *k, void *ctx)
{
    char *ids = ctx;
    strcat(ids, k->key_id + 6);
    strcat(ids, k->revoked_ms >= 0 ? "(r)," : ",");
    return 0;
}

static void test_key_each(void)
{
    fresh_dir();
    sw_store *s = open_store();
    sw_account_rec a = account("a", SW_VERIF_NONE, "free"), b = account("b", SW_VERIF_NONE, "free");
    CHECK_EQ_INT(sw_store_account_create(s, &a), SW_OK);
    CHECK_EQ_INT(sw_store_account_create(s, &b), SW_OK);
    for (int n = 1; n <= 4; n++) {
        sw_key_rec k = {.account = "a", .created_ms = 100 - n};
        snprintf(k.key_id, sizeof k.key_id, "sk-sw-0000000%d", n);
        if (n == 4)
            snprintf(k.account, sizeof k.account, "b");
        uint8_t h[32];
        hash_of(n, h);
        CHECK_EQ_INT(sw_store_key_create(s, &k, h), SW_OK);
    }
    CHECK_EQ_INT(sw_store_key_revoke(s, "sk-sw-00000002", 7), SW_OK);
    char ids[256] = "";
    CHECK_EQ_INT(sw_store_key_each(s, "a", count_keys, ids), SW_OK);
    CHECK_EQ_STR(ids, "00000003,00000002(r),00000001,");
    ids[0] = '\0';
    CHECK_EQ_INT(sw_store_key_each(s, "nobody", count_keys, ids), SW_OK);
    CHECK_EQ_STR(ids, "");
    sw_store_close(s);
    remove_dir();
}

static void test_transactions(void)
{
    fresh_dir();
    sw_store *s = open_store();
    sw_account_rec a = account("a", SW_VERIF_NONE, "free"), out;
    CHECK_EQ_INT(sw_store_begin(s), SW_OK);
    CHECK_EQ_INT(sw_store_account_create(s, &a), SW_OK);
    sw_store_rollback(s);
    CHECK_EQ_INT(sw_store_account_get(s, "a", &out), SW_ENOTFOUND);
    CHECK_EQ_INT(sw_store_begin(s), SW_OK);
    CHECK_EQ_INT(sw_store_account_create(s, &a), SW_OK);
    CHECK_EQ_INT(sw_store_commit(s), SW_OK);
    CHECK_EQ_INT(sw_store_account_get(s, "a", &out), SW_OK);
    sw_store_rollback(s); /* none open: harmless */
    CHECK_EQ_INT(sw_store_commit(s), SW_EIO); /* none open */
    CHECK(strlen(sw_store_errmsg(s)) > 0);
    sw_store_close(s);
    remove_dir();
}

/* Two handles on one file, as a gateway thread and the CLI: a reader sees
 * committed writes, and a second writer waits rather than failing. */
static void test_two_handles(void)
{
    fresh_dir();
    sw_store *w = open_store(), *r = open_store();
    sw_account_rec a = account("a", SW_VERIF_NONE, "free"), out;
    CHECK_EQ_INT(sw_store_account_get(r, "a", &out), SW_ENOTFOUND);
    CHECK_EQ_INT(sw_store_begin(w), SW_OK);
    CHECK_EQ_INT(sw_store_account_create(w, &a), SW_OK);
    CHECK_EQ_INT(sw_store_account_get(r, "a", &out), SW_ENOTFOUND); /* not committed yet */
    CHECK_EQ_INT(sw_store_commit(w), SW_OK);
    CHECK_EQ_INT(sw_store_account_get(r, "a", &out), SW_OK);
    a.suspended = true;
    CHECK_EQ_INT(sw_store_account_update(w, &a), SW_OK);
    CHECK_EQ_INT(sw_store_account_get(r, "a", &out), SW_OK);
    CHECK(out.suspended);
    sw_store_close(w);
    sw_store_close(r);
    remove_dir();
}

static void test_reopen_and_schema(void)
{
    fresh_dir();
    sw_store *s = open_store();
    sw_account_rec a = account("keep", SW_VERIF_EDU, "edu"), out;
    CHECK_EQ_INT(sw_store_account_create(s, &a), SW_OK);
    sw_store_close(s);
    s = open_store();
    CHECK_EQ_INT(sw_store_account_get(s, "keep", &out), SW_OK);
    CHECK_EQ_INT(out.info.verification, SW_VERIF_EDU);
    sw_store_close(s);
    /* the file is private to its owner */
    char path[512];
    snprintf(path, sizeof path, "%s/stillwatch.db", dir);
    struct stat st;
    CHECK(stat(path, &st) == 0 && (st.st_mode & 077) == 0);
    /* a file from a newer build is refused, not silently misread */
    sqlite3 *db;
    CHECK_EQ_INT(sqlite3_open(path, &db), SQLITE_OK);
    CHECK_EQ_INT(sqlite3_exec(db, "UPDATE schema_version SET version = 99", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    char err[300] = "";
    CHECK_EQ_INT(sw_store_open(&s, dir, err, sizeof err), SW_EIO);
    CHECK(s == NULL);
    CHECK(strstr(err, "newer") != NULL);
    remove_dir();
    /* a directory that does not exist */
    CHECK_EQ_INT(sw_store_open(&s, "/nonexistent/sw", err, sizeof err), SW_EIO);
    CHECK(strstr(err, "/nonexistent/sw/stillwatch.db") != NULL);
    sw_store_close(NULL);
}

int main(void)
{
    SW_TEST_RUN(test_account_roundtrip);
    SW_TEST_RUN(test_account_duplicate_update);
    SW_TEST_RUN(test_account_each);
    SW_TEST_RUN(test_keys);
    SW_TEST_RUN(test_key_each);
    SW_TEST_RUN(test_transactions);
    SW_TEST_RUN(test_two_handles);
    SW_TEST_RUN(test_reopen_and_schema);
    return SW_TEST_END();
}
