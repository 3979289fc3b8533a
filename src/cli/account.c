/*
 * account.c — `stillwatch account`: the accounts of the embedded state.
 *
 *   stillwatch account create --state DIR --id ID --verification LEVEL --tier TIER
 *                             [--country CC] [--payment-fp FP] [--email-domain D]
 *   stillwatch account set    --state DIR --id ID [--verification LEVEL] [--tier TIER]
 *                             [--suspended yes|no] [--country CC] [--payment-fp FP]
 *                             [--email-domain D]
 *   stillwatch account show   --state DIR --id ID
 *   stillwatch account passkeys --state DIR --id ID
 *   stillwatch account passkey-remove --state DIR --id ID --credential CRED
 *
 * Each prints the account as it now stands, one JSON line (see state.c);
 * passkeys prints one JSON line per registered passkey (its credential id
 * in base64url, as browsers show it), and passkey-remove takes one away
 * together with the account's current step-up pass (see stepup_store.h).
 * Passkeys live in the gateway's database in DIR, also in a fleet.
 * Every value is checked before the store is touched, so a typo is a usage
 * error (exit 2) that changes nothing; a missing or duplicate account is a
 * failure of the job (exit 1). `set` reads, changes and writes the record
 * inside one transaction so that two administrators cannot lose each
 * other's change.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/opts.h"
#include "cli/state.h"
#include "core/account.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/time.h"
#include "store/redis.h"
#include "store/stepup_store.h"

#include <sodium.h>

typedef struct {
    const char *state, *id, *verification, *tier, *suspended, *country, *payment_fp, *email_domain;
    const char *credential;
} account_opts;

static void usage(FILE *f)
{
    fprintf(f, "usage: stillwatch account create --state DIR --id ID --verification LEVEL --tier TIER\n"
               "                                 [--country CC] [--payment-fp FP] [--email-domain DOMAIN]\n"
               "       stillwatch account set --state DIR --id ID [--verification LEVEL] [--tier TIER]\n"
               "                              [--suspended yes|no] [--country CC] [--payment-fp FP]\n"
               "                              [--email-domain DOMAIN]\n"
               "       stillwatch account show --state DIR --id ID\n"
               "       stillwatch account passkeys --state DIR --id ID\n"
               "       stillwatch account passkey-remove --state DIR --id ID --credential CRED\n"
               "\n"
               "Creates, changes or shows an account of the gateway's state in DIR (created\n"
               "when missing) and prints it as one JSON line. LEVEL is the strongest identity\n"
               "check passed: none, email, phone, id, business, enterprise or edu.\n");
}

/* 0 when parsed, 2 after reporting bad usage, -1 for --help. */
static int parse(int argc, char **argv, account_opts *o)
{
    memset(o, 0, sizeof *o);
    for (int i = 2; i < argc; i++) {
        bool bad = false;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
            return -1;
        if (sw_opt_value(argc, argv, &i, "--state", &o->state, &bad) ||
            sw_opt_value(argc, argv, &i, "--id", &o->id, &bad) ||
            sw_opt_value(argc, argv, &i, "--verification", &o->verification, &bad) ||
            sw_opt_value(argc, argv, &i, "--tier", &o->tier, &bad) ||
            sw_opt_value(argc, argv, &i, "--suspended", &o->suspended, &bad) ||
            sw_opt_value(argc, argv, &i, "--country", &o->country, &bad) ||
            sw_opt_value(argc, argv, &i, "--payment-fp", &o->payment_fp, &bad) ||
            sw_opt_value(argc, argv, &i, "--email-domain", &o->email_domain, &bad) ||
            sw_opt_value(argc, argv, &i, "--credential", &o->credential, &bad)) {
            if (bad)
                return 2;
            continue;
        }
        return sw_opt_usage_error("account", "unknown option '%s' (see stillwatch account --help)", argv[i]);
    }
    if (!o->state || !*o->state)
        return sw_opt_usage_error("account", "%s", "--state DIR is required");
    if (!o->id)
        return sw_opt_usage_error("account", "%s", "--id ID is required");
    if (!sw_state_account_id_ok(o->id))
        return sw_opt_usage_error("account", "invalid account id '%s' (1-95 of letters, digits and . _ : @ + -)", o->id);
    return 0;
}

