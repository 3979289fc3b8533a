/* test_cidr.c — networks (sw_cidr), address formatting, client address behind proxies. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "core/error.h"
#include "core/ip.h"
#include "policy/policy.h"
#include "sw_test.h"

static bool in(const char *cidr, const char *addr)
{
    sw_cidr c;
    sw_ip ip;
    if (sw_cidr_parse(cidr, &c) != SW_OK || sw_ip_parse(addr, &ip) != SW_OK)
        return false;
    return sw_cidr_contains(&c, &ip);
}

static void test_parse(void)
{
    sw_cidr c;
    CHECK_EQ_INT(sw_cidr_parse("10.0.0.0/8", &c), SW_OK);
    CHECK_EQ_INT(c.prefix, 8);
    CHECK(c.addr.v4);
    CHECK_EQ_INT(sw_cidr_parse("192.168.1.7", &c), SW_OK);
    CHECK_EQ_INT(c.prefix, 32);
    CHECK_EQ_INT(sw_cidr_parse("2001:db8::/32", &c), SW_OK);
    CHECK_EQ_INT(c.prefix, 32);
    CHECK(!c.addr.v4);
    CHECK_EQ_INT(sw_cidr_parse("::1", &c), SW_OK);
    CHECK_EQ_INT(c.prefix, 128);
    CHECK_EQ_INT(sw_cidr_parse("0.0.0.0/0", &c), SW_OK);
    CHECK_EQ_INT(sw_cidr_parse("::/0", &c), SW_OK);
    /* a mapped IPv4 network written in IPv6 is counted in IPv4 terms */
    CHECK_EQ_INT(sw_cidr_parse("::ffff:10.0.0.0/104", &c), SW_OK);
    CHECK(c.addr.v4);
    CHECK_EQ_INT(c.prefix, 8);

    CHECK_EQ_INT(sw_cidr_parse("10.0.0.0/33", &c), SW_EPARSE);
    CHECK_EQ_INT(sw_cidr_parse("2001:db8::/129", &c), SW_EPARSE);
    CHECK_EQ_INT(sw_cidr_parse("10.0.0.0/", &c), SW_EPARSE);
    CHECK_EQ_INT(sw_cidr_parse("10.0.0.0/-1", &c), SW_EPARSE);
    CHECK_EQ_INT(sw_cidr_parse("10.0.0.0/+8", &c), SW_EPARSE);
    CHECK_EQ_INT(sw_cidr_parse("10.0.0.0/8/8", &c), SW_EPARSE);
    CHECK_EQ_INT(sw_cidr_parse("10.0.0.0/0008", &c), SW_EPARSE);
    CHECK_EQ_INT(sw_cidr_parse("/8", &c), SW_EPARSE);
    CHECK_EQ_INT(sw_cidr_parse("", &c), SW_EPARSE);
    CHECK_EQ_INT(sw_cidr_parse("example.com/8", &c), SW_EPARSE);
    CHECK_EQ_INT(sw_cidr_parse("10.0.0.0 /8", &c), SW_EPARSE);
    /* bits beyond the prefix: refused, not silently masked */
    CHECK_EQ_INT(sw_cidr_parse("10.1.2.3/8", &c), SW_EINVAL);
    CHECK_EQ_INT(sw_cidr_parse("2001:db8::1/64", &c), SW_EINVAL);
}

static void test_contains(void)
{
    CHECK(in("10.0.0.0/8", "10.255.3.4"));
    CHECK(!in("10.0.0.0/8", "11.0.0.0"));
    CHECK(in("192.168.1.128/25", "192.168.1.200"));
    CHECK(!in("192.168.1.128/25", "192.168.1.127"));
    CHECK(in("172.16.0.0/12", "172.31.255.255"));
    CHECK(!in("172.16.0.0/12", "172.32.0.0"));
    CHECK(in("0.0.0.0/0", "8.8.8.8"));
    CHECK(!in("0.0.0.0/0", "2001:db8::1"));
    CHECK(in("1.2.3.4", "1.2.3.4"));
    CHECK(!in("1.2.3.4", "1.2.3.5"));
    CHECK(in("10.0.0.0/8", "::ffff:10.1.1.1"));
    CHECK(in("2001:db8::/32", "2001:db8:ffff::1"));
    CHECK(!in("2001:db8::/32", "2001:db9::1"));
    CHECK(in("2001:db8::/31", "2001:db9::1"));
    CHECK(in("::/0", "2001:db8::1"));
    CHECK(in("::/0", "1.2.3.4")); /* the 16-byte form: every address */
    CHECK(in("::ffff:0:0/96", "1.2.3.4"));
    CHECK(!in("2001:db8::/32", "1.2.3.4"));
    CHECK(in("::1", "::1"));
    CHECK(!in("::1", "::2"));
    CHECK(in("fe80::/10", "febf::1"));
    CHECK(!in("fe80::/10", "fec0::1"));
}

