/* test_gateway_errors.c — refusal bodies in both APIs' shapes, and which
 * credential a request presents. */
#include <cjson/cJSON.h>
#include <string.h>

#include "gateway/credential.h"
#include "gateway/errors.h"
#include "sw_test.h"

static cJSON *body(sw_gw_style style, int status, const char *code, const char *msg)
{
    sw_buf b;
    sw_buf_init(&b);
    sw_gw_error_body(&b, style, status, code, msg);
    cJSON *j = cJSON_ParseWithLength(b.data, b.len);
    sw_buf_free(&b);
    return j;
}

static const char *str_at(const cJSON *o, const char *a, const char *b)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, a);
    if (b)
        v = cJSON_GetObjectItemCaseSensitive(v, b);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void test_openai_shape(void)
{
    cJSON *j = body(SW_GW_STYLE_OPENAI, 401, "invalid_api_key", "Incorrect API key \"x\"\n.");
    CHECK(j != NULL);
    CHECK_EQ_STR(str_at(j, "error", "message"), "Incorrect API key \"x\"\n.");
    CHECK_EQ_STR(str_at(j, "error", "type"), "authentication_error");
    CHECK_EQ_STR(str_at(j, "error", "code"), "invalid_api_key");
    CHECK(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "error"), "param")));
    cJSON_Delete(j);
    j = body(SW_GW_STYLE_OPENAI, 404, NULL, "no");
    CHECK(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "error"), "code")));
    cJSON_Delete(j);
}

static void test_anthropic_shape(void)
{
    cJSON *j = body(SW_GW_STYLE_ANTHROPIC, 429, "rate_limit_exceeded", "slow down");
    CHECK_EQ_STR(str_at(j, "type", NULL), "error");
    CHECK_EQ_STR(str_at(j, "error", "type"), "rate_limit_error");
    CHECK_EQ_STR(str_at(j, "error", "message"), "slow down");
    cJSON_Delete(j);
}

static void test_types_by_status(void)
{
    static const struct {
        int status;
        const char *openai, *anthropic;
    } t[] = {
        {400, "invalid_request_error", "invalid_request_error"},
        {401, "authentication_error", "authentication_error"},
        {403, "permission_error", "permission_error"},
        {404, "invalid_request_error", "not_found_error"},
        {405, "invalid_request_error", "invalid_request_error"},
        {413, "invalid_request_error", "request_too_large"},
        {429, "rate_limit_error", "rate_limit_error"},
        {502, "api_error", "api_error"},
        {504, "api_error", "api_error"},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        CHECK_EQ_STR(sw_gw_error_type(t[i].status, SW_GW_STYLE_OPENAI), t[i].openai);
        CHECK_EQ_STR(sw_gw_error_type(t[i].status, SW_GW_STYLE_ANTHROPIC), t[i].anthropic);
    }
}

static void test_style_of_path(void)
{
    CHECK(sw_gw_style_of("/v1/messages", 12) == SW_GW_STYLE_ANTHROPIC);
    CHECK(sw_gw_style_of("/v1/messages/count_tokens", 25) == SW_GW_STYLE_ANTHROPIC);
    CHECK(sw_gw_style_of("/v1/messages?beta=true", 22) == SW_GW_STYLE_ANTHROPIC);
    CHECK(sw_gw_style_of("/v1/messagesX", 13) == SW_GW_STYLE_OPENAI);
    CHECK(sw_gw_style_of("/v1/chat/completions", 20) == SW_GW_STYLE_OPENAI);
    CHECK(sw_gw_style_of("/", 1) == SW_GW_STYLE_OPENAI);
}

static sw_cred_kind cred(const char *authz, const char *xkey, char *out)
{
    const char *v;
    size_t n;
    sw_cred_kind k = sw_gw_credential(authz, authz ? strlen(authz) : 0, xkey, xkey ? strlen(xkey) : 0, &v, &n);
    out[0] = '\0';
    if (v) {
        memcpy(out, v, n);
        out[n] = '\0';
    }
    return k;
}

static void test_credentials(void)
{
    char v[200];
    CHECK(cred(NULL, NULL, v) == SW_CRED_NONE);
    CHECK(cred("Bearer sk-sw-abc", NULL, v) == SW_CRED_KEY);
    CHECK_EQ_STR(v, "sk-sw-abc");
    CHECK(cred("bearer   sk-sw-abc  ", NULL, v) == SW_CRED_KEY);
    CHECK_EQ_STR(v, "sk-sw-abc");
    CHECK(cred("Bearer v4.public.eyJ", NULL, v) == SW_CRED_TOKEN);
    CHECK_EQ_STR(v, "v4.public.eyJ");
    CHECK(cred("Bearer v4.public.", NULL, v) == SW_CRED_KEY); /* no body: not a token, and no key either */
    CHECK(cred("Basic dXNlcjpwYXNz", NULL, v) == SW_CRED_MALFORMED);
    CHECK(cred("Bearer", NULL, v) == SW_CRED_MALFORMED);
    CHECK(cred("Bearer    ", NULL, v) == SW_CRED_MALFORMED);
    CHECK(cred("Bearerx sk", NULL, v) == SW_CRED_MALFORMED);
    CHECK(cred(NULL, " sk-sw-key ", v) == SW_CRED_KEY);
    CHECK_EQ_STR(v, "sk-sw-key");
    CHECK(cred("Bearer sk-a", "sk-b", v) == SW_CRED_KEY);
    CHECK_EQ_STR(v, "sk-a"); /* Authorization wins */
    CHECK(cred(NULL, "", v) == SW_CRED_MALFORMED);
}

int main(void)
{
    SW_TEST_RUN(test_openai_shape);
    SW_TEST_RUN(test_anthropic_shape);
    SW_TEST_RUN(test_types_by_status);
    SW_TEST_RUN(test_style_of_path);
    SW_TEST_RUN(test_credentials);
    return SW_TEST_END();
}
