/*
 * handlers.c — the admission chain: body, identify, policy, detect, limit.
 *
 * Each handler does one check and either refuses (sending the JSON error and
 * returning 0) or returns -1 so h2o calls the next one; what a handler
 * learns goes into the request's exchange for the handlers after it. The
 * decisions themselves are made by the modules below: auth/ verifies
 * credentials, policy/ says what a tier may do and counts rates, detect/
 * gives the verdict; nothing here knows a limit or a threshold.
 *
 * Order matters: refusals that need no account (400, 413, 401) come before
 * anything is looked up; the limiter is asked last, so that a refused
 * request never uses up an account's quota.
 *
 * In a fleet (fleet.h) the same checks ask Redis: the store behind the
 * credential lookups, the nonce of a proof, the limiter and the verdicts.
 * When Redis does not answer, on_failure decides: 503, or the local
 * fallback, counted.
 */
#include <stdio.h>
#include <string.h>

#include "core/error.h"
#include "gateway/credential.h"
#include "gateway/gw.h"

static bool method_is(h2o_req_t *req, const char *m)
{
    return h2o_memis(req->method.base, req->method.len, m, strlen(m));
}

static bool path_is(h2o_req_t *req, const char *p)
{
    return h2o_memis(req->path_normalized.base, req->path_normalized.len, p, strlen(p));
}

static bool is_inference_path(h2o_req_t *req)
{
    return path_is(req, "/v1/chat/completions") || path_is(req, "/v1/completions") || path_is(req, "/v1/responses") ||
           path_is(req, "/v1/messages");
}

/* ---- 1: the body ---- */

int sw_gw_on_body(h2o_handler_t *self, h2o_req_t *req)
{
    sw_gateway *g = sw_gw_of_handler(self);
    if (path_is(req, "/v1/models") && method_is(req, "GET")) {
        sw_gw_exchange_new(req, g, false); /* identify runs on it; models answers */
        return -1;
    }
    if (!is_inference_path(req) || !method_is(req, "POST"))
        return -1;
    sw_gw_exchange *ex = sw_gw_exchange_new(req, g, true);
    int64_t limit = ex->conf->cfg.max_body_bytes;
    if (limit > 0 && req->entity.len > (size_t)limit) {
        char msg[160];
        snprintf(msg, sizeof msg, "The request body is %zu bytes; the limit is %lld bytes.", req->entity.len,
                 (long long)limit);
        sw_gw_send_error(req, 413, "request_too_large", msg, 0);
        return 0;
    }
    /* the client's bytes, kept for the traffic log and for the proof check
     * (h2o's own buffer may go before the exchange ends) */
    char *raw = h2o_mem_alloc_pool(&req->pool, req->entity.len + 1);
    if (req->entity.len)
        memcpy(raw, req->entity.base, req->entity.len);
    raw[req->entity.len] = '\0';
    ex->raw = raw;
    ex->raw_len = req->entity.len;
    const char *problem;
    int rc = sw_gw_body_parse(ex->th->json, raw, ex->raw_len, &ex->body, &problem);
    if (rc == SW_EPARSE) {
        sw_gw_send_error(req, 400, "invalid_request", problem, 0);
        return 0;
    }
    if (rc != SW_OK) {
        sw_gw_send_error(req, 503, "overloaded", "The gateway is out of memory; retry.", 1);
        return 0;
    }
    return -1;
}

/* ---- 2: who is asking ---- */

static const h2o_header_t *header(h2o_req_t *req, const char *name)
{
    ssize_t i = h2o_find_header_by_str(&req->headers, name, strlen(name), -1);
    return i == -1 ? NULL : &req->headers.entries[i];
}

static int refuse_auth(h2o_req_t *req, const char *code, const char *message)
{
    sw_gw_send_error(req, 401, code, message, 0);
    return 0;
}

/* Redis did not answer and the gateway fails closed. */
static int refuse_unavailable(sw_gw_exchange *ex, h2o_req_t *req)
{
    if (ex->gw->fleet)
        atomic_fetch_add(&ex->gw->fleet->refused, 1);
    sw_gw_send_error(req, 503, "store_unavailable", "The gateway's account store is unavailable; retry.", 1);
    return 0;
}

