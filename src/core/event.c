/*
 * event.c — one traffic-log line to one sw_event (see event.h).
 *
 * The line is parsed with simdjson through core/jsondoc.h: the log is the
 * one input read at millions of lines per run, and on traffic-log lines
 * simdjson's DOM parse is 5.7x as fast as cJSON's (bench/json_parsers.c;
 * cJSON in turn beats json-c and jansson 2x and 5x). The document lives
 * in the parser until the next line, so plain string fields are handed out
 * as pointers into it without copying; only texts assembled from several
 * parts are copied, into two reusable buffers.
 *
 * A line that is not JSON is parsed once more with cJSON, only to tell the
 * analyst the byte where it breaks (simdjson reports what, not where); that
 * costs nothing on good lines.
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
#include "core/jsondoc.h"
#include "core/time.h"

struct sw_event_parser {
    sw_jsondoc *doc; /* holds the document of the current line */
    sw_buf system;
    sw_buf prompt;
};

int sw_event_parser_new(sw_event_parser **out)
{
    sw_event_parser *p = calloc(1, sizeof *p);
    if (!p)
        return SW_ENOMEM;
    if (sw_jsondoc_new(&p->doc) != SW_OK) {
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
    sw_jsondoc_free(p->doc);
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

static bool is_type(sw_jv v, sw_jv_type_t t)
{
    return sw_jv_type(v) == t;
}

/* A member name and its length, for collect(). */
typedef struct {
    const char *s;
    size_t len;
} field_name;
#define FIELD(lit) {lit, sizeof(lit) - 1}

/* Finds several members of an object in one pass over its keys; slots[i]
 * receives the first member named names[i] (the first of duplicate keys
 * wins), or stays absent. Keys are compared by length first: most of a
 * line's keys are not wanted, and their lengths say so without a call. */
static void collect(sw_jv obj, const field_name *names, size_t n, sw_jv *slots)
{
    memset(slots, 0, n * sizeof *slots);
    sw_jv_iter it;
    const char *key;
    size_t keylen;
    sw_jv val;
    if (!is_type(obj, SW_JV_OBJECT) || !sw_jv_iter_init(obj, &it))
        return;
    while (sw_jv_next(&it, &key, &keylen, &val)) {
        for (size_t i = 0; i < n; i++) {
            if (keylen == names[i].len && !slots[i].opaque[0] && !memcmp(key, names[i].s, keylen)) {
                slots[i] = val;
                break;
            }
        }
    }
}

static const char *opt_str(sw_jv obj, const char *name)
{
    return sw_jv_str(sw_jv_member(obj, name), NULL);
}

/* Appends a text to a join buffer, separating parts by a newline. */
static void join(sw_buf *b, const char *s, size_t n)
{
    if (b->len)
        sw_buf_putc(b, '\n');
    sw_buf_append(b, s, n);
}

typedef struct {
    sw_event *ev;
    sw_buf *out; /* where this turn's text goes, or NULL to only count */
    size_t chars;
} text_sink;

static void sink_text(text_sink *sink, const char *s, size_t n)
{
    sink->chars += n;
    if (sink->out)
        join(sink->out, s, n);
}

/*
 * Walks one message content: a string, null, or an array of parts. Text
 * parts ("text", "input_text", "output_text") are joined into sink->out;
 * images and tool parts are counted. Anthropic tool_result parts carry their
 * own content, which counts as context but not as the user's words.
 */
static void walk_content(sw_jv content, text_sink *sink)
{
    size_t n;
    const char *s = sw_jv_str(content, &n);
    if (s) {
        sink_text(sink, s, n);
        return;
    }
    sw_jv_iter it;
    sw_jv part;
    if (!is_type(content, SW_JV_ARRAY) || !sw_jv_iter_init(content, &it))
        return;
    while (sw_jv_next(&it, NULL, NULL, &part)) {
        if ((s = sw_jv_str(part, &n))) { /* some clients send bare strings */
            sink_text(sink, s, n);
            continue;
        }
        enum { TYPE, TEXT, CONTENT };
        static const field_name names[] = {FIELD("type"), FIELD("text"), FIELD("content")};
        sw_jv f[3];
        collect(part, names, 3, f);
        const char *type = sw_jv_str(f[TYPE], NULL);
        const char *text = sw_jv_str(f[TEXT], &n);
        if (!type)
            type = "";
        if (text && (!strcmp(type, "text") || !strcmp(type, "input_text") || !strcmp(type, "output_text") ||
                     !*type)) {
            sink_text(sink, text, n);
        } else if (!strncmp(type, "image", 5) || !strcmp(type, "input_image")) {
            sink->ev->n_images++;
        } else if (!strcmp(type, "tool_use")) {
            sink->ev->n_tool_calls++;
        } else if (!strcmp(type, "tool_result")) {
            sink->ev->n_tool_results++;
            text_sink inner = {sink->ev, NULL, 0};
            walk_content(f[CONTENT], &inner);
            sink->chars += inner.chars;
        }
    }
}

/* Messages of chat, Anthropic messages and Responses input items. */
static void walk_messages(sw_event_parser *p, sw_jv msgs, sw_event *ev)
{
    enum { ROLE, TYPE, CONTENT, OUTPUT, TOOL_CALLS, FUNCTION_CALL, NFIELDS };
    static const field_name names[NFIELDS] = {FIELD("role"),   FIELD("type"),       FIELD("content"),
                                              FIELD("output"), FIELD("tool_calls"), FIELD("function_call")};
    sw_jv_iter it;
    sw_jv m;
    sw_jv last_user = {{0, 0}};
    if (!sw_jv_iter_init(msgs, &it))
        return;
    while (sw_jv_next(&it, NULL, NULL, &m)) {
        if (!is_type(m, SW_JV_OBJECT))
            continue;
        ev->n_messages++;
        sw_jv f[NFIELDS];
        collect(m, names, NFIELDS, f);
        const char *role = sw_jv_str(f[ROLE], NULL);
        const char *type = sw_jv_str(f[TYPE], NULL);
        sw_jv content = f[CONTENT];
        text_sink sink = {ev, NULL, 0};
        if (type && (!strcmp(type, "function_call") || !strcmp(type, "custom_tool_call"))) {
            ev->n_tool_calls++;
        } else if (type && (!strcmp(type, "function_call_output") || !strcmp(type, "custom_tool_call_output"))) {
            ev->n_tool_results++;
            size_t n = 0;
            sw_jv_str(f[OUTPUT], &n);
            sink.chars += n;
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
            if (sink.chars > 0 &&
                ((size_t)ev->n_tool_results == results_before || is_type(content, SW_JV_STRING)))
                last_user = content;
        } else if (!strcmp(role, "assistant")) {
            ev->n_assistant++;
            if (is_type(f[TOOL_CALLS], SW_JV_ARRAY))
                ev->n_tool_calls += (int)sw_jv_array_size(f[TOOL_CALLS]);
            if (sw_jv_type(f[FUNCTION_CALL]) != SW_JV_ABSENT)
                ev->n_tool_calls++;
            walk_content(content, &sink);
        } else if (!strcmp(role, "tool") || !strcmp(role, "function")) {
            ev->n_tool_results++;
            walk_content(content, &sink);
        }
        ev->context_chars += sink.chars;
    }
    size_t n;
    const char *s = sw_jv_str(last_user, &n);
    if (s) {
        ev->prompt = s;
        ev->prompt_len = n;
    } else if (last_user.opaque[0]) {
        text_sink sink = {ev, &p->prompt, 0};
        int images = ev->n_images, calls = ev->n_tool_calls, results = ev->n_tool_results;
        walk_content(last_user, &sink);
        ev->n_images = images, ev->n_tool_calls = calls, ev->n_tool_results = results;
    }
}

static void system_of(sw_event_parser *p, sw_jv sys)
{
    if (is_type(sys, SW_JV_STRING) || is_type(sys, SW_JV_ARRAY)) {
        sw_event dummy;
        memset(&dummy, 0, sizeof dummy);
        text_sink sink = {&dummy, &p->system, 0};
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

/* The members of a request object that normalisation reads, in the order
 * of request_names. */
enum {
    Q_MESSAGES, Q_SYSTEM, Q_INSTRUCTIONS, Q_INPUT, Q_PROMPT, Q_TOOLS, Q_FUNCTIONS, Q_MAX_TOKENS,
    Q_MAX_COMPLETION_TOKENS, Q_MAX_OUTPUT_TOKENS, Q_TEMPERATURE, Q_N, Q_STREAM, Q_LOGPROBS, Q_TOP_LOGPROBS,
    Q_REASONING_EFFORT, Q_REASONING, Q_THINKING, Q_COUNT
};
static const field_name request_names[Q_COUNT] = {
    FIELD("messages"),          FIELD("system"),       FIELD("instructions"),
    FIELD("input"),             FIELD("prompt"),       FIELD("tools"),
    FIELD("functions"),         FIELD("max_tokens"),   FIELD("max_completion_tokens"),
    FIELD("max_output_tokens"), FIELD("temperature"),  FIELD("n"),
    FIELD("stream"),            FIELD("logprobs"),     FIELD("top_logprobs"),
    FIELD("reasoning_effort"),  FIELD("reasoning"),    FIELD("thinking"),
};

/* A whole-text prompt field ("input": "…", "prompt": "…"). */
static void prompt_string(sw_event *ev, const char *s, size_t n)
{
    ev->prompt = s;
    ev->prompt_len = n;
    ev->context_chars += n;
    ev->n_user++;
}

static void normalise_request(sw_event_parser *p, sw_jv req, sw_event *ev)
{
    sw_jv r[Q_COUNT];
    collect(req, request_names, Q_COUNT, r);
    if (is_type(r[Q_MESSAGES], SW_JV_ARRAY))
        walk_messages(p, r[Q_MESSAGES], ev);
    system_of(p, r[Q_SYSTEM]);
    system_of(p, r[Q_INSTRUCTIONS]);

    size_t n;
    const char *s;
    if ((s = sw_jv_str(r[Q_INPUT], &n)))
        prompt_string(ev, s, n);
    else if (is_type(r[Q_INPUT], SW_JV_ARRAY))
        walk_messages(p, r[Q_INPUT], ev);
    if ((s = sw_jv_str(r[Q_PROMPT], &n))) {
        prompt_string(ev, s, n);
    } else if (is_type(r[Q_PROMPT], SW_JV_ARRAY)) {
        text_sink sink = {ev, &p->prompt, 0};
        walk_content(r[Q_PROMPT], &sink);
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

    sw_jv tools = r[Q_TOOLS];
    if (!is_type(tools, SW_JV_ARRAY))
        tools = r[Q_FUNCTIONS];
    if (is_type(tools, SW_JV_ARRAY))
        ev->n_tools = (int)sw_jv_array_size(tools);

    ev->max_tokens = sw_jv_count(r[Q_MAX_TOKENS]);
    if (ev->max_tokens < 0)
        ev->max_tokens = sw_jv_count(r[Q_MAX_COMPLETION_TOKENS]);
    if (ev->max_tokens < 0)
        ev->max_tokens = sw_jv_count(r[Q_MAX_OUTPUT_TOKENS]);
    double t;
    ev->temperature = sw_jv_num(r[Q_TEMPERATURE], &t) ? t : NAN;
    int64_t nc = sw_jv_count(r[Q_N]);
    ev->n_choices = nc > 0 ? (int)(nc > 1000 ? 1000 : nc) : 1;
    ev->stream = sw_jv_is_true(r[Q_STREAM]);
    double lp;
    ev->logprobs = sw_jv_is_true(r[Q_LOGPROBS]) || (sw_jv_num(r[Q_LOGPROBS], &lp) && lp > 0) ||
                   sw_jv_count(r[Q_TOP_LOGPROBS]) > 0;

    ev->reasoning_effort = effort_of(sw_jv_str(r[Q_REASONING_EFFORT], NULL));
    if (is_type(r[Q_REASONING], SW_JV_OBJECT) && !ev->reasoning_effort)
        ev->reasoning_effort = effort_of(opt_str(r[Q_REASONING], "effort"));
    sw_jv thinking = r[Q_THINKING];
    if (is_type(thinking, SW_JV_OBJECT)) {
        static const field_name names[] = {FIELD("type"), FIELD("budget_tokens")};
        sw_jv f[2];
        collect(thinking, names, 2, f);
        const char *type = sw_jv_str(f[0], NULL);
        if (!type || strcmp(type, "disabled")) {
            ev->thinking_budget = sw_jv_count(f[1]);
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
static const field_name root_names[R_COUNT] = {
    FIELD("ts"),         FIELD("account"),    FIELD("ip"),       FIELD("endpoint"), FIELD("model"),
    FIELD("request"),    FIELD("status"),     FIELD("key"),      FIELD("request_id"), FIELD("country"),
    FIELD("user_agent"), FIELD("asn"),        FIELD("response"), FIELD("usage"),    FIELD("latency_ms"),
};

static void normalise_response(const sw_jv *root, sw_event *ev)
{
    sw_jv resp = root[R_RESPONSE];
    if (is_type(resp, SW_JV_OBJECT)) {
        static const field_name names[] = {FIELD("text"), FIELD("reasoning")};
        sw_jv f[2];
        collect(resp, names, 2, f);
        ev->has_response = true;
        size_t n = 0, m = 0;
        sw_jv_str(f[0], &n);
        sw_jv_str(f[1], &m);
        ev->response_chars = n;
        ev->reasoning_chars = m;
    }
    sw_jv usage = root[R_USAGE];
    if (is_type(usage, SW_JV_OBJECT)) {
        enum { PT, IT, CT, OT, RT };
        static const field_name names[] = {FIELD("prompt_tokens"), FIELD("input_tokens"), FIELD("completion_tokens"),
                                            FIELD("output_tokens"), FIELD("reasoning_tokens")};
        sw_jv f[5];
        collect(usage, names, 5, f);
        ev->prompt_tokens = sw_jv_count(f[PT]);
        if (ev->prompt_tokens < 0)
            ev->prompt_tokens = sw_jv_count(f[IT]);
        ev->completion_tokens = sw_jv_count(f[CT]);
        if (ev->completion_tokens < 0)
            ev->completion_tokens = sw_jv_count(f[OT]);
        ev->reasoning_tokens = sw_jv_count(f[RT]);
    }
    ev->latency_ms = sw_jv_count(root[R_LATENCY]);
}

static int fail(char *err, size_t errsz, const char *fmt, const char *what)
{
    if (errsz)
        snprintf(err, errsz, fmt, what);
    return SW_EPARSE;
}

/* Says where a line that is not JSON breaks (see the file comment). */
static int invalid_json(const char *line, size_t n, const char *why, char *err, size_t errsz)
{
    const char *end = NULL;
    cJSON *j = cJSON_ParseWithLengthOpts(line, n, &end, 0);
    if (j) { /* cJSON is more lenient (e.g. about bytes in strings) */
        cJSON_Delete(j);
        return fail(err, errsz, "invalid JSON (%s)", why);
    }
    const char *at = cJSON_GetErrorPtr();
    long off = at && at >= line && at <= line + n ? (long)(at - line) : -1;
    if (errsz)
        snprintf(err, errsz, "invalid JSON near byte %ld", off);
    return SW_EPARSE;
}

static const char *required_str(sw_jv v, int *bad)
{
    if (sw_jv_type(v) == SW_JV_ABSENT) {
        *bad = 1;
        return NULL;
    }
    const char *s = sw_jv_str(v, NULL);
    if (!s || !s[0]) {
        *bad = 2;
        return NULL;
    }
    return s;
}

int sw_event_parse(sw_event_parser *p, const char *line, size_t n, sw_event *ev, char *err, size_t errsz)
{
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
    sw_jv top;
    char why[160];
    int rc = sw_jsondoc_parse(p->doc, line, n, &top, why, sizeof why);
    if (rc == SW_ENOMEM)
        return fail(err, errsz, "%s", "out of memory");
    if (rc != SW_OK)
        return invalid_json(line, n, why, err, errsz);
    if (!is_type(top, SW_JV_OBJECT))
        return fail(err, errsz, "%s", "line is not a JSON object");

    sw_jv root[R_COUNT];
    collect(top, root_names, R_COUNT, root);
    const char *vals[R_MODEL + 1];
    for (int i = R_TS; i <= R_MODEL; i++) {
        int bad = 0;
        vals[i] = required_str(root[i], &bad);
        if (bad == 1)
            return fail(err, errsz, "missing required field '%s'", root_names[i].s);
        if (bad == 2)
            return fail(err, errsz, "field '%s' must be a non-empty string", root_names[i].s);
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

    sw_jv req = root[R_REQUEST];
    if (sw_jv_type(req) == SW_JV_ABSENT)
        return fail(err, errsz, "missing required field '%s'", "request");
    if (!is_type(req, SW_JV_OBJECT))
        return fail(err, errsz, "field '%s' must be an object", "request");
    sw_jv status = root[R_STATUS];
    double st;
    if (sw_jv_type(status) == SW_JV_ABSENT)
        return fail(err, errsz, "missing required field '%s'", "status");
    if (!sw_jv_num(status, &st) || st < 100 || st > 599 || st != (double)(int)st)
        return fail(err, errsz, "field '%s' must be an HTTP status code", "status");
    ev->status = (int)st;

    ev->key = sw_jv_str(root[R_KEY], NULL);
    ev->request_id = sw_jv_str(root[R_REQUEST_ID], NULL);
    ev->country = sw_jv_str(root[R_COUNTRY], NULL);
    ev->user_agent = sw_jv_str(root[R_USER_AGENT], NULL);
    ev->asn = sw_jv_count(root[R_ASN]);

    normalise_request(p, req, ev);
    normalise_response(root, ev);
    if (p->system.oom || p->prompt.oom)
        return fail(err, errsz, "%s", "out of memory");
    return SW_OK;
}
