/* test_gateway_scraper.c — online detection as the gateway drives it: a
 * naive scraper (one key, a request every two seconds, templated
 * chain-of-thought prompts, the longest answers allowed, a generic HTTP
 * library) must be flagged within its first 200 requests, and an ordinary
 * user with the same weak verification must not be. The events are the
 * gateway's own traffic-log lines (trafficlog.h) fed through its sink, the
 * exact path `stillwatch serve` takes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/error.h"
#include "detect/score.h"
#include "gateway/sink.h"
#include "gateway/trafficlog.h"
#include "sw_test.h"

#define T0 1793577600000LL /* 2026-11-02T00:00:00Z */

static const char *const problems[] = {
    "a train leaves at 3pm at 80 km/h and another at 4pm at 100 km/h; when does the second catch up",
    "the derivative of x^3 sin x", "how many ways to arrange the letters of BANANA",
    "the sum of the first 100 odd numbers", "whether 221 is prime", "the area of a triangle with sides 5, 12 and 13",
    "the expected number of rolls of a die to see a six", "the integral of 1/(1+x^2) from 0 to 1",
    "the remainder of 2^100 divided by 7", "the probability of two heads in three fair coin tosses",
};

static int feed(sw_gw_sink *s, const char *account, const char *ua, const char *ip, int64_t ts, const char *req,
                const char *text, int64_t completion, sw_action *a)
{
    sw_gw_record r = {
        .ts_ms = ts,
        .request_id = "req_x",
        .account = account,
        .key = "sk-sw-00000000",
        .ip = ip,
        .asn = -1,
        .user_agent = ua,
        .endpoint = "/v1/chat/completions",
        .model = "sw-large",
        .request = req,
        .request_len = strlen(req),
        .has_response = true,
        .text = text,
        .text_len = strlen(text),
        .finish_reason = "stop",
        .status = 200,
        .prompt_tokens = (int64_t)strlen(req) / 4,
        .completion_tokens = completion,
        .reasoning_tokens = -1,
        .latency_ms = 900,
    };
    sw_buf b;
    sw_buf_init(&b);
    int rc = sw_gw_record_line(&b, &r);
    if (rc == SW_OK)
        rc = sw_gw_sink_put(s, b.data, b.len, a);
    sw_buf_free(&b);
    return rc;
}

static void test_naive_scraper_flagged_within_200(void)
{
    char path[] = "/tmp/sw_gw_scraper_XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    sw_gw_sink *s;
    char err[200];
    CHECK_EQ_INT(sw_gw_sink_open(&s, path, NULL, err, sizeof err), SW_OK);
    sw_account_info scraper = {.account = "scraper", .created_at_ms = T0 - 3 * 86400000LL,
                               .verification = SW_VERIF_EMAIL, .tier = "tier3"};
    sw_account_info user = {.account = "user", .created_at_ms = T0 - 300 * 86400000LL,
                            .verification = SW_VERIF_EMAIL, .tier = "tier2"};
    sw_gw_sink_account(s, &scraper);
    sw_gw_sink_account(s, &user);
    static const char answer[] =
        "Step 1: Let us restate the problem carefully. Step 2: We set up the equation and reason about each term. "
        "Step 3: Checking the intermediate result against a simpler case confirms it. Therefore the answer follows.";
    int flagged_at = -1;
    for (int i = 0; i < 200 && flagged_at < 0; i++) {
        char req[1024];
        snprintf(req, sizeof req,
                 "{\"model\":\"sw-large\",\"max_tokens\":32768,\"temperature\":0.7,\"messages\":[{\"role\":\"user\","
                 "\"content\":\"Solve step by step and show all your reasoning, every intermediate step in full: %s "
                 "(problem %d)\"}]}",
                 problems[i % 10], i);
        sw_action a;
        CHECK_EQ_INT(feed(s, "scraper", "python-requests/2.31.0", "198.51.100.7", T0 + (int64_t)i * 2000, req, answer,
                          900, &a),
                     SW_OK);
        if (sw_action_flagged(a))
            flagged_at = i + 1;
        /* the user's ordinary day runs alongside, a question every ten minutes */
        if (i % 20 == 0) {
            static const char *const asks[] = {"Can you suggest a good name for a bakery?", "How long to boil an egg?",
                                               "Write a birthday message for my aunt.", "Why is the sky blue?",
                                               "What time zone is Lisbon in?", "A synonym for happy?",
                                               "How do tides work?", "Tips for a first job interview?",
                                               "How do I fix a squeaky door?", "A haiku about autumn, please."};
            char ureq[512];
            snprintf(ureq, sizeof ureq,
                     "{\"model\":\"sw-large\",\"messages\":[{\"role\":\"system\",\"content\":\"You are a friendly "
                     "assistant.\"},{\"role\":\"user\",\"content\":\"%s\"}]}",
                     asks[(i / 20) % 10]);
            sw_action ua;
            CHECK_EQ_INT(feed(s, "user", "OpenAI/JS 4.104.0", "192.0.2.44", T0 + (int64_t)i * 2000 + 777, ureq,
                              "Here is a short, friendly answer.", 12, &ua),
                         SW_OK);
            CHECK(!sw_action_flagged(ua));
        }
    }
    printf("naive scraper flagged at request %d\n", flagged_at);
    CHECK(flagged_at > 0 && flagged_at <= 200);
    CHECK(sw_action_flagged(sw_gw_sink_verdict(s, "scraper", NULL)));
    CHECK(!sw_action_flagged(sw_gw_sink_verdict(s, "user", NULL)));
    sw_gw_detector_stats st;
    sw_gw_sink_stats(s, &st);
    CHECK_EQ_INT(st.flagged, 1);
    sw_gw_sink_close(s);
    unlink(path);
}

int main(void)
{
    SW_TEST_RUN(test_naive_scraper_flagged_within_200);
    return SW_TEST_END();
}
