/*
 * ip.h — client addresses as the detector needs them.
 *
 * An address is kept as 16 bytes (IPv4 mapped into ::ffff:0:0/96) so that
 * both families hash and compare the same way. The detector groups
 * addresses into "prefixes", the unit that one subscriber or one NAT
 * typically holds: /24 for IPv4 and /48 for IPv6.
 */
#ifndef SW_IP_H
#define SW_IP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sw_ip {
    uint8_t b[16];
    bool v4;
} sw_ip;

/* Parses a textual IPv4 or IPv6 address. Returns SW_OK or SW_EPARSE. */
int sw_ip_parse(const char *s, sw_ip *out);

/* 64-bit hash of the whole address, and of its prefix (/24 or /48). */
uint64_t sw_ip_hash(const sw_ip *ip);
uint64_t sw_ip_prefix_hash(const sw_ip *ip);

#endif
