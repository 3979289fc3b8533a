/*
 * test_wm_lm.c — the watermark on a real (small) language model: an
 * interpolated trigram model trained on the licence texts that Debian's
 * base-files installs in /usr/share/common-licenses (GPL, LGPL, GFDL,
 * Apache, MPL, Artistic...: about 50,000 words of English).
 *
 *   calibration   100,000 unwatermarked texts of 200 tokens drawn from the
 *                 model, each under its own key: the empirical false-positive
 *                 rate at each nominal level is at most the level (within
 *                 sampling error), for KGW (LeftHash and Min-SelfHash) and
 *                 Gumbel; and 100,000 more under 10 fixed keys, checked at
 *                 the chosen threshold, with the spread between keys printed.
 *   power         texts of 200 tokens generated with the watermark are
 *                 detected at the same threshold with TPR >= 0.98.
 *   robustness    TPR after deleting, substituting or inserting 10% and 30%
 *                 of the tokens (printed; 10% edits must keep TPR >= 0.9).
 *   radioactivity a student model trained on watermarked teacher output is
 *                 detected from its own generations (p < 1e-6); a student
 *                 trained on clean teacher output is not (p > 0.01).
 *
 * The detection threshold is p <= 3.17e-5, the one-sided tail of z = 4,
 * computed exactly; the z >= 4 rule of thumb is reported beside it.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/error.h"
#include "ngram.h"
#include "sw_test.h"
#include "wm/wm.h"

#define CORPUS_DIR "/usr/share/common-licenses"
#define LEN 200
#define PROMPT 2
#define ALPHA 3.167e-5 /* P[N(0,1) >= 4] */

static const uint8_t SECRET[32] = {0x5e, 0x17, 0x8a, 0x01, 0x22, 0x9b, 0x3c, 0x44, 0x55, 0x60, 0x71, 0x82, 0x93, 0xa4, 0xb5, 0xc6,
                                   0xd7, 0xe8, 0xf9, 0x0a, 0x1b, 0x2c, 0x3d, 0x4e, 0x5f, 0x61, 0x72, 0x83, 0x94, 0xa5, 0xb6, 0xc7};

static sw_wm_vocab *vocab;
static sw_ngram *teacher;
static uint32_t V;

static sw_wm *make(sw_wm_scheme s, unsigned window, bool self)
{
    sw_wm_params p;
    sw_wm_params_default(&p, s);
    p.window = window;
    p.self_hash = self;
    sw_wm *wm = NULL;
    char err[128];
    CHECK_EQ_INT(sw_wm_new(&wm, SECRET, sizeof SECRET, &p, err, sizeof err), SW_OK);
    return wm;
}

/* ln p of one text, its repeated tuples counted once. */
static double text_ln_p(const sw_wm *wm, sw_wm_seen *seen, const uint32_t *ids, size_t n, double *z)
{
    sw_wm_tally t = {0};
    if (seen)
        sw_wm_seen_clear(seen);
    sw_wm_score(wm, ids, n, seen, &t);
    sw_wm_result r;
    sw_wm_tally_result(wm, &t, &r);
    if (z)
        *z = r.z;
    return r.ln_p;
}

/* An unwatermarked text: LEN words drawn after a prompt from the corpus. */
static void draw_text(const sw_ngram *m, uint64_t *rng, uint32_t *buf)
{
    sw_ngram_prompt(m, rng, buf, PROMPT);
    for (size_t i = PROMPT; i < PROMPT + LEN; i++)
        buf[i] = sw_ngram_draw(m, buf, i, rng);
}

/* A watermarked text: the model's logits through sw_wm_sample. */
static void generate_text(sw_ngram *m, const sw_wm *wm, uint64_t *rng, uint32_t *buf, float *logits)
{
    sw_ngram_prompt(m, rng, buf, PROMPT);
    for (size_t i = PROMPT; i < PROMPT + LEN; i++) {
        sw_ngram_logits(m, buf, i, logits);
        sw_wm_sample(wm, buf, i, logits, sw_ngram_vocab(m), sw_ngram_rand(rng), &buf[i]);
    }
}

static sw_wm *make_keyed(sw_wm_scheme s, unsigned window, bool self, uint64_t key_id)
{
    uint8_t secret[32];
    memcpy(secret, SECRET, 32);
    memcpy(secret, &key_id, sizeof key_id);
    sw_wm_params p;
    sw_wm_params_default(&p, s);
    p.window = window;
    p.self_hash = self;
    sw_wm *wm = NULL;
    char err[128];
    sw_wm_new(&wm, secret, sizeof secret, &p, err, sizeof err);
    return wm;
}

