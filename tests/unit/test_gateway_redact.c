/* test_gateway_redact.c — withholding reasoning from responses: plain
 * bodies and streams of the OpenAI chat, Responses and Anthropic APIs, index
 * renumbering, streams cut at every byte, untouched pass-through of what the
 * rules do not know, and the bounds on an event or body that never ends. */
#include <stdlib.h>
#include <string.h>

#include "gateway/redact.h"
#include "sw_test.h"

#define SSE "text/event-stream; charset=utf-8"

/* Redacts s fed in pieces of k bytes (k = 0: all at once); returns the
 * output (malloc'd, NUL-terminated) and leaves r for inspection. */
static char *run_k(sw_redact *r, const char *ct, const char *s, size_t n, size_t k, bool *ok)
{
    sw_redact_init(r, ct, ct ? strlen(ct) : 0);
    if (k == 0)
        k = n ? n : 1;
    sw_buf all;
    sw_buf_init(&all);
    for (size_t i = 0; i < n; i += k) {
        sw_redact_feed(r, s + i, i + k <= n ? k : n - i);
        sw_buf_append(&all, r->out.data, r->out.len); /* the caller sends, then resets */
        sw_buf_reset(&r->out);
    }
    bool fin = sw_redact_finish(r);
    if (ok)
        *ok = fin;
    sw_buf_append(&all, r->out.data, r->out.len);
    sw_buf_reset(&r->out);
    char *res = malloc(all.len + 1);
    if (all.len)
        memcpy(res, all.data, all.len);
    res[all.len] = '\0';
    sw_buf_free(&all);
    return res;
}

/* Redacts a whole string; the redactor is freed. */
static char *redact(const char *ct, const char *s, uint64_t *removed)
{
    sw_redact *r = malloc(sizeof *r);
    char *out = run_k(r, ct, s, strlen(s), 0, NULL);
    if (removed)
        *removed = r->removed;
    sw_redact_free(r);
    free(r);
    return out;
}

/* The stream gives the same output whether fed whole, one byte at a time,
 * or cut in two at every position. */
static void check_every_split(const char *s)
{
    size_t n = strlen(s);
    char *whole = redact(SSE, s, NULL);
    sw_redact *r = malloc(sizeof *r);
    char *bytes = run_k(r, SSE, s, n, 1, NULL);
    CHECK_EQ_STR(bytes, whole);
    sw_redact_free(r);
    free(bytes);
    for (size_t cut = 1; cut < n; cut++) {
        sw_redact_init(r, SSE, strlen(SSE));
        sw_redact_feed(r, s, cut);
        sw_redact_feed(r, s + cut, n - cut);
        sw_redact_finish(r);
        sw_buf_putc(&r->out, '\0');
        if (strcmp(r->out.data, whole) != 0) {
            fprintf(stderr, "split at %zu differs\n", cut);
            CHECK(0);
            sw_redact_free(r);
            break;
        }
        sw_redact_free(r);
    }
    free(r);
    free(whole);
}

/* ---- OpenAI chat ---- */

static void test_chat_plain(void)
{
    const char *in = "{\"id\":\"c1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
                     "\"assistant\",\"content\":\"Two.\",\"reasoning_content\":\"one plus one\"},\"finish_reason\":"
                     "\"stop\"},{\"index\":1,\"message\":{\"role\":\"assistant\",\"content\":\"2\",\"reasoning\":"
                     "\"adding\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":"
                     "9,\"completion_tokens_details\":{\"reasoning_tokens\":4}}}";
    uint64_t removed;
    char *out = redact("application/json", in, &removed);
    CHECK_EQ_STR(out, "{\"id\":\"c1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
                      "\"assistant\",\"content\":\"Two.\"},\"finish_reason\":\"stop\"},{\"index\":1,\"message\":{"
                      "\"role\":\"assistant\",\"content\":\"2\"},\"finish_reason\":\"stop\"}],\"usage\":{"
                      "\"prompt_tokens\":5,\"completion_tokens\":9,\"completion_tokens_details\":{"
                      "\"reasoning_tokens\":4}}}");
    CHECK_EQ_INT(removed, 2);
    free(out);
}

static void test_chat_plain_untouched(void)
{
    /* nothing to withhold: the body goes out byte for byte, spacing included */
    const char *in = "{ \"choices\": [ {\"index\":0, \"message\": {\"content\":\"hi\", \"reasoning_content\": null}} ] }";
    uint64_t removed;
    char *out = redact(NULL, in, &removed);
    CHECK_EQ_STR(out, in);
    CHECK_EQ_INT(removed, 0);
    free(out);
}

