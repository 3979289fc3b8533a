/* test_gateway_log.c — traffic-log lines built by the gateway: valid JSON
 * Lines whatever the client sent, read back by the detector's own parser,
 * written and fed in one order by the sink; and the metrics text. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/error.h"
#include "core/event.h"
#include "gateway/metrics.h"
#include "gateway/sink.h"
#include "gateway/trafficlog.h"
#include "sw_test.h"

static char *compact(const char *s, size_t n)
{
    sw_buf b;
    sw_buf_init(&b);
    sw_gw_json_compact(&b, s, n);
    sw_buf_putc(&b, '\0');
    return b.data;
}

static void test_compact(void)
{
    char *c = compact("{ \"a\" : [1, 2,\n 3],\t\"b\": \"x y\\\" z\" }", 37);
    CHECK_EQ_STR(c, "{\"a\":[1,2,3],\"b\":\"x y\\\" z\"}");
    free(c);
    /* raw control characters inside strings become escapes; invalid UTF-8 becomes U+FFFD */
    const char raw[] = "{\"p\":\"line1\nline2\ttab\xff\xc3\xa9\"}";
    c = compact(raw, sizeof raw - 1);
    CHECK_EQ_STR(c, "{\"p\":\"line1\\u000aline2\\u0009tab\xef\xbf\xbd\xc3\xa9\"}");
    cJSON *j = cJSON_Parse(c);
    CHECK(j != NULL);
    CHECK(strchr(c, '\n') == NULL);
    cJSON_Delete(j);
    free(c);
}

static sw_gw_record sample(const char *req)
{
    sw_gw_record r = {
        .ts_ms = 1793577624603LL,
        .request_id = "req_1",
        .account = "acme",
        .key = "sk-sw-0011aabb",
        .ip = "203.0.113.9",
        .asn = 64500,
        .country = "DE",
        .user_agent = "OpenAI/JS 4.104.0",
        .endpoint = "/v1/chat/completions",
        .model = "sw-small",
        .request = req,
        .request_len = strlen(req),
        .has_response = true,
        .text = "Paris.",
        .text_len = 6,
        .reasoning = NULL,
        .finish_reason = "stop",
        .status = 200,
        .prompt_tokens = 12,
        .completion_tokens = 3,
        .reasoning_tokens = -1,
        .latency_ms = 250,
    };
    return r;
}

static void test_line_round_trip(void)
{
    const char *req = "{\n  \"model\": \"sw-small\",\n  \"messages\": [{\"role\": \"system\", \"content\": \"Be brief.\"},\n"
                      "   {\"role\": \"user\", \"content\": \"Capital of France?\"}],\n  \"max_tokens\": 64, \"stream\": true,\n"
                      "  \"logprobs\": true }";
    sw_gw_record r = sample(req);
    sw_buf b;
    sw_buf_init(&b);
    CHECK_EQ_INT(sw_gw_record_line(&b, &r), SW_OK);
    CHECK(b.len > 0 && b.data[b.len - 1] == '\n');
    CHECK(memchr(b.data, '\n', b.len - 1) == NULL);
    CHECK(strstr(b.data, "\"ts\":\"2026-11-02T00:00:24.603Z\"") != NULL);
    sw_event_parser *p;
    CHECK_EQ_INT(sw_event_parser_new(&p), SW_OK);
    sw_event ev;
    char err[200] = "";
    int rc = sw_event_parse(p, b.data, b.len - 1, &ev, err, sizeof err);
    CHECK_EQ_INT(rc, SW_OK);
    if (rc == SW_OK) {
        CHECK_EQ_STR(ev.account, "acme");
        CHECK_EQ_STR(ev.key, "sk-sw-0011aabb");
        CHECK_EQ_STR(ev.model, "sw-small");
        CHECK_EQ_STR(ev.country, "DE");
        CHECK_EQ_INT(ev.asn, 64500);
        CHECK_EQ_INT(ev.status, 200);
        CHECK(ev.endpoint == SW_EP_CHAT);
        CHECK_EQ_INT(ev.max_tokens, 64);
        CHECK(ev.stream);
        CHECK(ev.logprobs);
        CHECK_EQ_STR(ev.prompt, "Capital of France?");
        CHECK_EQ_INT(ev.prompt_tokens, 12);
        CHECK_EQ_INT(ev.completion_tokens, 3);
        CHECK_EQ_INT(ev.latency_ms, 250);
        CHECK(ev.has_response);
        CHECK_EQ_INT(ev.response_chars, 6);
        CHECK_EQ_INT(ev.ts_ms, 1793577624603LL);
    }
    sw_event_parser_free(p);
    sw_buf_free(&b);
}

