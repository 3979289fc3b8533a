/*
 * tokenize.c — encoding speed of the tokenisers on one core.
 *
 *   build/bench/tokenize SPEC FILE [ROUNDS]
 *
 * Loads SPEC (see src/wm/tokenizer.h), reads FILE, encodes it ROUNDS times
 * (default 3) in one call each and prints the best round: tokens, bytes,
 * seconds, tokens/s and MB/s, plus the load time. The best round rather than
 * the mean, because the question is what the code can do, not how noisy the
 * machine was. It also decodes once and checks the round trip, so a fast but
 * wrong build cannot report a figure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/error.h"
#include "wm/tokenizer.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 20, n = 0, got;
    char *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n < cap)
            continue;
        cap *= 2;
        char *nb = realloc(buf, cap);
        if (!nb)
            free(buf);
        buf = nb;
    }
    fclose(f);
    *len = n;
    return buf;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s SPEC FILE [ROUNDS]\n", argv[0]);
        return 2;
    }
    int rounds = argc > 3 ? atoi(argv[3]) : 3;
    char err[512];
    sw_tokenizer *t;
    double t0 = now();
    int rc = sw_tokenizer_open(&t, argv[1], err, sizeof err);
    double load = now() - t0;
    if (rc) {
        fprintf(stderr, "tokenize: %s (%s)\n", err, sw_strerror(rc));
        return 1;
    }
    size_t n;
    char *text = read_all(argv[2], &n);
    if (!text) {
        fprintf(stderr, "tokenize: cannot read %s\n", argv[2]);
        sw_tokenizer_free(t);
        return 1;
    }
    double best = 1e30;
    size_t nids = 0;
    uint32_t *ids = NULL;
    for (int r = 0; r < (rounds > 0 ? rounds : 1); r++) {
        free(ids);
        t0 = now();
        if (sw_tokenizer_encode(t, text, n, &ids, &nids)) {
            fprintf(stderr, "tokenize: encoding failed\n");
            return 1;
        }
        double dt = now() - t0;
        if (dt < best)
            best = dt;
    }
    char *back;
    size_t backlen;
    int same = sw_tokenizer_decode(t, ids, nids, &back, &backlen) == SW_OK && backlen == n &&
               memcmp(back, text, n) == 0;
    if (same || strncmp(argv[1], "spm:", 4) == 0) /* SentencePiece normalises: no byte round trip */
        printf("%s: %zu bytes, %zu tokens, %.3f s, %.2f Mtokens/s, %.1f MB/s (load %.2f s)\n", argv[1], n, nids,
               best, nids / best / 1e6, n / best / 1e6, load);
    else
        fprintf(stderr, "tokenize: decode(encode(text)) differs from the text\n");
    free(back);
    free(ids);
    free(text);
    sw_tokenizer_free(t);
    return same || strncmp(argv[1], "spm:", 4) == 0 ? 0 : 1;
}
