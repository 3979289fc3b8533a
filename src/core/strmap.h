/*
 * strmap.h — string → uint32 map for interning ids (accounts, models,
 * payment fingerprints). Keys are copied into an internal arena and stay
 * valid (and at a stable address) for the life of the map, so callers may
 * keep the returned key pointer. Open addressing with linear probing; the
 * table doubles at 70% load. Nothing is ever deleted: the detector's id
 * spaces only grow.
 */
#ifndef SW_STRMAP_H
#define SW_STRMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct sw_strmap sw_strmap;

sw_strmap *sw_strmap_new(void);
void sw_strmap_free(sw_strmap *m);

/*
 * Looks key up; if absent and insert is non-zero, adds it with value
 * *value. Returns SW_OK (found: *value receives the stored value),
 * SW_ENOTFOUND (absent and not inserted), SW_EEXIST is never returned;
 * on insert returns SW_OK and sets *inserted to 1. *stable_key (optional)
 * receives the map's copy of the key.
 */
int sw_strmap_get_or_put(sw_strmap *m, const char *key, uint32_t *value, int insert, int *inserted,
                         const char **stable_key);

size_t sw_strmap_count(const sw_strmap *m);
size_t sw_strmap_bytes(const sw_strmap *m); /* memory held, for accounting */

#endif
