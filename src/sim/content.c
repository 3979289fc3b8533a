/*
 * content.c — what each population asks, and what comes back.
 *
 * For one scheduled event this file fills the endpoint-neutral request of
 * render.h: messages (with the replayed history of its conversation),
 * sampling parameters, model, tools, and the response text. One builder
 * per population; they share a few pieces:
 *
 *   chat_conv()  a human conversation: turn j's user text and answer are a
 *                function of (conversation seed, j) only, so turn k can
 *                replay turns 0..k-1 exactly as they were returned;
 *   agent_conv() a tool-using agent run: task, then per step a tool call
 *                and its result, replayed the same way, older steps folded
 *                into a summary as real agents compact their context;
 *   extract()    a single request for a hard task with explicit reasoning.
 *
 * Three generators are kept apart on purpose: the conversation's text
 * stream (tx_seed), the account's fixed settings (settings()), and the
 * event's own draws (c->er: parameters that vary per request).
 */
#include <string.h>

#include "core/time.h"
#include "sim/render.h"

/* ------------------------------------------------------------------ arena --- */

txt tx_expand(rctx *c, const char *tmpl)
{
    uint32_t off = (uint32_t)c->t->len;
    sim_gx_expand(&c->gx, tmpl);
    return (txt){off, (uint32_t)c->t->len - off};
}

txt tx_lit(rctx *c, const char *s)
{
    uint32_t off = (uint32_t)c->t->len;
    sw_buf_puts(c->t, s);
    return (txt){off, (uint32_t)c->t->len - off};
}

/* Shortens t to at most max bytes, at a word boundary when one is near,
 * never inside a UTF-8 sequence. */
txt tx_bound(rctx *c, txt t, uint32_t max)
{
    if (t.len <= max || c->t->oom)
        return t;
    const char *p = c->t->data + t.off;
    uint32_t lo = max > 120 ? max - 120 : 0, k = max;
    while (k > lo && p[k] != ' ' && p[k] != '\n')
        k--;
    uint32_t cut = k > lo ? k : max;
    while (cut > 0 && ((unsigned char)p[cut] & 0xC0) == 0x80)
        cut--;
    t.len = cut;
    return t;
}

void tx_seed(rctx *c, uint64_t conv, uint32_t turn)
{
    sim_rng_seed(&c->tr, sim_mix(conv, turn));
}

int rq_add(rctx *c, int role, int form, txt t)
{
    rq *q = &c->q;
    if (q->n >= SIM_MAXMSG)
        return -1;
    msg *m = &q->m[q->n];
    memset(m, 0, sizeof *m);
    m->role = (uint8_t)role;
    m->form = (uint8_t)form;
    m->t = t;
    m->tool = -1;
    return q->n++;
}

static void var_txt(rctx *c, const char *name, txt t)
{
    if (!c->t->oom && c->t->data)
        sim_gx_setn(&c->gx, name, c->t->data + t.off, t.len);
}

/* Entry idx of a bank, expanded into the arena. */
static txt item_txt(rctx *c, const char *bank, uint32_t idx)
{
    uint32_t off = (uint32_t)c->t->len;
    sim_gx_item(&c->gx, bank, idx);
    return (txt){off, (uint32_t)c->t->len - off};
}

/* Expands a bank into variable name only: the arena is rolled back. */
static void slot_var(rctx *c, const char *name, const char *bank, uint32_t idx, bool use_idx)
{
    uint32_t off = (uint32_t)c->t->len;
    if (use_idx)
        sim_gx_item(&c->gx, bank, idx);
    else
        sim_gx_slot(&c->gx, bank);
    if (c->t->oom || !c->t->data)
        return;
    sim_gx_setn(&c->gx, name, c->t->data + off, c->t->len - off);
    c->t->len = off;
    c->t->data[off] = '\0';
}

/* Appends more text right after t (the arena is contiguous). */
static txt tx_more(rctx *c, txt t, const char *tmpl)
{
    txt more = tx_expand(c, tmpl);
    if (more.off == t.off + t.len)
        t.len += more.len;
    return t;
}

/* The account's fixed settings: the same draws on every event. */
static void settings(const rctx *c, sim_rng *r, uint64_t tag)
{
    sim_rng_seed(r, sim_mix(c->a->seed, tag));
}

static const sim_modelinfo *model_info(const rctx *c)
{
    return &sim_models[c->q.model];
}

static int model_max(const rctx *c)
{
    return model_info(c)->max_out;
}

static bool can_reason(const rctx *c)
{
    return model_info(c)->reasons || model_info(c)->can_reason;
}

/* Model of a conversation: the account's, atlas-4 for adopters after
 * their adoption time with probability p4, sometimes a sibling. */
static int conv_model(rctx *c, uint64_t conv, double p4)
{
    const sim_account *a = c->a;
    sim_rng r;
    sim_rng_seed(&r, sim_mix(conv, 0x30de1ULL));
    if (c->ts >= a->adopt4 && c->ts >= c->w->release4 && sim_rng_chance(&r, p4))
        return M_ATLAS4;
    if (sim_rng_chance(&r, 0.1)) {
        static const int alt[M_COUNT] = {M_ATLAS3, M_ATLAS3_MINI, M_ATLAS3, M_ATLAS3, M_ATLAS3};
        return alt[a->model];
    }
    return a->model;
}

/* ------------------------------------------------------------ human chats --- */