static void test_plain_escaped_names(void)
{
    /* a key spelled with escapes is still the key: the quick test for the
     * words must not let it through */
    const char *in = "{\"choices\":[{\"index\":0,\"message\":{\"content\":\"hi\",\"reasonin\\u0067_content\":"
                     "\"secret\"}}]}";
    uint64_t removed;
    char *out = redact("application/json", in, &removed);
    CHECK_EQ_STR(out, "{\"choices\":[{\"index\":0,\"message\":{\"content\":\"hi\"}}]}");
    CHECK_EQ_INT(removed, 1);
    free(out);
    /* an Anthropic message whose thinking block is the only mention */
    in = "{\"type\":\"message\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"x\",\"signature\":\"s\"},"
         "{\"type\":\"text\",\"text\":\"ok\"}]}";
    out = redact("application/json", in, &removed);
    CHECK_EQ_STR(out, "{\"type\":\"message\",\"content\":[{\"type\":\"text\",\"text\":\"ok\"}]}");
    CHECK_EQ_INT(removed, 1);
    free(out);
    /* words nowhere: the body goes out as received, even when it is not JSON */
    in = "{\"choices\":[{\"message\":{\"content\":\"plain\"}}],\"usage\":{\"completion_tokens\":3}} trailing";
    out = redact("application/json", in, &removed);
    CHECK_EQ_STR(out, in);
    CHECK_EQ_INT(removed, 0);
    free(out);
}

static void test_passes_whole(void)
{
    /* what may go out without being fed: only bodies the rules leave as they are */
    static const char *const leave[] = {
        "{\"choices\":[{\"message\":{\"content\":\"a long string with no such words\"}}]}",
        "{\"content\":\"c:\\\\users and \\\"quotes\\\" and a logging thing\"}", /* escapes, but no \\u */
        "", "not json at all",
    };
    static const char *const rewrite[] = {
        "{\"choices\":[{\"message\":{\"content\":\"x\",\"reasoning_content\":\"y\"}}]}",
        "{\"object\":\"response\",\"output\":[{\"type\":\"reasoning\",\"id\":\"r\"},{\"type\":\"message\"}]}",
        "{\"type\":\"message\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"t\"},{\"type\":\"text\"}]}",
        "{\"choices\":[{\"message\":{\"content\":\"x\",\"\\u0072easoning\":\"y\"}}]}",
        "{\"type\":\"message\",\"content\":[{\"type\":\"think\\u0069ng\"},{\"type\":\"text\"}]}",
    };
    sw_redact r;
    for (size_t i = 0; i < sizeof leave / sizeof leave[0]; i++) {
        sw_redact_init(&r, "application/json", 16);
        CHECK(sw_redact_passes_whole(&r, leave[i], strlen(leave[i])));
        sw_redact_free(&r);
        char *out = redact("application/json", leave[i], NULL);
        CHECK_EQ_STR(out, leave[i]);
        free(out);
    }
    for (size_t i = 0; i < sizeof rewrite / sizeof rewrite[0]; i++) {
        sw_redact_init(&r, "application/json", 16);
        CHECK(!sw_redact_passes_whole(&r, rewrite[i], strlen(rewrite[i])));
        sw_redact_free(&r);
        uint64_t removed;
        char *out = redact("application/json", rewrite[i], &removed);
        CHECK(removed > 0);
        free(out);
    }
    /* a stream is never passed whole, nor a body after some of it was fed */
    sw_redact_init(&r, SSE, strlen(SSE));
    CHECK(!sw_redact_passes_whole(&r, leave[0], strlen(leave[0])));
    sw_redact_free(&r);
    sw_redact_init(&r, "application/json", 16);
    sw_redact_feed(&r, "{\"a\":", 5);
    CHECK(!sw_redact_passes_whole(&r, "1}", 2));
    sw_redact_free(&r);
}

static const char chat_stream[] =
    "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
    "\"finish_reason\":null}]}\n\n"
    "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"think\"},\"logprobs\":null,"
    "\"finish_reason\":null}]}\n\n"
    "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"more\",\"content\":\"Hi\"},"
    "\"finish_reason\":null}]}\n\n"
    "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" there\"},\"finish_reason\":null}]}\n\n"
    "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"late\"},\"finish_reason\":"
    "\"stop\"}]}\n\n"
    "data: {\"id\":\"c\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":6}}\n\n"
    "data: [DONE]\n\n";

