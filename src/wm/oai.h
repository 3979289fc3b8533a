/*
 * oai.h — a minimal client of OpenAI-compatible completion APIs, for
 * querying a suspect model in a radioactivity test.
 *
 * One blocking request per call over HTTP/1.1 (plain, or TLS with
 * certificate and host name verification), "Connection: close", so the
 * whole exchange is: connect, write, read to the end, parse. A suspect is
 * queried a few hundred times; connection reuse would not change the
 * test's cost, which is the model's generation time.
 */
#ifndef SW_WM_OAI_H
#define SW_WM_OAI_H

#include <stddef.h>

typedef struct sw_wm_oai_request {
    const char *base_url; /* e.g. http://127.0.0.1:8000/v1 (".../completions" is appended) */
    const char *api_key;  /* sent as "Authorization: Bearer"; NULL for none */
    const char *model;
    const char *prompt;
    int chat;             /* 1: /chat/completions with one user message; 0: /completions */
    int max_tokens;
    double temperature;
    long long seed;       /* sent when >= 0 */
    int timeout_s;
} sw_wm_oai_request;

/*
 * Sends the request; *text receives the first choice's text (malloc'd).
 * SW_OK; SW_EIO (connection, TLS, HTTP status other than 200), SW_EPARSE
 * (response without a choice's text), SW_EINVAL (bad URL), each with err;
 * SW_ENOMEM.
 */
int sw_wm_oai_complete(const sw_wm_oai_request *req, char **text, char *err, size_t errsz);

#endif
