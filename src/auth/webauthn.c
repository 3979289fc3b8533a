/*
 * webauthn.c — the relying party's side of a passkey ceremony (webauthn.h).
 *
 * The order of the checks follows what a relying party must establish, the
 * cheapest and least trusting first:
 *
 *   1. clientDataJSON, the browser's own account of the ceremony: its type
 *      (create or get), the challenge (compared in constant time with the one
 *      the gateway issued, which the caller has already taken out of its
 *      single-use store) and the origin (exactly one of the configured
 *      origins; a cross-origin iframe is refused). The browser writes this,
 *      not the page, so a phishing page on another origin cannot forge it.
 *   2. authenticatorData, the authenticator's account: the relying party id
 *      hash (SHA-256 of the configured rp id, so a credential made for
 *      another site is useless here), the user-present flag and the
 *      user-verified flag (a PIN or biometric: step-up must prove a person,
 *      not merely a key that something pressed).
 *   3. For registration, the attested credential data inside authData: the
 *      credential id and its COSE public key, decoded with libcbor and turned
 *      into an OpenSSL key (EVP_PKEY_fromdata, which checks that the point is
 *      on the curve) before it is accepted, so that a stored key is always a
 *      usable key. For an assertion, the signature over
 *      authData || SHA-256(clientDataJSON) and the signature counter.
 *
 * CBOR is read strictly: definite-length items only, integer map keys for
 * COSE and text keys for the attestation object, no duplicate keys, no bytes
 * left over. Anything else is "malformed" (SW_EPARSE), because a lenient
 * parser is where two readers of the same bytes start to disagree.
 */
#include "auth/webauthn.h"

#include <cbor.h>
#include <cjson/cJSON.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"

#define AUTH_DATA_MIN 37 /* rpIdHash 32, flags 1, signCount 4 */

static int refuse(char *err, size_t errsz, int code, const char *fmt, ...)
{
    if (err && errsz) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errsz, fmt, ap);
        va_end(ap);
    }
    return code;
}

