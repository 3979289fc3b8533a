/* opts.c — see opts.h. */
#include "cli/opts.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool sw_opt_value(int argc, char **argv, int *i, const char *name, const char **value, bool *bad)
{
    const char *arg = argv[*i];
    size_t n = strlen(name);
    if (strncmp(arg, name, n) != 0)
        return false;
    if (arg[n] == '=') {
        *value = arg + n + 1;
        return true;
    }
    if (arg[n] != '\0')
        return false;
    if (*i + 1 >= argc) {
        fprintf(stderr, "stillwatch: option %s needs a value\n", name);
        *bad = true;
        return true;
    }
    *value = argv[++*i];
    return true;
}

bool sw_opt_double(const char *cmd, const char *name, const char *text, double min, double max, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (end == text || *end || errno || !isfinite(v) || v < min || v > max) {
        fprintf(stderr, "stillwatch %s: %s must be a number in [%g, %g], not '%s'\n", cmd, name, min, max, text);
        return false;
    }
    *out = v;
    return true;
}

bool sw_opt_u64(const char *cmd, const char *name, const char *text, unsigned long long *out)
{
    char *end;
    errno = 0;
    if (!*text || *text == '-') {
        fprintf(stderr, "stillwatch %s: %s must be a non-negative integer, not '%s'\n", cmd, name, text);
        return false;
    }
    unsigned long long v = strtoull(text, &end, 10);
    if (*end || errno) {
        fprintf(stderr, "stillwatch %s: %s must be a non-negative integer, not '%s'\n", cmd, name, text);
        return false;
    }
    *out = v;
    return true;
}

int sw_opt_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "stillwatch %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return 2;
}
