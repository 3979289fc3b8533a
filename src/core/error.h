/*
 * error.h — the one error convention of libstillwatch.
 *
 * Every function that can fail returns an int: 0 (SW_OK) on success, a negative
 * SW_E* code on failure. Functions that can explain a failure in more detail
 * (parsers, configuration) also take a caller-owned message buffer. Nothing in
 * the library prints or exits; callers decide what to tell the user.
 */
#ifndef SW_ERROR_H
#define SW_ERROR_H

enum {
    SW_OK = 0,
    SW_ENOMEM = -1,    /* allocation failed */
    SW_EINVAL = -2,    /* bad argument or value */
    SW_EIO = -3,       /* read or write failed */
    SW_EPARSE = -4,    /* malformed input */
    SW_ENOTFOUND = -5, /* no such thing */
    SW_EEXIST = -6,    /* already exists */
    SW_EOF = -7,       /* end of input (not an error for readers' callers) */
};

/* Human-readable name of an SW_E* code; never NULL. */
const char *sw_strerror(int code);

#endif
