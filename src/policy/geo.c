/*
 * geo.c — see geo.h. libmaxminddb does the reading (search tree walk, data
 * section decoding); this file only chooses the fields and merges answers
 * from several files.
 *
 * Lookups go through MMDB_lookup_sockaddr with the address in its own family:
 * an IPv4 address in an IPv6 database is found under ::a.b.c.d (the IPv4
 * subtree every MaxMind IPv6 database carries), and an IPv6 address asked of
 * an IPv4-only database is simply unknown. Strings from the data section are
 * not NUL-terminated, hence the explicit lengths.
 */
#include "policy/geo.h"

#include <maxminddb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "core/error.h"

struct sw_geo {
    int n;
    char paths[SW_GEO_MAX_DBS][256];
    MMDB_s dbs[SW_GEO_MAX_DBS];
};

int sw_geo_open(sw_geo **out, const char *const *paths, int n, char *err, size_t errsz)
{
    *out = NULL;
    if (n < 1 || n > SW_GEO_MAX_DBS || !paths) {
        snprintf(err, errsz, "between 1 and %d database files are needed", SW_GEO_MAX_DBS);
        return SW_EINVAL;
    }
    sw_geo *g = calloc(1, sizeof *g);
    if (!g)
        return SW_ENOMEM;
    for (int i = 0; i < n; i++) {
        int rc = MMDB_open(paths[i], MMDB_MODE_MMAP, &g->dbs[i]);
        if (rc != MMDB_SUCCESS) {
            snprintf(err, errsz, "%s: %s", paths[i], MMDB_strerror(rc));
            sw_geo_close(g);
            return rc == MMDB_OUT_OF_MEMORY_ERROR ? SW_ENOMEM : SW_EIO;
        }
        snprintf(g->paths[i], sizeof g->paths[i], "%s", paths[i]);
        g->n = i + 1;
    }
    *out = g;
    return SW_OK;
}

void sw_geo_close(sw_geo *g)
{
    if (!g)
        return;
    for (int i = 0; i < g->n; i++)
        MMDB_close(&g->dbs[i]);
    free(g);
}

/* The socket address of ip in its own family; returns its length. */
static socklen_t to_sockaddr(const sw_ip *ip, struct sockaddr_storage *ss)
{
    memset(ss, 0, sizeof *ss);
    if (ip->v4) {
        struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
        s4->sin_family = AF_INET;
        memcpy(&s4->sin_addr, ip->b + 12, 4);
        return sizeof *s4;
    }
    struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
    s6->sin6_family = AF_INET6;
    memcpy(&s6->sin6_addr, ip->b, 16);
    return sizeof *s6;
}

/* country.iso_code, else registered_country.iso_code, into out->country
 * when it is two letters. */
static void read_country(MMDB_entry_s *e, sw_geo_info *out)
{
    static const char *const fields[2] = {"country", "registered_country"};
    for (int i = 0; i < 2; i++) {
        MMDB_entry_data_s d;
        if (MMDB_get_value(e, &d, fields[i], "iso_code", NULL) != MMDB_SUCCESS || !d.has_data ||
            d.type != MMDB_DATA_TYPE_UTF8_STRING || d.data_size != 2)
            continue;
        out->country[0] = (char)(d.utf8_string[0] & ~0x20);
        out->country[1] = (char)(d.utf8_string[1] & ~0x20);
        out->country[2] = '\0';
        return;
    }
}

static void read_asn(MMDB_entry_s *e, sw_geo_info *out)
{
    MMDB_entry_data_s d;
    if (MMDB_get_value(e, &d, "autonomous_system_number", NULL) != MMDB_SUCCESS || !d.has_data)
        return;
    if (d.type == MMDB_DATA_TYPE_UINT32)
        out->asn = d.uint32;
    else if (d.type == MMDB_DATA_TYPE_UINT16)
        out->asn = d.uint16;
    else if (d.type == MMDB_DATA_TYPE_UINT64 && d.uint64 <= 0xffffffffu)
        out->asn = (int64_t)d.uint64;
}

int sw_geo_lookup(const sw_geo *g, const sw_ip *ip, sw_geo_info *out, char *err, size_t errsz)
{
    out->country[0] = '\0';
    out->asn = -1;
    struct sockaddr_storage ss;
    to_sockaddr(ip, &ss);
    for (int i = 0; i < g->n && (!out->country[0] || out->asn < 0); i++) {
        int mmdb_err = MMDB_SUCCESS;
        MMDB_lookup_result_s r =
            MMDB_lookup_sockaddr(&g->dbs[i], (const struct sockaddr *)&ss, &mmdb_err);
        if (mmdb_err == MMDB_IPV6_LOOKUP_IN_IPV4_DATABASE_ERROR)
            continue;
        if (mmdb_err != MMDB_SUCCESS) {
            snprintf(err, errsz, "%s: %s", g->paths[i], MMDB_strerror(mmdb_err));
            return SW_EIO;
        }
        if (!r.found_entry)
            continue;
        if (!out->country[0])
            read_country(&r.entry, out);
        if (out->asn < 0)
            read_asn(&r.entry, out);
    }
    return SW_OK;
}
