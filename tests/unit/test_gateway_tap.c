/* test_gateway_tap.c — the response tap: SSE and JSON bodies of the OpenAI
 * and Anthropic APIs, split at every possible chunk boundary. */
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/jsondoc.h"
#include "gateway/tap.h"
#include "sw_test.h"

/* Feeds s in chunks of k bytes (k = 0: all at once). */
static void run(sw_tap *t, const char *ct, const char *s, size_t k, size_t cap)
{
    sw_tap_init(t, ct, ct ? strlen(ct) : 0, cap);
    size_t n = strlen(s);
    if (k == 0)
        k = n ? n : 1;
    for (size_t i = 0; i < n; i += k)
        sw_tap_feed(t, s + i, i + k <= n ? k : n - i);
    sw_tap_finish(t);
}

static const char openai_stream[] =
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}],\"usage\":null}\n\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\"},\"finish_reason\":null}]}\n\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"think\"},\"finish_reason\":null}]}\n\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\" world\"},\"finish_reason\":null}]}\n\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
    "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":7,"
    "\"completion_tokens_details\":{\"reasoning_tokens\":3}}}\n\n"
    "data: [DONE]\n\n";

static void test_openai_stream_every_split(void)
{
    size_t n = strlen(openai_stream);
    for (size_t k = 0; k <= n; k += (k < 40 ? 1 : 17)) {
        sw_tap t;
        run(&t, "text/event-stream; charset=utf-8", openai_stream, k, 8192);
        CHECK_EQ_INT(t.text.len, 11);
        CHECK(t.text.len == 11 && !memcmp(t.text.data, "Hello world", 11));
        CHECK(t.reasoning.len == 5 && !memcmp(t.reasoning.data, "think", 5));
        CHECK_EQ_STR(t.finish_reason, "stop");
        CHECK_EQ_INT(t.prompt_tokens, 12);
        CHECK_EQ_INT(t.completion_tokens, 7);
        CHECK_EQ_INT(t.reasoning_tokens, 3);
        CHECK_EQ_INT(t.skipped, 0);
        sw_tap_free(&t);
    }
}

static void test_crlf_and_comments(void)
{
    const char *s = ": keep-alive\r\n\r\nevent: message\r\ndata: {\"choices\":[{\"index\":0,\"text\":\"ab\"}]}\r\n\r\n"
                    "data: {\"choices\":[{\"index\":0,\"text\":\"cd\",\"finish_reason\":\"length\"}]}\r\r";
    for (size_t k = 0; k < 12; k++) {
        sw_tap t;
        run(&t, "text/event-stream", s, k, 100);
        CHECK(t.text.len == 4 && !memcmp(t.text.data, "abcd", 4));
        CHECK_EQ_STR(t.finish_reason, "length");
        sw_tap_free(&t);
    }
}

static const char anthropic_stream[] =
    "event: message_start\n"
    "data: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"content\":[],\"usage\":{\"input_tokens\":25,\"output_tokens\":1}}}\n\n"
    "event: content_block_start\n"
    "data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}}\n\n"
    "event: content_block_delta\n"
    "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"hmm\"}}\n\n"
    "event: content_block_delta\n"
    "data: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"Paris\"}}\n\n"
    "event: message_delta\n"
    "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":15}}\n\n"
    "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

static void test_anthropic_stream(void)
{
    for (size_t k = 0; k < 64; k += 3) {
        sw_tap t;
        run(&t, "text/event-stream", anthropic_stream, k, 8192);
        CHECK(t.text.len == 5 && !memcmp(t.text.data, "Paris", 5));
        CHECK(t.reasoning.len == 3 && !memcmp(t.reasoning.data, "hmm", 3));
        CHECK_EQ_STR(t.finish_reason, "end_turn");
        CHECK_EQ_INT(t.prompt_tokens, 25);
        CHECK_EQ_INT(t.completion_tokens, 15);
        sw_tap_free(&t);
    }
}

static void test_responses_stream(void)
{
    const char *s = "event: response.created\ndata: {\"type\":\"response.created\",\"response\":{\"usage\":null}}\n\n"
                    "data: {\"type\":\"response.reasoning_summary_text.delta\",\"delta\":\"plan\"}\n\n"
                    "data: {\"type\":\"response.output_text.delta\",\"delta\":\"Hi\"}\n\n"
                    "data: {\"type\":\"response.completed\",\"response\":{\"status\":\"completed\",\"usage\":"
                    "{\"input_tokens\":9,\"output_tokens\":4,\"output_tokens_details\":{\"reasoning_tokens\":2}}}}\n\n";
    sw_tap t;
    run(&t, "text/event-stream", s, 5, 8192);
    CHECK(t.text.len == 2 && !memcmp(t.text.data, "Hi", 2));
    CHECK(t.reasoning.len == 4 && !memcmp(t.reasoning.data, "plan", 4));
    CHECK_EQ_INT(t.prompt_tokens, 9);
    CHECK_EQ_INT(t.completion_tokens, 4);
    CHECK_EQ_INT(t.reasoning_tokens, 2);
    CHECK_EQ_STR(t.finish_reason, "completed");
    sw_tap_free(&t);
}

