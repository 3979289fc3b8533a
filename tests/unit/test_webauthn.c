/*
 * test_webauthn.c — passkey ceremonies (auth/webauthn.h), step-up tickets
 * (auth/ticket.h) and the step-up store (store/stepup_store.h).
 *
 * The vectors are built here rather than recorded: a P-256 key from
 * OpenSSL and an Ed25519 key from libsodium play the authenticator, libcbor
 * writes the attestation object and the COSE key, and the test signs
 * authenticatorData || SHA-256(clientDataJSON) itself. One good ceremony
 * is built first, and then each refusal changes exactly one thing in it, so
 * that every check of the verifier is shown to be the one that refuses.
 */
#include <cbor.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth/ticket.h"
#include "auth/webauthn.h"
#include "core/error.h"
#include "store/stepup_store.h"
#include "sw_test.h"

#define RP_ID "example.com"
#define ORIGIN "https://example.com"

static const char *const origins[] = {ORIGIN, "https://login.example.com"};
static const sw_webauthn_rp rp = {RP_ID, origins, 2};
static uint8_t challenge[SW_WEBAUTHN_CHALLENGE_LEN];

/* ---- the authenticator ---- */

typedef struct {
    int alg;
    EVP_PKEY *p256;                         /* ES256 */
    uint8_t ed_pk[32], ed_sk[64];           /* EdDSA */
    uint8_t pub[65];                        /* ES256: 0x04 || x || y */
    uint8_t cred_id[20];
} authenticator;

static void make_authenticator(authenticator *a, int alg)
{
    memset(a, 0, sizeof *a);
    a->alg = alg;
    randombytes_buf(a->cred_id, sizeof a->cred_id);
    if (alg == SW_COSE_EDDSA) {
        crypto_sign_keypair(a->ed_pk, a->ed_sk);
        return;
    }
    a->p256 = EVP_EC_gen("P-256");
    size_t n = 0;
    CHECK(a->p256 && EVP_PKEY_get_octet_string_param(a->p256, OSSL_PKEY_PARAM_PUB_KEY, a->pub, sizeof a->pub, &n));
    CHECK_EQ_INT(n, 65);
}

static void drop_authenticator(authenticator *a)
{
    EVP_PKEY_free(a->p256);
}

static size_t sign(const authenticator *a, const uint8_t *msg, size_t n, uint8_t *sig)
{
    if (a->alg == SW_COSE_EDDSA) {
        crypto_sign_detached(sig, NULL, msg, n, a->ed_sk);
        return 64;
    }
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    size_t len = 80;
    CHECK(EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, a->p256) == 1);
    CHECK(EVP_DigestSign(md, sig, &len, msg, n) == 1);
    EVP_MD_CTX_free(md);
    return len;
}

/* ---- the pieces of a ceremony ---- */

