/*
 * stepup.c — step-up verification with passkeys: the page, the ceremony's
 * endpoints, and what a passed step-up changes in the detect step.
 *
 *   GET  /stepup                       the page (stepup_page.c)
 *   POST /v1/stepup/register/options   creation options: a fresh challenge
 *   POST /v1/stepup/register           the new credential → stored
 *   POST /v1/stepup/options            request options: a fresh challenge
 *   POST /v1/stepup/verify             the assertion → stepped up until
 *                                      now + stepup.ttl_s
 *
 * Who is asking: `Authorization: Bearer` with the account's API key or a
 * step-up ticket (auth/ticket.h). The challenge refusal names a URL carrying
 * a ticket in its fragment, so the person who saw the refusal can open it in
 * a browser as it is; the ticket is worth nothing but this ceremony, for this
 * account, for stepup.ticket_ttl_s.
 *
 * Who may register: an account's first passkey is registered with the key or
 * ticket alone (there is nothing stronger to ask for); once it has one, more
 * are accepted only while the account is stepped up, so that someone who
 * holds only a copy of the key cannot add an authenticator of their own and
 * pass the challenge with it.
 *
 * The rules of the ceremony are auth/webauthn.c's; single use and expiry of
 * challenges, counters and the step-up record are the store's
 * (store/stepup_store.c). A challenge is used up before the response is
 * checked, so a failed attempt cannot be retried with the same challenge.
 *
 * What a passed step-up lifts: the "challenge" verdict only. The account is
 * then served as if throttled (its tier's rates × throttle_factor, or
 * degraded answers with degrade_instead_of_throttle): a passkey shows that a
 * person holds the account, not what its traffic is for, and the detector
 * keeps scoring it; "block" is never lifted.
 */
#include <cjson/cJSON.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/ticket.h"
#include "auth/webauthn.h"
#include "core/error.h"
#include "core/time.h"
#include "gateway/gw.h"
#include "gateway/stepup_page.h"

#define CHALLENGE_TTL_MS (5 * 60 * 1000) /* as long as the browser's own timeout */
#define BODY_MAX (64 * 1024)
#define MAX_LISTED 32 /* credentials named in options */

static bool path_is(h2o_req_t *req, const char *p)
{
    return h2o_memis(req->path_normalized.base, req->path_normalized.len, p, strlen(p));
}

static bool method_is(h2o_req_t *req, const char *m)
{
    return h2o_memis(req->method.base, req->method.len, m, strlen(m));
}

/* The thread's step-up store, opened on first use. */
static sw_stepup_store *thread_store(sw_gw_thread *th, const sw_config *c)
{
    char err[256];
    if (!th->stepup && sw_stepup_store_open(&th->stepup, c->state_dir, err, sizeof err) != SW_OK)
        th->stepup = NULL;
    return th->stepup;
}

/* ---- the relying party of this request ---- */

typedef struct {
    char rp_id[128];
    char own_origin[300];
    const char *origins[8];
    sw_webauthn_rp rp;
} relying_party;

/* Host and port the client addressed, as it wrote them. */
static h2o_iovec_t authority(h2o_req_t *req)
{
    return req->authority.len ? req->authority : h2o_iovec_init(H2O_STRLIT("localhost"));
}

/* The configured rp id, else the hostname the client used (lower case,
 * without port). */
