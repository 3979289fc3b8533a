/* test_event.c — the traffic-log readers: every endpoint shape, every
 * content form, every required-field error. */
#include <math.h>

#include "core/account.h"
#include "core/error.h"
#include "core/event.h"
#include "sw_test.h"

static sw_event_parser *P;

static int parse(const char *line, sw_event *ev, char *err)
{
    return sw_event_parse(P, line, strlen(line), ev, err, 200);
}

static void test_chat_parts_and_tools(void)
{
    sw_event ev;
    char err[200] = "";
    int rc = parse("{\"ts\":\"2026-11-02T00:00:24.603Z\",\"account\":\"a1\",\"key\":\"k1\",\"ip\":\"203.0.113.5\","
                   "\"asn\":7922,\"country\":\"US\",\"user_agent\":\"OpenAI/Python 1.51.0\","
                   "\"endpoint\":\"/v1/chat/completions\",\"model\":\"m\",\"request\":{\"messages\":["
                   "{\"role\":\"system\",\"content\":\"You are terse.\"},"
                   "{\"role\":\"user\",\"content\":\"first question\"},"
                   "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\"},{\"id\":\"c2\"}]},"
                   "{\"role\":\"tool\",\"content\":\"result\"},"
                   "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Solve it\"},"
                   "{\"type\":\"image_url\",\"image_url\":{\"url\":\"x\"}},{\"type\":\"text\",\"text\":\"step by step\"}]}],"
                   "\"tools\":[{},{},{}],\"max_completion_tokens\":32768,\"temperature\":0.2,\"n\":2,"
                   "\"stream\":true,\"logprobs\":true,\"reasoning_effort\":\"high\",\"unknown_field\":[1,2]},"
                   "\"response\":{\"text\":\"abcd\",\"reasoning\":\"xy\",\"finish_reason\":\"stop\"},\"status\":200,"
                   "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":34,\"reasoning_tokens\":5},\"latency_ms\":99}",
                   &ev, err);
    CHECK_EQ_INT(rc, SW_OK);
    CHECK_EQ_STR(ev.account, "a1");
    CHECK_EQ_STR(ev.key, "k1");
    CHECK_EQ_INT(ev.asn, 7922);
    CHECK_EQ_STR(ev.country, "US");
    CHECK_EQ_INT(ev.endpoint, SW_EP_CHAT);
    CHECK_EQ_STR(ev.system, "You are terse.");
    CHECK_EQ_STR(ev.prompt, "Solve it\nstep by step");
    CHECK_EQ_INT(ev.prompt_len, strlen("Solve it\nstep by step"));
    CHECK_EQ_INT(ev.n_messages, 5);
    CHECK_EQ_INT(ev.n_user, 2);
    CHECK_EQ_INT(ev.n_assistant, 1);
    CHECK_EQ_INT(ev.n_tool_calls, 2);
    CHECK_EQ_INT(ev.n_tool_results, 1);
    CHECK_EQ_INT(ev.n_images, 1);
    CHECK_EQ_INT(ev.n_tools, 3);
    CHECK_EQ_INT(ev.max_tokens, 32768);
    CHECK_NEAR(ev.temperature, 0.2, 1e-12);
    CHECK_EQ_INT(ev.n_choices, 2);
    CHECK(ev.stream);
    CHECK(ev.logprobs);
    CHECK_EQ_INT(ev.reasoning_effort, 3);
    CHECK(ev.has_response);
    CHECK_EQ_INT(ev.response_chars, 4);
    CHECK_EQ_INT(ev.reasoning_chars, 2);
    CHECK_EQ_INT(ev.prompt_tokens, 12);
    CHECK_EQ_INT(ev.completion_tokens, 34);
    CHECK_EQ_INT(ev.reasoning_tokens, 5);
    CHECK_EQ_INT(ev.latency_ms, 99);
    CHECK_EQ_INT(ev.status, 200);
}

