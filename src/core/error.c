/* error.c — names for the SW_E* codes (see error.h). */
#include "core/error.h"

const char *sw_strerror(int code)
{
    switch (code) {
    case SW_OK: return "ok";
    case SW_ENOMEM: return "out of memory";
    case SW_EINVAL: return "invalid argument";
    case SW_EIO: return "input/output error";
    case SW_EPARSE: return "malformed input";
    case SW_ENOTFOUND: return "not found";
    case SW_EEXIST: return "already exists";
    case SW_EOF: return "end of input";
    default: return "unknown error";
    }
}
