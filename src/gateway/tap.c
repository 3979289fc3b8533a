/*
 * tap.c — the response tap (see tap.h).
 *
 * SSE is a line protocol (lines end in LF, CRLF or CR; "data:" lines of one
 * event are joined with LF; a blank line dispatches), so the tap keeps one
 * partial line and the current event's data between chunks and nothing
 * else. Each dispatched event is a small JSON object, read with the
 * read-only simdjson document (core/jsondoc.h: no allocation per value, which
 * matters once per event and once per answer on the gateway's hot path; the
 * gateway lends each tap its thread's document); the fields read are the
 * union of the OpenAI and Anthropic stream shapes, which do not collide, so
 * the tap needs no idea of which API it is watching.
 *
 * Usage names differ: OpenAI chat and completions say prompt_tokens /
 * completion_tokens (+ completion_tokens_details.reasoning_tokens); the
 * Responses API and Anthropic say input_tokens / output_tokens. Anthropic's
 * message_delta carries the cumulative output count, so later values replace
 * earlier ones, and a value of zero never replaces a known one (message_start
 * announces output_tokens 1 or 0 before any text).
 */
#include "gateway/tap.h"

#include "core/error.h"

#include <math.h>
#include <string.h>
#include <strings.h>

void sw_tap_init(sw_tap *t, const char *content_type, size_t ct_len, size_t text_cap)
{
    memset(t, 0, sizeof *t);
    sw_buf_init(&t->text);
    sw_buf_init(&t->reasoning);
    sw_buf_init(&t->line);
    sw_buf_init(&t->data);
    sw_buf_init(&t->body);
    t->text_cap = text_cap;
    t->prompt_tokens = t->completion_tokens = t->reasoning_tokens = -1;
    static const char sse[] = "text/event-stream";
    t->sse = content_type && ct_len >= sizeof sse - 1 && strncasecmp(content_type, sse, sizeof sse - 1) == 0;
}

void sw_tap_free(sw_tap *t)
{
    sw_jsondoc_free(t->own_json);
    t->own_json = t->json = NULL;
    sw_buf_free(&t->text);
    sw_buf_free(&t->reasoning);
    sw_buf_free(&t->line);
    sw_buf_free(&t->data);
    sw_buf_free(&t->body);
}

/* Appends up to the cap, never cutting a UTF-8 sequence in two. */
static void keep(sw_buf *b, size_t *total, size_t cap, const char *s, size_t n)
{
    *total += n;
    if (b->len >= cap)
        return;
    size_t room = cap - b->len;
    if (n > room) {
        n = room;
        while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
            n--;
    }
    sw_buf_append(b, s, n);
}

static void keep_str(sw_tap *t, bool reasoning, sw_jv v)
{
    size_t n;
    const char *str = sw_jv_str(v, &n);
    if (!str)
        return;
    if (reasoning)
        keep(&t->reasoning, &t->reasoning_total, t->text_cap, str, n);
    else
        keep(&t->text, &t->text_total, t->text_cap, str, n);
}

static const sw_jv absent;

static sw_jv get(sw_jv o, const char *name)
{
    return sw_jv_member(o, name);
}

static bool is(sw_jv v, sw_jv_type_t type)
{
    return sw_jv_type(v) == type;
}

static void set_count(int64_t *slot, sw_jv v)
{
    int64_t n = sw_jv_count(v);
    if (n > 0 || (n == 0 && *slot < 0))
        *slot = n;
}

static void read_usage(sw_tap *t, sw_jv u)
{
    if (!is(u, SW_JV_OBJECT))
        return;
    set_count(&t->prompt_tokens, get(u, "prompt_tokens"));
    set_count(&t->prompt_tokens, get(u, "input_tokens"));
    set_count(&t->completion_tokens, get(u, "completion_tokens"));
    set_count(&t->completion_tokens, get(u, "output_tokens"));
    set_count(&t->reasoning_tokens, get(get(u, "completion_tokens_details"), "reasoning_tokens"));
    set_count(&t->reasoning_tokens, get(get(u, "output_tokens_details"), "reasoning_tokens"));
}

static void set_finish(sw_tap *t, sw_jv v)
{
    size_t len;
    const char *str = sw_jv_str(v, &len);
    if (!str || !str[0])
        return;
    len = strnlen(str, len); /* as far as a C string reads it */
    if (len >= sizeof t->finish_reason)
        len = sizeof t->finish_reason - 1;
    memcpy(t->finish_reason, str, len);
    t->finish_reason[len] = '\0';
}

