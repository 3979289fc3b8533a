/*
 * trafficlog.c — building traffic-log lines (see trafficlog.h).
 *
 * Field order follows the spec's table so that a person reading the log sees
 * who and what before the long request body. Optional fields the gateway
 * does not know are left out rather than written as null: readers treat an
 * absent field as unknown, and a null would be a type error for some.
 */
#include "gateway/trafficlog.h"

#include <string.h>

#include "core/error.h"
#include "core/time.h"

void sw_gw_json_compact(sw_buf *b, const char *src, size_t n)
{
    const unsigned char *s = (const unsigned char *)src;
    bool in_str = false;
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (!in_str) {
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                i++;
                continue;
            }
            if (c == '"')
                in_str = true;
            /* copy the run of plain bytes */
            size_t j = i + 1;
            while (j < n && s[j] != ' ' && s[j] != '\t' && s[j] != '\n' && s[j] != '\r' && s[j] != '"' && !in_str)
                j++;
            sw_buf_append(b, s + i, j - i);
            i = j;
            continue;
        }
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            /* the common case: a run of printable ASCII goes in one copy */
            size_t j = i + 1;
            while (j < n && s[j] >= 0x20 && s[j] < 0x80 && s[j] != '"' && s[j] != '\\')
                j++;
            sw_buf_append(b, s + i, j - i);
            i = j;
            continue;
        }
        if (c == '\\' && i + 1 < n) {
            sw_buf_append(b, s + i, 2);
            i += 2;
            continue;
        }
        if (c == '"') {
            in_str = false;
            sw_buf_putc(b, '"');
            i++;
            continue;
        }
        if (c < 0x20) {
            sw_buf_printf(b, "\\u%04x", c);
            i++;
            continue;
        }
        size_t len = sw_utf8_len(s + i, n - i);
        if (len == 0) {
            sw_buf_append(b, "\xef\xbf\xbd", 3);
            i++;
            continue;
        }
        sw_buf_append(b, s + i, len);
        i += len;
    }
}

static void kv_opt_str(sw_buf *b, const char *key, const char *v)
{
    if (v && *v)
        sw_json_kv_str(b, key, v);
}

static void kv_opt_int(sw_buf *b, const char *key, int64_t v)
{
    if (v >= 0)
        sw_json_kv_int(b, key, v);
}

int sw_gw_record_line(sw_buf *b, const sw_gw_record *r)
{
    char ts[SW_TIME_BUFSZ];
    sw_time_format(r->ts_ms, ts);
    sw_json_obj_begin(b);
    sw_json_kv_str(b, "ts", ts);
    kv_opt_str(b, "request_id", r->request_id);
    sw_json_kv_str(b, "account", r->account);
    kv_opt_str(b, "key", r->key);
    sw_json_kv_str(b, "ip", r->ip);
    kv_opt_int(b, "asn", r->asn);
    kv_opt_str(b, "country", r->country);
    kv_opt_str(b, "user_agent", r->user_agent);
    sw_json_kv_str(b, "endpoint", r->endpoint);
    sw_json_kv_str(b, "model", r->model);
    sw_json_key(b, "request");
    sw_gw_json_compact(b, r->request, r->request_len);
    if (b->depth < SW_JSON_MAXDEPTH)
        b->need_comma[b->depth] = true;
    if (r->has_response) {
        sw_json_key(b, "response");
        sw_json_obj_begin(b);
        sw_json_key(b, "text");
        sw_json_strn(b, r->text ? r->text : "", r->text ? r->text_len : 0);
        if (r->reasoning && r->reasoning_len) {
            sw_json_key(b, "reasoning");
            sw_json_strn(b, r->reasoning, r->reasoning_len);
        }
        kv_opt_str(b, "finish_reason", r->finish_reason);
        sw_json_obj_end(b);
    }
    sw_json_kv_int(b, "status", r->status);
    if (r->prompt_tokens >= 0 || r->completion_tokens >= 0 || r->reasoning_tokens >= 0) {
        sw_json_key(b, "usage");
        sw_json_obj_begin(b);
        kv_opt_int(b, "prompt_tokens", r->prompt_tokens);
        kv_opt_int(b, "completion_tokens", r->completion_tokens);
        kv_opt_int(b, "reasoning_tokens", r->reasoning_tokens);
        sw_json_obj_end(b);
    }
    kv_opt_int(b, "latency_ms", r->latency_ms);
    sw_json_obj_end(b);
    sw_json_newline(b);
    return b->oom ? SW_ENOMEM : SW_OK;
}
