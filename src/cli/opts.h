/*
 * opts.h — the small argument helpers every subcommand shares: "--name
 * value" and "--name=value" forms, numbers with range checks, and one way of
 * reporting bad usage (message on stderr, exit status 2).
 */
#ifndef SW_CLI_OPTS_H
#define SW_CLI_OPTS_H

#include <stdbool.h>

/*
 * If argv[*i] is --name (taking the next argument) or --name=value, stores
 * the value, advances *i past what it consumed and returns true. A --name
 * without a value reports the error and sets *bad.
 */
bool sw_opt_value(int argc, char **argv, int *i, const char *name, const char **value, bool *bad);

/* Reports "stillwatch CMD: message" on stderr; returns 2, the exit status
 * of bad usage. */
int sw_opt_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Parses a number; on failure reports "cmd: --name: ..." and returns false. */
bool sw_opt_double(const char *cmd, const char *name, const char *text, double min, double max, double *out);
bool sw_opt_u64(const char *cmd, const char *name, const char *text, unsigned long long *out);

#endif