static void test_chat_stream(void)
{
    uint64_t removed;
    char *out = redact(SSE, chat_stream, &removed);
    CHECK_EQ_STR(out,
                 "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
                 "\"finish_reason\":null}]}\n\n"
                 "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}"
                 "\n\n"
                 "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" there\"},\"finish_reason\":"
                 "null}]}\n\n"
                 "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                 "data: {\"id\":\"c\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":6}}\n\n"
                 "data: [DONE]\n\n");
    CHECK_EQ_INT(removed, 3);
    free(out);
    check_every_split(chat_stream);
}

static void test_chat_stream_two_choices(void)
{
    /* one choice still thinking, the other answering: only the first goes */
    const char *in = "data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"a\"},\"finish_reason\":null},"
                     "{\"index\":1,\"delta\":{\"content\":\"b\"},\"finish_reason\":null}]}\n\n";
    char *out = redact(SSE, in, NULL);
    CHECK_EQ_STR(out, "data: {\"choices\":[{\"index\":1,\"delta\":{\"content\":\"b\"},\"finish_reason\":null}]}\n\n");
    free(out);
    /* usage on the same chunk keeps it */
    in = "data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"a\"}}],\"usage\":{\"total_tokens\":1}}\n\n";
    out = redact(SSE, in, NULL);
    CHECK_EQ_STR(out, "data: {\"choices\":[],\"usage\":{\"total_tokens\":1}}\n\n");
    free(out);
}

/* ---- Responses API ---- */

static void test_responses_plain(void)
{
    const char *in = "{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"completed\",\"output\":[{\"id\":\"rs_1\","
                     "\"type\":\"reasoning\",\"summary\":[{\"type\":\"summary_text\",\"text\":\"secret\"}]},{\"id\":"
                     "\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\","
                     "\"text\":\"Answer\",\"annotations\":[]}]}],\"usage\":{\"input_tokens\":2,\"output_tokens\":8}}";
    uint64_t removed;
    char *out = redact("application/json", in, &removed);
    CHECK_EQ_STR(out, "{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"completed\",\"output\":[{\"id\":"
                      "\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\","
                      "\"text\":\"Answer\",\"annotations\":[]}]}],\"usage\":{\"input_tokens\":2,\"output_tokens\":8}}");
    CHECK_EQ_INT(removed, 1);
    CHECK(strstr(out, "secret") == NULL);
    free(out);
}

static const char responses_stream[] =
    "event: response.created\n"
    "data: {\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"id\":\"r\",\"output\":[]}}\n\n"
    "event: response.output_item.added\n"
    "data: {\"type\":\"response.output_item.added\",\"sequence_number\":1,\"output_index\":0,\"item\":{\"id\":\"rs\","
    "\"type\":\"reasoning\",\"summary\":[]}}\n\n"
    "event: response.reasoning_summary_part.added\n"
    "data: {\"type\":\"response.reasoning_summary_part.added\",\"sequence_number\":2,\"item_id\":\"rs\","
    "\"output_index\":0,\"summary_index\":0,\"part\":{\"type\":\"summary_text\",\"text\":\"\"}}\n\n"
    "event: response.reasoning_summary_text.delta\n"
    "data: {\"type\":\"response.reasoning_summary_text.delta\",\"sequence_number\":3,\"item_id\":\"rs\","
    "\"output_index\":0,\"summary_index\":0,\"delta\":\"secret\"}\n\n"
    "event: response.reasoning_text.delta\n"
    "data: {\"type\":\"response.reasoning_text.delta\",\"sequence_number\":4,\"item_id\":\"rs\",\"output_index\":0,"
    "\"content_index\":0,\"delta\":\"raw\"}\n\n"
    "event: response.reasoning_text.done\n"
    "data: {\"type\":\"response.reasoning_text.done\",\"sequence_number\":5,\"item_id\":\"rs\",\"output_index\":0,"
    "\"content_index\":0,\"text\":\"raw\"}\n\n"
    "event: response.content_part.added\n"
    "data: {\"type\":\"response.content_part.added\",\"sequence_number\":6,\"item_id\":\"rs\",\"output_index\":0,"
    "\"content_index\":0,\"part\":{\"type\":\"reasoning_text\",\"text\":\"\"}}\n\n"
    "event: response.output_item.done\n"
    "data: {\"type\":\"response.output_item.done\",\"sequence_number\":7,\"output_index\":0,\"item\":{\"id\":\"rs\","
    "\"type\":\"reasoning\",\"summary\":[{\"type\":\"summary_text\",\"text\":\"secret\"}]}}\n\n"
    "event: response.output_item.added\n"
    "data: {\"type\":\"response.output_item.added\",\"sequence_number\":8,\"output_index\":1,\"item\":{\"id\":\"m\","
    "\"type\":\"message\",\"content\":[]}}\n\n"
    "event: response.output_text.delta\n"
    "data: {\"type\":\"response.output_text.delta\",\"sequence_number\":9,\"item_id\":\"m\",\"output_index\":1,"
    "\"content_index\":0,\"delta\":\"Answer\"}\n\n"
    "event: response.completed\n"
    "data: {\"type\":\"response.completed\",\"sequence_number\":10,\"response\":{\"id\":\"r\",\"output\":[{\"id\":"
    "\"rs\",\"type\":\"reasoning\",\"summary\":[{\"type\":\"summary_text\",\"text\":\"secret\"}]},{\"id\":\"m\","
    "\"type\":\"message\"}],\"usage\":{\"output_tokens\":9}}}\n\n";

