/*
 * ip.c — see ip.h; parsing is inet_pton's, so every textual form it accepts
 * is accepted.
 *
 * Networks are compared over the 16-byte form: an IPv4 network of prefix p
 * covers the first 96 + p bits of the mapped address, an IPv6 network its
 * first p bits. Comparing whole bytes first and masking only the last partial
 * byte keeps sw_cidr_contains() branch-light, which matters because the
 * gateway tests every request's peer against its trusted-proxy list.
 */
#include "core/ip.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/hash.h"

static const uint8_t v4_mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

int sw_ip_parse(const char *s, sw_ip *out)
{
    memset(out, 0, sizeof *out);
    struct in_addr a4;
    if (inet_pton(AF_INET, s, &a4) == 1) {
        memcpy(out->b, v4_mapped, 12);
        memcpy(out->b + 12, &a4, 4);
        out->v4 = true;
        return SW_OK;
    }
    if (inet_pton(AF_INET6, s, out->b) == 1) {
        out->v4 = memcmp(out->b, v4_mapped, 12) == 0;
        return SW_OK;
    }
    return SW_EPARSE;
}

uint64_t sw_ip_hash(const sw_ip *ip)
{
    return sw_hash64(ip->b, 16, 0x1f);
}

uint64_t sw_ip_prefix_hash(const sw_ip *ip)
{
    return ip->v4 ? sw_hash64(ip->b + 12, 3, 0x24) : sw_hash64(ip->b, 6, 0x48);
}

void sw_ip_format(const sw_ip *ip, char out[SW_IP_STRSZ])
{
    if (ip->v4) {
        /* by hand: glibc's inet_ntop formats IPv4 with sprintf, and the
         * gateway writes an address for every request */
        char *p = out;
        for (int i = 0; i < 4; i++) {
            p += sw_fmt_u64(p, ip->b[12 + i]);
            *p++ = i < 3 ? '.' : '\0';
        }
        return;
    }
    const char *ok = inet_ntop(AF_INET6, ip->b, out, SW_IP_STRSZ);
    if (!ok)
        out[0] = '\0'; /* cannot happen with a SW_IP_STRSZ buffer */
}

int sw_ip_from_sockaddr(const struct sockaddr *sa, sw_ip *out)
{
    memset(out, 0, sizeof *out);
    if (!sa)
        return SW_EINVAL;
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *s4 = (const struct sockaddr_in *)(const void *)sa;
        memcpy(out->b, v4_mapped, 12);
        memcpy(out->b + 12, &s4->sin_addr, 4);
        out->v4 = true;
        return SW_OK;
    }
    if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)(const void *)sa;
        memcpy(out->b, &s6->sin6_addr, 16);
        out->v4 = memcmp(out->b, v4_mapped, 12) == 0;
        return SW_OK;
    }
    return SW_EINVAL;
}

/* Whether the first `bits` bits of a and b agree. */
static bool prefix_equal(const uint8_t *a, const uint8_t *b, unsigned bits)
{
    unsigned whole = bits / 8, rest = bits % 8;
    if (memcmp(a, b, whole) != 0)
        return false;
    if (rest == 0)
        return true;
    uint8_t mask = (uint8_t)(0xff << (8 - rest));
    return ((a[whole] ^ b[whole]) & mask) == 0;
}

/* Whether any bit after the first `bits` of a is set. */
static bool has_host_bits(const uint8_t *a, unsigned bits)
{
    for (unsigned i = bits; i < 128; i++)
        if (a[i / 8] & (0x80 >> (i % 8)))
            return true;
    return false;
}

/* Parses a decimal prefix length of at most 3 digits, no sign. */
static int parse_prefix(const char *s, unsigned *out)
{
    size_t n = strlen(s);
    if (n == 0 || n > 3)
        return SW_EPARSE;
    unsigned v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return SW_EPARSE;
        v = v * 10 + (unsigned)(s[i] - '0');
    }
    *out = v;
    return SW_OK;
}

int sw_cidr_parse(const char *s, sw_cidr *out)
{
    memset(out, 0, sizeof *out);
    char addr[INET6_ADDRSTRLEN + 1];
    const char *slash = strchr(s, '/');
    size_t alen = slash ? (size_t)(slash - s) : strlen(s);
    if (alen == 0 || alen >= sizeof addr)
        return SW_EPARSE;
    memcpy(addr, s, alen);
    addr[alen] = '\0';
    if (sw_ip_parse(addr, &out->addr) != SW_OK)
        return SW_EPARSE;
    /* The family of the text decides how the prefix is counted, so that
     * ::ffff:10.0.0.0/104 means what it says. */
    bool v6_text = strchr(addr, ':') != NULL;
    unsigned max = v6_text ? 128 : 32, prefix = max;
    if (slash && parse_prefix(slash + 1, &prefix) != SW_OK)
        return SW_EPARSE;
    if (prefix > max)
        return SW_EPARSE;
    unsigned bits = v6_text ? prefix : 96 + prefix;
    if (v6_text && out->addr.v4) {
        if (prefix >= 96)
            prefix -= 96; /* a mapped IPv4 network: count in IPv4 terms */
        else
            out->addr.v4 = false; /* wider than IPv4: an IPv6 network */
    }
    out->prefix = (uint8_t)prefix;
    return has_host_bits(out->addr.b, bits) ? SW_EINVAL : SW_OK;
}

bool sw_cidr_contains(const sw_cidr *c, const sw_ip *ip)
{
    if (c->addr.v4 && !ip->v4)
        return false;
    unsigned bits = c->addr.v4 ? 96u + c->prefix : c->prefix;
    return prefix_equal(c->addr.b, ip->b, bits);
}