static void rp_for(const sw_config *c, h2o_req_t *req, relying_party *r)
{
    h2o_iovec_t a = authority(req);
    size_t n = a.len;
    const char *colon = memrchr(a.base, ':', a.len);
    if (a.base[0] == '[') {
        const char *end = memchr(a.base, ']', a.len);
        n = end ? (size_t)(end - a.base) + 1 : a.len;
    } else if (colon) {
        n = (size_t)(colon - a.base);
    }
    if (c->stepup_rp_id[0]) {
        snprintf(r->rp_id, sizeof r->rp_id, "%s", c->stepup_rp_id);
    } else {
        snprintf(r->rp_id, sizeof r->rp_id, "%.*s", (int)(n < 127 ? n : 127), a.base);
        for (char *p = r->rp_id; *p; p++)
            if (*p >= 'A' && *p <= 'Z')
                *p = (char)(*p - 'A' + 'a');
    }
    snprintf(r->own_origin, sizeof r->own_origin, "%.*s://%.*s", (int)req->scheme->name.len, req->scheme->name.base,
             (int)(a.len < 255 ? a.len : 255), a.base);
    r->rp.rp_id = r->rp_id;
    r->rp.origins = r->origins;
    if (c->n_stepup_origins > 0) {
        for (int i = 0; i < c->n_stepup_origins && i < 8; i++)
            r->origins[i] = c->stepup_origins[i];
        r->rp.n_origins = c->n_stepup_origins < 8 ? c->n_stepup_origins : 8;
    } else {
        r->origins[0] = r->own_origin;
        r->rp.n_origins = 1;
    }
}

/* ---- responses ---- */

static int refuse(h2o_req_t *req, int status, const char *code, const char *message)
{
    sw_gw_send_error(req, status, code, message, 0);
    return 0;
}

static int send_cjson(h2o_req_t *req, cJSON *j)
{
    char *s = j ? cJSON_PrintUnformatted(j) : NULL;
    cJSON_Delete(j);
    if (!s)
        return refuse(req, 500, "internal_error", "Out of memory.");
    h2o_set_header(&req->pool, &req->res.headers, H2O_TOKEN_CACHE_CONTROL, H2O_STRLIT("no-store"), 1);
    sw_gw_send_json(req, 200, s, strlen(s));
    free(s);
    return 0;
}

static void add_b64(cJSON *o, const char *name, const uint8_t *p, size_t n)
{
    size_t cap = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char *s = malloc(cap);
    if (!s)
        return; /* the object goes out short; the browser reports it */
    sodium_bin2base64(s, cap, p, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    cJSON_AddStringToObject(o, name, s);
    free(s);
}

/* ---- the caller ---- */

typedef struct {
    sw_gw_thread *th;
    sw_gw_conf *conf;
    sw_stepup_store *store;
    char account[SW_ACCOUNT_STR];
    cJSON *body;
    relying_party rp;
} call;

/* The account named by a ticket or API key in Authorization; 0 when a
 * refusal was sent. */
static int authenticate(call *k, h2o_req_t *req)
{
    sw_gateway *g = k->th->gw;
    ssize_t i = h2o_find_header(&req->headers, H2O_TOKEN_AUTHORIZATION, -1);
    h2o_iovec_t v = i == -1 ? h2o_iovec_init(NULL, 0) : req->headers.entries[i].value;
    if (v.len < 8 || !h2o_lcstris(v.base, 7, H2O_STRLIT("bearer ")))
        return refuse(req, 401, "missing_api_key",
                      "Send 'Authorization: Bearer' with the account's API key or the step-up ticket.");
    const char *cred = v.base + 7;
    size_t n = v.len - 7;
    int64_t now = sw_gw_now_ms();
    sw_account_rec acct;
    int rc;
    if (n > strlen(SW_TICKET_PREFIX) && !memcmp(cred, SW_TICKET_PREFIX, strlen(SW_TICKET_PREFIX))) {
        uint8_t key[32];
        sw_ticket_key(g->pepper, key);
        rc = sw_ticket_verify(key, cred, n, now, k->account, NULL);
        sodium_memzero(key, sizeof key);
        if (rc == SW_EINVAL)
            return refuse(req, 401, "ticket_expired",
                          "This step-up link has expired: send the request again to get a new one.");
        if (rc != SW_OK)
            return refuse(req, 401, "invalid_ticket", "The step-up ticket is not valid.");
        rc = sw_store_account_get(k->th->store, k->account, &acct);
    } else {
        uint8_t hash[32];
        sw_key_rec key;
        if (sw_apikey_hash(g->pepper, cred, n, hash) != SW_OK)
            return refuse(req, 401, "invalid_api_key", "Incorrect API key provided.");
        rc = sw_credcache_by_hash(k->th->creds, k->th->store, hash, now, &key, &acct);
        if (rc == SW_OK)
            snprintf(k->account, sizeof k->account, "%s", acct.info.account);
    }
    if (rc == SW_ENOTFOUND)
        return refuse(req, 401, "invalid_api_key", "Unknown API key or account.");
    if (rc != SW_OK)
        return refuse(req, 503, "store_unavailable", "The gateway's account store is unavailable; retry.");
    if (acct.suspended)
        return refuse(req, 403, "account_suspended", "This account is suspended.");
    return -1;
}

/* Parses the JSON body into k->body; 0 when a refusal was sent. */
static int read_body(call *k, h2o_req_t *req)
{
    if (req->entity.len > BODY_MAX)
        return refuse(req, 413, "request_too_large", "The request body is too large.");
    k->body = cJSON_ParseWithLength(req->entity.base ? req->entity.base : "", req->entity.len);
    if (req->entity.len && !cJSON_IsObject(k->body))
        return refuse(req, 400, "invalid_request", "The body must be a JSON object.");
    return -1;
}

/* A base64url member of the body (dotted path of objects) decoded into a
 * pool buffer; NULL when absent or not base64url. */
static uint8_t *body_bytes(call *k, h2o_req_t *req, const char *outer, const char *name, size_t *len)
{
    const cJSON *o = outer ? cJSON_GetObjectItemCaseSensitive(k->body, outer) : k->body;
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(o, name);
    if (!cJSON_IsString(s))
        return NULL;
    size_t slen = strlen(s->valuestring), cap = slen * 3 / 4 + 1;
    uint8_t *out = h2o_mem_alloc_pool(&req->pool, cap);
    if (sodium_base642bin(out, cap, s->valuestring, slen, NULL, len, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) !=
        0)
        return NULL;
    return out;
}

/* ---- registration ---- */

static int list_cred(const sw_passkey *c, void *ctx)
{
    cJSON *arr = ctx;
    if (cJSON_GetArraySize(arr) >= MAX_LISTED)
        return SW_OK;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "type", "public-key");
    add_b64(o, "id", c->id, c->id_len);
    cJSON_AddItemToArray(arr, o);
    return SW_OK;
}