static void test_responses_stream(void)
{
    uint64_t removed;
    char *out = redact(SSE, responses_stream, &removed);
    CHECK_EQ_STR(out,
                 "event: response.created\n"
                 "data: {\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"id\":\"r\",\"output\":[]}}"
                 "\n\n"
                 "event: response.output_item.added\n"
                 "data: {\"type\":\"response.output_item.added\",\"sequence_number\":1,\"output_index\":0,\"item\":{"
                 "\"id\":\"m\",\"type\":\"message\",\"content\":[]}}\n\n"
                 "event: response.output_text.delta\n"
                 "data: {\"type\":\"response.output_text.delta\",\"sequence_number\":2,\"item_id\":\"m\","
                 "\"output_index\":0,\"content_index\":0,\"delta\":\"Answer\"}\n\n"
                 "event: response.completed\n"
                 "data: {\"type\":\"response.completed\",\"sequence_number\":3,\"response\":{\"id\":\"r\",\"output\":["
                 "{\"id\":\"m\",\"type\":\"message\"}],\"usage\":{\"output_tokens\":9}}}\n\n");
    CHECK_EQ_INT(removed, 8);
    CHECK(strstr(out, "secret") == NULL && strstr(out, "raw") == NULL);
    free(out);
    check_every_split(responses_stream);
}

/* ---- Anthropic messages ---- */

static void test_messages_plain(void)
{
    const char *in = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\","
                     "\"thinking\":\"hmm\",\"signature\":\"sig\"},{\"type\":\"redacted_thinking\",\"data\":\"xx\"},{"
                     "\"type\":\"text\",\"text\":\"Hello\"}],\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":"
                     "3,\"output_tokens\":7}}";
    uint64_t removed;
    char *out = redact("application/json", in, &removed);
    CHECK_EQ_STR(out, "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"text\","
                      "\"text\":\"Hello\"}],\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":3,"
                      "\"output_tokens\":7}}");
    CHECK_EQ_INT(removed, 2);
    free(out);
}

static const char messages_stream[] =
    "event: message_start\n"
    "data: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"type\":\"message\",\"content\":[],\"usage\":{"
    "\"input_tokens\":3,\"output_tokens\":1}}}\n\n"
    "event: content_block_start\n"
    "data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\","
    "\"signature\":\"\"}}\n\n"
    "event: content_block_delta\n"
    "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":"
    "\"secret\"}}\n\n"
    "event: content_block_delta\n"
    "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\",\"signature\":"
    "\"sig\"}}\n\n"
    "event: content_block_stop\n"
    "data: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
    "event: content_block_start\n"
    "data: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
    "event: ping\n"
    "data: {\"type\": \"ping\"}\n\n"
    "event: content_block_delta\n"
    "data: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}\n\n"
    "event: content_block_stop\n"
    "data: {\"type\":\"content_block_stop\",\"index\":1}\n\n"
    "event: content_block_start\n"
    "data: {\"type\":\"content_block_start\",\"index\":2,\"content_block\":{\"type\":\"redacted_thinking\","
    "\"data\":\"enc\"}}\n\n"
    "event: content_block_stop\n"
    "data: {\"type\":\"content_block_stop\",\"index\":2}\n\n"
    "event: content_block_start\n"
    "data: {\"type\":\"content_block_start\",\"index\":3,\"content_block\":{\"type\":\"tool_use\",\"id\":\"t\","
    "\"name\":\"f\",\"input\":{}}}\n\n"
    "event: content_block_delta\n"
    "data: {\"type\":\"content_block_delta\",\"index\":3,\"delta\":{\"type\":\"input_json_delta\","
    "\"partial_json\":\"{}\"}}\n\n"
    "event: content_block_stop\n"
    "data: {\"type\":\"content_block_stop\",\"index\":3}\n\n"
    "event: message_delta\n"
    "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":9}}\n\n"
    "event: message_stop\n"
    "data: {\"type\":\"message_stop\"}\n\n";