static size_t client_data(char *out, size_t cap, const char *type, const uint8_t ch[32], const char *origin,
                          const char *extra)
{
    char b64[64];
    sodium_bin2base64(b64, sizeof b64, ch, 32, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return (size_t)snprintf(out, cap, "{\"type\":\"%s\",\"challenge\":\"%s\",\"origin\":\"%s\"%s}", type, b64,
                            origin, extra ? extra : "");
}

static void map_put(cbor_item_t *m, cbor_item_t *k, cbor_item_t *v)
{
    CHECK(cbor_map_add(m, (struct cbor_pair){.key = cbor_move(k), .value = cbor_move(v)}));
}

static cbor_item_t *cbor_int(int64_t v)
{
    return v >= 0 ? cbor_build_uint64((uint64_t)v) : cbor_build_negint64((uint64_t)(-1 - v));
}

/* The COSE key of the authenticator, with alg (and kty) as given. */
static size_t cose_key(const authenticator *a, int64_t kty, int64_t alg, uint8_t *out, size_t cap)
{
    bool ed = a->alg == SW_COSE_EDDSA;
    cbor_item_t *m = cbor_new_definite_map(ed ? 4 : 5);
    map_put(m, cbor_int(1), cbor_int(kty));
    map_put(m, cbor_int(3), cbor_int(alg));
    map_put(m, cbor_int(-1), cbor_int(ed ? 6 : 1));
    map_put(m, cbor_int(-2), cbor_build_bytestring(ed ? a->ed_pk : a->pub + 1, 32));
    if (!ed)
        map_put(m, cbor_int(-3), cbor_build_bytestring(a->pub + 33, 32));
    size_t n = cbor_serialize(m, out, cap);
    cbor_decref(&m);
    return n;
}

/* rpIdHash flags count [attested credential data]. */
static size_t auth_data(uint8_t *out, const char *rp_id, uint8_t flags, uint32_t count, const uint8_t *attested,
                        size_t attested_len)
{
    crypto_hash_sha256(out, (const uint8_t *)rp_id, strlen(rp_id));
    out[32] = flags;
    out[33] = (uint8_t)(count >> 24), out[34] = (uint8_t)(count >> 16), out[35] = (uint8_t)(count >> 8),
    out[36] = (uint8_t)count;
    if (attested_len)
        memcpy(out + 37, attested, attested_len);
    return 37 + attested_len;
}

static size_t attested(const authenticator *a, const uint8_t *key, size_t key_len, uint8_t *out)
{
    memset(out, 0, 16); /* aaguid */
    out[16] = 0, out[17] = (uint8_t)sizeof a->cred_id;
    memcpy(out + 18, a->cred_id, sizeof a->cred_id);
    memcpy(out + 18 + sizeof a->cred_id, key, key_len);
    return 18 + sizeof a->cred_id + key_len;
}

static size_t att_object(const uint8_t *ad, size_t ad_len, uint8_t *out, size_t cap)
{
    cbor_item_t *m = cbor_new_definite_map(3);
    map_put(m, cbor_build_string("fmt"), cbor_build_string("none"));
    map_put(m, cbor_build_string("attStmt"), cbor_new_definite_map(0));
    map_put(m, cbor_build_string("authData"), cbor_build_bytestring(ad, ad_len));
    size_t n = cbor_serialize(m, out, cap);
    cbor_decref(&m);
    return n;
}

/* ---- registration ---- */

typedef struct {
    const char *type, *origin, *rp_id, *cd_extra;
    uint8_t flags;
    int64_t kty, alg;
    bool other_challenge, trailing, bad_point;
} reg_case;

static const reg_case good_reg = {"webauthn.create", ORIGIN, RP_ID, NULL, SW_WEBAUTHN_UP | SW_WEBAUTHN_UV | SW_WEBAUTHN_AT,
                                  2, SW_COSE_ES256, false, false, false};

static int do_register(const authenticator *a, reg_case c, sw_passkey *out, char *err, size_t errsz)
{
    uint8_t key[200], att[400], ad[500], obj[700], other[32];
    char cd[300];
    if (a->alg == SW_COSE_EDDSA && c.alg == SW_COSE_ES256)
        c.kty = 1, c.alg = SW_COSE_EDDSA;
    authenticator tweaked = *a;
    if (c.bad_point)
        tweaked.pub[64] ^= 1; /* y no longer matches x */
    size_t key_len = cose_key(&tweaked, c.kty, c.alg, key, sizeof key);
    if (c.trailing)
        key[key_len++] = 0x00;
    size_t att_len = attested(a, key, key_len, att);
    size_t ad_len = auth_data(ad, c.rp_id, c.flags, 0, att, att_len);
    size_t obj_len = att_object(ad, ad_len, obj, sizeof obj);
    randombytes_buf(other, sizeof other);
    size_t cd_len = client_data(cd, sizeof cd, c.type, c.other_challenge ? other : challenge, c.origin, c.cd_extra);
    return sw_webauthn_register(&rp, challenge, (const uint8_t *)cd, cd_len, obj, obj_len, out, err, errsz);
}

static void expect_reg(const authenticator *a, reg_case c, int code, const char *words)
{
    sw_passkey out;
    char err[200] = "";
    int rc = do_register(a, c, &out, err, sizeof err);
    CHECK_EQ_INT(rc, code);
    if (!strstr(err, words))
        fprintf(stderr, "  expected '%s' in '%s'\n", words, err);
    CHECK(strstr(err, words) != NULL);
}

static void test_register_es256(void)
{
    authenticator a;
    make_authenticator(&a, SW_COSE_ES256);
    sw_passkey cred;
    char err[200] = "";
    CHECK_EQ_INT(do_register(&a, good_reg, &cred, err, sizeof err), SW_OK);
    if (err[0])
        fprintf(stderr, "  register: %s\n", err);
    CHECK_EQ_INT(cred.alg, SW_COSE_ES256);
    CHECK_EQ_INT(cred.id_len, sizeof a.cred_id);
    CHECK(memcmp(cred.id, a.cred_id, sizeof a.cred_id) == 0);
    CHECK_EQ_INT(cred.pubkey_len, 65);
    CHECK(memcmp(cred.pubkey, a.pub, 65) == 0);
    /* the second allowed origin is allowed too */
    reg_case c = good_reg;
    c.origin = "https://login.example.com";
    CHECK_EQ_INT(do_register(&a, c, &cred, err, sizeof err), SW_OK);
    drop_authenticator(&a);
}

static void test_register_refusals(void)
{
    authenticator a;
    make_authenticator(&a, SW_COSE_ES256);
    reg_case c;
    c = good_reg, c.origin = "https://evil.example";
    expect_reg(&a, c, SW_EINVAL, "origin 'https://evil.example' is not allowed");
    c = good_reg, c.origin = "https://example.com:8443"; /* same host, other origin */
    expect_reg(&a, c, SW_EINVAL, "is not allowed");
    c = good_reg, c.type = "webauthn.get";
    expect_reg(&a, c, SW_EINVAL, "type is 'webauthn.get'");
    c = good_reg, c.other_challenge = true;
    expect_reg(&a, c, SW_EINVAL, "challenge does not match");
    c = good_reg, c.cd_extra = ",\"crossOrigin\":true";
    expect_reg(&a, c, SW_EINVAL, "cross-origin");
    c = good_reg, c.rp_id = "evil.example";
    expect_reg(&a, c, SW_EINVAL, "another site");
    c = good_reg, c.flags = SW_WEBAUTHN_UP | SW_WEBAUTHN_AT;
    expect_reg(&a, c, SW_EINVAL, "(UV)");
    c = good_reg, c.flags = SW_WEBAUTHN_UV | SW_WEBAUTHN_AT;
    expect_reg(&a, c, SW_EINVAL, "(UP)");
    c = good_reg, c.flags = SW_WEBAUTHN_UP | SW_WEBAUTHN_UV;
    expect_reg(&a, c, SW_EPARSE, "AT flag");
    c = good_reg, c.kty = 3, c.alg = -257; /* RS256 */
    expect_reg(&a, c, SW_EINVAL, "unsupported algorithm -257");
    c = good_reg, c.alg = -35; /* ES384 */
    expect_reg(&a, c, SW_EINVAL, "unsupported algorithm -35");
    c = good_reg, c.kty = 1; /* ES256 claimed on an OKP key */
    expect_reg(&a, c, SW_EPARSE, "EC2 on P-256");
    c = good_reg, c.trailing = true;
    expect_reg(&a, c, SW_EPARSE, "stray bytes");
    c = good_reg, c.bad_point = true;
    expect_reg(&a, c, SW_EINVAL, "not a point on P-256");
    drop_authenticator(&a);
}

static void test_register_malformed(void)
{
    char cd[300], err[200];
    size_t cd_len = client_data(cd, sizeof cd, "webauthn.create", challenge, ORIGIN, NULL);
    sw_passkey out;
    /* not CBOR at all, truncated, a map lacking authData, an array */
    static const uint8_t junk[] = {0xff, 0x00, 0x13};
    static const uint8_t truncated[] = {0xa3, 0x63, 'f', 'm', 't'};
    static const uint8_t no_auth[] = {0xa2, 0x63, 'f', 'm', 't', 0x64, 'n', 'o', 'n', 'e',
                                      0x67, 'a', 't', 't', 'S', 't', 'm', 't', 0xa0};
    static const uint8_t array[] = {0x83, 0x01, 0x02, 0x03};
    const struct {
        const uint8_t *p;
        size_t n;
    } bad[] = {{junk, sizeof junk}, {truncated, sizeof truncated}, {no_auth, sizeof no_auth}, {array, sizeof array},
               {junk, 0}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK_EQ_INT(sw_webauthn_register(&rp, challenge, (const uint8_t *)cd, cd_len, bad[i].p, bad[i].n, &out, err,
                                          sizeof err),
                     SW_EPARSE);
    /* authData too short, and a COSE key that is not CBOR */
    uint8_t ad[160], obj[300], att[80];
    size_t ad_len = auth_data(ad, RP_ID, SW_WEBAUTHN_UP | SW_WEBAUTHN_UV | SW_WEBAUTHN_AT, 0, NULL, 0);
    size_t obj_len = att_object(ad, 20, obj, sizeof obj);
    CHECK_EQ_INT(sw_webauthn_register(&rp, challenge, (const uint8_t *)cd, cd_len, obj, obj_len, &out, err, sizeof err),
                 SW_EPARSE);
    authenticator a;
    make_authenticator(&a, SW_COSE_ES256);
    uint8_t garbage[3] = {0xff, 0xff, 0xff};
    size_t att_len = attested(&a, garbage, sizeof garbage, att);
    ad_len = auth_data(ad, RP_ID, SW_WEBAUTHN_UP | SW_WEBAUTHN_UV | SW_WEBAUTHN_AT, 0, att, att_len);
    obj_len = att_object(ad, ad_len, obj, sizeof obj);
    CHECK_EQ_INT(sw_webauthn_register(&rp, challenge, (const uint8_t *)cd, cd_len, obj, obj_len, &out, err, sizeof err),
                 SW_EPARSE);
    /* clientDataJSON that is not JSON */
    CHECK_EQ_INT(sw_webauthn_register(&rp, challenge, (const uint8_t *)"{nope", 5, obj, obj_len, &out, err, sizeof err),
                 SW_EPARSE);
    drop_authenticator(&a);
}

/* ---- assertion ---- */

typedef struct {
    const char *type, *origin, *rp_id;
    uint8_t flags;
    uint32_t count;
    bool bad_sig, other_key;
} get_case;

static const get_case good_get = {"webauthn.get", ORIGIN, RP_ID, SW_WEBAUTHN_UP | SW_WEBAUTHN_UV, 0, false, false};

static int do_assert(const authenticator *a, const sw_passkey *cred, get_case c, uint32_t *count, char *err,
                     size_t errsz)
{
    uint8_t ad[64], msg[128], sig[128];
    char cd[300];
    size_t ad_len = auth_data(ad, c.rp_id, c.flags, c.count, NULL, 0);
    size_t cd_len = client_data(cd, sizeof cd, c.type, challenge, c.origin, NULL);
    memcpy(msg, ad, ad_len);
    crypto_hash_sha256(msg + ad_len, (const uint8_t *)cd, cd_len);
    authenticator other;
    if (c.other_key)
        make_authenticator(&other, a->alg);
    size_t sig_len = sign(c.other_key ? &other : a, msg, ad_len + 32, sig);
    if (c.other_key)
        drop_authenticator(&other);
    if (c.bad_sig)
        sig[sig_len - 1] ^= 0x01;
    return sw_webauthn_assert(&rp, challenge, cred, (const uint8_t *)cd, cd_len, ad, ad_len, sig, sig_len, count, err,
                              errsz);
}

static void expect_get(const authenticator *a, const sw_passkey *cred, get_case c, int code, const char *words)
{
    uint32_t count = 0;
    char err[200] = "";
    CHECK_EQ_INT(do_assert(a, cred, c, &count, err, sizeof err), code);
    if (!strstr(err, words))
        fprintf(stderr, "  expected '%s' in '%s'\n", words, err);
    CHECK(strstr(err, words) != NULL);
}

static void assertions(int alg)
{
    authenticator a;
    make_authenticator(&a, alg);
    sw_passkey cred;
    char err[200] = "";
    CHECK_EQ_INT(do_register(&a, good_reg, &cred, err, sizeof err), SW_OK);
    CHECK_EQ_INT(cred.alg, alg);
    uint32_t count = 99;
    CHECK_EQ_INT(do_assert(&a, &cred, good_get, &count, err, sizeof err), SW_OK);
    CHECK_EQ_INT(count, 0); /* an authenticator without a counter: 0 after 0 is fine */
    get_case c;
    c = good_get, c.bad_sig = true;
    expect_get(&a, &cred, c, SW_EINVAL, "signature does not verify");
    c = good_get, c.other_key = true;
    expect_get(&a, &cred, c, SW_EINVAL, "signature does not verify");
    c = good_get, c.origin = "http://example.com";
    expect_get(&a, &cred, c, SW_EINVAL, "is not allowed");
    c = good_get, c.type = "webauthn.create";
    expect_get(&a, &cred, c, SW_EINVAL, "type is 'webauthn.create'");
    c = good_get, c.rp_id = "example.org";
    expect_get(&a, &cred, c, SW_EINVAL, "another site");
    c = good_get, c.flags = SW_WEBAUTHN_UP;
    expect_get(&a, &cred, c, SW_EINVAL, "(UV)");
    c = good_get, c.flags = SW_WEBAUTHN_UV;
    expect_get(&a, &cred, c, SW_EINVAL, "(UP)");
    /* counters: stored 5; 5 and 3 are refused, 6 is taken */
    cred.sign_count = 5;
    c = good_get, c.count = 5;
    expect_get(&a, &cred, c, SW_EINVAL, "counter went back");
    c.count = 3;
    expect_get(&a, &cred, c, SW_EINVAL, "counter went back");
    c.count = 0;
    expect_get(&a, &cred, c, SW_EINVAL, "counter went back");
    c.count = 6;
    CHECK_EQ_INT(do_assert(&a, &cred, c, &count, err, sizeof err), SW_OK);
    CHECK_EQ_INT(count, 6);
    drop_authenticator(&a);
}

static void test_assert_es256(void)
{
    assertions(SW_COSE_ES256);
}

static void test_assert_eddsa(void)
{
    assertions(SW_COSE_EDDSA);
}

static void test_assert_malformed(void)
{
    authenticator a;
    make_authenticator(&a, SW_COSE_ES256);
    sw_passkey cred;
    char err[200], cd[300];
    CHECK_EQ_INT(do_register(&a, good_reg, &cred, err, sizeof err), SW_OK);
    size_t cd_len = client_data(cd, sizeof cd, "webauthn.get", challenge, ORIGIN, NULL);
    uint8_t ad[64], sig[72] = {0x30, 0x02, 0x01, 0x00};
    uint32_t count;
    size_t ad_len = auth_data(ad, RP_ID, SW_WEBAUTHN_UP | SW_WEBAUTHN_UV, 1, NULL, 0);
    CHECK_EQ_INT(sw_webauthn_assert(&rp, challenge, &cred, (const uint8_t *)cd, cd_len, ad, 36, sig, 4, &count, err,
                                    sizeof err),
                 SW_EPARSE); /* authData short of 37 bytes */
    ad[ad_len] = 0x42;
    CHECK_EQ_INT(sw_webauthn_assert(&rp, challenge, &cred, (const uint8_t *)cd, cd_len, ad, ad_len + 1, sig, 4, &count,
                                    err, sizeof err),
                 SW_EPARSE); /* stray bytes without the ED flag */
    CHECK_EQ_INT(sw_webauthn_assert(&rp, challenge, &cred, (const uint8_t *)cd, cd_len, ad, ad_len, sig, 4, &count,
                                    err, sizeof err),
                 SW_EINVAL); /* a DER signature of nothing */
    CHECK_EQ_INT(sw_webauthn_assert(&rp, challenge, &cred, (const uint8_t *)cd, cd_len, ad, ad_len, sig, 0, &count,
                                    err, sizeof err),
                 SW_EINVAL); /* no signature */
    /* the challenge as the gateway reads it before looking it up */
    uint8_t got[32];
    CHECK_EQ_INT(sw_webauthn_client_challenge((const uint8_t *)cd, cd_len, got), SW_OK);
    CHECK(memcmp(got, challenge, 32) == 0);
    CHECK_EQ_INT(sw_webauthn_client_challenge((const uint8_t *)"{\"challenge\":\"AAAA\"}", 20, got), SW_EPARSE);
    CHECK_EQ_INT(sw_webauthn_client_challenge((const uint8_t *)"[]", 2, got), SW_EPARSE);
    drop_authenticator(&a);
}

/* ---- the store: single use, expiry, counters ---- */

static char dir[64];

static void remove_dir(void)
{
    const char *files[] = {"stillwatch.db", "stillwatch.db-wal", "stillwatch.db-shm"};
    char path[128];
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        unlink(path);
    }
    rmdir(dir);
}

static void test_store(void)
{
    snprintf(dir, sizeof dir, "/tmp/sw_webauthn_XXXXXX");
    CHECK(mkdtemp(dir) != NULL);
    sw_stepup_store *s = NULL;
    char err[256];
    CHECK_EQ_INT(sw_stepup_store_open(&s, dir, err, sizeof err), SW_OK);
    if (!s)
        return;
    uint8_t ch[32], other[32];
    randombytes_buf(ch, sizeof ch);
    randombytes_buf(other, sizeof other);
    int64_t now = 1800000000000;
    /* single use */
    CHECK_EQ_INT(sw_stepup_challenge_put(s, ch, "acme", SW_STEPUP_ASSERT, now + 1000, now), SW_OK);
    CHECK_EQ_INT(sw_stepup_challenge_take(s, ch, "other", SW_STEPUP_ASSERT, now), SW_ENOTFOUND);
    CHECK_EQ_INT(sw_stepup_challenge_take(s, ch, "acme", SW_STEPUP_REGISTER, now), SW_ENOTFOUND);
    CHECK_EQ_INT(sw_stepup_challenge_take(s, other, "acme", SW_STEPUP_ASSERT, now), SW_ENOTFOUND);
    CHECK_EQ_INT(sw_stepup_challenge_take(s, ch, "acme", SW_STEPUP_ASSERT, now + 999), SW_OK);
    CHECK_EQ_INT(sw_stepup_challenge_take(s, ch, "acme", SW_STEPUP_ASSERT, now + 999), SW_ENOTFOUND); /* replayed */
    /* expired: refused, and gone */
    CHECK_EQ_INT(sw_stepup_challenge_put(s, ch, "acme", SW_STEPUP_REGISTER, now + 1000, now), SW_OK);
    CHECK_EQ_INT(sw_stepup_challenge_take(s, ch, "acme", SW_STEPUP_REGISTER, now + 1000), SW_EINVAL);
    CHECK_EQ_INT(sw_stepup_challenge_take(s, ch, "acme", SW_STEPUP_REGISTER, now), SW_ENOTFOUND);
    /* expired challenges are forgotten when a new one is put */
    CHECK_EQ_INT(sw_stepup_challenge_put(s, ch, "acme", SW_STEPUP_REGISTER, now + 10, now), SW_OK);
    CHECK_EQ_INT(sw_stepup_challenge_put(s, other, "acme", SW_STEPUP_REGISTER, now + 1000, now + 20), SW_OK);
    CHECK_EQ_INT(sw_stepup_challenge_take(s, ch, "acme", SW_STEPUP_REGISTER, now), SW_ENOTFOUND);

    /* credentials */
    sw_passkey c = {.id_len = 3, .alg = SW_COSE_ES256, .pubkey_len = 65, .sign_count = 7}, got;
    memcpy(c.id, "abc", 3);
    c.pubkey[0] = 4;
    CHECK_EQ_INT(sw_stepup_cred_add(s, "acme", &c, now), SW_OK);
    CHECK_EQ_INT(sw_stepup_cred_add(s, "other", &c, now), SW_EEXIST);
    CHECK_EQ_INT(sw_stepup_cred_get(s, "other", c.id, 3, &got), SW_ENOTFOUND);
    CHECK_EQ_INT(sw_stepup_cred_get(s, "acme", c.id, 3, &got), SW_OK);
    CHECK_EQ_INT(got.sign_count, 7);
    CHECK_EQ_INT(got.alg, SW_COSE_ES256);
    CHECK(got.pubkey_len == 65 && got.pubkey[0] == 4);
    CHECK_EQ_INT(sw_stepup_cred_used(s, c.id, 3, 7, now), SW_EINVAL); /* did not grow */
    CHECK_EQ_INT(sw_stepup_cred_used(s, c.id, 3, 8, now), SW_OK);
    CHECK_EQ_INT(sw_stepup_cred_used(s, c.id, 3, 8, now), SW_EINVAL); /* a second use with the same count */
    CHECK_EQ_INT(sw_stepup_cred_get(s, "acme", c.id, 3, &got), SW_OK);
    CHECK_EQ_INT(got.sign_count, 8);

    /* step-up records */
    int64_t until = 0;
    CHECK_EQ_INT(sw_stepup_until(s, "acme", &until), SW_ENOTFOUND);
    CHECK_EQ_INT(sw_stepup_pass(s, "acme", now + 5000, now), SW_OK);
    CHECK_EQ_INT(sw_stepup_pass(s, "acme", now + 9000, now + 1), SW_OK);
    CHECK_EQ_INT(sw_stepup_until(s, "acme", &until), SW_OK);
    CHECK_EQ_INT(until, now + 9000);
    sw_stepup_store_close(s);

    /* the records outlive the handle */
    CHECK_EQ_INT(sw_stepup_store_open(&s, dir, err, sizeof err), SW_OK);
    CHECK_EQ_INT(sw_stepup_until(s, "acme", &until), SW_OK);
    CHECK_EQ_INT(sw_stepup_cred_get(s, "acme", c.id, 3, &got), SW_OK);
    sw_stepup_store_close(s);
    remove_dir();
}

/* ---- tickets ---- */

static void test_ticket(void)
{
    uint8_t pepper[SW_PEPPER_LEN], key[32], key2[32];
    randombytes_buf(pepper, sizeof pepper);
    sw_ticket_key(pepper, key);
    pepper[0] ^= 1;
    sw_ticket_key(pepper, key2);
    char t[SW_TICKET_MAX], account[SW_ACCOUNT_STR];
    int64_t now = 1800000000000, exp = 0;
    CHECK_EQ_INT(sw_ticket_issue(key, "acme-labs", now + 900000, t, sizeof t), SW_OK);
    CHECK(strncmp(t, "swt1.", 5) == 0);
    CHECK_EQ_INT(sw_ticket_verify(key, t, strlen(t), now, account, &exp), SW_OK);
    CHECK_EQ_STR(account, "acme-labs");
    CHECK_EQ_INT(exp, now + 900000);
    CHECK_EQ_INT(sw_ticket_verify(key, t, strlen(t), now + 900000, account, NULL), SW_EINVAL); /* expired */
    CHECK_EQ_INT(sw_ticket_verify(key2, t, strlen(t), now, account, NULL), SW_EPARSE);         /* other pepper */
    char bad[SW_TICKET_MAX];
    for (size_t i = 5; i < strlen(t); i++) { /* any changed character breaks it */
        if (t[i] == '.')
            continue;
        snprintf(bad, sizeof bad, "%s", t);
        bad[i] = bad[i] == 'A' ? 'B' : 'A';
        if (sw_ticket_verify(key, bad, strlen(bad), now, account, NULL) == SW_OK) {
            fprintf(stderr, "  a ticket changed at %zu still verifies\n", i);
            CHECK(false);
        }
    }
    /* another account's payload under this ticket's MAC */
    char other[SW_TICKET_MAX];
    CHECK_EQ_INT(sw_ticket_issue(key, "acme-labt", now + 900000, other, sizeof other), SW_OK);
    const char *dot = strrchr(t, '.'), *odot = strrchr(other, '.');
    snprintf(bad, sizeof bad, "%.*s%s", (int)(odot - other), other, dot);
    CHECK_EQ_INT(sw_ticket_verify(key, bad, strlen(bad), now, account, NULL), SW_EPARSE);
    CHECK_EQ_INT(sw_ticket_verify(key, "swt1.", 5, now, account, NULL), SW_EPARSE);
    CHECK_EQ_INT(sw_ticket_verify(key, "sk-sw-1234", 10, now, account, NULL), SW_EPARSE);
    CHECK_EQ_INT(sw_ticket_issue(key, "", now, t, sizeof t), SW_EINVAL);
    /* user handles: stable, per account, keyed */
    uint8_t h1[32], h2[32], h3[32];
    sw_user_handle(pepper, "acme", h1);
    sw_user_handle(pepper, "acme", h2);
    sw_user_handle(pepper, "acmf", h3);
    CHECK(memcmp(h1, h2, 32) == 0 && memcmp(h1, h3, 32) != 0);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    randombytes_buf(challenge, sizeof challenge);
    SW_TEST_RUN(test_register_es256);
    SW_TEST_RUN(test_register_refusals);
    SW_TEST_RUN(test_register_malformed);
    SW_TEST_RUN(test_assert_es256);
    SW_TEST_RUN(test_assert_eddsa);
    SW_TEST_RUN(test_assert_malformed);
    SW_TEST_RUN(test_store);
    SW_TEST_RUN(test_ticket);
    return SW_TEST_END();
}
