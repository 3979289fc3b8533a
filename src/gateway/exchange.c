/*
 * exchange.c — one API exchange from its first handler to its end (gw.h).
 *
 * The exchange is a refcounted block of the request's pool. h2o releases
 * such blocks first when it clears the pool, while the rest of the pool
 * (headers, the body copy) is still there, so end_exchange() can read
 * everything it needs. That dispose is the only end: a response that
 * completed, a refusal, a client that went away mid-stream and an upstream
 * that failed all arrive here once, which is what keeps the limiter's stream
 * slots and the traffic log exact.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "core/error.h"
#include "gateway/gw.h"
#include "gateway/trafficlog.h"

/* The response starts (any response: the upstream's, a refusal, an error):
 * the client's socket goes back to h2o before h2o writes to it. */
static void pass_on(h2o_req_prefilter_t *self, h2o_req_t *req, h2o_ostream_t **slot)
{
    sw_gw_unwatch_client((sw_gw_exchange *)self);
    h2o_setup_next_prefilter(self, req, slot);
}

sw_gw_exchange *sw_gw_exchange_of(h2o_req_t *req)
{
    for (h2o_req_prefilter_t *p = req->prefilters; p; p = p->next)
        if (p->on_setup_ostream == pass_on)
            return (sw_gw_exchange *)p;
    return NULL;
}

/* Tokens actually used: usage when the upstream said, nothing when it never
 * answered or refused, the estimate when the answer's usage is unknown. */
static int64_t actual_tokens(const sw_gw_exchange *ex)
{
    const sw_tap *t = &ex->tap;
    if (ex->tapping && (t->prompt_tokens >= 0 || t->completion_tokens >= 0))
        return (t->prompt_tokens > 0 ? t->prompt_tokens : 0) + (t->completion_tokens > 0 ? t->completion_tokens : 0);
    if (!ex->tapping || ex->status >= 400 || ex->status == 0)
        return 0;
    return ex->est_tokens;
}

/* Writes the exchange's traffic-log line and feeds the detector; the line
 * is left in *line for the fleet's stream. */
static void write_line(sw_gw_exchange *ex, sw_buf *line)
{
    const sw_tap *t = &ex->tap;
    bool answered = ex->tapping && ex->status >= 200 && ex->status < 300;
    sw_gw_record r = {
        .ts_ms = ex->start_ms,
        .request_id = ex->request_id,
        .account = ex->account.info.account,
        .key = ex->key_id,
        .ip = ex->ip,
        .asn = ex->asn,
        .country = ex->country,
        .user_agent = ex->user_agent,
        .endpoint = ex->endpoint,
        .model = ex->body.model,
        .request = ex->raw,
        .request_len = ex->raw_len,
        .has_response = answered,
        .text = t->text.data,
        .text_len = t->text.len,
        .reasoning = t->reasoning.data,
        .reasoning_len = t->reasoning.len,
        .finish_reason = t->finish_reason,
        .status = ex->status ? ex->status : 499,
        .prompt_tokens = ex->tapping ? t->prompt_tokens : -1,
        .completion_tokens = ex->tapping ? t->completion_tokens : -1,
        .reasoning_tokens = ex->tapping ? t->reasoning_tokens : -1,
        .latency_ms = ex->end_ms > 0 ? ex->end_ms - ex->start_ms : -1,
    };
    if (sw_gw_record_line(line, &r) == SW_OK) {
        int rc = sw_gw_sink_put(ex->gw->sink, line->data, line->len, NULL);
        if (rc == SW_EPARSE)
            fprintf(stderr, "stillwatch serve: internal error: a traffic-log line did not parse back (request %s)\n",
                    ex->request_id);
    } else {
        line->len = 0;
    }
}

/* A fleet's end of the exchange: settlement, event and summary in one
 * round trip on this thread's connection (fleet.h). */
static void end_in_fleet(sw_gw_exchange *ex, const sw_buf *line)
{
    if (!ex->identified || (!ex->admitted_shared && !line->len))
        return;
    size_t n = line->len && line->data[line->len - 1] == '\n' ? line->len - 1 : line->len;
    sw_rexchange_end e = {
        .account = ex->account.info.account,
        .settle = ex->admitted_shared,
        .est_tokens = ex->est_tokens,
        .actual_tokens = actual_tokens(ex),
        .admit_ms = ex->admit_ms,
        .now_ms = sw_gw_now_ms(),
        .line = line->len && !line->oom ? line->data : NULL,
        .line_len = n,
        .ip = ex->ip,
        .refused = ex->status >= 400,
    };
    sw_gw_fleet_end(ex->gw->fleet, sw_store_redis(ex->th->store), &e);
}

#define SW_GW_LINE_KEEP (64u << 10)

static void end_exchange(void *p)
{
    sw_gw_exchange *ex = p;
    sw_gateway *g = ex->gw;
    sw_gw_unwatch_client(ex);
    if (ex->tapping && !ex->ended)
        sw_tap_finish(&ex->tap);
    /* the thread's buffer: a line per request would be two allocations each */
    sw_buf *line = &ex->th->line;
    sw_buf_reset(line);
    if (ex->inference && ex->identified && ex->body.model)
        write_line(ex, line);
    if (g->fleet)
        end_in_fleet(ex, line);
    if (line->cap > SW_GW_LINE_KEEP)
        sw_buf_free(line); /* one long answer must not pin its size for good */
    if (ex->admitted) {
        if (!ex->admitted_shared)
            sw_limiter_settle(g->limiter, ex->account.info.account, ex->est_tokens, actual_tokens(ex),
                              sw_gw_now_ms());
        sw_gw_metrics_streams(g->metrics, -1);
    }
    sw_gw_body_free(&ex->body);
    sw_tap_free(&ex->tap);
    sw_gw_conf_release(ex->conf);
    atomic_fetch_sub(&g->inflight, 1);
}