static void test_messages_stream_renumbered(void)
{
    uint64_t removed;
    char *out = redact(SSE, messages_stream, &removed);
    CHECK_EQ_STR(out,
                 "event: message_start\n"
                 "data: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"type\":\"message\",\"content\":[],"
                 "\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}\n\n"
                 "event: content_block_start\n"
                 "data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":"
                 "\"\"}}\n\n"
                 "event: ping\n"
                 "data: {\"type\": \"ping\"}\n\n"
                 "event: content_block_delta\n"
                 "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":"
                 "\"Hi\"}}\n\n"
                 "event: content_block_stop\n"
                 "data: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
                 "event: content_block_start\n"
                 "data: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\","
                 "\"id\":\"t\",\"name\":\"f\",\"input\":{}}}\n\n"
                 "event: content_block_delta\n"
                 "data: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\","
                 "\"partial_json\":\"{}\"}}\n\n"
                 "event: content_block_stop\n"
                 "data: {\"type\":\"content_block_stop\",\"index\":1}\n\n"
                 "event: message_delta\n"
                 "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{"
                 "\"output_tokens\":9}}\n\n"
                 "event: message_stop\n"
                 "data: {\"type\":\"message_stop\"}\n\n");
    CHECK_EQ_INT(removed, 6);
    CHECK(strstr(out, "secret") == NULL && strstr(out, "sig") == NULL && strstr(out, "enc") == NULL);
    free(out);
    check_every_split(messages_stream);
}

/* ---- framing, pass-through, bounds ---- */

static void test_untouched_stream_is_byte_exact(void)
{
    const char *in = ": keep-alive\r\n\r\n"
                     "event: message\r\nid: 7\r\ndata: {\"choices\":[{\"index\":0,\"text\":\"ab\"}]}\r\n\r\n"
                     "data: {not json\n\n"
                     "event: custom\ndata: {\"type\":\"something_new\",\"index\":5}\n\n"
                     "data: [1,2]\n\n"
                     "retry: 100\n\n"
                     "data: {\"type\":\"response.output_text.delta\",\"output_index\":0,\"delta\":\"x\"}\r\r"
                     "data: [DONE]\n\n";
    uint64_t removed;
    char *out = redact(SSE, in, &removed);
    CHECK_EQ_STR(out, in);
    CHECK_EQ_INT(removed, 0);
    free(out);
    check_every_split(in);
}

static void test_crlf_rewrite(void)
{
    /* a rewritten event keeps its other lines and ends in LFs; the LF of the
     * CRLF that ended it does not leak out as an extra line */
    const char *in = "event: chunk\r\ndata: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\","
                     "\"reasoning\":\"r\"}}]}\r\n\r\n"
                     "data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"r\"}}]}\r\n\r\n"
                     ": tail\r\n\r\n";
    char *out = redact(SSE, in, NULL);
    CHECK_EQ_STR(out, "event: chunk\ndata: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}\n\n"
                      ": tail\r\n\r\n");
    free(out);
    check_every_split(in);
}

static void test_multiline_data(void)
{
    /* data split over two lines is one JSON document to the client */
    const char *in = "data: {\"type\":\"content_block_delta\",\"index\":0,\n"
                     "data: \"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"s\"}}\n\n"
                     "data: {\"type\":\"content_block_delta\",\"index\":1,\n"
                     "data: \"delta\":{\"type\":\"text_delta\",\"text\":\"t\"}}\n\n";
    char *out = redact(SSE, in, NULL);
    CHECK_EQ_STR(out, "data: {\"type\":\"content_block_delta\",\"index\":1,\n"
                      "data: \"delta\":{\"type\":\"text_delta\",\"text\":\"t\"}}\n\n");
    free(out);
}