static void test_anthropic_messages(void)
{
    sw_event ev;
    char err[200] = "";
    int rc = parse("{\"ts\":\"2026-11-02T00:00:25Z\",\"account\":\"a2\",\"ip\":\"2001:db8::1\",\"endpoint\":\"/v1/messages\","
                   "\"model\":\"claude-x\",\"request\":{\"system\":[{\"type\":\"text\",\"text\":\"sys one\"},"
                   "{\"type\":\"text\",\"text\":\"sys two\"}],\"messages\":["
                   "{\"role\":\"user\",\"content\":\"Please think carefully\"},"
                   "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"f\",\"input\":{}}]},"
                   "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t\",\"content\":\"out\"}]}],"
                   "\"max_tokens\":1024,\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":16000}},\"status\":200,"
                   "\"usage\":{\"input_tokens\":7,\"output_tokens\":8}}",
                   &ev, err);
    CHECK_EQ_INT(rc, SW_OK);
    CHECK_EQ_INT(ev.endpoint, SW_EP_MESSAGES);
    CHECK_EQ_STR(ev.system, "sys one\nsys two");
    /* the newest user *ask* is the text turn, not the tool result */
    CHECK_EQ_STR(ev.prompt, "Please think carefully");
    CHECK_EQ_INT(ev.n_tool_calls, 1);
    CHECK_EQ_INT(ev.n_tool_results, 1);
    CHECK_EQ_INT(ev.reasoning_effort, 3);
    CHECK_EQ_INT(ev.thinking_budget, 16000);
    CHECK_EQ_INT(ev.prompt_tokens, 7);
    CHECK_EQ_INT(ev.completion_tokens, 8);
    CHECK(!ev.ip.v4);
}

static void test_responses_and_completions(void)
{
    sw_event ev;
    char err[200] = "";
    CHECK_EQ_INT(parse("{\"ts\":\"2026-11-02T00:00:26Z\",\"account\":\"a3\",\"ip\":\"198.51.100.7\","
                       "\"endpoint\":\"/v1/responses\",\"model\":\"m\",\"request\":{\"instructions\":\"be kind\","
                       "\"input\":\"what is 2+2\",\"reasoning\":{\"effort\":\"medium\"},\"max_output_tokens\":500},"
                       "\"status\":429}",
                       &ev, err),
                 SW_OK);
    CHECK_EQ_INT(ev.endpoint, SW_EP_RESPONSES);
    CHECK_EQ_STR(ev.system, "be kind");
    CHECK_EQ_STR(ev.prompt, "what is 2+2");
    CHECK_EQ_INT(ev.reasoning_effort, 2);
    CHECK_EQ_INT(ev.max_tokens, 500);
    CHECK_EQ_INT(ev.status, 429);
    CHECK(!ev.has_response);
    CHECK_EQ_INT(ev.completion_tokens, -1);

    CHECK_EQ_INT(parse("{\"ts\":\"2026-11-02T00:00:26Z\",\"account\":\"a3\",\"ip\":\"198.51.100.7\","
                       "\"endpoint\":\"/v1/responses\",\"model\":\"m\",\"request\":{\"input\":["
                       "{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"hello there\"}]},"
                       "{\"type\":\"function_call\",\"name\":\"f\"},{\"type\":\"function_call_output\",\"output\":\"r\"}]},"
                       "\"status\":200}",
                       &ev, err),
                 SW_OK);
    CHECK_EQ_STR(ev.prompt, "hello there");
    CHECK_EQ_INT(ev.n_tool_calls, 1);
    CHECK_EQ_INT(ev.n_tool_results, 1);

    CHECK_EQ_INT(parse("{\"ts\":\"2026-11-02T00:00:27Z\",\"account\":\"a4\",\"ip\":\"192.0.2.1\","
                       "\"endpoint\":\"/v1/completions\",\"model\":\"m\",\"request\":{\"prompt\":\"Once upon\","
                       "\"logprobs\":5},\"status\":200}",
                       &ev, err),
                 SW_OK);
    CHECK_EQ_INT(ev.endpoint, SW_EP_COMPLETIONS);
    CHECK_EQ_STR(ev.prompt, "Once upon");
    CHECK(ev.logprobs);
    CHECK(isnan(ev.temperature));
    CHECK_EQ_INT(ev.max_tokens, -1);
}

