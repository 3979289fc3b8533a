/*
 * render.c — one scheduled event in, one traffic-log line out.
 *
 * The order of work for an event: derive its generators from its schedule
 * entry; pick client, key and endpoint; let content.c build the neutral
 * request and the response text; decide status, token counts, reasoning
 * and latency; pick the client address the gateway saw; then write the
 * line. The request body is written in the schema of its endpoint:
 *
 *   /v1/chat/completions  messages with system/user/assistant/tool roles,
 *                         content as string, null (tool-call-only turns) or
 *                         parts; "function" tools; reasoning_effort;
 *   /v1/messages          top-level system; content string or blocks;
 *                         tool_use / tool_result blocks; thinking;
 *   /v1/completions       one prompt string;
 *   /v1/responses         instructions + input (string or items, with
 *                         function_call / function_call_output items);
 *                         reasoning.effort.
 *
 * prompt_tokens is estimated from the size of the request body as written
 * (about four characters a token), so every figure in usage agrees with
 * what the line carries.
 */
#include <string.h>

#include "core/time.h"
#include "sim/render.h"

void sim_renderer_init(sim_renderer *rd)
{
    sw_buf_init(&rd->txt);
    sw_buf_init(&rd->tmp);
}

void sim_renderer_free(sim_renderer *rd)
{
    sw_buf_free(&rd->txt);
    sw_buf_free(&rd->tmp);
}

/* --------------------------------------------------------------- helpers --- */

static void jtxt(sw_buf *o, const rctx *c, txt t)
{
    if (c->t->oom || !c->t->data)
        sw_json_str(o, "");
    else
        sw_json_strn(o, c->t->data + t.off, t.len);
}

static void kv_txt(sw_buf *o, const rctx *c, const char *k, txt t)
{
    sw_json_key(o, k);
    jtxt(o, c, t);
}

/* A raw JSON value from the arena (tool arguments as an object). */
static void raw_txt(sw_buf *o, const rctx *c, txt t)
{
    if (c->t->oom || !c->t->data || t.len == 0) {
        sw_json_raw(o, "{}");
        return;
    }
    sw_json_raw(o, ""); /* writes the separator and marks the value */
    sw_buf_append(o, c->t->data + t.off, t.len);
}

static void call_id(char *out, size_t n, uint64_t h, int ep)
{
    static const char b62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    const char *prefix = ep == EP_MESSAGES ? "toolu_01" : ep == EP_RESPONSES ? "call_" : "call_";
    size_t p = (size_t)snprintf(out, n, "%s", prefix);
    uint64_t x = sw_mix64(h);
    for (int i = 0; i < 22 && p + 1 < n; i++) {
        if (i == 11)
            x = sw_mix64(h ^ 0x9e3779b97f4a7c15ULL);
        out[p++] = b62[x % 62];
        x /= 62;
    }
    out[p] = '\0';
}

static const char *const role_name[] = {"system", "user", "assistant", "tool"};
static const char *const effort_name[] = {"", "low", "medium", "high"};

/* ------------------------------------------------------------------ tools --- */

static void tool_schema(sw_buf *o, const sim_tool *t)
{
    sw_json_obj_begin(o);
    sw_json_kv_str(o, "type", "object");
    sw_json_key(o, "properties");
    sw_json_obj_begin(o);
    for (int i = 0; i < t->np; i++) {
        sw_json_key(o, t->p[i].name);
        sw_json_obj_begin(o);
        sw_json_kv_str(o, "type", t->p[i].type);
        sw_json_kv_str(o, "description", t->p[i].desc);
        sw_json_obj_end(o);
    }
    sw_json_obj_end(o);
    sw_json_key(o, "required");
    sw_json_arr_begin(o);
    for (int i = 0; i < t->np; i++)
        if (t->p[i].required)
            sw_json_str(o, t->p[i].name);
    sw_json_arr_end(o);
    sw_json_obj_end(o);
}

