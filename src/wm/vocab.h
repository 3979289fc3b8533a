/*
 * vocab.h — a word-level vocabulary: the tokens of small test and
 * demonstration models, and the "words:FILE" tokenizer of `stillwatch wm`.
 *
 * Production detection uses the generating model's own tokenizer
 * (tokenizer.h). A word model, such as the n-gram language models the
 * tests train, has its own vocabulary: one word per line of a file, the
 * line number (from 0) being the id. Text is cut into tokens by
 * sw_wm_word_next(): maximal runs of ASCII letters, digits, apostrophes and
 * bytes >= 0x80 (UTF-8 letters), lowercased; every other visible byte is a
 * token of its own; whitespace separates and is dropped. A word not in the
 * vocabulary gets the id of "<unk>" if the file has one, else the id
 * vocab_size (one past the last).
 */
#ifndef SW_WM_VOCAB_H
#define SW_WM_VOCAB_H

#include <stddef.h>
#include <stdint.h>

#define SW_WM_WORD_MAX 64 /* longer words are cut into pieces of this length */

/* The next token of [*p, end) into word (NUL-terminated, lowercased);
 * returns its length, or 0 at the end. Advances *p. */
size_t sw_wm_word_next(const char **p, const char *end, char word[SW_WM_WORD_MAX + 1]);

typedef struct sw_wm_vocab sw_wm_vocab;

int sw_wm_vocab_new(sw_wm_vocab **out);
void sw_wm_vocab_free(sw_wm_vocab *v);

/* The id of word, adding it if absent. SW_OK or SW_ENOMEM. */
int sw_wm_vocab_add(sw_wm_vocab *v, const char *word, uint32_t *id);

/* Reads a vocabulary file. SW_OK; SW_ENOTFOUND (cannot open: err says
 * why); SW_EPARSE (empty file, duplicate word: FILE:LINE: reason); SW_ENOMEM. */
int sw_wm_vocab_load(sw_wm_vocab **out, const char *path, char *err, size_t errsz);

/* Writes one word per line. SW_OK or SW_EIO. */
int sw_wm_vocab_save(const sw_wm_vocab *v, const char *path);

uint32_t sw_wm_vocab_size(const sw_wm_vocab *v);
const char *sw_wm_vocab_word(const sw_wm_vocab *v, uint32_t id); /* NULL when out of range */

/* The id of a word already cut by sw_wm_word_next (unknown words as above). */
uint32_t sw_wm_vocab_lookup(const sw_wm_vocab *v, const char *word);

/* Tokenises n bytes of text; *ids is malloc'd. SW_OK or SW_ENOMEM. */
int sw_wm_vocab_encode(const sw_wm_vocab *v, const char *text, size_t n, uint32_t **ids, size_t *nids);

#endif
