/*
 * vocab.c — word vocabularies and the word tokenizer (see vocab.h).
 *
 * Words are interned in a string map (word -> id) and kept in an array of
 * stable pointers (id -> word). Cutting text is a byte loop with a table of
 * word bytes; it neither allocates nor copies more than one word.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/strmap.h"
#include "wm/vocab.h"

struct sw_wm_vocab {
    sw_strmap *map;
    const char **words; /* id -> the map's copy of the word */
    uint32_t n, cap;
    uint32_t unk; /* id of unknown words */
    int has_unk;
};

static int is_word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '\'' || c >= 0x80;
}

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c < 0x20 || c == 0x7f;
}

size_t sw_wm_word_next(const char **p, const char *end, char word[SW_WM_WORD_MAX + 1])
{
    const unsigned char *s = (const unsigned char *)*p, *e = (const unsigned char *)end;
    while (s < e && is_space(*s))
        s++;
    size_t n = 0;
    if (s < e && !is_word_byte(*s)) {
        word[n++] = (char)*s++;
    } else {
        while (s < e && n < SW_WM_WORD_MAX && is_word_byte(*s)) {
            unsigned char c = *s++;
            word[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
    }
    word[n] = '\0';
    *p = (const char *)s;
    return n;
}

int sw_wm_vocab_new(sw_wm_vocab **out)
{
    sw_wm_vocab *v = calloc(1, sizeof *v);
    if (!v || !(v->map = sw_strmap_new())) {
        free(v);
        return SW_ENOMEM;
    }
    *out = v;
    return SW_OK;
}

void sw_wm_vocab_free(sw_wm_vocab *v)
{
    if (!v)
        return;
    sw_strmap_free(v->map);
    free(v->words);
    free(v);
}

int sw_wm_vocab_add(sw_wm_vocab *v, const char *word, uint32_t *id)
{
    uint32_t value = v->n;
    int inserted = 0;
    const char *key;
    int rc = sw_strmap_get_or_put(v->map, word, &value, 1, &inserted, &key);
    if (rc != SW_OK)
        return rc;
    if (inserted) {
        if (v->n == v->cap) {
            uint32_t cap = v->cap ? v->cap * 2 : 1024;
            const char **w = realloc(v->words, cap * sizeof *w);
            if (!w)
                return SW_ENOMEM;
            v->words = w;
            v->cap = cap;
        }
        v->words[v->n++] = key;
        if (!strcmp(word, "<unk>")) {
            v->unk = value;
            v->has_unk = 1;
        }
    }
    *id = value;
    return SW_OK;
}

int sw_wm_vocab_load(sw_wm_vocab **out, const char *path, char *err, size_t errsz)
{
    *out = NULL;
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errsz, "%s: %s", path, strerror(errno));
        return SW_ENOTFOUND;
    }
    sw_wm_vocab *v = NULL;
    int rc = sw_wm_vocab_new(&v);
    char line[4096];
    unsigned long lineno = 0;
    while (rc == SW_OK && fgets(line, sizeof line, f)) {
        lineno++;
        size_t n = strcspn(line, "\r\n");
        line[n] = '\0';
        uint32_t before = v->n, id;
        rc = sw_wm_vocab_add(v, line, &id);
        if (rc == SW_OK && v->n == before) {
            snprintf(err, errsz, "%s:%lu: duplicate word '%.64s'", path, lineno, line);
            rc = SW_EPARSE;
        }
    }
    fclose(f);
    if (rc == SW_OK && v->n == 0) {
        snprintf(err, errsz, "%s:1: empty vocabulary", path);
        rc = SW_EPARSE;
    }
    if (rc != SW_OK) {
        sw_wm_vocab_free(v);
        return rc;
    }
    if (!v->has_unk)
        v->unk = v->n;
    *out = v;
    return SW_OK;
}

int sw_wm_vocab_save(const sw_wm_vocab *v, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return SW_EIO;
    for (uint32_t i = 0; i < v->n; i++)
        fprintf(f, "%s\n", v->words[i]);
    return fclose(f) == 0 ? SW_OK : SW_EIO;
}

uint32_t sw_wm_vocab_size(const sw_wm_vocab *v)
{
    return v->n;
}

const char *sw_wm_vocab_word(const sw_wm_vocab *v, uint32_t id)
{
    return id < v->n ? v->words[id] : NULL;
}

uint32_t sw_wm_vocab_lookup(const sw_wm_vocab *v, const char *word)
{
    uint32_t id;
    if (sw_strmap_get_or_put(v->map, word, &id, 0, NULL, NULL) == SW_OK)
        return id;
    return v->has_unk ? v->unk : v->n;
}

int sw_wm_vocab_encode(const sw_wm_vocab *v, const char *text, size_t n, uint32_t **ids, size_t *nids)
{
    size_t cap = n / 4 + 16, k = 0;
    uint32_t *out = malloc(cap * sizeof *out);
    if (!out)
        return SW_ENOMEM;
    const char *p = text, *end = text + n;
    char word[SW_WM_WORD_MAX + 1];
    while (sw_wm_word_next(&p, end, word)) {
        if (k == cap) {
            cap *= 2;
            uint32_t *o = realloc(out, cap * sizeof *o);
            if (!o) {
                free(out);
                return SW_ENOMEM;
            }
            out = o;
        }
        out[k++] = sw_wm_vocab_lookup(v, word);
    }
    *ids = out;
    *nids = k;
    return SW_OK;
}