static void emit_tools(sw_buf *o, const rctx *c)
{
    const sim_toolset *ts = &sim_toolsets[c->q.ts];
    sw_json_key(o, "tools");
    sw_json_arr_begin(o);
    for (int i = 0; i < ts->n; i++) {
        const sim_tool *t = &ts->tool[i];
        sw_json_obj_begin(o);
        if (c->q.ep == EP_MESSAGES) {
            sw_json_kv_str(o, "name", t->name);
            sw_json_kv_str(o, "description", t->desc);
            sw_json_key(o, "input_schema");
            tool_schema(o, t);
        } else if (c->q.ep == EP_RESPONSES) {
            sw_json_kv_str(o, "type", "function");
            sw_json_kv_str(o, "name", t->name);
            sw_json_kv_str(o, "description", t->desc);
            sw_json_key(o, "parameters");
            tool_schema(o, t);
        } else {
            sw_json_kv_str(o, "type", "function");
            sw_json_key(o, "function");
            sw_json_obj_begin(o);
            sw_json_kv_str(o, "name", t->name);
            sw_json_kv_str(o, "description", t->desc);
            sw_json_key(o, "parameters");
            tool_schema(o, t);
            sw_json_obj_end(o);
        }
        sw_json_obj_end(o);
    }
    sw_json_arr_end(o);
}

static const char *tool_name(const rctx *c, int tool)
{
    const sim_toolset *ts = &sim_toolsets[c->q.ts >= 0 ? c->q.ts : 0];
    return tool >= 0 && tool < ts->n ? ts->tool[tool].name : "tool";
}

/* ------------------------------------------------------- chat completions --- */

static void chat_parts(sw_buf *o, const rctx *c, const msg *m, const char *text_type, bool responses)
{
    sw_json_arr_begin(o);
    sw_json_obj_begin(o);
    sw_json_kv_str(o, "type", text_type);
    kv_txt(o, c, "text", m->t);
    sw_json_obj_end(o);
    if (m->image) {
        sw_json_obj_begin(o);
        if (responses) {
            sw_json_kv_str(o, "type", "input_image");
            kv_txt(o, c, "image_url", m->img);
        } else {
            sw_json_kv_str(o, "type", "image_url");
            sw_json_key(o, "image_url");
            sw_json_obj_begin(o);
            kv_txt(o, c, "url", m->img);
            sw_json_obj_end(o);
        }
        sw_json_obj_end(o);
    }
    sw_json_arr_end(o);
}

static void chat_msg(sw_buf *o, const rctx *c, const msg *m)
{
    char id[40];
    sw_json_obj_begin(o);
    sw_json_kv_str(o, "role", role_name[m->role]);
    switch (m->form) {
    case F_PARTS:
        sw_json_key(o, "content");
        chat_parts(o, c, m, "text", false);
        break;
    case F_CALL:
        sw_json_key(o, "content");
        if (m->t.len)
            jtxt(o, c, m->t);
        else
            sw_json_null(o);
        sw_json_key(o, "tool_calls");
        sw_json_arr_begin(o);
        sw_json_obj_begin(o);
        call_id(id, sizeof id, m->call, EP_CHAT);
        sw_json_kv_str(o, "id", id);
        sw_json_kv_str(o, "type", "function");
        sw_json_key(o, "function");
        sw_json_obj_begin(o);
        sw_json_kv_str(o, "name", tool_name(c, m->tool));
        kv_txt(o, c, "arguments", m->args);
        sw_json_obj_end(o);
        sw_json_obj_end(o);
        sw_json_arr_end(o);
        break;
    case F_RESULT:
        call_id(id, sizeof id, m->call, EP_CHAT);
        sw_json_kv_str(o, "tool_call_id", id);
        kv_txt(o, c, "content", m->t);
        break;
    default: kv_txt(o, c, "content", m->t); break;
    }
    sw_json_obj_end(o);
}

static void user_field(sw_buf *o, const rctx *c, const char *key)
{
    char u[24];
    snprintf(u, sizeof u, "u_%012llx", (unsigned long long)(c->q.user & 0xffffffffffffULL));
    sw_json_kv_str(o, key, u);
}

