/*
 * token.c — PASETO v4.public tokens, proof of possession and the replay
 * cache (see token.h).
 *
 * PASETO v4.public, as the specification defines it:
 *
 *   sign:   sig   = Ed25519(sk, PAE("v4.public.", m, f, i))
 *           token = "v4.public." b64url(m || sig) [ "." b64url(f) ]
 *   verify: split, decode, take the last 64 bytes as sig, check it over the
 *           same PAE; only then look at m.
 *
 * PAE (pre-authentication encoding) is LE64(count) followed by LE64(len) and
 * the bytes of each piece, with the top bit of every LE64 cleared. Encoding
 * the lengths is what stops the pieces from sliding into each other. Base64
 * is the URL alphabet without padding; libsodium's decoder rejects padding,
 * stray characters and non-zero trailing bits, so every token has a single
 * spelling. Nothing in the message is parsed before its signature verifies.
 *
 * Claims are JSON (cJSON) with RFC 3339 times, which is what the reference
 * implementations write and check; we write them with milliseconds and 'Z'.
 *
 * Replay cache: two generations of an open-addressing table of 128-bit
 * fingerprints (BLAKE2b of jti and nonce under a per-cache random key, so
 * that clients cannot aim collisions at a slot). New pairs go into the
 * current generation; lookups consult both; when the current generation is
 * window_ms old it becomes the previous one and the old previous one is
 * wiped. A pair is thus remembered for between one and two windows, entries
 * are never deleted one by one (no tombstones), and memory is fixed at
 * creation. A generation that reaches capacity refuses new pairs until the
 * next rotation.
 */
#include "auth/token.h"

#include <cjson/cJSON.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/secretfile.h"
#include "core/error.h"
#include "core/time.h"

#define HEADER "v4.public."
#define HEADER_LEN 10
#define SIG_LEN crypto_sign_BYTES
#define ISSUER "stillwatch"
#define B64 sodium_base64_VARIANT_URLSAFE_NO_PADDING
#define JTI_BYTES 16
#define NONCE_MIN 16
#define NONCE_MAX SW_PROOF_NONCE_MAX
#define METHOD_MAX 16
#define PATH_MAX_LEN 8192
#define PROOF_CONTEXT "sw-proof-v1\n"
#define MAX_TIME_MS 253402300799999LL /* 9999-12-31T23:59:59.999Z */

_Static_assert(SIG_LEN == 64, "Ed25519 signatures are 64 bytes");
_Static_assert(crypto_sign_PUBLICKEYBYTES == SW_ED25519_PK && crypto_sign_SECRETKEYBYTES == SW_ED25519_SK,
               "Ed25519 key sizes");

static void set_err(char *err, size_t errsz, const char *msg)
{
    if (err && errsz)
        snprintf(err, errsz, "%s", msg);
}

/* ---- base64url ---- */

/* Decodes exactly n characters; NULL on any invalid input. *out is malloc'd
 * with one spare byte for a terminating NUL. */
static uint8_t *b64_decode(const char *s, size_t n, size_t *out_len)
{
    size_t cap = n / 4 * 3 + 3;
    uint8_t *buf = malloc(cap + 1);
    const char *end = NULL;
    if (!buf)
        return NULL;
    if (sodium_base642bin(buf, cap, s, n, NULL, out_len, &end, B64) != 0 || end != s + n) {
        free(buf);
        return NULL;
    }
    buf[*out_len] = '\0';
    return buf;
}

/* Appends b64url(p) at dst; returns the characters written. */
static size_t b64_put(char *dst, const uint8_t *p, size_t n)
{
    size_t cap = sodium_base64_ENCODED_LEN(n, B64);
    sodium_bin2base64(dst, cap, p, n, B64);
    return cap - 1;
}

/* ---- PASETO v4.public ---- */