static bool tier_ok(const char *t)
{
    size_t n = strlen(t);
    if (n == 0 || n >= sizeof(((sw_account_info *)0)->tier))
        return false;
    for (size_t k = 0; k < n; k++)
        if (!(islower((unsigned char)t[k]) || isdigit((unsigned char)t[k]) || t[k] == '_' || t[k] == '-'))
            return false;
    return true;
}

static bool domain_ok(const char *d)
{
    size_t n = strlen(d);
    if (n == 0 || n >= SW_ACCOUNT_STR || d[0] == '.' || d[0] == '-')
        return false;
    for (size_t k = 0; k < n; k++)
        if (!(isalnum((unsigned char)d[k]) || d[k] == '.' || d[k] == '-'))
            return false;
    return true;
}

static bool fp_ok(const char *f)
{
    size_t n = strlen(f);
    if (n == 0 || n >= SW_ACCOUNT_STR)
        return false;
    for (size_t k = 0; k < n; k++)
        if ((unsigned char)f[k] <= 0x20 || (unsigned char)f[k] >= 0x7f)
            return false;
    return true;
}

/* Checks and copies the profile options that are set into a. 0 or 2. */
static int apply_profile(const account_opts *o, sw_account_rec *a)
{
    sw_account_info *i = &a->info;
    if (o->verification) {
        sw_verification v = sw_verification_of(o->verification);
        if (v == SW_VERIF_UNKNOWN)
            return sw_opt_usage_error("account", "unknown verification level '%s' (none, email, phone, id, business, enterprise, edu)",
                             o->verification);
        i->verification = v;
    }
    if (o->tier) {
        if (!tier_ok(o->tier))
            return sw_opt_usage_error("account", "invalid tier '%s' (1-31 of a-z, 0-9, _ and -)", o->tier);
        snprintf(i->tier, sizeof i->tier, "%s", o->tier);
    }
    if (o->country) {
        const char *c = o->country;
        if (strlen(c) != 2 || !isalpha((unsigned char)c[0]) || !isalpha((unsigned char)c[1]))
            return sw_opt_usage_error("account", "invalid country '%s' (an ISO 3166-1 alpha-2 code such as DE)", c);
        i->country[0] = (char)toupper((unsigned char)c[0]);
        i->country[1] = (char)toupper((unsigned char)c[1]);
        i->country[2] = '\0';
    }
    if (o->payment_fp) {
        if (!fp_ok(o->payment_fp))
            return sw_opt_usage_error("account", "invalid payment fingerprint '%s' (1-95 printable characters, no spaces)", o->payment_fp);
        snprintf(i->payment_fp, sizeof i->payment_fp, "%s", o->payment_fp);
    }
    if (o->email_domain) {
        if (!domain_ok(o->email_domain))
            return sw_opt_usage_error("account", "invalid e-mail domain '%s'", o->email_domain);
        size_t n = strlen(o->email_domain);
        for (size_t k = 0; k <= n; k++)
            i->email_domain[k] = (char)tolower((unsigned char)o->email_domain[k]);
    }
    if (o->suspended) {
        if (!strcmp(o->suspended, "yes"))
            a->suspended = true;
        else if (!strcmp(o->suspended, "no"))
            a->suspended = false;
        else
            return sw_opt_usage_error("account", "--suspended takes yes or no, not '%s'", o->suspended);
    }
    return 0;
}

static int job_failed(sw_store *s, const char *what, const char *id, int rc)
{
    if (rc == SW_EEXIST)
        fprintf(stderr, "stillwatch account: account '%s' already exists\n", id);
    else if (rc == SW_ENOTFOUND)
        fprintf(stderr, "stillwatch account: no account '%s'\n", id);
    else
        fprintf(stderr, "stillwatch account: cannot %s account '%s': %s\n", what, id,
                rc == SW_EIO ? sw_store_errmsg(s) : sw_strerror(rc));
    sw_store_rollback(s);
    sw_store_close(s);
    return 1;
}

static bool has_profile_opts(const account_opts *o)
{
    return o->verification || o->tier || o->suspended || o->country || o->payment_fp || o->email_domain;
}

