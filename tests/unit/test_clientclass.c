/* test_clientclass.c — hosting networks and client classes. */
#include "detect/clientclass.h"
#include "sw_test.h"

static void test_hosting_asns(void)
{
    CHECK(sw_asn_is_hosting(16509)); /* Amazon */
    CHECK(sw_asn_is_hosting(15169)); /* Google */
    CHECK(sw_asn_is_hosting(24940)); /* Hetzner */
    CHECK(!sw_asn_is_hosting(7922)); /* Comcast: residential */
    CHECK(!sw_asn_is_hosting(3320)); /* Deutsche Telekom */
    CHECK(!sw_asn_is_hosting(0));
    CHECK(!sw_asn_is_hosting(-1));
}

static void test_user_agents(void)
{
    CHECK_EQ_INT(sw_ua_classify(NULL), SW_UA_NONE);
    CHECK_EQ_INT(sw_ua_classify(""), SW_UA_NONE);
    CHECK_EQ_INT(sw_ua_classify("python-requests/2.31.0"), SW_UA_SCRIPT);
    CHECK_EQ_INT(sw_ua_classify("curl/8.4.0"), SW_UA_SCRIPT);
    CHECK_EQ_INT(sw_ua_classify("Go-http-client/2.0"), SW_UA_SCRIPT);
    CHECK_EQ_INT(sw_ua_classify("Python/3.11 aiohttp/3.9.1"), SW_UA_SCRIPT);
    CHECK_EQ_INT(sw_ua_classify("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36"), SW_UA_BROWSER);
    CHECK_EQ_INT(sw_ua_classify("OpenAI/Python 1.51.0"), SW_UA_SDK);
    CHECK_EQ_INT(sw_ua_classify("anthropic-typescript/0.30.1"), SW_UA_SDK);
}

static void test_disposable_email(void)
{
    CHECK(sw_email_domain_is_disposable("mailinator.com"));
    CHECK(sw_email_domain_is_disposable("eu.Mailinator.com"));
    CHECK(!sw_email_domain_is_disposable("notmailinator.com"));
    CHECK(!sw_email_domain_is_disposable("gmail.com"));
    CHECK(!sw_email_domain_is_disposable(""));
    CHECK(!sw_email_domain_is_disposable(NULL));
}

int main(void)
{
    SW_TEST_RUN(test_hosting_asns);
    SW_TEST_RUN(test_user_agents);
    SW_TEST_RUN(test_disposable_email);
    return SW_TEST_END();
}
