/*
 * textids.h — text to token ids for the watermark detector: one handle over
 * the model tokenizers of tokenizer.h and the word vocabularies of vocab.h.
 *
 * Specs: "words:FILE" (a word vocabulary, see vocab.h) or any spec that
 * sw_tokenizer_open() accepts (cl100k_base, o200k_base, tiktoken:PATH,
 * hf:PATH, spm:PATH), when the model tokenizers are built in.
 */
#ifndef SW_WM_TEXTIDS_H
#define SW_WM_TEXTIDS_H

#include <stddef.h>
#include <stdint.h>

typedef struct sw_wm_textids sw_wm_textids;

/* SW_OK; SW_ENOTFOUND, SW_EPARSE, SW_EINVAL (unknown family) with err; SW_ENOMEM. */
int sw_wm_textids_open(sw_wm_textids **out, const char *spec, char *err, size_t errsz);
void sw_wm_textids_free(sw_wm_textids *t);

/* *ids is malloc'd (caller frees). SW_OK or SW_ENOMEM. */
int sw_wm_textids_encode(const sw_wm_textids *t, const char *text, size_t n, uint32_t **ids, size_t *nids);

#endif