/*
 * Two readings of "false-positive rate". The p-value's guarantee is over
 * keys and texts: P[p <= a] <= a when the key is drawn at random, which the
 * first half checks with a fresh key per text. A provider holds one key,
 * and texts that share n-grams share tuples, so for one key the rate over
 * a population of texts varies around the nominal one; the second half
 * measures that with 10 keys of 10,000 texts each and checks the chosen
 * threshold on all 100,000.
 */
static void test_calibration(void)
{
    const int N = 100000, KEYS = 10;
    const char *names[] = {"kgw prev", "kgw window:4 self-hash", "gumbel prev"};
    const sw_wm_scheme sch[] = {SW_WM_KGW, SW_WM_KGW, SW_WM_GUMBEL};
    const unsigned win[] = {1, 4, 1};
    const bool self[] = {false, true, false};
    const double levels[] = {1e-2, 1e-3, 1e-4, ALPHA};
    long fresh[3][5] = {{0}}, fixed[3][5] = {{0}}, per_key[3][10] = {{0}}, nodedup = 0;
    sw_wm_seen *seen;
    sw_wm_seen_new(&seen);
    uint64_t rng = 1;
    uint32_t buf[PROMPT + LEN];
    sw_wm *fixed_wm[3][10];
    for (int k = 0; k < 3; k++)
        for (int j = 0; j < KEYS; j++)
            fixed_wm[k][j] = make_keyed(sch[k], win[k], self[k], 1000 + (uint64_t)j);
    for (int s = 0; s < 2 * N; s++) {
        draw_text(teacher, &rng, buf);
        for (int k = 0; k < 3; k++) {
            bool is_fresh = s < N;
            sw_wm *wm = is_fresh ? make_keyed(sch[k], win[k], self[k], 1u << 20 | (uint64_t)s)
                                 : fixed_wm[k][(s - N) / (N / KEYS)];
            double z, lp = text_ln_p(wm, seen, buf + PROMPT, LEN, &z);
            long *row = is_fresh ? fresh[k] : fixed[k];
            for (int j = 0; j < 4; j++)
                row[j] += lp <= log(levels[j]);
            row[4] += z >= 4;
            if (!is_fresh)
                per_key[k][(s - N) / (N / KEYS)] += lp <= log(1e-2);
            if (!is_fresh && k == 0)
                nodedup += text_ln_p(wm, NULL, buf + PROMPT, LEN, NULL) <= log(1e-2);
            if (is_fresh)
                sw_wm_free(wm);
        }
    }
    printf("calibration: unwatermarked texts of %d tokens drawn from the teacher (V = %u)\n", LEN, V);
    printf("  %-40s %9s %9s %9s %10s %9s\n", "scheme", "p<=1e-2", "p<=1e-3", "p<=1e-4", "p<=3.17e-5", "z>=4");
    for (int half = 0; half < 2; half++)
        for (int k = 0; k < 3; k++) {
            long *row = half ? fixed[k] : fresh[k];
            char label[80];
            snprintf(label, sizeof label, "%s, %s", names[k], half ? "10 keys x 10,000" : "key per text");
            printf("  %-40s", label);
            for (int j = 0; j < 5; j++)
                printf(" %9.2e%s", (double)row[j] / N, j == 3 ? " " : "");
            printf("\n");
            for (int j = 0; j < 4; j++) {
                double e = levels[j] * N; /* at most the level, within 4 binomial sd */
                if (!half || j == 3)
                    CHECK(row[j] <= e + 4 * sqrt(e) + 1);
            }
            if (!half)
                CHECK(row[0] >= 0.5 * 1e-2 * N); /* and not uselessly conservative */
        }
    for (int k = 0; k < 3; k++) {
        long lo = N, hi = 0;
        for (int j = 0; j < KEYS; j++) {
            lo = per_key[k][j] < lo ? per_key[k][j] : lo;
            hi = per_key[k][j] > hi ? per_key[k][j] : hi;
        }
        printf("  %-40s rate at p<=1e-2 per key: %.4f to %.4f\n", names[k], (double)lo * KEYS / N,
               (double)hi * KEYS / N);
    }
    printf("  %-40s rate at p<=1e-2: %.4f\n", "kgw prev, 10 keys, no dedup", (double)nodedup / N);
    for (int k = 0; k < 3; k++)
        for (int j = 0; j < KEYS; j++)
            sw_wm_free(fixed_wm[k][j]);
    sw_wm_seen_free(seen);
}

