/*
 * key.c — `stillwatch key`: API keys of the embedded state.
 *
 *   stillwatch key create --state DIR --account ID
 *   stillwatch key revoke --state DIR --id KEY_ID
 *
 * `create` prints the new key alone on standard output, once: only its
 * keyed hash is stored (auth/apikey.h), so it cannot be shown again. The
 * account check and the insert share one transaction, so a key is never
 * issued to an account suspended a moment earlier. The secret is printed
 * only after the commit: a key that was not stored is never handed out.
 * A new key's public id is random; in the rare case it is already taken,
 * another key is drawn.
 *
 * `revoke` takes the printable id (the key's first 14 characters, as in
 * logs and `account show`); revoking twice keeps the first time.
 */
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "auth/apikey.h"
#include "cli/commands.h"
#include "cli/opts.h"
#include "cli/state.h"
#include "core/error.h"
#include "core/time.h"

#define ID_ATTEMPTS 8

static void usage(FILE *f)
{
    fprintf(f, "usage: stillwatch key create --state DIR|redis://… [--secrets DIR] --account ID\n"
               "       stillwatch key revoke --state DIR --id KEY_ID\n"
               "\n"
               "create prints a new API key for an account (which must exist and not be\n"
               "suspended) on standard output; it is shown this once and only its hash is\n"
               "kept. revoke disables a key by its id (sk-sw- and 8 hex digits).\n");
}

static bool key_id_ok(const char *id)
{
    if (strlen(id) != SW_APIKEY_ID_LEN || strncmp(id, "sk-sw-", 6) != 0)
        return false;
    for (const char *p = id + 6; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
            return false;
    return true;
}

/* Reports a failure of the job, abandons the transaction, closes, exit 1. */
__attribute__((format(printf, 2, 3))) static int fail(sw_store *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "stillwatch key: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    sw_store_rollback(s);
    sw_store_close(s);
    return 1;
}

/* Draws keys until one's id is free; the secret is written only on success. */
static int insert_new_key(sw_store *s, const uint8_t pepper[SW_PEPPER_LEN], const char *account,
                          char secret[SW_APIKEY_LEN + 1])
{
    int rc = SW_EEXIST;
    for (int k = 0; k < ID_ATTEMPTS && rc == SW_EEXIST; k++) {
        sw_key_rec rec;
        uint8_t hash[32];
        memset(&rec, 0, sizeof rec);
        rc = sw_apikey_new(pepper, secret, SW_APIKEY_LEN + 1, rec.key_id, sizeof rec.key_id, hash);
        if (rc != SW_OK)
            break;
        snprintf(rec.account, sizeof rec.account, "%s", account);
        rec.created_ms = sw_state_now_ms();
        rec.revoked_ms = -1;
        rc = sw_store_key_create(s, &rec, hash);
    }
    if (rc != SW_OK)
        sodium_memzero(secret, SW_APIKEY_LEN + 1);
    return rc;
}

static int cmd_create(const char *state, const char *secrets, const char *account)
{
    if (!account)
        return sw_opt_usage_error("key", "create needs --account ID");
    if (!sw_state_account_id_ok(account))
        return sw_opt_usage_error("key", "invalid account id '%s'", account);
    sw_store *s;
    if (!sw_state_open("key", state, &s))
        return 1;
    uint8_t pepper[SW_PEPPER_LEN];
    char err[512];
    if (sw_pepper_load(secrets, pepper, err, sizeof err) != SW_OK)
        return fail(s, "%s", err);
    sw_account_rec a;
    char secret[SW_APIKEY_LEN + 1];
    int rc = sw_store_begin(s);
    if (rc == SW_OK)
        rc = sw_store_account_get(s, account, &a);
    if (rc == SW_ENOTFOUND) {
        sodium_memzero(pepper, sizeof pepper);
        return fail(s, "no account '%s'", account);
    }
    if (rc == SW_OK && a.suspended) {
        sodium_memzero(pepper, sizeof pepper);
        return fail(s, "account '%s' is suspended", account);
    }
    if (rc == SW_OK)
        rc = insert_new_key(s, pepper, account, secret);
    sodium_memzero(pepper, sizeof pepper);
    if (rc == SW_OK)
        rc = sw_store_commit(s);
    if (rc != SW_OK) {
        sodium_memzero(secret, sizeof secret);
        return fail(s, "cannot create key: %s", rc == SW_EIO ? sw_store_errmsg(s) : sw_strerror(rc));
    }
    sw_store_close(s);
    printf("%s\n", secret);
    sodium_memzero(secret, sizeof secret);
    return fflush(stdout) == 0 ? 0 : 1;
}

static int cmd_revoke(const char *state, const char *id)
{
    if (!id)
        return sw_opt_usage_error("key", "revoke needs --id KEY_ID");
    if (!key_id_ok(id))
        return sw_opt_usage_error("key", "invalid key id '%s' (sk-sw- and 8 hex digits, as printed by account show)", id);
    sw_store *s;
    if (!sw_state_open("key", state, &s))
        return 1;
    sw_key_rec k;
    int rc = sw_store_key_get(s, id, &k);
    if (rc == SW_OK && k.revoked_ms >= 0) {
        char t[SW_TIME_BUFSZ];
        sw_time_format(k.revoked_ms, t);
        printf("key %s of account %s was already revoked at %s\n", id, k.account, t);
        sw_store_close(s);
        return 0;
    }
    if (rc == SW_OK)
        rc = sw_store_key_revoke(s, id, sw_state_now_ms());
    if (rc == SW_ENOTFOUND)
        return fail(s, "no key '%s'", id);
    if (rc != SW_OK)
        return fail(s, "cannot revoke key: %s", rc == SW_EIO ? sw_store_errmsg(s) : sw_strerror(rc));
    printf("revoked key %s of account %s\n", id, k.account);
    sw_store_close(s);
    return 0;
}

int sw_cmd_key(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *verb = argv[1];
    if (!strcmp(verb, "--help") || !strcmp(verb, "-h") || !strcmp(verb, "help")) {
        usage(stdout);
        return 0;
    }
    bool create = !strcmp(verb, "create");
    if (!create && strcmp(verb, "revoke") != 0) {
        sw_opt_usage_error("key", "unknown action '%s' (create or revoke)", verb);
        usage(stderr);
        return 2;
    }
    const char *state = NULL, *account = NULL, *id = NULL, *secrets = NULL;
    for (int i = 2; i < argc; i++) {
        bool bad = false;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return 0;
        }
        if (sw_opt_value(argc, argv, &i, "--state", &state, &bad) ||
            (create && sw_opt_value(argc, argv, &i, "--secrets", &secrets, &bad)) ||
            (create && sw_opt_value(argc, argv, &i, "--account", &account, &bad)) ||
            (!create && sw_opt_value(argc, argv, &i, "--id", &id, &bad))) {
            if (bad)
                return 2;
            continue;
        }
        return sw_opt_usage_error("key", "unknown option '%s' for key %s (see stillwatch key --help)", argv[i], verb);
    }
    if (!state || !*state)
        return sw_opt_usage_error("key", "--state DIR is required");
    if (create && !secrets) {
        if (sw_state_is_redis(state))
            return sw_opt_usage_error("key", "--secrets DIR (the directory of the fleet's pepper) is required with a redis:// state");
        secrets = state;
    }
    return create ? cmd_create(state, secrets, account) : cmd_revoke(state, id);
}
