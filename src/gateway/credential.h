/*
 * credential.h — which credential a request presents.
 *
 * OpenAI clients send "Authorization: Bearer KEY"; Anthropic clients send
 * "x-api-key: KEY". A device-bound access token (auth/token.h) comes as a
 * Bearer value starting "v4.public." and needs an SW-Proof header beside it.
 * This only classifies and extracts; checking is auth/'s job. Pure, no h2o.
 */
#ifndef SW_GW_CREDENTIAL_H
#define SW_GW_CREDENTIAL_H

#include <stddef.h>

typedef enum {
    SW_CRED_NONE,      /* nothing presented */
    SW_CRED_MALFORMED, /* an Authorization header that is not "Bearer <value>" */
    SW_CRED_KEY,       /* an API key (shape checked later by sw_apikey_hash) */
    SW_CRED_TOKEN,     /* a PASETO v4.public token */
} sw_cred_kind;

/* authz / xkey may be NULL. Authorization wins when both are present.
 * *value / *len receive the credential (trimmed) for KEY and TOKEN. */
sw_cred_kind sw_gw_credential(const char *authz, size_t authz_len, const char *xkey, size_t xkey_len,
                              const char **value, size_t *len);

#endif
