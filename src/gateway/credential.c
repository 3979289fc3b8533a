/* credential.c — see credential.h. */
#include "gateway/credential.h"

#include <string.h>
#include <strings.h>

static void trim(const char **s, size_t *n)
{
    while (*n && (**s == ' ' || **s == '\t'))
        (*s)++, (*n)--;
    while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
        (*n)--;
}

static sw_cred_kind classify(const char *v, size_t n, const char **value, size_t *len)
{
    static const char token_prefix[] = "v4.public.";
    if (n == 0)
        return SW_CRED_MALFORMED;
    *value = v;
    *len = n;
    if (n > sizeof token_prefix - 1 && !memcmp(v, token_prefix, sizeof token_prefix - 1))
        return SW_CRED_TOKEN;
    return SW_CRED_KEY;
}

sw_cred_kind sw_gw_credential(const char *authz, size_t authz_len, const char *xkey, size_t xkey_len,
                              const char **value, size_t *len)
{
    *value = NULL;
    *len = 0;
    if (authz) {
        const char *s = authz;
        size_t n = authz_len;
        trim(&s, &n);
        if (n < 7 || strncasecmp(s, "Bearer", 6) != 0 || (s[6] != ' ' && s[6] != '\t'))
            return SW_CRED_MALFORMED;
        s += 7;
        n -= 7;
        trim(&s, &n);
        return classify(s, n, value, len);
    }
    if (xkey) {
        const char *s = xkey;
        size_t n = xkey_len;
        trim(&s, &n);
        return classify(s, n, value, len);
    }
    return SW_CRED_NONE;
}
