/*
 * wm_sampling_loop.c — how a model server embeds the watermark: one library
 * call per generated token, between the model's forward pass and the next.
 *
 * The "model" here is a stand-in that returns fixed pseudo-random logits;
 * a server passes its real logits (divided by the temperature). Build:
 *
 *   cc -O2 -Isrc docs/examples/wm_sampling_loop.c -Lbuild -lstillwatch_wm -lsodium -lm
 *
 * (the CMake build compiles it as build/examples/wm_sampling_loop).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wm/wm.h"

#define VOCAB 32000

/* Stand-in for the model's forward pass. */
static void model_logits(const uint32_t *ctx, size_t n, float *logits)
{
    uint32_t h = n ? ctx[n - 1] * 2654435761u : 1;
    for (uint32_t t = 0; t < VOCAB; t++) {
        h ^= h << 13, h ^= h >> 17, h ^= h << 5;
        logits[t] = (float)(h % 1000) / 100.0f; /* 0..10 */
    }
}

int main(void)
{
    /* The secret comes from the server's key store; 32 bytes of hex here. */
    uint8_t secret[SW_WM_MAX_SECRET];
    size_t secretlen;
    if (sw_wm_secret_from_hex("3f9a0c5d7e21b4680f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778", secret,
                              &secretlen) != 0)
        return 1;
    sw_wm_params p;
    sw_wm_params_default(&p, SW_WM_KGW); /* gamma 0.25, delta 2, previous token */
    sw_wm *wm;
    char err[256];
    if (sw_wm_new(&wm, secret, secretlen, &p, err, sizeof err) != 0) {
        fprintf(stderr, "watermark: %s\n", err);
        return 1;
    }
    /* One handle per key, shared by every request and thread. */

    uint32_t ctx[64] = {17, 4242, 99}; /* the prompt's tokens */
    size_t n = 3;
    float *logits = malloc(VOCAB * sizeof *logits);
    uint64_t rng = 0x2545f4914f6cdd1dULL; /* the server's own random source */
    while (n < 64) {
        model_logits(ctx, n, logits);
        /* temperature: divide the logits before the call */
        uint32_t next;
        rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
        if (sw_wm_sample(wm, ctx, n, logits, VOCAB, rng, &next) != 0)
            break;
        /* A server with its own sampler (top-p, penalties...) calls
         * sw_wm_bias(wm, ctx, n, logits, VOCAB) instead and samples from the
         * biased logits itself. */
        ctx[n++] = next;
    }

    /* The detector, as `stillwatch wm detect` runs it, on the generated ids. */
    sw_wm_seen *seen;
    sw_wm_seen_new(&seen);
    sw_wm_tally t = {0};
    sw_wm_score(wm, ctx + 3, n - 3, seen, &t);
    sw_wm_result r;
    sw_wm_tally_result(wm, &t, &r);
    printf("generated %zu tokens: %llu scored, %g green, z = %.2f, p = %.3g\n", n - 3,
           (unsigned long long)r.scored, r.statistic, r.z, r.p);
    sw_wm_seen_free(seen);
    sw_wm_free(wm);
    free(logits);
    return 0;
}
