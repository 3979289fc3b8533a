/*
 * account.h — the accounts file (spec/traffic-log.md, accounts.jsonl).
 *
 * Profile facts about an account that are not in its traffic: when it was
 * created, how strongly its owner was verified, its tier, billing country,
 * payment-instrument fingerprint and e-mail domain. All optional except the
 * id; absent strings are "" and an absent creation time is -1.
 */
#ifndef SW_ACCOUNT_H
#define SW_ACCOUNT_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
    SW_VERIF_UNKNOWN, /* not in the accounts file */
    SW_VERIF_NONE,
    SW_VERIF_EMAIL,
    SW_VERIF_PHONE,
    SW_VERIF_ID,
    SW_VERIF_BUSINESS,
    SW_VERIF_ENTERPRISE,
    SW_VERIF_EDU,
} sw_verification;

#define SW_ACCOUNT_STR 96

typedef struct sw_account_info {
    char account[SW_ACCOUNT_STR];
    int64_t created_at_ms; /* -1 when absent */
    sw_verification verification;
    char tier[32];
    char country[8];
    char payment_fp[SW_ACCOUNT_STR];
    char email_domain[SW_ACCOUNT_STR];
} sw_account_info;

/* Parses one accounts.jsonl line. SW_OK, or SW_EPARSE with a reason in err. */
int sw_account_parse(const char *line, size_t n, sw_account_info *out, char *err, size_t errsz);

/* "none", "email", … ; SW_VERIF_UNKNOWN for anything else. */
sw_verification sw_verification_of(const char *s);
const char *sw_verification_name(sw_verification v);

#endif