static int cmd_create(const account_opts *o)
{
    if (o->credential)
        return sw_opt_usage_error("account", "%s", "--credential belongs to 'account passkey-remove'");
    if (!o->verification || !o->tier)
        return sw_opt_usage_error("account", "%s", "create needs --verification LEVEL and --tier TIER");
    if (o->suspended)
        return sw_opt_usage_error("account", "%s", "--suspended belongs to 'account set'");
    sw_account_rec a;
    memset(&a, 0, sizeof a);
    snprintf(a.info.account, sizeof a.info.account, "%s", o->id);
    a.info.created_at_ms = sw_state_now_ms();
    int rc = apply_profile(o, &a);
    if (rc)
        return rc;
    sw_store *s;
    if (!sw_state_open("account", o->state, &s))
        return 1;
    if ((rc = sw_store_account_create(s, &a)) != SW_OK)
        return job_failed(s, "create", o->id, rc);
    rc = sw_state_print_account("account", s, &a);
    sw_store_close(s);
    return rc;
}

static int cmd_set(const account_opts *o)
{
    if (o->credential)
        return sw_opt_usage_error("account", "%s", "--credential belongs to 'account passkey-remove'");
    if (!o->verification && !o->tier && !o->suspended && !o->country && !o->payment_fp && !o->email_domain)
        return sw_opt_usage_error("account", "%s", "set needs at least one of --verification, --tier, --suspended, --country, "
                               "--payment-fp, --email-domain");
    sw_account_rec a;
    memset(&a, 0, sizeof a);
    int rc = apply_profile(o, &a); /* validate everything before touching the store */
    if (rc)
        return rc;
    sw_store *s;
    if (!sw_state_open("account", o->state, &s))
        return 1;
    if ((rc = sw_store_begin(s)) != SW_OK || (rc = sw_store_account_get(s, o->id, &a)) != SW_OK)
        return job_failed(s, "read", o->id, rc);
    apply_profile(o, &a);
    if ((rc = sw_store_account_update(s, &a)) != SW_OK || (rc = sw_store_commit(s)) != SW_OK)
        return job_failed(s, "update", o->id, rc);
    rc = sw_state_print_account("account", s, &a);
    sw_store_close(s);
    return rc;
}

/* Opens the state and reads the account: 0 with *s open, or the exit
 * status after reporting (a missing account is a failure of the job). */
static int open_account(const account_opts *o, sw_store **s, sw_account_rec *a)
{
    if (!sw_state_open("account", o->state, s))
        return 1;
    int rc = sw_store_account_get(*s, o->id, a);
    return rc == SW_OK ? 0 : job_failed(*s, "read", o->id, rc);
}

static int cmd_show(const account_opts *o)
{
    if (has_profile_opts(o) || o->credential)
        return sw_opt_usage_error("account", "%s", "show takes only --state and --id");
    sw_store *s;
    sw_account_rec a;
    int rc = open_account(o, &s, &a);
    if (rc)
        return rc;
    rc = sw_state_print_account("account", s, &a);
    sw_store_close(s);
    return rc;
}

/* ---- passkeys ---- */

/* Opens the step-up store of a state directory after checking that the
 * account exists (so that a typo is not an empty list). */
static int open_stepup(const account_opts *o, sw_stepup_store **out)
{
    if (sw_state_is_redis(o->state)) {
        char shown[512];
        sw_redis_url_redacted(o->state, shown, sizeof shown);
        fprintf(stderr, "stillwatch account: passkeys are kept in the gateway's state directory; give "
                        "--state DIR (the state_dir of the gateways), not %s\n", shown);
        return 1;
    }
    sw_store *s;
    sw_account_rec a;
    int rc = open_account(o, &s, &a);
    if (rc)
        return rc;
    sw_store_close(s);
    char err[256];
    if (sw_stepup_store_open(out, o->state, err, sizeof err) != SW_OK) {
        fprintf(stderr, "stillwatch account: %s\n", err);
        return 1;
    }
    return 0;
}

static const char *alg_name(int alg)
{
    return alg == -7 ? "ES256" : alg == -8 ? "EdDSA" : "unknown";
}

