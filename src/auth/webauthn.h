/*
 * webauthn.h — the relying party's checks of a passkey ceremony (WebAuthn
 * Level 2), for step-up verification.
 *
 * Two ceremonies, each a pure function of what the browser sent and what the
 * gateway expects; nothing here touches state, so the caller keeps the
 * challenge single-use and stores what registration returns:
 *
 *   registration  clientDataJSON (type "webauthn.create", the challenge the
 *                 gateway issued, an allowed origin) and the attestation
 *                 object (CBOR {fmt, attStmt, authData}). authData must name
 *                 SHA-256(rp id), have the user-present and user-verified
 *                 flags and carry attested credential data: a credential id
 *                 and a COSE public key, ES256 (EC2, P-256) or EdDSA
 *                 (OKP, Ed25519). Attestation "none" is asked for, so the
 *                 attestation statement is read as a map and not trusted.
 *   assertion     clientDataJSON (type "webauthn.get", same checks),
 *                 authenticatorData (rp id hash, UP and UV) and a signature
 *                 over authenticatorData || SHA-256(clientDataJSON) under the
 *                 stored key (ES256: DER ECDSA; EdDSA: 64 bytes); the
 *                 signature counter must grow unless both old and new are 0.
 *
 * A refusal returns SW_EINVAL (a check failed) or SW_EPARSE (malformed
 * input) with the reason in err, phrased for the person at the page
 * ("origin 'https://evil.example' is not allowed"); SW_ENOMEM otherwise.
 */
#ifndef SW_AUTH_WEBAUTHN_H
#define SW_AUTH_WEBAUTHN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/stepup_store.h"

/* COSE algorithm identifiers the gateway accepts. */
#define SW_COSE_ES256 (-7)
#define SW_COSE_EDDSA (-8)

/* authenticatorData flags */
#define SW_WEBAUTHN_UP 0x01u
#define SW_WEBAUTHN_UV 0x04u
#define SW_WEBAUTHN_AT 0x40u
#define SW_WEBAUTHN_ED 0x80u

/* What the relying party expects of every ceremony. */
typedef struct {
    const char *rp_id;           /* e.g. "example.com" */
    const char *const *origins;  /* exact origins, e.g. "https://example.com" */
    int n_origins;
} sw_webauthn_rp;

/* A registered credential: the record the store keeps. */
typedef sw_passkey sw_webauthn_cred;

/* The challenge named in a clientDataJSON (base64url, 32 bytes once
 * decoded), so that the caller can look it up before verifying.
 * SW_EPARSE when absent or not 32 bytes. */
int sw_webauthn_client_challenge(const uint8_t *client_data, size_t len, uint8_t out[SW_WEBAUTHN_CHALLENGE_LEN]);

/* Registration: on SW_OK *out is the new credential (sign_count from authData). */
int sw_webauthn_register(const sw_webauthn_rp *rp, const uint8_t challenge[SW_WEBAUTHN_CHALLENGE_LEN],
                         const uint8_t *client_data, size_t client_data_len, const uint8_t *att_obj,
                         size_t att_obj_len, sw_webauthn_cred *out, char *err, size_t errsz);

/* Assertion with the stored credential cred: on SW_OK *new_count is the
 * counter to store. */
int sw_webauthn_assert(const sw_webauthn_rp *rp, const uint8_t challenge[SW_WEBAUTHN_CHALLENGE_LEN],
                       const sw_webauthn_cred *cred, const uint8_t *client_data, size_t client_data_len,
                       const uint8_t *auth_data, size_t auth_data_len, const uint8_t *sig, size_t sig_len,
                       uint32_t *new_count, char *err, size_t errsz);

#endif
