/*
 * textids.c — see textids.h. A thin switch: word vocabularies are opened
 * here, every other spec goes to the model tokenizers, which are compiled
 * in when src/wm/tokenizer.c is part of the build (SW_HAVE_TOKENIZER).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "wm/textids.h"
#include "wm/vocab.h"
#ifdef SW_HAVE_TOKENIZER
#include "wm/tokenizer.h"
#endif

struct sw_wm_textids {
    sw_wm_vocab *words;
#ifdef SW_HAVE_TOKENIZER
    sw_tokenizer *model;
#endif
};

int sw_wm_textids_open(sw_wm_textids **out, const char *spec, char *err, size_t errsz)
{
    *out = NULL;
    sw_wm_textids *t = calloc(1, sizeof *t);
    if (!t)
        return SW_ENOMEM;
    int rc;
    if (!strncmp(spec, "words:", 6)) {
        rc = sw_wm_vocab_load(&t->words, spec + 6, err, errsz);
    } else {
#ifdef SW_HAVE_TOKENIZER
        rc = sw_tokenizer_open(&t->model, spec, err, errsz);
#else
        snprintf(err, errsz, "tokenizer '%s': this build has only word vocabularies (words:FILE)", spec);
        rc = SW_EINVAL;
#endif
    }
    if (rc != SW_OK) {
        free(t);
        return rc;
    }
    *out = t;
    return SW_OK;
}

void sw_wm_textids_free(sw_wm_textids *t)
{
    if (!t)
        return;
    sw_wm_vocab_free(t->words);
#ifdef SW_HAVE_TOKENIZER
    sw_tokenizer_free(t->model);
#endif
    free(t);
}

int sw_wm_textids_encode(const sw_wm_textids *t, const char *text, size_t n, uint32_t **ids, size_t *nids)
{
    if (t->words)
        return sw_wm_vocab_encode(t->words, text, n, ids, nids);
#ifdef SW_HAVE_TOKENIZER
    return sw_tokenizer_encode(t->model, text, n, ids, nids);
#else
    return SW_EINVAL;
#endif
}
