/*
 * event.c — one traffic-log line to one sw_event (see event.h).
 *
 * The line is parsed with cJSON (chosen by measurement: on 1.4 KB event
 * lines it parsed ~420k lines/s against ~190k for json-c and ~60k for
 * jansson on one core), into an arena (core/jsonmem.h) so that a tree costs
 * no malloc per node and no delete. The tree lives in the parser until the next line, so
 * plain string fields are handed out as pointers into it without copying;
 * only texts assembled from several parts are copied, into two reusable
 * buffers.
 *
 * Required fields are checked strictly (type and value) because a line
 * without them cannot be attributed; optional fields of the wrong type are
 * treated as absent, as a reader that "accepts unknown fields" should.
 */
#include "core/event.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/jsonmem.h"
#include "core/time.h"

struct sw_event_parser {
    sw_json_arena *arena; /* holds the tree of the current line */
    cJSON *root;
    sw_buf system;
    sw_buf prompt;
};

int sw_event_parser_new(sw_event_parser **out)
{
    sw_event_parser *p = calloc(1, sizeof *p);
    if (!p)
        return SW_ENOMEM;
    if (sw_json_arena_new(&p->arena) != SW_OK) {
        free(p);
        return SW_ENOMEM;
    }
    sw_buf_init(&p->system);
    sw_buf_init(&p->prompt);
    *out = p;
    return SW_OK;
}

void sw_event_parser_free(sw_event_parser *p)
{
    if (!p)
        return;
    sw_json_arena_free(p->arena);
    sw_buf_free(&p->system);
    sw_buf_free(&p->prompt);
    free(p);
}

sw_endpoint sw_endpoint_of(const char *path)
{
    /* tolerate a query string or a trailing slash */
    size_t n = strcspn(path, "?");
    while (n > 1 && path[n - 1] == '/')
        n--;
#define IS(lit) (n == sizeof(lit) - 1 && !memcmp(path, lit, n))
    if (IS("/v1/chat/completions"))
        return SW_EP_CHAT;
    if (IS("/v1/completions"))
        return SW_EP_COMPLETIONS;
    if (IS("/v1/responses"))
        return SW_EP_RESPONSES;
    if (IS("/v1/messages"))
        return SW_EP_MESSAGES;
#undef IS
    return SW_EP_OTHER;
}

static const char *opt_str(const cJSON *obj, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int64_t int_of(const cJSON *v)
{
    if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || v->valuedouble < 0 || v->valuedouble > 9e15)
        return -1;
    return (int64_t)v->valuedouble;
}

static int64_t opt_int(const cJSON *obj, const char *name)
{
    return int_of(cJSON_GetObjectItemCaseSensitive(obj, name));
}

/* Appends a text to a join buffer, separating parts by a newline. */
static void join(sw_buf *b, const char *s)
{
    if (b->len)
        sw_buf_putc(b, '\n');
    sw_buf_puts(b, s);
}

typedef struct {
    sw_event *ev;
    sw_buf *out; /* where this turn's text goes, or NULL to only count */
    size_t chars;
} text_sink;

/*
 * Walks one message content: a string, null, or an array of parts. Text
 * parts ("text", "input_text", "output_text") are joined into sink->out;
 * images and tool parts are counted. Anthropic tool_result parts carry their
 * own content, which counts as context but not as the user's words.
 */
static void walk_content(const cJSON *content, text_sink *sink)
{
    if (cJSON_IsString(content)) {
        size_t n = strlen(content->valuestring);
        sink->chars += n;
        if (sink->out)
            join(sink->out, content->valuestring);
        return;
    }
    if (!cJSON_IsArray(content))
        return;
    const cJSON *part;
    cJSON_ArrayForEach(part, content)
    {
        if (cJSON_IsString(part)) { /* some clients send bare strings */
            sink->chars += strlen(part->valuestring);
            if (sink->out)
                join(sink->out, part->valuestring);
            continue;
        }
        const char *type = opt_str(part, "type");
        const char *text = opt_str(part, "text");
        if (!type)
            type = "";
        if (text && (!strcmp(type, "text") || !strcmp(type, "input_text") || !strcmp(type, "output_text") ||
                     !*type)) {
            sink->chars += strlen(text);
            if (sink->out)
                join(sink->out, text);
        } else if (!strncmp(type, "image", 5) || !strcmp(type, "input_image")) {
            sink->ev->n_images++;
        } else if (!strcmp(type, "tool_use")) {
            sink->ev->n_tool_calls++;
        } else if (!strcmp(type, "tool_result")) {
            sink->ev->n_tool_results++;
            text_sink inner = {sink->ev, NULL, 0};
            walk_content(cJSON_GetObjectItemCaseSensitive(part, "content"), &inner);
            sink->chars += inner.chars;
        }
    }
}

