/*
 * errors.c — refusal bodies in the provider's own shapes (see errors.h).
 *
 * The table below is the one place where a status becomes an error type, so
 * that the SDKs' exception classes (BadRequestError, AuthenticationError,
 * PermissionDeniedError, NotFoundError, RateLimitError, InternalServerError)
 * follow from the status the gateway picked and cannot drift from the body.
 */
#include "gateway/errors.h"

#include <string.h>

sw_gw_style sw_gw_style_of(const char *path, size_t len)
{
    static const char prefix[] = "/v1/messages";
    size_t n = sizeof prefix - 1;
    if (len < n || memcmp(path, prefix, n) != 0)
        return SW_GW_STYLE_OPENAI;
    return len == n || path[n] == '/' || path[n] == '?' ? SW_GW_STYLE_ANTHROPIC : SW_GW_STYLE_OPENAI;
}

const char *sw_gw_error_type(int status, sw_gw_style style)
{
    bool anthropic = style == SW_GW_STYLE_ANTHROPIC;
    switch (status) {
    case 401:
        return "authentication_error";
    case 403:
        return "permission_error";
    case 404:
        return anthropic ? "not_found_error" : "invalid_request_error";
    case 413:
        return anthropic ? "request_too_large" : "invalid_request_error";
    case 429:
        return "rate_limit_error";
    case 529:
        return anthropic ? "overloaded_error" : "api_error";
    default:
        return status >= 500 ? "api_error" : "invalid_request_error";
    }
}

void sw_gw_error_body(sw_buf *b, sw_gw_style style, int status, const char *code, const char *message)
{
    const char *type = sw_gw_error_type(status, style);
    if (style == SW_GW_STYLE_ANTHROPIC) {
        sw_json_obj_begin(b);
        sw_json_kv_str(b, "type", "error");
        sw_json_key(b, "error");
        sw_json_obj_begin(b);
        sw_json_kv_str(b, "type", type);
        sw_json_kv_str(b, "message", message);
        sw_json_obj_end(b);
        sw_json_obj_end(b);
        return;
    }
    sw_json_obj_begin(b);
    sw_json_key(b, "error");
    sw_json_obj_begin(b);
    sw_json_kv_str(b, "message", message);
    sw_json_kv_str(b, "type", type);
    sw_json_key(b, "param");
    sw_json_null(b);
    sw_json_key(b, "code");
    sw_json_str(b, code);
    sw_json_obj_end(b);
    sw_json_obj_end(b);
}

const char *sw_gw_status_reason(int status)
{
    switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 413: return "Payload Too Large";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Error";
    }
}
