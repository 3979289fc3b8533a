/*
 * tokenizer_spm.h — SentencePiece models behind a C interface (internal to
 * src/wm; implemented in C++ by tokenizer_spm.cc, the only C++ in the
 * library, because libsentencepiece has no C API).
 *
 * The functions follow src/core/error.h: they return SW_OK or a negative
 * code, never throw, never print.
 */
#ifndef SW_WM_TOKENIZER_SPM_H
#define SW_WM_TOKENIZER_SPM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct sw_spm;

/* SW_OK; SW_ENOTFOUND (no such file), SW_EPARSE (not a model; reason in
 * err), SW_ENOMEM. */
int sw_spm_open(struct sw_spm **out, const char *path, char *err, size_t errsz);
void sw_spm_free(struct sw_spm *m); /* NULL is a no-op */
uint32_t sw_spm_vocab_size(const struct sw_spm *m);

/* As sw_tokenizer_encode(): *ids malloc'd, never NULL on SW_OK. */
int sw_spm_encode(const struct sw_spm *m, const char *text, size_t n, uint32_t **ids, size_t *nids);

/* The model's own detokenisation (pieces joined, U+2581 back to spaces):
 * *out malloc'd and NUL-terminated. SW_EINVAL for an id out of range. */
int sw_spm_decode(const struct sw_spm *m, const uint32_t *ids, size_t nids, char **out, size_t *outlen);

#ifdef __cplusplus
}
#endif

#endif