/* Messages of chat, Anthropic messages and Responses input items. */
static void walk_messages(sw_event_parser *p, const cJSON *msgs, sw_event *ev)
{
    const cJSON *m;
    const cJSON *last_user = NULL;
    cJSON_ArrayForEach(m, msgs)
    {
        if (!cJSON_IsObject(m))
            continue;
        ev->n_messages++;
        const char *role = opt_str(m, "role");
        const char *type = opt_str(m, "type");
        const cJSON *content = cJSON_GetObjectItemCaseSensitive(m, "content");
        text_sink sink = {ev, NULL, 0};
        if (type && (!strcmp(type, "function_call") || !strcmp(type, "custom_tool_call"))) {
            ev->n_tool_calls++;
        } else if (type && (!strcmp(type, "function_call_output") || !strcmp(type, "custom_tool_call_output"))) {
            ev->n_tool_results++;
            const char *o = opt_str(m, "output");
            sink.chars += o ? strlen(o) : 0;
        } else if (!role) {
            continue;
        } else if (!strcmp(role, "system") || !strcmp(role, "developer")) {
            sink.out = &p->system;
            walk_content(content, &sink);
        } else if (!strcmp(role, "user")) {
            ev->n_user++;
            size_t results_before = (size_t)ev->n_tool_results;
            walk_content(content, &sink);
            /* a user turn that only returns tool results is not a new ask */
            if (sink.chars > 0 && ((size_t)ev->n_tool_results == results_before || cJSON_IsString(content)))
                last_user = content;
        } else if (!strcmp(role, "assistant")) {
            ev->n_assistant++;
            const cJSON *calls = cJSON_GetObjectItemCaseSensitive(m, "tool_calls");
            if (cJSON_IsArray(calls))
                ev->n_tool_calls += cJSON_GetArraySize(calls);
            if (cJSON_GetObjectItemCaseSensitive(m, "function_call"))
                ev->n_tool_calls++;
            walk_content(content, &sink);
        } else if (!strcmp(role, "tool") || !strcmp(role, "function")) {
            ev->n_tool_results++;
            walk_content(content, &sink);
        }
        ev->context_chars += sink.chars;
    }
    if (last_user) {
        if (cJSON_IsString(last_user)) {
            ev->prompt = last_user->valuestring;
            ev->prompt_len = strlen(last_user->valuestring);
        } else {
            text_sink sink = {ev, &p->prompt, 0};
            int images = ev->n_images, calls = ev->n_tool_calls, results = ev->n_tool_results;
            walk_content(last_user, &sink);
            ev->n_images = images, ev->n_tool_calls = calls, ev->n_tool_results = results;
        }
    }
}

static void system_of(sw_event_parser *p, const cJSON *sys)
{
    if (cJSON_IsString(sys) || cJSON_IsArray(sys)) {
        text_sink sink = {NULL, &p->system, 0};
        sw_event dummy;
        memset(&dummy, 0, sizeof dummy);
        sink.ev = &dummy;
        walk_content(sys, &sink);
    }
}

static int effort_of(const char *s)
{
    if (!s)
        return 0;
    if (!strcmp(s, "high") || !strcmp(s, "xhigh") || !strcmp(s, "max"))
        return 3;
    if (!strcmp(s, "medium"))
        return 2;
    if (!strcmp(s, "low") || !strcmp(s, "minimal"))
        return 1;
    return 0;
}

/* The members of a request object that normalisation reads, found in one
 * pass over its keys (cJSON's lookup by name is a linear scan per call). */
typedef struct {
    const cJSON *messages, *system, *instructions, *input, *prompt, *tools, *functions, *max_tokens,
        *max_completion_tokens, *max_output_tokens, *temperature, *n, *stream, *logprobs, *top_logprobs,
        *reasoning_effort, *reasoning, *thinking;
} request_fields;

/* Finds several members of an object in one pass over its keys; slots[i]
 * receives the first member named names[i] (the first of duplicate keys
 * wins, as in cJSON's own lookup), or NULL. */
static void collect(const cJSON *obj, const char *const *names, size_t n, const cJSON **slots)
{
    for (size_t i = 0; i < n; i++)
        slots[i] = NULL;
    const cJSON *item;
    cJSON_ArrayForEach(item, obj)
    {
        if (!item->string)
            continue;
        for (size_t i = 0; i < n; i++) {
            /* the first byte settles most comparisons without a call */
            if (!slots[i] && item->string[0] == names[i][0] && !strcmp(item->string, names[i])) {
                slots[i] = item;
                break;
            }
        }
    }
}

