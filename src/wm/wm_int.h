/*
 * wm_int.h — the inside of an sw_wm handle, shared by the files of the
 * watermark module (embedding kernels, detection). Not a public header.
 */
#ifndef SW_WM_INT_H
#define SW_WM_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wm/prf.h"
#include "wm/wm.h"

struct sw_wm {
    sw_wm_params p;
    sw_wm_keys keys;
    /* KGW: t is green when unit < green_below; the exact green probability
     * is green_below / 2^32, which the detector uses as gamma. */
    uint32_t green_below;
    float delta;
};

/*
 * The context seed of the position after ctx[0..n): the minimum of tokhash
 * over the last `window` tokens. False when there are fewer.
 */
static inline bool sw_wm_context_seed(const sw_wm *wm, const uint32_t *ctx, size_t n, uint32_t *seed)
{
    unsigned w = wm->p.window;
    if (n < w)
        return false;
    uint32_t m = UINT32_MAX;
    for (size_t i = n - w; i < n; i++) {
        uint32_t h = sw_wm_tokhash(&wm->keys, ctx[i]);
        m = h < m ? h : m;
    }
    *seed = m;
    return true;
}

#endif
