/*
 * ngram.h — a small real language model for the watermark tests: an
 * interpolated trigram model over words, trained on English text.
 *
 * No model weights can be downloaded where the tests run, so the tests
 * train their own models on a text that every Debian system has (the
 * licence texts of base-files, /usr/share/common-licenses) and on the
 * outputs of other models ("students"). The model gives what a server's
 * model gives: a full vector of logits over its vocabulary for any context
 * (for the watermark's embedding calls), and also a fast sampler of the same
 * distribution that needs no vocabulary-sized step (for drawing the 100,000
 * unwatermarked texts of the calibration test).
 *
 *   p(w | u v) = (l3 [c(uv)>0] c(uvw)/c(uv) + l2 [c(v)>0] c(vw)/c(v)
 *                 + l1 c(w)/N + l0 / V) / (sum of the l in use)
 */
#ifndef SW_TEST_NGRAM_H
#define SW_TEST_NGRAM_H

#include <stddef.h>
#include <stdint.h>

#include "wm/vocab.h"

typedef struct sw_ngram sw_ngram;

/* A splitmix64 generator: the tests' only source of randomness. */
static inline uint64_t sw_ngram_rand(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Reads and tokenises the regular files of dir (sorted by name) into a new
 * vocabulary and id array. Returns 0 or -1. */
int sw_ngram_read_dir(const char *dir, sw_wm_vocab **vocab, uint32_t **ids, size_t *n);

/* Trains on ids[0..n) over a vocabulary of v words (ids are copied). */
sw_ngram *sw_ngram_train(const uint32_t *ids, size_t n, uint32_t v);
void sw_ngram_free(sw_ngram *m);
uint32_t sw_ngram_vocab(const sw_ngram *m);

/* Logits (natural log-probabilities) of the word after ctx[0..nctx). */
void sw_ngram_logits(sw_ngram *m, const uint32_t *ctx, size_t nctx, float *logits);

/* One word drawn from the same distribution, in O(log n). */
uint32_t sw_ngram_draw(const sw_ngram *m, const uint32_t *ctx, size_t nctx, uint64_t *rng);

/* A prompt: `len` consecutive words of the training text at a random place. */
void sw_ngram_prompt(const sw_ngram *m, uint64_t *rng, uint32_t *out, size_t len);

#endif