static void client_address(sw_gw_exchange *ex, h2o_req_t *req)
{
    struct sockaddr_storage ss;
    socklen_t len = req->conn->callbacks->get_peername(req->conn, (struct sockaddr *)&ss);
    sw_ip peer;
    memset(&peer, 0, sizeof peer);
    if (len == 0 || sw_ip_from_sockaddr((struct sockaddr *)&ss, &peer) != SW_OK)
        sw_ip_parse("0.0.0.0", &peer);
    const sw_config *c = &ex->conf->cfg;
    const char *xff = NULL;
    if (c->n_trusted_proxies > 0) {
        /* several X-Forwarded-For headers read as one list, joined with "," */
        sw_buf joined;
        sw_buf_init(&joined);
        for (ssize_t i = -1; (i = h2o_find_header(&req->headers, H2O_TOKEN_X_FORWARDED_FOR, i)) != -1;) {
            if (joined.len)
                sw_buf_putc(&joined, ',');
            sw_buf_append(&joined, req->headers.entries[i].value.base, req->headers.entries[i].value.len);
        }
        if (joined.len && !joined.oom) {
            char *copy = h2o_mem_alloc_pool(&req->pool, joined.len + 1);
            memcpy(copy, joined.data, joined.len);
            copy[joined.len] = '\0';
            xff = copy;
        }
        sw_buf_free(&joined);
    }
    ex->ipbin = xff ? sw_policy_client_ip(&peer, xff, c->trusted_proxies, c->n_trusted_proxies) : peer;
    sw_ip_format(&ex->ipbin, ex->ip);
    ex->asn = -1;
    ex->country[0] = '\0';
    if (ex->conf->geo) {
        sw_geo_info gi;
        char err[128];
        if (sw_geo_lookup(ex->conf->geo, &ex->ipbin, &gi, err, sizeof err) == SW_OK) {
            memcpy(ex->country, gi.country, sizeof ex->country);
            ex->asn = gi.asn;
        }
    }
}

static void make_request_id(sw_gw_thread *th, char out[24])
{
    /* xorshift64*: unique enough to find one exchange in a log, not a secret */
    uint64_t x = th->rng;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    th->rng = x;
    uint64_t id = x * 0x2545F4914F6CDD1DULL;
    memcpy(out, "req_", 4);
    for (int i = 0; i < 16; i++)
        out[4 + i] = "0123456789abcdef"[(id >> (60 - 4 * i)) & 0xf];
    out[20] = '\0';
}

sw_gw_exchange *sw_gw_exchange_new(h2o_req_t *req, sw_gateway *g, bool inference)
{
    sw_gw_exchange *ex = sw_gw_exchange_of(req);
    if (ex)
        return ex;
    ex = h2o_mem_alloc_shared(&req->pool, sizeof *ex, end_exchange);
    memset(ex, 0, sizeof *ex);
    ex->super.on_setup_ostream = pass_on;
    ex->super.next = req->prefilters;
    req->prefilters = &ex->super;
    ex->gw = g;
    ex->th = sw_gw_thread_of(req);
    ex->conf = sw_gw_conf_acquire(g);
    ex->req = req;
    ex->inference = inference;
    ex->style = sw_gw_style_of(req->path_normalized.base, req->path_normalized.len);
    size_t n = req->path_normalized.len < sizeof ex->endpoint - 1 ? req->path_normalized.len : sizeof ex->endpoint - 1;
    memcpy(ex->endpoint, req->path_normalized.base, n);
    ex->endpoint[n] = '\0';
    ex->ep = sw_endpoint_of(ex->endpoint);
    ex->start_ms = (int64_t)req->processed_at.at.tv_sec * 1000 + req->processed_at.at.tv_usec / 1000;
    if (ex->start_ms <= 0)
        ex->start_ms = sw_gw_now_ms();
    ex->factor = 1.0;
    ex->body.max_tokens = -1;
    sw_tap_init(&ex->tap, NULL, 0, 0);
    make_request_id(ex->th, ex->request_id);
    ssize_t ua = h2o_find_header(&req->headers, H2O_TOKEN_USER_AGENT, -1);
    if (ua != -1)
        ex->user_agent = h2o_strdup(&req->pool, req->headers.entries[ua].value.base,
                                    req->headers.entries[ua].value.len).base;
    client_address(ex, req);
    atomic_fetch_add(&g->inflight, 1);
    return ex;
}

/* ---- responses ---- */

void sw_gw_send_json(h2o_req_t *req, int status, const char *json, size_t len)
{
    req->res.status = status;
    req->res.reason = sw_gw_status_reason(status);
    req->res.content_length = len;
    h2o_set_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE, H2O_STRLIT("application/json"), 1);
    h2o_send_inline(req, json, len);
}

void sw_gw_send_error(h2o_req_t *req, int status, const char *code, const char *message, int64_t retry_after_s)
{
    sw_buf b;
    sw_buf_init(&b);
    sw_gw_error_body(&b, sw_gw_style_of(req->path_normalized.base, req->path_normalized.len), status, code,
                     message);
    if (retry_after_s > 0) {
        char v[24];
        int n = snprintf(v, sizeof v, "%lld", (long long)retry_after_s);
        h2o_iovec_t val = h2o_strdup(&req->pool, v, (size_t)n);
        h2o_set_header(&req->pool, &req->res.headers, H2O_TOKEN_RETRY_AFTER, val.base, val.len, 1);
    }
    if (b.oom)
        sw_gw_send_json(req, status, "{}", 2);
    else
        sw_gw_send_json(req, status, b.data, b.len);
    sw_buf_free(&b);
}