static void test_format_sockaddr(void)
{
    sw_ip ip;
    char buf[SW_IP_STRSZ];
    sw_ip_parse("10.1.2.3", &ip);
    sw_ip_format(&ip, buf);
    CHECK_EQ_STR(buf, "10.1.2.3");
    sw_ip_parse("2001:DB8::1", &ip);
    sw_ip_format(&ip, buf);
    CHECK_EQ_STR(buf, "2001:db8::1");
    sw_ip_parse("::ffff:1.2.3.4", &ip);
    sw_ip_format(&ip, buf);
    CHECK_EQ_STR(buf, "1.2.3.4");

    struct sockaddr_in s4 = {.sin_family = AF_INET};
    inet_pton(AF_INET, "192.0.2.9", &s4.sin_addr);
    CHECK_EQ_INT(sw_ip_from_sockaddr((struct sockaddr *)&s4, &ip), SW_OK);
    CHECK(ip.v4);
    sw_ip_format(&ip, buf);
    CHECK_EQ_STR(buf, "192.0.2.9");
    struct sockaddr_in6 s6 = {.sin6_family = AF_INET6};
    inet_pton(AF_INET6, "2001:db8::7", &s6.sin6_addr);
    CHECK_EQ_INT(sw_ip_from_sockaddr((struct sockaddr *)&s6, &ip), SW_OK);
    CHECK(!ip.v4);
    sw_ip_format(&ip, buf);
    CHECK_EQ_STR(buf, "2001:db8::7");
    struct sockaddr other = {.sa_family = AF_UNIX};
    CHECK_EQ_INT(sw_ip_from_sockaddr(&other, &ip), SW_EINVAL);

    /* IPv4 is formatted by hand: every octet value in every position, as inet_ntop writes it */
    for (unsigned v = 0; v < 256; v++) {
        for (int pos = 0; pos < 4; pos++) {
            uint8_t q[4] = {1, 22, 203, 0};
            q[pos] = (uint8_t)v;
            memcpy(&s4.sin_addr, q, 4);
            sw_ip_from_sockaddr((struct sockaddr *)&s4, &ip);
            char want[INET_ADDRSTRLEN];
            inet_ntop(AF_INET, q, want, sizeof want);
            sw_ip_format(&ip, buf);
            CHECK_EQ_STR(buf, want);
        }
    }
}

/* The client address for peer and header, formatted. */
static const char *client(const char *peer, const char *xff, const char *const *trusted, int n)
{
    static char buf[SW_IP_STRSZ];
    sw_cidr t[8];
    for (int i = 0; i < n; i++)
        sw_cidr_parse(trusted[i], &t[i]);
    sw_ip p;
    sw_ip_parse(peer, &p);
    sw_ip r = sw_policy_client_ip(&p, xff, t, n);
    sw_ip_format(&r, buf);
    return buf;
}

static void test_client_ip(void)
{
    const char *const lb[] = {"10.0.0.0/8", "2001:db8:ffff::/48"};
    /* no trusted proxies: the header is ignored */
    CHECK_EQ_STR(client("10.0.0.1", "1.1.1.1", lb, 0), "10.0.0.1");
    /* untrusted peer: ignored, whatever it says */
    CHECK_EQ_STR(client("203.0.113.5", "1.1.1.1", lb, 2), "203.0.113.5");
    /* trusted peer, no header */
    CHECK_EQ_STR(client("10.0.0.1", NULL, lb, 2), "10.0.0.1");
    CHECK_EQ_STR(client("10.0.0.1", "", lb, 2), "10.0.0.1");
    /* one trusted hop */
    CHECK_EQ_STR(client("10.0.0.1", "198.51.100.7", lb, 2), "198.51.100.7");
    /* spoofed entries left of the real client are not believed */
    CHECK_EQ_STR(client("10.0.0.1", "6.6.6.6, 198.51.100.7", lb, 2), "198.51.100.7");
    /* several trusted hops are skipped */
    CHECK_EQ_STR(client("10.0.0.1", "6.6.6.6, 198.51.100.7, 10.2.2.2,10.3.3.3", lb, 2), "198.51.100.7");
    /* all trusted: the leftmost */
    CHECK_EQ_STR(client("10.0.0.1", "10.9.9.9, 10.2.2.2", lb, 2), "10.9.9.9");
    /* garbage stops the walk at the hop that wrote it */
    CHECK_EQ_STR(client("10.0.0.1", "198.51.100.7, unknown", lb, 2), "10.0.0.1");
    CHECK_EQ_STR(client("10.0.0.1", "198.51.100.7, unknown, 10.2.2.2", lb, 2), "10.2.2.2");
    /* ports and brackets */
    CHECK_EQ_STR(client("10.0.0.1", "198.51.100.7:51234", lb, 2), "198.51.100.7");
    CHECK_EQ_STR(client("10.0.0.1", "[2001:db8::5]:443", lb, 2), "2001:db8::5");
    CHECK_EQ_STR(client("10.0.0.1", "[2001:db8::5]", lb, 2), "2001:db8::5");
    CHECK_EQ_STR(client("10.0.0.1", "2001:db8::5", lb, 2), "2001:db8::5");
    CHECK_EQ_STR(client("10.0.0.1", "[2001:db8::5]x", lb, 2), "10.0.0.1");
    /* IPv6 proxy, blank entries skipped */
    CHECK_EQ_STR(client("2001:db8:ffff::9", " 198.51.100.7 , ,", lb, 2), "198.51.100.7");
    /* an overlong entry is not an address */
    CHECK_EQ_STR(client("10.0.0.1", "1111111111111111111111111111111111111111111111111111111111111111111",
                        lb, 2),
                 "10.0.0.1");
}

int main(void)
{
    SW_TEST_RUN(test_parse);
    SW_TEST_RUN(test_contains);
    SW_TEST_RUN(test_format_sockaddr);
    SW_TEST_RUN(test_client_ip);
    return SW_TEST_END();
}