static void expect_error(const char *line, const char *reason)
{
    sw_event ev;
    char err[200] = "";
    CHECK_EQ_INT(parse(line, &ev, err), SW_EPARSE);
    if (!strstr(err, reason))
        fprintf(stderr, "  got reason '%s', wanted '%s' for %s\n", err, reason, line);
    CHECK(strstr(err, reason) != NULL);
}

static void test_errors(void)
{
    expect_error("", "empty line");
    expect_error("{\"ts\":", "invalid JSON");
    expect_error("[1,2]", "not a JSON object");
    expect_error("{\"account\":\"a\",\"ip\":\"1.2.3.4\",\"endpoint\":\"/v1/messages\",\"model\":\"m\",\"request\":{},\"status\":200}",
                 "missing required field 'ts'");
    expect_error("{\"ts\":\"2026-11-02T00:00:27Z\",\"ip\":\"1.2.3.4\",\"endpoint\":\"/v1/messages\",\"model\":\"m\",\"request\":{},\"status\":200}",
                 "missing required field 'account'");
    expect_error("{\"ts\":\"2026-11-02T00:00:27Z\",\"account\":5,\"ip\":\"1.2.3.4\",\"endpoint\":\"/v1/messages\",\"model\":\"m\",\"request\":{},\"status\":200}",
                 "field 'account' must be a non-empty string");
    expect_error("{\"ts\":\"yesterday\",\"account\":\"a\",\"ip\":\"1.2.3.4\",\"endpoint\":\"/v1/messages\",\"model\":\"m\",\"request\":{},\"status\":200}",
                 "field 'ts' is not an RFC 3339 time");
    expect_error("{\"ts\":\"2026-11-02T00:00:27Z\",\"account\":\"a\",\"ip\":\"1.2.3.999\",\"endpoint\":\"/v1/messages\",\"model\":\"m\",\"request\":{},\"status\":200}",
                 "field 'ip' is not an IPv4 or IPv6 address");
    expect_error("{\"ts\":\"2026-11-02T00:00:27Z\",\"account\":\"a\",\"ip\":\"1.2.3.4\",\"endpoint\":\"/v1/messages\",\"model\":\"m\",\"status\":200}",
                 "missing required field 'request'");
    expect_error("{\"ts\":\"2026-11-02T00:00:27Z\",\"account\":\"a\",\"ip\":\"1.2.3.4\",\"endpoint\":\"/v1/messages\",\"model\":\"m\",\"request\":\"x\",\"status\":200}",
                 "field 'request' must be an object");
    expect_error("{\"ts\":\"2026-11-02T00:00:27Z\",\"account\":\"a\",\"ip\":\"1.2.3.4\",\"endpoint\":\"/v1/messages\",\"model\":\"m\",\"request\":{}}",
                 "missing required field 'status'");
    expect_error("{\"ts\":\"2026-11-02T00:00:27Z\",\"account\":\"a\",\"ip\":\"1.2.3.4\",\"endpoint\":\"/v1/messages\",\"model\":\"m\",\"request\":{},\"status\":\"ok\"}",
                 "field 'status' must be an HTTP status code");
}