static bool b64url_decode(const char *s, uint8_t *out, size_t cap, size_t *len)
{
    return sodium_base642bin(out, cap, s, strlen(s), NULL, len, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0;
}

/* ---- 1: clientDataJSON ---- */

static const cJSON *member(const cJSON *o, const char *name)
{
    return cJSON_GetObjectItemCaseSensitive(o, name);
}

int sw_webauthn_client_challenge(const uint8_t *client_data, size_t len, uint8_t out[SW_WEBAUTHN_CHALLENGE_LEN])
{
    cJSON *j = cJSON_ParseWithLength((const char *)client_data, len);
    const cJSON *c = cJSON_IsObject(j) ? member(j, "challenge") : NULL;
    size_t n = 0;
    bool ok = cJSON_IsString(c) && b64url_decode(c->valuestring, out, SW_WEBAUTHN_CHALLENGE_LEN, &n) &&
              n == SW_WEBAUTHN_CHALLENGE_LEN;
    cJSON_Delete(j);
    return ok ? SW_OK : SW_EPARSE;
}

static bool origin_allowed(const sw_webauthn_rp *rp, const char *origin)
{
    for (int i = 0; i < rp->n_origins; i++)
        if (!strcmp(rp->origins[i], origin))
            return true;
    return false;
}

static int check_client_data(const sw_webauthn_rp *rp, const char *type, const uint8_t challenge[32],
                             const uint8_t *cd, size_t n, char *err, size_t errsz)
{
    cJSON *j = cJSON_ParseWithLength((const char *)cd, n);
    if (!cJSON_IsObject(j)) {
        cJSON_Delete(j);
        return refuse(err, errsz, SW_EPARSE, "clientDataJSON is not a JSON object");
    }
    const cJSON *t = member(j, "type"), *c = member(j, "challenge"), *o = member(j, "origin");
    uint8_t got[SW_WEBAUTHN_CHALLENGE_LEN];
    size_t glen = 0;
    int rc = SW_OK;
    if (!cJSON_IsString(t) || !cJSON_IsString(c) || !cJSON_IsString(o))
        rc = refuse(err, errsz, SW_EPARSE, "clientDataJSON lacks type, challenge or origin");
    else if (strcmp(t->valuestring, type) != 0)
        rc = refuse(err, errsz, SW_EINVAL, "clientDataJSON type is '%.40s', expected '%s'", t->valuestring, type);
    else if (!b64url_decode(c->valuestring, got, sizeof got, &glen) || glen != sizeof got ||
             sodium_memcmp(got, challenge, sizeof got) != 0)
        rc = refuse(err, errsz, SW_EINVAL, "the challenge does not match the one issued");
    else if (!origin_allowed(rp, o->valuestring))
        rc = refuse(err, errsz, SW_EINVAL, "origin '%.100s' is not allowed", o->valuestring);
    else if (cJSON_IsTrue(member(j, "crossOrigin")))
        rc = refuse(err, errsz, SW_EINVAL, "a ceremony inside a cross-origin frame is not allowed");
    cJSON_Delete(j);
    return rc;
}

/* ---- 2: authenticatorData ---- */

typedef struct {
    const uint8_t *rp_hash;
    uint8_t flags;
    uint32_t count;
    const uint8_t *rest; /* attested credential data and extensions */
    size_t rest_len;
} auth_data;

static int parse_auth_data(const uint8_t *p, size_t n, auth_data *a, char *err, size_t errsz)
{
    if (n < AUTH_DATA_MIN)
        return refuse(err, errsz, SW_EPARSE, "authenticator data is %zu bytes, shorter than 37", n);
    a->rp_hash = p;
    a->flags = p[32];
    a->count = (uint32_t)p[33] << 24 | (uint32_t)p[34] << 16 | (uint32_t)p[35] << 8 | p[36];
    a->rest = p + AUTH_DATA_MIN;
    a->rest_len = n - AUTH_DATA_MIN;
    return SW_OK;
}

static int check_auth_data(const sw_webauthn_rp *rp, const auth_data *a, char *err, size_t errsz)
{
    uint8_t want[32];
    crypto_hash_sha256(want, (const uint8_t *)rp->rp_id, strlen(rp->rp_id));
    if (memcmp(want, a->rp_hash, sizeof want) != 0)
        return refuse(err, errsz, SW_EINVAL, "the passkey was made for another site (rp id hash is not '%.100s')",
                      rp->rp_id);
    if (!(a->flags & SW_WEBAUTHN_UP))
        return refuse(err, errsz, SW_EINVAL, "the authenticator did not report user presence (UP)");
    if (!(a->flags & SW_WEBAUTHN_UV))
        return refuse(err, errsz, SW_EINVAL,
                      "the authenticator did not verify the user (UV): a PIN or biometric check is required");
    return SW_OK;
}

/* ---- CBOR helpers ---- */

static bool cbor_int64(const cbor_item_t *it, int64_t *out)
{
    if (!cbor_isa_uint(it) && !cbor_isa_negint(it))
        return false;
    uint64_t v = cbor_get_int(it);
    if (v > (uint64_t)INT64_MAX)
        return false;
    *out = cbor_isa_uint(it) ? (int64_t)v : -1 - (int64_t)v;
    return true;
}

static bool cbor_bytes(const cbor_item_t *it, const uint8_t **p, size_t *n)
{
    if (!cbor_isa_bytestring(it) || !cbor_bytestring_is_definite(it))
        return false;
    *p = cbor_bytestring_handle(it);
    *n = cbor_bytestring_length(it);
    return *p != NULL || *n == 0;
}

static bool cbor_text_is(const cbor_item_t *it, const char *s)
{
    if (!cbor_isa_string(it) || !cbor_string_is_definite(it))
        return false;
    size_t n = cbor_string_length(it);
    return n == strlen(s) && (n == 0 || memcmp(cbor_string_handle(it), s, n) == 0);
}

/* One definite-length CBOR item at p; *used is how many bytes it took.
 * NULL when malformed. */
static cbor_item_t *cbor_one(const uint8_t *p, size_t n, size_t *used)
{
    struct cbor_load_result r;
    cbor_item_t *it = cbor_load(p, n, &r);
    if (!it)
        return NULL;
    if (r.error.code != CBOR_ERR_NONE) {
        cbor_decref(&it);
        return NULL;
    }
    *used = r.read;
    return it;
}

/* ---- 3a: the credential's COSE key ---- */

typedef struct {
    int64_t kty, alg, crv;
    const uint8_t *x, *y;
    size_t x_len, y_len;
    int seen; /* bit per known label, to refuse duplicates */
} cose_key;

static bool cose_field(cose_key *k, int64_t label, const cbor_item_t *v)
{
    int bit;
    bool ok;
    switch (label) {
    case 1: bit = 1, ok = cbor_int64(v, &k->kty); break;
    case 3: bit = 2, ok = cbor_int64(v, &k->alg); break;
    case -1: bit = 4, ok = cbor_int64(v, &k->crv); break;
    case -2: bit = 8, ok = cbor_bytes(v, &k->x, &k->x_len); break;
    case -3: bit = 16, ok = cbor_bytes(v, &k->y, &k->y_len); break;
    default: return true; /* other labels (key ops, ids) carry nothing we use */
    }
    if (!ok || (k->seen & bit))
        return false;
    k->seen |= bit;
    return true;
}

static bool cose_read(const cbor_item_t *m, cose_key *k)
{
    if (!cbor_isa_map(m) || !cbor_map_is_definite(m))
        return false;
    struct cbor_pair *pairs = cbor_map_handle(m);
    for (size_t i = 0; i < cbor_map_size(m); i++) {
        int64_t label;
        if (!cbor_int64(pairs[i].key, &label) || !cose_field(k, label, pairs[i].value))
            return false;
    }
    return (k->seen & 7) == 7; /* kty, alg and crv are required */
}

/* The P-256 public key 0x04 || x || y as an OpenSSL key; NULL when the point
 * is not on the curve. */
static EVP_PKEY *p256_key(const uint8_t pub[65])
{
    char group[] = "prime256v1";
    OSSL_PARAM params[] = {
        OSSL_PARAM_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group - 1),
        OSSL_PARAM_octet_string(OSSL_PKEY_PARAM_PUB_KEY, (void *)pub, 65),
        OSSL_PARAM_END,
    };
    EVP_PKEY *pk = NULL;
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
    if (!ctx || EVP_PKEY_fromdata_init(ctx) <= 0 || EVP_PKEY_fromdata(ctx, &pk, EVP_PKEY_PUBLIC_KEY, params) <= 0)
        pk = NULL;
    EVP_PKEY_CTX_free(ctx);
    if (pk) {
        EVP_PKEY_CTX *check = EVP_PKEY_CTX_new_from_pkey(NULL, pk, NULL);
        if (!check || EVP_PKEY_public_check(check) != 1) {
            EVP_PKEY_free(pk);
            pk = NULL;
        }
        EVP_PKEY_CTX_free(check);
    }
    ERR_clear_error(); /* OpenSSL's queue is per thread: leave nothing for h2o's TLS to trip on */
    return pk;
}