static void emit_chat(sw_buf *o, const rctx *c)
{
    const rq *q = &c->q;
    sw_json_kv_str(o, "model", sim_models[q->model].name);
    sw_json_key(o, "messages");
    sw_json_arr_begin(o);
    for (int i = 0; i < q->n; i++)
        chat_msg(o, c, &q->m[i]);
    sw_json_arr_end(o);
    if (q->ts >= 0) {
        emit_tools(o, c);
        sw_json_kv_str(o, "tool_choice", "auto");
    }
    if (q->has_temp)
        sw_json_kv_num(o, "temperature", q->temp);
    if (q->max_tokens)
        sw_json_kv_int(o, q->max_key == 2 ? "max_completion_tokens" : "max_tokens", q->max_tokens);
    if (q->stream)
        sw_json_kv_bool(o, "stream", true);
    if (q->nchoices > 1)
        sw_json_kv_int(o, "n", q->nchoices);
    if (q->logprobs) {
        sw_json_kv_bool(o, "logprobs", true);
        sw_json_kv_int(o, "top_logprobs", q->top_logprobs);
    }
    if (q->effort)
        sw_json_kv_str(o, "reasoning_effort", effort_name[q->effort]);
    if (q->json_mode) {
        sw_json_key(o, "response_format");
        sw_json_obj_begin(o);
        sw_json_kv_str(o, "type", "json_object");
        sw_json_obj_end(o);
    }
    if (q->user)
        user_field(o, c, "user");
}

/* --------------------------------------------------------------- messages --- */

static void messages_msg(sw_buf *o, const rctx *c, const msg *m)
{
    char id[40];
    sw_json_obj_begin(o);
    sw_json_kv_str(o, "role", m->role == R_ASSISTANT ? "assistant" : "user");
    sw_json_key(o, "content");
    switch (m->form) {
    case F_PARTS:
        sw_json_arr_begin(o);
        sw_json_obj_begin(o);
        sw_json_kv_str(o, "type", "text");
        kv_txt(o, c, "text", m->t);
        sw_json_obj_end(o);
        if (m->image) {
            sw_json_obj_begin(o);
            sw_json_kv_str(o, "type", "image");
            sw_json_key(o, "source");
            sw_json_obj_begin(o);
            sw_json_kv_str(o, "type", "url");
            kv_txt(o, c, "url", m->img);
            sw_json_obj_end(o);
            sw_json_obj_end(o);
        }
        sw_json_arr_end(o);
        break;
    case F_CALL:
        sw_json_arr_begin(o);
        if (m->t.len) {
            sw_json_obj_begin(o);
            sw_json_kv_str(o, "type", "text");
            kv_txt(o, c, "text", m->t);
            sw_json_obj_end(o);
        }
        sw_json_obj_begin(o);
        sw_json_kv_str(o, "type", "tool_use");
        call_id(id, sizeof id, m->call, EP_MESSAGES);
        sw_json_kv_str(o, "id", id);
        sw_json_kv_str(o, "name", tool_name(c, m->tool));
        sw_json_key(o, "input");
        raw_txt(o, c, m->args);
        sw_json_obj_end(o);
        sw_json_arr_end(o);
        break;
    case F_RESULT:
        sw_json_arr_begin(o);
        sw_json_obj_begin(o);
        sw_json_kv_str(o, "type", "tool_result");
        call_id(id, sizeof id, m->call, EP_MESSAGES);
        sw_json_kv_str(o, "tool_use_id", id);
        kv_txt(o, c, "content", m->t);
        sw_json_obj_end(o);
        sw_json_arr_end(o);
        break;
    default: jtxt(o, c, m->t); break;
    }
    sw_json_obj_end(o);
}