typedef struct chatspec {
    const char *first;     /* template of the first user turn */
    const char *first_bank; /* or: entry first_idx of this bank */
    uint32_t first_idx;
    const char *follow;    /* later user turns */
    const char *resp;      /* answers */
    const char *sresp;     /* answers when steps were asked for */
    const char *ask;       /* the step request appended to the first turn */
    const char *img;       /* first turn with a picture */
    double p_step, p_img;
    bool parts;            /* user content as an array of parts */
    int rkind;
} chatspec;

static void image_url(rctx *c, msg *m)
{
    m->image = true;
    m->img = tx_expand(c, "https://[files|uploads|media].[pixhost|imgdrop|snapcdn].net/[u|i|p]/{hex}{hex}.[jpg|png|jpeg|webp]");
}

/* Turn j's user text and answer depend on (cs, j) and on the variables the
 * earlier turns set, so every turn is generated, even those that fall out
 * of the replayed window. */
static void chat_conv(rctx *c, const chatspec *s, uint64_t cs, int k, txt sys)
{
    if (!sim_gx_get(&c->gx, "rs_step"))
        sim_gx_set(&c->gx, "rs_step", "rs_step_chat"); /* what visible reasoning talks about */
    if (sys.len)
        rq_add(c, R_SYSTEM, F_STR, sys);
    int from = k > 3 ? k - 3 : 0;
    bool steps = false;
    for (int j = 0; j <= k; j++) {
        tx_seed(c, cs, (uint32_t)j);
        bool img = false;
        txt u;
        if (j == 0) {
            img = s->img && sim_rng_chance(&c->tr, s->p_img);
            if (img) {
                u = tx_expand(c, s->img);
            } else if (s->first_bank) {
                uint32_t off = (uint32_t)c->t->len;
                sim_gx_item(&c->gx, s->first_bank, s->first_idx);
                u = (txt){off, (uint32_t)c->t->len - off};
            } else {
                u = tx_expand(c, s->first);
            }
            steps = s->ask && sim_rng_chance(&c->tr, s->p_step);
            if (steps) {
                u = tx_more(c, u, " ");
                u = tx_more(c, u, s->ask);
            }
        } else {
            u = tx_expand(c, s->follow);
        }
        txt r = tx_bound(c, tx_expand(c, steps && s->sresp ? s->sresp : s->resp), 800);
        if (j < from)
            continue;
        int mi = rq_add(c, R_USER, img || s->parts ? F_PARTS : F_STR, u);
        if (mi >= 0 && img)
            image_url(c, &c->q.m[mi]);
        if (j == k)
            c->q.rtext = r;
        else
            rq_add(c, R_ASSISTANT, F_STR, r);
    }
    c->q.rkind = steps ? RK_LONG : s->rkind;
}

/* Sampling settings of a person's client: UIs stream and leave most
 * things default; scripts set them explicitly. */
static void human_params(rctx *c, bool browser)
{
    rq *q = &c->q;
    sim_rng r;
    settings(c, &r, 0x5e77ULL);
    q->stream = browser ? sim_rng_chance(&r, 0.9) : sim_rng_chance(&r, 0.3);
    double u = sim_rng_unit(&r);
    if (browser) {
        q->has_temp = u < 0.6;
        q->temp = u < 0.4 ? 0.7 : 1.0;
    } else {
        static const double temps[] = {0, 0.2, 0.5, 0.7, 1.0};
        q->has_temp = u < 0.7;
        q->temp = temps[sim_rng_below(&r, 5)];
    }
    static const int maxes[] = {0, 0, 512, 1024, 2048, 4096};
    q->max_tokens = maxes[sim_rng_below(&r, 6)];
    q->max_key = sim_rng_chance(&r, 0.7) ? 1 : 2;
    if (q->max_tokens > model_max(c))
        q->max_tokens = model_max(c);
    if (can_reason(c) && sim_rng_chance(&c->er, 0.6))
        q->effort = sim_rng_chance(&c->er, 0.15) ? 3 : 1 + (int)sim_rng_below(&c->er, 2);
}

static const char *const ind_first[] = {
    "{ind_writing}", "{ind_advice}", "{ind_cooking}", "{ind_travel}", "{ind_explain}",
    "{ind_code}", "{ind_translate}", "{ind_health}", "{ind_money}", "{ind_trivia}",
    "{ind_compare}", "{ind_fun}", "{ind_techhelp}", "{ind_learn}",
};
static const char *const ind_resp[] = {
    "{resp_writing}", "{resp_advice}", "{resp_cooking}", "{resp_travel}", "{resp_explain}",
    "{resp_code}", "{resp_translate}", "{resp_advice}", "{resp_advice}", "{resp_generic}",
    "{resp_generic}", "{resp_list}", "{resp_steps_gen}", "{resp_translate}",
};
#define NCAT ((int)(sizeof ind_first / sizeof ind_first[0]))

/* A conversation's category among the allowed ones (mask); interests
 * (topic bits) weigh three times. */
static int pick_category(uint64_t cs, uint32_t topics, uint32_t mask)
{
    sim_rng r;
    double w[NCAT];
    sim_rng_seed(&r, sim_mix(cs, 0xca7ULL));
    for (int i = 0; i < NCAT; i++)
        w[i] = !((mask >> i) & 1) ? 0.0 : (topics >> i) & 1 ? 3.0 : 1.0;
    return sim_rng_weighted(&r, w, NCAT);
}