static bool stepped_up(sw_stepup_store *s, const char *account, int64_t now)
{
    int64_t until;
    return sw_stepup_until(s, account, &until) == SW_OK && until > now;
}

/* Whether the account may register a passkey now (see the top); 0 when a
 * refusal was sent. */
static int may_register(call *k, h2o_req_t *req, cJSON *existing)
{
    if (sw_stepup_cred_each(k->store, k->account, list_cred, existing) != SW_OK)
        return refuse(req, 503, "store_unavailable", "The gateway's step-up store is unavailable; retry.");
    if (cJSON_GetArraySize(existing) > 0 && !stepped_up(k->store, k->account, sw_gw_now_ms()))
        return refuse(req, 403, "passkey_exists",
                      "This account has a passkey already: verify with it. Another passkey can be added only "
                      "after a step-up.");
    return -1;
}

static int new_challenge(call *k, h2o_req_t *req, sw_stepup_purpose purpose, uint8_t ch[SW_WEBAUTHN_CHALLENGE_LEN])
{
    randombytes_buf(ch, SW_WEBAUTHN_CHALLENGE_LEN);
    int64_t now = sw_gw_now_ms();
    if (sw_stepup_challenge_put(k->store, ch, k->account, purpose, now + CHALLENGE_TTL_MS, now) != SW_OK)
        return refuse(req, 503, "store_unavailable", "The gateway's step-up store is unavailable; retry.");
    return -1;
}

static cJSON *alg_param(int alg)
{
    cJSON *p = cJSON_CreateObject();
    cJSON_AddStringToObject(p, "type", "public-key");
    cJSON_AddNumberToObject(p, "alg", alg);
    return p;
}

