/*
 * trafficlog.h — one traffic-log line (spec/traffic-log.md, version 1) per
 * API exchange the gateway handled.
 *
 * The gateway writes what it saw; `stillwatch scan` and the online detector
 * read it back through sw_event_parse, so the line is the one record of an
 * exchange. The request object is the client's body byte for byte except for
 * insignificant whitespace (a JSON Lines record cannot contain a raw newline),
 * raw control characters inside strings (escaped) and invalid UTF-8 (replaced
 * by U+FFFD): sw_gw_json_compact() makes any valid JSON text safe for a line.
 * Pure functions, no h2o.
 */
#ifndef SW_GW_TRAFFICLOG_H
#define SW_GW_TRAFFICLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

typedef struct sw_gw_record {
    int64_t ts_ms;              /* arrival of the request */
    const char *request_id;     /* may be NULL */
    const char *account;
    const char *key;            /* credential id, may be NULL */
    const char *ip;
    int64_t asn;                /* -1: unknown */
    const char *country;        /* NULL or "": unknown */
    const char *user_agent;     /* may be NULL */
    const char *endpoint;       /* request path without query */
    const char *model;
    const char *request;        /* the client's JSON body, as sent */
    size_t request_len;
    bool has_response;          /* write "response" (text, reasoning, finish_reason) */
    const char *text, *reasoning;
    size_t text_len, reasoning_len;
    const char *finish_reason;  /* NULL or "": absent */
    int status;
    int64_t prompt_tokens, completion_tokens, reasoning_tokens; /* -1: unknown */
    int64_t latency_ms;         /* -1: unknown */
} sw_gw_record;

/* Appends src (n bytes of valid JSON text) to b without insignificant
 * whitespace, escaping raw control characters in strings and replacing
 * invalid UTF-8. */
void sw_gw_json_compact(sw_buf *b, const char *src, size_t n);

/* Appends the record as one JSON line ending in '\n'. SW_ENOMEM if b ran out. */
int sw_gw_record_line(sw_buf *b, const sw_gw_record *r);

#endif