static void test_refusal_line(void)
{
    /* a refusal: no response, no usage, unknown origin */
    sw_gw_record r = sample("{\"model\":\"m\",\"prompt\":\"x\"}");
    r.has_response = false;
    r.status = 429;
    r.asn = -1;
    r.country = "";
    r.prompt_tokens = r.completion_tokens = r.latency_ms = -1;
    r.endpoint = "/v1/completions";
    sw_buf b;
    sw_buf_init(&b);
    CHECK_EQ_INT(sw_gw_record_line(&b, &r), SW_OK);
    cJSON *j = cJSON_ParseWithLength(b.data, b.len);
    CHECK(j != NULL);
    CHECK(!cJSON_HasObjectItem(j, "response"));
    CHECK(!cJSON_HasObjectItem(j, "usage"));
    CHECK(!cJSON_HasObjectItem(j, "asn"));
    CHECK(!cJSON_HasObjectItem(j, "country"));
    CHECK(!cJSON_HasObjectItem(j, "latency_ms"));
    CHECK_EQ_INT(cJSON_GetObjectItem(j, "status")->valueint, 429);
    cJSON_Delete(j);
    sw_buf_free(&b);
}

static void test_sink_writes_and_feeds(void)
{
    char path[] = "/tmp/sw_gw_sink_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    sw_gw_sink *s;
    char err[200];
    CHECK_EQ_INT(sw_gw_sink_open(&s, path, NULL, err, sizeof err), SW_OK);
    sw_account_info info = {.account = "acme", .created_at_ms = -1, .verification = SW_VERIF_BUSINESS};
    CHECK_EQ_INT(sw_gw_sink_account(s, &info), SW_OK);
    CHECK_EQ_INT(sw_gw_sink_account(s, &info), SW_OK);
    for (int i = 0; i < 3; i++) {
        sw_gw_record r = sample("{\"model\":\"sw-small\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        r.ts_ms += i * 1000;
        sw_buf b;
        sw_buf_init(&b);
        sw_gw_record_line(&b, &r);
        sw_action a;
        CHECK_EQ_INT(sw_gw_sink_put(s, b.data, b.len, &a), SW_OK);
        CHECK(a == SW_ALLOW);
        sw_buf_free(&b);
    }
    CHECK(sw_gw_sink_verdict(s, "acme", NULL) == SW_ALLOW);
    CHECK(sw_gw_sink_verdict(s, "nobody", NULL) == SW_ALLOW);
    sw_gw_detector_stats st;
    sw_gw_sink_stats(s, &st);
    CHECK_EQ_INT(st.lines, 3);
    CHECK_EQ_INT(st.events, 3);
    CHECK_EQ_INT(st.accounts, 1);
    CHECK_EQ_INT(st.profiles, 1);
    CHECK_EQ_INT(st.flagged, 0);
    /* a broken line is written but not fed, and counted */
    CHECK_EQ_INT(sw_gw_sink_put(s, "{\"x\":1}\n", 8, NULL), SW_EPARSE);
    sw_gw_sink_stats(s, &st);
    CHECK_EQ_INT(st.parse_errors, 1);
    CHECK_EQ_INT(sw_gw_sink_reopen(s, err, sizeof err), SW_OK);
    sw_gw_sink_close(s);
    FILE *f = fopen(path, "r");
    int lines = 0;
    char buf[4096];
    while (f && fgets(buf, sizeof buf, f))
        lines++;
    if (f)
        fclose(f);
    CHECK_EQ_INT(lines, 4);
    unlink(path);
}

static void test_metrics_text(void)
{
    sw_gw_metrics *m;
    CHECK_EQ_INT(sw_gw_metrics_new(&m), SW_OK);
    sw_gw_metrics_request(m, 200, "tier2", "allow", 0.02);
    sw_gw_metrics_request(m, 200, "tier2", "allow", 0.5);
    sw_gw_metrics_request(m, 401, NULL, NULL, 0.0001);
    sw_gw_metrics_streams(m, 2);
    sw_gw_metrics_streams(m, -1);
    sw_gw_detector_stats d = {.events = 7, .accounts = 2, .flagged = 1};
    sw_buf b;
    sw_buf_init(&b);
    sw_gw_metrics_render(m, &d, &b);
    sw_buf_putc(&b, '\0');
    CHECK(strstr(b.data, "stillwatch_requests_total{status=\"200\",tier=\"tier2\",verdict=\"allow\"} 2\n") != NULL);
    CHECK(strstr(b.data, "stillwatch_requests_total{status=\"401\",tier=\"none\",verdict=\"none\"} 1\n") != NULL);
    CHECK(strstr(b.data, "stillwatch_request_duration_seconds_bucket{le=\"0.025\"} 2\n") != NULL);
    CHECK(strstr(b.data, "stillwatch_request_duration_seconds_bucket{le=\"+Inf\"} 3\n") != NULL);
    CHECK(strstr(b.data, "stillwatch_open_streams 1\n") != NULL);
    CHECK(strstr(b.data, "stillwatch_detector_flagged_accounts 1\n") != NULL);
    CHECK(strstr(b.data, "stillwatch_detector_events_total 7\n") != NULL);
    sw_buf_free(&b);
    sw_gw_metrics_free(m);
}

int main(void)
{
    SW_TEST_RUN(test_compact);
    SW_TEST_RUN(test_line_round_trip);
    SW_TEST_RUN(test_refusal_line);
    SW_TEST_RUN(test_sink_writes_and_feeds);
    SW_TEST_RUN(test_metrics_text);
    return SW_TEST_END();
}
