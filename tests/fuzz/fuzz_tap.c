/*
 * fuzz_tap.c — libFuzzer target for what reads a model server's answer on
 * its way to the client: the response tap (src/gateway/tap.c) and the
 * reasoning redactor (src/gateway/redact.c), over arbitrary bytes, both as a
 * server-sent-event stream and as a whole JSON body.
 *
 * The first input byte picks where the rest is cut in two (as a network
 * delivers chunks); the rest is the response. Whatever the bytes, nothing
 * may crash or leak, and:
 *   - the tap keeps at most its cap of text and of reasoning, never more
 *     than it counted, and learns the same whether the response arrives
 *     whole or in two chunks;
 *   - the redactor writes the same bytes whole or in two chunks;
 *   - a whole body that names neither reasoning nor thinking (and holds no
 *     \u escape) leaves the redactor byte for byte unchanged.
 * One simdjson document is lent to every tap, as the gateway lends its
 * thread's.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/jsondoc.h"
#include "gateway/redact.h"
#include "gateway/tap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define TEXT_CAP 64

static sw_jsondoc *doc;

static void tap_run(sw_tap *t, const char *ct, const char *s, size_t n, size_t cut)
{
    sw_tap_init(t, ct, ct ? strlen(ct) : 0, TEXT_CAP);
    sw_tap_use_json(t, doc);
    sw_tap_feed(t, s, cut);
    sw_tap_feed(t, s + cut, n - cut);
    sw_tap_finish(t);
}

static bool same_buf(const sw_buf *a, const sw_buf *b)
{
    return a->len == b->len && (a->len == 0 || !memcmp(a->data, b->data, a->len));
}

static void check_tap(const char *ct, const char *s, size_t n, size_t cut)
{
    sw_tap whole, split;
    tap_run(&whole, ct, s, n, n);
    tap_run(&split, ct, s, n, cut);
    const sw_tap *t = &whole;
    if (t->text.len > TEXT_CAP || t->reasoning.len > TEXT_CAP || t->text.len > t->text_total ||
        t->reasoning.len > t->reasoning_total)
        abort();
    if (!same_buf(&whole.text, &split.text) || !same_buf(&whole.reasoning, &split.reasoning) ||
        whole.text_total != split.text_total || whole.reasoning_total != split.reasoning_total ||
        strcmp(whole.finish_reason, split.finish_reason) != 0 || whole.prompt_tokens != split.prompt_tokens ||
        whole.completion_tokens != split.completion_tokens || whole.reasoning_tokens != split.reasoning_tokens ||
        whole.events != split.events || whole.skipped != split.skipped)
        abort();
    sw_tap_free(&whole);
    sw_tap_free(&split);
}

/* The redactor's whole output for s cut at cut; *ok is what finish said. */
static sw_buf redact_run(const char *ct, const char *s, size_t n, size_t cut, bool *ok)
{
    sw_redact *r = malloc(sizeof *r);
    if (!r)
        abort();
    sw_redact_init(r, ct, ct ? strlen(ct) : 0);
    sw_buf out;
    sw_buf_init(&out);
    sw_redact_feed(r, s, cut);
    sw_buf_append(&out, r->out.data ? r->out.data : "", r->out.len);
    sw_buf_reset(&r->out);
    sw_redact_feed(r, s + cut, n - cut);
    *ok = sw_redact_finish(r);
    sw_buf_append(&out, r->out.data ? r->out.data : "", r->out.len);
    sw_redact_free(r);
    free(r);
    return out;
}

static bool names_reasoning(const char *s, size_t n)
{
    return memmem(s, n, "reasoning", 9) || memmem(s, n, "thinking", 8) || memmem(s, n, "signature_delta", 15) ||
           memmem(s, n, "\\u", 2);
}

static void check_redact(const char *ct, const char *s, size_t n, size_t cut, bool sse)
{
    bool ok_whole, ok_split;
    sw_buf whole = redact_run(ct, s, n, n, &ok_whole), split = redact_run(ct, s, n, cut, &ok_split);
    if (ok_whole != ok_split || !same_buf(&whole, &split))
        abort();
    if (!sse && !names_reasoning(s, n) && (!ok_whole || whole.len != n || (n && memcmp(whole.data, s, n))))
        abort();
    sw_buf_free(&whole);
    sw_buf_free(&split);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!doc && sw_jsondoc_new(&doc) != SW_OK)
        abort();
    if (size < 1)
        return 0;
    const char *s = (const char *)data + 1;
    size_t n = size - 1, cut = n * data[0] / 256;
    check_tap("text/event-stream", s, n, cut);
    check_tap("application/json", s, n, cut);
    check_redact("text/event-stream", s, n, cut, true);
    check_redact("application/json", s, n, cut, false);
    return 0;
}