static void emit_messages(sw_buf *o, const rctx *c)
{
    const rq *q = &c->q;
    sw_json_kv_str(o, "model", sim_models[q->model].name);
    sw_json_kv_int(o, "max_tokens", q->max_tokens ? q->max_tokens : 4096);
    for (int i = 0; i < q->n; i++) {
        if (q->m[i].role != R_SYSTEM)
            continue;
        sw_json_key(o, "system");
        if (q->sys_cache) {
            sw_json_arr_begin(o);
            sw_json_obj_begin(o);
            sw_json_kv_str(o, "type", "text");
            kv_txt(o, c, "text", q->m[i].t);
            sw_json_key(o, "cache_control");
            sw_json_obj_begin(o);
            sw_json_kv_str(o, "type", "ephemeral");
            sw_json_obj_end(o);
            sw_json_obj_end(o);
            sw_json_arr_end(o);
        } else {
            jtxt(o, c, q->m[i].t);
        }
        break;
    }
    sw_json_key(o, "messages");
    sw_json_arr_begin(o);
    for (int i = 0; i < q->n; i++)
        if (q->m[i].role != R_SYSTEM)
            messages_msg(o, c, &q->m[i]);
    sw_json_arr_end(o);
    if (q->ts >= 0)
        emit_tools(o, c);
    if (q->has_temp && !q->thinking)
        sw_json_kv_num(o, "temperature", q->temp);
    if (q->stream)
        sw_json_kv_bool(o, "stream", true);
    if (q->thinking) {
        sw_json_key(o, "thinking");
        sw_json_obj_begin(o);
        sw_json_kv_str(o, "type", "enabled");
        sw_json_kv_int(o, "budget_tokens", q->thinking);
        sw_json_obj_end(o);
    }
    if (q->user) {
        sw_json_key(o, "metadata");
        sw_json_obj_begin(o);
        user_field(o, c, "user_id");
        sw_json_obj_end(o);
    }
}

/* ------------------------------------------------------------ completions --- */

static void emit_completions(sw_buf *o, const rctx *c)
{
    const rq *q = &c->q;
    sw_buf *p = c->tmp;
    sw_buf_reset(p);
    for (int i = 0; i < q->n && !c->t->oom; i++) {
        const msg *m = &q->m[i];
        if (p->len)
            sw_buf_puts(p, "\n\n");
        if (q->n > 1 && m->role == R_ASSISTANT)
            sw_buf_puts(p, "Assistant: ");
        else if (q->n > 1 && m->role == R_USER)
            sw_buf_puts(p, "User: ");
        sw_buf_append(p, c->t->data + m->t.off, m->t.len);
    }
    if (q->n > 1)
        sw_buf_puts(p, "\n\nAssistant:");
    sw_json_kv_str(o, "model", sim_models[q->model].name);
    sw_json_key(o, "prompt");
    sw_json_strn(o, p->oom || !p->data ? "" : p->data, p->oom ? 0 : p->len);
    sw_json_kv_int(o, "max_tokens", q->max_tokens ? q->max_tokens : 256);
    if (q->has_temp)
        sw_json_kv_num(o, "temperature", q->temp);
    if (q->stream)
        sw_json_kv_bool(o, "stream", true);
    if (q->nchoices > 1)
        sw_json_kv_int(o, "n", q->nchoices);
    if (q->logprobs)
        sw_json_kv_int(o, "logprobs", q->top_logprobs > 5 ? 5 : q->top_logprobs);
}

/* -------------------------------------------------------------- responses --- */

static void responses_item(sw_buf *o, const rctx *c, const msg *m)
{
    char id[40];
    switch (m->form) {
    case F_CALL:
        if (m->t.len) {
            sw_json_obj_begin(o);
            sw_json_kv_str(o, "role", "assistant");
            kv_txt(o, c, "content", m->t);
            sw_json_obj_end(o);
        }
        sw_json_obj_begin(o);
        sw_json_kv_str(o, "type", "function_call");
        call_id(id, sizeof id, m->call, EP_RESPONSES);
        sw_json_kv_str(o, "call_id", id);
        sw_json_kv_str(o, "name", tool_name(c, m->tool));
        kv_txt(o, c, "arguments", m->args);
        sw_json_obj_end(o);
        break;
    case F_RESULT:
        sw_json_obj_begin(o);
        sw_json_kv_str(o, "type", "function_call_output");
        call_id(id, sizeof id, m->call, EP_RESPONSES);
        sw_json_kv_str(o, "call_id", id);
        kv_txt(o, c, "output", m->t);
        sw_json_obj_end(o);
        break;
    default:
        sw_json_obj_begin(o);
        sw_json_kv_str(o, "role", role_name[m->role]);
        sw_json_key(o, "content");
        if (m->form == F_PARTS)
            chat_parts(o, c, m, m->role == R_USER ? "input_text" : "output_text", true);
        else
            jtxt(o, c, m->t);
        sw_json_obj_end(o);
    }
}

