/*
 * template.h — prompt template fingerprints.
 *
 * What it is for. Distillers and legitimate pipelines alike send prompts
 * made from a template with slots: "What is {a} * {b}?", "Translate
 * \"{sentence}\" into French.", "Solve the following problem ... {task} ...
 * Show all your reasoning." The detector wants to know how many templates an
 * account uses and how many accounts share one, so each prompt is reduced to
 * two 64-bit fingerprints:
 *
 *  - skeleton: the hash of the whole text with its slots blanked out, so two
 *    prompts from the same template with different fillings collide;
 *  - frame: the hash of the first 6 and the last 6 normalised words, so two
 *    prompts that wrap different tasks in the same fixed instruction collide
 *    even when the tasks themselves differ in shape.
 *
 * Normalisation, applied in one pass over the first SW_TEMPLATE_MAX_BYTES
 * (8 KB) of the text:
 *  - whitespace runs become one space; leading and trailing space vanish;
 *    other control characters are dropped;
 *  - a quoted string becomes "_" (with its quotes): "...", `...`, ```...```,
 *    “...”, and '...' or ‘...’ when the opening quote follows a non-word
 *    byte and the closing quote precedes one (so "don't" is not a quote);
 *    an opening quote with no closing quote is kept as it is;
 *  - URLs (http://, https://, www.) become <url>; e-mail addresses become
 *    <email>;
 *  - identifiers become #: runs of letters, digits, '_' and '-' that hold
 *    both a letter and a digit and are at least 6 bytes long (UUIDs, hashes,
 *    "user_8812"), and 0x-prefixed hex numbers;
 *  - a number (a digit run, with "." or "," between digits) becomes #, also
 *    inside a word ("3rd" -> "#rd");
 *  - a capitalised word not at the start of a sentence (a name) becomes N,
 *    and consecutive names one N ("John Smith" -> N). A word is capitalised
 *    when its first letter is an ASCII capital and it is a single letter or
 *    has a lowercase letter: "Alice", "McDonald", "B" are names; "JSON" and
 *    "NOT" are not (they are lowercased), and neither is "I". Sentences start
 *    at the start of the text, after a newline and after ".", "!" or "?"
 *    followed by whitespace. A name at the start of a sentence is not
 *    recognised (nothing tells it from any other first word);
 *  - everything else is lowercased (ASCII), and other bytes, punctuation and
 *    UTF-8 included, are kept.
 * So "What is 37 * 91?" and "What is 12 * 4?" both become "what is # * #?".
 * The words of the frame are the tokens of that text: words (a maximal run
 * of letters, digits and bytes >= 0x80) and the placeholders; punctuation is
 * not a word.
 *
 * Contract.
 *  - sw_template_of reads at most the first SW_TEMPLATE_MAX_BYTES of text
 *    (which need not be NUL-terminated nor valid UTF-8) once, allocates
 *    nothing, keeps no state and does no I/O.
 *  - Equal normalised texts give equal fingerprints; an empty or all-space
 *    text gives the fingerprints of the empty text.
 *  - skel_out may be NULL (or skel_cap 0). Otherwise it receives the first
 *    at most skel_cap-1 bytes of the normalised text, NUL-terminated, cut so
 *    that no UTF-8 sequence of the text is split; it is for reasons shown to
 *    analysts, not for comparison (compare the hashes).
 */
#ifndef SW_TEMPLATE_H
#define SW_TEMPLATE_H

#include <stddef.h>
#include <stdint.h>

#define SW_TEMPLATE_MAX_BYTES 8192
#define SW_TEMPLATE_FRAME_WORDS 6

typedef struct {
    uint64_t skeleton; /* hash of the whole normalised text */
    uint64_t frame;    /* hash of its first and last 6 words */
} sw_template;

void sw_template_of(const char *text, size_t n, sw_template *out, char *skel_out,
                    size_t skel_cap);

#endif
