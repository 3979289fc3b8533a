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
 *
 * PATH is the request target as sent (path and query); METHOD is upper case.
 * t is decimal without leading zeros. Tokens carry no footer and no implicit
 * assertion; the sw_paseto_v4_* primitives below handle both for other uses
 * and for the specification's test vectors.
 */
#ifndef SW_AUTH_TOKEN_H
#define SW_AUTH_TOKEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/account.h"

#define SW_ED25519_PK 32
#define SW_ED25519_SK 64
#define SW_TOKEN_MAX 4096        /* longest token accepted, in characters */
#define SW_TOKEN_LEEWAY_MS 60000 /* iat may be this far ahead of now */
#define SW_PROOF_MAX 256         /* longest SW-Proof header value */
#define SW_PROOF_NONCE_MAX 64    /* longest nonce in a proof */

typedef struct {
    char account[SW_ACCOUNT_STR];
    char key_id[32];
    char jti[48];
    int64_t iat_ms, exp_ms;
    uint8_t device_pk[SW_ED25519_PK];
} sw_token_claims;

/* PASETO v4.public over raw bytes: m is the message, f the footer (shown
 * in the token, signed), i the implicit assertion (signed, not shown); f and
 * i may be empty (NULL with length 0). *out is malloc'd, NUL-terminated.
 * SW_EINVAL for bad arguments, SW_ENOMEM. */
int sw_paseto_v4_sign(const uint8_t sk[SW_ED25519_SK], const void *m, size_t m_len, const void *f, size_t f_len,
                      const void *i, size_t i_len, char **out);

/* Checks a v4.public token's signature under pk with implicit assertion i.
 * On success *m (and *f, when f is not NULL) are malloc'd copies of the
 * message and footer, NUL-terminated for convenience, with their lengths.
 * With f NULL a token that has a footer is refused. SW_EINVAL with a reason
 * in err ("not a v4.public token", "malformed token", "bad signature"). */
int sw_paseto_v4_verify(const uint8_t pk[SW_ED25519_PK], const char *token, size_t n, const void *i,
                        size_t i_len, uint8_t **m, size_t *m_len, uint8_t **f, size_t *f_len, char *err,
                        size_t errsz);

/* Loads DIR/token.key (the gateway's Ed25519 secret key: 64 raw bytes, seed
 * then public key, mode 0600), creating it. A file whose halves do not
 * match is refused. */
int sw_token_key_load(const char *dir, uint8_t sk[SW_ED25519_SK], char *err, size_t errsz);

/* The public half of a secret key (what verifiers and clients are given). */
void sw_token_public_key(const uint8_t sk[SW_ED25519_SK], uint8_t pk[SW_ED25519_PK]);

/* Issues a token for claims c (jti filled in here when empty; iat_ms and
 * exp_ms are the caller's, exp after iat). *out is malloc'd, NUL-terminated.
 * SW_EINVAL for claims that could not be verified back. */
int sw_token_issue(const uint8_t sk[SW_ED25519_SK], sw_token_claims *c, char **out);

/* Verifies signature, issuer, expiry (against now_ms; a token is expired
 * from exp on), issue time (not more than SW_TOKEN_LEEWAY_MS in the future:
 * the clocks of a fleet's gateways differ a little) and claim shapes.
 * SW_EINVAL with a reason in err for any failure ("expired", "bad
 * signature", "wrong issuer", "bad claim 'exp'"). */
int sw_token_verify(const uint8_t pk[SW_ED25519_PK], const char *token, size_t n, int64_t now_ms,
                    sw_token_claims *out, char *err, size_t errsz);

/* Replay cache of (jti, nonce) pairs, bounded in memory, entries expire after
 * window_ms. One per thread (or guarded by the caller).
 *
 * It holds at most capacity pairs per window (memory: about 64 bytes per
 * pair, allocated once) and remembers each for at least window_ms, which
 * must therefore be at least twice the proof skew (a proof is acceptable
 * from t - skew to t + skew). When a window's capacity is used up, new
 * proofs are refused (SW_ENOMEM from sw_proof_check) rather than old nonces
 * forgotten early: forgetting would re-open replays. Size capacity above the
 * requests one thread may accept in a window. */
typedef struct sw_replay sw_replay;
/* capacity in [1, 2^28], window_ms in (0, 2 days]; SW_EINVAL otherwise. */
int sw_replay_new(sw_replay **out, size_t capacity, int64_t window_ms);
void sw_replay_free(sw_replay *r);

/* Checks an SW-Proof header value for a request. SW_OK when valid (and the
 * nonce is then recorded); SW_EINVAL with a reason in err otherwise
 * ("stale proof", "replayed nonce", "bad proof signature", "malformed proof");
 * SW_ENOMEM ("replay cache full") when the proof may be good but cannot be
 * remembered (the gateway answers 503, not 401). The replay cache is only
 * touched once the signature has verified, so forged proofs cannot fill it. */
int sw_proof_check(const sw_token_claims *c, sw_replay *r, const char *header, size_t header_len,
                   const char *method, const char *path, const void *body, size_t body_len,
                   int64_t now_ms, int64_t skew_ms, char *err, size_t errsz);

/* sw_proof_check in two halves, for replay caches kept elsewhere (a
 * fleet's nonces live in Redis): verify checks everything but replay and
 * copies the proof's nonce out; sw_replay_add then records (jti, nonce),
 * with sw_proof_check's errors ("replayed nonce", "replay cache full"). */
int sw_proof_verify(const sw_token_claims *c, const char *header, size_t header_len, const char *method,
                    const char *path, const void *body, size_t body_len, int64_t now_ms, int64_t skew_ms,
                    char nonce[SW_PROOF_NONCE_MAX + 1], char *err, size_t errsz);
int sw_replay_add(sw_replay *r, const char *jti, const char *nonce, int64_t now_ms, char *err, size_t errsz);
int64_t sw_replay_window(const sw_replay *r);

/* Client side (tests, tools): makes an SW-Proof header value into out
 * (SW_PROOF_MAX bytes suffice). nonce NULL: a random one. SW_EINVAL for a
 * malformed nonce, method or path, or an out too small. */
int sw_proof_make(const uint8_t device_sk[SW_ED25519_SK], const char *method, const char *path,
                  const void *body, size_t body_len, int64_t now_s, const char *nonce, char *out,
                  size_t out_sz);

#endif
