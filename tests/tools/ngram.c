/*
 * ngram.c — the interpolated trigram model of ngram.h.
 *
 * Training sorts the positions i of the text by the pair (w_i, w_i+1). The
 * successors of a word v are then one contiguous run (every position whose
 * first word is v; the successor is w_i+1), and the successors of a pair
 * (u, v) a sub-run (w_i+2), both found by binary search. Drawing a word is:
 * pick a component with probability proportional to its weight among those
 * in use, then a uniform position of its run (or of the whole text for the
 * unigram, or a uniform id). Logits are the dense part (unigram and
 * uniform, precomputed per combination of components in use) with the
 * sparse trigram and bigram counts added on the touched words only.
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ngram.h"

#define L3 0.55
#define L2 0.30
#define L1 0.12
#define L0 0.03

struct sw_ngram {
    uint32_t *text;
    size_t n;
    uint32_t v;
    uint32_t *pos;   /* positions 0..n-3 sorted by (text[i], text[i+1]) */
    size_t npos;
    size_t *first;   /* first[w]..first[w+1]: the run of positions whose word is w */
    double *unigram; /* c(w) / n */
    float *base[3];  /* ln of the dense part: 0 none, 1 bigram, 2 bigram+trigram in use */
    double *acc;     /* sparse sums, zero between calls */
    uint32_t *touched;
};

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int sw_ngram_read_dir(const char *dir, sw_wm_vocab **vocab, uint32_t **ids, size_t *n)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    char *names[256];
    size_t k = 0;
    struct dirent *e;
    while ((e = readdir(d)) && k < 256)
        if (e->d_name[0] != '.')
            names[k++] = strdup(e->d_name);
    closedir(d);
    qsort(names, k, sizeof *names, cmp_name);
    if (sw_wm_vocab_new(vocab) != 0)
        return -1;
    uint32_t unk;
    sw_wm_vocab_add(*vocab, "<unk>", &unk);
    size_t cap = 1 << 16, len = 0;
    uint32_t *out = malloc(cap * sizeof *out);
    for (size_t i = 0; i < k; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        free(names[i]);
        FILE *f = fopen(path, "rb");
        if (!f)
            continue;
        static char buf[1 << 20];
        size_t got = fread(buf, 1, sizeof buf, f);
        fclose(f);
        const char *p = buf;
        char word[SW_WM_WORD_MAX + 1];
        while (sw_wm_word_next(&p, buf + got, word)) {
            if (len == cap)
                out = realloc(out, (cap *= 2) * sizeof *out);
            sw_wm_vocab_add(*vocab, word, &out[len++]);
        }
    }
    *ids = out;
    *n = len;
    return 0;
}

static const uint32_t *sort_text;

static int cmp_pos(const void *a, const void *b)
{
    uint32_t i = *(const uint32_t *)a, j = *(const uint32_t *)b;
    uint64_t ki = (uint64_t)sort_text[i] << 32 | sort_text[i + 1];
    uint64_t kj = (uint64_t)sort_text[j] << 32 | sort_text[j + 1];
    return ki < kj ? -1 : ki > kj ? 1 : (i > j) - (i < j);
}

sw_ngram *sw_ngram_train(const uint32_t *ids, size_t n, uint32_t v)
{
    sw_ngram *m = calloc(1, sizeof *m);
    m->n = n;
    m->v = v;
    m->text = malloc(n * sizeof *m->text);
    memcpy(m->text, ids, n * sizeof *ids);
    m->npos = n >= 3 ? n - 2 : 0;
    m->pos = malloc((m->npos + 1) * sizeof *m->pos);
    for (size_t i = 0; i < m->npos; i++)
        m->pos[i] = (uint32_t)i;
    sort_text = m->text;
    qsort(m->pos, m->npos, sizeof *m->pos, cmp_pos);
    m->first = calloc((size_t)v + 1, sizeof *m->first);
    for (size_t i = 0; i < m->npos; i++)
        m->first[m->text[m->pos[i]] + 1]++;
    for (uint32_t w = 0; w < v; w++)
        m->first[w + 1] += m->first[w];
    m->unigram = calloc(v, sizeof *m->unigram);
    for (size_t i = 0; i < n; i++)
        m->unigram[ids[i]] += 1.0 / (double)n;
    double active[3] = {L1 + L0, L2 + L1 + L0, L3 + L2 + L1 + L0};
    for (int s = 0; s < 3; s++) {
        m->base[s] = malloc(v * sizeof(float));
        for (uint32_t w = 0; w < v; w++)
            m->base[s][w] = (float)log((L1 * m->unigram[w] + L0 / v) / active[s]);
    }
    m->acc = calloc(v, sizeof *m->acc);
    m->touched = malloc(v * sizeof *m->touched);
    return m;
}

