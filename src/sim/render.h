/*
 * render.h — the request being rendered, shared by content.c (what each
 * population asks) and render.c (how it is written in each API's schema).
 *
 * A request is first built in an endpoint-neutral form: a list of messages
 * whose texts live in one arena (offsets, never pointers, because the arena
 * grows), the sampling parameters, and the response. render.c then writes
 * it as a Chat Completions, Messages, Completions or Responses body.
 */
#ifndef SW_SIM_RENDER_H
#define SW_SIM_RENDER_H

#include "sim/agents.h"
#include "sim/simint.h"

#define SIM_MAXMSG 24

enum { R_SYSTEM, R_USER, R_ASSISTANT, R_TOOL };
enum { F_STR, F_PARTS, F_CALL, F_RESULT };

/* Token profile of a response (sizes, latency). */
enum {
    RK_SHORT,     /* labels, letters, small JSON */
    RK_CHAT,      /* ordinary answers */
    RK_LONG,      /* explanations, code, worked solutions */
    RK_TOOL,      /* an agent's tool call */
    RK_FINAL,     /* an agent's closing summary */
    RK_MCQ,       /* benchmark answer with reasoning */
    RK_REASONED,  /* a full reasoning trace on request */
};

typedef struct txt {
    uint32_t off, len;
} txt;

typedef struct msg {
    uint8_t role, form;
    bool image;
    int8_t tool;   /* F_CALL, F_RESULT: index in the tool set */
    txt t;         /* content; for F_CALL the optional text before the call */
    txt args;      /* F_CALL: arguments as JSON object text */
    txt img;       /* image URL */
    uint64_t call; /* call id seed */
} msg;

typedef struct rq {
    msg m[SIM_MAXMSG];
    int n;
    int ts;       /* tool set, -1 for none */
    int ep, model;
    int max_tokens; /* 0: not sent */
    uint8_t max_key; /* chat: 1 max_tokens, 2 max_completion_tokens */
    bool has_temp, has_top_p, stream, logprobs, json_mode, sys_cache;
    double temp, top_p;
    int nchoices;
    int top_logprobs;
    int effort;   /* 0 none, 1 low, 2 medium, 3 high */
    int thinking; /* Messages API thinking budget, 0 none */
    uint64_t user; /* end-user id seed, 0 none */
    /* the response */
    int rkind;
    txt rtext;
    int rtool;    /* tool called by the response, -1 none */
    txt rargs;
    uint64_t rcall;
} rq;

typedef struct rctx {
    const sim_world *w;
    const sim_account *a;
    const sim_sched *e;
    int64_t ts;
    sim_rng er;  /* per-event draws: parameters, status, tokens */
    sim_rng tr;  /* text draws, reseeded per conversation turn */
    sim_gx gx;   /* expands into the arena with tr */
    sw_buf *t;   /* the arena */
    sw_buf *tmp; /* scratch for joined strings */
    rq q;
} rctx;

/* Whether a conversation comes from the account's second client (a person
 * with both a browser UI and a script, say); render.c picks the user agent
 * and endpoint by it, content.c the client's habits. */
static inline bool sim_second_ua(const sim_account *a, uint64_t conv)
{
    return a->nua == 2 && sw_mix64(conv ^ 0x2a2aULL) % 10 < 3;
}

/* arena helpers (content.c) */
txt tx_expand(rctx *c, const char *tmpl);
txt tx_lit(rctx *c, const char *s);
txt tx_bound(rctx *c, txt t, uint32_t max);
void tx_seed(rctx *c, uint64_t conv, uint32_t turn);
int rq_add(rctx *c, int role, int form, txt t);

/* Builds the messages, parameters and response of the current event. */
void sim_content_build(rctx *c);

#endif