/* The system prompt a person's client sends, if any (fixed per account). */
static txt account_system(rctx *c, double p)
{
    static const char *const sys[] = {
        "You are a helpful assistant.", "You are a helpful assistant. Answer concisely.",
        "You are Lumi, a friendly and knowledgeable assistant. Today is {date}.",
        "You are a helpful, honest assistant. Use Markdown when it helps readability.",
        "Always answer in the language of the user's message.",
    };
    sim_rng r;
    settings(c, &r, 0x5a5ULL);
    if (!sim_rng_chance(&r, p))
        return (txt){0, 0};
    sim_rng keep = c->tr;
    c->tr = r;
    txt t = tx_expand(c, sys[sim_rng_below(&c->tr, 5)]);
    c->tr = keep;
    return t;
}

static void build_person_chat(rctx *c, uint32_t mask)
{
    const sim_account *a = c->a;
    uint64_t cs = c->e->seed;
    int cat = pick_category(cs, a->topics, mask);
    bool browser = (sim_second_ua(c->a, cs) ? a->client2 : a->client) == CL_BROWSER;
    chatspec s = {ind_first[cat], NULL, 0, "{ind_followup}", ind_resp[cat], "{resp_steps_gen}", "{stepask}",
                  "{img_prompt}", a->p_step, 0.04, !browser && sw_mix64(cs) % 100 < 15, RK_CHAT};
    if (cat == 4 || cat == 5)
        s.rkind = RK_LONG;
    c->q.model = conv_model(c, cs, 0.7);
    txt sys = account_system(c, browser ? 0.35 : 0.25);
    chat_conv(c, &s, cs, (int)AUX_TURN(c->e->aux), sys);
    human_params(c, browser);
}

/* ------------------------------------------------------------------ school --- */

static const char *const subj_bank[] = {"{hw_math}", "{hw_physics}", "{hw_chem}", "{hw_cs}", "{hw_econ}"};
static const char *const subj_dept[] = {"MATH", "PHYS", "CHEM", "CS", "ECON"};

static void course_vars(rctx *c, int subject, int univ)
{
    const sim_account *a = c->a;
    char course[32], hw[16];
    unsigned num = 100 + (unsigned)(sw_mix64((uint64_t)univ * 977 + (uint64_t)a->sub) % 300);
    snprintf(course, sizeof course, "%s %u", subj_dept[subject], num);
    /* homework number: weeks since the term started */
    int64_t start = c->w->t0 - (int64_t)sim_univs[univ].term_days * SW_MS_PER_DAY;
    snprintf(hw, sizeof hw, "%d", (int)((c->ts - start) / (7 * SW_MS_PER_DAY)) + 1);
    sim_gx_set(&c->gx, "course", course);
    sim_gx_set(&c->gx, "hw", hw);
}

static void build_student(rctx *c)
{
    const sim_account *a = c->a;
    uint64_t cs = c->e->seed;
    sim_rng r;
    sim_rng_seed(&r, sim_mix(cs, 0x50bULL));
    int subject = sim_rng_chance(&r, 0.75) ? a->sub / 4 : (int)(a->topics % 5);
    course_vars(c, subject, a->group);
    sim_gx_set(&c->gx, "rs_step", subject == 3 ? "rs_step_code" : subject == 4 ? "rs_step_chat" : "rs_step_math");
    /* the problem, then the course's usual wrapper: classmates share it */
    tx_seed(c, cs, 0x10000u);
    var_txt(c, "prob", tx_expand(c, subj_bank[subject]));
    uint32_t nwrap = sim_gx_bank_size("hw_wrap");
    uint32_t wrap = sim_rng_chance(&r, 0.75) ? (uint32_t)(sw_mix64((uint64_t)a->group * 31 + (uint64_t)a->sub) % nwrap)
                                             : sim_rng_below(&r, nwrap);
    chatspec s = {NULL, "hw_wrap", wrap, "{hw_follow}", "{resp_math}", "{resp_math}", "{showwork}", "{img_hw}",
                  a->p_step * 0.6, 0.06, false, RK_LONG};
    c->q.model = conv_model(c, cs, 0.6);
    chat_conv(c, &s, cs, (int)AUX_TURN(c->e->aux), (txt){0, 0});
    human_params(c, a->client == CL_BROWSER);
    if (a->param) {
        c->q.max_tokens = a->param;
        c->q.max_key = 1;
    }
}

static void build_campus(rctx *c)
{
    const sim_account *a = c->a;
    uint64_t cs = c->e->seed;
    static const char *const first[] = {"{camp_read}", "{camp_stats}", "{camp_code}", "{camp_write}", "{camp_teach}"};
    static const char *const resp[] = {"{resp_explain}", "{resp_explain}", "{resp_code}", "{resp_writing}", "{resp_math}"};
    static const int kinds[] = {RK_LONG, RK_LONG, RK_LONG, RK_CHAT, RK_LONG};
    int k = (int)(sw_mix64(cs >> 3) % 5);
    course_vars(c, (int)(sw_mix64(cs) % 5), a->group);
    chatspec s = {first[k], NULL, 0, "[{ind_followup}|{hw_follow}]", resp[k], "{resp_math}", "{showwork}", NULL,
                  a->p_step, 0, false, kinds[k]};
    c->q.model = conv_model(c, cs, 0.6);
    bool browser = (sim_second_ua(c->a, cs) ? a->client2 : a->client) == CL_BROWSER;
    chat_conv(c, &s, cs, (int)AUX_TURN(c->e->aux), account_system(c, 0.5));
    human_params(c, browser);
}