/* The proof's nonce, checked across the fleet (Redis) or in this process. */
static int check_nonce(sw_gw_exchange *ex, const sw_token_claims *c, const char *nonce, int64_t now, char *err,
                       size_t errsz)
{
    sw_gateway *g = ex->gw;
    if (g->fleet) {
        int rc = sw_rnonce_add(sw_store_redis(ex->th->store), c->jti, nonce, sw_replay_window(g->replay));
        if (rc == SW_EEXIST) {
            snprintf(err, errsz, "replayed nonce");
            return SW_EINVAL;
        }
        if (rc != SW_EIO)
            return rc;
        if (!g->fleet->fail_open)
            return SW_EIO;
        atomic_fetch_add(&g->fleet->fallback_nonces, 1);
    }
    pthread_mutex_lock(&g->replay_lock);
    int rc = sw_replay_add(g->replay, c->jti, nonce, now, err, errsz);
    pthread_mutex_unlock(&g->replay_lock);
    return rc;
}

static int identify_key(sw_gw_exchange *ex, h2o_req_t *req, const char *v, size_t n)
{
    sw_gateway *g = ex->gw;
    uint8_t hash[32];
    sw_key_rec key;
    if (sw_apikey_hash_memo(ex->th->keyhash, g->pepper, v, n, hash) != SW_OK)
        return refuse_auth(req, "invalid_api_key", "Incorrect API key provided.");
    int rc = sw_credcache_by_hash(ex->th->creds, ex->th->store, hash, sw_gw_now_ms(), &key, &ex->account);
    if (rc == SW_ENOTFOUND)
        return refuse_auth(req, "invalid_api_key", "Incorrect API key provided.");
    if (rc != SW_OK)
        return refuse_unavailable(ex, req);
    _Static_assert(sizeof ex->key_id == sizeof key.key_id, "key id sizes");
    memcpy(ex->key_id, key.key_id, sizeof ex->key_id); /* NUL-terminated by the store */
    return -1;
}

static int identify_token(sw_gw_exchange *ex, h2o_req_t *req, const char *v, size_t n)
{
    sw_gateway *g = ex->gw;
    sw_token_claims c;
    char err[160], msg[240];
    int64_t now = sw_gw_now_ms();
    if (sw_token_verify(g->token_pk, v, n, now, &c, err, sizeof err) != SW_OK) {
        snprintf(msg, sizeof msg, "Invalid access token: %s.", err);
        return refuse_auth(req, "invalid_token", msg);
    }
    sw_key_rec key;
    int krc = sw_credcache_by_id(ex->th->creds, ex->th->store, c.key_id, now, &key, &ex->account);
    if (krc == SW_EIO)
        return refuse_unavailable(ex, req);
    if (krc != SW_OK || key.revoked_ms >= 0 || strcmp(key.account, c.account) != 0)
        return refuse_auth(req, "token_revoked", "The API key this token was issued for has been revoked.");
    const h2o_header_t *proof = header(req, "sw-proof");
    if (!proof)
        return refuse_auth(req, "proof_required", "An access token must be used with an SW-Proof header.");
    const char *body = ex->raw ? ex->raw : "";
    char method[16];
    snprintf(method, sizeof method, "%.*s", (int)req->input.method.len, req->input.method.base);
    char *path = h2o_strdup(&req->pool, req->input.path.base, req->input.path.len).base;
    char nonce[SW_PROOF_NONCE_MAX + 1];
    int rc = sw_proof_verify(&c, proof->value.base, proof->value.len, method, path, body, ex->raw_len, now,
                             ex->conf->cfg.proof_skew_s * 1000, nonce, err, sizeof err);
    if (rc == SW_OK)
        rc = check_nonce(ex, &c, nonce, now, err, sizeof err);
    if (rc == SW_EIO)
        return refuse_unavailable(ex, req);
    if (rc == SW_ENOMEM) {
        sw_gw_send_error(req, 503, "proof_cache_full", "The gateway cannot check proofs right now; retry.", 1);
        return 0;
    }
    if (rc != SW_OK) {
        snprintf(msg, sizeof msg, "Invalid SW-Proof: %s.", err);
        return refuse_auth(req, "invalid_proof", msg);
    }
    ex->via_token = true;
    snprintf(ex->key_id, sizeof ex->key_id, "%s", c.key_id);
    return -1;
}

