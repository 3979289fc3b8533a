/*
 * request.h — reading and rewriting the body of an inference request.
 *
 * The gateway needs little from a body before it can decide: that it is a
 * JSON object, which model it names, whether it streams, how many tokens it
 * may ask for. sw_gw_body_parse() answers those in one walk over the top
 * level of a simdjson document (core/jsondoc.h, lent by the caller), and
 * notes which of the members a rewrite could touch are present.
 *
 * One case changes the body: degrading an account the detector distrusts
 * (or a tier configured so), which strips log-probabilities, caps the answer
 * length and drops reasoning requests before the model server sees them.
 * Only then is an editable cJSON tree built from the client's bytes; a
 * degrade that has nothing to remove or cap costs nothing (most requests:
 * the parse used to build that tree for every request, which was a tenth of
 * the gateway's own CPU time).
 *
 * Duplicate members: JSON leaves them to the reader, and the model server's
 * reader may take the last where this one takes the first. So a body that
 * names model, stream or an answer length twice is refused (otherwise
 * {"model":"allowed","model":"top"} would pass the tier check for one model
 * and run another), and a rewrite removes or caps every copy of a member.
 *
 * Pure functions, no h2o.
 */
#ifndef SW_GW_REQUEST_H
#define SW_GW_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/event.h"
#include "core/jsondoc.h"

struct cJSON;

typedef struct sw_gw_body {
    const char *raw;     /* the client's bytes: not owned, must outlive the body */
    size_t raw_len;
    char *model;         /* owned copy, NUL-free */
    bool stream;
    int64_t max_tokens;  /* the largest answer length asked for; -1 when absent */
    /* what sw_gw_degrade_apply() needs to know without a tree */
    unsigned members;    /* SW_GW_M_* bits present at the top level */
    bool length_odd;     /* an answer-length member that is not a number */
    double length_peak;  /* the largest numeric answer length (-inf when none) */
    struct cJSON *root;  /* owned; NULL until a rewrite needed it */
} sw_gw_body;

enum {
    SW_GW_M_LOGPROBS = 1u << 0, /* logprobs, top_logprobs */
    SW_GW_M_REASONING = 1u << 1, /* reasoning_effort, reasoning, thinking */
    SW_GW_M_LENGTH = 1u << 2,    /* max_tokens, max_completion_tokens, max_output_tokens */
};

/* Parses n bytes at p with doc (whose previous document it replaces). SW_OK;
 * SW_EPARSE with a client-facing reason in *problem (malformed JSON, not an
 * object, no model, a member named twice); SW_ENOMEM. */
int sw_gw_body_parse(sw_jsondoc *doc, const char *p, size_t n, sw_gw_body *out, const char **problem);
void sw_gw_body_free(sw_gw_body *b);

/* Tokens to charge before the answer is known: the prompt's bytes / 4 plus
 * the answer length asked for (capped), settled against usage afterwards. */
int64_t sw_gw_estimate_tokens(size_t body_len, int64_t max_tokens);

typedef struct sw_gw_degrade {
    bool strip_logprobs;    /* logprobs, top_logprobs */
    bool drop_reasoning;    /* reasoning_effort, reasoning, thinking */
    int64_t max_tokens_cap; /* 0: no cap */
} sw_gw_degrade;

/* Rewrites the body for endpoint ep: 1 when anything changed, 0 when the
 * client's bytes stand as they are, SW_ENOMEM or SW_EPARSE when the tree
 * for the rewrite could not be built (the caller must then not forward the
 * body unrewritten). */
int sw_gw_degrade_apply(sw_gw_body *b, sw_endpoint ep, const sw_gw_degrade *d);

/* The body to forward: the rewritten tree, or a copy of the client's bytes
 * when nothing was rewritten; malloc'd, NULL on allocation failure. */
char *sw_gw_body_print(const sw_gw_body *b, size_t *len);

#endif