static uint8_t *le64(uint8_t *dst, uint64_t n)
{
    n &= UINT64_C(0x7fffffffffffffff); /* the specification clears the top bit */
    for (int k = 0; k < 8; k++, n >>= 8)
        *dst++ = (uint8_t)(n & 0xff);
    return dst;
}

typedef struct {
    const void *p;
    size_t n;
} piece;

/* PAE of the four v4.public pieces into a malloc'd buffer. */
static uint8_t *pae(const piece pc[4], size_t *out_len)
{
    size_t total = 8;
    for (int k = 0; k < 4; k++) {
        if (pc[k].n > SIZE_MAX / 2 - total - 8)
            return NULL;
        total += 8 + pc[k].n;
    }
    uint8_t *buf = malloc(total), *w = buf;
    if (!buf)
        return NULL;
    w = le64(w, 4);
    for (int k = 0; k < 4; k++) {
        w = le64(w, pc[k].n);
        if (pc[k].n)
            memcpy(w, pc[k].p, pc[k].n);
        w += pc[k].n;
    }
    *out_len = total;
    return buf;
}

int sw_paseto_v4_sign(const uint8_t sk[SW_ED25519_SK], const void *m, size_t m_len, const void *f, size_t f_len,
                      const void *i, size_t i_len, char **out)
{
    if (!out)
        return SW_EINVAL;
    *out = NULL;
    if (!sk || (!m && m_len) || (!f && f_len) || (!i && i_len) || m_len > SIZE_MAX / 4 || f_len > SIZE_MAX / 4)
        return SW_EINVAL;
    if (sodium_init() < 0)
        return SW_EINVAL;
    size_t pae_len;
    piece pc[4] = {{HEADER, HEADER_LEN}, {m, m_len}, {f, f_len}, {i, i_len}};
    uint8_t *pre = pae(pc, &pae_len);
    uint8_t *body = malloc(m_len + SIG_LEN);
    size_t len = HEADER_LEN + sodium_base64_ENCODED_LEN(m_len + SIG_LEN, B64) + 1 +
                 sodium_base64_ENCODED_LEN(f_len, B64);
    char *tok = malloc(len);
    if (!pre || !body || !tok) {
        free(pre);
        free(body);
        free(tok);
        return SW_ENOMEM;
    }
    if (m_len)
        memcpy(body, m, m_len);
    crypto_sign_detached(body + m_len, NULL, pre, pae_len, sk);
    memcpy(tok, HEADER, HEADER_LEN);
    size_t w = HEADER_LEN + b64_put(tok + HEADER_LEN, body, m_len + SIG_LEN);
    if (f_len) {
        tok[w++] = '.';
        w += b64_put(tok + w, f, f_len);
    }
    tok[w] = '\0';
    free(pre);
    free(body);
    *out = tok;
    return SW_OK;
}

/* Splits and decodes a token's parts; SW_EINVAL with a reason otherwise. */
static int paseto_decode(const char *token, size_t n, uint8_t **body, size_t *body_len, uint8_t **f,
                         size_t *f_len, char *err, size_t errsz)
{
    if (n < HEADER_LEN || memcmp(token, HEADER, HEADER_LEN) != 0) {
        set_err(err, errsz, "not a v4.public token");
        return SW_EINVAL;
    }
    const char *p = token + HEADER_LEN, *end = token + n;
    const char *dot = memchr(p, '.', (size_t)(end - p));
    const char *body_end = dot ? dot : end;
    *body = b64_decode(p, (size_t)(body_end - p), body_len);
    *f = NULL;
    *f_len = 0;
    if (*body && dot) {
        /* "v4.public.x." (an empty footer part) is not a spelling the
         * specification produces, so it is refused like any other. */
        *f = dot + 1 < end ? b64_decode(dot + 1, (size_t)(end - dot - 1), f_len) : NULL;
        if (!*f) {
            free(*body);
            *body = NULL;
        }
    }
    if (!*body || *body_len < SIG_LEN) {
        free(*body);
        *body = NULL;
        set_err(err, errsz, "malformed token");
        return SW_EINVAL;
    }
    return SW_OK;
}

