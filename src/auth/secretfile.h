/*
 * secretfile.h — small secrets kept as files beside the database (the API
 * key pepper, the token signing key).
 *
 * A secret file holds exactly its raw bytes, is owned by the gateway's user
 * and has mode 0600. It is created on first use, atomically: the bytes go to
 * a private temporary file that is then hard-linked to the final name, so
 * that two processes starting together never see a half-written secret and
 * never overwrite each other's (the loser of the race reads the winner's).
 * A file that others could read, or that has the wrong size, is refused
 * rather than used: a leaked pepper or signing key is a silent compromise.
 */
#ifndef SW_AUTH_SECRETFILE_H
#define SW_AUTH_SECRETFILE_H

#include <stddef.h>
#include <stdint.h>

/* Fills buf with a fresh secret of len bytes; SW_OK or an SW_E* code. */
typedef int (*sw_secret_gen)(uint8_t *buf, size_t len);

/* Reads DIR/NAME (len bytes) into buf, creating it with gen when absent.
 * SW_EIO with the path and reason in err on any failure. */
int sw_secretfile_load(const char *dir, const char *name, uint8_t *buf, size_t len, sw_secret_gen gen,
                       char *err, size_t errsz);

#endif