static void test_optional_wrong_types_are_absent(void)
{
    sw_event ev;
    char err[200] = "";
    CHECK_EQ_INT(parse("{\"ts\":\"2026-11-02T00:00:27Z\",\"account\":\"a\",\"ip\":\"1.2.3.4\",\"asn\":\"x\","
                       "\"country\":7,\"endpoint\":\"/v1/other\",\"model\":\"m\",\"request\":{\"messages\":\"oops\","
                       "\"max_tokens\":-5,\"n\":\"two\"},\"status\":200,\"usage\":[]}",
                       &ev, err),
                 SW_OK);
    CHECK_EQ_INT(ev.asn, -1);
    CHECK(ev.country == NULL);
    CHECK_EQ_INT(ev.endpoint, SW_EP_OTHER);
    CHECK_EQ_INT(ev.max_tokens, -1);
    CHECK_EQ_INT(ev.n_choices, 1);
    CHECK_EQ_STR(ev.prompt, "");
}

static void test_accounts(void)
{
    sw_account_info a;
    char err[200] = "";
    const char *ok = "{\"account\":\"u1\",\"created_at\":\"2026-10-01T00:00:00Z\",\"verification\":\"edu\","
                     "\"tier\":\"edu\",\"country\":\"DE\",\"payment_fp\":\"ab12\",\"email_domain\":\"uni.de\"}";
    CHECK_EQ_INT(sw_account_parse(ok, strlen(ok), &a, err, sizeof err), SW_OK);
    CHECK_EQ_STR(a.account, "u1");
    CHECK_EQ_INT(a.verification, SW_VERIF_EDU);
    CHECK_EQ_STR(a.payment_fp, "ab12");
    CHECK(a.created_at_ms > 0);
    const char *bad_level = "{\"account\":\"u1\",\"verification\":\"passport\"}";
    CHECK_EQ_INT(sw_account_parse(bad_level, strlen(bad_level), &a, err, sizeof err), SW_EPARSE);
    CHECK(strstr(err, "verification") != NULL);
    const char *no_id = "{\"tier\":\"free\"}";
    CHECK_EQ_INT(sw_account_parse(no_id, strlen(no_id), &a, err, sizeof err), SW_EPARSE);
    CHECK(strstr(err, "account") != NULL);
    const char *minimal = "{\"account\":\"u2\"}";
    CHECK_EQ_INT(sw_account_parse(minimal, strlen(minimal), &a, err, sizeof err), SW_OK);
    CHECK_EQ_INT(a.verification, SW_VERIF_UNKNOWN);
    CHECK_EQ_INT(a.created_at_ms, -1);
}

/* A client's broken text must not cost the line: the event is kept, the
 * bad bytes become U+FFFD, and duplicate members keep the first value. */
static void test_invalid_utf8_and_duplicates(void)
{
    sw_event ev;
    char err[200] = "";
    int rc = parse("{\"ts\":\"2026-11-02T00:00:00Z\",\"account\":\"a1\",\"account\":\"a2\",\"ip\":\"10.0.0.1\","
                   "\"endpoint\":\"/v1/chat/completions\",\"model\":\"m\",\"status\":200,"
                   "\"request\":{\"messages\":[{\"role\":\"user\",\"content\":\"caf\xe9 \xff ok\"}]}}",
                   &ev, err);
    CHECK_EQ_INT(rc, SW_OK);
    CHECK_EQ_STR(ev.account, "a1");
    CHECK_EQ_STR(ev.prompt, "caf\xEF\xBF\xBD \xEF\xBF\xBD ok");
    CHECK_EQ_INT(ev.prompt_len, strlen("caf\xEF\xBF\xBD \xEF\xBF\xBD ok"));
}

int main(void)
{
    if (sw_event_parser_new(&P) != SW_OK)
        return 1;
    SW_TEST_RUN(test_chat_parts_and_tools);
    SW_TEST_RUN(test_anthropic_messages);
    SW_TEST_RUN(test_responses_and_completions);
    SW_TEST_RUN(test_errors);
    SW_TEST_RUN(test_optional_wrong_types_are_absent);
    SW_TEST_RUN(test_accounts);
    SW_TEST_RUN(test_invalid_utf8_and_duplicates);
    sw_event_parser_free(P);
    return SW_TEST_END();
}
