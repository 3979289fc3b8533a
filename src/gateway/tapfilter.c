/*
 * tapfilter.c — the output filter on every response, and the metrics logger.
 *
 * The filter sits in h2o's output chain. For an inference call answered by
 * the model server (upstream.h) it shows each chunk to the exchange's tap
 * (tap.h) and passes the same chunk on at once — nothing is held back, so
 * streams reach the client as the model produces them. It also puts the
 * gateway's own face on refusals that h2o sends by itself in plain text
 * (a body over its own limit, before any handler ran): those become the
 * JSON error of the endpoint's API, so clients raise their usual
 * exceptions. The gateway's own errors (upstream failures included) are
 * JSON already and pass untouched.
 *
 * When the client may not see the model's reasoning (its tier does not
 * expose it, or the detector degrades the account), the filter also runs
 * the reasoning redactor (redact.h) after the tap: the tap, and so the
 * traffic log, reads the model server's bytes as they came; the client gets
 * them with the reasoning withheld. The length of a rewritten answer is not
 * known in advance, so such a response loses its Content-Length and goes
 * out chunked (HTTP/1.1) or in DATA frames to the end (HTTP/2). A chunk
 * that yields nothing to send (a withheld event, a JSON body still being
 * read) is not passed on: h2o would take an empty send for the end of the
 * response. The model server is asked for the next chunk from the event
 * loop instead (zero timeout), so that a long run of withheld chunks never
 * nests calls.
 *
 * The logger runs when h2o disposes of a request, once per request, and
 * counts it in the metrics with its status, tier and verdict.
 */
#include <string.h>
#include <strings.h>
#include <sys/time.h>

#include "gateway/gw.h"
#include "gateway/redact.h"

/* The redactor of one response; a shared block of the request's pool, so
 * that its buffers are freed however the request ends. */
typedef struct {
    sw_redact r;
    h2o_req_t *req;
    sw_gw_metrics *metrics;
    h2o_timeout_entry_t defer; /* the deferred request for the next chunk */
    bool counted;              /* counted in stillwatch_redacted_responses_total */
    bool exact;                /* a whole body of announced length: sent with a content-length */
} redact_slot;

typedef struct {
    h2o_ostream_t super;
    sw_gw_exchange *ex; /* NULL: only replacing an error body */
    h2o_iovec_t replace;
    bool replaced;
    redact_slot *redact; /* NULL: the response goes out as it came */
} tap_ostream;

static bool is_plain_text(h2o_req_t *req)
{
    ssize_t i = h2o_find_header(&req->res.headers, H2O_TOKEN_CONTENT_TYPE, -1);
    return i != -1 && req->res.headers.entries[i].value.len >= 10 &&
           strncasecmp(req->res.headers.entries[i].value.base, "text/plain", 10) == 0;
}

/* Rewrites an h2o-generated plain-text error into JSON; returns the body to
 * send instead, or {NULL} to leave the response alone. */
static h2o_iovec_t json_face(h2o_req_t *req, sw_gw_exchange *ex)
{
    h2o_iovec_t none = {NULL, 0};
    int status = req->res.status;
    if (status < 400 || !is_plain_text(req))
        return none;
    if (ex && sw_gw_upstream_started(ex->upstream))
        return none; /* the model server's own answer: passed on as it is */
    const char *code, *message;
    char text[300];
    if (status == 413) {
        code = "request_too_large";
        message = "The request body is too large.";
    } else {
        code = NULL;
        snprintf(text, sizeof text, "%s", req->res.reason ? req->res.reason : sw_gw_status_reason(status));
        message = text;
    }
    sw_buf b;
    sw_buf_init(&b);
    sw_gw_error_body(&b, sw_gw_style_of(req->path_normalized.base, req->path_normalized.len), status, code, message);
    h2o_iovec_t body = b.oom ? h2o_strdup(&req->pool, "{}", 2) : h2o_strdup(&req->pool, b.data, b.len);
    sw_buf_free(&b);
    req->res.status = status;
    req->res.reason = sw_gw_status_reason(status);
    req->res.content_length = body.len;
    h2o_set_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE, H2O_STRLIT("application/json"), 1);
    return body;
}

