/*
 * endpoints.c — the gateway's own small endpoints, and the end of the chain.
 *
 *   GET  /healthz          {"status":"ok"}, no credentials
 *   GET  /metrics          Prometheus text, no credentials (bind it to a
 *                          private address or filter it at the edge)
 *   POST /v1/auth/token    API key + device public key → PASETO access token
 *   GET  /v1/models        the models the caller's tier may use
 *   anything else          404, or 405 on a known path with the wrong method
 *
 * /v1/models answers in a shape both SDKs accept: OpenAI's list
 * ({"object":"list","data":[{"id","object":"model","created","owned_by"}]})
 * with Anthropic's fields beside it (type, display_name, created_at per
 * model; has_more, first_id, last_id on the list). Model names come from the
 * caller's tier model list, the configured upstreams and the optional model
 * catalogue (the top-level "models" key); patterns ("*", "prefix*") name no
 * model and are left out, so a gateway whose upstreams and tiers say only
 * "*" lists its catalogue.
 */
#include <cjson/cJSON.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "gateway/credential.h"
#include "gateway/gw.h"

static bool path_is(h2o_req_t *req, const char *p)
{
    return h2o_memis(req->path_normalized.base, req->path_normalized.len, p, strlen(p));
}

static bool method_is(h2o_req_t *req, const char *m)
{
    return h2o_memis(req->method.base, req->method.len, m, strlen(m));
}

/* ---- /healthz, /metrics ---- */

int sw_gw_on_ops(h2o_handler_t *self, h2o_req_t *req)
{
    sw_gateway *g = sw_gw_of_handler(self);
    if (!method_is(req, "GET") && !method_is(req, "HEAD"))
        return -1;
    if (path_is(req, "/healthz")) {
        static const char ok[] = "{\"status\":\"ok\"}";
        sw_gw_send_json(req, 200, ok, sizeof ok - 1);
        return 0;
    }
    if (path_is(req, "/metrics")) {
        sw_gw_detector_stats d;
        sw_gw_sink_stats(g->sink, &d);
        sw_buf b;
        sw_buf_init(&b);
        sw_gw_metrics_render(g->metrics, &d, &b);
        if (g->fleet)
            sw_gw_fleet_metrics(g->fleet, &b);
        req->res.status = 200;
        req->res.reason = "OK";
        req->res.content_length = b.len;
        h2o_set_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE,
                       H2O_STRLIT("text/plain; version=0.0.4; charset=utf-8"), 1);
        h2o_send_inline(req, b.data ? b.data : "", b.len);
        sw_buf_free(&b);
        return 0;
    }
    return -1;
}

/* ---- POST /v1/auth/token ---- */

static int token_error(h2o_req_t *req, int status, const char *code, const char *message)
{
    sw_gw_send_error(req, status, code, message, 0);
    return 0;
}