/* ------------------------------------------------------------ app backends --- */

static const char *const app_sys[] = {
    "app_sys_tutor", "app_sys_support", "app_sys_writer", "app_sys_companion",
    "app_sys_recipe", "app_sys_travel", "app_sys_fitness", "app_sys_lang",
};
static const char *const app_user[] = {
    "[{app_q_tutor}|{app_q_tutor}|{ind_explain}]", "{app_q_support}", "[{app_q_writer}|{app_q_writer}|{ind_writing}]",
    "{app_q_companion}", "{ind_cooking}", "{ind_travel}", "[{app_q_fitness}|{ind_health}]", "{app_q_lang}",
};
static const char *const app_resp[] = {
    "{resp_math}", "{resp_support}", "{resp_writing}", "{resp_companion}",
    "{resp_cooking}", "{resp_travel}", "{resp_advice}", "{resp_translate}",
};
static const char *const app_follow[] = {
    "[{app_q_tutor}|{hw_follow}]", "[{app_q_support}|ok thanks|that didn't help|can I talk to a human?]",
    "[{app_q_writer}|{ind_followup}]", "{app_q_companion}", "{ind_followup}", "{ind_followup}",
    "[{app_q_fitness}|{ind_followup}]", "{app_q_lang}",
};

/* The app's constant system prompt: drawn from the account's own stream. */
static txt app_system(rctx *c, int kind, int app, uint64_t tag)
{
    sim_rng r, keep = c->tr;
    sim_rng_seed(&r, tag);
    c->tr = r;
    slot_var(c, "app", "app_name", (uint32_t)app, true);
    slot_var(c, "persona", "persona", 0, false);
    uint32_t off = (uint32_t)c->t->len;
    sim_gx_slot(&c->gx, app_sys[kind]);
    c->tr = keep;
    return (txt){off, (uint32_t)c->t->len - off};
}

static void app_params(rctx *c, uint64_t cs, bool user_field)
{
    rq *q = &c->q;
    sim_rng r;
    settings(c, &r, 0xa99ULL);
    q->stream = sim_rng_chance(&r, 0.6);
    q->has_temp = true;
    q->temp = (double)(3 + (int)sim_rng_below(&r, 7)) / 10.0;
    static const int maxes[] = {300, 500, 800, 1000, 1024, 2048};
    q->max_tokens = maxes[sim_rng_below(&r, 6)];
    q->max_key = sim_rng_chance(&r, 0.6) ? 1 : 2;
    if (user_field)
        q->user = sim_mix(cs, 0x05e7ULL) | 1;
    if (can_reason(c))
        q->effort = 1;
}

static void build_app(rctx *c, int kind, int app, uint64_t sys_tag, bool user_field, bool tools)
{
    const sim_account *a = c->a;
    uint64_t cs = c->e->seed;
    chatspec s = {app_user[kind], NULL, 0, app_follow[kind], app_resp[kind], "{resp_steps_gen}", "{stepask}",
                  kind == 0 ? "{img_hw}" : NULL, kind == 0 ? 0.3 : a->p_step, 0.03, false,
                  kind == 0 ? RK_LONG : RK_CHAT};
    c->q.model = conv_model(c, cs, 0.8);
    txt sys = app_system(c, kind, app, sys_tag);
    chat_conv(c, &s, cs, (int)AUX_TURN(c->e->aux), sys);
    app_params(c, cs, user_field);
    if (tools)
        c->q.ts = TS_SUPPORT;
}

/* ------------------------------------------------------------ coding agents --- */

static const char *const lang_code[] = {"{code_py}", "{code_ts}", "{code_go}", "{code_rs}", "{code_any}"};

static txt tool_result(rctx *c, int kind, int lang)
{
    switch (kind) {
    case TR_CODE: return tx_expand(c, lang_code[lang % 5]);
    case TR_GREP: return tx_expand(c, "{grep_out}");
    case TR_SHELL: return tx_expand(c, "[{ls_out}|{test_out}|{trace}|{ls_out}]");
    case TR_TESTS: return tx_expand(c, "{test_out}");
    case TR_OK: return tx_expand(c, "{ag_ok}");
    case TR_LS: return tx_expand(c, "{ls_out}");
    case TR_WEB: return tx_expand(c, "{web_out}");
    case TR_PY: return tx_expand(c, "{py_out}");
    case TR_CALC: return tx_expand(c, "{n4}.{n2}");
    case TR_SQL: return tx_expand(c, "{sql_out}");
    case TR_ORDER: return tx_expand(c, "{order_out}");
    default: return tx_expand(c, "{ticket_out}");
    }
}

/* Arguments of a call as a JSON object: required parameters always,
 * optional ones sometimes; integers unquoted. */
static txt tool_args(rctx *c, const sim_tool *t)
{
    uint32_t off = (uint32_t)c->t->len;
    sw_buf_putc(c->t, '{');
    bool first = true;
    for (int i = 0; i < t->np; i++) {
        const sim_param *p = &t->p[i];
        if (!p->required && !sim_rng_chance(&c->tr, 0.4))
            continue;
        sw_buf_printf(c->t, "%s\"%s\":", first ? "" : ",", p->name);
        first = false;
        bool num = !strcmp(p->type, "integer");
        /* expand the value after the key, then escape it in place */
        uint32_t voff = (uint32_t)c->t->len;
        sim_gx_expand(&c->gx, p->arg);
        if (num || c->t->oom)
            continue;
        uint32_t vlen = (uint32_t)c->t->len - voff;
        char small[1024];
        uint32_t n = vlen < sizeof small ? vlen : (uint32_t)sizeof small - 1;
        memcpy(small, c->t->data + voff, n);
        while (n > 0 && n < vlen && ((unsigned char)small[n] & 0xC0) == 0x80)
            n--;
        c->t->len = voff;
        sw_buf_putc(c->t, '"');
        sw_json_escape(c->t, small, n);
        sw_buf_putc(c->t, '"');
    }
    sw_buf_putc(c->t, '}');
    return (txt){off, (uint32_t)c->t->len - off};
}

