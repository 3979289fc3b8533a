/*
 * redact.c — the reasoning redactor (see redact.h).
 *
 * Server-sent events are a line protocol: lines end in LF, CRLF or CR, and
 * an empty line ends an event. The redactor holds the raw bytes of the
 * current event (never more than one) and, when it ends, decides its fate:
 *
 *   keep     the held bytes go out exactly as received. This is the fate of
 *            everything the rules do not touch — events without data,
 *            "[DONE]", data that is not a JSON object, unknown shapes — so a
 *            stream with nothing to withhold leaves byte for byte unchanged.
 *   drop     nothing goes out (a reasoning event, or one over the size cap).
 *   rewrite  the non-data lines (event:, id:, comments) go out as they were,
 *            the data lines become one "data: " line with the redacted JSON.
 *
 * A CR that ends an event may be followed by the LF of a CRLF in the next
 * chunk; that LF follows the fate of its event (out after a kept event,
 * nowhere after a dropped or rewritten one), so the output does not depend
 * on where the chunks were cut.
 *
 * The JSON rules need no idea of which endpoint answers: chat chunks have
 * "choices" and no "type", Responses events say "response.*", Anthropic
 * events say "content_block_*" or "message*". Renumbering keeps, per
 * response, the indexes withheld so far; a later index moves down by the
 * number of withheld indexes below it. Reasoning is recognised by its own
 * type (thinking_delta, response.reasoning*, item type "reasoning") and not
 * only by index, so a table that overflows can spoil the numbering but
 * never lets reasoning through.
 *
 * Responses stream events also carry a "sequence_number", one per event,
 * which clients may check for gaps. Kept events are numbered afresh from
 * the first one's number, so events withheld for any reason (reasoning, or
 * over the size cap) leave no hole in the sequence.
 */
#include "gateway/redact.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { FATE_KEEP, FATE_DROP, FATE_REWRITE };

void sw_redact_init(sw_redact *r, const char *content_type, size_t ct_len)
{
    memset(r, 0, sizeof *r);
    sw_buf_init(&r->out);
    sw_buf_init(&r->held);
    static const char sse[] = "text/event-stream";
    r->sse = content_type && ct_len >= sizeof sse - 1 && strncasecmp(content_type, sse, sizeof sse - 1) == 0;
    r->last = FATE_KEEP;
}

void sw_redact_free(sw_redact *r)
{
    sw_buf_free(&r->out);
    sw_buf_free(&r->held);
    free(r->blocks.v);
    free(r->items.v);
    r->blocks = r->items = (sw_redact_idx){NULL, 0, 0};
}

/* ---- the JSON rules ---- */

static cJSON *get(const cJSON *o, const char *name)
{
    return cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, name) : NULL;
}

static const char *str_of(const cJSON *o, const char *name)
{
    const cJSON *v = get(o, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static bool null_or_absent(const cJSON *o, const char *name)
{
    const cJSON *v = get(o, name);
    return !v || cJSON_IsNull(v);
}

/* A non-negative integral index, as the APIs write them. */
static bool index_of(const cJSON *o, const char *name, int64_t *out)
{
    const cJSON *v = get(o, name);
    if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || v->valuedouble < 0 || v->valuedouble > 9e15 ||
        v->valuedouble != floor(v->valuedouble))
        return false;
    *out = (int64_t)v->valuedouble;
    return true;
}

static bool idx_has(const sw_redact_idx *s, int64_t i)
{
    for (size_t k = 0; k < s->n; k++)
        if (s->v[k] == i)
            return true;
    return false;
}

static void idx_add(sw_redact *r, sw_redact_idx *s, int64_t i)
{
    if (idx_has(s, i))
        return;
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 16;
        int64_t *v = cap <= SW_REDACT_MAX_DROPPED ? realloc(s->v, cap * sizeof *v) : NULL;
        if (!v) { /* at the cap, or out of memory: numbering is no longer exact */
            r->idx_overflow = true;
            return;
        }
        s->v = v;
        s->cap = cap;
    }
    s->v[s->n++] = i;
}

/* Moves o[name] = i down past the withheld indexes below it; 1 if it moved. */
static int renumber(cJSON *o, const char *name, const sw_redact_idx *s, int64_t i)
{
    int64_t below = 0;
    for (size_t k = 0; k < s->n; k++)
        below += s->v[k] < i;
    if (below == 0)
        return 0;
    cJSON_SetNumberValue(cJSON_GetObjectItemCaseSensitive(o, name), (double)(i - below));
    return 1;
}

/* Removes the reasoning fields of a chat message or delta; whether any was
 * there. A null field carries nothing and is left alone. */
