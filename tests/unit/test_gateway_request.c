/* test_gateway_request.c — inference bodies: what the gateway reads from
 * them, what it refuses, and how degrading rewrites them. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "gateway/request.h"
#include "sw_test.h"

static sw_jsondoc *doc;

static int parse(const char *s, sw_gw_body *b, const char **problem)
{
    return sw_gw_body_parse(doc, s, strlen(s), b, problem);
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
                                      "{\"messages\":[]}", "model=sw-small", "{\"model\":\"m\",}",
                                      /* trailing bytes after the object */
                                      "{\"model\":\"m\"} {}",
                                      /* a NUL would make the policy and the model server read different names */
                                      "{\"model\":\"m\\u0000x\"}",
                                      /* named twice: the model server may read the other copy */
                                      "{\"model\":\"m\",\"model\":\"top\"}",
                                      "{\"model\":\"m\",\"stream\":false,\"stream\":true}",
                                      "{\"model\":\"m\",\"max_tokens\":5,\"max_tokens\":90000}"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        problem = NULL;
        CHECK_EQ_INT(parse(bad[i], &b, &problem), SW_EPARSE);
        CHECK(problem != NULL && problem[0]);
        CHECK(b.root == NULL);
        CHECK(b.model == NULL);
    }
    CHECK_EQ_INT(parse("{\"model\":\"m\",\"model\":\"top\"}", &b, &problem), SW_EPARSE);
    CHECK(strstr(problem, "\"model\" more than once") != NULL);

    /* different length members are one each: the largest is what is asked */
    CHECK_EQ_INT(parse("{\"max_tokens\":5,\"model\":\"m\",\"max_output_tokens\":7.9,\"max_completion_tokens\":\"x\"}",
                       &b, &problem),
                 SW_OK);
    CHECK_EQ_INT(b.max_tokens, 7);
    CHECK(b.length_odd);
    CHECK(b.members == SW_GW_M_LENGTH);
    sw_gw_body_free(&b);
}

static cJSON *rewritten(const char *in, sw_endpoint ep, sw_gw_degrade d, bool *changed, sw_gw_body *b)
{
    const char *problem;
    CHECK_EQ_INT(parse(in, b, &problem), SW_OK);
    int rc = sw_gw_degrade_apply(b, ep, &d);
    CHECK(rc == 0 || rc == 1);
    *changed = rc == 1;
    CHECK(*changed == (b->root != NULL)); /* the tree is built only for a rewrite */
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

    /* every copy of a stripped member goes, whichever copy a reader takes */
    j = rewritten("{\"model\":\"m\",\"logprobs\":true,\"messages\":[],\"logprobs\":true,\"thinking\":{},"
                  "\"thinking\":{},\"max_tokens\":16}",
                  SW_EP_MESSAGES, all, &changed, &b);
    CHECK(changed);
    CHECK(!cJSON_HasObjectItem(j, "logprobs"));
    CHECK(!cJSON_HasObjectItem(j, "thinking"));
    CHECK_EQ_INT(cJSON_GetArraySize(j), 3);
    cJSON_Delete(j);
    sw_gw_body_free(&b);

    /* a length that is not a number is capped too; one within the cap stays */
    j = rewritten("{\"model\":\"m\",\"max_tokens\":\"lots\",\"max_completion_tokens\":100}", SW_EP_CHAT, tier, &changed,
                  &b);
    CHECK(changed);
    CHECK_EQ_INT(cJSON_GetObjectItem(j, "max_tokens")->valuedouble, 4096);
    CHECK_EQ_INT(cJSON_GetObjectItem(j, "max_completion_tokens")->valuedouble, 100);
    CHECK_EQ_INT(b.max_tokens, 100);
    cJSON_Delete(j);
    sw_gw_body_free(&b);

    /* unchanged bodies go byte for byte, spaces and key order included */
    const char *as_sent = "{ \"model\" : \"m\", \"logprobs\": true ,\"messages\":[]}";
    const char *problem;
    CHECK_EQ_INT(parse(as_sent, &b, &problem), SW_OK);
    CHECK_EQ_INT(sw_gw_degrade_apply(&b, SW_EP_CHAT, &none), 0);
    size_t len;
    char *out = sw_gw_body_print(&b, &len);
    CHECK_EQ_INT(len, strlen(as_sent));
    CHECK_EQ_STR(out, as_sent);
    free(out);
    /* a second degrade on the same body rewrites what the first left */
    CHECK_EQ_INT(sw_gw_degrade_apply(&b, SW_EP_CHAT, &tier), 1);
    CHECK_EQ_INT(sw_gw_degrade_apply(&b, SW_EP_CHAT, &tier), 0);
    out = sw_gw_body_print(&b, &len);
    j = cJSON_Parse(out);
    CHECK(!cJSON_HasObjectItem(j, "logprobs"));
    CHECK_EQ_INT(cJSON_GetObjectItem(j, "max_tokens")->valuedouble, 4096);
    cJSON_Delete(j);
    free(out);
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
    if (sw_jsondoc_new(&doc) != SW_OK)
        return 1;
    SW_TEST_RUN(test_parse);
    SW_TEST_RUN(test_degrade);
    SW_TEST_RUN(test_estimate);
    sw_jsondoc_free(doc);
    return SW_TEST_END();
}