int sw_gw_on_identify(h2o_handler_t *self, h2o_req_t *req)
{
    sw_gw_exchange *ex = sw_gw_exchange_of(req);
    if (!ex || ex->identified)
        return -1;
    const h2o_header_t *authz = header(req, "authorization"), *xkey = header(req, "x-api-key");
    const char *v;
    size_t n;
    sw_cred_kind kind = sw_gw_credential(authz ? authz->value.base : NULL, authz ? authz->value.len : 0,
                                         xkey ? xkey->value.base : NULL, xkey ? xkey->value.len : 0, &v, &n);
    int rc;
    switch (kind) {
    case SW_CRED_NONE:
        return refuse_auth(req, "missing_api_key",
                           "No API key provided: send 'Authorization: Bearer KEY' or 'x-api-key: KEY'.");
    case SW_CRED_MALFORMED:
        return refuse_auth(req, "invalid_api_key", "The Authorization header must be 'Bearer KEY'.");
    case SW_CRED_KEY:
        rc = identify_key(ex, req, v, n);
        break;
    default:
        rc = identify_token(ex, req, v, n);
        break;
    }
    if (rc == 0)
        return 0;
    /* the credential lookups above filled ex->account (credcache: at most
     * SW_CREDCACHE_TTL_MS old, so revocations and suspensions apply within it) */
    ex->tier = sw_config_tier_for(&ex->conf->cfg, ex->account.info.tier);
    ex->identified = true;
    sw_gw_sink_account(ex->gw->sink, &ex->account.info);
    if (ex->account.suspended) {
        sw_gw_send_error(req, 403, "account_suspended", "This account is suspended.", 0);
        return 0;
    }
    return -1;
}

/* ---- 3: what the tier may do ---- */

int sw_gw_on_policy(h2o_handler_t *self, h2o_req_t *req)
{
    sw_gw_exchange *ex = sw_gw_exchange_of(req);
    if (!ex || !ex->inference || !ex->identified)
        return -1;
    const sw_config *c = &ex->conf->cfg;
    const char *model = ex->body.model;
    char msg[300];
    if (!ex->tier) {
        sw_gw_send_error(req, 403, "no_tier", "This account has no usable tier.", 0);
        return 0;
    }
    if (!sw_config_upstream(c, model)) {
        snprintf(msg, sizeof msg, "The model '%.100s' does not exist.", model);
        sw_gw_send_error(req, 404, "model_not_found", msg, 0);
        return 0;
    }
    if (!sw_tier_allows_model(ex->tier, model)) {
        snprintf(msg, sizeof msg, "The '%s' tier does not have access to the model '%.100s'.", ex->tier->name, model);
        sw_gw_send_error(req, 403, "model_not_allowed", msg, 0);
        return 0;
    }
    if (!ex->via_token && sw_tier_requires_proof(ex->tier, model)) {
        snprintf(msg, sizeof msg,
                 "The model '%.100s' requires a device-bound access token (POST /v1/auth/token) and an SW-Proof "
                 "header at the '%s' tier.",
                 model, ex->tier->name);
        sw_gw_send_error(req, 403, "token_required", msg, 0);
        return 0;
    }
    if (!sw_tier_allows_origin(ex->tier, ex->country[0] ? ex->country : NULL, ex->asn)) {
        sw_gw_send_error(req, 403, "region_not_allowed", "Requests from this network or region are not allowed.",
                         0);
        return 0;
    }
    return -1;
}

/* ---- 4: the detector's verdict ---- */

/* Rewrites the body as the tier and the verdict say; false when a refusal
 * was sent instead (a body that must be rewritten is never forwarded as it
 * came). */
static bool apply_degrade(sw_gw_exchange *ex, h2o_req_t *req, bool distrusted)
{
    const sw_tier *t = ex->tier;
    sw_gw_degrade d = {
        .strip_logprobs = !t->expose_logprobs || distrusted,
        .drop_reasoning = distrusted,
        .max_tokens_cap = t->max_tokens_cap > 0 ? t->max_tokens_cap : distrusted ? 1024 : 0,
    };
    int rc = sw_gw_degrade_apply(&ex->body, ex->ep, &d);
    if (rc == 0)
        return true;
    size_t len;
    char *s = rc > 0 ? sw_gw_body_print(&ex->body, &len) : NULL;
    if (!s) {
        if (rc == SW_EPARSE)
            sw_gw_send_error(req, 400, "invalid_request", "the request body is nested too deeply to be checked", 0);
        else
            sw_gw_send_error(req, 503, "overloaded", "The gateway is out of memory; retry.", 1);
        return false;
    }
    req->entity = h2o_strdup(&req->pool, s, len);
    free(s);
    ex->degraded = distrusted;
    return true;
}