static void emit_responses(sw_buf *o, const rctx *c)
{
    const rq *q = &c->q;
    int sys = -1, users = 0, others = 0, last_user = -1;
    for (int i = 0; i < q->n; i++) {
        if (q->m[i].role == R_SYSTEM && sys < 0)
            sys = i;
        else if (q->m[i].role == R_USER && q->m[i].form == F_STR)
            users++, last_user = i;
        else if (q->m[i].role != R_SYSTEM)
            others++;
    }
    sw_json_kv_str(o, "model", sim_models[q->model].name);
    if (sys >= 0)
        kv_txt(o, c, "instructions", q->m[sys].t);
    sw_json_key(o, "input");
    if (users == 1 && others == 0) {
        jtxt(o, c, q->m[last_user].t);
    } else {
        sw_json_arr_begin(o);
        for (int i = 0; i < q->n; i++)
            if (i != sys)
                responses_item(o, c, &q->m[i]);
        sw_json_arr_end(o);
    }
    if (q->ts >= 0)
        emit_tools(o, c);
    if (q->max_tokens)
        sw_json_kv_int(o, "max_output_tokens", q->max_tokens);
    if (q->has_temp)
        sw_json_kv_num(o, "temperature", q->temp);
    if (q->effort) {
        sw_json_key(o, "reasoning");
        sw_json_obj_begin(o);
        sw_json_kv_str(o, "effort", effort_name[q->effort]);
        sw_json_obj_end(o);
    }
    if (q->stream)
        sw_json_kv_bool(o, "stream", true);
    if (q->user)
        user_field(o, c, "user");
}

/* ------------------------------------------------------------- addresses --- */

/* The farm's residential proxy pool: address i is a fixed function of the
 * pool seed, clustered in a few dozen /24s per block so that accounts
 * meet each other in prefixes as well as in exact addresses. */
static sim_addr proxy_addr(const sim_world *w, uint64_t h)
{
    uint64_t x = sim_mix(w->proxy_seed, h % w->proxy_pool);
    double total = 0, pick;
    for (int i = 0; i < sim_ncountries; i++)
        total += sim_countries[i].w_proxy;
    pick = (double)(x >> 11) * 0x1.0p-53 * total;
    int ci = 0;
    for (; ci < sim_ncountries - 1; ci++) {
        pick -= sim_countries[ci].w_proxy;
        if (pick < 0)
            break;
    }
    int asn = sim_asn_pick(sim_countries[ci].cc, (x >> 7) % 10 < 4, x >> 13);
    sim_addr a = sim_addr_make(asn, x, (x >> 3) % 100 < 3);
    if (!a.v6)
        a.host = ((x >> 20) % 48) * 5 + 2 + (((x >> 40) % 254) << 8);
    return a;
}

