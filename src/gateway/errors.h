/*
 * errors.h — the JSON bodies of every refusal the gateway sends.
 *
 * Clients are the official OpenAI and Anthropic SDKs, which turn an HTTP
 * status into an exception class and read the message out of the body, so a
 * refusal must look exactly like the provider's own: OpenAI's
 *   {"error":{"message":…,"type":…,"param":null,"code":…}}
 * on every path but /v1/messages, where Anthropic's
 *   {"type":"error","error":{"type":…,"message":…}}
 * is expected. The type follows from the status (and the style); the code is
 * a stable machine name chosen by the caller ("invalid_api_key",
 * "step_up_required", "account_blocked", …). Pure functions, no h2o.
 */
#ifndef SW_GW_ERRORS_H
#define SW_GW_ERRORS_H

#include <stdbool.h>

#include "core/buf.h"

typedef enum { SW_GW_STYLE_OPENAI, SW_GW_STYLE_ANTHROPIC } sw_gw_style;

/* The style a request path expects: Anthropic for /v1/messages and below. */
sw_gw_style sw_gw_style_of(const char *path, size_t len);

/* The error type of a status in a style, e.g. 401 → "authentication_error". */
const char *sw_gw_error_type(int status, sw_gw_style style);

/* Appends the whole error body to b (no newline). code may be NULL. */
void sw_gw_error_body(sw_buf *b, sw_gw_style style, int status, const char *code, const char *message);

/* The reason phrase of a status, for HTTP/1.1 status lines. */
const char *sw_gw_status_reason(int status);

#endif
