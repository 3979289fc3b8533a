/*
 * fuzz_content.c — libFuzzer target for the content scan (src/detect/content.c):
 * the sentence cutter and the per-scratch sentence memo over arbitrary bytes.
 *
 * Whatever the bytes, a scan must not crash or leak, and:
 *   - the segments are non-empty, in order, inside the scanned prefix, and
 *     hold no newline;
 *   - a segment cut out alone is one segment (no cut point inside it);
 *   - the text's classes are the union of its segments' classes, each
 *     scanned alone;
 *   - scanning again (now from the memo) gives the same classes.
 * One scratch lives across inputs, so the memo carries entries from earlier
 * inputs, as it does in the engine.
 *
 * The re-ask memory (src/detect/reask.c) reads the same segments: each
 * segment's compared core lies inside the segment, and a text noted twice
 * in a row is a re-ask the second time unless it has nothing to compare.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "detect/content.h"
#include "detect/reask.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_SEGMENTS 4096

static sw_content *db;
static sw_content_scratch *scratch;
static sw_reask *reask;

static sw_content_result scan(const char *text, size_t n)
{
    sw_content_result r;
    if (sw_content_scan(db, scratch, text, n, &r) != SW_OK)
        abort();
    return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!db) {
        char err[256];
        if (sw_content_new(&db, err, sizeof err) != SW_OK || sw_content_scratch_new(db, &scratch) != SW_OK ||
            sw_reask_new(&reask, 1u << 20) != SW_OK)
            abort();
    }
    const char *text = (const char *)data;
    static size_t at[MAX_SEGMENTS], len[MAX_SEGMENTS];
    size_t n = sw_content_segments(text, size, at, len, MAX_SEGMENTS);
    if (n > MAX_SEGMENTS)
        return 0; /* more segments than bytes/2 allow only for huge inputs */
    size_t limit = size < SW_CONTENT_MAX_SCAN ? size : SW_CONTENT_MAX_SCAN;
    sw_content_result whole = scan(text, size), parts = {0, 0};
    bool countable = false;
    for (size_t i = 0; i < n; i++) {
        if (!len[i] || at[i] + len[i] > limit || (i && at[i] < at[i - 1] + 1) ||
            memchr(text + at[i], '\n', len[i]))
            abort();
        size_t one_at, one_len;
        if (sw_content_segments(text + at[i], len[i], &one_at, &one_len, 1) != 1 || one_at != 0 ||
            one_len != len[i])
            abort();
        const char *core;
        size_t core_len = sw_reask_core(text + at[i], len[i], &core);
        if (core < text + at[i] || core + core_len > text + at[i] + len[i])
            abort();
        if (i < SW_REASK_MAX_SEGMENTS && core_len >= SW_REASK_MIN_SEGMENT)
            countable = true;
        sw_content_result r = scan(text + at[i], len[i]);
        parts.signals |= r.signals;
        parts.categories |= r.categories;
    }
    /* the re-ask memory reads at most its first 16 KB: compare on short inputs
     * only; (a key pair sharing a slot in a 2^20 table would make the
     * second note "new", so the check is one-sided) */
    if (size <= 16384) {
        sw_reask_note(reask, 7, text, size);
        if (sw_reask_note(reask, 7, text, size) && !countable)
            abort();
    }
    sw_content_result again = scan(text, size);
    if (whole.signals != parts.signals || whole.categories != parts.categories ||
        again.signals != whole.signals || again.categories != whole.categories)
        abort();
    return 0;
}
