/*
 * net.c — the simulated Internet: autonomous systems with address blocks,
 * countries with time zones and mail providers, universities with campus
 * NAT prefixes, client user agents, and the model catalogue.
 *
 * Each ASN owns a few public /16 blocks (never private, CGNAT, loopback or
 * documentation space) and one IPv6 /32. An address is an (ASN, block,
 * host-bits) triple; formatting derives the dotted quad or the IPv6 groups
 * from the host bits, so addresses are cheap to draw and to share: a proxy
 * pool is just a range of indices hashed into addresses.
 *
 * Cloud blocks carry their own region country (AWS in Ireland, Hetzner in
 * Finland ...), residential blocks the ASN's country. University ASNs are
 * invented or are research networks; campus NATs live in a few /24s of
 * their /16.
 */
#include <stdio.h>
#include <string.h>

#include "sim/simint.h"

#define B(a, b) {a, b, NULL}
#define BC(a, b, cc) {a, b, cc}

const sim_asn sim_asns[] = {
    /* cloud and hosting */
    {16509, "US", NET_CLOUD, 4, {B(3, 80), B(52, 20), BC(52, 48, "IE"), BC(18, 184, "DE")}, {0x2600, 0x1f18}},
    {14618, "US", NET_CLOUD, 3, {B(34, 192), B(3, 208), B(54, 152)}, {0x2600, 0x1f10}},
    {15169, "US", NET_CLOUD, 2, {B(35, 186), B(104, 154)}, {0x2600, 0x1900}},
    {396982, "US", NET_CLOUD, 4, {B(34, 102), BC(34, 118, "NL"), B(35, 230), BC(34, 146, "JP")}, {0x2600, 0x1901}},
    {8075, "US", NET_CLOUD, 4, {B(20, 42), B(40, 112), BC(20, 50, "NL"), BC(52, 187, "SG")}, {0x2603, 0x1030}},
    {14061, "US", NET_CLOUD, 4, {B(159, 89), B(167, 99), BC(138, 68, "GB"), BC(64, 225, "DE")}, {0x2604, 0xa880}},
    {24940, "DE", NET_CLOUD, 4, {B(88, 198), B(116, 202), BC(95, 216, "FI"), B(65, 108)}, {0x2a01, 0x04f8}},
    {16276, "FR", NET_CLOUD, 4, {B(51, 38), B(54, 36), B(145, 239), BC(135, 125, "DE")}, {0x2001, 0x41d0}},
    {63949, "US", NET_CLOUD, 3, {B(45, 79), BC(172, 104, "JP"), BC(139, 162, "GB")}, {0x2600, 0x3c00}},
    {20473, "US", NET_CLOUD, 4, {B(45, 32), B(108, 61), B(149, 28), BC(207, 148, "NL")}, {0x2001, 0x19f0}},
    {31898, "US", NET_CLOUD, 3, {B(129, 146), BC(132, 145, "GB"), BC(152, 67, "IN")}, {0x2603, 0xc020}},
    {45102, "SG", NET_CLOUD, 3, {B(47, 88), BC(47, 74, "JP"), BC(8, 209, "DE")}, {0x2408, 0x4000}},
    /* residential and mobile, by country */
    {7922, "US", NET_RESID, 4, {B(73, 158), B(98, 207), B(24, 12), B(69, 140)}, {0x2601, 0x0184}},
    {701, "US", NET_RESID, 3, {B(71, 162), B(72, 83), B(96, 237)}, {0x2600, 0x4040}},
    {7018, "US", NET_RESID, 3, {B(99, 10), B(76, 200), B(107, 131)}, {0x2600, 0x1700}},
    {20115, "US", NET_RESID, 3, {B(24, 176), B(71, 84), B(66, 168)}, {0x2600, 0x6c40}},
    {22773, "US", NET_RESID, 2, {B(68, 98), B(72, 211)}, {0x2600, 0x8800}},
    {21928, "US", NET_MOBILE, 2, {B(172, 56), B(172, 58)}, {0x2607, 0xfb90}},
    {812, "CA", NET_RESID, 2, {B(99, 224), B(174, 112)}, {0x2607, 0xfea8}},
    {577, "CA", NET_RESID, 2, {B(70, 48), B(142, 112)}, {0x2607, 0xfa49}},
    {3320, "DE", NET_RESID, 4, {B(79, 192), B(84, 128), B(93, 192), B(87, 150)}, {0x2003, 0x00e4}},
    {3209, "DE", NET_RESID, 2, {B(92, 72), B(95, 90)}, {0x2a02, 0x0908}},
    {3215, "FR", NET_RESID, 4, {B(90, 3), B(86, 200), B(2, 4), B(92, 154)}, {0x2a01, 0xcb00}},
    {12322, "FR", NET_RESID, 3, {B(82, 64), B(88, 170), B(78, 192)}, {0x2a01, 0x0e0a}},
    {2856, "GB", NET_RESID, 3, {B(86, 128), B(81, 129), B(109, 148)}, {0x2a00, 0x23c0}},
    {5089, "GB", NET_RESID, 2, {B(82, 2), B(86, 5)}, {0x2a02, 0xc7f0}},
    {3352, "ES", NET_RESID, 2, {B(83, 32), B(88, 4)}, {0x2a0c, 0x5a80}},
    {3269, "IT", NET_RESID, 2, {B(87, 4), B(93, 40)}, {0x2a01, 0x0e34}},
    {5617, "PL", NET_RESID, 2, {B(83, 25), B(89, 70)}, {0x2a02, 0xa310}},
    {1136, "NL", NET_RESID, 2, {B(77, 160), B(86, 80)}, {0x2a02, 0xa440}},
    {4134, "CN", NET_RESID, 3, {B(113, 100), B(180, 160), B(59, 40)}, {0x240e, 0x0380}},
    {4837, "CN", NET_RESID, 3, {B(123, 112), B(221, 216), B(112, 224)}, {0x2408, 0x8207}},
    {9121, "TR", NET_RESID, 3, {B(78, 160), B(88, 230), B(85, 100)}, {0x2a02, 0xe0c0}},
    {4766, "KR", NET_RESID, 3, {B(121, 128), B(175, 192), B(211, 36)}, {0x2001, 0x0e60}},
    {17676, "JP", NET_RESID, 3, {B(126, 10), B(126, 200), B(60, 64)}, {0x2400, 0x2410}},
    {4713, "JP", NET_RESID, 2, {B(153, 128), B(122, 16)}, {0x2400, 0x4050}},
    {55836, "IN", NET_MOBILE, 3, {B(49, 36), B(152, 58), B(157, 35)}, {0x2409, 0x4040}},
    {9829, "IN", NET_RESID, 2, {B(117, 200), B(59, 88)}, {0x2405, 0x0201}},
    {24560, "IN", NET_RESID, 2, {B(122, 161), B(182, 68)}, {0x2401, 0x4900}},
    {28573, "BR", NET_RESID, 3, {B(177, 32), B(191, 34), B(187, 64)}, {0x2804, 0x014c}},
    {18881, "BR", NET_RESID, 2, {B(177, 80), B(189, 100)}, {0x2804, 0x07f0}},
    {12389, "RU", NET_RESID, 2, {B(178, 64), B(95, 24)}, {0x2a03, 0xd000}},
    {45899, "VN", NET_RESID, 3, {B(113, 161), B(14, 163), B(123, 20)}, {0x2405, 0x4800}},
    {7552, "VN", NET_MOBILE, 3, {B(27, 72), B(171, 233), B(116, 98)}, {0x2402, 0x0800}},
    {8452, "EG", NET_RESID, 3, {B(41, 34), B(156, 199), B(197, 35)}, {0x2c0f, 0xfc00}},
    {36903, "MA", NET_RESID, 2, {B(105, 158), B(41, 250)}, {0x2c0f, 0xf3a0}},
    {29465, "NG", NET_MOBILE, 2, {B(102, 89), B(197, 210)}, {0x2c0f, 0xf4c0}},
    {7713, "ID", NET_RESID, 3, {B(36, 68), B(180, 245), B(125, 166)}, {0x2001, 0x448a}},
    {9299, "PH", NET_RESID, 2, {B(112, 198), B(49, 145)}, {0x2001, 0x4450}},
    {8151, "MX", NET_RESID, 3, {B(187, 140), B(189, 130), B(201, 141)}, {0x2806, 0x0100}},
    {7303, "AR", NET_RESID, 2, {B(181, 45), B(190, 190)}, {0x2800, 0x0810}},
    {17557, "PK", NET_RESID, 2, {B(39, 40), B(182, 180)}, {0x2400, 0xadc0}},
    {15895, "UA", NET_RESID, 2, {B(176, 37), B(46, 211)}, {0x2a02, 0x2378}},
    {1221, "AU", NET_RESID, 3, {B(101, 160), B(120, 148), B(1, 144)}, {0x2001, 0x8003}},
    {33771, "KE", NET_MOBILE, 2, {B(105, 160), B(197, 237)}, {0x2c0f, 0xfe38}},
    {9506, "SG", NET_RESID, 2, {B(116, 86), B(220, 255)}, {0x2406, 0x3003}},
    /* universities and research networks */
    {3, "US", NET_UNIV, 1, {B(18, 28)}, {0x2603, 0x4000}},
    {59, "US", NET_UNIV, 1, {B(128, 104)}, {0x2607, 0xf388}},
    {87, "US", NET_UNIV, 1, {B(129, 79)}, {0x2001, 0x18e8}},
    {38, "US", NET_UNIV, 1, {B(130, 126)}, {0x2620, 0x0000}},
    {680, "DE", NET_UNIV, 2, {B(141, 30), B(134, 76)}, {0x2001, 0x0638}},
    {2200, "FR", NET_UNIV, 1, {B(193, 48)}, {0x2001, 0x0660}},
    {786, "GB", NET_UNIV, 2, {B(131, 111), B(129, 215)}, {0x2001, 0x0630}},
    {2907, "JP", NET_UNIV, 2, {B(133, 11), B(130, 54)}, {0x2001, 0x02f8}},
    {4538, "CN", NET_UNIV, 1, {B(166, 111)}, {0x2001, 0x0da8}},
    {1916, "BR", NET_UNIV, 1, {B(200, 130)}, {0x2001, 0x12f0}},
    {55824, "IN", NET_UNIV, 1, {B(14, 139)}, {0x2001, 0x0df0}},
    {17579, "KR", NET_UNIV, 1, {B(134, 75)}, {0x2001, 0x0320}},
};

