/*
 * apikey.h — bearer API keys.
 *
 * A key is "sk-sw-" followed by 8 hex characters of public id and 43
 * base64url characters of secret (32 random bytes from libsodium). The id
 * part is what logs, errors and `key revoke` use; the whole string is shown
 * to its owner once and never stored. What is stored is the BLAKE2b-256 of
 * the whole string, keyed with the deployment's pepper (a 32-byte secret kept
 * beside the database), so that a stolen database yields no usable key and
 * cannot be checked offline without the pepper.
 */
#ifndef SW_AUTH_APIKEY_H
#define SW_AUTH_APIKEY_H

#include <stddef.h>
#include <stdint.h>

#define SW_APIKEY_LEN 57       /* strlen of a key */
#define SW_APIKEY_ID_LEN 14    /* "sk-sw-" + 8 hex: the printable id */
#define SW_PEPPER_LEN 32

/* Makes a new key: secret gets SW_APIKEY_LEN chars + NUL, id the first
 * SW_APIKEY_ID_LEN chars + NUL, hash its keyed hash. SW_EINVAL if buffers are
 * too small. */
int sw_apikey_new(const uint8_t pepper[SW_PEPPER_LEN], char *secret, size_t secret_sz, char *id,
                  size_t id_sz, uint8_t hash[32]);

/* Keyed hash of a presented key (any bytes, any length: an attacker's input).
 * Returns SW_EINVAL when it does not have the shape of a key, so that
 * malformed credentials never reach the store. */
int sw_apikey_hash(const uint8_t pepper[SW_PEPPER_LEN], const char *key, size_t n, uint8_t hash[32]);

/*
 * A memo of recent keys' hashes, for a server thread that hashes the same
 * few keys thousands of times a second (the keyed BLAKE2b above was 2% of
 * the gateway's CPU). A slot holds a 128-bit SipHash tag of the presented
 * key under the memo's own random key — never the key itself — and the
 * key's hash. A lookup whose tag matches returns the stored hash: without
 * the memo's random key nobody can make two keys share a tag, so a match is
 * the same key. The slots remember the pepper they were made under; another
 * pepper empties them. Not thread-safe: one memo per thread.
 */
typedef struct sw_apikey_memo sw_apikey_memo;

int sw_apikey_memo_new(sw_apikey_memo **out, size_t slots);
void sw_apikey_memo_free(sw_apikey_memo *m);

/* sw_apikey_hash() through the memo (m may be NULL: no memo). */
int sw_apikey_hash_memo(sw_apikey_memo *m, const uint8_t pepper[SW_PEPPER_LEN], const char *key, size_t n,
                        uint8_t hash[32]);

/* Loads DIR/pepper (32 raw bytes, mode 0600), creating it atomically when
 * absent; a pepper file that others can read, or of the wrong size, is
 * refused (SW_EIO with the reason in err). */
int sw_pepper_load(const char *dir, uint8_t pepper[SW_PEPPER_LEN], char *err, size_t errsz);

#endif