static int cose_to_cred(const cose_key *k, sw_webauthn_cred *out, char *err, size_t errsz)
{
    if (k->alg == SW_COSE_ES256) {
        if (k->kty != 2 || k->crv != 1 || k->x_len != 32 || k->y_len != 32)
            return refuse(err, errsz, SW_EPARSE, "an ES256 key must be EC2 on P-256 with 32-byte x and y");
        out->pubkey[0] = 0x04;
        memcpy(out->pubkey + 1, k->x, 32);
        memcpy(out->pubkey + 33, k->y, 32);
        EVP_PKEY *pk = p256_key(out->pubkey);
        if (!pk)
            return refuse(err, errsz, SW_EINVAL, "the ES256 public key is not a point on P-256");
        EVP_PKEY_free(pk);
        out->pubkey_len = 65;
    } else if (k->alg == SW_COSE_EDDSA) {
        if (k->kty != 1 || k->crv != 6 || k->x_len != 32)
            return refuse(err, errsz, SW_EPARSE, "an EdDSA key must be OKP on Ed25519 with a 32-byte x");
        if (!crypto_core_ed25519_is_valid_point(k->x))
            return refuse(err, errsz, SW_EINVAL, "the EdDSA public key is not a valid Ed25519 point");
        memcpy(out->pubkey, k->x, 32);
        out->pubkey_len = 32;
    } else {
        return refuse(err, errsz, SW_EINVAL, "unsupported algorithm %lld: ES256 (-7) or EdDSA (-8) are accepted",
                      (long long)k->alg);
    }
    out->alg = (int)k->alg;
    return SW_OK;
}