static void collect_request(const cJSON *req, request_fields *r)
{
    static const char *const names[] = {
        "messages", "system", "instructions", "input", "prompt", "tools", "functions", "max_tokens",
        "max_completion_tokens", "max_output_tokens", "temperature", "n", "stream", "logprobs",
        "top_logprobs", "reasoning_effort", "reasoning", "thinking",
    };
    _Static_assert(sizeof names / sizeof names[0] == sizeof(request_fields) / sizeof(const cJSON *),
                   "one name per request field, in declaration order");
    collect(req, names, sizeof names / sizeof names[0], (const cJSON **)r);
}


static void normalise_request(sw_event_parser *p, const cJSON *req, sw_event *ev)
{
    request_fields r;
    collect_request(req, &r);
    const cJSON *msgs = r.messages;
    if (cJSON_IsArray(msgs))
        walk_messages(p, msgs, ev);
    system_of(p, r.system);
    system_of(p, r.instructions);

    const cJSON *input = r.input;
    if (cJSON_IsString(input)) {
        ev->prompt = input->valuestring;
        ev->prompt_len = strlen(input->valuestring);
        ev->context_chars += ev->prompt_len;
        ev->n_user++;
    } else if (cJSON_IsArray(input)) {
        walk_messages(p, input, ev);
    }
    const cJSON *prompt = r.prompt;
    if (cJSON_IsString(prompt)) {
        ev->prompt = prompt->valuestring;
        ev->prompt_len = strlen(prompt->valuestring);
        ev->context_chars += ev->prompt_len;
        ev->n_user++;
    } else if (cJSON_IsArray(prompt)) {
        text_sink sink = {ev, &p->prompt, 0};
        walk_content(prompt, &sink);
        ev->context_chars += sink.chars;
        ev->n_user++;
    }
    if (p->prompt.len && !ev->prompt_len) {
        ev->prompt = p->prompt.data;
        ev->prompt_len = p->prompt.len;
    }
    if (p->system.len) {
        ev->system = p->system.data;
        ev->system_len = p->system.len;
    }

    const cJSON *tools = r.tools;
    if (!cJSON_IsArray(tools))
        tools = r.functions;
    if (cJSON_IsArray(tools))
        ev->n_tools = cJSON_GetArraySize(tools);

    ev->max_tokens = int_of(r.max_tokens);
    if (ev->max_tokens < 0)
        ev->max_tokens = int_of(r.max_completion_tokens);
    if (ev->max_tokens < 0)
        ev->max_tokens = int_of(r.max_output_tokens);
    ev->temperature = cJSON_IsNumber(r.temperature) ? r.temperature->valuedouble : NAN;
    int64_t n = int_of(r.n);
    ev->n_choices = n > 0 ? (int)(n > 1000 ? 1000 : n) : 1;
    ev->stream = cJSON_IsTrue(r.stream);
    const cJSON *lp = r.logprobs;
    ev->logprobs = cJSON_IsTrue(lp) || (cJSON_IsNumber(lp) && lp->valuedouble > 0) || int_of(r.top_logprobs) > 0;

    ev->reasoning_effort = effort_of(cJSON_IsString(r.reasoning_effort) ? r.reasoning_effort->valuestring : NULL);
    const cJSON *reasoning = r.reasoning;
    if (cJSON_IsObject(reasoning) && !ev->reasoning_effort)
        ev->reasoning_effort = effort_of(opt_str(reasoning, "effort"));
    const cJSON *thinking = r.thinking;
    if (cJSON_IsObject(thinking)) {
        const char *type = opt_str(thinking, "type");
        if (!type || strcmp(type, "disabled")) {
            ev->thinking_budget = opt_int(thinking, "budget_tokens");
            if (ev->reasoning_effort < 3)
                ev->reasoning_effort = ev->thinking_budget >= 0 && ev->thinking_budget < 4096 ? 2 : 3;
        }
    }
}

/* Members of a traffic-log line, in the order of root_names. */
enum {
    R_TS, R_ACCOUNT, R_IP, R_ENDPOINT, R_MODEL, /* required strings, in this order */
    R_REQUEST, R_STATUS, R_KEY, R_REQUEST_ID, R_COUNTRY, R_USER_AGENT, R_ASN, R_RESPONSE, R_USAGE,
    R_LATENCY, R_COUNT
};
static const char *const root_names[R_COUNT] = {
    "ts", "account", "ip", "endpoint", "model", "request", "status", "key", "request_id", "country",
    "user_agent", "asn", "response", "usage", "latency_ms",
};