int sw_paseto_v4_verify(const uint8_t pk[SW_ED25519_PK], const char *token, size_t n, const void *i,
                        size_t i_len, uint8_t **m, size_t *m_len, uint8_t **f, size_t *f_len, char *err,
                        size_t errsz)
{
    if (!pk || !token || (!i && i_len) || !m || !m_len || (f && !f_len)) {
        set_err(err, errsz, "bad arguments");
        return SW_EINVAL;
    }
    *m = NULL;
    if (f)
        *f = NULL;
    if (sodium_init() < 0) {
        set_err(err, errsz, "no crypto library");
        return SW_EINVAL;
    }
    uint8_t *body, *foot;
    size_t body_len, foot_len;
    int rc = paseto_decode(token, n, &body, &body_len, &foot, &foot_len, err, errsz);
    if (rc != SW_OK)
        return rc;
    if (foot && !f) {
        free(body);
        free(foot);
        set_err(err, errsz, "unexpected footer");
        return SW_EINVAL;
    }
    size_t msg_len = body_len - SIG_LEN, pae_len;
    piece pc[4] = {{HEADER, HEADER_LEN}, {body, msg_len}, {foot, foot_len}, {i, i_len}};
    uint8_t *pre = pae(pc, &pae_len);
    if (!pre) {
        rc = SW_ENOMEM;
        set_err(err, errsz, "out of memory");
    } else if (crypto_sign_verify_detached(body + msg_len, pre, pae_len, pk) != 0) {
        rc = SW_EINVAL;
        set_err(err, errsz, "bad signature");
    }
    free(pre);
    if (rc != SW_OK) {
        free(body);
        free(foot);
        return rc;
    }
    body[msg_len] = '\0'; /* the signature's first byte: the message ends here */
    *m = body;
    *m_len = msg_len;
    if (f) {
        *f = foot;
        *f_len = foot_len;
    }
    return SW_OK;
}

/* ---- the gateway's signing key ---- */

static int keypair_gen(uint8_t *buf, size_t len)
{
    uint8_t pk[SW_ED25519_PK];
    if (len != SW_ED25519_SK || sodium_init() < 0)
        return SW_EIO;
    return crypto_sign_keypair(pk, buf) == 0 ? SW_OK : SW_EIO;
}

int sw_token_key_load(const char *dir, uint8_t sk[SW_ED25519_SK], char *err, size_t errsz)
{
    if (sodium_init() < 0) {
        set_err(err, errsz, "no crypto library");
        return SW_EIO;
    }
    int rc = sw_secretfile_load(dir, "token.key", sk, SW_ED25519_SK, keypair_gen, err, errsz);
    if (rc != SW_OK)
        return rc;
    /* The second half must be the public key of the first (the seed):
     * otherwise tokens would be signed under a key nobody can verify. */
    uint8_t pk[SW_ED25519_PK], check[SW_ED25519_SK];
    crypto_sign_seed_keypair(pk, check, sk);
    int same = sodium_memcmp(pk, sk + 32, SW_ED25519_PK) == 0;
    sodium_memzero(check, sizeof check);
    if (!same) {
        sodium_memzero(sk, SW_ED25519_SK);
        snprintf(err, errsz, "%s/token.key is corrupt (its public half does not match)", dir);
        return SW_EIO;
    }
    return SW_OK;
}

void sw_token_public_key(const uint8_t sk[SW_ED25519_SK], uint8_t pk[SW_ED25519_PK])
{
    memcpy(pk, sk + 32, SW_ED25519_PK);
}

/* ---- claims ---- */

static int add_time(cJSON *o, const char *name, int64_t ms)
{
    char t[SW_TIME_BUFSZ];
    sw_time_format(ms, t);
    return cJSON_AddStringToObject(o, name, t) != NULL;
}