static int tool_for(const sim_toolset *ts, int kind, sim_rng *r)
{
    int cand[8], n = 0;
    for (int i = 0; i < ts->n && n < 8; i++)
        if (ts->tool[i].result == kind)
            cand[n++] = i;
    return n ? cand[sim_rng_below(r, (uint32_t)n)] : (int)sim_rng_below(r, (uint32_t)ts->n);
}

typedef struct agentspec {
    int ts;              /* tool set */
    const char *task;    /* first user message */
    const char *think;   /* text before each call */
    const char *final;   /* closing answer */
    int plan;            /* sim_plans index; -1: by conversation */
    int lang;
} agentspec;

/* One step: the assistant's call (thought, tool, arguments), then its result. */
static void agent_step(rctx *c, const agentspec *s, uint64_t cs, int j, msg *call, txt *result)
{
    const sim_toolset *ts = &sim_toolsets[s->ts];
    const sim_plan *plan = &sim_plans[s->plan >= 0 ? s->plan : (int)(cs % 3)];
    tx_seed(c, cs, (uint32_t)j + 1);
    memset(call, 0, sizeof *call);
    call->role = R_ASSISTANT;
    call->form = F_CALL;
    call->t = tx_bound(c, tx_expand(c, s->think), 700);
    call->tool = (int8_t)tool_for(ts, plan->step[j % plan->n], &c->tr);
    call->args = tool_args(c, &ts->tool[call->tool]);
    call->call = sim_mix(cs, 0xca11ULL + (uint64_t)j);
    if (result)
        *result = tx_bound(c, tool_result(c, ts->tool[call->tool].result, s->lang), 800);
}

static void agent_conv(rctx *c, const agentspec *s, uint64_t cs, int k, bool last)
{
    rq *q = &c->q;
    q->ts = s->ts;
    rq_add(c, R_SYSTEM, F_STR, tx_lit(c, sim_agent_system[s->ts]));
    tx_seed(c, cs, 0);
    rq_add(c, R_USER, F_STR, tx_expand(c, s->task));
    int from = k > 4 ? k - 3 : 0;
    if (from > 0) {
        tx_seed(c, cs, 0x5u << 20);
        rq_add(c, R_USER, F_STR, tx_expand(c, "{ag_summary}"));
    }
    for (int j = from; j < k; j++) {
        msg call;
        txt result;
        agent_step(c, s, cs, j, &call, &result);
        if (q->n + 2 > SIM_MAXMSG)
            break;
        q->m[q->n++] = call;
        int mi = rq_add(c, R_TOOL, F_RESULT, result);
        q->m[mi].tool = call.tool;
        q->m[mi].call = call.call;
    }
    if (last && k > 0) {
        tx_seed(c, cs, (uint32_t)k + 1);
        q->rtext = tx_bound(c, tx_expand(c, s->final), 800);
        q->rtool = -1;
        q->rkind = RK_FINAL;
        return;
    }
    msg call;
    agent_step(c, s, cs, k, &call, NULL);
    q->rtext = call.t;
    q->rtool = call.tool;
    q->rargs = call.args;
    q->rcall = call.call;
    q->rkind = RK_TOOL;
}

static void build_coding(rctx *c)
{
    const sim_account *a = c->a;
    rq *q = &c->q;
    uint64_t cs = c->e->seed;
    int product = a->group & 3;
    agentspec s = {product, product < 2 ? "{ag_task}\n\n{ag_env}" : "{ag_task}", "{ag_think}", "{ag_done}", -1, a->sub};
    sim_gx_set(&c->gx, "rs_step", "rs_step_code");
    q->model = conv_model(c, cs, 0.85);
    agent_conv(c, &s, cs, (int)AUX_TURN(c->e->aux), (c->e->aux & AUX_LAST) != 0);
    q->max_tokens = a->param < model_max(c) ? a->param : model_max(c);
    q->max_key = product == 3 ? 2 : 1;
    static const double temp[4] = {0, 0.2, -1, 0};
    q->has_temp = temp[product] >= 0;
    q->temp = temp[product] < 0 ? 0 : temp[product];
    q->stream = product != 3;
    q->sys_cache = product == 1;
    if (can_reason(c)) {
        q->effort = product == 1 || a->sub % 2 ? 3 : 2;
        if (q->ep == EP_MESSAGES && q->max_tokens > 12000)
            q->thinking = q->max_tokens > 20000 ? 16000 : 8000;
    }
}

/* ----------------------------------------------------------------- eval job --- */