static int print_passkey(const sw_passkey *c, void *ctx)
{
    const char *account = ctx;
    char id[((SW_WEBAUTHN_CRED_ID_MAX + 2) / 3) * 4 + 1];
    sodium_bin2base64(id, sizeof id, c->id, c->id_len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char created[SW_TIME_BUFSZ], used[SW_TIME_BUFSZ];
    sw_time_format(c->created_ms, created);
    sw_buf b;
    sw_buf_init(&b);
    sw_json_obj_begin(&b);
    sw_json_kv_str(&b, "account", account);
    sw_json_kv_str(&b, "credential", id);
    sw_json_kv_str(&b, "alg", alg_name(c->alg));
    sw_json_kv_int(&b, "sign_count", c->sign_count);
    sw_json_kv_str(&b, "created_at", created);
    if (c->last_used_ms >= 0) {
        sw_time_format(c->last_used_ms, used);
        sw_json_kv_str(&b, "last_used_at", used);
    } else {
        sw_json_key(&b, "last_used_at");
        sw_json_null(&b);
    }
    sw_json_obj_end(&b);
    sw_json_newline(&b);
    int rc = sw_buf_write(&b, stdout);
    sw_buf_free(&b);
    return rc;
}

static int cmd_passkeys(const account_opts *o)
{
    if (has_profile_opts(o) || o->credential)
        return sw_opt_usage_error("account", "%s", "passkeys takes only --state and --id");
    sw_stepup_store *st;
    int rc = open_stepup(o, &st);
    if (rc)
        return rc;
    rc = sw_stepup_cred_each(st, o->id, print_passkey, (void *)o->id);
    if (rc != SW_OK)
        fprintf(stderr, "stillwatch account: cannot list passkeys of '%s': %s\n", o->id,
                rc == SW_EIO ? sw_stepup_store_errmsg(st) : sw_strerror(rc));
    sw_stepup_store_close(st);
    return rc == SW_OK ? 0 : 1;
}

static int cmd_passkey_remove(const account_opts *o)
{
    if (has_profile_opts(o))
        return sw_opt_usage_error("account", "%s", "passkey-remove takes only --state, --id and --credential");
    if (!o->credential)
        return sw_opt_usage_error("account", "%s", "passkey-remove needs --credential CRED (as 'account passkeys' lists it)");
    uint8_t id[SW_WEBAUTHN_CRED_ID_MAX];
    size_t id_len = 0;
    if (sodium_base642bin(id, sizeof id, o->credential, strlen(o->credential), NULL, &id_len, NULL,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        id_len == 0)
        return sw_opt_usage_error("account", "--credential '%.60s' is not a base64url credential id", o->credential);
    sw_stepup_store *st;
    int rc = open_stepup(o, &st);
    if (rc)
        return rc;
    rc = sw_stepup_cred_remove(st, o->id, id, id_len);
    if (rc == SW_ENOTFOUND)
        fprintf(stderr, "stillwatch account: account '%s' has no passkey '%s'\n", o->id, o->credential);
    else if (rc != SW_OK)
        fprintf(stderr, "stillwatch account: cannot remove the passkey: %s\n", sw_stepup_store_errmsg(st));
    else
        printf("{\"account\":\"%s\",\"credential\":\"%s\",\"removed\":true,\"stepup_cleared\":true}\n", o->id,
               o->credential);
    sw_stepup_store_close(st);
    return rc == SW_OK ? 0 : 1;
}

int sw_cmd_account(int argc, char **argv)
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
    int (*run)(const account_opts *) = !strcmp(verb, "create") ? cmd_create
                                       : !strcmp(verb, "set")  ? cmd_set
                                       : !strcmp(verb, "show") ? cmd_show
                                       : !strcmp(verb, "passkeys") ? cmd_passkeys
                                       : !strcmp(verb, "passkey-remove") ? cmd_passkey_remove
                                                               : NULL;
    if (!run) {
        sw_opt_usage_error("account", "unknown action '%s' (create, set, show, passkeys or passkey-remove)", verb);
        usage(stderr);
        return 2;
    }
    account_opts o;
    int rc = parse(argc, argv, &o);
    if (rc < 0) {
        usage(stdout);
        return 0;
    }
    return rc ? rc : run(&o);
}