static int claims_valid(const sw_token_claims *c)
{
    size_t a = strnlen(c->account, sizeof c->account), k = strnlen(c->key_id, sizeof c->key_id);
    size_t j = strnlen(c->jti, sizeof c->jti);
    return a > 0 && a < sizeof c->account && k > 0 && k < sizeof c->key_id && j < sizeof c->jti &&
           c->iat_ms >= 0 && c->iat_ms < c->exp_ms && c->exp_ms <= MAX_TIME_MS;
}

static char *claims_json(const sw_token_claims *c)
{
    char okp[sodium_base64_ENCODED_LEN(SW_ED25519_PK, B64)];
    b64_put(okp, c->device_pk, SW_ED25519_PK);
    cJSON *o = cJSON_CreateObject(), *cnf = cJSON_CreateObject();
    char *text = NULL;
    if (o && cnf && cJSON_AddStringToObject(o, "iss", ISSUER) && cJSON_AddStringToObject(o, "sub", c->account) &&
        cJSON_AddStringToObject(o, "kid", c->key_id) && add_time(o, "iat", c->iat_ms) &&
        add_time(o, "exp", c->exp_ms) && cJSON_AddStringToObject(o, "jti", c->jti) &&
        cJSON_AddStringToObject(cnf, "okp", okp) && cJSON_AddItemToObject(o, "cnf", cnf)) {
        cnf = NULL; /* owned by o now */
        text = cJSON_PrintUnformatted(o);
    }
    cJSON_Delete(cnf);
    cJSON_Delete(o);
    return text;
}

int sw_token_issue(const uint8_t sk[SW_ED25519_SK], sw_token_claims *c, char **out)
{
    if (!out)
        return SW_EINVAL;
    *out = NULL;
    if (!sk || !c || sodium_init() < 0)
        return SW_EINVAL;
    if (!c->jti[0]) {
        uint8_t r[JTI_BYTES];
        randombytes_buf(r, sizeof r);
        b64_put(c->jti, r, sizeof r);
    }
    if (!claims_valid(c))
        return SW_EINVAL;
    char *json = claims_json(c);
    if (!json)
        return SW_ENOMEM;
    int rc = sw_paseto_v4_sign(sk, json, strlen(json), NULL, 0, NULL, 0, out);
    cJSON_free(json);
    return rc;
}

/* Copies string claim name into dst (non-empty, fits) or fails. */
static int get_string(const cJSON *o, const char *name, char *dst, size_t cap)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    if (!cJSON_IsString(v))
        return 0;
    size_t n = strlen(v->valuestring);
    if (n == 0 || n >= cap)
        return 0;
    memcpy(dst, v->valuestring, n + 1);
    return 1;
}

static int get_time(const cJSON *o, const char *name, int64_t *ms)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsString(v) && sw_time_parse(v->valuestring, strlen(v->valuestring), ms) == SW_OK;
}

static int get_okp(const cJSON *o, uint8_t pk[SW_ED25519_PK])
{
    const cJSON *cnf = cJSON_GetObjectItemCaseSensitive(o, "cnf");
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(cnf, "okp");
    if (!cJSON_IsObject(cnf) || !cJSON_IsString(v))
        return 0;
    size_t n;
    uint8_t *raw = b64_decode(v->valuestring, strlen(v->valuestring), &n);
    int ok = raw && n == SW_ED25519_PK;
    if (ok)
        memcpy(pk, raw, SW_ED25519_PK);
    free(raw);
    return ok;
}