static bool strip_reasoning_fields(sw_redact *r, cJSON *m)
{
    static const char *const names[] = {"reasoning_content", "reasoning", "reasoning_details"};
    bool any = false;
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        if (null_or_absent(m, names[k]))
            continue;
        cJSON_DeleteItemFromObjectCaseSensitive(m, names[k]);
        r->removed++;
        any = true;
    }
    return any;
}

/* OpenAI chat, plain or one streamed chunk. A streamed choice that carried
 * only reasoning is removed, and a chunk with nothing left is dropped (the
 * SDKs accumulate deltas by choice index, so a missing choice is no gap). */
static int redact_choices(sw_redact *r, cJSON *o)
{
    cJSON *choices = get(o, "choices");
    bool changed = false, emptied = false;
    for (cJSON *c = choices->child, *next; c; c = next) {
        next = c->next;
        cJSON *delta = get(c, "delta");
        cJSON *m = delta ? delta : get(c, "message");
        if (!cJSON_IsObject(m) || !strip_reasoning_fields(r, m))
            continue;
        changed = true;
        if (delta && !delta->child && null_or_absent(c, "finish_reason") && null_or_absent(c, "logprobs")) {
            cJSON_Delete(cJSON_DetachItemViaPointer(choices, c));
            emptied = true;
        }
    }
    if (!changed)
        return 0;
    return emptied && !choices->child && null_or_absent(o, "usage") ? -1 : 1;
}

/* Removes the array's elements whose "type" is one of types; 1 if any. */
static int remove_typed(sw_redact *r, cJSON *arr, const char *const *types, size_t ntypes)
{
    if (!cJSON_IsArray(arr))
        return 0;
    int rc = 0;
    for (cJSON *it = arr->child, *next; it; it = next) {
        next = it->next;
        const char *ty = str_of(it, "type");
        for (size_t k = 0; ty && k < ntypes; k++) {
            if (strcmp(ty, types[k]) != 0)
                continue;
            cJSON_Delete(cJSON_DetachItemViaPointer(arr, it));
            r->removed++;
            rc = 1;
            break;
        }
    }
    return rc;
}

static const char *const thinking_types[] = {"thinking", "redacted_thinking"};
static const char *const reasoning_types[] = {"reasoning"};

static int redact_content(sw_redact *r, cJSON *arr)
{
    return remove_typed(r, arr, thinking_types, 2);
}

static int redact_output(sw_redact *r, cJSON *arr)
{
    return remove_typed(r, arr, reasoning_types, 1);
}

static bool is_thinking(const char *t)
{
    return t && (!strcmp(t, "thinking") || !strcmp(t, "redacted_thinking"));
}

/* Anthropic content_block_start / _delta / _stop. */
static int redact_block_event(sw_redact *r, cJSON *v, const char *type)
{
    int64_t idx = 0;
    bool has_idx = index_of(v, "index", &idx);
    bool withhold;
    if (!strcmp(type, "content_block_start")) {
        withhold = is_thinking(str_of(get(v, "content_block"), "type"));
        if (withhold && has_idx)
            idx_add(r, &r->blocks, idx);
    } else {
        const char *dt = str_of(get(v, "delta"), "type");
        withhold = (dt && (!strcmp(dt, "thinking_delta") || !strcmp(dt, "signature_delta"))) ||
                   (has_idx && idx_has(&r->blocks, idx));
    }
    if (withhold) {
        r->removed++;
        return -1;
    }
    return has_idx ? renumber(v, "index", &r->blocks, idx) : 0;
}

/* Responses API stream events. */
static int redact_response_event(sw_redact *r, cJSON *v, const char *type)
{
    if (!strncmp(type, "response.reasoning", 18)) {
        r->removed++;
        return -1;
    }
    int64_t oi = 0;
    bool has_oi = index_of(v, "output_index", &oi);
    if (!strcmp(type, "response.output_item.added") || !strcmp(type, "response.output_item.done")) {
        const char *it = str_of(get(v, "item"), "type");
        if (it && !strcmp(it, "reasoning")) {
            if (has_oi)
                idx_add(r, &r->items, oi);
            r->removed++;
            return -1;
        }
    }
    if (has_oi && idx_has(&r->items, oi)) { /* a part or delta of a withheld item */
        r->removed++;
        return -1;
    }
    int rc = 0;
    cJSON *resp = get(v, "response");
    if (cJSON_IsObject(resp) && redact_output(r, get(resp, "output")))
        rc = 1;
    if (has_oi && renumber(v, "output_index", &r->items, oi))
        rc = 1;
    return rc;
}

/* Gives a kept Responses event the next number of the sequence (see the
 * file comment); 1 if its number changed. */
