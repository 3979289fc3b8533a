/*
 * reask.h — has this account asked this question before?
 *
 * What a distiller takes away is answers to distinct questions: a training
 * set grows with new prompts, not with the same prompt asked again. An
 * experiment is the opposite: a researcher or an evaluation harness asks a
 * bounded set of items again and again, under several instructions, models,
 * temperatures or samples, and compares the answers. So the scorer counts an
 * extraction-grade request as a harvest only when it brings something the
 * account has not sent before; this module says which requests do not.
 *
 * A text is cut into the content scanner's segments (lines, and sentences
 * within lines: sw_content_segments). Each segment is trimmed of spaces and
 * full stops at both ends and of up to two short leading labels — up to
 * three words ending in ':' or ']', as in "Question:", "Problem 12: Q:" or
 * "[Condition B]" — so that the same item wrapped in another instruction
 * still matches; segments shorter than SW_REASK_MIN_SEGMENT bytes after that
 * ("Answer:") are ignored. A text is a re-ask when every counted segment was
 * already recorded for the same owner; all of its segments are recorded. A
 * text with no counted segment is never a re-ask. Only the first
 * SW_REASK_MAX_SEGMENTS segments of the first 16 KB are read.
 *
 * Memory is one fixed, direct-mapped table of 64-bit keys (a hash of owner
 * and segment), so it does not grow with events. A collision overwrites:
 * forgetting makes a later repeat look new, which errs towards the score the
 * account would have had without this module; a false "seen" needs two
 * 64-bit keys to collide.
 */
#ifndef SW_DETECT_REASK_H
#define SW_DETECT_REASK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SW_REASK_MIN_SEGMENT 8
#define SW_REASK_MAX_SEGMENTS 48

typedef struct sw_reask sw_reask;

/* slots is rounded up to a power of two. SW_OK or SW_ENOMEM. */
int sw_reask_new(sw_reask **out, size_t slots);
void sw_reask_free(sw_reask *r); /* NULL is a no-op */

/* Whether owner already sent every counted segment of text (see above);
 * records them for owner either way. text may be NULL when n is 0. */
bool sw_reask_note(sw_reask *r, uint32_t owner, const char *text, size_t n);

/* sw_reask_note in three steps, so that a caller can do other work while
 * the table's slots load: the keys of text's counted segments for owner
 * (returns how many, at most SW_REASK_MAX_SEGMENTS; no table needed), a
 * hint to load their slots (changes nothing), and the lookup that records
 * them and says whether all were there (false for no keys). */
size_t sw_reask_keys(uint32_t owner, const char *text, size_t n, uint64_t keys[SW_REASK_MAX_SEGMENTS]);
void sw_reask_prefetch(const sw_reask *r, const uint64_t *keys, size_t nkeys);
bool sw_reask_record(sw_reask *r, const uint64_t *keys, size_t nkeys);

/* The part of a segment that is compared: seg without surrounding white
 * space and without a leading label. Sets *out and returns its length. For
 * tests. */
size_t sw_reask_core(const char *seg, size_t n, const char **out);

/* Bytes held. */
size_t sw_reask_bytes(const sw_reask *r);

#endif