/* Reads and checks the claims of a verified message. */
static int claims_parse(const char *json, size_t n, int64_t now_ms, sw_token_claims *out, char *err, size_t errsz)
{
    cJSON *o = cJSON_ParseWithLength(json, n);
    const char *bad = NULL;
    const cJSON *iss = cJSON_GetObjectItemCaseSensitive(o, "iss");
    if (!cJSON_IsObject(o))
        bad = "claims are not a JSON object";
    else if (!cJSON_IsString(iss) || strcmp(iss->valuestring, ISSUER) != 0)
        bad = "wrong issuer";
    else if (!get_string(o, "sub", out->account, sizeof out->account))
        bad = "bad claim 'sub'";
    else if (!get_string(o, "kid", out->key_id, sizeof out->key_id))
        bad = "bad claim 'kid'";
    else if (!get_string(o, "jti", out->jti, sizeof out->jti))
        bad = "bad claim 'jti'";
    else if (!get_time(o, "iat", &out->iat_ms))
        bad = "bad claim 'iat'";
    else if (!get_time(o, "exp", &out->exp_ms) || out->exp_ms <= out->iat_ms)
        bad = "bad claim 'exp'";
    else if (!get_okp(o, out->device_pk))
        bad = "bad claim 'cnf'";
    else if (now_ms >= out->exp_ms)
        bad = "expired";
    else if (out->iat_ms > now_ms + SW_TOKEN_LEEWAY_MS)
        bad = "issued in the future";
    cJSON_Delete(o);
    if (!bad)
        return SW_OK;
    set_err(err, errsz, bad);
    return SW_EINVAL;
}

int sw_token_verify(const uint8_t pk[SW_ED25519_PK], const char *token, size_t n, int64_t now_ms,
                    sw_token_claims *out, char *err, size_t errsz)
{
    if (!pk || !token || !out || now_ms < 0 || now_ms > MAX_TIME_MS) {
        set_err(err, errsz, "bad arguments");
        return SW_EINVAL;
    }
    memset(out, 0, sizeof *out);
    if (n > SW_TOKEN_MAX) {
        set_err(err, errsz, "token too long");
        return SW_EINVAL;
    }
    uint8_t *m;
    size_t m_len;
    int rc = sw_paseto_v4_verify(pk, token, n, NULL, 0, &m, &m_len, NULL, NULL, err, errsz);
    if (rc != SW_OK)
        return rc;
    rc = claims_parse((const char *)m, m_len, now_ms, out, err, errsz);
    free(m);
    if (rc != SW_OK)
        memset(out, 0, sizeof *out);
    return rc;
}

/* ---- replay cache ---- */

typedef struct {
    uint64_t a, b; /* 0, 0: an empty slot */
} fingerprint;

struct sw_replay {
    fingerprint *gen[2];
    size_t used[2];
    size_t slots; /* per generation, a power of two, at least twice capacity */
    size_t capacity;
    int cur;
    int64_t window_ms;
    int64_t started_ms; /* when gen[cur] began; -1 before the first use */
    uint8_t key[crypto_generichash_KEYBYTES];
};

int sw_replay_new(sw_replay **out, size_t capacity, int64_t window_ms)
{
    if (!out)
        return SW_EINVAL;
    *out = NULL;
    if (capacity == 0 || capacity > ((size_t)1 << 28) || window_ms <= 0 || window_ms > 2 * SW_MS_PER_DAY ||
        sodium_init() < 0)
        return SW_EINVAL;
    sw_replay *r = calloc(1, sizeof *r);
    if (!r)
        return SW_ENOMEM;
    r->slots = 1;
    while (r->slots < capacity * 2)
        r->slots <<= 1;
    r->capacity = capacity;
    r->window_ms = window_ms;
    r->started_ms = -1;
    r->gen[0] = calloc(r->slots, sizeof(fingerprint));
    r->gen[1] = calloc(r->slots, sizeof(fingerprint));
    if (!r->gen[0] || !r->gen[1]) {
        sw_replay_free(r);
        return SW_ENOMEM;
    }
    randombytes_buf(r->key, sizeof r->key);
    *out = r;
    return SW_OK;
}

void sw_replay_free(sw_replay *r)
{
    if (!r)
        return;
    free(r->gen[0]);
    free(r->gen[1]);
    free(r);
}

static void replay_wipe(sw_replay *r, int g)
{
    memset(r->gen[g], 0, r->slots * sizeof(fingerprint));
    r->used[g] = 0;
}

