/*
 * wm_lm.c — prepares the end-to-end watermark test: trains the teacher
 * n-gram model on /usr/share/common-licenses, writes watermarked and clean
 * texts and corpora, trains two students (one on watermarked teacher
 * output, one on clean teacher output) and writes their completions of a
 * set of prompts, which a small OpenAI-compatible server then serves.
 *
 *   wm_lm OUTDIR KEYHEX
 *
 * Writes OUTDIR/vocab.txt, wm.txt, gumbel.txt, clean.txt, corpus.jsonl
 * (10 watermarked and 10 clean documents), clean_corpus.jsonl, prompts.txt
 * and completions.jsonl ({"model", "prompt", "text"} per line, models
 * "student-wm" and "student-clean").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "ngram.h"
#include "wm/wm.h"

#define LEN 200
#define PROMPT_WORDS 8
#define PROMPTS 30
#define SAMPLES 2
#define TEACHER_DOCS 200

static sw_wm_vocab *vocab;

static void render(sw_buf *b, const uint32_t *ids, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            sw_buf_putc(b, ' ');
        sw_buf_puts(b, sw_wm_vocab_word(vocab, ids[i]));
    }
}

static void generate(sw_ngram *m, const sw_wm *wm, uint64_t *rng, uint32_t *buf, size_t start, size_t len,
                     float *logits)
{
    for (size_t i = start; i < start + len; i++) {
        if (wm) {
            sw_ngram_logits(m, buf, i, logits);
            sw_wm_sample(wm, buf, i, logits, sw_ngram_vocab(m), sw_ngram_rand(rng), &buf[i]);
        } else {
            buf[i] = sw_ngram_draw(m, buf, i, rng);
        }
    }
}

static int write_file(const char *dir, const char *name, sw_buf *b)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f || sw_buf_write(b, f) != 0 || fclose(f) != 0) {
        fprintf(stderr, "wm_lm: cannot write %s\n", path);
        return 1;
    }
    sw_buf_reset(b);
    return 0;
}

static sw_wm *make(const uint8_t *secret, size_t len, sw_wm_scheme s)
{
    sw_wm_params p;
    sw_wm_params_default(&p, s);
    sw_wm *wm = NULL;
    char err[128];
    if (sw_wm_new(&wm, secret, len, &p, err, sizeof err) != 0) {
        fprintf(stderr, "wm_lm: %s\n", err);
        exit(1);
    }
    return wm;
}

static void put_doc(sw_buf *b, const char *id_prefix, int i, const uint32_t *ids, size_t n)
{
    char id[64];
    snprintf(id, sizeof id, "%s-%d", id_prefix, i);
    sw_buf text;
    sw_buf_init(&text);
    render(&text, ids, n);
    sw_buf_putc(&text, '\0');
    sw_json_obj_begin(b);
    sw_json_kv_str(b, "id", id);
    sw_json_kv_str(b, "text", text.data);
    sw_json_obj_end(b);
    sw_json_newline(b);
    sw_buf_free(&text);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: wm_lm OUTDIR KEYHEX\n");
        return 2;
    }
    const char *dir = argv[1];
    uint8_t secret[SW_WM_MAX_SECRET];
    size_t slen;
    if (sw_wm_secret_from_hex(argv[2], secret, &slen) != 0) {
        fprintf(stderr, "wm_lm: bad key\n");
        return 2;
    }
    uint32_t *ids;
    size_t n;
    if (sw_ngram_read_dir("/usr/share/common-licenses", &vocab, &ids, &n) != 0)
        return 1;
    uint32_t V = sw_wm_vocab_size(vocab);
    sw_ngram *teacher = sw_ngram_train(ids, n, V);
    free(ids);
    sw_wm *kgw = make(secret, slen, SW_WM_KGW), *gumbel = make(secret, slen, SW_WM_GUMBEL);
    float *logits = malloc(V * sizeof *logits);
    uint32_t buf[PROMPT_WORDS + LEN];
    uint64_t rng = 2026;
    sw_buf b;
    sw_buf_init(&b);
    char path[4096];
    snprintf(path, sizeof path, "%s/vocab.txt", dir);
    if (sw_wm_vocab_save(vocab, path) != 0)
        return 1;

    sw_ngram_prompt(teacher, &rng, buf, 2);
    generate(teacher, kgw, &rng, buf, 2, LEN, logits);
    render(&b, buf + 2, LEN);
    sw_buf_putc(&b, '\n');
    int rc = write_file(dir, "wm.txt", &b);
    sw_ngram_prompt(teacher, &rng, buf, 2);
    generate(teacher, gumbel, &rng, buf, 2, LEN, logits);
    render(&b, buf + 2, LEN);
    sw_buf_putc(&b, '\n');
    rc |= write_file(dir, "gumbel.txt", &b);
    sw_ngram_prompt(teacher, &rng, buf, 2);
    generate(teacher, NULL, &rng, buf, 2, LEN, logits);
    render(&b, buf + 2, LEN);
    sw_buf_putc(&b, '\n');
    rc |= write_file(dir, "clean.txt", &b);

    /* corpora: 10 watermarked + 10 clean documents; 20 clean documents */
    for (int i = 0; i < 20; i++) {
        sw_ngram_prompt(teacher, &rng, buf, 2);
        generate(teacher, i < 10 ? kgw : NULL, &rng, buf, 2, LEN, logits);
        put_doc(&b, i < 10 ? "wm" : "clean", i, buf + 2, LEN);
    }
    rc |= write_file(dir, "corpus.jsonl", &b);
    for (int i = 0; i < 20; i++) {
        sw_ngram_prompt(teacher, &rng, buf, 2);
        generate(teacher, NULL, &rng, buf, 2, LEN, logits);
        put_doc(&b, "clean", i, buf + 2, LEN);
    }
    rc |= write_file(dir, "clean_corpus.jsonl", &b);

    /* students */
    uint32_t *wm_text = malloc((size_t)TEACHER_DOCS * LEN * sizeof *wm_text);
    uint32_t *clean_text = malloc((size_t)TEACHER_DOCS * LEN * sizeof *clean_text);
    for (int d = 0; d < TEACHER_DOCS; d++) {
        sw_ngram_prompt(teacher, &rng, buf, 2);
        generate(teacher, kgw, &rng, buf, 2, LEN, logits);
        memcpy(wm_text + (size_t)d * LEN, buf + 2, LEN * sizeof *buf);
        sw_ngram_prompt(teacher, &rng, buf, 2);
        generate(teacher, NULL, &rng, buf, 2, LEN, logits);
        memcpy(clean_text + (size_t)d * LEN, buf + 2, LEN * sizeof *buf);
    }
    sw_ngram *students[2] = {sw_ngram_train(wm_text, (size_t)TEACHER_DOCS * LEN, V),
                             sw_ngram_train(clean_text, (size_t)TEACHER_DOCS * LEN, V)};
    const char *names[2] = {"student-wm", "student-clean"};
    sw_buf prompts, p;
    sw_buf_init(&prompts);
    sw_buf_init(&p);
    uint64_t prng = 99;
    for (int i = 0; i < PROMPTS; i++) {
        sw_ngram_prompt(teacher, &prng, buf, PROMPT_WORDS);
        sw_buf_reset(&p);
        render(&p, buf, PROMPT_WORDS);
        sw_buf_putc(&p, '\0');
        sw_buf_printf(&prompts, "%s\n", p.data);
        for (int s = 0; s < 2; s++)
            for (int k = 0; k < SAMPLES; k++) {
                generate(students[s], NULL, &rng, buf, PROMPT_WORDS, LEN, logits);
                sw_buf text;
                sw_buf_init(&text);
                render(&text, buf + PROMPT_WORDS, LEN);
                sw_buf_putc(&text, '\0');
                sw_json_obj_begin(&b);
                sw_json_kv_str(&b, "model", names[s]);
                sw_json_kv_str(&b, "prompt", p.data);
                sw_json_kv_str(&b, "text", text.data);
                sw_json_obj_end(&b);
                sw_json_newline(&b);
                sw_buf_free(&text);
            }
    }
    rc |= write_file(dir, "completions.jsonl", &b);
    rc |= write_file(dir, "prompts.txt", &prompts);
    sw_buf_free(&prompts);
    sw_buf_free(&p);
    sw_buf_free(&b);
    sw_ngram_free(students[0]);
    sw_ngram_free(students[1]);
    sw_ngram_free(teacher);
    free(wm_text);
    free(clean_text);
    free(logits);
    sw_wm_free(kgw);
    sw_wm_free(gumbel);
    sw_wm_vocab_free(vocab);
    return rc;
}