/* ---- reasoning redaction ---- */

/* Whether this exchange's client may not see reasoning: its tier does not
 * expose it, or the detector's verdict has it served degraded. */
static bool withholds_reasoning(const sw_gw_exchange *ex)
{
    if (!ex->tier)
        return true;
    bool distrusted = ex->have_verdict && ex->verdict == SW_THROTTLE && ex->conf->cfg.degrade_instead_of_throttle;
    return !ex->tier->expose_reasoning || distrusted || ex->degraded;
}

static void redact_dispose(void *p)
{
    redact_slot *s = p;
    if (h2o_timeout_is_linked(&s->defer))
        h2o_timeout_unlink(&s->defer);
    sw_redact_free(&s->r);
}

static void redact_proceed(h2o_timeout_entry_t *entry)
{
    redact_slot *s = H2O_STRUCT_FROM_MEMBER(redact_slot, defer, entry);
    h2o_proceed_response(s->req);
}

/* Counts what the redactor did so far, the response once. */
static void redact_count(redact_slot *s, uint64_t oversized_before)
{
    uint64_t responses = 0;
    if (s->r.removed && !s->counted) {
        s->counted = true;
        responses = 1;
    }
    if (responses || s->r.oversized != oversized_before)
        sw_gw_metrics_redacted(s->metrics, responses, s->r.oversized - oversized_before);
}

/* A JSON answer the client cannot have — too large to read whole, or
 * broken off by the model server before its end — becomes a 502 the client
 * can act on. Nothing was sent yet (a JSON body goes out at its end), so the
 * status can still change. */
static void redact_refuse(tap_ostream *self, h2o_req_t *req, const char *code, const char *message)
{
    sw_buf *out = &self->redact->r.out;
    sw_buf_reset(out);
    sw_gw_error_body(out, sw_gw_style_of(req->path_normalized.base, req->path_normalized.len), 502, code, message);
    req->res.status = 502;
    req->res.reason = sw_gw_status_reason(502);
    if (self->ex)
        self->ex->status = 502;
}

/* Passes redacted bytes on. A whole JSON body goes out in the one send
 * that ends the response (the redactor holds it until then), and h2o
 * writes the head at that send, so its exact length can still be set: the
 * client gets a content-length, as from the model server, not chunks. */
static void pass_on(tap_ostream *self, h2o_req_t *req, h2o_iovec_t *bufs, size_t bufcnt, h2o_send_state_t state)
{
    if (self->redact->exact && state == H2O_SEND_STATE_FINAL) {
        size_t len = 0;
        for (size_t i = 0; i < bufcnt; i++)
            len += bufs[i].len;
        req->res.content_length = len;
    }
    h2o_ostream_send_next(&self->super, req, bufs, bufcnt, state);
}

static void redact_send(tap_ostream *self, h2o_req_t *req, h2o_iovec_t *bufs, size_t bufcnt, h2o_send_state_t state)
{
    redact_slot *s = self->redact;
    uint64_t oversized_before = s->r.oversized;
    sw_buf_reset(&s->r.out); /* what it held was sent: h2o asks for more only then */
    if (s->exact && state == H2O_SEND_STATE_ERROR) {
        redact_refuse(self, req, "upstream_incomplete", "The model server's answer broke off before its end.");
        h2o_iovec_t err = h2o_iovec_init(s->r.out.data, s->r.out.len);
        pass_on(self, req, &err, 1, H2O_SEND_STATE_FINAL);
        return;
    }
    if (!h2o_send_state_is_in_progress(state) && bufcnt == 1 &&
        sw_redact_passes_whole(&s->r, bufs[0].base, bufs[0].len)) {
        /* the common answer: nothing to withhold */
        pass_on(self, req, bufs, 1, state);
        return;
    }
    for (size_t i = 0; i < bufcnt; i++)
        sw_redact_feed(&s->r, bufs[i].base, bufs[i].len);
    bool in_progress = h2o_send_state_is_in_progress(state);
    if (!in_progress && !sw_redact_finish(&s->r))
        redact_refuse(self, req, "response_too_large",
                      "The model server's answer was too large for the gateway to filter.");
    redact_count(s, oversized_before);
    if (in_progress && s->r.out.len == 0) {
        h2o_timeout_link(req->conn->ctx->loop, &req->conn->ctx->zero_timeout, &s->defer);
        return;
    }
    h2o_iovec_t out = h2o_iovec_init(s->r.out.data, s->r.out.len);
    pass_on(self, req, &out, out.len ? 1 : 0, state);
}