/* aaguid(16) credIdLen(2) credId COSE-key [extensions]. */
static int parse_attested(const auth_data *a, sw_webauthn_cred *out, char *err, size_t errsz)
{
    const uint8_t *p = a->rest;
    size_t n = a->rest_len;
    if (n < 18)
        return refuse(err, errsz, SW_EPARSE, "attested credential data is truncated");
    size_t id_len = (size_t)p[16] << 8 | p[17];
    if (id_len == 0 || id_len > SW_WEBAUTHN_CRED_ID_MAX || n - 18 < id_len)
        return refuse(err, errsz, SW_EPARSE, "bad credential id length %zu", id_len);
    memcpy(out->id, p + 18, id_len);
    out->id_len = id_len;
    p += 18 + id_len;
    n -= 18 + id_len;
    size_t used = 0;
    cbor_item_t *key = cbor_one(p, n, &used);
    if (!key)
        return refuse(err, errsz, SW_EPARSE, "the credential public key is not CBOR");
    cose_key k = {0}; /* points into key until it is freed */
    int rc;
    if (!cose_read(key, &k))
        rc = refuse(err, errsz, SW_EPARSE, "the credential public key is not a COSE key");
    else if (used != n && !(a->flags & SW_WEBAUTHN_ED))
        rc = refuse(err, errsz, SW_EPARSE, "%zu stray bytes after the credential public key", n - used);
    else
        rc = cose_to_cred(&k, out, err, errsz);
    cbor_decref(&key);
    return rc;
}

/* ---- registration ---- */

typedef struct {
    bool fmt, stmt;
    const uint8_t *auth;
    size_t auth_len;
} att_fields;

static bool att_field(att_fields *f, const struct cbor_pair *pr)
{
    if (cbor_text_is(pr->key, "fmt")) {
        if (f->fmt || !cbor_isa_string(pr->value))
            return false;
        f->fmt = true;
    } else if (cbor_text_is(pr->key, "attStmt")) {
        /* not verified: attestation "none" is asked for, and the gateway
         * trusts no authenticator maker, only the person's verification */
        if (f->stmt || !cbor_isa_map(pr->value))
            return false;
        f->stmt = true;
    } else if (cbor_text_is(pr->key, "authData")) {
        if (f->auth || !cbor_bytes(pr->value, &f->auth, &f->auth_len) || !f->auth)
            return false;
    }
    return true;
}

static int parse_attestation(const uint8_t *p, size_t n, cbor_item_t **keep, att_fields *f, char *err,
                             size_t errsz)
{
    size_t used = 0;
    cbor_item_t *m = cbor_one(p, n, &used);
    if (!m || used != n || !cbor_isa_map(m) || !cbor_map_is_definite(m)) {
        if (m)
            cbor_decref(&m);
        return refuse(err, errsz, SW_EPARSE, "the attestation object is not one CBOR map");
    }
    struct cbor_pair *pairs = cbor_map_handle(m);
    bool ok = true;
    for (size_t i = 0; i < cbor_map_size(m) && ok; i++)
        ok = att_field(f, &pairs[i]);
    if (!ok || !f->fmt || !f->stmt || !f->auth) {
        cbor_decref(&m);
        return refuse(err, errsz, SW_EPARSE, "the attestation object lacks fmt, attStmt or authData");
    }
    *keep = m; /* f->auth points into it */
    return SW_OK;
}

