/* test_gateway_request.c — inference bodies: what the gateway reads from
 * them, what it refuses, and how degrading rewrites them. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "gateway/request.h"
#include "sw_test.h"

static int parse(const char *s, sw_gw_body *b, const char **problem)
{
    return sw_gw_body_parse(s, strlen(s), b, problem);
}

static void test_parse(void)
{
    sw_gw_body b;
    const char *problem = NULL;
    CHECK_EQ_INT(parse("{\"model\":\"m1\",\"stream\":true,\"max_completion_tokens\":300,\"messages\":[]}", &b, &problem),
                 SW_OK);
    CHECK_EQ_STR(b.model, "m1");
    CHECK(b.stream);
    CHECK_EQ_INT(b.max_tokens, 300);
    sw_gw_body_free(&b);
    CHECK_EQ_INT(parse("{\"model\":\"m1\"}", &b, &problem), SW_OK);
    CHECK(!b.stream);
    CHECK_EQ_INT(b.max_tokens, -1);
    sw_gw_body_free(&b);

    static const char *const bad[] = {"", "{", "[]", "\"model\"", "{\"model\":\"\"}", "{\"model\":5}",
                                      "{\"messages\":[]}", "model=sw-small", "{\"model\":\"m\",}"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        problem = NULL;
        CHECK_EQ_INT(parse(bad[i], &b, &problem), SW_EPARSE);
        CHECK(problem != NULL && problem[0]);
        CHECK(b.root == NULL);
    }
}

static cJSON *rewritten(const char *in, sw_endpoint ep, sw_gw_degrade d, bool *changed, sw_gw_body *b)
{
    const char *problem;
    CHECK_EQ_INT(parse(in, b, &problem), SW_OK);
    *changed = sw_gw_degrade_apply(b, ep, &d);
    size_t len;
    char *s = sw_gw_body_print(b, &len);
    cJSON *j = cJSON_Parse(s);
    free(s);
    return j;
}

static void test_degrade(void)
{
    bool changed;
    sw_gw_body b;
    sw_gw_degrade all = {.strip_logprobs = true, .drop_reasoning = true, .max_tokens_cap = 1024};
    cJSON *j = rewritten("{\"model\":\"m\",\"logprobs\":true,\"top_logprobs\":5,\"reasoning_effort\":\"high\","
                         "\"max_tokens\":32768,\"max_completion_tokens\":500,\"messages\":[]}",
                         SW_EP_CHAT, all, &changed, &b);
    CHECK(changed);
    CHECK(!cJSON_HasObjectItem(j, "logprobs"));
    CHECK(!cJSON_HasObjectItem(j, "top_logprobs"));
    CHECK(!cJSON_HasObjectItem(j, "reasoning_effort"));
    CHECK_EQ_INT(cJSON_GetObjectItem(j, "max_tokens")->valuedouble, 1024);
    CHECK_EQ_INT(cJSON_GetObjectItem(j, "max_completion_tokens")->valuedouble, 500);
    CHECK_EQ_STR(cJSON_GetObjectItem(j, "model")->valuestring, "m");
    CHECK_EQ_STR(b.model, "m");
    CHECK_EQ_INT(b.max_tokens, 1024);
    cJSON_Delete(j);
    sw_gw_body_free(&b);

    /* no length given: the endpoint's own field is added */
    j = rewritten("{\"model\":\"m\",\"input\":\"x\",\"reasoning\":{\"effort\":\"high\"}}", SW_EP_RESPONSES, all, &changed,
                  &b);
    CHECK(changed);
    CHECK(!cJSON_HasObjectItem(j, "reasoning"));
    CHECK_EQ_INT(cJSON_GetObjectItem(j, "max_output_tokens")->valuedouble, 1024);
    cJSON_Delete(j);
    sw_gw_body_free(&b);

    j = rewritten("{\"model\":\"m\",\"max_tokens\":20000,\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":16000},"
                  "\"messages\":[]}",
                  SW_EP_MESSAGES, all, &changed, &b);
    CHECK(!cJSON_HasObjectItem(j, "thinking"));
    CHECK_EQ_INT(cJSON_GetObjectItem(j, "max_tokens")->valuedouble, 1024);
    cJSON_Delete(j);
    sw_gw_body_free(&b);

    /* nothing to do: unchanged, and the caller keeps the client's bytes */
    sw_gw_degrade tier = {.strip_logprobs = true, .drop_reasoning = false, .max_tokens_cap = 4096};
    j = rewritten("{\"model\":\"m\",\"max_tokens\":16,\"messages\":[]}", SW_EP_CHAT, tier, &changed, &b);
    CHECK(!changed);
    cJSON_Delete(j);
    sw_gw_body_free(&b);
    sw_gw_degrade none = {0};
    j = rewritten("{\"model\":\"m\",\"logprobs\":true}", SW_EP_CHAT, none, &changed, &b);
    CHECK(!changed);
    CHECK(cJSON_HasObjectItem(j, "logprobs"));
    cJSON_Delete(j);
    sw_gw_body_free(&b);
}

static void test_estimate(void)
{
    CHECK_EQ_INT(sw_gw_estimate_tokens(400, -1), 100 + 256);
    CHECK_EQ_INT(sw_gw_estimate_tokens(400, 16), 116);
    CHECK_EQ_INT(sw_gw_estimate_tokens(0, 1000000), 8192);
}

int main(void)
{
    SW_TEST_RUN(test_parse);
    SW_TEST_RUN(test_degrade);
    SW_TEST_RUN(test_estimate);
    return SW_TEST_END();
}
