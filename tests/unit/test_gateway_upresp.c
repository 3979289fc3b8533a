/* test_gateway_upresp.c — reading a model server's HTTP/1.1 response
 * (gateway/upresp.h): the three body framings, fed whole and one byte at a
 * time, interim responses, the headers a proxy must not pass on, whether the
 * connection may be reused, and the answers that are not HTTP. */
#include <string.h>

#include "gateway/upresp.h"
#include "sw_test.h"

typedef struct {
    int status;
    char reason[64];
    char headers[1024]; /* "name=value\n"… */
    char body[1024];
    size_t body_len;
    int heads;
} seen;

static int on_header(void *ctx, const char *name, size_t nlen, const char *value, size_t vlen)
{
    seen *s = ctx;
    size_t at = strlen(s->headers);
    snprintf(s->headers + at, sizeof s->headers - at, "%.*s=%.*s\n", (int)nlen, name, (int)vlen, value);
    return 0;
}

static int on_head(void *ctx, int status, const char *reason, size_t len)
{
    seen *s = ctx;
    s->status = status;
    snprintf(s->reason, sizeof s->reason, "%.*s", (int)len, reason);
    s->heads++;
    return 0;
}

static int on_body(void *ctx, const char *p, size_t n)
{
    seen *s = ctx;
    if (s->body_len + n < sizeof s->body) {
        memcpy(s->body + s->body_len, p, n);
        s->body_len += n;
    }
    return 0;
}

static const sw_upresp_events events = {on_header, on_head, on_body};

/* Feeds text in pieces of step bytes (0: whole), then EOF when close is
 * set. Returns 0 or -1 as the reader did; r is left for inspection. */
static int read_response(sw_upresp *r, seen *s, const char *text, size_t step, bool close, bool head_request)
{
    memset(s, 0, sizeof *s);
    sw_upresp_init(r, head_request, &events, s);
    size_t n = strlen(text);
    if (!step)
        step = n ? n : 1;
    for (size_t i = 0; i < n; i += step) {
        size_t k = i + step <= n ? step : n - i;
        if (sw_upresp_feed(r, text + i, k) != 0)
            return -1;
    }
    return close ? sw_upresp_eof(r) : 0;
}

static const char content_length[] = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n"
                                     "X-Request-Id: up-1\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\n"
                                     "Date: Mon, 23 Nov 2026 10:00:00 GMT\r\nServer: node\r\n\r\n{\"ok\":true}";
static const char chunked[] = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n"
                              "6\r\ndata: \r\n5\r\nhello\r\n0\r\n\r\n";
static const char until_close[] = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nto the end";

static void test_content_length(void)
{
    static const size_t steps[] = {0, 1, 7};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        sw_upresp r;
        seen s;
        CHECK_EQ_INT(read_response(&r, &s, content_length, steps[i], false, false), 0);
        CHECK(r.done);
        CHECK_EQ_INT(s.status, 200);
        CHECK_EQ_STR(s.reason, "OK");
        CHECK_EQ_INT(s.heads, 1);
        /* lower-cased, end-to-end only: no connection, keep-alive, date, server, content-length */
        CHECK_EQ_STR(s.headers, "content-type=application/json\nx-request-id=up-1\n");
        CHECK_EQ_INT(s.body_len, 11);
        CHECK(memcmp(s.body, "{\"ok\":true}", 11) == 0);
        CHECK_EQ_INT(r.content_length, 11);
        CHECK(sw_upresp_reusable(&r));
        sw_upresp_free(&r);
    }
}

static void test_chunked(void)
{
    for (size_t step = 0; step <= 3; step++) {
        sw_upresp r;
        seen s;
        CHECK_EQ_INT(read_response(&r, &s, chunked, step, false, false), 0);
        CHECK(r.done);
        CHECK_EQ_STR(s.headers, "content-type=text/event-stream\n");
        CHECK_EQ_INT(s.body_len, 11);
        CHECK(memcmp(s.body, "data: hello", 11) == 0);
        CHECK(r.content_length == SIZE_MAX); /* the client's framing is h2o's to choose */
        CHECK(sw_upresp_reusable(&r));
        sw_upresp_free(&r);
    }
}

