/*
 * tokenizer.h — the model's own tokens, for watermark detection.
 *
 * A watermark lives in token ids, so a detector must cut a suspect text into
 * exactly the tokens the generating model used. One opaque sw_tokenizer over
 * three families:
 *   - tiktoken rank files (cl100k_base, o200k_base): byte-level BPE with the
 *     encoding's pre-tokenisation regular expression (PCRE2, Unicode);
 *   - Hugging Face tokenizer.json with a byte-level BPE model (vocab + merges,
 *     ByteLevel pre-tokeniser);
 *   - SentencePiece models (.model) through libsentencepiece.
 * Encoding is deterministic and matches the reference implementations token
 * for token (tests compare with js-tiktoken on thousands of strings, with
 * spm_encode for SentencePiece; the few known differences, all at the edges
 * of Unicode, are listed in docs/tokenizers.md). Input is bytes: for the BPE
 * families, bytes that are not valid UTF-8 are encoded as pieces of their
 * own, so decoding gives back exactly the input.
 *
 * Spec strings for sw_tokenizer_open():
 *   "cl100k_base" / "o200k_base"   rank files from the standard location
 *                                  (SW_TIKTOKEN_DIR, else the project's
 *                                  data directory filled by scripts/setup.sh)
 *   "tiktoken:PATH"                a rank file (base64 token, space, rank per
 *                                  line) with its pattern and special tokens
 *                                  in the JSON beside it (PATH less .tiktoken,
 *                                  plus .json)
 *   "hf:PATH"                      a tokenizer.json
 *   "spm:PATH"                     a SentencePiece model
 * A handle is read-only after opening and may be shared by threads.
 */
#ifndef SW_WM_TOKENIZER_H
#define SW_WM_TOKENIZER_H

#include <stddef.h>
#include <stdint.h>

typedef struct sw_tokenizer sw_tokenizer;

/* SW_OK; SW_ENOTFOUND (no such file / encoding), SW_EPARSE (bad file, with
 * FILE:LINE: reason in err), SW_EIO, SW_ENOMEM. err may be NULL. */
int sw_tokenizer_open(sw_tokenizer **out, const char *spec, char *err, size_t errsz);
void sw_tokenizer_free(sw_tokenizer *t); /* NULL is a no-op */

/* Number of token ids (the largest id + 1, special tokens included). */
uint32_t sw_tokenizer_vocab_size(const sw_tokenizer *t);

/* Encodes n bytes of text (special-token text is encoded as ordinary text).
 * *ids is malloc'd (caller frees; never NULL on success), *nids its length.
 * SW_OK or SW_ENOMEM; SW_EINVAL only if the pattern engine gives up (a
 * matching limit) or SentencePiece refuses the text. */
int sw_tokenizer_encode(const sw_tokenizer *t, const char *text, size_t n, uint32_t **ids, size_t *nids);

/* Concatenates the bytes of the tokens into a malloc'd buffer *out
 * (NUL-terminated; *outlen excludes the NUL). For SentencePiece this is the
 * model's detokenised text. SW_EINVAL for an id out of range or unused. */
int sw_tokenizer_decode(const sw_tokenizer *t, const uint32_t *ids, size_t nids, char **out, size_t *outlen);

/* The bytes of one token (pointing into the handle; not NUL-terminated).
 * SW_EINVAL for an unused id, and for SentencePiece models, whose pieces are
 * not byte strings. */
int sw_tokenizer_token(const sw_tokenizer *t, uint32_t id, const char **bytes, size_t *len);

#endif