const int sim_nasns = (int)(sizeof sim_asns / sizeof sim_asns[0]);

const sim_country sim_countries[] = {
    {"US", {-300, -360, -420, -480}, 4, 26, 16, {"gmail.com", "outlook.com", "yahoo.com", "icloud.com", "hotmail.com"}},
    {"CA", {-300, -480}, 2, 4, 2, {"gmail.com", "outlook.com", "rogers.com", "hotmail.com", "yahoo.ca"}},
    {"DE", {60}, 1, 6, 3, {"gmx.de", "web.de", "gmail.com", "t-online.de", "outlook.de"}},
    {"FR", {60}, 1, 5, 2, {"orange.fr", "gmail.com", "free.fr", "laposte.net", "hotmail.fr"}},
    {"GB", {0}, 1, 6, 3, {"gmail.com", "outlook.com", "btinternet.com", "hotmail.co.uk", "icloud.com"}},
    {"ES", {60}, 1, 3, 2, {"gmail.com", "hotmail.es", "yahoo.es", "outlook.es", "telefonica.net"}},
    {"IT", {60}, 1, 3, 2, {"gmail.com", "libero.it", "virgilio.it", "hotmail.it", "outlook.it"}},
    {"PL", {60}, 1, 2, 2, {"gmail.com", "wp.pl", "onet.pl", "o2.pl", "interia.pl"}},
    {"NL", {60}, 1, 2, 1, {"gmail.com", "ziggo.nl", "kpnmail.nl", "outlook.com", "hotmail.nl"}},
    {"CN", {480}, 1, 0, 0, {"qq.com", "163.com", "126.com", "gmail.com", "sina.com"}},
    {"TR", {180}, 1, 3, 6, {"gmail.com", "hotmail.com", "yandex.com.tr", "outlook.com", "yahoo.com"}},
    {"KR", {540}, 1, 3, 2, {"naver.com", "gmail.com", "daum.net", "kakao.com", "hanmail.net"}},
    {"JP", {540}, 1, 4, 2, {"gmail.com", "yahoo.co.jp", "docomo.ne.jp", "icloud.com", "outlook.jp"}},
    {"IN", {330}, 1, 10, 12, {"gmail.com", "yahoo.co.in", "rediffmail.com", "outlook.com", "hotmail.com"}},
    {"BR", {-180}, 1, 6, 10, {"gmail.com", "hotmail.com", "uol.com.br", "bol.com.br", "outlook.com"}},
    {"RU", {180}, 1, 0, 0, {"yandex.ru", "mail.ru", "gmail.com", "rambler.ru", "bk.ru"}},
    {"VN", {420}, 1, 2, 9, {"gmail.com", "yahoo.com.vn", "outlook.com", "hotmail.com", "yahoo.com"}},
    {"EG", {120}, 1, 1, 5, {"gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "live.com"}},
    {"MA", {60}, 1, 1, 4, {"gmail.com", "hotmail.fr", "menara.ma", "yahoo.fr", "outlook.fr"}},
    {"NG", {60}, 1, 2, 5, {"gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "ymail.com"}},
    {"ID", {420, 480}, 2, 2, 8, {"gmail.com", "yahoo.co.id", "outlook.com", "ymail.com", "hotmail.com"}},
    {"PH", {480}, 1, 2, 6, {"gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "ymail.com"}},
    {"MX", {-360}, 1, 3, 5, {"gmail.com", "hotmail.com", "prodigy.net.mx", "outlook.com", "yahoo.com.mx"}},
    {"AR", {-180}, 1, 1, 3, {"gmail.com", "hotmail.com.ar", "yahoo.com.ar", "outlook.com", "live.com.ar"}},
    {"PK", {300}, 1, 1, 5, {"gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "live.com"}},
    {"UA", {120}, 1, 1, 3, {"ukr.net", "gmail.com", "i.ua", "meta.ua", "outlook.com"}},
    {"AU", {660, 480}, 2, 3, 1, {"gmail.com", "bigpond.com", "outlook.com", "icloud.com", "optusnet.com.au"}},
    {"KE", {180}, 1, 1, 3, {"gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "ymail.com"}},
    {"SG", {480}, 1, 1, 1, {"gmail.com", "singnet.com.sg", "outlook.com", "hotmail.com", "yahoo.com.sg"}},
};

const int sim_ncountries = (int)(sizeof sim_countries / sizeof sim_countries[0]);

const sim_univ sim_univs[] = {
    {"Lakemont Institute of Technology", "lakemont.edu", "US", -300, 3, 18, 28, {40, 41, 112}, 62},
    {"Northfield State University", "northfield.edu", "US", -360, 59, 128, 104, {8, 9, 200}, 69},
    {"Westbrook University", "westbrook.edu", "US", -480, 87, 129, 79, {16, 17, 33}, 66},
    {"Cascadia College", "cascadia-college.edu", "US", -480, 38, 130, 126, {250, 251, 12}, 40},
    {"Technische Universität Arlsberg", "tu-arlsberg.de", "DE", 60, 680, 141, 30, {60, 61, 62}, 19},
    {"Universität Rheinfeld", "uni-rheinfeld.de", "DE", 60, 680, 134, 76, {30, 31, 128}, 19},
    {"Université de Valmont", "univ-valmont.fr", "FR", 60, 2200, 193, 48, {201, 202, 203}, 55},
    {"Kessington College London", "kessington.ac.uk", "GB", 0, 786, 131, 111, {7, 8, 9}, 35},
    {"University of Harrowgate", "harrowgate.ac.uk", "GB", 0, 786, 129, 215, {72, 73, 74}, 35},
    {"Tokai Institute of Science", "tokai-is.ac.jp", "JP", 540, 2907, 133, 11, {100, 101, 102}, 32},
    {"Hanseo National University", "hanseo.ac.kr", "KR", 540, 17579, 134, 75, {20, 21, 22}, 62},
    {"Indian Institute of Science and Technology, Varanpur", "iist-varanpur.ac.in", "IN", 330, 55824, 14, 139, {4, 5, 6}, 95},
    {"Universidade de Serra Azul", "usa-serraazul.br", "BR", -180, 1916, 200, 130, {10, 11, 90}, 90},
};

const int sim_nunivs = (int)(sizeof sim_univs / sizeof sim_univs[0]);

const sim_modelinfo sim_models[M_COUNT] = {
    {"atlas-2", 4096, false, false, 11.0},
    {"atlas-3", 16384, false, false, 14.0},
    {"atlas-3-mini", 16384, false, false, 5.0},
    {"atlas-3-reasoning", 32768, true, true, 9.0},
    {"atlas-4", 32768, false, true, 12.0},
};

const char *const sim_endpoint_path[EP_COUNT] = {
    "/v1/chat/completions", "/v1/messages", "/v1/completions", "/v1/responses",
};

int sim_asn_index(uint32_t asn)
{
    for (int i = 0; i < sim_nasns; i++)
        if (sim_asns[i].asn == asn)
            return i;
    return -1;
}

int sim_country_index(const char *cc)
{
    for (int i = 0; i < sim_ncountries; i++)
        if (!strcmp(sim_countries[i].cc, cc))
            return i;
    return -1;
}

int sim_asn_pick(const char *cc, bool mobile, uint64_t h)
{
    int cand[16], n = 0, any[16], nany = 0;
    for (int i = 0; i < sim_nasns && n < 16; i++) {
        const sim_asn *a = &sim_asns[i];
        if (a->kind != NET_RESID && a->kind != NET_MOBILE)
            continue;
        if (strcmp(a->cc, cc) != 0)
            continue;
        if (nany < 16)
            any[nany++] = i;
        if ((a->kind == NET_MOBILE) == mobile)
            cand[n++] = i;
    }
    if (n)
        return cand[h % (uint64_t)n];
    if (nany)
        return any[h % (uint64_t)nany];
    /* no ISP of that country in the table: a US one */
    return sim_asn_index(7922);
}

int sim_asn_pick_cloud(uint64_t h)
{
    /* the big three take most of the traffic */
    static const uint32_t w[] = {16509, 16509, 16509, 14618, 396982, 396982, 8075, 8075, 14061,
                                 24940, 16276, 63949, 20473, 31898, 45102, 15169};
    return sim_asn_index(w[h % (sizeof w / sizeof w[0])]);
}

sim_addr sim_addr_make(int asn_idx, uint64_t h, bool v6)
{
    sim_addr a;
    a.asn = (uint16_t)asn_idx;
    a.blk = (uint8_t)((h >> 48) % sim_asns[asn_idx].nblk);
    a.v6 = v6;
    a.host = sw_mix64(h);
    return a;
}

const char *sim_addr_cc(const sim_addr *a)
{
    const sim_asn *n = &sim_asns[a->asn];
    const char *cc = n->blk[a->blk].cc;
    return cc ? cc : n->cc;
}

void sim_addr_format(const sim_addr *a, char out[SIM_ADDRSZ])
{
    const sim_asn *n = &sim_asns[a->asn];
    uint64_t h = a->host;
    if (a->v6) {
        /* prefix /32, then a /48 site, /64 subnet and an interface id */
        snprintf(out, SIM_ADDRSZ, "%x:%x:%x:%x:%x:%x:%x:%x", n->v6[0], n->v6[1],
                 (unsigned)(h & 0xffff), (unsigned)((h >> 16) & 0xff),
                 (unsigned)((h >> 24) & 0xffff) | 0x200u, (unsigned)((h >> 40) & 0xffff),
                 (unsigned)((h >> 56) | 0x100u), (unsigned)((h >> 8) & 0xffff) ^ 0x5a5au);
        return;
    }
    const sim_block *b = &n->blk[a->blk];
    unsigned c = (unsigned)(h & 0xff), d = 1 + (unsigned)((h >> 8) % 254);
    snprintf(out, SIM_ADDRSZ, "%u.%u.%u.%u", b->a, b->b, c, d);
}

/* ----------------------------------------------------------- user agents --- */

/* Version numbers are drawn into locals first: the order in which a
 * function's arguments are evaluated is unspecified, and the output must
 * not depend on the compiler. v[] holds six draws from h. */
static void draws(uint64_t h, int v[6])
{
    for (int i = 0; i < 6; i++) {
        h = sw_mix64(h + 0x9e37u + (uint64_t)i);
        v[i] = (int)(h % 1000u);
    }
}

static void browser_ua(uint64_t h, char *out, size_t n)
{
    static const char *const os[] = {
        "Windows NT 10.0; Win64; x64", "Macintosh; Intel Mac OS X 10_15_7", "X11; Linux x86_64",
        "Windows NT 10.0; Win64; x64", "Macintosh; Intel Mac OS X 10_15_7",
    };
    static const char *const mob[] = {
        "iPhone; CPU iPhone OS 18_1 like Mac OS X", "Linux; Android 14; Pixel 8",
        "Linux; Android 14; SM-S921B", "iPhone; CPU iPhone OS 17_6 like Mac OS X",
    };
    int v[6];
    draws(h, v);
    int kind = v[0] % 10;
    const char *o = os[v[1] % 5];
    if (kind < 6) {
        snprintf(out, n,
                 "Mozilla/5.0 (%s) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Safari/537.36%s",
                 o, 128 + v[2] % 4, kind == 5 ? " Edg/130.0.0.0" : "");
    } else if (kind < 8) {
        int ver = 130 + v[2] % 3;
        snprintf(out, n, "Mozilla/5.0 (%s; rv:%d.0) Gecko/20100101 Firefox/%d.0", o, ver, ver);
    } else if (kind == 8) {
        snprintf(out, n,
                 "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like "
                 "Gecko) Version/18.%d Safari/605.1.15",
                 v[2] % 2);
    } else {
        snprintf(out, n,
                 "Mozilla/5.0 (%s) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Mobile "
                 "Safari/537.36",
                 mob[v[1] % 4], 129 + v[2] % 3);
    }
}

static void agent_ua(int which, const int *v, char *out, size_t n)
{
    static const char *const plat[] = {"darwin", "linux", "win32"};
    static const char *const arch[] = {"arm64", "x64"};
    const char *p = plat[v[4] % 3], *a = arch[v[5] % 2];
    switch (which) {
    case 0:
        snprintf(out, n, "Forgepilot/2.%d.%d (%s; %s) node/20.%d.0", 10 + v[0] % 5, v[1] % 10, p, a,
                 11 + v[2] % 8);
        break;
    case 1:
        snprintf(out, n, "tessellate-cli/0.9.%d (%s; %s) anthropic-ts/0.3%d.0", 20 + v[0] % 16, p, a,
                 v[1] % 4);
        break;
    case 2:
        snprintf(out, n, "Codewright/1.%d.%d vscode/1.9%d.%d (%s)", 5 + v[0] % 3, v[1] % 5, 4 + v[2] % 2,
                 v[3] % 4, p);
        break;
    default:
        snprintf(out, n, "hatchway-agent/3.%d.%d python/3.12.%d httpx/0.27.%d", v[0] % 3, v[1] % 10,
                 3 + v[2] % 5, v[3] % 3);
        break;
    }
}

void sim_ua_make(int client, int agent, uint64_t h, char *out, size_t n)
{
    int v[6];
    draws(h, v);
    switch (client) {
    case CL_BROWSER: browser_ua(h, out, n); break;
    case CL_OPENAI_PY: snprintf(out, n, "OpenAI/Python 1.%d.%d", 40 + v[0] % 16, v[1] % 5); break;
    case CL_OPENAI_JS: snprintf(out, n, "OpenAI/JS 4.%d.%d", 60 + v[0] % 14, v[1] % 4); break;
    case CL_ANTHROPIC_PY: snprintf(out, n, "Anthropic/Python 0.%d.%d", 34 + v[0] % 7, v[1] % 3); break;
    case CL_ANTHROPIC_JS: snprintf(out, n, "Anthropic/JS 0.%d.%d", 27 + v[0] % 7, v[1] % 3); break;
    case CL_HTTPX: snprintf(out, n, "python-httpx/0.%d.%d", 25 + v[0] % 4, v[1] % 3); break;
    case CL_AIOHTTP:
        snprintf(out, n, "Python/3.%d aiohttp/3.%d.%d", 10 + v[0] % 3, 9 + v[1] % 3, v[2] % 11);
        break;
    case CL_REQUESTS: snprintf(out, n, "python-requests/2.%d.%d", 28 + v[0] % 5, v[1] % 4); break;
    case CL_NODE: snprintf(out, n, "%s", v[0] % 3 == 0 ? "node" : (v[0] % 3 == 1 ? "undici" : "axios/1.7.7")); break;
    case CL_CURL: snprintf(out, n, "curl/8.%d.%d", 4 + v[0] % 7, v[1] % 2); break;
    case CL_GO: snprintf(out, n, "%s", v[0] % 2 ? "Go-http-client/2.0" : "Go-http-client/1.1"); break;
    case CL_LANGCHAIN:
        snprintf(out, n, "langchain-openai/0.2.%d OpenAI/Python 1.%d.0", 3 + v[0] % 8, 45 + v[1] % 10);
        break;
    default: agent_ua(agent & 3, v, out, n); break;
    }
}
