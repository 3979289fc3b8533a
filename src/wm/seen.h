/*
 * seen.h — inside the watermark module: adding to a tuple set (the public
 * part of sw_wm_seen is in wm.h).
 */
#ifndef SW_WM_SEEN_H
#define SW_WM_SEEN_H

#include <stdint.h>

#include "wm/wm.h"

/* The key of a (seed, token) tuple. */
static inline uint64_t sw_wm_tuple(uint32_t seed, uint32_t token)
{
    return (uint64_t)seed << 32 | token;
}

/* 1 if key was new (now added), 0 if already there, SW_ENOMEM. */
int sw_wm_seen_add(sw_wm_seen *s, uint64_t key);

#endif
