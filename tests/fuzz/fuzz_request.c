/*
 * fuzz_request.c — libFuzzer target for inference request bodies
 * (src/gateway/request.c): the simdjson reading and the degrade rewrite.
 *
 * The first byte picks what the degrade asks (strip log-probabilities, drop
 * reasoning, a cap) and the endpoint; the rest is the body. Whatever the
 * bytes: no crash or leak; a body taken has a non-empty, NUL-free model; and
 * what would be forwarded — the client's bytes untouched or the rewritten
 * tree — satisfies the degrade as an independent reader (cJSON, every
 * member, duplicates included) sees it. Forwarded bytes that are the
 * client's own must be exactly the client's bytes, and a rewritten body
 * must read back as taken, naming the same model, with nothing left to do.
 */
#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "gateway/request.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sw_jsondoc *doc;

static bool is_name(const char *k, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(k, names[i]) == 0)
            return true;
    return false;
}

/* Does the tree obey d? Checked member by member, not through request.c. */
static bool obeys(const cJSON *root, const sw_gw_degrade *d)
{
    static const char *const logprobs[] = {"logprobs", "top_logprobs"};
    static const char *const reasoning[] = {"reasoning_effort", "reasoning", "thinking"};
    static const char *const lengths[] = {"max_tokens", "max_completion_tokens", "max_output_tokens"};
    bool length = false;
    for (const cJSON *c = root->child; c; c = c->next) {
        if (!c->string)
            return false;
        if (d->strip_logprobs && is_name(c->string, logprobs, 2))
            return false;
        if (d->drop_reasoning && is_name(c->string, reasoning, 3))
            return false;
        if (d->max_tokens_cap > 0 && is_name(c->string, lengths, 3)) {
            if (!cJSON_IsNumber(c) || c->valuedouble > (double)d->max_tokens_cap)
                return false;
            length = true;
        }
    }
    return d->max_tokens_cap <= 0 || length;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!doc && sw_jsondoc_new(&doc) != SW_OK)
        abort();
    if (size < 1)
        return 0;
    sw_gw_degrade d = {
        .strip_logprobs = data[0] & 1,
        .drop_reasoning = data[0] & 2,
        .max_tokens_cap = (data[0] & 4) ? 64 << (data[0] >> 5) : 0,
    };
    sw_endpoint ep = (data[0] & 8) ? SW_EP_RESPONSES : (data[0] & 16) ? SW_EP_MESSAGES : SW_EP_CHAT;
    const char *raw = (const char *)data + 1;
    size_t n = size - 1;

    sw_gw_body b;
    const char *problem = NULL;
    int rc = sw_gw_body_parse(doc, raw, n, &b, &problem);
    if (rc != SW_OK) {
        if (rc != SW_EPARSE || !problem || !problem[0] || b.model || b.root)
            abort();
        return 0;
    }
    size_t model_len = strlen(b.model);
    if (model_len == 0)
        abort();
    char *model = strdup(b.model);

    int changed = sw_gw_degrade_apply(&b, ep, &d);
    size_t len = 0;
    char *out = changed >= 0 ? sw_gw_body_print(&b, &len) : NULL;
    if (changed == 0) {
        if (!out || len != n || memcmp(out, raw, n) != 0)
            abort();
        cJSON *ref = cJSON_ParseWithLength(raw, n);
        /* cJSON may refuse what simdjson took (its nesting limit): no reference then */
        if (ref && !obeys(ref, &d))
            abort();
        cJSON_Delete(ref);
    } else if (changed == 1) {
        cJSON *ref = out ? cJSON_Parse(out) : NULL;
        if (!ref || !obeys(ref, &d))
            abort();
        cJSON_Delete(ref);
        sw_gw_body again;
        if (sw_gw_body_parse(doc, out, len, &again, &problem) != SW_OK || strcmp(again.model, model) != 0 ||
            sw_gw_degrade_apply(&again, ep, &d) != 0)
            abort();
        sw_gw_body_free(&again);
    } else if (changed != SW_EPARSE && changed != SW_ENOMEM) {
        abort();
    }
    free(out);
    free(model);
    sw_gw_body_free(&b);
    return 0;
}
