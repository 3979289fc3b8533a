/*
 * event.h — the normalised API exchange that the detector consumes.
 *
 * One traffic-log line (spec/traffic-log.md) becomes one sw_event. Parsing
 * normalises away the differences between endpoints: OpenAI chat messages,
 * Anthropic messages with a top-level system, the Responses API's
 * input/instructions, the legacy completions prompt; string, null and
 * array-of-parts content. What remains is what detection needs: who, from
 * where, when, what was asked (system text, the newest user text, the shape
 * of the conversation and of the parameters) and what came back.
 *
 * Strings point into memory owned by the sw_event_parser that filled the
 * event and stay valid until the next parse with that parser. Absent
 * numbers are -1 (or NAN for temperature).
 */
#ifndef SW_EVENT_H
#define SW_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/ip.h"

typedef enum {
    SW_EP_CHAT,        /* /v1/chat/completions */
    SW_EP_COMPLETIONS, /* /v1/completions */
    SW_EP_RESPONSES,   /* /v1/responses */
    SW_EP_MESSAGES,    /* /v1/messages (Anthropic) */
    SW_EP_OTHER,
} sw_endpoint;

typedef struct sw_event {
    int64_t ts_ms;
    const char *account;
    const char *key;        /* NULL when absent */
    const char *request_id; /* NULL when absent */
    const char *ip_text;
    sw_ip ip;
    int64_t asn;            /* -1 when absent */
    const char *country;    /* NULL when absent */
    const char *user_agent; /* NULL when absent */
    const char *endpoint_path;
    sw_endpoint endpoint;
    const char *model;
    int status;

    /* the request, normalised */
    const char *system; /* system prompt / instructions, parts joined; "" if none */
    size_t system_len;
    const char *prompt; /* text of the newest user turn (or the prompt); "" if none */
    size_t prompt_len;
    size_t context_chars; /* characters of text in all turns */
    int n_messages, n_user, n_assistant, n_tool_results, n_tool_calls, n_images;
    int n_tools;           /* tool definitions offered */
    int64_t max_tokens;    /* max_tokens / max_completion_tokens / max_output_tokens */
    double temperature;    /* NAN when absent */
    int n_choices;         /* n, 1 when absent */
    bool stream;
    bool logprobs;         /* logprobs or top_logprobs asked */
    int reasoning_effort;  /* 0 none/absent, 1 low/minimal, 2 medium, 3 high (or thinking) */
    int64_t thinking_budget;

    /* the response */
    bool has_response;
    size_t response_chars, reasoning_chars;
    int64_t prompt_tokens, completion_tokens, reasoning_tokens, latency_ms;
} sw_event;

typedef struct sw_event_parser sw_event_parser;

int sw_event_parser_new(sw_event_parser **out);
void sw_event_parser_free(sw_event_parser *p);

/*
 * Parses one JSON line (n bytes, need not be NUL-terminated) into ev.
 * Returns SW_OK, or SW_EPARSE with a one-line reason in err (e.g.
 * "missing required field 'account'"). Unknown fields are ignored.
 */
int sw_event_parse(sw_event_parser *p, const char *line, size_t n, sw_event *ev, char *err,
                   size_t errsz);

/* Endpoint of a request path; SW_EP_OTHER for anything else. */
sw_endpoint sw_endpoint_of(const char *path);

#endif
