/*
 * fuzz_upresp.c — libFuzzer target for the reader of upstream responses
 * (src/gateway/upresp.c, around http-parser).
 *
 * The first byte chooses where the rest is cut in two reads (a response
 * arrives in pieces), then the upstream closes. Whatever the bytes, the
 * reader must not crash or leak, must report a head at most once and body
 * bytes only after it, never more body than it was fed, an error with a
 * reason or an end (not both), and reuse only after a clean end.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "gateway/upresp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct {
    int heads;
    size_t body;
    size_t headers;
} tally;

static int on_header(void *ctx, const char *name, size_t nlen, const char *value, size_t vlen)
{
    tally *t = ctx;
    if (t->heads || !nlen || sw_upresp_is_hop_by_hop(name, nlen) || (vlen && !value))
        abort();
    t->headers++;
    return 0;
}

static int on_head(void *ctx, int status, const char *reason, size_t len)
{
    tally *t = ctx;
    if (t->heads++ || status < 200 || status > 599 || (len && !reason))
        abort();
    return 0;
}

static int on_body(void *ctx, const char *p, size_t n)
{
    tally *t = ctx;
    if (!t->heads || !p)
        abort();
    t->body += n;
    return 0;
}

static const sw_upresp_events events = {on_header, on_head, on_body};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    bool head_request = data[0] & 0x80;
    size_t cut = size > 1 ? (data[0] & 0x7f) % size : 0;
    const char *text = (const char *)data + 1;
    size_t n = size - 1;
    if (cut > n)
        cut = n;
    tally t = {0, 0, 0};
    sw_upresp r;
    sw_upresp_init(&r, head_request, &events, &t);
    int rc = sw_upresp_feed(&r, text, cut);
    if (rc == 0)
        rc = sw_upresp_feed(&r, text + cut, n - cut);
    if (rc == 0)
        rc = sw_upresp_eof(&r);
    if (rc != 0 && (!r.error || !r.error[0] || r.done))
        abort();
    if (rc == 0 && (!r.done || r.error || t.heads != 1))
        abort();
    if (t.body > n || r.received > n || r.extra > n || r.received + r.extra > n)
        abort();
    if (sw_upresp_reusable(&r) && (!r.done || r.extra))
        abort();
    if (head_request && t.body)
        abort();
    sw_upresp_free(&r);
    return 0;
}
