/*
 * upresp.h — reads one HTTP/1.1 response from a model server (upstream.c).
 *
 * The bytes are parsed by nodejs' http-parser (libhttp-parser); this layer
 * turns its callbacks into what a proxy needs, so that the socket code never
 * sees HTTP syntax:
 *
 *   - the final response only: 1xx interim responses are read and dropped
 *     (a 101 is an error, since the gateway never asks for an upgrade);
 *   - its end-to-end headers, each complete, in order: the hop-by-hop ones
 *     (Connection, Keep-Alive, Transfer-Encoding, TE, Trailer, Upgrade,
 *     Proxy-*) are the connection's business, Content-Length is given as a
 *     number (the client's framing is the gateway's to choose), and Date and
 *     Server are the gateway's own;
 *   - the body decoded (no chunk framing), as it arrives;
 *   - the end, whichever framing: Content-Length, chunked, or the upstream
 *     closing the connection (sw_upresp_eof);
 *   - whether the connection may carry another request.
 *
 * Trailers of a chunked body are read and dropped (the head they would
 * belong to has gone out). Feeding stops at the end of the response: bytes after it (an upstream that
 * talks out of turn) are left unread and counted in `extra`, which makes the
 * connection unfit for reuse. Memory is bounded by http-parser's header limit
 * (80 KB for the whole head). No h2o, no sockets: the fuzz target
 * (tests/fuzz/fuzz_upresp.c) feeds it arbitrary bytes.
 */
#ifndef SW_GW_UPRESP_H
#define SW_GW_UPRESP_H

#include <http_parser.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

/* What the reader reports; each returns 0, or nonzero to stop with an
 * error (out of memory). Pointers are valid only during the call. */
typedef struct sw_upresp_events {
    int (*header)(void *ctx, const char *name, size_t name_len, const char *value, size_t value_len);
    /* the head is complete: the headers above are all there is */
    int (*head)(void *ctx, int status, const char *reason, size_t reason_len);
    int (*body)(void *ctx, const char *p, size_t n);
} sw_upresp_events;

typedef struct sw_upresp {
    http_parser parser;
    const sw_upresp_events *ev;
    void *ctx;
    bool head_request;     /* the response has no body whatever it says */
    bool head_done;        /* the final response's head was reported */
    bool done;             /* the response ended */
    bool interim;          /* the head being read is a 1xx */
    bool in_value;         /* the last header bytes were a value's */
    size_t received;       /* bytes fed so far */
    size_t extra;          /* bytes fed after the end (not read) */
    size_t content_length; /* SIZE_MAX: not given, or the body is chunked */
    const char *error;     /* why the response is unusable, or NULL */
    /* the head being gathered, in one allocation: the reason phrase, then
     * the current header's name (reason_len.. +name_len), then its value */
    sw_buf head;
    size_t reason_len, name_len;
} sw_upresp;

/* head_request: the request was a HEAD. */
void sw_upresp_init(sw_upresp *r, bool head_request, const sw_upresp_events *ev, void *ctx);
void sw_upresp_free(sw_upresp *r);

/* Reads n bytes. 0, or -1 with r->error set; after the end it reads
 * nothing more (see extra). */
int sw_upresp_feed(sw_upresp *r, const char *p, size_t n);

/* The upstream closed the connection: ends a body delimited by the close
 * (0), or -1 with r->error set when the response was not complete. */
int sw_upresp_eof(sw_upresp *r);

/* After the end: whether the connection may carry another request (the
 * upstream did not ask to close, the body was not delimited by the close,
 * nothing came after the response). */
bool sw_upresp_reusable(const sw_upresp *r);

/* Whether a response header is the connection's, not the client's
 * (lower-case name). Exposed for the tests. */
bool sw_upresp_is_hop_by_hop(const char *name, size_t len);

#endif
