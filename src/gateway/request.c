/*
 * request.c — inference request bodies (see request.h).
 *
 * The answer-length member has a different name per API (max_tokens,
 * max_completion_tokens, max_output_tokens); all are read, and a cap
 * rewrites every one present, adding the endpoint's own member when none
 * is, so that a capped request cannot escape by leaving the length out.
 */
#include "gateway/request.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"

/* The top-level members the gateway reads or may rewrite. */
typedef enum { M_MODEL, M_STREAM, M_LENGTH, M_LOGPROBS, M_REASONING } member_kind;

static const struct member {
    const char *name;
    size_t len;
    member_kind kind;
    const char *twice; /* refusal when named twice; NULL: duplicates allowed (all are removed) */
} members[] = {
#define MEMBER(name, kind, twice) {name, sizeof name - 1, kind, twice}
    MEMBER("model", M_MODEL, "the request body names \"model\" more than once"),
    MEMBER("stream", M_STREAM, "the request body names \"stream\" more than once"),
    MEMBER("max_tokens", M_LENGTH, "the request body names \"max_tokens\" more than once"),
    MEMBER("max_completion_tokens", M_LENGTH, "the request body names \"max_completion_tokens\" more than once"),
    MEMBER("max_output_tokens", M_LENGTH, "the request body names \"max_output_tokens\" more than once"),
    MEMBER("logprobs", M_LOGPROBS, NULL),
    MEMBER("top_logprobs", M_LOGPROBS, NULL),
    MEMBER("reasoning_effort", M_REASONING, NULL),
    MEMBER("reasoning", M_REASONING, NULL),
    MEMBER("thinking", M_REASONING, NULL),
#undef MEMBER
};
enum { N_MEMBERS = sizeof members / sizeof members[0] };

static const struct member *member_named(const char *key, size_t len)
{
    for (size_t i = 0; i < N_MEMBERS; i++)
        if (members[i].len == len && memcmp(members[i].name, key, len) == 0)
            return &members[i];
    return NULL;
}

static int refuse(sw_gw_body *b, const char **problem, const char *why)
{
    free(b->model);
    b->model = NULL;
    *problem = why;
    return SW_EPARSE;
}

int sw_gw_body_parse(sw_jsondoc *doc, const char *p, size_t n, sw_gw_body *out, const char **problem)
{
    memset(out, 0, sizeof *out);
    out->raw = p;
    out->raw_len = n;
    out->max_tokens = -1;
    out->length_peak = -INFINITY;
    if (n == 0)
        return refuse(out, problem, "the request body is empty; a JSON object is expected");
    sw_jv root;
    char err[128];
    int rc = sw_jsondoc_parse(doc, p, n, &root, err, sizeof err);
    if (rc == SW_ENOMEM)
        return rc;
    if (rc != SW_OK)
        return refuse(out, problem, "the request body is not valid JSON");
    if (sw_jv_type(root) != SW_JV_OBJECT)
        return refuse(out, problem, "the request body must be a JSON object");

    unsigned seen = 0; /* bit i: members[i] met */
    sw_jv_iter it;
    const char *key;
    size_t keylen;
    sw_jv v;
    sw_jv_iter_init(root, &it);
    while (sw_jv_next(&it, &key, &keylen, &v)) {
        /* a name is read up to a NUL, as cJSON reads it when it rewrites:
         * "logprobs\u0000x" counts as logprobs, which can only strip more */
        const struct member *m = member_named(key, strnlen(key, keylen));
        if (!m)
            continue;
        unsigned bit = 1u << (m - members);
        if ((seen & bit) && m->twice)
            return refuse(out, problem, m->twice);
        seen |= bit;
        double num;
        switch (m->kind) {
        case M_MODEL: {
            size_t len;
            const char *s = sw_jv_str(v, &len);
            if (!s || len == 0 || memchr(s, '\0', len))
                return refuse(out, problem, "you must provide a model parameter (a non-empty string)");
            out->model = malloc(len + 1);
            if (!out->model)
                return SW_ENOMEM;
            memcpy(out->model, s, len + 1);
            break;
        }
        case M_STREAM:
            out->stream = sw_jv_is_true(v);
            break;
        case M_LENGTH: {
            out->members |= SW_GW_M_LENGTH;
            if (!sw_jv_num(v, &num)) {
                out->length_odd = true;
                break;
            }
            if (num > out->length_peak)
                out->length_peak = num;
            int64_t count = sw_jv_count(v);
            if (count > out->max_tokens)
                out->max_tokens = count;
            break;
        }
        case M_LOGPROBS:
            out->members |= SW_GW_M_LOGPROBS;
            break;
        case M_REASONING:
            out->members |= SW_GW_M_REASONING;
            break;
        }
    }
    if (!out->model)
        return refuse(out, problem, "you must provide a model parameter (a non-empty string)");
    return SW_OK;
}

