/*
 * key.c — sw_wm handles: parameters, secrets and the keys derived from them.
 *
 * The provider holds one secret (16 to 64 bytes, kept like any signing
 * key). Each scheme gets its own key words, derived with keyed BLAKE2b
 * (libsodium's crypto_generichash, the secret as the BLAKE2b key) over a
 * label naming the scheme and the format version, so that a KGW detector
 * and a Gumbel detector built from one secret share nothing, and a change
 * of the derivation is a new label rather than a silent change of green
 * lists. Window and gamma are not in the label: they are public parameters
 * of detection, and keeping them out lets one key serve several settings.
 */
#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "wm/wm_int.h"

void sw_wm_params_default(sw_wm_params *p, sw_wm_scheme scheme)
{
    p->scheme = scheme;
    p->gamma = 0.25;
    p->delta = 2.0;
    p->window = 1;
    p->self_hash = false;
}

static int fail(char *err, size_t errsz, const char *msg)
{
    if (err && errsz)
        snprintf(err, errsz, "%s", msg);
    return SW_EINVAL;
}

static uint32_t load32(const unsigned char *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

int sw_wm_new(sw_wm **out, const uint8_t *secret, size_t secretlen, const sw_wm_params *p, char *err,
              size_t errsz)
{
    *out = NULL;
    if (p->scheme != SW_WM_KGW && p->scheme != SW_WM_GUMBEL)
        return fail(err, errsz, "unknown scheme");
    if (secretlen < SW_WM_MIN_SECRET || secretlen > SW_WM_MAX_SECRET)
        return fail(err, errsz, "the secret must be 16 to 64 bytes");
    if (p->window < 1 || p->window > SW_WM_MAX_WINDOW)
        return fail(err, errsz, "the context window must be 1 to 16 tokens");
    if (p->scheme == SW_WM_KGW) {
        if (!(p->gamma > 0 && p->gamma < 1))
            return fail(err, errsz, "gamma must be in (0, 1)");
        if (!(p->delta >= 0 && p->delta <= 100))
            return fail(err, errsz, "delta must be in [0, 100]");
    }
    if (sodium_init() < 0)
        return fail(err, errsz, "libsodium failed to initialise");
    sw_wm *wm = calloc(1, sizeof *wm);
    if (!wm)
        return SW_ENOMEM;
    wm->p = *p;
    const char *label = p->scheme == SW_WM_KGW ? "stillwatch/wm/v1/kgw" : "stillwatch/wm/v1/gumbel";
    unsigned char k[16];
    crypto_generichash(k, sizeof k, (const unsigned char *)label, strlen(label), secret, secretlen);
    wm->keys.tok_a = load32(k);
    wm->keys.tok_b = load32(k + 4);
    wm->keys.seed_a = load32(k + 8);
    wm->keys.seed_b = load32(k + 12);
    sodium_memzero(k, sizeof k);
    if (p->scheme == SW_WM_KGW) {
        double below = nearbyint(p->gamma * 4294967296.0);
        if (below < 1)
            below = 1;
        if (below > 4294967295.0)
            below = 4294967295.0;
        wm->green_below = (uint32_t)below;
        wm->delta = (float)p->delta;
    }
    *out = wm;
    return SW_OK;
}

void sw_wm_free(sw_wm *wm)
{
    if (!wm)
        return;
    sodium_memzero(wm, sizeof *wm);
    free(wm);
}

const sw_wm_params *sw_wm_get_params(const sw_wm *wm)
{
    return &wm->p;
}

int sw_wm_secret_from_hex(const char *hex, uint8_t out[SW_WM_MAX_SECRET], size_t *len)
{
    while (*hex == ' ' || *hex == '\t' || *hex == '\n' || *hex == '\r')
        hex++;
    size_t n = strlen(hex);
    while (n && (hex[n - 1] == ' ' || hex[n - 1] == '\t' || hex[n - 1] == '\n' || hex[n - 1] == '\r'))
        n--;
    if (n % 2 || n / 2 < SW_WM_MIN_SECRET || n / 2 > SW_WM_MAX_SECRET)
        return SW_EINVAL;
    size_t got = 0;
    const char *end = NULL;
    if (sodium_hex2bin(out, SW_WM_MAX_SECRET, hex, n, NULL, &got, &end) != 0 || end != hex + n || got != n / 2)
        return SW_EINVAL;
    *len = got;
    return SW_OK;
}