static int renumber_sequence(sw_redact *r, cJSON *v)
{
    int64_t seq;
    if (!index_of(v, "sequence_number", &seq))
        return 0;
    if (!r->seq_started) {
        r->seq_started = true;
        r->seq_next = seq;
    }
    int64_t want = r->seq_next++;
    if (seq == want)
        return 0;
    cJSON_SetNumberValue(cJSON_GetObjectItemCaseSensitive(v, "sequence_number"), (double)want);
    return 1;
}

int sw_redact_json(sw_redact *r, cJSON *v)
{
    if (!cJSON_IsObject(v))
        return 0;
    const char *type = str_of(v, "type");
    if (!type) {
        if (cJSON_IsArray(get(v, "choices")))
            return redact_choices(r, v);
        return redact_output(r, get(v, "output")); /* a Responses object */
    }
    if (!strcmp(type, "message"))
        return redact_content(r, get(v, "content"));
    if (!strcmp(type, "message_start"))
        return redact_content(r, get(get(v, "message"), "content"));
    if (!strncmp(type, "content_block_", 14))
        return redact_block_event(r, v, type);
    if (!strncmp(type, "response.", 9)) {
        int rc = redact_response_event(r, v, type);
        return rc < 0 ? rc : renumber_sequence(r, v) || rc;
    }
    return 0;
}

/* ---- server-sent events ---- */

/* The next line of s[i..n): its length, and where the line after begins. */
static size_t next_line(const char *s, size_t n, size_t i, size_t *after)
{
    size_t j = i;
    while (j < n && s[j] != '\n' && s[j] != '\r')
        j++;
    size_t k = j;
    if (k < n && s[k] == '\r')
        k++;
    if (k < n && s[k] == '\n' && (k == j || s[k - 1] == '\r'))
        k++;
    *after = k;
    return j - i;
}

static bool is_data_line(const char *l, size_t len)
{
    return len >= 5 && !memcmp(l, "data:", 5);
}

/* The event's data lines joined with LF, as a client would see them. */
static bool event_data(const char *s, size_t n, sw_buf *data)
{
    bool any = false;
    for (size_t i = 0, after; i < n; i = after) {
        size_t len = next_line(s, n, i, &after);
        if (!is_data_line(s + i, len))
            continue;
        const char *d = s + i + 5;
        size_t dn = len - 5;
        if (dn && *d == ' ')
            d++, dn--;
        if (any)
            sw_buf_putc(data, '\n');
        sw_buf_append(data, d, dn);
        any = true;
    }
    return any;
}

/* The event again, its data lines replaced by one line of json. */
static void rewrite_event(sw_redact *r, const char *s, size_t n, const char *json)
{
    bool wrote = false;
    for (size_t i = 0, after; i < n; i = after) {
        size_t len = next_line(s, n, i, &after);
        if (len == 0)
            continue; /* the blank line that ended the event */
        if (!is_data_line(s + i, len)) {
            sw_buf_append(&r->out, s + i, len);
            sw_buf_putc(&r->out, '\n');
        } else if (!wrote) {
            sw_buf_puts(&r->out, "data: ");
            sw_buf_puts(&r->out, json);
            sw_buf_putc(&r->out, '\n');
            wrote = true;
        }
    }
    sw_buf_putc(&r->out, '\n');
}

static int redact_event(sw_redact *r, const char *s, size_t n)
{
    sw_buf data;
    sw_buf_init(&data);
    int fate = FATE_KEEP;
    cJSON *v = NULL;
    if (event_data(s, n, &data) && !data.oom && !(data.len == 6 && !memcmp(data.data, "[DONE]", 6)))
        v = cJSON_ParseWithLength(data.data, data.len);
    int rc = v ? sw_redact_json(r, v) : 0;
    if (rc < 0) {
        fate = FATE_DROP;
    } else if (rc > 0) {
        char *json = cJSON_PrintUnformatted(v);
        fate = json ? FATE_REWRITE : FATE_DROP; /* out of memory: withhold rather than leak */
        if (json)
            rewrite_event(r, s, n, json);
        cJSON_free(json);
    }
    if (fate == FATE_KEEP)
        sw_buf_append(&r->out, s, n);
    cJSON_Delete(v);
    sw_buf_free(&data);
    return fate;
}

static void dispatch(sw_redact *r)
{
    if (r->dropping) {
        r->oversized++;
        r->dropping = false;
        r->last = FATE_DROP;
    } else if (r->held.len) {
        r->last = redact_event(r, r->held.data, r->held.len);
    }
    sw_buf_reset(&r->held);
}

static void hold(sw_redact *r, const char *p, size_t n)
{
    if (r->dropping)
        return;
    if (r->held.len + n > SW_REDACT_EVENT_MAX) {
        /* the memory goes too: one runaway event must not pin a megabyte per stream */
        r->dropping = true;
        sw_buf_free(&r->held);
        sw_buf_init(&r->held);
        return;
    }
    sw_buf_append(&r->held, p, n);
}