/* Sets up redaction at the response's start; false when the response
 * cannot be redacted (an encoded body) and must be refused. */
static bool redact_setup(tap_ostream *os, h2o_req_t *req, sw_gw_exchange *ex)
{
    ssize_t ce = h2o_find_header(&req->res.headers, H2O_TOKEN_CONTENT_ENCODING, -1);
    if (ce != -1 && !h2o_lcstris(req->res.headers.entries[ce].value.base, req->res.headers.entries[ce].value.len,
                                 H2O_STRLIT("identity")))
        return false; /* the gateway asks for identity (route.c); anything else cannot be read */
    redact_slot *s = h2o_mem_alloc_shared(&req->pool, sizeof *s, redact_dispose);
    memset(s, 0, sizeof *s);
    ssize_t ct = h2o_find_header(&req->res.headers, H2O_TOKEN_CONTENT_TYPE, -1);
    sw_redact_init(&s->r, ct != -1 ? req->res.headers.entries[ct].value.base : NULL,
                   ct != -1 ? req->res.headers.entries[ct].value.len : 0);
    s->req = req;
    s->metrics = ex->gw->metrics;
    s->defer.cb = redact_proceed;
    /* the rewritten answer's length is not known yet: a whole JSON body of
     * announced length keeps a length, set when it goes (pass_on); any
     * other answer is sent in chunks */
    s->exact = !s->r.sse && req->res.content_length != SIZE_MAX;
    if (!s->exact)
        req->res.content_length = SIZE_MAX;
    ssize_t cl;
    while ((cl = h2o_find_header(&req->res.headers, H2O_TOKEN_CONTENT_LENGTH, -1)) != -1)
        h2o_delete_header(&req->res.headers, cl);
    os->redact = s;
    return true;
}

/* The refusal of an answer the redactor cannot read. */
static h2o_iovec_t encoded_face(h2o_req_t *req, sw_gw_exchange *ex)
{
    sw_buf b;
    sw_buf_init(&b);
    sw_gw_error_body(&b, sw_gw_style_of(req->path_normalized.base, req->path_normalized.len), 502,
                     "upstream_encoding", "The model server sent an encoded answer the gateway cannot filter.");
    h2o_iovec_t body = b.oom ? h2o_strdup(&req->pool, "{}", 2) : h2o_strdup(&req->pool, b.data, b.len);
    sw_buf_free(&b);
    req->res.status = ex->status = 502;
    req->res.reason = sw_gw_status_reason(502);
    req->res.content_length = body.len;
    ssize_t ce = h2o_find_header(&req->res.headers, H2O_TOKEN_CONTENT_ENCODING, -1);
    if (ce != -1)
        h2o_delete_header(&req->res.headers, ce);
    h2o_set_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE, H2O_STRLIT("application/json"), 1);
    return body;
}

/* ---- the filter ---- */

static void on_send(h2o_ostream_t *_self, h2o_req_t *req, h2o_iovec_t *bufs, size_t bufcnt, h2o_send_state_t state)
{
    tap_ostream *self = (tap_ostream *)_self;
    if (self->replace.base) {
        if (self->replaced) {
            h2o_ostream_send_next(&self->super, req, NULL, 0, state);
        } else {
            self->replaced = true;
            h2o_ostream_send_next(&self->super, req, &self->replace, 1, state);
        }
        return;
    }
    sw_gw_exchange *ex = self->ex;
    if (ex && ex->tapping && !ex->ended) {
        bool last = !h2o_send_state_is_in_progress(state);
        /* the last piece is read where it lies (a whole answer usually comes in one) */
        size_t fed = last && bufcnt ? bufcnt - 1 : bufcnt;
        for (size_t i = 0; i < fed; i++)
            sw_tap_feed(&ex->tap, bufs[i].base, bufs[i].len);
        if (last) {
            ex->ended = true;
            ex->end_ms = sw_gw_now_ms();
            if (bufcnt)
                sw_tap_finish_with(&ex->tap, bufs[bufcnt - 1].base, bufs[bufcnt - 1].len);
            else
                sw_tap_finish(&ex->tap);
        }
    } else if (ex && !h2o_send_state_is_in_progress(state) && !ex->end_ms) {
        ex->end_ms = sw_gw_now_ms();
    }
    if (self->redact) {
        redact_send(self, req, bufs, bufcnt, state);
        return;
    }
    h2o_ostream_send_next(&self->super, req, bufs, bufcnt, state);
}

