/* clientclass.c — see clientclass.h. Both lists are tiny: a linear scan is
 * cheaper than any index at this size and keeps the data readable. */
#include "detect/clientclass.h"

#include <stddef.h>
#include <string.h>
#include <strings.h>

/* Cloud and hosting providers' main autonomous systems. */
static const uint32_t hosting_asns[] = {
    16509, 14618, 8987,          /* Amazon */
    15169, 396982, 19527, 36040, /* Google */
    8075, 8068, 8069,            /* Microsoft */
    14061,                       /* DigitalOcean */
    24940, 213230,               /* Hetzner */
    16276,                       /* OVH */
    63949,                       /* Akamai Linode */
    20473,                       /* Vultr (Choopa) */
    31898,                       /* Oracle */
    45102, 37963,                /* Alibaba */
    132203, 45090,               /* Tencent */
    55967,                       /* Baidu */
    13335,                       /* Cloudflare */
    54113,                       /* Fastly */
    12876,                       /* Scaleway */
    51167,                       /* Contabo */
    36352,                       /* ColoCrossing */
    46606,                       /* Unified Layer */
    26496,                       /* GoDaddy */
    40021,                       /* Contabo US */
    9009,                        /* M247 */
    60781, 28753,                /* Leaseweb */
    62567, 399629,               /* DigitalOcean, BL Networks */
    197540,                      /* netcup */
    35540,                       /* OVH FR */
    32934,                       /* Facebook */
};

bool sw_asn_is_hosting(int64_t asn)
{
    if (asn <= 0)
        return false;
    for (size_t i = 0; i < sizeof hosting_asns / sizeof hosting_asns[0]; i++)
        if ((int64_t)hosting_asns[i] == asn)
            return true;
    return false;
}

/* case-insensitive prefix/substring tests over short UA strings */
static bool has(const char *ua, const char *needle)
{
    return strcasestr(ua, needle) != NULL;
}

sw_ua_class sw_ua_classify(const char *ua)
{
    if (!ua || !*ua)
        return SW_UA_NONE;
    static const char *const scripts[] = {
        "python-requests", "python-urllib", "aiohttp", "python-httpx", "httpx/", "go-http-client",
        "curl/", "wget/", "node-fetch", "axios/", "undici", "okhttp", "java/", "libwww-perl",
        "scrapy", "got (", "http.rb", "faraday", "guzzlehttp", "restsharp", "powershell",
    };
    for (size_t i = 0; i < sizeof scripts / sizeof scripts[0]; i++)
        if (has(ua, scripts[i]))
            return SW_UA_SCRIPT;
    if (!strncmp(ua, "Mozilla/", 8))
        return SW_UA_BROWSER;
    return SW_UA_SDK;
}

/* Throwaway-address providers: an account registered with one has not even
 * kept a mailbox. */
static const char *const disposable_domains[] = {
    "mailinator.com", "guerrillamail.com", "guerrillamail.net", "sharklasers.com", "10minutemail.com",
    "temp-mail.org", "tempmail.com", "tempmail.net", "yopmail.com", "yopmail.net", "trashmail.com",
    "getnada.com", "dispostable.com", "maildrop.cc", "throwawaymail.com", "fakeinbox.com", "mintemail.com",
    "mailnesia.com", "tempr.email", "discard.email", "emailondeck.com", "moakt.com", "mohmal.com",
    "burnermail.io", "spamgourmet.com", "mytemp.email", "tmpmail.org", "tmail.ws", "1secmail.com",
};

bool sw_email_domain_is_disposable(const char *domain)
{
    if (!domain || !*domain)
        return false;
    size_t n = strlen(domain);
    for (size_t i = 0; i < sizeof disposable_domains / sizeof disposable_domains[0]; i++) {
        size_t m = strlen(disposable_domains[i]);
        if (n >= m && !strcasecmp(domain + n - m, disposable_domains[i]) && (n == m || domain[n - m - 1] == '.'))
            return true;
    }
    return false;
}