static void test_trailers_and_empty_reads(void)
{
    sw_upresp r;
    seen s;
    CHECK_EQ_INT(read_response(&r, &s,
                               "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-A: 1\r\n\r\n"
                               "2\r\nok\r\n0\r\nX-Trailer: late\r\nConnection: close\r\n\r\n",
                               0, false, false),
                 0);
    CHECK(r.done);
    CHECK_EQ_STR(s.headers, "x-a=1\n"); /* the trailers came after the head went out */
    sw_upresp_free(&r);
    /* an empty read is not the end of the connection */
    memset(&s, 0, sizeof s);
    sw_upresp_init(&r, false, &events, &s);
    CHECK_EQ_INT(sw_upresp_feed(&r, "HTTP/1.1 200 OK\r\n", 17), 0);
    CHECK_EQ_INT(sw_upresp_feed(&r, "", 0), 0);
    CHECK(r.error == NULL);
    CHECK_EQ_INT(sw_upresp_feed(&r, "Content-Length: 0\r\n\r\n", 21), 0);
    CHECK(r.done && sw_upresp_reusable(&r));
    sw_upresp_free(&r);
}

static void test_until_close(void)
{
    sw_upresp r;
    seen s;
    CHECK_EQ_INT(read_response(&r, &s, until_close, 4, false, false), 0);
    CHECK(!r.done); /* the body goes on until the upstream closes */
    CHECK_EQ_INT(sw_upresp_eof(&r), 0);
    CHECK(r.done);
    CHECK_EQ_INT(s.body_len, 10);
    CHECK(memcmp(s.body, "to the end", 10) == 0);
    CHECK(!sw_upresp_reusable(&r));
    sw_upresp_free(&r);
    /* the same without Connection: close, in HTTP/1.0 */
    CHECK_EQ_INT(read_response(&r, &s, "HTTP/1.0 200 OK\r\n\r\nold", 0, true, false), 0);
    CHECK(r.done && s.body_len == 3 && !sw_upresp_reusable(&r));
    sw_upresp_free(&r);
}

