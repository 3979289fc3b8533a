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
 *     whole (read where it lies) or in two chunks;
 *   - the redactor writes the same bytes whole or in two chunks (whole: a
 *     body its quick test lets through as it is is not fed at all);
 *   - for a whole body it writes what the JSON rules applied to the parsed
 *     body give (sw_redact_json): its quick test for bodies with nothing to
 *     withhold never changes the outcome.
 * One simdjson document is lent to every tap, as the gateway lends its
 * thread's.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "core/error.h"
#include "core/jsondoc.h"
#include "gateway/redact.h"
#include "gateway/tap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define TEXT_CAP 64

static sw_jsondoc *doc;

/* Whole: the response in one piece at its end (sw_tap_finish_with, as the
 * gateway reads a whole answer); split: two feeds and a finish. */
static void tap_run(sw_tap *t, const char *ct, const char *s, size_t n, size_t cut)
{
    sw_tap_init(t, ct, ct ? strlen(ct) : 0, TEXT_CAP);
    sw_tap_use_json(t, doc);
    if (cut == n) {
        sw_tap_finish_with(t, s, n);
        return;
    }
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
    if (cut == n && sw_redact_passes_whole(r, s, n)) {
        /* whole and untouched: the gateway sends the piece itself */
        *ok = true;
        sw_buf_append(&out, s, n);
        sw_redact_free(r);
        free(r);
        return out;
    }
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

/* What the redactor must write for a whole body: the body as received when
 * the rules change nothing (or it is not JSON), the rewritten JSON when they
 * change it; *ok false when they would withhold the whole answer. */
static sw_buf body_reference(const char *s, size_t n, bool *ok)
{
    sw_buf out;
    sw_buf_init(&out);
    *ok = true;
    sw_redact *r = malloc(sizeof *r);
    if (!r)
        abort();
    sw_redact_init(r, "application/json", 16);
    cJSON *v = cJSON_ParseWithLength(s, n);
    int rc = v ? sw_redact_json(r, v) : 0;
    if (rc == 0) {
        sw_buf_append(&out, s, n);
    } else if (rc > 0) {
        char *json = cJSON_PrintUnformatted(v);
        if (!json)
            abort();
        sw_buf_puts(&out, json);
        cJSON_free(json);
    } else {
        *ok = false;
    }
    cJSON_Delete(v);
    sw_redact_free(r);
    free(r);
    return out;
}

static void check_redact(const char *ct, const char *s, size_t n, size_t cut, bool sse)
{
    bool ok_whole, ok_split;
    sw_buf whole = redact_run(ct, s, n, n, &ok_whole), split = redact_run(ct, s, n, cut, &ok_split);
    if (ok_whole != ok_split || !same_buf(&whole, &split))
        abort();
    if (!sse) {
        bool ok_ref;
        sw_buf ref = body_reference(s, n, &ok_ref);
        if (ok_ref != ok_whole || (ok_ref && !same_buf(&ref, &whole)))
            abort();
        sw_buf_free(&ref);
    }
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