static sim_addr pick_addr(const rctx *c)
{
    const sim_account *a = c->a;
    const sim_world *w = c->w;
    uint64_t conv = sim_mix(c->e->seed, 0x1b1bULL);
    uint64_t ev = sim_mix(c->e->seed ^ (uint64_t)c->ts, 0x1c1cULL);
    int64_t local = c->ts + (int64_t)a->tz * SW_MS_PER_MIN;
    int hour = (int)((local % SW_MS_PER_DAY + SW_MS_PER_DAY) % SW_MS_PER_DAY / SW_MS_PER_HOUR);
    int64_t day = (local - (local % SW_MS_PER_DAY + SW_MS_PER_DAY) % SW_MS_PER_DAY) / SW_MS_PER_DAY;
    int dow = (int)(((day % 7) + 7 + 4) % 7);
    bool workday = dow != 0 && dow != 6, daytime = hour >= 8 && hour < 22;
    int n = a->naddr;
    switch (a->pop) {
    case POP_INDIVIDUAL: {
        bool vpn = sim_asns[a->addr[n - 1].asn].kind == NET_CLOUD;
        if (vpn && conv % 100 < 15)
            return a->addr[n - 1];
        int homes = vpn ? n - 1 : n;
        return a->addr[homes <= 1 || conv % 10 < 7 ? 0 : 1 + (int)((conv >> 8) % (uint64_t)(homes - 1))];
    }
    case POP_STUDENT: {
        bool campus = (workday && daytime) ? conv % 10 < 8 : conv % 10 < 4;
        return campus && n > 1 ? a->addr[(conv >> 8) % (uint64_t)(n - 1)] : a->addr[n - 1];
    }
    case POP_CODING:
        if (n >= 3 && conv % 10 < 3)
            return a->addr[2];
        return (workday && hour >= 8 && hour < 19 && conv % 4 != 0) || n < 2 ? a->addr[0] : a->addr[1];
    case POP_HYDRA: return proxy_addr(w, ev);
    case POP_SWEEP: {
        /* one proxy provider: a few hundred US residential exits, sticky
         * for a few hours per account */
        static const uint32_t isp[] = {7922, 701, 7018, 20115, 22773};
        uint64_t s = sim_mix(a->seed, (uint64_t)(c->ts / (3 * SW_MS_PER_HOUR)));
        uint64_t x = sim_mix(w->proxy_seed ^ 0x5eedULL, s % 400);
        return sim_addr_make(sim_asn_index(isp[x % 5]), x >> 3, (x >> 40) % 100 < 3);
    }
    case POP_PIVOT: {
        uint64_t s = sim_mix(a->seed, (uint64_t)(c->ts / SW_MS_PER_HOUR));
        sim_addr p = a->addr[s % (uint64_t)n];
        p.host = (p.host & 0xff) | (((s >> 8) % 254) << 8);
        return p;
    }
    case POP_RESEARCHER:
    case POP_SCRAPER: return a->addr[conv % (uint64_t)n];
    default: return a->addr[ev % (uint64_t)n];
    }
}

/* --------------------------------------------------------- status, tokens --- */

static int pick_status(rctx *c)
{
    double p429 = 0.004, p400 = 0.003, p500 = 0.0015;
    switch (c->a->pop) {
    case POP_SCRAPER: p429 = 0.05; break;
    case POP_HYDRA: p429 = 0.012; break;
    case POP_RESELLER: p429 = 0.01; break;
    case POP_EVAL: p429 = 0.008; break;
    case POP_BATCH: p429 = 0.006; break;
    default: break;
    }
    double u = sim_rng_unit(&c->er);
    return u < p429 ? 429 : u < p429 + p400 ? 400 : u < p429 + p400 + p500 ? 500 : 200;
}

typedef struct usage {
    int64_t prompt, completion, reasoning;
    const char *finish;
    int64_t latency;
} usage;

static int64_t clamp64(double v, double lo, double hi)
{
    return (int64_t)(v < lo ? lo : v > hi ? hi : v);
}

static bool reasons(const rctx *c)
{
    const sim_modelinfo *m = &sim_models[c->q.model];
    return m->reasons || (m->can_reason && (c->q.effort || c->q.thinking));
}

