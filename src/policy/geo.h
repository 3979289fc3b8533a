/*
 * geo.h — where an address is: its country and its autonomous system.
 *
 * A thin layer over libmaxminddb that reads MaxMind DB (.mmdb) files, the
 * format GeoLite2, GeoIP2 and DB-IP ship in. One handle may hold up to four
 * files (typically a Country or City database and an ASN database); a lookup
 * asks them in the order given and takes the first country and the first AS
 * number found. A file may carry either or both: the country is read from
 * country.iso_code (registered_country.iso_code when there is no country, as
 * for anonymous networks), the ASN from autonomous_system_number.
 *
 * Files are memory-mapped and never written, so one open handle serves any
 * number of threads at once. Errors: SW_EIO (cannot open, or not a MaxMind
 * DB; the reason in err), SW_EINVAL (bad argument), SW_ENOMEM.
 */
#ifndef SW_POLICY_GEO_H
#define SW_POLICY_GEO_H

#include <stddef.h>
#include <stdint.h>

#include "core/ip.h"

#define SW_GEO_MAX_DBS 4

typedef struct sw_geo sw_geo;

typedef struct {
    char country[3]; /* ISO 3166 alpha-2, upper case; "" when unknown */
    int64_t asn;     /* -1 when unknown */
} sw_geo_info;

/* Opens n (1-4) .mmdb files. */
int sw_geo_open(sw_geo **out, const char *const *paths, int n, char *err, size_t errsz);
void sw_geo_close(sw_geo *g); /* NULL is a no-op */

/* Looks ip up. An address no file knows is not an error: the fields say
 * unknown. SW_EIO with err when a file turns out to be corrupt. */
int sw_geo_lookup(const sw_geo *g, const sw_ip *ip, sw_geo_info *out, char *err, size_t errsz);

#endif