static void on_setup_ostream(h2o_filter_t *self, h2o_req_t *req, h2o_ostream_t **slot)
{
    sw_gw_exchange *ex = sw_gw_exchange_of(req);
    h2o_iovec_t replace = json_face(req, ex);
    if (!ex && !replace.base) {
        h2o_setup_next_ostream(req, slot);
        return;
    }
    if (ex) {
        ex->status = req->res.status;
        h2o_set_header_by_str(&req->pool, &req->res.headers, H2O_STRLIT("x-request-id"), 0, ex->request_id,
                              strlen(ex->request_id), 1);
        if (ex->inference && sw_gw_upstream_started(ex->upstream) && !replace.base && !ex->tapping) {
            ssize_t ct = h2o_find_header(&req->res.headers, H2O_TOKEN_CONTENT_TYPE, -1);
            const char *ctv = ct != -1 ? req->res.headers.entries[ct].value.base : NULL;
            size_t ctl = ct != -1 ? req->res.headers.entries[ct].value.len : 0;
            sw_tap_free(&ex->tap);
            sw_tap_init(&ex->tap, ctv, ctl, (size_t)ex->conf->cfg.log_text_bytes);
            sw_tap_use_json(&ex->tap, ex->th->json);
            ex->tapping = true;
        }
    }
    tap_ostream *os = (tap_ostream *)h2o_add_ostream(req, sizeof *os, slot);
    os->super.do_send = on_send;
    os->ex = ex;
    os->replaced = false;
    os->redact = NULL;
    if (ex && ex->inference && sw_gw_upstream_started(ex->upstream) && !replace.base && withholds_reasoning(ex) &&
        !redact_setup(os, req, ex))
        replace = encoded_face(req, ex);
    os->replace = replace;
    slot = &os->super.next;
    h2o_setup_next_ostream(req, slot);
}

void sw_gw_register_tap(h2o_pathconf_t *pathconf, sw_gateway *g)
{
    (void)g;
    h2o_filter_t *f = h2o_create_filter(pathconf, sizeof *f);
    f->on_setup_ostream = on_setup_ostream;
}

typedef struct {
    h2o_logger_t super;
    sw_gateway *gw;
} metrics_logger;

static void log_access(h2o_logger_t *_self, h2o_req_t *req)
{
    metrics_logger *self = (metrics_logger *)_self;
    sw_gw_exchange *ex = sw_gw_exchange_of(req);
    struct timeval now;
    gettimeofday(&now, NULL);
    double seconds = (double)(now.tv_sec - req->processed_at.at.tv_sec) +
                     (double)(now.tv_usec - req->processed_at.at.tv_usec) * 1e-6;
    if (req->processed_at.at.tv_sec == 0 || seconds < 0)
        seconds = 0;
    const char *tier = ex && ex->tier ? ex->tier->name : NULL;
    const char *verdict = ex && ex->have_verdict ? sw_action_name(ex->verdict) : NULL;
    int status = req->res.status ? req->res.status : 499;
    sw_gw_metrics_request(self->gw->metrics, status, tier, verdict, seconds);
}

void sw_gw_register_logger(h2o_pathconf_t *pathconf, sw_gateway *g)
{
    metrics_logger *l = (metrics_logger *)h2o_create_logger(pathconf, sizeof *l);
    l->super.log_access = log_access;
    l->gw = g;
}