static void tokens(rctx *c, usage *u, size_t req_bytes, int status)
{
    rq *q = &c->q;
    sim_rng *r = &c->er;
    u->prompt = (int64_t)((double)req_bytes / 4.0 * sim_rng_uniform(r, 0.93, 1.03)) + 3;
    if (status != 200) {
        u->completion = u->reasoning = 0;
        u->finish = NULL;
        u->latency = status == 500 ? clamp64(sim_rng_lognormal(r, 2500, 0.8), 200, 60000)
                                   : clamp64(sim_rng_lognormal(r, 80, 0.6), 15, 900);
        return;
    }
    static const double med[] = {12, 260, 650, 60, 180, 280, 2600};
    static const double lo[] = {1, 20, 120, 12, 40, 30, 500};
    static const double hi[] = {300, 1800, 3500, 400, 900, 1500, 14000};
    int k = q->rkind;
    u->completion = clamp64(sim_rng_lognormal(r, med[k], k == RK_SHORT ? 1.0 : 0.55), lo[k], hi[k]);
    if (u->completion < (int64_t)q->rtext.len / 4)
        u->completion = (int64_t)q->rtext.len / 4 + 1;
    u->reasoning = 0;
    if (reasons(c)) {
        static const double eff[] = {1400, 350, 1400, 4500};
        double m = eff[q->effort] * (k == RK_REASONED ? 1.8 : k == RK_SHORT ? 0.3 : 1.0);
        u->reasoning = clamp64(sim_rng_lognormal(r, m, 0.7), 30, 60000);
        if (q->thinking && u->reasoning > q->thinking)
            u->reasoning = q->thinking;
    }
    u->finish = q->rtool >= 0 ? "tool_calls" : "stop";
    int64_t cap = q->max_tokens ? q->max_tokens : (q->ep == EP_MESSAGES ? 4096 : sim_models[q->model].max_out);
    if (u->completion + u->reasoning > cap) {
        if (u->reasoning > cap * 9 / 10)
            u->reasoning = cap * 9 / 10;
        u->completion = cap - u->reasoning;
        if (u->completion < 1)
            u->completion = 1;
        u->finish = "length";
    }
    int n = q->nchoices > 1 ? q->nchoices : 1;
    double gen = (double)(u->completion + u->reasoning) * sim_models[q->model].ms_per_tok *
                 sim_rng_uniform(r, 0.8, 1.25);
    u->completion *= n;
    u->reasoning *= n;
    u->latency = clamp64(sim_rng_lognormal(r, 450, 0.5) + (double)u->prompt * 0.02 + gen, 60, 900000);
}

/* --------------------------------------------------------------- the line --- */

static void pick_client(rctx *c, const char **ua)
{
    const sim_account *a = c->a;
    bool second = sim_second_ua(a, c->e->seed);
    *ua = a->ua[second ? 1 : 0];
    c->q.ep = a->ep;
    if (second)
        c->q.ep = a->client2 == CL_BROWSER ? EP_CHAT
                  : a->client2 == CL_ANTHROPIC_PY || a->client2 == CL_ANTHROPIC_JS ? EP_MESSAGES
                                                                                   : EP_CHAT;
}

static const char *pick_key(const rctx *c)
{
    const sim_account *a = c->a;
    if (a->nkeys <= 1)
        return a->key[0];
    uint64_t h = sim_mix(c->e->seed, 0x6b6bULL) % 10;
    return a->key[h < 6 ? 0 : 1 + (int)(h % (uint64_t)(a->nkeys - 1))];
}

/* Consistency rules an API would enforce, applied after content chose. */
static void normalise(rctx *c)
{
    rq *q = &c->q;
    if (q->model == M_ATLAS4 && c->ts < c->w->release4)
        q->model = M_ATLAS3;
    if (q->ep == EP_COMPLETIONS && q->ts >= 0)
        q->ep = EP_CHAT;
    const sim_modelinfo *m = &sim_models[q->model];
    if (!m->reasons && !m->can_reason)
        q->effort = 0, q->thinking = 0;
    if (q->ep != EP_MESSAGES)
        q->thinking = 0;
    if (q->ep == EP_COMPLETIONS)
        q->effort = 0; /* the legacy endpoint has no such parameter */
    if (q->max_tokens > m->max_out)
        q->max_tokens = m->max_out;
    if (q->thinking >= q->max_tokens && q->max_tokens > 0)
        q->thinking = q->max_tokens / 2;
}