static int on_register_options(call *k, h2o_req_t *req)
{
    cJSON *existing = cJSON_CreateArray();
    uint8_t ch[SW_WEBAUTHN_CHALLENGE_LEN], handle[SW_USER_HANDLE_LEN];
    if (may_register(k, req, existing) == 0 || new_challenge(k, req, SW_STEPUP_REGISTER, ch) == 0) {
        cJSON_Delete(existing);
        return 0;
    }
    sw_user_handle(k->th->gw->pepper, k->account, handle);
    cJSON *root = cJSON_CreateObject(), *pk = cJSON_AddObjectToObject(root, "publicKey");
    cJSON *rp = cJSON_AddObjectToObject(pk, "rp"), *user = cJSON_AddObjectToObject(pk, "user");
    cJSON_AddStringToObject(rp, "id", k->rp.rp_id);
    cJSON_AddStringToObject(rp, "name", "stillwatch");
    add_b64(user, "id", handle, sizeof handle);
    cJSON_AddStringToObject(user, "name", k->account);
    cJSON_AddStringToObject(user, "displayName", k->account);
    add_b64(pk, "challenge", ch, sizeof ch);
    cJSON *params = cJSON_AddArrayToObject(pk, "pubKeyCredParams");
    cJSON_AddItemToArray(params, alg_param(SW_COSE_ES256));
    cJSON_AddItemToArray(params, alg_param(SW_COSE_EDDSA));
    cJSON_AddNumberToObject(pk, "timeout", CHALLENGE_TTL_MS);
    cJSON_AddStringToObject(pk, "attestation", "none");
    cJSON *sel = cJSON_AddObjectToObject(pk, "authenticatorSelection");
    cJSON_AddStringToObject(sel, "residentKey", "preferred");
    cJSON_AddStringToObject(sel, "userVerification", "required");
    cJSON_AddItemToObject(pk, "excludeCredentials", existing);
    return send_cjson(req, root);
}

/* Uses up the challenge named in clientDataJSON; 0 when a refusal was sent. */
static int take_challenge(call *k, h2o_req_t *req, const uint8_t *cd, size_t cd_len, sw_stepup_purpose purpose,
                          uint8_t ch[SW_WEBAUTHN_CHALLENGE_LEN])
{
    if (sw_webauthn_client_challenge(cd, cd_len, ch) != SW_OK)
        return refuse(req, 400, "invalid_request", "clientDataJSON names no challenge.");
    int rc = sw_stepup_challenge_take(k->store, ch, k->account, purpose, sw_gw_now_ms());
    if (rc == SW_ENOTFOUND)
        return refuse(req, 400, "challenge_invalid",
                      "The challenge was not issued to this account for this step, or was used already.");
    if (rc == SW_EINVAL)
        return refuse(req, 400, "challenge_expired", "The challenge has expired: start again.");
    if (rc != SW_OK)
        return refuse(req, 503, "store_unavailable", "The gateway's step-up store is unavailable; retry.");
    return -1;
}

static int ceremony_refused(h2o_req_t *req, const char *why)
{
    char msg[400];
    snprintf(msg, sizeof msg, "Passkey verification failed: %s.", why);
    return refuse(req, 400, "stepup_refused", msg);
}

static int on_register(call *k, h2o_req_t *req)
{
    size_t cd_len = 0, ao_len = 0;
    uint8_t *cd = body_bytes(k, req, "response", "clientDataJSON", &cd_len);
    uint8_t *ao = body_bytes(k, req, "response", "attestationObject", &ao_len);
    if (!cd || !ao)
        return refuse(req, 400, "invalid_request",
                      "The body must carry response.clientDataJSON and response.attestationObject in base64url.");
    uint8_t ch[SW_WEBAUTHN_CHALLENGE_LEN];
    if (take_challenge(k, req, cd, cd_len, SW_STEPUP_REGISTER, ch) == 0)
        return 0;
    cJSON *existing = cJSON_CreateArray();
    int allowed = may_register(k, req, existing); /* again: another registration may have won meanwhile */
    cJSON_Delete(existing);
    if (allowed == 0)
        return 0;
    sw_passkey cred;
    char why[200];
    if (sw_webauthn_register(&k->rp.rp, ch, cd, cd_len, ao, ao_len, &cred, why, sizeof why) != SW_OK)
        return ceremony_refused(req, why);
    int rc = sw_stepup_cred_add(k->store, k->account, &cred, sw_gw_now_ms());
    if (rc == SW_EEXIST)
        return refuse(req, 409, "passkey_exists", "This passkey is registered already.");
    if (rc != SW_OK)
        return refuse(req, 503, "store_unavailable", "The gateway's step-up store is unavailable; retry.");
    cJSON *root = cJSON_CreateObject();
    cJSON_AddBoolToObject(root, "registered", true);
    add_b64(root, "credential_id", cred.id, cred.id_len);
    return send_cjson(req, root);
}

