/* ip.c — see ip.h; parsing is inet_pton's, so every textual form it accepts is accepted. */
#include "core/ip.h"

#include <arpa/inet.h>
#include <string.h>

#include "core/error.h"
#include "core/hash.h"

int sw_ip_parse(const char *s, sw_ip *out)
{
    memset(out, 0, sizeof *out);
    struct in_addr a4;
    if (inet_pton(AF_INET, s, &a4) == 1) {
        out->b[10] = 0xff;
        out->b[11] = 0xff;
        memcpy(out->b + 12, &a4, 4);
        out->v4 = true;
        return SW_OK;
    }
    if (inet_pton(AF_INET6, s, out->b) == 1) {
        static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        out->v4 = memcmp(out->b, mapped, 12) == 0;
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