int sw_gw_on_token(h2o_handler_t *self, h2o_req_t *req)
{
    sw_gateway *g = sw_gw_of_handler(self);
    if (!path_is(req, "/v1/auth/token") || !method_is(req, "POST"))
        return -1;
    sw_gw_thread *th = sw_gw_thread_of(req);
    sw_gw_conf *conf = sw_gw_conf_acquire(g);
    int64_t ttl = conf->cfg.token_ttl_s > 0 ? conf->cfg.token_ttl_s : 600;
    int64_t max_body = conf->cfg.max_body_bytes;
    sw_gw_conf_release(conf);

    ssize_t ai = h2o_find_header(&req->headers, H2O_TOKEN_AUTHORIZATION, -1);
    const char *v;
    size_t n;
    sw_cred_kind kind = sw_gw_credential(ai != -1 ? req->headers.entries[ai].value.base : NULL,
                                         ai != -1 ? req->headers.entries[ai].value.len : 0, NULL, 0, &v, &n);
    if (kind != SW_CRED_KEY)
        return token_error(req, 401, kind == SW_CRED_NONE ? "missing_api_key" : "invalid_api_key",
                           "A token is issued for an API key: send 'Authorization: Bearer KEY'.");
    uint8_t hash[32];
    sw_key_rec key;
    int rc = SW_OK;
    if (sw_apikey_hash(g->pepper, v, n, hash) != SW_OK || (rc = sw_store_key_find(th->store, hash, &key)) == SW_ENOTFOUND)
        return token_error(req, 401, "invalid_api_key", "Incorrect API key provided.");
    sw_account_rec acct;
    if (rc != SW_OK || (rc = sw_store_account_get(th->store, key.account, &acct)) == SW_EIO) {
        sw_gw_send_error(req, 503, "store_unavailable", "The gateway's account store is unavailable; retry.", 1);
        return 0;
    }
    if (rc == SW_ENOTFOUND)
        return token_error(req, 401, "invalid_api_key", "The account of this key no longer exists.");
    if (acct.suspended)
        return token_error(req, 403, "account_suspended", "This account is suspended.");
    if (max_body > 0 && req->entity.len > (size_t)max_body)
        return token_error(req, 413, "request_too_large", "The request body is too large.");

    cJSON *body = cJSON_ParseWithLength(req->entity.base ? req->entity.base : "", req->entity.len);
    const cJSON *pk = cJSON_IsObject(body) ? cJSON_GetObjectItemCaseSensitive(body, "public_key") : NULL;
    sw_token_claims c;
    memset(&c, 0, sizeof c);
    size_t pklen = 0;
    bool good = cJSON_IsString(pk) &&
                sodium_base642bin(c.device_pk, sizeof c.device_pk, pk->valuestring, strlen(pk->valuestring), NULL,
                                  &pklen, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0 &&
                pklen == SW_ED25519_PK;
    cJSON_Delete(body);
    if (!good)
        return token_error(req, 400, "invalid_public_key",
                           "The body must be {\"public_key\": the device's Ed25519 public key, 32 bytes in base64url "
                           "without padding}.");
    snprintf(c.account, sizeof c.account, "%s", key.account);
    snprintf(c.key_id, sizeof c.key_id, "%s", key.key_id);
    c.iat_ms = sw_gw_now_ms();
    c.exp_ms = c.iat_ms + ttl * 1000;
    char *tok = NULL;
    if (sw_token_issue(g->token_sk, &c, &tok) != SW_OK) {
        sw_gw_send_error(req, 500, "token_issue_failed", "The token could not be issued.", 0);
        return 0;
    }
    sw_buf b;
    sw_buf_init(&b);
    sw_json_obj_begin(&b);
    sw_json_kv_str(&b, "access_token", tok);
    sw_json_kv_str(&b, "token_type", "Bearer");
    sw_json_kv_int(&b, "expires_in", ttl);
    sw_json_obj_end(&b);
    free(tok);
    h2o_set_header(&req->pool, &req->res.headers, H2O_TOKEN_CACHE_CONTROL, H2O_STRLIT("no-store"), 1);
    sw_gw_send_json(req, 200, b.data ? b.data : "{}", b.data ? b.len : 2);
    sw_buf_free(&b);
    return 0;
}

/* ---- GET /v1/models ---- */

static bool is_pattern(const char *m)
{
    size_t n = strlen(m);
    return n == 0 || m[n - 1] == '*';
}

static bool listed(const char (*names)[64], int n, const char *m)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(names[i], m))
            return true;
    return false;
}

static void add_name(char (*names)[64], int *n, int cap, const char *m)
{
    if (*n < cap && !is_pattern(m) && !listed((const char(*)[64])names, *n, m))
        snprintf(names[(*n)++], 64, "%s", m);
}

/* The concrete names a tier may be told about: its own exact names, the
 * upstreams' exact names and the configured catalogue, in that order. A
 * name is listed when the tier allows it and some upstream serves it, so
 * that every listed model can be called. */
