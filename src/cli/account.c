/*
 * account.c — `stillwatch account`: the accounts of the embedded state.
 *
 *   stillwatch account create --state DIR --id ID --verification LEVEL --tier TIER
 *                             [--country CC] [--payment-fp FP] [--email-domain D]
 *   stillwatch account set    --state DIR --id ID [--verification LEVEL] [--tier TIER]
 *                             [--suspended yes|no] [--country CC] [--payment-fp FP]
 *                             [--email-domain D]
 *   stillwatch account show   --state DIR --id ID
 *
 * Each prints the account as it now stands, one JSON line (see state.c).
 * Every value is checked before the store is touched, so a typo is a usage
 * error (exit 2) that changes nothing; a missing or duplicate account is a
 * failure of the job (exit 1). `set` reads, changes and writes the record
 * inside one transaction so that two administrators cannot lose each
 * other's change.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/opts.h"
#include "cli/state.h"
#include "core/account.h"
#include "core/error.h"

typedef struct {
    const char *state, *id, *verification, *tier, *suspended, *country, *payment_fp, *email_domain;
} account_opts;

static void usage(FILE *f)
{
    fprintf(f, "usage: stillwatch account create --state DIR --id ID --verification LEVEL --tier TIER\n"
               "                                 [--country CC] [--payment-fp FP] [--email-domain DOMAIN]\n"
               "       stillwatch account set --state DIR --id ID [--verification LEVEL] [--tier TIER]\n"
               "                              [--suspended yes|no] [--country CC] [--payment-fp FP]\n"
               "                              [--email-domain DOMAIN]\n"
               "       stillwatch account show --state DIR --id ID\n"
               "\n"
               "Creates, changes or shows an account of the gateway's state in DIR (created\n"
               "when missing) and prints it as one JSON line. LEVEL is the strongest identity\n"
               "check passed: none, email, phone, id, business, enterprise or edu.\n");
}

__attribute__((format(printf, 1, 2))) static int bad_usage(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "stillwatch account: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    return 2;
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
            sw_opt_value(argc, argv, &i, "--email-domain", &o->email_domain, &bad)) {
            if (bad)
                return 2;
            continue;
        }
        return bad_usage("unknown option '%s' (see stillwatch account --help)", argv[i]);
    }
    if (!o->state || !*o->state)
        return bad_usage("%s", "--state DIR is required");
    if (!o->id)
        return bad_usage("%s", "--id ID is required");
    if (!sw_state_account_id_ok(o->id))
        return bad_usage("invalid account id '%s' (1-95 of letters, digits and . _ : @ + -)", o->id);
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
            return bad_usage("unknown verification level '%s' (none, email, phone, id, business, enterprise, edu)",
                             o->verification);
        i->verification = v;
    }
    if (o->tier) {
        if (!tier_ok(o->tier))
            return bad_usage("invalid tier '%s' (1-31 of a-z, 0-9, _ and -)", o->tier);
        snprintf(i->tier, sizeof i->tier, "%s", o->tier);
    }
    if (o->country) {
        const char *c = o->country;
        if (strlen(c) != 2 || !isalpha((unsigned char)c[0]) || !isalpha((unsigned char)c[1]))
            return bad_usage("invalid country '%s' (an ISO 3166-1 alpha-2 code such as DE)", c);
        i->country[0] = (char)toupper((unsigned char)c[0]);
        i->country[1] = (char)toupper((unsigned char)c[1]);
        i->country[2] = '\0';
    }
    if (o->payment_fp) {
        if (!fp_ok(o->payment_fp))
            return bad_usage("invalid payment fingerprint '%s' (1-95 printable characters, no spaces)", o->payment_fp);
        snprintf(i->payment_fp, sizeof i->payment_fp, "%s", o->payment_fp);
    }
    if (o->email_domain) {
        if (!domain_ok(o->email_domain))
            return bad_usage("invalid e-mail domain '%s'", o->email_domain);
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
            return bad_usage("--suspended takes yes or no, not '%s'", o->suspended);
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

static int cmd_create(const account_opts *o)
{
    if (!o->verification || !o->tier)
        return bad_usage("%s", "create needs --verification LEVEL and --tier TIER");
    if (o->suspended)
        return bad_usage("%s", "--suspended belongs to 'account set'");
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
    if (!o->verification && !o->tier && !o->suspended && !o->country && !o->payment_fp && !o->email_domain)
        return bad_usage("%s", "set needs at least one of --verification, --tier, --suspended, --country, "
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

static int cmd_show(const account_opts *o)
{
    if (o->verification || o->tier || o->suspended || o->country || o->payment_fp || o->email_domain)
        return bad_usage("%s", "show takes only --state and --id");
    sw_store *s;
    if (!sw_state_open("account", o->state, &s))
        return 1;
    sw_account_rec a;
    int rc = sw_store_account_get(s, o->id, &a);
    if (rc != SW_OK)
        return job_failed(s, "read", o->id, rc);
    rc = sw_state_print_account("account", s, &a);
    sw_store_close(s);
    return rc;
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
                                                               : NULL;
    if (!run) {
        bad_usage("unknown action '%s' (create, set or show)", verb);
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
