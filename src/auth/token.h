/*
 * token.h — short-lived, device-bound access tokens (PASETO v4.public) and
 * the proof of possession that must accompany each use.
 *
 * Exchange: POST /v1/auth/token with an API key and the client's Ed25519
 * public key returns a PASETO v4.public token (Ed25519 over PAE, as the
 * PASETO v4 specification defines; interoperable with the reference `paseto`
 * npm package) whose claims are
 *   {"iss":"stillwatch","sub":ACCOUNT,"kid":API_KEY_ID,"iat":RFC3339,
 *    "exp":RFC3339,"jti":RANDOM,"cnf":{"okp":BASE64URL(device public key)}}
 * The gateway signs with its own Ed25519 key (DIR/token.key, created when
 * absent).
 *
 * Use: every request with the token carries
 *   Authorization: Bearer v4.public.…
 *   SW-Proof: t=UNIX_SECONDS;n=NONCE;s=BASE64URL(SIGNATURE)
 * where SIGNATURE is the device key's Ed25519 signature over
 *   "sw-proof-v1\n" METHOD "\n" PATH "\n" t "\n" NONCE "\n" HEX(SHA-256(BODY))
 * A proof is accepted when the signature verifies under the token's cnf key,
 * |now - t| <= the allowed skew, and the nonce (16–64 base64url chars) has not
 * been seen with that token within the skew window (replay cache). A copied
 * token without the private key is worthless; a captured request cannot be
 * replayed, nor its signature moved to another path or body.
 */
#ifndef SW_AUTH_TOKEN_H
#define SW_AUTH_TOKEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/account.h"

#define SW_ED25519_PK 32
#define SW_ED25519_SK 64

typedef struct {
    char account[SW_ACCOUNT_STR];
    char key_id[32];
    char jti[48];
    int64_t iat_ms, exp_ms;
    uint8_t device_pk[SW_ED25519_PK];
} sw_token_claims;

/* Loads DIR/token.key (the gateway's Ed25519 secret key), creating it. */
int sw_token_key_load(const char *dir, uint8_t sk[SW_ED25519_SK], char *err, size_t errsz);

/* Issues a token for claims c (jti filled in here when empty). *out is
 * malloc'd, NUL-terminated. */
int sw_token_issue(const uint8_t sk[SW_ED25519_SK], sw_token_claims *c, char **out);

/* Verifies signature, issuer, expiry (against now_ms) and claim shapes.
 * SW_EINVAL with a reason in err for any failure ("expired", "bad signature"). */
int sw_token_verify(const uint8_t pk[SW_ED25519_PK], const char *token, size_t n, int64_t now_ms,
                    sw_token_claims *out, char *err, size_t errsz);

/* Replay cache of (jti, nonce) pairs, bounded in memory, entries expire after
 * window_ms. One per thread (or guarded by the caller). */
typedef struct sw_replay sw_replay;
int sw_replay_new(sw_replay **out, size_t capacity, int64_t window_ms);
void sw_replay_free(sw_replay *r);

/* Checks an SW-Proof header value for a request. SW_OK when valid (and the
 * nonce is then recorded); SW_EINVAL with a reason in err otherwise
 * ("stale proof", "replayed nonce", "bad proof signature", "malformed proof"). */
int sw_proof_check(const sw_token_claims *c, sw_replay *r, const char *header, size_t header_len,
                   const char *method, const char *path, const void *body, size_t body_len,
                   int64_t now_ms, int64_t skew_ms, char *err, size_t errsz);

/* Client side (tests, tools): makes an SW-Proof header value into out. */
int sw_proof_make(const uint8_t device_sk[SW_ED25519_SK], const char *method, const char *path,
                  const void *body, size_t body_len, int64_t now_s, const char *nonce, char *out,
                  size_t out_sz);

#endif
