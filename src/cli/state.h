/*
 * state.h — what the administration commands (account, key) share: the
 * --state directory (created on first use, private to its owner), opening
 * the store in it with errors reported the CLI's way, checks of the ids
 * people type, and the JSON line that describes an account.
 */
#ifndef SW_CLI_STATE_H
#define SW_CLI_STATE_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

/* Creates DIR (and its parents, mode 0700) when missing and opens its
 * store. On failure prints "stillwatch CMD: reason" and returns false. */
bool sw_state_open(const char *cmd, const char *dir, sw_store **out);

/* An account id as the CLI accepts it: 1 to 95 characters of letters,
 * digits and . _ : @ + -, not starting with '-' (it would read as an option). */
bool sw_state_account_id_ok(const char *id);

/* Milliseconds since the epoch, now. */
int64_t sw_state_now_ms(void);

/* Prints the account (and its keys, by id) as one JSON line on stdout.
 * Returns 0, or 1 after reporting a failure. */
int sw_state_print_account(const char *cmd, sw_store *s, const sw_account_rec *a);

#endif