int sw_gw_on_detect(h2o_handler_t *self, h2o_req_t *req)
{
    sw_gw_exchange *ex = sw_gw_exchange_of(req);
    if (!ex || !ex->inference || !ex->identified)
        return -1;
    const sw_config *c = &ex->conf->cfg;
    ex->have_verdict = true;
    ex->verdict = c->detect ? sw_gw_sink_verdict(ex->gw->sink, ex->account.info.account, NULL) : SW_ALLOW;
    if (c->detect && ex->gw->fleet) {
        /* the fleet's worker sees every gateway's traffic; this process's
         * engine only its own: the stronger verdict holds */
        sw_action fleet = sw_gw_fleet_verdict(ex->gw->fleet, ex->account.info.account);
        if (fleet > ex->verdict)
            ex->verdict = fleet;
    }
    bool distrusted = false;
    switch (ex->verdict) {
    case SW_BLOCK:
        sw_gw_send_error(req, 403, "account_blocked",
                         "This account is blocked for a suspected violation of the usage policies.", 0);
        return 0;
    case SW_CHALLENGE:
        if (!sw_gw_stepup_passed(ex))
            return sw_gw_stepup_refuse(ex, req);
        /* stepped up: a person holds the account, which says nothing of what
         * its traffic is for, so it is served as throttled (stepup.c) */
        if (c->degrade_instead_of_throttle)
            distrusted = true;
        else
            ex->factor = ex->tier->throttle_factor;
        break;
    case SW_THROTTLE:
        if (c->degrade_instead_of_throttle)
            distrusted = true;
        else
            ex->factor = ex->tier->throttle_factor;
        break;
    default:
        break;
    }
    if (!apply_degrade(ex, req, distrusted))
        return 0;
    return -1;
}

/* ---- 4b: rates and quotas ---- */

int sw_gw_on_limit(h2o_handler_t *self, h2o_req_t *req)
{
    sw_gw_exchange *ex = sw_gw_exchange_of(req);
    if (!ex || !ex->inference || !ex->identified || ex->admitted)
        return -1;
    sw_gateway *g = ex->gw;
    int64_t est = sw_gw_estimate_tokens(ex->raw_len, ex->body.max_tokens);
    /* an estimate above the per-minute budget could never be admitted; the
     * settlement charges the real count afterwards */
    const sw_tier *t = ex->tier;
    if (t->tokens_per_minute > 0) {
        int64_t budget = (int64_t)((double)t->tokens_per_minute * ex->factor);
        if (budget < 1)
            budget = 1;
        if (est > budget)
            est = budget;
    }
    int64_t now = sw_gw_now_ms();
    sw_limit_result r;
    bool shared = false;
    if (g->fleet) {
        int rc = sw_gw_fleet_admit(sw_store_redis(ex->th->store), ex->account.info.account, t, ex->factor, est, now,
                                   &r);
        if (rc == SW_OK)
            shared = true;
        else if (!g->fleet->fail_open)
            return refuse_unavailable(ex, req);
        else
            atomic_fetch_add(&g->fleet->fallback_limits, 1);
    }
    if (!shared)
        r = sw_limiter_admit(g->limiter, ex->account.info.account, t, ex->factor, est, now);
    if (!r.allowed) {
        char msg[200];
        if (r.reason && !strcmp(r.reason, "out of memory")) {
            sw_gw_send_error(req, 503, "overloaded", "The gateway is overloaded; retry.", 1);
            return 0;
        }
        snprintf(msg, sizeof msg, "Rate limit reached for %s at the '%s' tier; retry after %lld s.",
                 r.reason ? r.reason : "requests", t->name, (long long)r.retry_after_s);
        sw_gw_send_error(req, 429, "rate_limit_exceeded", msg, r.retry_after_s > 0 ? r.retry_after_s : 1);
        return 0;
    }
    ex->admitted = true;
    ex->admitted_shared = shared;
    ex->admit_ms = now;
    ex->est_tokens = est;
    sw_gw_metrics_streams(g->metrics, 1);
    return -1;
}