/* The first choice of an OpenAI chat or completions object, streamed or not. */
static void read_choice(sw_tap *t, sw_jv choices)
{
    sw_jv_iter it;
    sw_jv c = absent;
    if (!is(choices, SW_JV_ARRAY) || !sw_jv_iter_init(choices, &it) || !sw_jv_next(&it, NULL, NULL, &c) ||
        !is(c, SW_JV_OBJECT))
        return;
    double idx;
    if (sw_jv_num(get(c, "index"), &idx) && idx != 0)
        return;
    sw_jv m = get(c, "delta");
    if (is(m, SW_JV_ABSENT))
        m = get(c, "message");
    keep_str(t, false, get(m, "content"));
    keep_str(t, true, get(m, "reasoning_content"));
    keep_str(t, true, get(m, "reasoning"));
    keep_str(t, false, get(c, "text"));
    set_finish(t, get(c, "finish_reason"));
}

static bool type_is(const char *ty, const char *want)
{
    return !strcmp(ty, want);
}

/* Content blocks of an Anthropic message, or output items of a Response. */
static void read_blocks(sw_tap *t, sw_jv arr)
{
    sw_jv_iter it;
    sw_jv item;
    if (!is(arr, SW_JV_ARRAY) || !sw_jv_iter_init(arr, &it))
        return;
    while (sw_jv_next(&it, NULL, NULL, &item)) {
        const char *ty = sw_jv_str(get(item, "type"), NULL);
        if (!ty)
            ty = "";
        if (type_is(ty, "text") || type_is(ty, "output_text")) {
            keep_str(t, false, get(item, "text"));
        } else if (type_is(ty, "thinking")) {
            keep_str(t, true, get(item, "thinking"));
        } else if (type_is(ty, "reasoning_text") || type_is(ty, "summary_text")) {
            keep_str(t, true, get(item, "text"));
        } else if (type_is(ty, "message")) {
            read_blocks(t, get(item, "content"));
        } else if (type_is(ty, "reasoning")) {
            const char *const parts[2] = {"summary", "content"};
            for (int k = 0; k < 2; k++) {
                sw_jv_iter pi;
                sw_jv p, list = get(item, parts[k]);
                if (!is(list, SW_JV_ARRAY) || !sw_jv_iter_init(list, &pi))
                    continue;
                while (sw_jv_next(&pi, NULL, NULL, &p))
                    keep_str(t, true, get(p, "text"));
            }
        }
    }
}

/* A whole (non-streamed) response object, or a Responses API "response". */
static void read_object(sw_tap *t, sw_jv o)
{
    read_choice(t, get(o, "choices"));
    read_blocks(t, get(o, "content"));
    read_blocks(t, get(o, "output"));
    set_finish(t, get(o, "stop_reason"));
    read_usage(t, get(o, "usage"));
}

static void read_event(sw_tap *t, sw_jv ev)
{
    const char *ty = sw_jv_str(get(ev, "type"), NULL);
    if (!ty) { /* OpenAI chat/completions chunk */
        read_choice(t, get(ev, "choices"));
        read_usage(t, get(ev, "usage"));
        return;
    }
    if (type_is(ty, "message_start")) {
        read_object(t, get(ev, "message"));
    } else if (type_is(ty, "content_block_start")) {
        sw_jv b = get(ev, "content_block");
        keep_str(t, false, get(b, "text"));
        keep_str(t, true, get(b, "thinking"));
    } else if (type_is(ty, "content_block_delta")) {
        sw_jv d = get(ev, "delta");
        keep_str(t, false, get(d, "text"));
        keep_str(t, true, get(d, "thinking"));
    } else if (type_is(ty, "message_delta")) {
        set_finish(t, get(get(ev, "delta"), "stop_reason"));
        read_usage(t, get(ev, "usage"));
    } else if (type_is(ty, "response.output_text.delta")) {
        keep_str(t, false, get(ev, "delta"));
    } else if (type_is(ty, "response.reasoning_text.delta") || type_is(ty, "response.reasoning_summary_text.delta")) {
        keep_str(t, true, get(ev, "delta"));
    } else if (type_is(ty, "response.completed") || type_is(ty, "response.incomplete")) {
        sw_jv r = get(ev, "response");
        read_usage(t, get(r, "usage"));
        set_finish(t, get(r, "status"));
        set_finish(t, get(get(r, "incomplete_details"), "reason"));
    }
}

