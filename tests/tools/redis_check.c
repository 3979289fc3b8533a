/*
 * redis_check.c — the Redis connection (store/redis.h) against a real
 * server, for tests/e2e/fleet_tls.sh, which starts the server (plain or
 * TLS) and passes its state URL:
 *
 *   redis_check URL
 *
 * What the store relies on, over whichever transport the URL names:
 * commands by argument vector and by format, values far larger than one
 * read (or one TLS record) with every byte value in them, a pipeline of
 * thousands of commands answered in order, a pipeline whose replies are
 * larger than the socket buffers, a server error that leaves the
 * connection up, scripts reloaded after SCRIPT FLUSH, and a connection the
 * server closed (CLIENT KILL) healed by the next call after the backoff.
 * Keys live under sw:check:. Prints "N passed, N failed" (sw_test.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/error.h"
#include "store/redis.h"
#include "sw_test.h"

static sw_redis *r;

static void test_commands(void)
{
    redisReply *rep = sw_redis_commandf(r, "PING");
    CHECK(rep && rep->type == REDIS_REPLY_STATUS && !strcmp(rep->str, "PONG"));
    freeReplyObject(rep);
    /* 1 MiB holding every byte value, CR LF and NUL included */
    size_t n = 1u << 20;
    char *big = malloc(n);
    CHECK(big != NULL);
    if (!big)
        return;
    for (size_t i = 0; i < n; i++)
        big[i] = (char)(i * 7 + i / 251);
    const char *argv[] = {"SET", "sw:check:big", big};
    size_t lens[] = {3, 12, n};
    rep = sw_redis_command(r, 3, argv, lens);
    CHECK(rep && rep->type == REDIS_REPLY_STATUS);
    freeReplyObject(rep);
    rep = sw_redis_commandf(r, "GET %s", "sw:check:big");
    CHECK(rep && rep->type == REDIS_REPLY_STRING && rep->len == n && !memcmp(rep->str, big, n));
    freeReplyObject(rep);
    /* the format path with a binary argument */
    rep = sw_redis_commandf(r, "SET %s %b", "sw:check:bin", "a\0b\r\nc", (size_t)6);
    freeReplyObject(rep);
    rep = sw_redis_commandf(r, "STRLEN %s", "sw:check:bin");
    CHECK(rep && rep->type == REDIS_REPLY_INTEGER && rep->integer == 6);
    freeReplyObject(rep);
    free(big);
}

static void test_pipelines(void)
{
    freeReplyObject(sw_redis_commandf(r, "DEL sw:check:n"));
    enum { N = 5000 };
    for (int i = 0; i < N; i++)
        CHECK_EQ_INT(sw_redis_appendf(r, "INCR sw:check:n"), SW_OK);
    int in_order = 0;
    for (int i = 0; i < N; i++) {
        redisReply *rep = sw_redis_reply(r);
        if (rep && rep->type == REDIS_REPLY_INTEGER && rep->integer == i + 1)
            in_order++;
        freeReplyObject(rep);
    }
    CHECK_EQ_INT(in_order, N);
    CHECK(sw_redis_reply(r) == NULL); /* nothing more queued */
    /* 64 replies of 256 KiB: 16 MiB back for one write */
    char *v = malloc(256 * 1024);
    CHECK(v != NULL);
    if (!v)
        return;
    memset(v, 'x', 256 * 1024);
    const char *argv[] = {"SET", "sw:check:v", v};
    size_t lens[] = {3, 10, 256 * 1024};
    freeReplyObject(sw_redis_command(r, 3, argv, lens));
    for (int i = 0; i < 64; i++)
        CHECK_EQ_INT(sw_redis_appendf(r, "GET sw:check:v"), SW_OK);
    int whole = 0;
    for (int i = 0; i < 64; i++) {
        redisReply *rep = sw_redis_reply(r);
        if (rep && rep->type == REDIS_REPLY_STRING && rep->len == 256 * 1024 && rep->str[1000] == 'x')
            whole++;
        freeReplyObject(rep);
    }
    CHECK_EQ_INT(whole, 64);
    free(v);
}

static void test_errors_and_scripts(void)
{
    /* a server error is an answer: the connection stays */
    freeReplyObject(sw_redis_commandf(r, "SET sw:check:s text"));
    redisReply *rep = sw_redis_commandf(r, "INCR sw:check:s");
    CHECK(rep && rep->type == REDIS_REPLY_ERROR);
    freeReplyObject(rep);
    CHECK(sw_redis_connected(r));
    /* a script the server lost is loaded again */
    static const sw_redis_script add = {"check-add", "return tonumber(ARGV[1]) + tonumber(ARGV[2])\n"};
    freeReplyObject(sw_redis_commandf(r, "SCRIPT FLUSH"));
    const char *args[] = {"40", "2"};
    rep = sw_redis_eval(r, &add, 0, 2, args, NULL);
    CHECK(rep && rep->type == REDIS_REPLY_INTEGER && rep->integer == 42);
    freeReplyObject(rep);
    rep = sw_redis_eval(r, &add, 0, 2, args, NULL); /* now by its SHA-1 */
    CHECK(rep && rep->type == REDIS_REPLY_INTEGER && rep->integer == 42);
    freeReplyObject(rep);
}

static void test_heal(void)
{
    /* the server closes this connection: the next call fails, a call after
     * the backoff reconnects (with AUTH and SELECT) and works */
    redisReply *rep = sw_redis_commandf(r, "CLIENT ID");
    CHECK(rep && rep->type == REDIS_REPLY_INTEGER);
    long long id = rep && rep->type == REDIS_REPLY_INTEGER ? rep->integer : -1;
    freeReplyObject(rep);
    freeReplyObject(sw_redis_commandf(r, "CLIENT KILL ID %lld SKIPME no", id));
    rep = sw_redis_commandf(r, "PING");
    CHECK(rep == NULL);
    CHECK(!sw_redis_connected(r));
    freeReplyObject(rep);
    int ok = 0;
    for (int i = 0; i < 100 && !ok; i++) {
        usleep(20 * 1000);
        rep = sw_redis_commandf(r, "GET sw:check:n");
        ok = rep && rep->type == REDIS_REPLY_STRING && !strcmp(rep->str, "5000");
        freeReplyObject(rep);
    }
    CHECK(ok);
    CHECK(sw_redis_connected(r));
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: redis_check URL\n");
        return 2;
    }
    char err[512];
    if (sw_redis_open(&r, argv[1], 10000, NULL, true, err, sizeof err) != SW_OK) {
        fprintf(stderr, "redis_check: %s\n", err);
        return 1;
    }
    SW_TEST_RUN(test_commands);
    SW_TEST_RUN(test_pipelines);
    SW_TEST_RUN(test_errors_and_scripts);
    SW_TEST_RUN(test_heal);
    freeReplyObject(sw_redis_commandf(r, "DEL sw:check:big sw:check:bin sw:check:n sw:check:v sw:check:s"));
    sw_redis_close(r);
    return SW_TEST_END();
}
