/*
 * content_bench.c — what a prompt's text costs the detector, apart from the
 * rest of an event: the content scan (Hyperscan, sentence memo) and the
 * template fingerprints, over the distinct prompts of a traffic log, in the
 * order they first appear (as the engine meets them on a memo miss).
 *
 *   build/bench/content_bench EVENTS.jsonl
 *
 * The content scan is timed twice on one scratch: the first pass starts with
 * an empty sentence memo (what a scan of a fresh log pays), the second finds
 * every sentence remembered that still has its slot.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/error.h"
#include "core/event.h"
#include "core/hash.h"
#include "core/lines.h"
#include "detect/content.h"
#include "detect/template.h"

typedef struct {
    char **text;
    size_t *len;
    size_t n, cap, bytes;
    uint64_t *seen; /* open-addressed set of prompt hashes (never 0) */
    size_t seen_cap;
} prompts;

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* Adds a copy of the text unless it was added before; 0 or -1 (no memory). */
static int add_distinct(prompts *p, const char *s, size_t n)
{
    if (p->n * 2 >= p->seen_cap || p->n == p->cap)
        return -1; /* sized at start; the bench stops reading when full */
    uint64_t h = sw_hash64(s, n, 1) | 1u;
    size_t k = h & (p->seen_cap - 1);
    while (p->seen[k]) {
        if (p->seen[k] == h)
            return 0;
        k = (k + 1) & (p->seen_cap - 1);
    }
    p->seen[k] = h;
    if (!(p->text[p->n] = malloc(n ? n : 1)))
        return -1;
    memcpy(p->text[p->n], s, n);
    p->len[p->n++] = n;
    p->bytes += n;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: content_bench EVENTS.jsonl\n");
        return 2;
    }
    prompts p = {.cap = 1u << 21, .seen_cap = 1u << 23};
    p.text = malloc(p.cap * sizeof *p.text);
    p.len = malloc(p.cap * sizeof *p.len);
    p.seen = calloc(p.seen_cap, sizeof *p.seen);
    sw_lines in;
    sw_event_parser *parser;
    if (!p.text || !p.len || !p.seen || sw_event_parser_new(&parser) != SW_OK)
        return 1;
    if (sw_lines_open(&in, argv[1]) != SW_OK) {
        perror(argv[1]);
        return 1;
    }
    const char *line;
    size_t len;
    while (sw_lines_next(&in, &line, &len) == SW_OK) {
        sw_event ev;
        char err[128];
        if (sw_event_parse(parser, line, len, &ev, err, sizeof err) == SW_OK && ev.prompt_len &&
            add_distinct(&p, ev.prompt, ev.prompt_len) != 0)
            break;
    }
    sw_lines_close(&in);
    sw_event_parser_free(parser);

    char err[256];
    sw_content *content;
    sw_content_scratch *scratch;
    if (sw_content_new(&content, err, sizeof err) != SW_OK ||
        sw_content_scratch_new(content, &scratch) != SW_OK) {
        fprintf(stderr, "content: %s\n", err);
        return 1;
    }
    double pass[2];
    unsigned long long bits = 0;
    for (int k = 0; k < 2; k++) {
        double t0 = now_s();
        for (size_t i = 0; i < p.n; i++) {
            sw_content_result r;
            sw_content_scan(content, scratch, p.text[i], p.len[i], &r);
            bits += (unsigned)__builtin_popcount(r.signals) + (unsigned)__builtin_popcount(r.categories);
        }
        pass[k] = now_s() - t0;
    }
    double t0 = now_s();
    uint64_t sink = 0;
    for (size_t i = 0; i < p.n; i++) {
        sw_template t;
        sw_template_of(p.text[i], p.len[i], &t, NULL, 0);
        sink ^= t.skeleton;
    }
    double tpl = now_s() - t0;

    double n = (double)p.n;
    printf("bench/content: %zu distinct prompts, %zu bytes (%.0f on average)\n", p.n, p.bytes,
           (double)p.bytes / n);
    printf("  content scan, empty sentence memo  %7.3f s %8.2f us/prompt %6.1f ns/byte\n", pass[0],
           pass[0] / n * 1e6, pass[0] / (double)p.bytes * 1e9);
    printf("  content scan, memo warm            %7.3f s %8.2f us/prompt %6.1f ns/byte\n", pass[1],
           pass[1] / n * 1e6, pass[1] / (double)p.bytes * 1e9);
    printf("  template fingerprints              %7.3f s %8.2f us/prompt %6.1f ns/byte\n", tpl,
           tpl / n * 1e6, tpl / (double)p.bytes * 1e9);
    printf("  (%llu class bits, checksum %016llx)\n", bits / 2, (unsigned long long)sink);
    sw_content_scratch_free(scratch);
    sw_content_free(content);
    for (size_t i = 0; i < p.n; i++)
        free(p.text[i]);
    free(p.text);
    free(p.len);
    free(p.seen);
    return 0;
}
