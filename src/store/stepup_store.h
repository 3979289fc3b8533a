/*
 * stepup_store.h — durable state of step-up verification: passkeys,
 * outstanding ceremony challenges, and who has stepped up until when.
 *
 * Three tables of their own in the gateway's database (DIR/stillwatch.db),
 * created on first open beside the tables of store.h, through a handle of
 * their own: a handle serves one thread at a time, like sw_store, and every
 * gateway thread opens one when it first needs it. Several gateways of a
 * fleet sharing the database share the records, so a challenge issued by
 * one gateway can be answered at another, and used once in all.
 *
 *   stepup_credentials  account, credential id, algorithm, public key,
 *                       signature counter, creation and last use
 *   stepup_challenges   challenge (32 random bytes), account, purpose,
 *                       expiry; a row is deleted when it is used
 *   stepup_passed       account, when it last passed, until when it counts
 *
 * Errors follow core/error.h: SW_ENOTFOUND, SW_EEXIST, SW_EINVAL as each
 * function says; SW_EIO for database trouble (sw_stepup_store_errmsg).
 */
#ifndef SW_STEPUP_STORE_H
#define SW_STEPUP_STORE_H

#include <stddef.h>
#include <stdint.h>

#define SW_WEBAUTHN_CHALLENGE_LEN 32
#define SW_WEBAUTHN_CRED_ID_MAX 1023 /* WebAuthn's limit on a credential id */
#define SW_WEBAUTHN_PUBKEY_MAX 65    /* P-256 uncompressed point; Ed25519 needs 32 */

/* A registered passkey, as auth/webauthn.h checked it. */
typedef struct {
    uint8_t id[SW_WEBAUTHN_CRED_ID_MAX];
    size_t id_len;
    int alg;                                /* COSE: -7 ES256, -8 EdDSA */
    uint8_t pubkey[SW_WEBAUTHN_PUBKEY_MAX]; /* ES256: 0x04 || x || y; EdDSA: 32 bytes */
    size_t pubkey_len;
    uint32_t sign_count;
    int64_t created_ms;   /* when it was registered (filled when read back) */
    int64_t last_used_ms; /* its last successful use; -1 never */
} sw_passkey;

typedef struct sw_stepup_store sw_stepup_store;

typedef enum { SW_STEPUP_REGISTER = 1, SW_STEPUP_ASSERT = 2 } sw_stepup_purpose;

/* Opens DIR/stillwatch.db (created, mode 0600, when absent) and
 * creates the step-up tables when missing. */
int sw_stepup_store_open(sw_stepup_store **out, const char *dir, char *err, size_t errsz);
void sw_stepup_store_close(sw_stepup_store *s); /* NULL is a no-op */
const char *sw_stepup_store_errmsg(const sw_stepup_store *s);

/* Remembers an issued challenge until expires_ms (and forgets every expired
 * one). */
int sw_stepup_challenge_put(sw_stepup_store *s, const uint8_t ch[SW_WEBAUTHN_CHALLENGE_LEN], const char *account,
                            sw_stepup_purpose purpose, int64_t expires_ms, int64_t now_ms);
/* Uses a challenge up: SW_OK once; SW_ENOTFOUND when it was never issued
 * for this account and purpose, or was used already; SW_EINVAL when it had
 * expired (it is gone either way). */
int sw_stepup_challenge_take(sw_stepup_store *s, const uint8_t ch[SW_WEBAUTHN_CHALLENGE_LEN], const char *account,
                             sw_stepup_purpose purpose, int64_t now_ms);

/* SW_EEXIST when the credential id is registered already (to anyone). */
int sw_stepup_cred_add(sw_stepup_store *s, const char *account, const sw_passkey *c, int64_t now_ms);
/* The account's credential with this id: SW_ENOTFOUND otherwise. */
int sw_stepup_cred_get(sw_stepup_store *s, const char *account, const uint8_t *id, size_t id_len,
                       sw_passkey *out);
/* Calls fn for each of the account's credentials, oldest first; stops and
 * returns fn's value when it is non-zero. */
int sw_stepup_cred_each(sw_stepup_store *s, const char *account, int (*fn)(const sw_passkey *, void *),
                        void *ctx);
/* Removes the account's credential with this id (a lost or compromised
 * authenticator), and with it the account's current step-up pass, which
 * that authenticator may have earned: SW_ENOTFOUND when the account has no
 * such credential. */
int sw_stepup_cred_remove(sw_stepup_store *s, const char *account, const uint8_t *id, size_t id_len);
/* Records a use with the new counter, only if the counter still grows (or
 * stays 0 for an authenticator without one): SW_EINVAL when a concurrent use
 * recorded a counter at least as high first. */
int sw_stepup_cred_used(sw_stepup_store *s, const uint8_t *id, size_t id_len, uint32_t count, int64_t now_ms);

/* The account passed step-up at now_ms; it counts until until_ms. */
int sw_stepup_pass(sw_stepup_store *s, const char *account, int64_t until_ms, int64_t now_ms);
/* Until when the account's step-up counts: SW_ENOTFOUND if it never passed. */
int sw_stepup_until(sw_stepup_store *s, const char *account, int64_t *until_ms);

#endif
