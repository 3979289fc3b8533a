/*
 * agents.h — tool definitions and system prompts of the simulated agent
 * clients (see agents.c). Internal to the simulator.
 */
#ifndef SW_SIM_AGENTS_H
#define SW_SIM_AGENTS_H

#include <stdbool.h>
#include <stdint.h>

/* What a tool returns; render.c draws the tool result text by kind. */
enum sim_toolresult {
    TR_CODE,   /* file contents */
    TR_GREP,   /* search hits */
    TR_SHELL,  /* command output */
    TR_TESTS,  /* test runner output */
    TR_OK,     /* edit / write acknowledgement */
    TR_LS,     /* directory listing */
    TR_WEB,    /* web search results */
    TR_PY,     /* program output */
    TR_CALC,   /* a number */
    TR_SQL,    /* result rows */
    TR_ORDER,  /* order record */
    TR_TICKET, /* ticket id */
    TR_COUNT
};

typedef struct sim_param {
    const char *name, *type, *desc;
    bool required;
    const char *arg; /* template drawing a value */
} sim_param;

typedef struct sim_tool {
    const char *name, *desc;
    uint8_t result;
    uint8_t np;
    sim_param p[4];
} sim_tool;

typedef struct sim_toolset {
    const sim_tool *tool;
    int n;
} sim_toolset;

enum sim_toolset_id {
    TS_FORGEPILOT, /* coding agent products 0-3, in the order of CL_AGENT UAs */
    TS_TESSELLATE,
    TS_CODEWRIGHT,
    TS_HATCHWAY,
    TS_FARM,     /* the hydra operator's agent harness */
    TS_PLATFORM, /* the reseller customer's harness */
    TS_SUPPORT,  /* a support bot's order tools */
    TS_COUNT
};

typedef struct sim_plan {
    const uint8_t *step; /* tool-result kinds, in order */
    int n;
} sim_plan;

extern const sim_toolset sim_toolsets[TS_COUNT];
extern const char *const sim_agent_system[TS_COUNT];
extern const sim_plan sim_plans[4];

#endif
