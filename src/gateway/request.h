/*
 * request.h — reading and rewriting the body of an inference request.
 *
 * The gateway needs little from a body before it can decide: that it is a
 * JSON object, which model it names, whether it streams, how many tokens it
 * may ask for. sw_gw_body_parse() answers those and keeps the parsed tree for
 * the one case that changes the body: degrading an account the detector
 * distrusts (or a tier configured so), which strips log-probabilities, caps
 * the answer length and drops reasoning requests before the model server
 * sees them. Pure functions over cJSON, no h2o.
 */
#ifndef SW_GW_REQUEST_H
#define SW_GW_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/event.h"

struct cJSON;

typedef struct sw_gw_body {
    struct cJSON *root;  /* owned; sw_gw_body_free() */
    const char *model;   /* points into root */
    bool stream;
    int64_t max_tokens;  /* -1 when absent */
} sw_gw_body;

/* Parses n bytes. SW_OK; SW_EPARSE with a client-facing reason in *problem
 * (malformed JSON, not an object, no model). */
int sw_gw_body_parse(const char *p, size_t n, sw_gw_body *out, const char **problem);
void sw_gw_body_free(sw_gw_body *b);

/* Tokens to charge before the answer is known: the prompt's bytes / 4 plus
 * the answer length asked for (capped), settled against usage afterwards. */
int64_t sw_gw_estimate_tokens(size_t body_len, int64_t max_tokens);

typedef struct sw_gw_degrade {
    bool strip_logprobs;    /* logprobs, top_logprobs */
    bool drop_reasoning;    /* reasoning_effort, reasoning, thinking */
    int64_t max_tokens_cap; /* 0: no cap */
} sw_gw_degrade;

/* Rewrites the parsed body for endpoint ep; true when anything changed. */
bool sw_gw_degrade_apply(sw_gw_body *b, sw_endpoint ep, const sw_gw_degrade *d);

/* Serialises the (rewritten) body; malloc'd, NULL on allocation failure. */
char *sw_gw_body_print(const sw_gw_body *b, size_t *len);

#endif