static const char *str_of(const cJSON *v)
{
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void normalise_response(const cJSON *const *root, sw_event *ev)
{
    const cJSON *resp = root[R_RESPONSE];
    if (cJSON_IsObject(resp)) {
        ev->has_response = true;
        const char *text = opt_str(resp, "text");
        const char *reasoning = opt_str(resp, "reasoning");
        ev->response_chars = text ? strlen(text) : 0;
        ev->reasoning_chars = reasoning ? strlen(reasoning) : 0;
    }
    const cJSON *usage = root[R_USAGE];
    if (cJSON_IsObject(usage)) {
        ev->prompt_tokens = opt_int(usage, "prompt_tokens");
        if (ev->prompt_tokens < 0)
            ev->prompt_tokens = opt_int(usage, "input_tokens");
        ev->completion_tokens = opt_int(usage, "completion_tokens");
        if (ev->completion_tokens < 0)
            ev->completion_tokens = opt_int(usage, "output_tokens");
        ev->reasoning_tokens = opt_int(usage, "reasoning_tokens");
    }
    ev->latency_ms = int_of(root[R_LATENCY]);
}

static int fail(char *err, size_t errsz, const char *fmt, const char *what)
{
    if (errsz)
        snprintf(err, errsz, fmt, what);
    return SW_EPARSE;
}

static const char *required_str(const cJSON *v, int *bad)
{
    if (!v) {
        *bad = 1;
        return NULL;
    }
    if (!cJSON_IsString(v) || !v->valuestring[0]) {
        *bad = 2;
        return NULL;
    }
    return v->valuestring;
}

int sw_event_parse(sw_event_parser *p, const char *line, size_t n, sw_event *ev, char *err, size_t errsz)
{
    p->root = NULL;
    sw_buf_reset(&p->system);
    sw_buf_reset(&p->prompt);
    memset(ev, 0, sizeof *ev);
    ev->asn = ev->max_tokens = ev->thinking_budget = -1;
    ev->prompt_tokens = ev->completion_tokens = ev->reasoning_tokens = ev->latency_ms = -1;
    ev->system = ev->prompt = "";

    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        n--;
    if (n == 0)
        return fail(err, errsz, "%s", "empty line");
    const char *end = NULL;
    p->root = sw_json_arena_parse(p->arena, line, n, &end);
    if (!p->root) {
        const char *at = cJSON_GetErrorPtr();
        long off = at && at >= line && at <= line + n ? (long)(at - line) : -1;
        if (errsz)
            snprintf(err, errsz, "invalid JSON near byte %ld", off);
        return SW_EPARSE;
    }
    if (!cJSON_IsObject(p->root))
        return fail(err, errsz, "%s", "line is not a JSON object");

    const cJSON *root[R_COUNT];
    collect(p->root, root_names, R_COUNT, root);
    const char *vals[R_MODEL + 1];
    for (int i = R_TS; i <= R_MODEL; i++) {
        int bad = 0;
        vals[i] = required_str(root[i], &bad);
        if (bad == 1)
            return fail(err, errsz, "missing required field '%s'", root_names[i]);
        if (bad == 2)
            return fail(err, errsz, "field '%s' must be a non-empty string", root_names[i]);
    }
    if (sw_time_parse(vals[0], strlen(vals[0]), &ev->ts_ms) != SW_OK)
        return fail(err, errsz, "field 'ts' is not an RFC 3339 time: '%.40s'", vals[0]);
    ev->account = vals[1];
    ev->ip_text = vals[2];
    if (sw_ip_parse(vals[2], &ev->ip) != SW_OK)
        return fail(err, errsz, "field 'ip' is not an IPv4 or IPv6 address: '%.50s'", vals[2]);
    ev->endpoint_path = vals[3];
    ev->endpoint = sw_endpoint_of(vals[3]);
    ev->model = vals[4];

    const cJSON *req = root[R_REQUEST];
    if (!req)
        return fail(err, errsz, "missing required field '%s'", "request");
    if (!cJSON_IsObject(req))
        return fail(err, errsz, "field '%s' must be an object", "request");
    const cJSON *status = root[R_STATUS];
    if (!status)
        return fail(err, errsz, "missing required field '%s'", "status");
    if (!cJSON_IsNumber(status) || status->valuedouble < 100 || status->valuedouble > 599 ||
        status->valuedouble != (double)(int)status->valuedouble)
        return fail(err, errsz, "field '%s' must be an HTTP status code", "status");
    ev->status = (int)status->valuedouble;

    ev->key = str_of(root[R_KEY]);
    ev->request_id = str_of(root[R_REQUEST_ID]);
    ev->country = str_of(root[R_COUNTRY]);
    ev->user_agent = str_of(root[R_USER_AGENT]);
    ev->asn = int_of(root[R_ASN]);

    normalise_request(p, req, ev);
    normalise_response(root, ev);
    if (p->system.oom || p->prompt.oom)
        return fail(err, errsz, "%s", "out of memory");
    return SW_OK;
}