/* ---- assertion ---- */

static int on_options(call *k, h2o_req_t *req)
{
    cJSON *allow = cJSON_CreateArray();
    if (sw_stepup_cred_each(k->store, k->account, list_cred, allow) != SW_OK) {
        cJSON_Delete(allow);
        return refuse(req, 503, "store_unavailable", "The gateway's step-up store is unavailable; retry.");
    }
    uint8_t ch[SW_WEBAUTHN_CHALLENGE_LEN];
    if (cJSON_GetArraySize(allow) == 0 || new_challenge(k, req, SW_STEPUP_ASSERT, ch) == 0) {
        bool none = cJSON_GetArraySize(allow) == 0;
        cJSON_Delete(allow);
        return none ? refuse(req, 404, "no_passkey", "This account has no passkey yet: register one first.") : 0;
    }
    cJSON *root = cJSON_CreateObject(), *pk = cJSON_AddObjectToObject(root, "publicKey");
    add_b64(pk, "challenge", ch, sizeof ch);
    cJSON_AddStringToObject(pk, "rpId", k->rp.rp_id);
    cJSON_AddNumberToObject(pk, "timeout", CHALLENGE_TTL_MS);
    cJSON_AddStringToObject(pk, "userVerification", "required");
    cJSON_AddItemToObject(pk, "allowCredentials", allow);
    return send_cjson(req, root);
}

/* The user handle, when the authenticator returned one, must be this
 * account's. */
static bool handle_matches(call *k, h2o_req_t *req)
{
    size_t n = 0;
    uint8_t *h = body_bytes(k, req, "response", "userHandle", &n), want[SW_USER_HANDLE_LEN];
    if (!h)
        return true;
    sw_user_handle(k->th->gw->pepper, k->account, want);
    return n == sizeof want && sodium_memcmp(h, want, sizeof want) == 0;
}

static int stepped_up_reply(call *k, h2o_req_t *req, int64_t now)
{
    int64_t ttl = k->conf->cfg.stepup_ttl_s;
    if (sw_stepup_pass(k->store, k->account, now + ttl * 1000, now) != SW_OK)
        return refuse(req, 503, "store_unavailable", "The gateway's step-up store is unavailable; retry.");
    char until[SW_TIME_BUFSZ];
    sw_time_format(now + ttl * 1000, until);
    cJSON *root = cJSON_CreateObject();
    cJSON_AddBoolToObject(root, "stepped_up", true);
    cJSON_AddStringToObject(root, "account", k->account);
    cJSON_AddStringToObject(root, "until", until);
    cJSON_AddNumberToObject(root, "expires_in", (double)ttl);
    return send_cjson(req, root);
}

