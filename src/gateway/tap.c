/*
 * tap.c — the response tap (see tap.h).
 *
 * SSE is a line protocol (lines end in LF, CRLF or CR; "data:" lines of one
 * event are joined with LF; a blank line dispatches), so the tap keeps one
 * partial line and the current event's data between chunks and nothing
 * else. Each dispatched event is a small JSON object parsed with cJSON; the
 * fields read are the union of the OpenAI and Anthropic stream shapes, which
 * do not collide, so the tap needs no idea of which API it is watching.
 *
 * Usage names differ: OpenAI chat and completions say prompt_tokens /
 * completion_tokens (+ completion_tokens_details.reasoning_tokens); the
 * Responses API and Anthropic say input_tokens / output_tokens. Anthropic's
 * message_delta carries the cumulative output count, so later values replace
 * earlier ones, and a value of zero never replaces a known one (message_start
 * announces output_tokens 1 or 0 before any text).
 */
#include "gateway/tap.h"

#include <cjson/cJSON.h>
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

static void keep_str(sw_tap *t, bool reasoning, const cJSON *v)
{
    if (!cJSON_IsString(v) || !v->valuestring)
        return;
    if (reasoning)
        keep(&t->reasoning, &t->reasoning_total, t->text_cap, v->valuestring, strlen(v->valuestring));
    else
        keep(&t->text, &t->text_total, t->text_cap, v->valuestring, strlen(v->valuestring));
}

static const cJSON *get(const cJSON *o, const char *name)
{
    return cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, name) : NULL;
}

static int64_t count_of(const cJSON *v)
{
    if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || v->valuedouble < 0 || v->valuedouble > 9e15)
        return -1;
    return (int64_t)v->valuedouble;
}

static void set_count(int64_t *slot, const cJSON *v)
{
    int64_t n = count_of(v);
    if (n > 0 || (n == 0 && *slot < 0))
        *slot = n;
}

static void read_usage(sw_tap *t, const cJSON *u)
{
    if (!cJSON_IsObject(u))
        return;
    set_count(&t->prompt_tokens, get(u, "prompt_tokens"));
    set_count(&t->prompt_tokens, get(u, "input_tokens"));
    set_count(&t->completion_tokens, get(u, "completion_tokens"));
    set_count(&t->completion_tokens, get(u, "output_tokens"));
    set_count(&t->reasoning_tokens, get(get(u, "completion_tokens_details"), "reasoning_tokens"));
    set_count(&t->reasoning_tokens, get(get(u, "output_tokens_details"), "reasoning_tokens"));
}

static void set_finish(sw_tap *t, const cJSON *v)
{
    if (cJSON_IsString(v) && v->valuestring && v->valuestring[0])
        snprintf(t->finish_reason, sizeof t->finish_reason, "%s", v->valuestring);
}

/* The first choice of an OpenAI chat or completions object, streamed or not. */
static void read_choice(sw_tap *t, const cJSON *choices)
{
    const cJSON *c = cJSON_IsArray(choices) ? cJSON_GetArrayItem(choices, 0) : NULL;
    if (!cJSON_IsObject(c))
        return;
    const cJSON *idx = get(c, "index");
    if (cJSON_IsNumber(idx) && idx->valuedouble != 0)
        return;
    const cJSON *m = get(c, "delta");
    if (!m)
        m = get(c, "message");
    if (m) {
        keep_str(t, false, get(m, "content"));
        keep_str(t, true, get(m, "reasoning_content"));
        keep_str(t, true, get(m, "reasoning"));
    }
    keep_str(t, false, get(c, "text"));
    set_finish(t, get(c, "finish_reason"));
}

/* Content blocks of an Anthropic message, or output items of a Response. */
static void read_blocks(sw_tap *t, const cJSON *arr)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, arr) {
        const cJSON *type = get(it, "type");
        const char *ty = cJSON_IsString(type) ? type->valuestring : "";
        if (!strcmp(ty, "text") || !strcmp(ty, "output_text")) {
            keep_str(t, false, get(it, "text"));
        } else if (!strcmp(ty, "thinking")) {
            keep_str(t, true, get(it, "thinking"));
        } else if (!strcmp(ty, "reasoning_text") || !strcmp(ty, "summary_text")) {
            keep_str(t, true, get(it, "text"));
        } else if (!strcmp(ty, "message")) {
            read_blocks(t, get(it, "content"));
        } else if (!strcmp(ty, "reasoning")) {
            const cJSON *parts[2] = {get(it, "summary"), get(it, "content")};
            for (int k = 0; k < 2; k++) {
                const cJSON *p;
                cJSON_ArrayForEach(p, parts[k]) keep_str(t, true, get(p, "text"));
            }
        }
    }
}

/* A whole (non-streamed) response object, or a Responses API "response". */
static void read_object(sw_tap *t, const cJSON *o)
{
    read_choice(t, get(o, "choices"));
    if (cJSON_IsArray(get(o, "content")))
        read_blocks(t, get(o, "content"));
    if (cJSON_IsArray(get(o, "output")))
        read_blocks(t, get(o, "output"));
    set_finish(t, get(o, "stop_reason"));
    read_usage(t, get(o, "usage"));
}

static void read_event(sw_tap *t, const cJSON *ev)
{
    const cJSON *type = get(ev, "type");
    const char *ty = cJSON_IsString(type) ? type->valuestring : NULL;
    if (!ty) { /* OpenAI chat/completions chunk */
        read_choice(t, get(ev, "choices"));
        read_usage(t, get(ev, "usage"));
        return;
    }
    if (!strcmp(ty, "message_start")) {
        read_object(t, get(ev, "message"));
    } else if (!strcmp(ty, "content_block_start")) {
        const cJSON *b = get(ev, "content_block");
        keep_str(t, false, get(b, "text"));
        keep_str(t, true, get(b, "thinking"));
    } else if (!strcmp(ty, "content_block_delta")) {
        const cJSON *d = get(ev, "delta");
        keep_str(t, false, get(d, "text"));
        keep_str(t, true, get(d, "thinking"));
    } else if (!strcmp(ty, "message_delta")) {
        set_finish(t, get(get(ev, "delta"), "stop_reason"));
        read_usage(t, get(ev, "usage"));
    } else if (!strcmp(ty, "response.output_text.delta")) {
        keep_str(t, false, get(ev, "delta"));
    } else if (!strcmp(ty, "response.reasoning_text.delta") || !strcmp(ty, "response.reasoning_summary_text.delta")) {
        keep_str(t, true, get(ev, "delta"));
    } else if (!strcmp(ty, "response.completed") || !strcmp(ty, "response.incomplete")) {
        const cJSON *r = get(ev, "response");
        read_usage(t, get(r, "usage"));
        const cJSON *st = get(r, "status");
        set_finish(t, st);
        const cJSON *why = get(get(r, "incomplete_details"), "reason");
        set_finish(t, why);
    }
}

static void dispatch(sw_tap *t)
{
    if (t->data_too_long) {
        t->skipped++;
    } else if (t->data.len > 0) {
        t->events++;
        if (!(t->data.len == 6 && !memcmp(t->data.data, "[DONE]", 6))) {
            cJSON *ev = cJSON_ParseWithLength(t->data.data, t->data.len);
            if (ev)
                read_event(t, ev);
            else
                t->skipped++;
            cJSON_Delete(ev);
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
    cJSON *o = cJSON_ParseWithLength(t->body.data, t->body.len);
    if (cJSON_IsObject(o))
        read_object(t, o);
    cJSON_Delete(o);
}
