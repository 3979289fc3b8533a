/*
 * ip.h — client addresses as the detector needs them.
 *
 * An address is kept as 16 bytes (IPv4 mapped into ::ffff:0:0/96) so that
 * both families hash and compare the same way. The detector groups
 * addresses into "prefixes", the unit that one subscriber or one NAT
 * typically holds: /24 for IPv4 and /48 for IPv6.
 *
 * A network (sw_cidr) is an address and a prefix length counted in its own
 * family: 10.0.0.0/8 has prefix 8, 2001:db8::/32 has prefix 32. An IPv4
 * network contains only IPv4 addresses (including their ::ffff:a.b.c.d
 * form). An IPv6 network is matched over the 16-byte form, so ::/0 contains
 * every address and ::ffff:0:0/96 every IPv4 address.
 */
#ifndef SW_IP_H
#define SW_IP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sockaddr;

typedef struct sw_ip {
    uint8_t b[16];
    bool v4;
} sw_ip;

/* Parses a textual IPv4 or IPv6 address. Returns SW_OK or SW_EPARSE. */
int sw_ip_parse(const char *s, sw_ip *out);

/* 64-bit hash of the whole address, and of its prefix (/24 or /48). */
uint64_t sw_ip_hash(const sw_ip *ip);
uint64_t sw_ip_prefix_hash(const sw_ip *ip);

/* Writes the address in its usual textual form (dotted quad for IPv4). */
#define SW_IP_STRSZ 46
void sw_ip_format(const sw_ip *ip, char out[SW_IP_STRSZ]);

/* Converts an AF_INET or AF_INET6 socket address. SW_OK or SW_EINVAL. */
int sw_ip_from_sockaddr(const struct sockaddr *sa, sw_ip *out);

typedef struct sw_cidr {
    sw_ip addr;     /* the network address: bits beyond the prefix are zero */
    uint8_t prefix; /* 0-32 for IPv4, 0-128 for IPv6 */
} sw_cidr;

/* Parses "10.0.0.0/8", "2001:db8::/32" or a bare address (a /32 or /128).
 * SW_OK; SW_EPARSE when it is not an address with an optional decimal
 * prefix in range; SW_EINVAL when the address has bits set beyond the prefix
 * ("10.1.2.3/8": usually a typing mistake, so it is refused, not masked). */
int sw_cidr_parse(const char *s, sw_cidr *out);

/* Whether ip lies in the network c. */
bool sw_cidr_contains(const sw_cidr *c, const sw_ip *ip);

#endif
