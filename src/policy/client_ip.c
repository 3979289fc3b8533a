/*
 * client_ip.c — which address a request comes from, behind proxies.
 *
 * X-Forwarded-For is a list that each proxy extends on the right with the
 * address it received the request from. Only the entries appended by proxies
 * we trust are facts; everything further left is whatever the client chose
 * to send. So the walk starts from the connection's peer, and moves left only
 * while the hop it stands on is a trusted proxy; the first untrusted address
 * is the client. Anything that is not an address stops the walk at the hop
 * that wrote it, so a forged or garbled header can never move the client
 * address past a proxy we do not trust. No allocation: entries are copied
 * into a small buffer one at a time.
 */
#include <string.h>

#include "core/error.h"
#include "policy/policy.h"

static bool is_trusted(const sw_ip *ip, const sw_cidr *trusted, int n)
{
    for (int i = 0; i < n; i++)
        if (sw_cidr_contains(&trusted[i], ip))
            return true;
    return false;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

/* Parses one X-Forwarded-For entry of n bytes: an address, "[v6]",
 * "[v6]:port" or "v4:port". */
static bool parse_entry(const char *s, size_t n, sw_ip *out)
{
    while (n > 0 && is_space(*s)) {
        s++;
        n--;
    }
    while (n > 0 && is_space(s[n - 1]))
        n--;
    char buf[64];
    if (n == 0 || n >= sizeof buf)
        return false;
    memcpy(buf, s, n);
    buf[n] = '\0';
    if (sw_ip_parse(buf, out) == SW_OK)
        return true;
    if (buf[0] == '[') { /* [v6] or [v6]:port */
        char *close = strchr(buf, ']');
        if (!close || (close[1] != '\0' && close[1] != ':'))
            return false;
        *close = '\0';
        return sw_ip_parse(buf + 1, out) == SW_OK;
    }
    char *colon = strchr(buf, ':');
    if (colon && !strchr(colon + 1, ':')) { /* one colon: v4:port */
        *colon = '\0';
        return sw_ip_parse(buf, out) == SW_OK && out->v4;
    }
    return false;
}

sw_ip sw_policy_client_ip(const sw_ip *peer, const char *xff, const sw_cidr *trusted,
                          int n_trusted)
{
    sw_ip cur = *peer;
    if (!xff || !is_trusted(&cur, trusted, n_trusted))
        return cur;
    size_t end = strlen(xff);
    for (;;) {
        size_t start = end;
        while (start > 0 && xff[start - 1] != ',')
            start--;
        sw_ip hop;
        bool blank = true;
        for (size_t i = start; i < end; i++)
            blank = blank && is_space(xff[i]);
        if (!blank) {
            if (!parse_entry(xff + start, end - start, &hop))
                return cur;
            cur = hop;
            if (!is_trusted(&cur, trusted, n_trusted))
                return cur;
        }
        if (start == 0)
            return cur; /* every hop trusted: the leftmost is the client */
        end = start - 1;
    }
}