int sw_webauthn_register(const sw_webauthn_rp *rp, const uint8_t challenge[SW_WEBAUTHN_CHALLENGE_LEN],
                         const uint8_t *client_data, size_t client_data_len, const uint8_t *att_obj,
                         size_t att_obj_len, sw_webauthn_cred *out, char *err, size_t errsz)
{
    int rc = check_client_data(rp, "webauthn.create", challenge, client_data, client_data_len, err, errsz);
    if (rc != SW_OK)
        return rc;
    cbor_item_t *m = NULL;
    att_fields f = {0};
    if ((rc = parse_attestation(att_obj, att_obj_len, &m, &f, err, errsz)) != SW_OK)
        return rc;
    auth_data a;
    memset(out, 0, sizeof *out);
    if ((rc = parse_auth_data(f.auth, f.auth_len, &a, err, errsz)) == SW_OK &&
        (rc = check_auth_data(rp, &a, err, errsz)) == SW_OK) {
        if (!(a.flags & SW_WEBAUTHN_AT))
            rc = refuse(err, errsz, SW_EPARSE, "the authenticator data carries no credential (AT flag clear)");
        else
            rc = parse_attested(&a, out, err, errsz);
        out->sign_count = a.count;
    }
    cbor_decref(&m);
    return rc;
}

/* ---- assertion ---- */

static bool verify_es256(const uint8_t pub[65], const uint8_t *msg, size_t n, const uint8_t *sig, size_t sig_len)
{
    EVP_PKEY *pk = p256_key(pub);
    if (!pk)
        return false;
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    bool ok = md && EVP_DigestVerifyInit(md, NULL, EVP_sha256(), NULL, pk) == 1 &&
              EVP_DigestVerify(md, sig, sig_len, msg, n) == 1;
    EVP_MD_CTX_free(md);
    EVP_PKEY_free(pk);
    ERR_clear_error();
    return ok;
}

static bool verify_signature(const sw_webauthn_cred *cred, const uint8_t *msg, size_t n, const uint8_t *sig,
                             size_t sig_len)
{
    if (cred->alg == SW_COSE_ES256 && cred->pubkey_len == 65)
        return verify_es256(cred->pubkey, msg, n, sig, sig_len);
    if (cred->alg == SW_COSE_EDDSA && cred->pubkey_len == 32)
        return sig_len == crypto_sign_BYTES && crypto_sign_verify_detached(sig, msg, n, cred->pubkey) == 0;
    return false;
}

int sw_webauthn_assert(const sw_webauthn_rp *rp, const uint8_t challenge[SW_WEBAUTHN_CHALLENGE_LEN],
                       const sw_webauthn_cred *cred, const uint8_t *client_data, size_t client_data_len,
                       const uint8_t *auth_data_bytes, size_t auth_data_len, const uint8_t *sig, size_t sig_len,
                       uint32_t *new_count, char *err, size_t errsz)
{
    int rc = check_client_data(rp, "webauthn.get", challenge, client_data, client_data_len, err, errsz);
    auth_data a;
    if (rc != SW_OK || (rc = parse_auth_data(auth_data_bytes, auth_data_len, &a, err, errsz)) != SW_OK ||
        (rc = check_auth_data(rp, &a, err, errsz)) != SW_OK)
        return rc;
    if (a.rest_len && !(a.flags & SW_WEBAUTHN_ED))
        return refuse(err, errsz, SW_EPARSE, "%zu stray bytes after the authenticator data", a.rest_len);
    /* the signed message: authenticatorData || SHA-256(clientDataJSON) */
    uint8_t *msg = malloc(auth_data_len + crypto_hash_sha256_BYTES);
    if (!msg)
        return refuse(err, errsz, SW_ENOMEM, "out of memory");
    memcpy(msg, auth_data_bytes, auth_data_len);
    crypto_hash_sha256(msg + auth_data_len, client_data, client_data_len);
    bool good = verify_signature(cred, msg, auth_data_len + crypto_hash_sha256_BYTES, sig, sig_len);
    free(msg);
    if (!good)
        return refuse(err, errsz, SW_EINVAL, "the signature does not verify under the registered passkey");
    /* a counter that does not grow means two copies of one key: refuse */
    if ((a.count || cred->sign_count) && a.count <= cred->sign_count)
        return refuse(err, errsz, SW_EINVAL,
                      "the signature counter went back (%u after %u): the passkey may have been cloned", a.count,
                      cred->sign_count);
    *new_count = a.count;
    return SW_OK;
}