static void emit_response(sw_buf *o, rctx *c, const usage *u)
{
    rq *q = &c->q;
    sw_json_key(o, "response");
    sw_json_obj_begin(o);
    kv_txt(o, c, "text", q->rtext);
    if (u->reasoning > 0) {
        tx_seed(c, c->e->seed ^ 0xbe11ULL, c->e->aux);
        kv_txt(o, c, "reasoning", tx_bound(c, tx_expand(c, "{rs_text}"), 700));
    }
    sw_json_kv_str(o, "finish_reason", u->finish);
    if (q->rtool >= 0) {
        char id[40];
        sw_json_key(o, "tool_calls");
        sw_json_arr_begin(o);
        sw_json_obj_begin(o);
        call_id(id, sizeof id, q->rcall, q->ep);
        sw_json_kv_str(o, "id", id);
        sw_json_kv_str(o, "name", tool_name(c, q->rtool));
        kv_txt(o, c, "arguments", q->rargs);
        sw_json_obj_end(o);
        sw_json_arr_end(o);
    }
    sw_json_obj_end(o);
}

void sim_render_event(sim_renderer *rd, const sim_world *w, const sim_sched *e, uint64_t ordinal,
                      sw_buf *out)
{
    rctx c;
    memset(&c.q, 0, sizeof c.q);
    c.w = w;
    c.a = &w->acct[e->acct];
    c.e = e;
    c.ts = e->ts;
    sim_rng_seed(&c.er, sim_mix(e->seed ^ (uint64_t)e->ts, (uint64_t)e->aux ^ 0xe7e7ULL));
    sim_rng_seed(&c.tr, e->seed);
    sw_buf_reset(&rd->txt);
    c.t = &rd->txt;
    c.tmp = &rd->tmp;
    sim_gx_init(&c.gx, &c.tr, c.t);
    c.q.ts = -1;
    c.q.rtool = -1;
    c.q.nchoices = 1;

    const char *ua;
    pick_client(&c, &ua);
    sim_content_build(&c);
    normalise(&c);
    int status = pick_status(&c);
    sim_addr addr = pick_addr(&c);
    char ip[SIM_ADDRSZ], ts[SW_TIME_BUFSZ], rid[40];
    sim_addr_format(&addr, ip);
    sw_time_format(e->ts, ts);
    uint64_t r1 = sw_mix64(ordinal + sw_mix64(w->seed ^ 0x7265ULL)); /* a bijection: unique */
    uint64_t r2 = sim_mix(w->seed, ordinal);
    snprintf(rid, sizeof rid, "req_%016llx%08llx", (unsigned long long)r1, (unsigned long long)(r2 >> 32));

    sw_json_obj_begin(out);
    sw_json_kv_str(out, "ts", ts);
    sw_json_kv_str(out, "request_id", rid);
    sw_json_kv_str(out, "account", c.a->id);
    sw_json_kv_str(out, "key", pick_key(&c));
    sw_json_kv_str(out, "ip", ip);
    sw_json_kv_int(out, "asn", sim_asns[addr.asn].asn);
    sw_json_kv_str(out, "country", sim_addr_cc(&addr));
    sw_json_kv_str(out, "user_agent", ua);
    sw_json_kv_str(out, "endpoint", sim_endpoint_path[c.q.ep]);
    sw_json_kv_str(out, "model", sim_models[c.q.model].name);
    sw_json_key(out, "request");
    size_t req_start = out->len;
    sw_json_obj_begin(out);
    switch (c.q.ep) {
    case EP_MESSAGES: emit_messages(out, &c); break;
    case EP_COMPLETIONS: emit_completions(out, &c); break;
    case EP_RESPONSES: emit_responses(out, &c); break;
    default: emit_chat(out, &c); break;
    }
    sw_json_obj_end(out);
    usage u;
    tokens(&c, &u, out->len - req_start, status);
    if (status == 200)
        emit_response(out, &c, &u);
    sw_json_kv_int(out, "status", status);
    if (status == 200) {
        sw_json_key(out, "usage");
        sw_json_obj_begin(out);
        sw_json_kv_int(out, "prompt_tokens", u.prompt);
        sw_json_kv_int(out, "completion_tokens", u.completion);
        sw_json_kv_int(out, "reasoning_tokens", u.reasoning);
        sw_json_obj_end(out);
    }
    sw_json_kv_int(out, "latency_ms", u.latency);
    sw_json_obj_end(out);
}