static void test_json_bodies(void)
{
    sw_tap t;
    run(&t, "application/json",
        "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Four.\",\"reasoning_content\":\"2+2\"},"
        "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2}}",
        7, 8192);
    CHECK(t.text.len == 5 && !memcmp(t.text.data, "Four.", 5));
    CHECK(t.reasoning.len == 3);
    CHECK_EQ_STR(t.finish_reason, "stop");
    CHECK_EQ_INT(t.prompt_tokens, 5);
    CHECK_EQ_INT(t.completion_tokens, 2);
    sw_tap_free(&t);

    run(&t, "application/json",
        "{\"type\":\"message\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"t\"},{\"type\":\"text\",\"text\":\"A\"},"
        "{\"type\":\"text\",\"text\":\"B\"}],\"stop_reason\":\"max_tokens\",\"usage\":{\"input_tokens\":3,\"output_tokens\":9}}",
        0, 8192);
    CHECK(t.text.len == 2 && !memcmp(t.text.data, "AB", 2));
    CHECK(t.reasoning.len == 1);
    CHECK_EQ_STR(t.finish_reason, "max_tokens");
    CHECK_EQ_INT(t.completion_tokens, 9);
    sw_tap_free(&t);

    run(&t, NULL,
        "{\"object\":\"response\",\"output\":[{\"type\":\"reasoning\",\"summary\":[{\"type\":\"summary_text\",\"text\":\"s\"}]},"
        "{\"type\":\"message\",\"content\":[{\"type\":\"output_text\",\"text\":\"out\"}]}],"
        "\"usage\":{\"input_tokens\":4,\"output_tokens\":6}}",
        3, 8192);
    CHECK(t.text.len == 3 && !memcmp(t.text.data, "out", 3));
    CHECK(t.reasoning.len == 1);
    CHECK_EQ_INT(t.prompt_tokens, 4);
    sw_tap_free(&t);

    /* not JSON at all: nothing learnt, nothing broken */
    run(&t, "text/html", "<html>oops</html>", 4, 8192);
    CHECK_EQ_INT(t.text.len, 0);
    CHECK_EQ_INT(t.prompt_tokens, -1);
    sw_tap_free(&t);
}

static void test_lent_document(void)
{
    /* the gateway lends each tap its thread's document: taps read one after
     * another through it learn what each of their own answers said */
    sw_jsondoc *doc;
    CHECK_EQ_INT(sw_jsondoc_new(&doc), SW_OK);
    sw_tap a, b;
    sw_tap_init(&a, "text/event-stream", 17, 64);
    sw_tap_use_json(&a, doc);
    sw_tap_init(&b, "application/json", 16, 64);
    sw_tap_use_json(&b, doc);
    const char *ev1 = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"caf\\u00e9 \"}}]}\n\n";
    const char *body = "{\"choices\":[{\"index\":1,\"message\":{\"content\":\"second choice\"}}],"
                       "\"usage\":{\"prompt_tokens\":2,\"prompt_tokens\":3,\"completion_tokens\":1e1}}";
    const char *ev2 = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"au lait\"}}]}\n\n";
    sw_tap_feed(&a, ev1, strlen(ev1));
    sw_tap_feed(&b, body, strlen(body));
    sw_tap_finish(&b); /* parses into the shared document between a's events */
    sw_tap_feed(&a, ev2, strlen(ev2));
    sw_tap_finish(&a);
    CHECK(a.text.len == 13 && !memcmp(a.text.data, "caf\xc3\xa9 au lait", 13)); /* escapes decoded */
    CHECK_EQ_INT(a.events, 2);
    CHECK_EQ_INT(b.text.len, 0);            /* only the first choice, and only if it is index 0 */
    CHECK_EQ_INT(b.prompt_tokens, 2);       /* the first of duplicate keys, as JSON readers do */
    CHECK_EQ_INT(b.completion_tokens, 10);  /* a number in exponent form */
    CHECK(a.own_json == NULL && b.own_json == NULL);
    sw_tap_free(&a);
    sw_tap_free(&b);
    sw_jsondoc_free(doc);
}

static void test_text_bounded_on_utf8_boundary(void)
{
    /* "é" is two bytes; a cap of 5 keeps "aé" + "é" would split: keeps 5 bytes max, whole characters */
    const char *s = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\xc3\xa9\xc3\xa9\xc3\xa9\"}}]}\n\n";
    sw_tap t;
    run(&t, "text/event-stream", s, 0, 4);
    CHECK_EQ_INT(t.text.len, 3); /* "aé" — the next é would make 5 > 4 */
    CHECK_EQ_INT(t.text_total, 7);
    sw_tap_free(&t);
}

static void test_oversized_event_skipped(void)
{
    size_t big = SW_TAP_EVENT_MAX + 100;
    char *s = malloc(big + 200);
    strcpy(s, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"");
    size_t off = strlen(s);
    memset(s + off, 'x', big);
    strcpy(s + off + big, "\"}}]}\n\ndata: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"}}]}\n\n");
    sw_tap t;
    run(&t, "text/event-stream", s, 4096, 8192);
    CHECK(t.text.len == 2 && !memcmp(t.text.data, "ok", 2));
    CHECK_EQ_INT(t.skipped, 1);
    CHECK(t.line.cap <= SW_TAP_EVENT_MAX * 2);
    sw_tap_free(&t);
    free(s);
}

int main(void)
{
    SW_TEST_RUN(test_openai_stream_every_split);
    SW_TEST_RUN(test_crlf_and_comments);
    SW_TEST_RUN(test_anthropic_stream);
    SW_TEST_RUN(test_responses_stream);
    SW_TEST_RUN(test_json_bodies);
    SW_TEST_RUN(test_lent_document);
    SW_TEST_RUN(test_text_bounded_on_utf8_boundary);
    SW_TEST_RUN(test_oversized_event_skipped);
    return SW_TEST_END();
}