static void feed_body(sw_redact *r, const char *p, size_t n)
{
    if (r->too_large)
        return;
    if (r->held.len + n > SW_REDACT_BODY_MAX) {
        r->too_large = true;
        sw_buf_free(&r->held);
        sw_buf_init(&r->held);
        return;
    }
    sw_buf_append(&r->held, p, n);
}

void sw_redact_feed(sw_redact *r, const char *p, size_t n)
{
    if (!r->sse) {
        feed_body(r, p, n);
        return;
    }
    bool cr_ended_event = r->cr && r->line_len == 0 && r->held.len == 0 && !r->dropping;
    for (size_t i = 0; i < n;) {
        char c = p[i];
        if (c != '\n' && c != '\r') {
            size_t j = i;
            while (j < n && p[j] != '\n' && p[j] != '\r')
                j++;
            hold(r, p + i, j - i);
            r->line_len += j - i;
            r->cr = cr_ended_event = false;
            i = j;
            continue;
        }
        i++;
        if (c == '\n' && r->cr) { /* the LF of a CRLF */
            r->cr = false;
            if (cr_ended_event && r->last == FATE_KEEP)
                sw_buf_putc(&r->out, '\n');
            else if (!cr_ended_event)
                hold(r, "\n", 1);
            cr_ended_event = false;
            continue;
        }
        bool blank = r->line_len == 0;
        hold(r, &c, 1);
        r->line_len = 0;
        r->cr = c == '\r';
        cr_ended_event = false;
        if (blank) {
            dispatch(r);
            cr_ended_event = r->cr;
        }
    }
}

/* Whether a whole body could hold anything the rules withhold. Every rule
 * that changes a body names reasoning or thinking in a key or a type
 * ("reasoning_content", "thinking", "signature_delta"…); a body without
 * those words, and without a \u escape that could spell them, leaves
 * unchanged, so it need not be parsed — the common case, and a whole
 * parse and free of the answer saved per request. */
static bool may_hold_reasoning(const char *s, size_t n)
{
    /* memchr() runs at vector speed and each word has a 'g' ("reasonin_g",
     * "thinkin_g", "si_g_nature_delta"), a letter rare in JSON keys: look
     * around each 'g' rather than search for three words in turn */
    const char *end = s + n;
    for (const char *p = s; (p = memchr(p, 'g', (size_t)(end - p))) != NULL; p++) {
        size_t before = (size_t)(p - s), after = (size_t)(end - p);
        if ((before >= 8 && memcmp(p - 8, "reasonin", 8) == 0) || (before >= 7 && memcmp(p - 7, "thinkin", 7) == 0) ||
            (before >= 2 && after >= 13 && memcmp(p - 2, "signature_delta", 15) == 0))
            return true;
    }
    /* a \u escape could spell any of them; "\\" is a whole escape, skipped */
    for (size_t i = 0; i < n;) {
        const char *p = memchr(s + i, '\\', n - i);
        if (!p || (size_t)(p - s) + 1 >= n)
            break;
        if (p[1] == 'u')
            return true;
        i = (size_t)(p - s) + 2;
    }
    return false;
}

bool sw_redact_passes_whole(const sw_redact *r, const char *p, size_t n)
{
    return !r->sse && !r->too_large && r->held.len == 0 && n <= SW_REDACT_BODY_MAX && !may_hold_reasoning(p, n);
}

bool sw_redact_finish(sw_redact *r)
{
    if (r->sse) {
        if (r->held.len || r->dropping)
            dispatch(r);
        return true;
    }
    if (r->too_large)
        return false;
    if (r->held.len == 0)
        return true;
    if (!may_hold_reasoning(r->held.data, r->held.len)) {
        if (r->out.len == 0) { /* hand the held bytes over instead of copying them */
            sw_buf empty = r->out;
            r->out = r->held;
            r->held = empty;
        } else {
            sw_buf_append(&r->out, r->held.data, r->held.len);
        }
        sw_buf_reset(&r->held);
        return true;
    }
    cJSON *v = cJSON_ParseWithLength(r->held.data, r->held.len);
    int rc = v ? sw_redact_json(r, v) : 0;
    bool ok = true;
    if (rc == 0) {
        sw_buf_append(&r->out, r->held.data, r->held.len);
    } else {
        char *json = rc > 0 ? cJSON_PrintUnformatted(v) : NULL;
        ok = json != NULL; /* a body cannot be withheld whole and stay an answer */
        if (json)
            sw_buf_puts(&r->out, json);
        cJSON_free(json);
    }
    cJSON_Delete(v);
    sw_buf_reset(&r->held);
    return ok;
}
