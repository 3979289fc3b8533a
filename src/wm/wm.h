/*
 * wm.h — text watermarking: embedding for model servers, detection for
 * texts, corpora and suspect models.
 *
 * Two schemes behind one handle, both keyed by a provider's secret:
 *
 *   SW_WM_KGW     the green-list watermark of Kirchenbauer et al. (2023). For
 *                 each position a keyed function of the context splits the
 *                 vocabulary into a green fraction gamma and the rest; delta
 *                 is added to the green logits before sampling. Detection
 *                 counts green tokens: exact binomial tail.
 *   SW_WM_GUMBEL  the distortion-free exponential (Gumbel) scheme of Aaronson:
 *                 a keyed uniform r_t per vocabulary entry and context; the
 *                 token chosen is argmax r_t^(1/p_t), which is an exact sample
 *                 of p over the key's randomness. Detection sums
 *                 -ln(1 - r_t): Gamma(n, 1) under no watermark, exact tail.
 *
 * Context: the green list / the r vector at position i depends on a 32-bit
 * seed, the minimum of a keyed hash over the `window` previous tokens
 * (window 1 is the previous token, "LeftHash"; wider windows are
 * "Min-LeftHash"); with self_hash the candidate token joins the minimum
 * ("Min-SelfHash", Kirchenbauer et al., "On the Reliability of Watermarks
 * for Large Language Models", 2023). Positions with fewer than `window`
 * tokens of context carry no watermark and are not scored.
 *
 * A handle is read-only after sw_wm_new() and may be shared by threads.
 * Embedding is deterministic given key, context, logits and the caller's
 * random value. No call allocates except sw_wm_new and the tuple set.
 */
#ifndef SW_WM_H
#define SW_WM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum { SW_WM_KGW = 0, SW_WM_GUMBEL = 1 } sw_wm_scheme;

typedef struct sw_wm_params {
    sw_wm_scheme scheme;
    double gamma;     /* KGW: green fraction, in (0, 1); default 0.25 */
    double delta;     /* KGW: logit bias of green tokens, >= 0; default 2.0 */
    unsigned window;  /* tokens of context hashed, 1..SW_WM_MAX_WINDOW; default 1 */
    bool self_hash;   /* the candidate token joins the context minimum */
} sw_wm_params;

#define SW_WM_MAX_WINDOW 16
#define SW_WM_MIN_SECRET 16 /* bytes */
#define SW_WM_MAX_SECRET 64

typedef struct sw_wm sw_wm;

/* Defaults of a scheme (gamma 0.25, delta 2, window 1, no self-hash). */
void sw_wm_params_default(sw_wm_params *p, sw_wm_scheme scheme);

/*
 * Derives the scheme's keys from the secret (16..64 bytes) with keyed
 * BLAKE2b. SW_OK; SW_EINVAL (bad parameters or secret length, explained in
 * err); SW_ENOMEM.
 */
int sw_wm_new(sw_wm **out, const uint8_t *secret, size_t secretlen, const sw_wm_params *p, char *err,
              size_t errsz);
void sw_wm_free(sw_wm *wm); /* NULL is a no-op */
const sw_wm_params *sw_wm_get_params(const sw_wm *wm);

/* Parses a hex secret (whitespace around it ignored) into out[0..*len).
 * SW_OK or SW_EINVAL (not hex, odd length, or not 16..64 bytes). */
int sw_wm_secret_from_hex(const char *hex, uint8_t out[SW_WM_MAX_SECRET], size_t *len);

/* ---- Embedding ---------------------------------------------------------- */

/*
 * KGW: adds delta to the logits of the green tokens, in place. ctx holds the
 * tokens before the one being generated (prompt included), oldest first;
 * only the last `window` are read. With fewer, logits are left as they are.
 * SW_OK, or SW_EINVAL (Gumbel handle, vocab 0).
 */
int sw_wm_bias(const sw_wm *wm, const uint32_t *ctx, size_t nctx, float *logits, uint32_t vocab);

/*
 * Samples the next token from logits (already divided by the temperature)
 * with the watermark applied: KGW draws exactly from softmax(logits + bias)
 * with the caller's random value as the only source of randomness; Gumbel
 * picks argmax r_t^(1/p_t) with the keyed r (random is then used only when
 * the context is too short to seed the watermark, or when its window
 * already occurred earlier in ctx: a repeated context would repeat the
 * choice and loop). Entries that are -inf or NaN are never chosen; a +inf
 * entry is (the first, if several). SW_OK, or SW_EINVAL (vocab 0, no finite logit).
 */
int sw_wm_sample(const sw_wm *wm, const uint32_t *ctx, size_t nctx, const float *logits, uint32_t vocab,
                 uint64_t random, uint32_t *token);

/* ---- Detection ---------------------------------------------------------- */

/* A set of scored (seed, token) tuples, for counting repeats once. */
typedef struct sw_wm_seen sw_wm_seen;
int sw_wm_seen_new(sw_wm_seen **out);
void sw_wm_seen_clear(sw_wm_seen *s);
void sw_wm_seen_free(sw_wm_seen *s);
size_t sw_wm_seen_count(const sw_wm_seen *s);
size_t sw_wm_seen_bytes(const sw_wm_seen *s);

/* Running counts of one test (a text, a corpus, a model's outputs). */
typedef struct sw_wm_tally {
    uint64_t tokens;   /* tokens read */
    uint64_t scored;   /* distinct tuples scored */
    uint64_t repeats;  /* tuples skipped as already scored (or excluded) */
    uint64_t green;    /* KGW: green tuples among the scored */
    double score;      /* Gumbel: sum of -ln(1 - r) over the scored */
} sw_wm_tally;

/*
 * Scores tokens ids[0..n) of one text into *t. With seen non-NULL, a tuple
 * already in seen is counted as a repeat, and new tuples are added (so one
 * set across texts deduplicates a corpus). SW_OK or SW_ENOMEM.
 */
int sw_wm_score(const sw_wm *wm, const uint32_t *ids, size_t n, sw_wm_seen *seen, sw_wm_tally *t);

/*
 * Adds the tuples of ids to seen without scoring them (for instance a
 * prompt's own tuples, which a suspect model may merely copy); each new one
 * counts in *excluded. SW_OK or SW_ENOMEM.
 */
int sw_wm_exclude(const sw_wm *wm, const uint32_t *ids, size_t n, sw_wm_seen *seen, uint64_t *excluded);

/* The test's outcome. p-values are exact; ln_p keeps them below 1e-308. */
typedef struct sw_wm_result {
    uint64_t scored;
    double statistic; /* KGW: green count; Gumbel: sum of -ln(1 - r) */
    double expected;  /* its mean with no watermark */
    double z;         /* (statistic - mean) / sd with no watermark */
    double ln_p;      /* natural log of the one-sided p-value */
    double p;         /* exp(ln_p) (0 when it underflows) */
    double gamma;     /* KGW: the exact green probability used */
} sw_wm_result;

void sw_wm_tally_result(const sw_wm *wm, const sw_wm_tally *t, sw_wm_result *r);

#endif