static void test_unterminated_last_event(void)
{
    /* a stream cut before its blank line: the last event is still redacted */
    char *out = redact(SSE, "data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"x\"}}]}", NULL);
    CHECK_EQ_STR(out, "");
    free(out);
    out = redact(SSE, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"}}]}", NULL);
    CHECK_EQ_STR(out, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"}}]}");
    free(out);
}

static void test_oversized_event_dropped(void)
{
    size_t big = SW_REDACT_EVENT_MAX + 100;
    sw_redact *r = malloc(sizeof *r);
    sw_redact_init(r, SSE, strlen(SSE));
    const char *small = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}\n\n";
    sw_redact_feed(r, small, strlen(small));
    CHECK_EQ_INT(r->out.len, strlen(small));
    sw_buf_reset(&r->out);
    sw_redact_feed(r, "data: \"", 7);
    char chunk[4096];
    memset(chunk, 'x', sizeof chunk);
    for (size_t sent = 0; sent < big; sent += sizeof chunk) {
        sw_redact_feed(r, chunk, sizeof chunk);
        CHECK(r->held.cap <= 2 * (size_t)SW_REDACT_EVENT_MAX); /* memory stays bounded */
    }
    CHECK_EQ_INT(r->out.len, 0);
    sw_redact_feed(r, "\"\n\ndata: [DONE]\n\n", 17);
    CHECK_EQ_INT(r->oversized, 1);
    sw_buf_putc(&r->out, '\0');
    CHECK_EQ_STR(r->out.data, "data: [DONE]\n\n");
    CHECK(sw_redact_finish(r));
    sw_redact_free(r);
    free(r);
}

static void test_body_bounds(void)
{
    sw_redact *r = malloc(sizeof *r);
    sw_redact_init(r, "application/json", 16);
    char chunk[65536];
    memset(chunk, ' ', sizeof chunk);
    for (size_t sent = 0; sent <= SW_REDACT_BODY_MAX; sent += sizeof chunk)
        sw_redact_feed(r, chunk, sizeof chunk);
    CHECK(r->too_large);
    CHECK(r->held.cap == 0);
    CHECK(!sw_redact_finish(r));
    CHECK_EQ_INT(r->out.len, 0);
    sw_redact_free(r);
    free(r);
    /* not JSON, or an empty body: passed through */
    char *out = redact(NULL, "upstream said no", NULL);
    CHECK_EQ_STR(out, "upstream said no");
    free(out);
    out = redact(NULL, "", NULL);
    CHECK_EQ_STR(out, "");
    free(out);
}

static void test_index_table_overflow_never_leaks(void)
{
    /* more reasoning blocks than the table holds: numbering may drift but
     * every thinking delta is still withheld by its type */
    sw_redact *r = malloc(sizeof *r);
    sw_redact_init(r, SSE, strlen(SSE));
    char ev[256];
    for (int i = 0; i < SW_REDACT_MAX_DROPPED + 10; i++) {
        int n = snprintf(ev, sizeof ev,
                         "data: {\"type\":\"content_block_start\",\"index\":%d,\"content_block\":{\"type\":"
                         "\"thinking\"}}\n\ndata: {\"type\":\"content_block_delta\",\"index\":%d,\"delta\":{\"type\":"
                         "\"thinking_delta\",\"thinking\":\"s\"}}\n\n",
                         i, i);
        sw_redact_feed(r, ev, (size_t)n);
    }
    CHECK(r->idx_overflow);
    CHECK_EQ_INT(r->out.len, 0);
    sw_redact_free(r);
    free(r);
}

int main(void)
{
    SW_TEST_RUN(test_chat_plain);
    SW_TEST_RUN(test_chat_plain_untouched);
    SW_TEST_RUN(test_plain_escaped_names);
    SW_TEST_RUN(test_passes_whole);
    SW_TEST_RUN(test_chat_stream);
    SW_TEST_RUN(test_chat_stream_two_choices);
    SW_TEST_RUN(test_responses_plain);
    SW_TEST_RUN(test_responses_stream);
    SW_TEST_RUN(test_messages_plain);
    SW_TEST_RUN(test_messages_stream_renumbered);
    SW_TEST_RUN(test_untouched_stream_is_byte_exact);
    SW_TEST_RUN(test_crlf_rewrite);
    SW_TEST_RUN(test_multiline_data);
    SW_TEST_RUN(test_unterminated_last_event);
    SW_TEST_RUN(test_oversized_event_dropped);
    SW_TEST_RUN(test_body_bounds);
    SW_TEST_RUN(test_index_table_overflow_never_leaks);
    return SW_TEST_END();
}