static int model_names(const sw_config *c, const sw_tier *t, char (*names)[64], int cap)
{
    int n = 0;
    if (!t)
        return 0;
    for (int i = 0; i < t->n_models; i++)
        add_name(names, &n, cap, t->models[i]);
    for (int i = 0; i < c->n_upstreams; i++)
        add_name(names, &n, cap, c->upstreams[i].model);
    for (int i = 0; i < c->n_models; i++)
        add_name(names, &n, cap, c->models[i]);
    int kept = 0;
    for (int i = 0; i < n; i++)
        if (sw_tier_allows_model(t, names[i]) && sw_config_upstream(c, names[i]))
            memmove(names[kept++], names[i], 64);
    return kept;
}

int sw_gw_on_models(h2o_handler_t *self, h2o_req_t *req)
{
    sw_gw_exchange *ex = sw_gw_exchange_of(req);
    if (!ex || ex->inference || !ex->identified)
        return -1;
    const sw_config *c = &ex->conf->cfg;
    enum { CAP = SW_POLICY_MAX_LIST * 3 };
    char(*names)[64] = h2o_mem_alloc_pool(&req->pool, CAP * 64);
    int n = model_names(c, ex->tier, names, CAP);
    sw_buf b;
    sw_buf_init(&b);
    sw_json_obj_begin(&b);
    sw_json_kv_str(&b, "object", "list");
    sw_json_key(&b, "data");
    sw_json_arr_begin(&b);
    const char *first = NULL, *last = NULL;
    for (int i = 0; i < n; i++) {
        sw_json_obj_begin(&b);
        sw_json_kv_str(&b, "id", names[i]);
        sw_json_kv_str(&b, "object", "model");
        sw_json_kv_int(&b, "created", 0);
        sw_json_kv_str(&b, "owned_by", "stillwatch");
        sw_json_kv_str(&b, "type", "model");
        sw_json_kv_str(&b, "display_name", names[i]);
        sw_json_kv_str(&b, "created_at", "1970-01-01T00:00:00Z");
        sw_json_obj_end(&b);
        if (!first)
            first = names[i];
        last = names[i];
    }
    sw_json_arr_end(&b);
    sw_json_kv_bool(&b, "has_more", false);
    sw_json_key(&b, "first_id");
    sw_json_str(&b, first);
    sw_json_key(&b, "last_id");
    sw_json_str(&b, last);
    sw_json_obj_end(&b);
    sw_gw_send_json(req, 200, b.data ? b.data : "{}", b.data ? b.len : 2);
    sw_buf_free(&b);
    return 0;
}

/* ---- the end of the chain ---- */

int sw_gw_on_fallback(h2o_handler_t *self, h2o_req_t *req)
{
    static const struct {
        const char *path, *allow;
    } known[] = {
        {"/v1/chat/completions", "POST"}, {"/v1/completions", "POST"}, {"/v1/responses", "POST"},
        {"/v1/messages", "POST"},         {"/v1/models", "GET"},       {"/v1/auth/token", "POST"},
        {"/healthz", "GET, HEAD"},        {"/metrics", "GET, HEAD"},
    };
    char msg[300];
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        if (!path_is(req, known[i].path))
            continue;
        h2o_set_header(&req->pool, &req->res.headers, H2O_TOKEN_ALLOW, known[i].allow, strlen(known[i].allow), 1);
        snprintf(msg, sizeof msg, "Method %.*s is not allowed on %s; use %s.", (int)req->method.len, req->method.base,
                 known[i].path, known[i].allow);
        sw_gw_send_error(req, 405, "method_not_allowed", msg, 0);
        return 0;
    }
    snprintf(msg, sizeof msg, "Unknown request URL: %.*s %.*s", (int)req->method.len, req->method.base,
             (int)(req->path_normalized.len > 200 ? 200 : req->path_normalized.len), req->path_normalized.base);
    sw_gw_send_error(req, 404, "unknown_url", msg, 0);
    return 0;
}