static void test_reuse(void)
{
    sw_upresp r;
    seen s;
    CHECK_EQ_INT(read_response(&r, &s, "HTTP/1.1 204 No Content\r\nX-A: 1\r\n\r\n", 0, false, false), 0);
    CHECK(r.done && sw_upresp_reusable(&r) && s.body_len == 0);
    sw_upresp_free(&r);
    CHECK_EQ_INT(read_response(&r, &s, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok", 0, false,
                               false),
                 0);
    CHECK(r.done && !sw_upresp_reusable(&r));
    sw_upresp_free(&r);
    /* bytes after the end: the upstream talks out of turn */
    CHECK_EQ_INT(read_response(&r, &s, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1", 0, false, false), 0);
    CHECK(r.done);
    CHECK_EQ_INT(r.extra, 8);
    CHECK(!sw_upresp_reusable(&r));
    CHECK_EQ_INT(s.body_len, 2);
    sw_upresp_free(&r);
    /* HTTP/1.0 keeps the connection only when asked */
    CHECK_EQ_INT(read_response(&r, &s, "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok", 0, false, false), 0);
    CHECK(r.done && !sw_upresp_reusable(&r));
    sw_upresp_free(&r);
}

static void test_interim_and_head(void)
{
    sw_upresp r;
    seen s;
    const char *text = "HTTP/1.1 100 Continue\r\nX-Interim: 1\r\n\r\n"
                       "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
                       "HTTP/1.1 201 Created\r\nX-Final: 2\r\nContent-Length: 1\r\n\r\nx";
    for (size_t step = 0; step <= 2; step++) {
        CHECK_EQ_INT(read_response(&r, &s, text, step, false, false), 0);
        CHECK(r.done);
        CHECK_EQ_INT(s.heads, 1);
        CHECK_EQ_INT(s.status, 201);
        CHECK_EQ_STR(s.headers, "x-final=2\n");
        CHECK_EQ_INT(s.body_len, 1);
        sw_upresp_free(&r);
    }
    /* the answer to a HEAD has no body, whatever Content-Length says */
    CHECK_EQ_INT(read_response(&r, &s, "HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n", 0, false, true), 0);
    CHECK(r.done && sw_upresp_reusable(&r) && s.body_len == 0);
    CHECK_EQ_INT(r.content_length, 50);
    sw_upresp_free(&r);
}

static void test_bad_answers(void)
{
    static const char *const bad[] = {
        "HTTX/1.1 200 OK\r\n\r\n",                                      /* not HTTP */
        "hello world\r\n\r\n",                                          /* not HTTP either */
        "HTTP/1.1 abc OK\r\n\r\n",                                      /* no status code */
        "HTTP/1.1 999 Odd\r\nContent-Length: 0\r\n\r\n",                /* no such status */
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok", /* two lengths */
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n",
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: upgrade\r\n\r\n",
        "HTTP/1.1 200 OK\r\nBad Header\r\n\r\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sw_upresp r;
        seen s;
        int rc = read_response(&r, &s, bad[i], 0, false, false);
        if (rc == 0)
            fprintf(stderr, "accepted: %s\n", bad[i]);
        CHECK_EQ_INT(rc, -1);
        CHECK(r.error != NULL && r.error[0]);
        CHECK_EQ_INT(s.heads, 0);
        CHECK(!sw_upresp_reusable(&r));
        sw_upresp_free(&r);
    }
    /* broken after the head: an error all the same */
    sw_upresp r;
    seen s;
    CHECK_EQ_INT(read_response(&r, &s, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 0, false, false),
                 -1);
    CHECK(r.error != NULL && !r.done);
    sw_upresp_free(&r);
}

static void test_cut_short(void)
{
    sw_upresp r;
    seen s;
    CHECK_EQ_INT(read_response(&r, &s, "", 0, true, false), -1);
    CHECK(r.received == 0);
    CHECK_EQ_STR(r.error, "the upstream closed the connection before responding");
    sw_upresp_free(&r);
    CHECK_EQ_INT(read_response(&r, &s, "HTTP/1.1 200 OK\r\nContent-", 0, true, false), -1);
    CHECK_EQ_INT(s.heads, 0);
    sw_upresp_free(&r);
    CHECK_EQ_INT(read_response(&r, &s, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", 2, true, false), -1);
    CHECK_EQ_INT(s.heads, 1);
    CHECK_EQ_STR(r.error, "the upstream closed the connection before the response ended");
    sw_upresp_free(&r);
    CHECK_EQ_INT(read_response(&r, &s, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab", 0, true, false),
                 -1);
    sw_upresp_free(&r);
}

static void test_hop_by_hop(void)
{
    CHECK(sw_upresp_is_hop_by_hop("connection", 10));
    CHECK(sw_upresp_is_hop_by_hop("proxy-authenticate", 18));
    CHECK(sw_upresp_is_hop_by_hop("te", 2));
    CHECK(sw_upresp_is_hop_by_hop("trailer", 7));
    CHECK(!sw_upresp_is_hop_by_hop("content-type", 12));
    CHECK(!sw_upresp_is_hop_by_hop("x-request-id", 12));
    CHECK(!sw_upresp_is_hop_by_hop("proxy", 5));
}

int main(void)
{
    SW_TEST_RUN(test_content_length);
    SW_TEST_RUN(test_chunked);
    SW_TEST_RUN(test_trailers_and_empty_reads);
    SW_TEST_RUN(test_until_close);
    SW_TEST_RUN(test_reuse);
    SW_TEST_RUN(test_interim_and_head);
    SW_TEST_RUN(test_bad_answers);
    SW_TEST_RUN(test_cut_short);
    SW_TEST_RUN(test_hop_by_hop);
    return SW_TEST_END();
}