void sw_gw_body_free(sw_gw_body *b)
{
    cJSON_Delete(b->root);
    b->root = NULL;
    free(b->model);
    b->model = NULL;
}

int64_t sw_gw_estimate_tokens(size_t body_len, int64_t max_tokens)
{
    int64_t answer = max_tokens < 0 ? 256 : max_tokens > 8192 ? 8192 : max_tokens;
    return (int64_t)(body_len / 4) + answer;
}

static const char *own_length_field(sw_endpoint ep)
{
    return ep == SW_EP_RESPONSES ? "max_output_tokens" : "max_tokens";
}

/* Whether d changes b, from what the parse noted. */
static bool needs_rewrite(const sw_gw_body *b, const sw_gw_degrade *d)
{
    if (d->strip_logprobs && (b->members & SW_GW_M_LOGPROBS))
        return true;
    if (d->drop_reasoning && (b->members & SW_GW_M_REASONING))
        return true;
    if (d->max_tokens_cap > 0)
        return !(b->members & SW_GW_M_LENGTH) || b->length_odd || b->length_peak > (double)d->max_tokens_cap;
    return false;
}

/* Rewrites the tree: every copy of a stripped member goes, every answer
 * length above the cap (or not a number) becomes the cap. */
static int rewrite(cJSON *root, sw_endpoint ep, const sw_gw_degrade *d)
{
    bool length_present = false;
    for (cJSON *c = root->child, *next; c; c = next) {
        next = c->next;
        const struct member *m = c->string ? member_named(c->string, strlen(c->string)) : NULL;
        if (!m)
            continue;
        if ((m->kind == M_LOGPROBS && d->strip_logprobs) || (m->kind == M_REASONING && d->drop_reasoning)) {
            cJSON_Delete(cJSON_DetachItemViaPointer(root, c));
        } else if (m->kind == M_LENGTH && d->max_tokens_cap > 0) {
            length_present = true;
            if (cJSON_IsNumber(c)) {
                if (c->valuedouble > (double)d->max_tokens_cap)
                    cJSON_SetNumberValue(c, (double)d->max_tokens_cap);
                continue;
            }
            /* not a number: replaced by the cap under the same name (the
             * new member goes last, where this walk meets it as in bounds) */
            cJSON *odd = cJSON_DetachItemViaPointer(root, c);
            bool added = cJSON_AddNumberToObject(root, m->name, (double)d->max_tokens_cap) != NULL;
            cJSON_Delete(odd);
            if (!added)
                return SW_ENOMEM;
        }
    }
    if (d->max_tokens_cap > 0 && !length_present &&
        !cJSON_AddNumberToObject(root, own_length_field(ep), (double)d->max_tokens_cap))
        return SW_ENOMEM;
    return SW_OK;
}

int sw_gw_degrade_apply(sw_gw_body *b, sw_endpoint ep, const sw_gw_degrade *d)
{
    if (d->max_tokens_cap > 0 && (b->max_tokens < 0 || b->max_tokens > d->max_tokens_cap))
        b->max_tokens = d->max_tokens_cap;
    if (!needs_rewrite(b, d))
        return 0;
    if (!b->root) {
        b->root = cJSON_ParseWithLength(b->raw, b->raw_len);
        if (!cJSON_IsObject(b->root)) {
            /* simdjson took it; cJSON did not (nesting beyond its limit, or memory) */
            cJSON_Delete(b->root);
            b->root = NULL;
            return SW_EPARSE;
        }
    }
    int rc = rewrite(b->root, ep, d);
    if (rc != SW_OK)
        return rc;
    /* noted state now describes the tree */
    if (d->strip_logprobs)
        b->members &= ~SW_GW_M_LOGPROBS;
    if (d->drop_reasoning)
        b->members &= ~SW_GW_M_REASONING;
    if (d->max_tokens_cap > 0) {
        b->members |= SW_GW_M_LENGTH;
        b->length_odd = false;
        if (b->length_peak == -INFINITY || b->length_peak > (double)d->max_tokens_cap)
            b->length_peak = (double)d->max_tokens_cap; /* capped, or the member added */
    }
    return 1;
}

char *sw_gw_body_print(const sw_gw_body *b, size_t *len)
{
    if (b->root) {
        char *s = cJSON_PrintUnformatted(b->root);
        if (s)
            *len = strlen(s);
        return s;
    }
    char *s = malloc(b->raw_len + 1);
    if (!s)
        return NULL;
    memcpy(s, b->raw, b->raw_len);
    s[b->raw_len] = '\0';
    *len = b->raw_len;
    return s;
}
