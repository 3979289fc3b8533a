/*
 * request.c — inference request bodies (see request.h).
 *
 * The answer-length field has a different name per API (max_tokens,
 * max_completion_tokens, max_output_tokens); all are read, and a cap
 * rewrites every one present, adding the endpoint's own field when none is,
 * so that a capped request cannot escape by leaving the length out.
 */
#include "gateway/request.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"

static const char *const length_fields[] = {"max_tokens", "max_completion_tokens", "max_output_tokens"};

static int64_t int_field(const cJSON *root, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, name);
    if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || v->valuedouble < 0 || v->valuedouble > 9e15)
        return -1;
    return (int64_t)v->valuedouble;
}

int sw_gw_body_parse(const char *p, size_t n, sw_gw_body *out, const char **problem)
{
    memset(out, 0, sizeof *out);
    out->max_tokens = -1;
    if (n == 0) {
        *problem = "the request body is empty; a JSON object is expected";
        return SW_EPARSE;
    }
    cJSON *root = cJSON_ParseWithLength(p, n);
    if (!root) {
        *problem = "the request body is not valid JSON";
        return SW_EPARSE;
    }
    if (!cJSON_IsObject(root)) {
        cJSON_Delete(root);
        *problem = "the request body must be a JSON object";
        return SW_EPARSE;
    }
    const cJSON *model = cJSON_GetObjectItemCaseSensitive(root, "model");
    if (!cJSON_IsString(model) || !model->valuestring[0]) {
        cJSON_Delete(root);
        *problem = "you must provide a model parameter";
        return SW_EPARSE;
    }
    out->root = root;
    out->model = model->valuestring;
    out->stream = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(root, "stream"));
    for (size_t i = 0; i < sizeof length_fields / sizeof length_fields[0]; i++) {
        int64_t v = int_field(root, length_fields[i]);
        if (v > out->max_tokens)
            out->max_tokens = v;
    }
    return SW_OK;
}

void sw_gw_body_free(sw_gw_body *b)
{
    cJSON_Delete(b->root);
    b->root = NULL;
    b->model = NULL;
}

int64_t sw_gw_estimate_tokens(size_t body_len, int64_t max_tokens)
{
    int64_t answer = max_tokens < 0 ? 256 : max_tokens > 8192 ? 8192 : max_tokens;
    return (int64_t)(body_len / 4) + answer;
}

static bool drop(cJSON *root, const char *name)
{
    cJSON *v = cJSON_DetachItemFromObjectCaseSensitive(root, name);
    cJSON_Delete(v);
    return v != NULL;
}

static const char *own_length_field(sw_endpoint ep)
{
    return ep == SW_EP_RESPONSES ? "max_output_tokens" : "max_tokens";
}

bool sw_gw_degrade_apply(sw_gw_body *b, sw_endpoint ep, const sw_gw_degrade *d)
{
    cJSON *root = b->root;
    bool changed = false;
    if (!root)
        return false;
    if (d->strip_logprobs) {
        changed |= drop(root, "logprobs");
        changed |= drop(root, "top_logprobs");
    }
    if (d->drop_reasoning) {
        changed |= drop(root, "reasoning_effort");
        changed |= drop(root, "reasoning");
        changed |= drop(root, "thinking");
    }
    if (d->max_tokens_cap > 0) {
        bool present = false;
        for (size_t i = 0; i < sizeof length_fields / sizeof length_fields[0]; i++) {
            cJSON *v = cJSON_GetObjectItemCaseSensitive(root, length_fields[i]);
            if (!v)
                continue;
            present = true;
            if (!cJSON_IsNumber(v) || v->valuedouble > (double)d->max_tokens_cap) {
                cJSON_ReplaceItemInObjectCaseSensitive(root, length_fields[i],
                                                       cJSON_CreateNumber((double)d->max_tokens_cap));
                changed = true;
            }
        }
        if (!present) {
            cJSON_AddNumberToObject(root, own_length_field(ep), (double)d->max_tokens_cap);
            changed = true;
        }
        if (b->max_tokens < 0 || b->max_tokens > d->max_tokens_cap)
            b->max_tokens = d->max_tokens_cap;
    }
    if (changed) {
        const cJSON *model = cJSON_GetObjectItemCaseSensitive(root, "model");
        b->model = model->valuestring;
    }
    return changed;
}

char *sw_gw_body_print(const sw_gw_body *b, size_t *len)
{
    char *s = cJSON_PrintUnformatted(b->root);
    if (s)
        *len = strlen(s);
    return s;
}