/* Ages the generations to now (a clock that went back changes nothing). */
static void replay_rotate(sw_replay *r, int64_t now_ms)
{
    if (r->started_ms < 0) {
        r->started_ms = now_ms;
        return;
    }
    if (now_ms - r->started_ms < r->window_ms)
        return;
    if (now_ms - r->started_ms >= 2 * r->window_ms)
        replay_wipe(r, r->cur); /* both generations are past */
    r->cur ^= 1;
    replay_wipe(r, r->cur);
    r->started_ms = now_ms;
}

static fingerprint replay_fingerprint(const sw_replay *r, const char *jti, const char *nonce, size_t nonce_len)
{
    uint8_t h[16];
    crypto_generichash_state st;
    crypto_generichash_init(&st, r->key, sizeof r->key, sizeof h);
    crypto_generichash_update(&st, (const unsigned char *)jti, strlen(jti) + 1); /* with its NUL: a separator */
    crypto_generichash_update(&st, (const unsigned char *)nonce, nonce_len);
    crypto_generichash_final(&st, h, sizeof h);
    fingerprint fp;
    memcpy(&fp.a, h, 8);
    memcpy(&fp.b, h + 8, 8);
    if (!fp.a && !fp.b)
        fp.b = 1; /* keep the empty marker free */
    return fp;
}

/* The slot holding fp in generation g, or the empty slot where it would go. */
static size_t replay_slot(const sw_replay *r, int g, fingerprint fp)
{
    size_t mask = r->slots - 1, k = (size_t)fp.a & mask;
    const fingerprint *t = r->gen[g];
    while ((t[k].a || t[k].b) && (t[k].a != fp.a || t[k].b != fp.b))
        k = (k + 1) & mask; /* terminates: a generation is never more than half full */
    return k;
}

/* SW_OK (recorded), SW_EEXIST (seen before) or SW_ENOMEM (full). */
static int replay_add(sw_replay *r, const char *jti, const char *nonce, size_t nonce_len, int64_t now_ms)
{
    replay_rotate(r, now_ms);
    fingerprint fp = replay_fingerprint(r, jti, nonce, nonce_len);
    size_t old = replay_slot(r, r->cur ^ 1, fp);
    if (r->gen[r->cur ^ 1][old].a || r->gen[r->cur ^ 1][old].b)
        return SW_EEXIST;
    size_t k = replay_slot(r, r->cur, fp);
    if (r->gen[r->cur][k].a || r->gen[r->cur][k].b)
        return SW_EEXIST;
    if (r->used[r->cur] >= r->capacity)
        return SW_ENOMEM;
    r->gen[r->cur][k] = fp;
    r->used[r->cur]++;
    return SW_OK;
}

/* ---- proof of possession ---- */