void sw_ngram_free(sw_ngram *m)
{
    if (!m)
        return;
    free(m->text);
    free(m->pos);
    free(m->first);
    free(m->unigram);
    for (int s = 0; s < 3; s++)
        free(m->base[s]);
    free(m->acc);
    free(m->touched);
    free(m);
}

uint32_t sw_ngram_vocab(const sw_ngram *m)
{
    return m->v;
}

/* The run [*lo, *hi) of sorted positions whose first word is a and, when
 * pair is set, whose second word is b (a binary search inside a's run). */
static void run(const sw_ngram *m, uint32_t a, uint32_t b, int pair, size_t *lo, size_t *hi)
{
    if (a >= m->v) {
        *lo = *hi = 0;
        return;
    }
    *lo = m->first[a];
    *hi = m->first[a + 1];
    if (!pair)
        return;
    size_t l = *lo, h = *hi;
    while (l < h) {
        size_t mid = (l + h) / 2;
        if (m->text[m->pos[mid] + 1] < b)
            l = mid + 1;
        else
            h = mid;
    }
    size_t start = l;
    h = *hi;
    while (l < h) {
        size_t mid = (l + h) / 2;
        if (m->text[m->pos[mid] + 1] <= b)
            l = mid + 1;
        else
            h = mid;
    }
    *lo = start;
    *hi = l;
}

typedef struct ctx_runs {
    size_t blo, bhi, tlo, thi; /* bigram and trigram runs */
    int state;                 /* 0, 1 or 2: which are in use */
    double scale;              /* 1 / sum of the weights in use */
} ctx_runs;

static void find_runs(const sw_ngram *m, const uint32_t *ctx, size_t nctx, ctx_runs *r)
{
    r->blo = r->bhi = r->tlo = r->thi = 0;
    r->state = 0;
    if (nctx >= 1)
        run(m, ctx[nctx - 1], 0, 0, &r->blo, &r->bhi);
    if (r->bhi > r->blo) {
        r->state = 1;
        if (nctx >= 2) {
            run(m, ctx[nctx - 2], ctx[nctx - 1], 1, &r->tlo, &r->thi);
            if (r->thi > r->tlo)
                r->state = 2;
        }
    }
    double active[3] = {L1 + L0, L2 + L1 + L0, L3 + L2 + L1 + L0};
    r->scale = 1 / active[r->state];
}

void sw_ngram_logits(sw_ngram *m, const uint32_t *ctx, size_t nctx, float *logits)
{
    ctx_runs r;
    find_runs(m, ctx, nctx, &r);
    memcpy(logits, m->base[r.state], m->v * sizeof(float));
    size_t nt = 0;
    /* bigram successors: text[p + 1] for the positions p of the run; the
     * run holds positions up to n-3, so the count is over those */
    double wb = L2 * r.scale / (double)(r.bhi - r.blo);
    for (size_t i = r.blo; i < r.bhi && r.state >= 1; i++) {
        uint32_t w = m->text[m->pos[i] + 1];
        if (m->acc[w] == 0)
            m->touched[nt++] = w;
        m->acc[w] += wb;
    }
    if (r.state == 2) {
        double wt = L3 * r.scale / (double)(r.thi - r.tlo);
        for (size_t i = r.tlo; i < r.thi; i++) {
            uint32_t w = m->text[m->pos[i] + 2];
            if (m->acc[w] == 0)
                m->touched[nt++] = w;
            m->acc[w] += wt;
        }
    }
    for (size_t i = 0; i < nt; i++) {
        uint32_t w = m->touched[i];
        double dense = (L1 * m->unigram[w] + L0 / m->v) * r.scale;
        logits[w] = (float)log(dense + m->acc[w]);
        m->acc[w] = 0;
    }
}

uint32_t sw_ngram_draw(const sw_ngram *m, const uint32_t *ctx, size_t nctx, uint64_t *rng)
{
    ctx_runs r;
    find_runs(m, ctx, nctx, &r);
    double u = (double)(sw_ngram_rand(rng) >> 11) * 0x1p-53 / r.scale;
    uint64_t x = sw_ngram_rand(rng);
    if (r.state == 2) {
        if (u < L3)
            return m->text[m->pos[r.tlo + x % (r.thi - r.tlo)] + 2];
        u -= L3;
    }
    if (r.state >= 1) {
        if (u < L2)
            return m->text[m->pos[r.blo + x % (r.bhi - r.blo)] + 1];
        u -= L2;
    }
    if (u < L1)
        return m->text[x % m->n];
    return (uint32_t)(x % m->v);
}

void sw_ngram_prompt(const sw_ngram *m, uint64_t *rng, uint32_t *out, size_t len)
{
    size_t start = sw_ngram_rand(rng) % (m->n - len);
    memcpy(out, m->text + start, len * sizeof *out);
}
