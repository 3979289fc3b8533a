/*
 * redact.h — withholding a model's raw reasoning from a response, as it
 * streams past.
 *
 * A tier that does not expose reasoning (sw_tier.expose_reasoning false),
 * and an account the detector degrades, must get the answer, its usage and
 * its stream framing, but none of the reasoning text the model server wrote.
 * The redactor rewrites the response on its way to the client:
 *
 *   OpenAI chat      reasoning_content, reasoning and reasoning_details are
 *                    removed from choices[].message and choices[].delta; a
 *                    streamed choice left with an empty delta and no
 *                    finish_reason or logprobs is removed, and a chunk left
 *                    with no choice and no usage is dropped.
 *   Responses API    output items of type "reasoning" are removed from the
 *                    response object (plain, and inside response.created /
 *                    in_progress / completed / incomplete / failed events);
 *                    the events response.reasoning*, and every event about a
 *                    reasoning item (output_item.added/done, parts), are
 *                    dropped; the remaining output_index values are
 *                    renumbered so that they stay consecutive.
 *   Anthropic        content blocks "thinking" and "redacted_thinking" are
 *                    removed from a message; in a stream their
 *                    content_block_start, _delta and _stop events are
 *                    dropped and the remaining blocks' index renumbered.
 *
 * Two shapes, as in the tap (tap.h): text/event-stream is redacted event by
 * event, holding back at most one incomplete event (SW_REDACT_EVENT_MAX
 * bytes; a larger event is dropped whole and counted, never passed on
 * unread); anything else is one JSON body, kept whole up to
 * SW_REDACT_BODY_MAX and rewritten at the end. An event or body that is not
 * a JSON object, or that names nothing the rules above know, passes through
 * byte for byte. No h2o here.
 */
#ifndef SW_GW_REDACT_H
#define SW_GW_REDACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

#define SW_REDACT_EVENT_MAX (1u << 20)
#define SW_REDACT_BODY_MAX (8u << 20)
/* Reasoning blocks or items remembered per response for renumbering. */
#define SW_REDACT_MAX_DROPPED 1024

/* Indexes of the blocks (or output items) withheld so far: allocated on the
 * first one, since most responses withhold none and the redactor is set up
 * for every response. */
typedef struct sw_redact_idx {
    int64_t *v;
    size_t n, cap;
} sw_redact_idx;

typedef struct sw_redact {
    bool sse;
    sw_buf out;         /* redacted bytes ready for the client: the caller sends, then resets */
    uint64_t removed;   /* fields, items and events withheld */
    uint64_t oversized; /* SSE events dropped for their size */
    bool too_large;     /* the JSON body passed SW_REDACT_BODY_MAX: nothing was emitted */
    /* parser state */
    sw_buf held;        /* the incomplete event, or the JSON body */
    bool dropping;      /* the current event is over the cap: its bytes are discarded */
    size_t line_len;    /* bytes of the current line so far */
    bool cr;            /* the last byte was a CR (a following LF belongs to it) */
    int last;           /* the fate of the last event (redact.c), for the LF of a CRLF */
    sw_redact_idx blocks, items; /* Anthropic block indexes, Responses output indexes */
    bool idx_overflow;  /* more than SW_REDACT_MAX_DROPPED: numbering no longer exact */
    bool seq_started;   /* a Responses event with a sequence_number was kept */
    int64_t seq_next;   /* the sequence_number the next kept one gets */
} sw_redact;

/* content_type may be NULL (then the body is read as JSON). */
void sw_redact_init(sw_redact *r, const char *content_type, size_t ct_len);
/* Redacts n more bytes; what is complete is appended to r->out. */
void sw_redact_feed(sw_redact *r, const char *p, size_t n);
/* End of the response: a last unterminated event is redacted as if ended,
 * a JSON body is rewritten into r->out. False when the body was too large
 * to read (r->too_large; nothing emitted: the caller sends an error). */
bool sw_redact_finish(sw_redact *r);
/* Whether a whole JSON body arriving in this one piece, with nothing fed
 * before it, goes to the client as it is (the rules could change nothing
 * in it): then the caller sends p itself and neither feeds nor finishes.
 * False: feed and finish as usual. */
bool sw_redact_passes_whole(const sw_redact *r, const char *p, size_t n);
void sw_redact_free(sw_redact *r);

/* Redacts one parsed JSON value in place (a body or one event's data);
 * r carries the stream's numbering. 0: untouched, 1: changed, -1: the
 * whole value is to be withheld. */
struct cJSON;
int sw_redact_json(sw_redact *r, struct cJSON *v);

#endif
