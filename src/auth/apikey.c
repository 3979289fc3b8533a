/*
 * apikey.c — bearer API keys (see apikey.h).
 *
 * Layout of a key, 57 characters:
 *
 *   sk-sw-  3f9a1c2b  Xq8…(43 base64url chars)…
 *   prefix  id (4 random bytes, lower-case hex)  secret (32 random bytes)
 *
 * The prefix lets secret scanners (and people) recognise a leaked key; the
 * id is safe to print and names the key in logs and in `key revoke`; the 32
 * secret bytes are what makes it unguessable. The whole string, not just the
 * secret, is hashed, so the id cannot be moved onto another key's secret.
 *
 * The hash is BLAKE2b-256 keyed with the deployment's pepper. A plain fast
 * hash is right here (no password stretching): the input already has 256
 * bits of entropy, and the lookup runs on every request. The pepper makes a
 * stolen database useless without the file beside it.
 *
 * Shape checking happens before hashing so that garbage never reaches the
 * store, and it inspects every character without stopping at the first bad
 * one: how long a rejection takes says nothing about where a guess went
 * wrong. The last base64url character carries 2 padding bits, which must be
 * zero, so each key has exactly one spelling.
 */
#include "auth/apikey.h"

#include <sodium.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "auth/secretfile.h"
#include "core/error.h"

#define PREFIX "sk-sw-"
#define PREFIX_LEN 6
#define ID_HEX 8
#define SECRET_BYTES 32
#define SECRET_CHARS 43

_Static_assert(PREFIX_LEN + ID_HEX == SW_APIKEY_ID_LEN, "id length");
_Static_assert(SW_APIKEY_ID_LEN + SECRET_CHARS == SW_APIKEY_LEN, "key length");

/* 1 for '0'-'9' and 'a'-'f'. */
static unsigned is_hex(unsigned char c)
{
    return (unsigned)(c >= '0' && c <= '9') | (unsigned)(c >= 'a' && c <= 'f');
}

/* The 6-bit value of a base64url character, or -1. */
static int b64url_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '-')
        return 62;
    if (c == '_')
        return 63;
    return -1;
}

static int key_has_shape(const char *key, size_t n)
{
    if (n != SW_APIKEY_LEN || memcmp(key, PREFIX, PREFIX_LEN) != 0)
        return 0;
    unsigned ok = 1;
    for (size_t i = PREFIX_LEN; i < SW_APIKEY_ID_LEN; i++)
        ok &= is_hex((unsigned char)key[i]);
    int v = 0;
    for (size_t i = SW_APIKEY_ID_LEN; i < SW_APIKEY_LEN; i++) {
        v = b64url_value((unsigned char)key[i]);
        ok &= (unsigned)(v >= 0);
    }
    ok &= (unsigned)((v & 3) == 0); /* canonical last character */
    return (int)ok;
}

int sw_apikey_hash(const uint8_t pepper[SW_PEPPER_LEN], const char *key, size_t n, uint8_t hash[32])
{
    if (!pepper || !key || !hash || !key_has_shape(key, n))
        return SW_EINVAL;
    if (crypto_generichash(hash, 32, (const unsigned char *)key, n, pepper, SW_PEPPER_LEN) != 0)
        return SW_EINVAL;
    return SW_OK;
}

typedef struct {
    uint8_t tag[crypto_shorthash_siphashx24_BYTES];
    uint8_t hash[32];
    bool used;
} memo_slot;

struct sw_apikey_memo {
    uint8_t key[crypto_shorthash_siphashx24_KEYBYTES];
    uint8_t pepper[SW_PEPPER_LEN]; /* what the slots were made under */
    size_t mask;
    memo_slot *slots;
};

int sw_apikey_memo_new(sw_apikey_memo **out, size_t slots)
{
    if (sodium_init() < 0)
        return SW_EINVAL;
    size_t n = 1;
    while (n < slots)
        n <<= 1;
    sw_apikey_memo *m = calloc(1, sizeof *m);
    if (!m || !(m->slots = calloc(n, sizeof *m->slots))) {
        free(m);
        return SW_ENOMEM;
    }
    randombytes_buf(m->key, sizeof m->key);
    m->mask = n - 1;
    *out = m;
    return SW_OK;
}

void sw_apikey_memo_free(sw_apikey_memo *m)
{
    if (!m)
        return;
    sodium_memzero(m->key, sizeof m->key);
    free(m->slots);
    free(m);
}

int sw_apikey_hash_memo(sw_apikey_memo *m, const uint8_t pepper[SW_PEPPER_LEN], const char *key, size_t n,
                        uint8_t hash[32])
{
    if (!m)
        return sw_apikey_hash(pepper, key, n, hash);
    if (!pepper || !key || !hash || !key_has_shape(key, n))
        return SW_EINVAL;
    if (memcmp(m->pepper, pepper, SW_PEPPER_LEN) != 0) {
        memset(m->slots, 0, (m->mask + 1) * sizeof *m->slots);
        memcpy(m->pepper, pepper, SW_PEPPER_LEN);
    }
    uint8_t tag[crypto_shorthash_siphashx24_BYTES];
    crypto_shorthash_siphashx24(tag, (const unsigned char *)key, n, m->key);
    uint64_t at;
    memcpy(&at, tag, sizeof at);
    memo_slot *e = &m->slots[at & m->mask];
    if (e->used && memcmp(e->tag, tag, sizeof tag) == 0) {
        memcpy(hash, e->hash, 32);
        return SW_OK;
    }
    int rc = sw_apikey_hash(pepper, key, n, hash);
    if (rc == SW_OK) {
        memcpy(e->tag, tag, sizeof tag);
        memcpy(e->hash, hash, 32);
        e->used = true;
    }
    return rc;
}

int sw_apikey_new(const uint8_t pepper[SW_PEPPER_LEN], char *secret, size_t secret_sz, char *id,
                  size_t id_sz, uint8_t hash[32])
{
    if (!pepper || !secret || !id || !hash || secret_sz < SW_APIKEY_LEN + 1 || id_sz < SW_APIKEY_ID_LEN + 1)
        return SW_EINVAL;
    if (sodium_init() < 0)
        return SW_EINVAL;
    uint8_t idb[ID_HEX / 2], sec[SECRET_BYTES];
    randombytes_buf(idb, sizeof idb);
    randombytes_buf(sec, sizeof sec);
    memcpy(secret, PREFIX, PREFIX_LEN);
    sodium_bin2hex(secret + PREFIX_LEN, ID_HEX + 1, idb, sizeof idb);
    sodium_bin2base64(secret + SW_APIKEY_ID_LEN, SECRET_CHARS + 1, sec, sizeof sec,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(sec, sizeof sec);
    memcpy(id, secret, SW_APIKEY_ID_LEN);
    id[SW_APIKEY_ID_LEN] = '\0';
    return sw_apikey_hash(pepper, secret, SW_APIKEY_LEN, hash);
}

static int pepper_gen(uint8_t *buf, size_t len)
{
    if (sodium_init() < 0)
        return SW_EIO;
    randombytes_buf(buf, len);
    return SW_OK;
}

int sw_pepper_load(const char *dir, uint8_t pepper[SW_PEPPER_LEN], char *err, size_t errsz)
{
    return sw_secretfile_load(dir, "pepper", pepper, SW_PEPPER_LEN, pepper_gen, err, errsz);
}