/* Edits a copy of a text: deletes, substitutes or inserts a fraction of
 * its tokens (substitutes and insertions drawn uniformly from the
 * vocabulary). Returns the new length. */
static size_t attack(const uint32_t *in, size_t n, int kind, double frac, uint64_t *rng, uint32_t *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        bool hit = (double)(sw_ngram_rand(rng) >> 11) * 0x1p-53 < frac;
        if (!hit)
            out[k++] = in[i];
        else if (kind == 1)
            out[k++] = (uint32_t)(sw_ngram_rand(rng) % V);
        else if (kind == 2) {
            out[k++] = (uint32_t)(sw_ngram_rand(rng) % V);
            out[k++] = in[i];
        }
    }
    return k;
}

static void test_power_and_robustness(void)
{
    struct {
        const char *name;
        sw_wm_scheme s;
        unsigned w;
        bool self;
        int n;
    } cases[] = {{"kgw prev", SW_WM_KGW, 1, false, 500},
                 {"kgw window:4 self-hash", SW_WM_KGW, 4, true, 200},
                 {"gumbel prev", SW_WM_GUMBEL, 1, false, 500}};
    float *logits = malloc(V * sizeof *logits);
    uint32_t buf[PROMPT + LEN], edited[2 * LEN + 2];
    sw_wm_seen *seen;
    sw_wm_seen_new(&seen);
    printf("power and robustness: texts of %d tokens, detected when p <= %.3g\n", LEN, ALPHA);
    printf("  %-24s %5s %7s %7s %7s %7s %7s %7s %7s %9s\n", "scheme", "texts", "clean", "del10", "del30",
           "sub10", "sub30", "ins10", "ins30", "median z");
    for (size_t c = 0; c < 3; c++) {
        sw_wm *wm = make(cases[c].s, cases[c].w, cases[c].self);
        uint64_t rng = 1000 + c;
        int hits[7] = {0};
        double *zs = malloc((size_t)cases[c].n * sizeof *zs);
        for (int s = 0; s < cases[c].n; s++) {
            generate_text(teacher, wm, &rng, buf, logits);
            hits[0] += text_ln_p(wm, seen, buf + PROMPT, LEN, &zs[s]) <= log(ALPHA);
            for (int a = 0; a < 6; a++) {
                size_t n = attack(buf + PROMPT, LEN, a / 2, a % 2 ? 0.3 : 0.1, &rng, edited);
                hits[1 + a] += text_ln_p(wm, seen, edited, n, NULL) <= log(ALPHA);
            }
        }
        /* median z */
        for (int i = 1; i < cases[c].n; i++)
            for (int j = i; j > 0 && zs[j - 1] > zs[j]; j--) {
                double t = zs[j];
                zs[j] = zs[j - 1];
                zs[j - 1] = t;
            }
        printf("  %-24s %5d", cases[c].name, cases[c].n);
        for (int a = 0; a < 7; a++)
            printf(" %7.3f", (double)hits[a] / cases[c].n);
        printf(" %9.2f\n", zs[cases[c].n / 2]);
        CHECK((double)hits[0] / cases[c].n >= 0.98);
        if (cases[c].s == SW_WM_KGW && !cases[c].self) {
            CHECK((double)hits[1] / cases[c].n >= 0.9); /* 10% deleted */
            CHECK((double)hits[3] / cases[c].n >= 0.9); /* 10% substituted */
            CHECK((double)hits[5] / cases[c].n >= 0.9); /* 10% inserted */
        }
        free(zs);
        sw_wm_free(wm);
    }
    sw_wm_seen_free(seen);
    free(logits);
}

/* Tests a student: `outputs` generations of LEN words after prompts from the
 * corpus, scored together with one tuple set, the prompts' tuples excluded. */
static double student_ln_p(const sw_ngram *student, const sw_wm *wm, uint64_t seed, int outputs, sw_wm_tally *t)
{
    sw_wm_seen *seen;
    sw_wm_seen_new(&seen);
    uint64_t rng = seed, excluded = 0;
    uint32_t buf[PROMPT + LEN];
    memset(t, 0, sizeof *t);
    for (int s = 0; s < outputs; s++) {
        sw_ngram_prompt(teacher, &rng, buf, PROMPT);
        for (size_t i = PROMPT; i < PROMPT + LEN; i++)
            buf[i] = sw_ngram_draw(student, buf, i, &rng);
        sw_wm_exclude(wm, buf, PROMPT, seen, &excluded);
        sw_wm_score(wm, buf + PROMPT, LEN, seen, t);
    }
    sw_wm_result r;
    sw_wm_tally_result(wm, t, &r);
    sw_wm_seen_free(seen);
    return r.ln_p;
}

