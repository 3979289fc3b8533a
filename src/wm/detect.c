/*
 * detect.c — scoring token sequences against a watermark key.
 *
 * For each position with a full context window the detector recomputes
 * what the embedder computed: the context seed (minimum of the keyed token
 * hashes over the window, with the token itself in the minimum under
 * self-hash), then the token's unit value. That is O(window) integer work
 * per token and no vocabulary-sized step, so the cost is a few nanoseconds
 * per token; the token hashes of the window are kept in a ring so each
 * token is hashed once.
 *
 * Each (seed, token) tuple is scored once per tuple set: under the null
 * hypothesis distinct tuples have independent uniform unit values, which
 * is what makes the binomial and Gamma tails exact; a repeated tuple is the
 * same draw again and carries no new evidence.
 *
 * KGW counts green tuples (unit < green_below, probability exactly
 * green_below / 2^32). Gumbel adds -ln(1 - r) with r = (unit + 1/2) / 2^32,
 * an Exp(1) variable under the null, so the sum over n tuples is Gamma(n, 1).
 */
#include <math.h>

#include "core/error.h"
#include "wm/seen.h"
#include "wm/stats.h"
#include "wm/wm_int.h"

/* Walks the scorable positions of a token sequence. */
typedef struct tuple_iter {
    const sw_wm *wm;
    const uint32_t *ids;
    size_t n, i;
    uint32_t ring[SW_WM_MAX_WINDOW]; /* tokhash of the last `window` tokens */
} tuple_iter;

static void iter_init(tuple_iter *it, const sw_wm *wm, const uint32_t *ids, size_t n)
{
    it->wm = wm;
    it->ids = ids;
    it->n = n;
    it->i = 0;
}

/* The next (seed, token) tuple and its unit value; false at the end. */
static inline bool iter_next(tuple_iter *it, uint32_t *seed, uint32_t *tok, uint32_t *unit)
{
    const sw_wm *wm = it->wm;
    unsigned w = wm->p.window;
    while (it->i < it->n) {
        size_t i = it->i++;
        uint32_t t = it->ids[i];
        uint32_t h = sw_wm_tokhash(&wm->keys, t);
        uint32_t m = UINT32_MAX;
        if (i >= w)
            for (unsigned j = 0; j < w; j++)
                m = it->ring[j] < m ? it->ring[j] : m;
        it->ring[i % w] = h;
        if (i < w)
            continue;
        if (wm->p.self_hash)
            m = h < m ? h : m;
        uint32_t sa, sb;
        sw_wm_seed_words(&wm->keys, m, &sa, &sb);
        *seed = m;
        *tok = t;
        *unit = sw_wm_unit(sa, sb, t);
        return true;
    }
    return false;
}

int sw_wm_score(const sw_wm *wm, const uint32_t *ids, size_t n, sw_wm_seen *seen, sw_wm_tally *t)
{
    int rc = SW_OK;
    bool kgw = wm->p.scheme == SW_WM_KGW;
    uint32_t below = wm->green_below;
    t->tokens += n;
    tuple_iter it;
    iter_init(&it, wm, ids, n);
    uint32_t seed, tok, unit;
    while (iter_next(&it, &seed, &tok, &unit)) {
        if (seen) {
            int added = sw_wm_seen_add(seen, sw_wm_tuple(seed, tok));
            if (added < 0) {
                rc = added;
                break;
            }
            if (!added) {
                t->repeats++;
                continue;
            }
        }
        t->scored++;
        if (kgw)
            t->green += unit < below;
        else
            t->score += -log(((double)(uint32_t)~unit + 0.5) * 0x1p-32);
    }
    return rc;
}

int sw_wm_exclude(const sw_wm *wm, const uint32_t *ids, size_t n, sw_wm_seen *seen, uint64_t *excluded)
{
    int rc = SW_OK;
    tuple_iter it;
    iter_init(&it, wm, ids, n);
    uint32_t seed, tok, unit;
    while (iter_next(&it, &seed, &tok, &unit)) {
        int added = sw_wm_seen_add(seen, sw_wm_tuple(seed, tok));
        if (added < 0) {
            rc = added;
            break;
        }
        *excluded += (uint64_t)added;
    }
    return rc;
}

void sw_wm_tally_result(const sw_wm *wm, const sw_wm_tally *t, sw_wm_result *r)
{
    double n = (double)t->scored;
    r->scored = t->scored;
    if (wm->p.scheme == SW_WM_KGW) {
        double g = (double)wm->green_below * 0x1p-32;
        r->gamma = g;
        r->statistic = (double)t->green;
        r->expected = n * g;
        r->z = n > 0 ? (r->statistic - r->expected) / sqrt(n * g * (1 - g)) : 0;
        r->ln_p = sw_wm_binom_ln_sf(t->green, t->scored, g);
    } else {
        r->gamma = 0;
        r->statistic = t->score;
        r->expected = n;
        r->z = n > 0 ? (t->score - n) / sqrt(n) : 0;
        r->ln_p = n > 0 ? sw_wm_gamma_ln_q(n, t->score) : 0;
    }
    if (r->ln_p > 0)
        r->ln_p = 0;
    r->p = exp(r->ln_p);
}
