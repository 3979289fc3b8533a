/*
 * ticket.h — step-up tickets, and the other secrets of step-up verification
 * derived from the gateway's pepper.
 *
 * A ticket stands for "this account, until this time" and nothing else. The
 * gateway puts one in the step-up URL of a challenge refusal, which only the
 * holder of the account's credential ever sees, so that a browser can open
 * the URL and run the passkey ceremony without the API key being typed into
 * a page. Its text is
 *
 *     swt1.PAYLOAD.MAC
 *
 * PAYLOAD: base64url (no padding) of the expiry in milliseconds since the
 * epoch (8 bytes, big-endian) followed by the account id; MAC: base64url of
 * BLAKE2b-128 over "swt1.PAYLOAD", keyed with a key derived from the pepper
 * (BLAKE2b-256 of the label "stillwatch step-up ticket v1" keyed with the
 * pepper), so a fleet sharing the pepper shares tickets and a leaked ticket
 * cannot be stretched or moved to another account. A ticket is refused from
 * its expiry on.
 *
 * The WebAuthn user handle of an account is likewise a keyed hash of its id:
 * stable, so an authenticator recognises the account again, and opaque, so
 * the handle stored in an authenticator names no one.
 */
#ifndef SW_AUTH_TICKET_H
#define SW_AUTH_TICKET_H

#include <stddef.h>
#include <stdint.h>

#include "auth/apikey.h"
#include "core/account.h"

#define SW_TICKET_MAX 200   /* longest ticket text, NUL included */
#define SW_TICKET_PREFIX "swt1."
#define SW_USER_HANDLE_LEN 32

/* The MAC key of tickets, derived from the pepper. */
void sw_ticket_key(const uint8_t pepper[SW_PEPPER_LEN], uint8_t key[32]);

/* Writes a ticket for account (1 to SW_ACCOUNT_STR-1 bytes) valid until
 * exp_ms into out (cap >= SW_TICKET_MAX). SW_EINVAL for a bad account. */
int sw_ticket_issue(const uint8_t key[32], const char *account, int64_t exp_ms, char *out, size_t cap);

/* Checks a ticket of n bytes at now_ms: SW_OK with the account (and, when
 * exp_ms is not NULL, its expiry); SW_EPARSE when it is not a ticket or its
 * MAC is wrong; SW_EINVAL when it has expired. */
int sw_ticket_verify(const uint8_t key[32], const char *t, size_t n, int64_t now_ms, char account[SW_ACCOUNT_STR],
                     int64_t *exp_ms);

/* The account's WebAuthn user handle. */
void sw_user_handle(const uint8_t pepper[SW_PEPPER_LEN], const char *account, uint8_t out[SW_USER_HANDLE_LEN]);

#endif
