/*
 * textmemo.h — what a prompt's text says, computed once per distinct text.
 *
 * Content classes (Hyperscan), the template fingerprints and the MinHash band
 * keys of a prompt depend on its bytes alone, and they are the dearest part
 * of an event: several microseconds for a few hundred bytes. Traffic at scale
 * repeats itself across accounts — benchmark questions run by many evaluation
 * jobs, the same templated request sent by every account of a farm, the
 * canned prompts of apps — so the engine memoises these facts in a
 * fixed-size, direct-mapped table keyed by a 64-bit hash of the text and its
 * length. A collision replaces the slot; a lookup that finds another text
 * computes afresh. The table's size is fixed at creation, so memory does not
 * grow with events.
 *
 * The memo changes no result: a hit returns exactly what computing would
 * (two different texts sharing both a 64-bit hash and a length are treated as
 * one, with probability ~2^-64 per pair).
 */
#ifndef SW_DETECT_TEXTMEMO_H
#define SW_DETECT_TEXTMEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "detect/content.h"
#include "detect/minhash.h"
#include "detect/template.h"

enum { SW_BANDS_UNKNOWN, SW_BANDS_NONE, SW_BANDS_VALID };

typedef struct {
    uint64_t hash;      /* of the whole text */
    uint32_t len;       /* bytes (saturated) */
    uint8_t bands_state; /* SW_BANDS_*: the MinHash bands are computed on demand */
    sw_content_result content;
    sw_template tpl;
    uint64_t bands[SW_LSH_BANDS];
} sw_text_facts;

typedef struct sw_textmemo sw_textmemo;

/* slots is rounded up to a power of two. SW_OK or SW_ENOMEM. */
int sw_textmemo_new(sw_textmemo **out, size_t slots);
void sw_textmemo_free(sw_textmemo *m); /* NULL is a no-op */

/* The slot for (hash, len): *hit tells whether it already holds that text's
 * facts; when it does not, the caller fills it in (hash and len are set,
 * bands_state is SW_BANDS_UNKNOWN). */
sw_text_facts *sw_textmemo_slot(sw_textmemo *m, uint64_t hash, size_t len, bool *hit);

/* Starts loading the slot of hash (a hint: the table is large and a lookup
 * is a cache miss that other work can overlap). Changes no state. */
void sw_textmemo_prefetch(const sw_textmemo *m, uint64_t hash);

/* Bytes held. */
size_t sw_textmemo_bytes(const sw_textmemo *m);

/* Lookups and hits so far (for stats and benchmarks). */
void sw_textmemo_stats(const sw_textmemo *m, uint64_t *lookups, uint64_t *hits);

#endif
