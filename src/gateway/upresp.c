/*
 * upresp.c — one upstream HTTP/1.1 response, from http-parser's callbacks
 * to a proxy's events (upresp.h).
 *
 * http-parser reports header names and values in pieces (a read may end in
 * the middle of either), so a header is gathered and handed on when the next
 * name starts or the head ends. Names are lower-cased there: h2o looks
 * headers up by their lower-case tokens and HTTP/2 requires them. The reason
 * phrase and the header being gathered share one buffer (reason, name,
 * value, back to back), so a response costs one allocation however many
 * headers it has.
 *
 * The parser is paused at the end of the final response, so that bytes
 * after it are seen as such instead of being read as a second response that
 * nobody asked for. An interim 1xx response is let through to its end (the
 * parser then starts on the next head) with its headers dropped.
 */
#include "gateway/upresp.h"

#include <ctype.h>
#include <string.h>

static sw_upresp *reader_of(http_parser *p)
{
    return p->data;
}

bool sw_upresp_is_hop_by_hop(const char *name, size_t len)
{
    static const char *const names[] = {"connection", "keep-alive", "transfer-encoding", "te",
                                        "trailer",    "upgrade",    "content-length",    "date",
                                        "server"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i]) == len && memcmp(names[i], name, len) == 0)
            return true;
    return len >= 6 && memcmp(name, "proxy-", 6) == 0;
}

/* Drops the gathered header, keeping the reason phrase before it. */
static void drop_header(sw_upresp *r)
{
    r->head.len = r->reason_len;
    if (r->head.data)
        r->head.data[r->head.len] = '\0';
    r->name_len = 0;
    r->in_value = false;
}

/* Hands the gathered header on (a final response's end-to-end one). */
static int flush_header(sw_upresp *r)
{
    if (!r->name_len)
        return 0;
    int rc = 0;
    const char *name = r->head.data + r->reason_len;
    if (r->head.oom) {
        rc = -1;
    } else if (!r->interim && !sw_upresp_is_hop_by_hop(name, r->name_len)) {
        const char *value = name + r->name_len;
        size_t vlen = r->head.len - r->reason_len - r->name_len;
        while (vlen && (value[vlen - 1] == ' ' || value[vlen - 1] == '\t'))
            vlen--;
        rc = r->ev->header(r->ctx, name, r->name_len, vlen ? value : "", vlen);
    }
    drop_header(r);
    return rc;
}

static int on_message_begin(http_parser *p)
{
    sw_upresp *r = reader_of(p);
    r->reason_len = 0;
    drop_header(r);
    return 0;
}

static int on_status(http_parser *p, const char *at, size_t n)
{
    sw_upresp *r = reader_of(p);
    sw_buf_append(&r->head, at, n); /* nothing follows the reason yet */
    r->reason_len = r->head.len;
    return r->head.oom ? -1 : 0;
}

static int on_header_field(http_parser *p, const char *at, size_t n)
{
    sw_upresp *r = reader_of(p);
    if (r->head_done) /* a trailer of a chunked body: too late for the client's head */
        return 0;
    if (r->in_value && flush_header(r) != 0)
        return -1;
    if (!r->name_len) /* the status is known once the first header starts */
        r->interim = p->status_code >= 100 && p->status_code < 200;
    size_t start = r->head.len;
    sw_buf_append(&r->head, at, n);
    if (r->head.oom)
        return -1;
    r->name_len += n;
    for (size_t i = start; i < r->head.len; i++)
        r->head.data[i] = (char)tolower((unsigned char)r->head.data[i]);
    return 0;
}

static int on_header_value(http_parser *p, const char *at, size_t n)
{
    sw_upresp *r = reader_of(p);
    if (r->head_done)
        return 0;
    r->in_value = true;
    sw_buf_append(&r->head, at, n);
    return r->head.oom ? -1 : 0;
}

