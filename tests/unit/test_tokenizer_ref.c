/*
 * test_tokenizer_ref.c — the tokenisers against reference encodings.
 *
 * Two ways to run:
 *   test_tokenizer_ref                  known encodings of cl100k_base and
 *                                       o200k_base (skipped, and said so,
 *                                       when the rank files are absent)
 *   test_tokenizer_ref --ref SPEC FILE [--tokens-only]
 *                                       every line of FILE, "HEX(text) TAB ids",
 *                                       encoded with SPEC and compared token
 *                                       for token; each mismatch is printed
 *                                       with its text (the first 20 in full).
 *                                       --tokens-only skips the round trip,
 *                                       for tokenisers that drop or add text
 * The second form is what tests/e2e/tokenizer_tiktoken.sh runs on the files
 * tests/node/tiktoken_ref.mjs writes from js-tiktoken (and the SentencePiece
 * and tokenizer.json tests run on theirs). Both also check that decoding
 * gives back the input bytes (for BPE; SentencePiece normalises).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "sw_test.h"
#include "wm/tokenizer.h"

/* ---- known encodings ---------------------------------------------------- */

static void check_encoding(sw_tokenizer *t, const char *text, const uint32_t *want, size_t nwant)
{
    uint32_t *ids;
    size_t n;
    CHECK_EQ_INT(sw_tokenizer_encode(t, text, strlen(text), &ids, &n), SW_OK);
    CHECK_EQ_INT(n, nwant);
    for (size_t i = 0; i < n && i < nwant; i++)
        CHECK_EQ_INT(ids[i], want[i]);
    char *back;
    size_t len;
    CHECK_EQ_INT(sw_tokenizer_decode(t, ids, n, &back, &len), SW_OK);
    CHECK(len == strlen(text) && memcmp(back, text, len) == 0);
    free(back);
    free(ids);
}

static int open_or_skip(sw_tokenizer **t, const char *name)
{
    char err[512];
    int rc = sw_tokenizer_open(t, name, err, sizeof err);
    if (rc == SW_ENOTFOUND) {
        printf("skipped %s: %s\n", name, err);
        return 0;
    }
    CHECK_EQ_INT(rc, SW_OK);
    return rc == SW_OK;
}

static void test_cl100k_known(void)
{
    sw_tokenizer *t;
    if (!open_or_skip(&t, "cl100k_base"))
        return;
    CHECK_EQ_INT(sw_tokenizer_vocab_size(t), 100277);
    check_encoding(t, "hello world", (const uint32_t[]){15339, 1917}, 2);
    check_encoding(t, "Hello, World!", (const uint32_t[]){9906, 11, 4435, 0}, 4);
    check_encoding(t, "<|endoftext|>", (const uint32_t[]){27, 91, 8862, 728, 428, 91, 29}, 7);
    const char *s;
    size_t n;
    CHECK_EQ_INT(sw_tokenizer_token(t, 100257, &s, &n), SW_OK); /* special tokens decode to their text */
    CHECK(n == 13 && memcmp(s, "<|endoftext|>", 13) == 0);
    CHECK_EQ_INT(sw_tokenizer_token(t, 100261, &s, &n), SW_EINVAL); /* a gap in the id space */
    sw_tokenizer_free(t);
}

static void test_o200k_known(void)
{
    sw_tokenizer *t;
    if (!open_or_skip(&t, "o200k_base"))
        return;
    CHECK_EQ_INT(sw_tokenizer_vocab_size(t), 200019);
    check_encoding(t, "hello world", (const uint32_t[]){24912, 2375}, 2);
    sw_tokenizer_free(t);
}

/* Bytes that are not UTF-8 still encode, and decode back exactly. */
static void test_invalid_utf8_round_trip(void)
{
    sw_tokenizer *t;
    if (!open_or_skip(&t, "cl100k_base"))
        return;
    static const char text[] = "ok \xff\xfe bad \xc3 cut \xe2\x82 end\x80";
    uint32_t *ids;
    size_t n, len;
    char *back;
    CHECK_EQ_INT(sw_tokenizer_encode(t, text, sizeof text - 1, &ids, &n), SW_OK);
    CHECK_EQ_INT(sw_tokenizer_decode(t, ids, n, &back, &len), SW_OK);
    CHECK(len == sizeof text - 1 && memcmp(back, text, len) == 0);
    free(back);
    free(ids);
    sw_tokenizer_free(t);
}

/* One handle, several threads: each encoding must equal the single-threaded
 * one (the handle is read-only; working memory belongs to each call). */
struct job {
    const sw_tokenizer *t;
    const char *text;
    size_t n, nids;
    uint32_t *ids;
};

static void *encode_job(void *arg)
{
    struct job *j = arg;
    for (int round = 0; round < 20; round++) {
        free(j->ids);
        if (sw_tokenizer_encode(j->t, j->text, j->n, &j->ids, &j->nids) != SW_OK)
            j->ids = NULL;
    }
    return NULL;
}