static int on_verify(call *k, h2o_req_t *req)
{
    size_t id_len = 0, cd_len = 0, ad_len = 0, sig_len = 0;
    uint8_t *id = body_bytes(k, req, NULL, "rawId", &id_len);
    uint8_t *cd = body_bytes(k, req, "response", "clientDataJSON", &cd_len);
    uint8_t *ad = body_bytes(k, req, "response", "authenticatorData", &ad_len);
    uint8_t *sig = body_bytes(k, req, "response", "signature", &sig_len);
    if (!id || !cd || !ad || !sig)
        return refuse(req, 400, "invalid_request",
                      "The body must carry rawId and response.clientDataJSON, authenticatorData and signature in "
                      "base64url.");
    uint8_t ch[SW_WEBAUTHN_CHALLENGE_LEN];
    if (take_challenge(k, req, cd, cd_len, SW_STEPUP_ASSERT, ch) == 0)
        return 0;
    sw_passkey cred;
    int rc = sw_stepup_cred_get(k->store, k->account, id, id_len, &cred);
    if (rc == SW_ENOTFOUND)
        return ceremony_refused(req, "this passkey is not registered for this account");
    if (rc != SW_OK)
        return refuse(req, 503, "store_unavailable", "The gateway's step-up store is unavailable; retry.");
    if (!handle_matches(k, req))
        return ceremony_refused(req, "the passkey belongs to another account");
    uint32_t count = 0;
    char why[200];
    if (sw_webauthn_assert(&k->rp.rp, ch, &cred, cd, cd_len, ad, ad_len, sig, sig_len, &count, why, sizeof why) !=
        SW_OK)
        return ceremony_refused(req, why);
    int64_t now = sw_gw_now_ms();
    rc = sw_stepup_cred_used(k->store, cred.id, cred.id_len, count, now);
    if (rc == SW_EINVAL)
        return ceremony_refused(req, "the signature counter did not grow: the passkey may have been cloned");
    if (rc != SW_OK)
        return refuse(req, 503, "store_unavailable", "The gateway's step-up store is unavailable; retry.");
    return stepped_up_reply(k, req, now);
}

/* ---- the page ---- */

static int on_page(h2o_req_t *req)
{
    uint8_t raw[18];
    char nonce[32], csp[400];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(nonce, sizeof nonce, raw, sizeof raw, sodium_base64_VARIANT_ORIGINAL);
    snprintf(csp, sizeof csp,
             "default-src 'none'; script-src 'nonce-%s'; style-src 'nonce-%s'; connect-src 'self'; "
             "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
             nonce, nonce);
    sw_buf b;
    sw_buf_init(&b);
    const char *p = sw_gw_stepup_page, *mark;
    size_t ml = strlen(SW_GW_STEPUP_NONCE_MARK);
    while ((mark = strstr(p, SW_GW_STEPUP_NONCE_MARK)) != NULL) {
        sw_buf_append(&b, p, (size_t)(mark - p));
        sw_buf_append(&b, nonce, strlen(nonce));
        p = mark + ml;
    }
    sw_buf_append(&b, p, strlen(p));
    if (b.oom) {
        sw_buf_free(&b);
        return refuse(req, 500, "internal_error", "Out of memory.");
    }
    req->res.status = 200;
    req->res.reason = "OK";
    req->res.content_length = b.len;
    h2o_set_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE, H2O_STRLIT("text/html; charset=utf-8"), 1);
    h2o_set_header(&req->pool, &req->res.headers, H2O_TOKEN_CACHE_CONTROL, H2O_STRLIT("no-store"), 1);
    h2o_iovec_t v = h2o_strdup(&req->pool, csp, strlen(csp));
    h2o_set_header_by_str(&req->pool, &req->res.headers, H2O_STRLIT("content-security-policy"), 0, v.base, v.len, 1);
    h2o_set_header_by_str(&req->pool, &req->res.headers, H2O_STRLIT("referrer-policy"), 0, H2O_STRLIT("no-referrer"),
                          1);
    h2o_set_header_by_str(&req->pool, &req->res.headers, H2O_STRLIT("x-content-type-options"), 0,
                          H2O_STRLIT("nosniff"), 1);
    h2o_send_inline(req, b.data, b.len);
    sw_buf_free(&b);
    return 0;
}

/* ---- dispatch ---- */

static const struct {
    const char *path;
    int (*fn)(call *, h2o_req_t *);
} endpoints[] = {
    {"/v1/stepup/register/options", on_register_options},
    {"/v1/stepup/register", on_register},
    {"/v1/stepup/options", on_options},
    {"/v1/stepup/verify", on_verify},
};