static void test_radioactivity(void)
{
    const int DOCS = 200; /* teacher outputs a student is trained on: 40,000 words */
    sw_wm *wm = make(SW_WM_KGW, 1, false);
    float *logits = malloc(V * sizeof *logits);
    uint32_t *wm_text = malloc((size_t)DOCS * LEN * sizeof *wm_text);
    uint32_t *clean_text = malloc((size_t)DOCS * LEN * sizeof *clean_text);
    uint32_t buf[PROMPT + LEN];
    uint64_t rng = 77;
    for (int d = 0; d < DOCS; d++) {
        generate_text(teacher, wm, &rng, buf, logits);
        memcpy(wm_text + (size_t)d * LEN, buf + PROMPT, LEN * sizeof *buf);
        draw_text(teacher, &rng, buf);
        memcpy(clean_text + (size_t)d * LEN, buf + PROMPT, LEN * sizeof *buf);
    }
    sw_ngram *student_wm = sw_ngram_train(wm_text, (size_t)DOCS * LEN, V);
    sw_ngram *student_clean = sw_ngram_train(clean_text, (size_t)DOCS * LEN, V);
    sw_wm_tally tw, tc;
    double lw = student_ln_p(student_wm, wm, 5, 100, &tw);
    double lc = student_ln_p(student_clean, wm, 5, 100, &tc);
    printf("radioactivity: students trained on %d teacher words, tested on 100 generations of %d words\n",
           DOCS * LEN, LEN);
    printf("  student of watermarked teacher: %llu tuples scored (%llu repeats), green %.3f, p = %.3g (log10 %.1f)\n",
           (unsigned long long)tw.scored, (unsigned long long)tw.repeats, (double)tw.green / (double)tw.scored,
           exp(lw), lw / log(10));
    printf("  student of clean teacher:       %llu tuples scored (%llu repeats), green %.3f, p = %.3g\n",
           (unsigned long long)tc.scored, (unsigned long long)tc.repeats, (double)tc.green / (double)tc.scored,
           exp(lc));
    CHECK(lw < log(1e-6));
    CHECK(lc > log(0.01));
    /* the same clean student without deduplication: repeated n-grams */
    sw_wm_tally tn = {0};
    uint64_t r2 = 5;
    for (int s = 0; s < 100; s++) {
        sw_ngram_prompt(teacher, &r2, buf, PROMPT);
        for (size_t i = PROMPT; i < PROMPT + LEN; i++)
            buf[i] = sw_ngram_draw(student_clean, buf, i, &r2);
        sw_wm_score(wm, buf + PROMPT, LEN, NULL, &tn);
    }
    sw_wm_result rn;
    sw_wm_tally_result(wm, &tn, &rn);
    printf("  student of clean teacher, no dedup: %llu tokens scored, p = %.3g\n", (unsigned long long)tn.scored,
           rn.p);
    sw_ngram_free(student_wm);
    sw_ngram_free(student_clean);
    free(wm_text);
    free(clean_text);
    free(logits);
    sw_wm_free(wm);
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

#define TIMED(fn)                                                                                  \
    do {                                                                                           \
        double t0_ = now_s();                                                                      \
        SW_TEST_RUN(fn);                                                                           \
        printf("  (%s: %.1f s)\n", #fn, now_s() - t0_);                                           \
    } while (0)

int main(void)
{
    uint32_t *ids;
    size_t n;
    if (sw_ngram_read_dir(CORPUS_DIR, &vocab, &ids, &n) != 0 || n < 10000) {
        fprintf(stderr, "cannot read the training text in %s\n", CORPUS_DIR);
        return 1;
    }
    V = sw_wm_vocab_size(vocab);
    teacher = sw_ngram_train(ids, n, V);
    printf("teacher: trigram model on %zu words of %s, vocabulary %u\n", n, CORPUS_DIR, V);
    free(ids);
    TIMED(test_calibration);
    TIMED(test_power_and_robustness);
    TIMED(test_radioactivity);
    sw_ngram_free(teacher);
    sw_wm_vocab_free(vocab);
    return SW_TEST_END();
}