static void build_eval(rctx *c)
{
    const sim_account *a = c->a;
    rq *q = &c->q;
    uint32_t item = AUX_TURN(c->e->aux), kind = AUX_KIND(c->e->aux);
    q->model = (int)(kind & 7);
    uint64_t set = c->e->seed;
    tx_seed(c, set, item);
    double p_mcq = a->group == 0 ? 1.0 : a->group == 1 ? 0.7 : 0.4;
    bool mcq = sim_rng_chance(&c->tr, p_mcq);
    var_txt(c, "q", tx_expand(c, mcq ? "{bq}" : "{bq_free}"));
    var_txt(c, "subj", tx_expand(c, "{bench_name}"));
    uint32_t off = (uint32_t)c->t->len;
    sim_gx_item(&c->gx, mcq ? "ev_wrap" : "ev_wrap_free", (uint32_t)a->sub);
    txt prompt = {off, (uint32_t)c->t->len - off};
    if (a->sub == 2)
        rq_add(c, R_SYSTEM, F_STR, tx_lit(c, "You are an expert at answering exam questions."));
    rq_add(c, R_USER, F_STR, prompt);
    /* temperature 0: the same answer each run, per model */
    tx_seed(c, set, item ^ ((kind & 7) << 20));
    bool letter_only = mcq && a->sub == 1;
    q->rtext = tx_bound(c, tx_expand(c, letter_only ? "{letter}" : mcq ? "{resp_mcq}" : "{resp_free_num}"), 800);
    q->rkind = letter_only ? RK_SHORT : RK_MCQ;
    q->has_temp = true;
    q->temp = 0;
    q->max_key = 1;
    if (letter_only) {
        q->max_tokens = 8;
        q->logprobs = true;
        q->top_logprobs = 5;
    } else {
        q->max_tokens = can_reason(c) ? 16384 : 2048;
        if (can_reason(c))
            q->effort = a->sub == 3 ? 3 : 2;
    }
}

/* ----------------------------------------------------------- batch pipelines --- */

static void build_batch(rctx *c)
{
    const sim_account *a = c->a;
    rq *q = &c->q;
    static const char *const doc[] = {"{doc_invoice}", "{doc_email}", "{doc_ticket}", "{doc_review}",
                                      "{doc_product}", "{doc_news}", "{doc_resume}"};
    static const char *const out[] = {"extract0", "extract1", "label", "label", "extract3", "summary", "extract2"};
    static const int maxes[] = {300, 150, 10, 10, 200, 120, 400};
    int kind = a->sub % 7;
    sim_rng r;
    settings(c, &r, 0xba7cULL);
    bool in_system = sim_rng_chance(&r, 0.5);
    bool json = sim_rng_chance(&r, 0.6) && out[kind][0] == 'e';
    q->has_temp = sim_rng_chance(&r, 0.8);
    q->temp = sim_rng_chance(&r, 0.7) ? 0 : 0.1;
    q->model = a->model;
    /* the fixed instruction, drawn from the account's own stream so that
     * its choices resolve the same way on every request */
    sim_rng keep = c->tr;
    if (in_system && q->ep != EP_COMPLETIONS) {
        c->tr = r;
        rq_add(c, R_SYSTEM, F_STR, item_txt(c, "bp_inst", (uint32_t)kind));
        c->tr = keep;
        tx_seed(c, c->e->seed, 0);
        rq_add(c, R_USER, F_STR, tx_expand(c, doc[kind]));
    } else {
        uint32_t start = (uint32_t)c->t->len;
        c->tr = r;
        item_txt(c, "bp_inst", (uint32_t)kind);
        c->tr = keep;
        sw_buf_puts(c->t, "\n\n");
        tx_seed(c, c->e->seed, 0);
        tx_expand(c, doc[kind]);
        if (q->ep == EP_COMPLETIONS)
            sw_buf_puts(c->t, "\n\nAnswer:");
        rq_add(c, R_USER, F_STR, (txt){start, (uint32_t)c->t->len - start});
    }
    if (out[kind][0] == 'e') {
        q->rtext = item_txt(c, "resp_extract", (uint32_t)(out[kind][7] - '0'));
    } else {
        q->rtext = tx_expand(c, out[kind][0] == 'l' ? "{resp_label}" : "{resp_summary}");
    }
    q->rkind = RK_SHORT;
    q->json_mode = json;
    q->max_tokens = maxes[kind];
    q->max_key = 1;
}

/* ------------------------------------------------------------- researcher --- */

static void build_researcher(rctx *c)
{
    const sim_account *a = c->a;
    rq *q = &c->q;
    static const char *const items[] = {"{wp}", "{logic_item}", "{code_item}", "{cs_item}"};
    uint32_t item = AUX_TURN(c->e->aux), cond = AUX_KIND(c->e->aux);
    sim_rng r;
    settings(c, &r, 0x7e5ULL);
    bool sampling = sim_rng_chance(&r, 0.4);
    bool at_max = sim_rng_chance(&r, 0.3);
    q->model = a->model;
    if (c->ts >= a->adopt4 && c->ts >= c->w->release4 && cond % 2 == 1)
        q->model = M_ATLAS4;
    static const char *const steps[] = {"rs_step_math", "rs_step_logic", "rs_step_code", "rs_step_chat"};
    sim_gx_set(&c->gx, "rs_step", steps[a->group & 3]);
    tx_seed(c, c->e->seed, item);
    var_txt(c, "prob", tx_expand(c, items[a->group & 3]));
    char num[16], cl[4] = {(char)('A' + cond % 26), 0, 0, 0};
    snprintf(num, sizeof num, "%u", item + 1);
    sim_gx_set(&c->gx, "item", num);
    sim_gx_set(&c->gx, "cond", cl);
    uint32_t off = (uint32_t)c->t->len;
    sim_gx_item(&c->gx, "res_wrap", (uint32_t)a->sub + cond);
    rq_add(c, R_USER, F_STR, (txt){off, (uint32_t)c->t->len - off});
    tx_seed(c, c->e->seed ^ (uint64_t)c->ts, item);
    bool numeric = (a->group & 3) == 0;
    q->rtext = tx_bound(c, tx_expand(c, numeric ? "{resp_free_num}" : "{resp_reasoned}"), 800);
    q->rkind = numeric ? RK_MCQ : RK_REASONED;
    q->has_temp = true;
    q->temp = sampling ? 0.7 : 0;
    if (sampling)
        q->nchoices = 4 + 2 * (int)sim_rng_below(&r, 3);
    q->logprobs = a->p_step >= 1.0;
    q->top_logprobs = q->logprobs ? 5 : 0;
    q->max_tokens = at_max ? model_max(c) : (sim_rng_chance(&r, 0.5) ? 4096 : 8192);
    q->max_key = 1;
    if (can_reason(c))
        q->effort = 3;
}

