/*
 * tap.h — what a model server's response says about itself, read as it
 * streams past.
 *
 * The gateway passes every response chunk to the client as it arrives and
 * shows the same bytes to a tap, which keeps only what the traffic log needs:
 * token usage, the finish reason, and the first text_cap bytes of the answer
 * text and of the visible reasoning (the totals are counted beyond that).
 * Two shapes are understood:
 *
 *   text/event-stream  Server-sent events, parsed line by line across chunk
 *                      boundaries: OpenAI chat/completions chunks (usage in
 *                      the final chunk), Responses API events
 *                      (response.output_text.delta, response.completed) and
 *                      Anthropic events (message_start and message_delta
 *                      carry usage; content_block_delta carries text and
 *                      thinking). One event's data is bounded (SW_TAP_EVENT_MAX);
 *                      a larger one is skipped and counted, never buffered.
 *   anything else      A JSON body (chat, completions, responses or messages
 *                      shape), kept up to SW_TAP_BODY_MAX and read at the end.
 *
 * Memory is bounded by the caps whatever the upstream sends. No h2o here.
 */
#ifndef SW_GW_TAP_H
#define SW_GW_TAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/jsondoc.h"

#define SW_TAP_EVENT_MAX (1u << 20)
#define SW_TAP_BODY_MAX (8u << 20)

typedef struct sw_tap {
    bool sse;
    size_t text_cap;
    sw_buf text, reasoning;     /* at most text_cap bytes each, cut at a character boundary */
    size_t text_total, reasoning_total; /* bytes seen, including those not kept */
    char finish_reason[32];
    int64_t prompt_tokens, completion_tokens, reasoning_tokens; /* -1 until seen */
    uint64_t events, skipped;   /* SSE events read, and those too large or not JSON */
    /* parser state */
    sw_buf line, data, body;
    bool line_too_long, data_too_long, body_too_long, cr;
    sw_jsondoc *json;     /* where events and bodies are parsed (lent, or own_json) */
    sw_jsondoc *own_json; /* made on first use when none was lent */
} sw_tap;

/* content_type may be NULL; text_cap bounds the kept text. */
void sw_tap_init(sw_tap *t, const char *content_type, size_t ct_len, size_t text_cap);
/* Parse with doc (a thread's document, which must outlive the tap's use of
 * it and not be parsed into by anyone else meanwhile); without, the tap
 * makes its own on first use. Call after sw_tap_init. */
void sw_tap_use_json(sw_tap *t, sw_jsondoc *doc);
void sw_tap_feed(sw_tap *t, const char *p, size_t n);
/* End of the response: dispatches a last unterminated event, reads a JSON body. */
void sw_tap_finish(sw_tap *t);
/* sw_tap_feed(t, p, n) then sw_tap_finish(t), except that a whole body
 * arriving in this one piece is read where it lies, not copied first. */
void sw_tap_finish_with(sw_tap *t, const char *p, size_t n);
void sw_tap_free(sw_tap *t);

#endif