/* Returns 1 (no body) for the answer to a HEAD, as http-parser asks. */
static int on_headers_complete(http_parser *p)
{
    sw_upresp *r = reader_of(p);
    r->interim = p->status_code >= 100 && p->status_code < 200;
    if (flush_header(r) != 0)
        return -1;
    if (r->interim) {
        if (p->status_code == 101) {
            r->error = "the upstream switched protocols unasked";
            return -1;
        }
        return 0;
    }
    if (p->status_code < 200 || p->status_code > 599) {
        r->error = "the upstream sent an invalid status code";
        return -1;
    }
    bool chunked = (p->flags & F_CHUNKED) != 0;
    r->content_length = !chunked && (p->flags & F_CONTENTLENGTH) ? (size_t)p->content_length : SIZE_MAX;
    r->head_done = true;
    if (r->ev->head(r->ctx, (int)p->status_code, r->reason_len ? r->head.data : "", r->reason_len) != 0)
        return -1;
    return r->head_request ? 1 : 0;
}

static int on_body(http_parser *p, const char *at, size_t n)
{
    sw_upresp *r = reader_of(p);
    return r->interim ? 0 : r->ev->body(r->ctx, at, n);
}

static int on_message_complete(http_parser *p)
{
    sw_upresp *r = reader_of(p);
    if (r->interim) {
        r->interim = false;
        return 0;
    }
    r->done = true;
    http_parser_pause(p, 1);
    return 0;
}

static const http_parser_settings settings = {
    .on_message_begin = on_message_begin,
    .on_status = on_status,
    .on_header_field = on_header_field,
    .on_header_value = on_header_value,
    .on_headers_complete = on_headers_complete,
    .on_body = on_body,
    .on_message_complete = on_message_complete,
};

void sw_upresp_init(sw_upresp *r, bool head_request, const sw_upresp_events *ev, void *ctx)
{
    memset(r, 0, sizeof *r);
    http_parser_init(&r->parser, HTTP_RESPONSE);
    r->parser.data = r;
    r->ev = ev;
    r->ctx = ctx;
    r->head_request = head_request;
    r->content_length = SIZE_MAX;
    sw_buf_init(&r->head);
}

void sw_upresp_free(sw_upresp *r)
{
    sw_buf_free(&r->head);
}

/* Records why the parser stopped, unless it only paused at the end. */
static int check(sw_upresp *r)
{
    enum http_errno e = HTTP_PARSER_ERRNO(&r->parser);
    if (e == HPE_OK || (e == HPE_PAUSED && r->done))
        return 0;
    if (!r->error)
        r->error = e >= HPE_CB_message_begin && e <= HPE_CB_chunk_complete ? "out of memory reading the response"
                                                                             : http_errno_description(e);
    return -1;
}

/* http-parser as packaged is built lenient (HTTP_PARSER_STRICT=0) and takes
 * "HTTX/1.1" for a status line: the protocol name is checked here. */
static bool speaks_http(sw_upresp *r, const char *p, size_t n)
{
    static const char proto[] = "HTTP/";
    for (size_t i = 0; i < n && r->received + i < sizeof proto - 1; i++)
        if (p[i] != proto[r->received + i])
            return false;
    return true;
}

int sw_upresp_feed(sw_upresp *r, const char *p, size_t n)
{
    if (r->error)
        return -1;
    if (n == 0) /* http-parser would take it for the end of the connection */
        return 0;
    if (r->done) {
        r->extra += n;
        return 0;
    }
    if (!speaks_http(r, p, n)) {
        r->error = "the upstream's answer is not HTTP";
        return -1;
    }
    size_t used = http_parser_execute(&r->parser, &settings, p, n);
    r->received += used;
    if (check(r) != 0)
        return -1;
    if (r->parser.upgrade && !r->error) {
        r->error = "the upstream switched protocols unasked";
        return -1;
    }
    if (r->done)
        r->extra += n - used;
    return 0;
}

int sw_upresp_eof(sw_upresp *r)
{
    if (r->done)
        return 0;
    if (r->error)
        return -1;
    http_parser_execute(&r->parser, &settings, NULL, 0);
    if (check(r) == 0 && r->done)
        return 0;
    r->error = r->received == 0 ? "the upstream closed the connection before responding"
               : !r->head_done   ? "the upstream closed the connection in the middle of the response head"
                                 : "the upstream closed the connection before the response ended";
    return -1;
}

bool sw_upresp_reusable(const sw_upresp *r)
{
    return r->done && !r->error && r->extra == 0 && http_should_keep_alive(&r->parser);
}