static void test_threads_share_a_handle(void)
{
    sw_tokenizer *t;
    if (!open_or_skip(&t, "o200k_base"))
        return;
    static const char text[] = "Shared handles: 日本語, русский, emoji 👍🏽, code `x += 1;`\n\n   and a loooooooooooooong "
                               "wooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooord";
    struct job one = {t, text, sizeof text - 1, 0, NULL};
    encode_job(&one);
    struct job jobs[4];
    pthread_t th[4];
    for (int i = 0; i < 4; i++) {
        jobs[i] = one;
        jobs[i].ids = NULL;
        CHECK_EQ_INT(pthread_create(&th[i], NULL, encode_job, &jobs[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        CHECK(jobs[i].ids && jobs[i].nids == one.nids && memcmp(jobs[i].ids, one.ids, one.nids * 4) == 0);
        free(jobs[i].ids);
    }
    free(one.ids);
    sw_tokenizer_free(t);
}

/* ---- comparison with a reference file ------------------------------------ */

static int unhex(const char *s, size_t n, char *out)
{
    for (size_t i = 0; i + 1 < n; i += 2) {
        int v = 0;
        for (int k = 0; k < 2; k++) {
            char c = s[i + k];
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
            if (d < 0)
                return -1;
            v = v * 16 + d;
        }
        out[i / 2] = (char)v;
    }
    return n % 2 ? -1 : 0;
}

static size_t parse_ids(char *s, uint32_t *out)
{
    size_t n = 0;
    for (char *tok = strtok(s, " \n"); tok; tok = strtok(NULL, " \n"))
        out[n++] = (uint32_t)strtoul(tok, NULL, 10);
    return n;
}

/* Prints the text with non-printing bytes escaped, at most 120 bytes. */
static void print_text(const char *s, size_t n)
{
    fputc('"', stderr);
    for (size_t i = 0; i < n && i < 120; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            fprintf(stderr, "\\%c", c);
        else if (c < 0x20 || c == 0x7f)
            fprintf(stderr, "\\x%02x", c);
        else
            fputc(c, stderr);
    }
    fprintf(stderr, n > 120 ? "\"... (%zu bytes)" : "\"", n);
}

static void print_ids(const char *label, const uint32_t *v, size_t n)
{
    fprintf(stderr, "  %s (%zu):", label, n);
    for (size_t i = 0; i < n && i < 40; i++)
        fprintf(stderr, " %u", v[i]);
    fprintf(stderr, n > 40 ? " ...\n" : "\n");
}

/* One case; returns 1 if it matches. */
static int compare_case(sw_tokenizer *t, int exact, size_t lineno, const char *text, size_t n,
                        const uint32_t *want, size_t nwant, int *shown)
{
    uint32_t *got;
    size_t ngot, blen = 0;
    char *back = NULL;
    if (sw_tokenizer_encode(t, text, n, &got, &ngot) != SW_OK) {
        fprintf(stderr, "line %zu: encoding failed\n", lineno);
        return 0;
    }
    int same = ngot == nwant && (ngot == 0 || memcmp(got, want, ngot * sizeof *got) == 0);
    int round = sw_tokenizer_decode(t, got, ngot, &back, &blen) == SW_OK;
    if (round && exact) /* SentencePiece normalises text: its decoding need not give the input back */
        round = blen == n && memcmp(back, text, n) == 0;
    if ((!same || !round) && (*shown)++ < 20) {
        fprintf(stderr, "line %zu: %s ", lineno, same ? "decode differs for" : "mismatch for");
        print_text(text, n);
        fputc('\n', stderr);
        print_ids("want", want, nwant);
        print_ids("got ", got, ngot);
    }
    free(back);
    free(got);
    return same && round;
}

static int run_reference(const char *spec, const char *path, int exact)
{
    char err[512];
    sw_tokenizer *t;
    int rc = sw_tokenizer_open(&t, spec, err, sizeof err);
    if (rc) {
        fprintf(stderr, "%s: %s\n", spec, err);
        return 1;
    }
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        sw_tokenizer_free(t);
        return 1;
    }
    char *line = NULL;
    size_t cap = 0, lineno = 0, cases = 0, bad = 0;
    int shown = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, f)) > 0) {
        lineno++;
        char *tab = memchr(line, '\t', (size_t)len);
        size_t hexlen = tab ? (size_t)(tab - line) : 0;
        char *text = malloc(hexlen / 2 + 1);
        uint32_t *want = malloc(((size_t)len / 2 + 1) * sizeof *want);
        if (!tab || !text || !want || unhex(line, hexlen, text)) {
            fprintf(stderr, "%s:%zu: malformed reference line\n", path, lineno);
            bad++;
        } else {
            size_t nwant = parse_ids(tab + 1, want);
            cases++;
            bad += !compare_case(t, exact, lineno, text, hexlen / 2, want, nwant, &shown);
        }
        free(text);
        free(want);
    }
    free(line);
    fclose(f);
    sw_tokenizer_free(t);
    printf("%s vs %s: %zu cases, %zu mismatches\n", spec, path, cases, bad);
    return bad || cases == 0;
}

int main(int argc, char **argv)
{
    if ((argc == 4 || (argc == 5 && strcmp(argv[4], "--tokens-only") == 0)) && strcmp(argv[1], "--ref") == 0)
        return run_reference(argv[2], argv[3], argc == 4 && strncmp(argv[2], "spm:", 4) != 0);
    SW_TEST_RUN(test_cl100k_known);
    SW_TEST_RUN(test_o200k_known);
    SW_TEST_RUN(test_invalid_utf8_round_trip);
    SW_TEST_RUN(test_threads_share_a_handle);
    return SW_TEST_END();
}