static int wrong_method(h2o_req_t *req, const char *path, const char *allow)
{
    char msg[200];
    h2o_set_header(&req->pool, &req->res.headers, H2O_TOKEN_ALLOW, allow, strlen(allow), 1);
    snprintf(msg, sizeof msg, "Method %.*s is not allowed on %s; use %s.", (int)req->method.len, req->method.base,
             path, allow);
    return refuse(req, 405, "method_not_allowed", msg);
}

static int run_endpoint(sw_gateway *g, h2o_req_t *req, int (*fn)(call *, h2o_req_t *))
{
    call k = {.th = sw_gw_thread_of(req)};
    k.conf = sw_gw_conf_acquire(g);
    rp_for(&k.conf->cfg, req, &k.rp);
    if (!(k.store = thread_store(k.th, &k.conf->cfg)))
        refuse(req, 503, "store_unavailable", "The gateway's step-up store is unavailable; retry.");
    else if (authenticate(&k, req) != 0 && read_body(&k, req) != 0)
        fn(&k, req);
    cJSON_Delete(k.body);
    sw_gw_conf_release(k.conf);
    return 0;
}

int sw_gw_on_stepup(h2o_handler_t *self, h2o_req_t *req)
{
    if (path_is(req, "/stepup"))
        return method_is(req, "GET") ? on_page(req) : wrong_method(req, "/stepup", "GET");
    for (size_t i = 0; i < sizeof endpoints / sizeof endpoints[0]; i++) {
        if (!path_is(req, endpoints[i].path))
            continue;
        if (!method_is(req, "POST"))
            return wrong_method(req, endpoints[i].path, "POST");
        return run_endpoint(sw_gw_of_handler(self), req, endpoints[i].fn);
    }
    return -1;
}

/* ---- the detect step ---- */

bool sw_gw_stepup_passed(sw_gw_exchange *ex)
{
    sw_stepup_store *s = thread_store(ex->th, &ex->conf->cfg);
    /* a store that cannot answer keeps the challenge: fail closed */
    return s && stepped_up(s, ex->account.info.account, sw_gw_now_ms());
}

/* The page to name: stepup_url as configured, else this gateway's /stepup
 * on the host the client used; the ticket goes in the fragment. */
static void stepup_url(sw_gw_exchange *ex, h2o_req_t *req, char *out, size_t cap)
{
    const sw_config *c = &ex->conf->cfg;
    uint8_t key[32];
    char ticket[SW_TICKET_MAX] = "";
    sw_ticket_key(ex->gw->pepper, key);
    sw_ticket_issue(key, ex->account.info.account, sw_gw_now_ms() + c->stepup_ticket_ttl_s * 1000, ticket,
                    sizeof ticket);
    sodium_memzero(key, sizeof key);
    h2o_iovec_t a = authority(req);
    if (c->stepup_url[0])
        snprintf(out, cap, "%s%sticket=%s", c->stepup_url, strchr(c->stepup_url, '#') ? "&" : "#", ticket);
    else
        snprintf(out, cap, "%.*s://%.*s/stepup#ticket=%s", (int)req->scheme->name.len, req->scheme->name.base,
                 (int)(a.len < 255 ? a.len : 255), a.base, ticket);
}

int sw_gw_stepup_refuse(sw_gw_exchange *ex, h2o_req_t *req)
{
    char url[768], msg[1024];
    stepup_url(ex, req, url, sizeof url);
    snprintf(msg, sizeof msg,
             "Additional verification is required for this account: open %s in a browser to verify with a passkey "
             "(the link is valid for %lld minutes).",
             url, (long long)(ex->conf->cfg.stepup_ticket_ttl_s / 60));
    h2o_iovec_t v = h2o_strdup(&req->pool, url, strlen(url));
    h2o_set_header_by_str(&req->pool, &req->res.headers, H2O_STRLIT("sw-step-up-url"), 0, v.base, v.len, 1);
    return refuse(req, 403, "step_up_required", msg);
}