/* Parses text into the tap's document; false when it is not JSON (or no
 * document could be had). */
static bool parse(sw_tap *t, const char *text, size_t n, sw_jv *root)
{
    if (!t->json) {
        if (sw_jsondoc_new(&t->own_json) != SW_OK)
            return false;
        t->json = t->own_json;
    }
    char err[8];
    return sw_jsondoc_parse(t->json, text, n, root, err, sizeof err) == SW_OK;
}

static void dispatch(sw_tap *t)
{
    if (t->data_too_long) {
        t->skipped++;
    } else if (t->data.len > 0) {
        t->events++;
        if (!(t->data.len == 6 && !memcmp(t->data.data, "[DONE]", 6))) {
            sw_jv ev;
            if (parse(t, t->data.data, t->data.len, &ev))
                read_event(t, ev);
            else
                t->skipped++;
        }
    }
    sw_buf_reset(&t->data);
    t->data_too_long = false;
}

static void process_line(sw_tap *t)
{
    const char *s = t->line.data ? t->line.data : "";
    size_t n = t->line.len;
    if (t->line_too_long) {
        /* only a data line can be this long; its event is lost, not guessed at */
        t->data_too_long = true;
        return;
    }
    if (n == 0) {
        dispatch(t);
        return;
    }
    if (n < 5 || memcmp(s, "data:", 5) != 0)
        return; /* event:, id:, retry:, comments */
    s += 5;
    n -= 5;
    if (n && *s == ' ')
        s++, n--;
    if (t->data_too_long)
        return;
    if (t->data.len + n + 1 > SW_TAP_EVENT_MAX) {
        t->data_too_long = true;
        return;
    }
    if (t->data.len)
        sw_buf_putc(&t->data, '\n');
    sw_buf_append(&t->data, s, n);
}

static void end_line(sw_tap *t)
{
    process_line(t);
    sw_buf_reset(&t->line);
    t->line_too_long = false;
}

void sw_tap_feed(sw_tap *t, const char *p, size_t n)
{
    if (!t->sse) {
        if (t->body_too_long)
            return;
        if (t->body.len + n > SW_TAP_BODY_MAX) {
            t->body_too_long = true;
            return;
        }
        sw_buf_append(&t->body, p, n);
        return;
    }
    for (size_t i = 0; i < n;) {
        char c = p[i];
        if (t->cr) { /* CRLF: the LF after a CR ends nothing more */
            t->cr = false;
            if (c == '\n') {
                i++;
                continue;
            }
        }
        if (c == '\n' || c == '\r') {
            t->cr = c == '\r';
            end_line(t);
            i++;
            continue;
        }
        /* copy the run up to the next line end in one go */
        size_t j = i;
        while (j < n && p[j] != '\n' && p[j] != '\r')
            j++;
        if (!t->line_too_long) {
            if (t->line.len + (j - i) > SW_TAP_EVENT_MAX) {
                t->line_too_long = true;
                sw_buf_reset(&t->line);
            } else {
                sw_buf_append(&t->line, p + i, j - i);
            }
        }
        i = j;
    }
}

void sw_tap_finish(sw_tap *t)
{
    if (t->sse) {
        if (t->line.len || t->line_too_long)
            end_line(t);
        dispatch(t);
        return;
    }
    if (t->body_too_long || t->body.len == 0)
        return;
    sw_jv o;
    if (parse(t, t->body.data, t->body.len, &o) && is(o, SW_JV_OBJECT))
        read_object(t, o);
}

void sw_tap_finish_with(sw_tap *t, const char *p, size_t n)
{
    if (t->sse || t->body.len || t->body_too_long || n > SW_TAP_BODY_MAX) {
        sw_tap_feed(t, p, n);
        sw_tap_finish(t);
        return;
    }
    sw_jv o;
    if (n && parse(t, p, n, &o) && is(o, SW_JV_OBJECT))
        read_object(t, o);
}

void sw_tap_use_json(sw_tap *t, sw_jsondoc *doc)
{
    t->json = doc;
}
