/*
 * tapfilter.c — the output filter on every response, and the metrics logger.
 *
 * The filter sits in h2o's output chain. For a proxied inference call it
 * shows each chunk to the exchange's tap (tap.h) and passes the same chunk
 * on at once — nothing is held back, so streams reach the client as the
 * model produces them. It also puts the gateway's own face on failures that
 * h2o answers by itself in plain text: an upstream that refused the
 * connection or broke (502) or went silent past the timeout (504), and
 * h2o's early refusals (a body over its own limit): those become the JSON
 * error of the endpoint's API, so clients raise their usual exceptions.
 *
 * The logger runs when h2o disposes of a request, once per request, and
 * counts it in the metrics with its status, tier and verdict.
 */
#include <string.h>
#include <strings.h>
#include <sys/time.h>

#include "gateway/gw.h"

typedef struct {
    h2o_ostream_t super;
    sw_gw_exchange *ex; /* NULL: only replacing an error body */
    h2o_iovec_t replace;
    bool replaced;
} tap_ostream;

/* The error h2o's proxy logged for this request, or NULL. */
static const char *proxy_error(h2o_req_t *req)
{
    const char *msg = NULL;
    for (size_t i = 0; i < req->error_logs.size; i++)
        if (!strcmp(req->error_logs.entries[i].module, "lib/core/proxy.c"))
            msg = h2o_strdup(&req->pool, req->error_logs.entries[i].msg.base, req->error_logs.entries[i].msg.len).base;
    return msg;
}

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
    const char *perr = proxy_error(req);
    bool from_upstream = ex && ex->proxied;
    if (from_upstream && !perr)
        return none; /* the model server's own answer: passed on as it is */
    const char *code, *message;
    char text[300];
    if (perr && status == 502) {
        bool timeout = strstr(perr, "timeout") != NULL;
        status = timeout ? 504 : 502;
        code = timeout ? "upstream_timeout" : "upstream_error";
        snprintf(text, sizeof text, timeout ? "The model server did not answer in time (%s)."
                                            : "The model server could not be reached or sent a bad response (%s).",
                 perr);
        message = text;
    } else if (status == 413) {
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
        for (size_t i = 0; i < bufcnt; i++)
            sw_tap_feed(&ex->tap, bufs[i].base, bufs[i].len);
        if (!h2o_send_state_is_in_progress(state)) {
            ex->ended = true;
            ex->end_ms = sw_gw_now_ms();
            sw_tap_finish(&ex->tap);
        }
    } else if (ex && !h2o_send_state_is_in_progress(state) && !ex->end_ms) {
        ex->end_ms = sw_gw_now_ms();
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
        if (ex->inference && ex->proxied && !replace.base && !ex->tapping) {
            ssize_t ct = h2o_find_header(&req->res.headers, H2O_TOKEN_CONTENT_TYPE, -1);
            const char *ctv = ct != -1 ? req->res.headers.entries[ct].value.base : NULL;
            size_t ctl = ct != -1 ? req->res.headers.entries[ct].value.len : 0;
            sw_tap_free(&ex->tap);
            sw_tap_init(&ex->tap, ctv, ctl, (size_t)ex->conf->cfg.log_text_bytes);
            ex->tapping = true;
        }
    }
    tap_ostream *os = (tap_ostream *)h2o_add_ostream(req, sizeof *os, slot);
    os->super.do_send = on_send;
    os->ex = ex;
    os->replace = replace;
    os->replaced = false;
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