static int is_b64url_char(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

static int nonce_ok(const char *s, size_t n)
{
    if (n < NONCE_MIN || n > NONCE_MAX)
        return 0;
    for (size_t k = 0; k < n; k++)
        if (!is_b64url_char((unsigned char)s[k]))
            return 0;
    return 1;
}

static int method_ok(const char *m)
{
    size_t n = strlen(m);
    if (n == 0 || n > METHOD_MAX)
        return 0;
    for (size_t k = 0; k < n; k++)
        if (m[k] < 'A' || m[k] > 'Z')
            return 0;
    return 1;
}

/* A request target: starts with '/', printable ASCII only (a newline would
 * let one field of the signed text pose as another). */
static int path_ok(const char *p)
{
    size_t n = strlen(p);
    if (n == 0 || n > PATH_MAX_LEN || p[0] != '/')
        return 0;
    for (size_t k = 0; k < n; k++)
        if ((unsigned char)p[k] <= 0x20 || (unsigned char)p[k] >= 0x7f)
            return 0;
    return 1;
}

/* The text a proof signs, malloc'd; t and nonce as they appear in the header. */
static char *proof_text(const char *method, const char *path, const char *t, size_t t_len, const char *nonce,
                        size_t nonce_len, const void *body, size_t body_len, size_t *out_len)
{
    uint8_t digest[crypto_hash_sha256_BYTES];
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    crypto_hash_sha256(digest, body_len ? body : (const void *)"", body_len);
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    size_t n = strlen(PROOF_CONTEXT) + strlen(method) + 1 + strlen(path) + 1 + t_len + 1 + nonce_len + 1 +
               strlen(hex);
    char *text = malloc(n + 1);
    if (!text)
        return NULL;
    int w = snprintf(text, n + 1, "%s%s\n%s\n%.*s\n%.*s\n%s", PROOF_CONTEXT, method, path, (int)t_len, t,
                     (int)nonce_len, nonce, hex);
    if (w < 0 || (size_t)w != n) {
        free(text);
        return NULL;
    }
    *out_len = n;
    return text;
}

typedef struct {
    const char *t, *nonce, *sig;
    size_t t_len, nonce_len, sig_len;
    int64_t t_s;
} proof_fields;

/* Reads "name=" at *p and the value up to ';' or the end. */
static int take_field(const char **p, const char *end, char name, const char **v, size_t *v_len)
{
    if (end - *p < 2 || (*p)[0] != name || (*p)[1] != '=')
        return 0;
    *v = *p + 2;
    const char *semi = memchr(*v, ';', (size_t)(end - *v));
    const char *stop = semi ? semi : end;
    *v_len = (size_t)(stop - *v);
    *p = semi ? semi + 1 : end;
    return 1;
}

/* Parses "t=SECONDS;n=NONCE;s=SIG", strictly in that order. */
static int proof_parse(const char *h, size_t n, proof_fields *pf)
{
    const char *p = h, *end = h + n;
    if (n > SW_PROOF_MAX || !take_field(&p, end, 't', &pf->t, &pf->t_len) || p == end ||
        !take_field(&p, end, 'n', &pf->nonce, &pf->nonce_len) || p == end ||
        !take_field(&p, end, 's', &pf->sig, &pf->sig_len) || p != end || pf->sig + pf->sig_len != end)
        return 0;
    if (pf->t_len == 0 || pf->t_len > 12 || (pf->t[0] == '0' && pf->t_len > 1))
        return 0;
    pf->t_s = 0;
    for (size_t k = 0; k < pf->t_len; k++) {
        if (pf->t[k] < '0' || pf->t[k] > '9')
            return 0;
        pf->t_s = pf->t_s * 10 + (pf->t[k] - '0');
    }
    return nonce_ok(pf->nonce, pf->nonce_len);
}

static int proof_fail(char *err, size_t errsz, const char *why, int code)
{
    set_err(err, errsz, why);
    return code;
}

int sw_proof_verify(const sw_token_claims *c, const char *header, size_t header_len, const char *method,
                    const char *path, const void *body, size_t body_len, int64_t now_ms, int64_t skew_ms,
                    char nonce[SW_PROOF_NONCE_MAX + 1], char *err, size_t errsz)
{
    if (!c || !method || !path || (!body && body_len) || skew_ms < 0 || skew_ms > SW_MS_PER_DAY || now_ms < 0 ||
        now_ms > MAX_TIME_MS || sodium_init() < 0)
        return proof_fail(err, errsz, "bad arguments", SW_EINVAL);
    if (!method_ok(method) || !path_ok(path))
        return proof_fail(err, errsz, "malformed request", SW_EINVAL);
    proof_fields pf;
    if (!header || !proof_parse(header, header_len, &pf))
        return proof_fail(err, errsz, "malformed proof", SW_EINVAL);
    int64_t t_ms = pf.t_s * 1000, d = now_ms - t_ms;
    if (d > skew_ms || d < -skew_ms)
        return proof_fail(err, errsz, "stale proof", SW_EINVAL);
    size_t sig_len;
    uint8_t *sig = b64_decode(pf.sig, pf.sig_len, &sig_len);
    if (!sig || sig_len != SIG_LEN) {
        free(sig);
        return proof_fail(err, errsz, "malformed proof", SW_EINVAL);
    }
    size_t text_len;
    char *text = proof_text(method, path, pf.t, pf.t_len, pf.nonce, pf.nonce_len, body, body_len, &text_len);
    int good = text && crypto_sign_verify_detached(sig, (const unsigned char *)text, text_len, c->device_pk) == 0;
    free(sig);
    free(text);
    if (!text)
        return proof_fail(err, errsz, "out of memory", SW_ENOMEM);
    if (!good)
        return proof_fail(err, errsz, "bad proof signature", SW_EINVAL);
    memcpy(nonce, pf.nonce, pf.nonce_len); /* nonce_ok: at most NONCE_MAX */
    nonce[pf.nonce_len] = '\0';
    return SW_OK;
}

int sw_replay_add(sw_replay *r, const char *jti, const char *nonce, int64_t now_ms, char *err, size_t errsz)
{
    int rc = replay_add(r, jti, nonce, strlen(nonce), now_ms);
    if (rc == SW_EEXIST)
        return proof_fail(err, errsz, "replayed nonce", SW_EINVAL);
    if (rc == SW_ENOMEM)
        return proof_fail(err, errsz, "replay cache full", SW_ENOMEM);
    return SW_OK;
}

int64_t sw_replay_window(const sw_replay *r)
{
    return r->window_ms;
}

int sw_proof_check(const sw_token_claims *c, sw_replay *r, const char *header, size_t header_len,
                   const char *method, const char *path, const void *body, size_t body_len, int64_t now_ms,
                   int64_t skew_ms, char *err, size_t errsz)
{
    if (!r)
        return proof_fail(err, errsz, "bad arguments", SW_EINVAL);
    if (r->window_ms < 2 * skew_ms)
        return proof_fail(err, errsz, "replay window shorter than twice the skew", SW_EINVAL);
    char nonce[SW_PROOF_NONCE_MAX + 1];
    int rc = sw_proof_verify(c, header, header_len, method, path, body, body_len, now_ms, skew_ms, nonce, err, errsz);
    return rc != SW_OK ? rc : sw_replay_add(r, c->jti, nonce, now_ms, err, errsz);
}

int sw_proof_make(const uint8_t device_sk[SW_ED25519_SK], const char *method, const char *path, const void *body,
                  size_t body_len, int64_t now_s, const char *nonce, char *out, size_t out_sz)
{
    if (!device_sk || !method || !path || (!body && body_len) || !out || now_s < 0 || now_s > 999999999999LL ||
        !method_ok(method) || !path_ok(path) || sodium_init() < 0)
        return SW_EINVAL;
    char fresh[sodium_base64_ENCODED_LEN(JTI_BYTES, B64)];
    if (!nonce) {
        uint8_t r[JTI_BYTES];
        randombytes_buf(r, sizeof r);
        b64_put(fresh, r, sizeof r);
        nonce = fresh;
    }
    if (!nonce_ok(nonce, strlen(nonce)))
        return SW_EINVAL;
    char t[16];
    snprintf(t, sizeof t, "%lld", (long long)now_s);
    size_t text_len;
    char *text = proof_text(method, path, t, strlen(t), nonce, strlen(nonce), body, body_len, &text_len);
    if (!text)
        return SW_ENOMEM;
    uint8_t sig[SIG_LEN];
    crypto_sign_detached(sig, NULL, (const unsigned char *)text, text_len, device_sk);
    free(text);
    char sig64[sodium_base64_ENCODED_LEN(SIG_LEN, B64)];
    b64_put(sig64, sig, sizeof sig);
    int w = snprintf(out, out_sz, "t=%s;n=%s;s=%s", t, nonce, sig64);
    return w < 0 || (size_t)w >= out_sz ? SW_EINVAL : SW_OK;
}