/* ------------------------------------------------------------- extraction --- */

static const char *const area_bank[] = {"ex_math", "ex_cp", "ex_code", "ex_logic", "ex_science"};
static const char *const area_name[] = {"mathematics", "competitive programming", "software engineering",
                                        "logic", "science"};

/* A hard task wrapped in a frame that asks for the full reasoning. task,
 * frame and elicit < 0 draw one per request (farms); >= 0 fix them (a
 * systematic walk over the tasks, the naive scraper's single template).
 * Expanded with the text stream already seeded by the caller. */
static txt extract(rctx *c, int area, int task, int frame, int elicit)
{
    static const char *const steps[] = {"rs_step_math", "rs_step_code", "rs_step_code", "rs_step_logic",
                                        "rs_step_sci"};
    sim_gx_set(&c->gx, "area", area_name[area]);
    sim_gx_set(&c->gx, "rs_step", steps[area]);
    uint32_t off = (uint32_t)c->t->len;
    if (task >= 0)
        sim_gx_item(&c->gx, area_bank[area], (uint32_t)task);
    else
        sim_gx_slot(&c->gx, area_bank[area]);
    var_txt(c, "task", (txt){off, (uint32_t)c->t->len - off});
    off = (uint32_t)c->t->len;
    if (elicit >= 0)
        sim_gx_item(&c->gx, "ex_elicit", (uint32_t)elicit);
    else
        sim_gx_slot(&c->gx, "ex_elicit");
    var_txt(c, "el", (txt){off, (uint32_t)c->t->len - off});
    off = (uint32_t)c->t->len;
    if (frame >= 0)
        sim_gx_item(&c->gx, "ex_frame", (uint32_t)frame);
    else
        sim_gx_slot(&c->gx, "ex_frame");
    return (txt){off, (uint32_t)c->t->len - off};
}

static int pick_area(sim_rng *r)
{
    static const double w[] = {3, 2, 2, 1, 2};
    return sim_rng_weighted(r, w, 5);
}

/* max_tokens at the model's maximum, highest effort where there is one. */
static void extract_params(rctx *c, double p_stream)
{
    rq *q = &c->q;
    q->max_tokens = model_max(c);
    q->max_key = sim_rng_chance(&c->er, 0.5) ? 1 : 2;
    q->stream = sim_rng_chance(&c->er, p_stream);
    if (can_reason(c)) {
        q->effort = 3;
        if (q->ep == EP_MESSAGES)
            q->thinking = q->max_tokens - 1024;
    }
    double u = sim_rng_unit(&c->er);
    q->has_temp = u < 0.6;
    q->temp = u < 0.2 ? 0.6 : u < 0.4 ? 0.7 : 1.0;
}

static void single_extract(rctx *c, double p_sys, int area, int task)
{
    rq *q = &c->q;
    tx_seed(c, c->e->seed, 0);
    if (area < 0)
        area = pick_area(&c->tr);
    if (sim_rng_chance(&c->tr, p_sys))
        rq_add(c, R_SYSTEM, F_STR, tx_expand(c, "{ex_sys}"));
    int form = sim_rng_chance(&c->tr, 0.1) ? F_PARTS : F_STR;
    txt prompt = extract(c, area, task, -1, -1); /* after the draw above: argument order is unspecified */
    rq_add(c, R_USER, form, prompt);
    q->rtext = tx_bound(c, tx_expand(c, area == 2 ? "{resp_code}" : "{resp_reasoned}"), 800);
    q->rkind = RK_REASONED;
}

static void build_hydra(rctx *c)
{
    const sim_account *a = c->a;
    rq *q = &c->q;
    uint64_t cs = c->e->seed;
    q->model = c->ts >= a->adopt4 && sw_mix64(cs ^ 0x4444ULL) % 100 < 55 ? M_ATLAS4 : a->model;
    if (AUX_KIND(c->e->aux) == 1) {
        agentspec s = {TS_FARM, "{ex_agent} {ex_elicit}", "{rs_step} {rs_step}", "{resp_reasoned}", 3, 0};
        agent_conv(c, &s, cs, (int)AUX_TURN(c->e->aux), (c->e->aux & AUX_LAST) != 0);
    } else {
        single_extract(c, 0.35, -1, -1);
        if ((a->param & 2) && sim_rng_chance(&c->er, 0.5))
            q->nchoices = 2 + (int)sim_rng_below(&c->er, 3);
        if ((a->param & 1) && q->ep == EP_CHAT && sim_rng_chance(&c->er, 0.5)) {
            q->logprobs = true;
            q->top_logprobs = 5 + (int)sim_rng_below(&c->er, 16);
        }
    }
    extract_params(c, 0.4);
}

