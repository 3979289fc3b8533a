/*
 * test_geo.c — country and ASN lookups through libmaxminddb, over databases
 * written by tests/tools/mmdb_write.py (the CTest fixture geo/mmdb runs it
 * and passes the directory in SW_TEST_MMDB_DIR).
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/error.h"
#include "policy/geo.h"
#include "sw_test.h"

static char dir[512];

static void path_of(char *out, size_t cap, const char *name)
{
    snprintf(out, cap, "%s/%s", dir, name);
}

static sw_geo *open_dbs(const char *a, const char *b)
{
    char pa[600], pb[600], err[256] = "";
    const char *paths[2] = {pa, pb};
    path_of(pa, sizeof pa, a);
    if (b)
        path_of(pb, sizeof pb, b);
    sw_geo *g = NULL;
    int rc = sw_geo_open(&g, paths, b ? 2 : 1, err, sizeof err);
    if (rc != SW_OK)
        fprintf(stderr, "open: %s\n", err);
    CHECK_EQ_INT(rc, SW_OK);
    return g;
}

static sw_geo_info look(const sw_geo *g, const char *addr)
{
    sw_geo_info info = {"?", -2};
    sw_ip ip;
    char err[256] = "";
    CHECK_EQ_INT(sw_ip_parse(addr, &ip), SW_OK);
    int rc = sw_geo_lookup(g, &ip, &info, err, sizeof err);
    if (rc != SW_OK)
        fprintf(stderr, "lookup %s: %s\n", addr, err);
    CHECK_EQ_INT(rc, SW_OK);
    return info;
}

static void test_country_db(void)
{
    sw_geo *g = open_dbs("country.mmdb", NULL);
    if (!g)
        return;
    sw_geo_info i = look(g, "81.2.69.160");
    CHECK_EQ_STR(i.country, "GB");
    CHECK_EQ_INT(i.asn, -1); /* no ASN in a country database */
    i = look(g, "::ffff:81.2.69.1"); /* the mapped form is an IPv4 address */
    CHECK_EQ_STR(i.country, "GB");
    i = look(g, "2001:db8:1:42::1");
    CHECK_EQ_STR(i.country, "DE");
    i = look(g, "203.0.113.9"); /* only a registered country */
    CHECK_EQ_STR(i.country, "JP");
    i = look(g, "198.51.100.200");
    CHECK_EQ_STR(i.country, "US");
    i = look(g, "198.51.100.1"); /* the other half of that /24 */
    CHECK_EQ_STR(i.country, "");
    i = look(g, "8.8.8.8");
    CHECK_EQ_STR(i.country, "");
    CHECK_EQ_INT(i.asn, -1);
    i = look(g, "2001:db9::1");
    CHECK_EQ_STR(i.country, "");
    sw_geo_close(g);
}

static void test_asn_db(void)
{
    sw_geo *g = open_dbs("asn.mmdb", NULL);
    if (!g)
        return;
    sw_geo_info i = look(g, "81.2.69.3");
    CHECK_EQ_INT(i.asn, 20712);
    CHECK_EQ_STR(i.country, "");
    CHECK_EQ_INT(look(g, "192.0.2.44").asn, 64496);            /* stored as uint16 */
    CHECK_EQ_INT(look(g, "198.51.100.44").asn, 4200000000LL);  /* stored as uint64 */
    CHECK_EQ_INT(look(g, "9.9.9.9").asn, -1);
    /* IPv6 in an IPv4-only database: unknown, not an error */
    i = look(g, "2001:db8:1::1");
    CHECK_EQ_INT(i.asn, -1);
    CHECK_EQ_STR(i.country, "");
    sw_geo_close(g);
}

static void test_both_and_merge(void)
{
    sw_geo *g = open_dbs("both.mmdb", NULL);
    if (g) {
        sw_geo_info i = look(g, "10.20.30.40");
        CHECK_EQ_STR(i.country, "FR");
        CHECK_EQ_INT(i.asn, 3215);
        i = look(g, "2001:db8:2::77");
        CHECK_EQ_STR(i.country, "NL");
        CHECK_EQ_INT(i.asn, 1136);
        sw_geo_close(g);
    }
    /* country from the first file, ASN from the second */
    g = open_dbs("country.mmdb", "asn.mmdb");
    if (g) {
        sw_geo_info i = look(g, "81.2.69.160");
        CHECK_EQ_STR(i.country, "GB");
        CHECK_EQ_INT(i.asn, 20712);
        i = look(g, "192.0.2.1");
        CHECK_EQ_STR(i.country, "");
        CHECK_EQ_INT(i.asn, 64496);
        sw_geo_close(g);
    }
}

static void test_open_errors(void)
{
    char err[512] = "", bad[600];
    sw_geo *g = (sw_geo *)1;
    path_of(bad, sizeof bad, "missing.mmdb");
    const char *p1[1] = {bad};
    CHECK_EQ_INT(sw_geo_open(&g, p1, 1, err, sizeof err), SW_EIO);
    CHECK(g == NULL);
    CHECK(strstr(err, "missing.mmdb") != NULL);

    path_of(bad, sizeof bad, "not-a-db.mmdb");
    FILE *f = fopen(bad, "w");
    CHECK(f != NULL);
    if (f) {
        fputs("this is not a MaxMind database\n", f);
        fclose(f);
    }
    err[0] = '\0';
    CHECK_EQ_INT(sw_geo_open(&g, p1, 1, err, sizeof err), SW_EIO);
    CHECK(strstr(err, "not-a-db.mmdb: ") != NULL);
    unlink(bad);

    CHECK_EQ_INT(sw_geo_open(&g, p1, 0, err, sizeof err), SW_EINVAL);
    CHECK_EQ_INT(sw_geo_open(&g, p1, SW_GEO_MAX_DBS + 1, err, sizeof err), SW_EINVAL);
    sw_geo_close(NULL);
}

int main(void)
{
    const char *d = getenv("SW_TEST_MMDB_DIR");
    if (!d || !d[0]) {
        fprintf(stderr, "SW_TEST_MMDB_DIR is not set (run through ctest)\n");
        return 1;
    }
    snprintf(dir, sizeof dir, "%s", d);
    SW_TEST_RUN(test_country_db);
    SW_TEST_RUN(test_asn_db);
    SW_TEST_RUN(test_both_and_merge);
    SW_TEST_RUN(test_open_errors);
    return SW_TEST_END();
}