static void build_reseller(rctx *c)
{
    const sim_account *a = c->a;
    rq *q = &c->q;
    uint64_t cs = c->e->seed;
    uint32_t kind = AUX_KIND(c->e->aux);
    if (kind == 0) {
        /* one of the platform's many end customers */
        int app_kind = (int)(sw_mix64(cs) % 8);
        int app = (int)(sw_mix64(cs >> 7) % 20);
        build_app(c, app_kind, app, sim_mix(a->seed, (uint64_t)app * 8 + (uint64_t)app_kind), true, false);
        return;
    }
    q->model = c->ts >= a->adopt4 ? M_ATLAS4 : M_ATLAS3_REASONING;
    if (kind == 2) {
        agentspec s = {TS_PLATFORM, "{ex_agent}\n\n{ex_elicit}", "{rs_step}", "{resp_reasoned}", 3, 0};
        agent_conv(c, &s, cs, (int)AUX_TURN(c->e->aux), (c->e->aux & AUX_LAST) != 0);
    } else {
        /* systematic coverage: the k-th request takes the next task of the next area */
        uint32_t k = AUX_TURN(c->e->aux);
        single_extract(c, 0.5, (int)(k % 5), (int)(k / 5));
    }
    q->user = sim_mix(a->seed, 0xd15ULL) | 1; /* always the same end customer */
    extract_params(c, 0.5);
}

static void build_sweep(rctx *c)
{
    const sim_account *a = c->a;
    rq *q = &c->q;
    uint32_t step = AUX_TURN(c->e->aux);
    uint32_t nsk = sim_gx_bank_size("sk_name");
    uint32_t skill = ((uint32_t)a->sub + step / (uint32_t)a->param) % nsk;
    q->model = c->ts >= a->adopt4 && sw_mix64(c->e->seed) % 2 ? M_ATLAS4 : a->model;
    tx_seed(c, c->e->seed, 0);
    uint32_t off = (uint32_t)c->t->len;
    sim_gx_item(&c->gx, "sk_name", skill);
    var_txt(c, "skill", (txt){off, (uint32_t)c->t->len - off});
    off = (uint32_t)c->t->len;
    sim_gx_item(&c->gx, "sk_task", skill);
    var_txt(c, "task", (txt){off, (uint32_t)c->t->len - off});
    rq_add(c, R_USER, F_STR, tx_expand(c, "{sw_prompt}"));
    q->rtext = tx_bound(c, tx_expand(c, "{resp_reasoned}"), 800);
    q->rkind = RK_REASONED;
    extract_params(c, a->client == CL_BROWSER ? 0.9 : 0.2);
    if (a->client == CL_BROWSER)
        q->has_temp = false;
}

static void build_scraper(rctx *c)
{
    const sim_account *a = c->a;
    rq *q = &c->q;
    q->model = a->model;
    uint32_t task = AUX_TURN(c->e->aux) | (AUX_KIND(c->e->aux) << 16);
    tx_seed(c, c->e->seed, task);
    int area = pick_area(&c->tr);
    int frame = (int)(a->seed % sim_gx_bank_size("ex_frame"));
    int elicit = (int)((a->seed >> 16) % sim_gx_bank_size("ex_elicit"));
    rq_add(c, R_USER, F_STR, extract(c, area, -1, frame, elicit));
    q->rtext = tx_bound(c, tx_expand(c, "{resp_reasoned}"), 800);
    q->rkind = RK_REASONED;
    q->max_tokens = model_max(c);
    q->max_key = 1;
    q->has_temp = a->seed % 2 == 0;
    q->temp = 0.7;
}

static void build_pivot(rctx *c)
{
    rq *q = &c->q;
    if (AUX_KIND(c->e->aux) == 0) {
        /* baseline: ordinary-looking questions on atlas-3 */
        build_person_chat(c, (1u << 4) | (1u << 5) | (1u << 0) | (1u << 9) | (1u << 12));
        if (q->model == M_ATLAS4)
            q->model = M_ATLAS3;
        return;
    }
    q->model = M_ATLAS4;
    single_extract(c, 0.3, -1, -1);
    extract_params(c, 0.3);
}

/* ------------------------------------------------------------------ entry --- */

void sim_content_build(rctx *c)
{
    const sim_account *a = c->a;
    switch (a->pop) {
    case POP_INDIVIDUAL: build_person_chat(c, 0xffffffffu); break;
    case POP_STUDENT: build_student(c); break;
    case POP_CODING: build_coding(c); break;
    case POP_EVAL: build_eval(c); break;
    case POP_BATCH: build_batch(c); break;
    case POP_APP:
        build_app(c, a->sub, a->group, sim_mix(a->seed, 0xa55ULL), a->param == 1,
                  a->sub == 1 && a->seed % 2 == 0);
        break;
    case POP_CAMPUS: build_campus(c); break;
    case POP_RESEARCHER: build_researcher(c); break;
    case POP_HYDRA: build_hydra(c); break;
    case POP_RESELLER: build_reseller(c); break;
    case POP_SWEEP: build_sweep(c); break;
    case POP_SCRAPER: build_scraper(c); break;
    default: build_pivot(c); break;
    }
}
