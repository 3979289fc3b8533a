/*
 * clientclass.h — what kind of network and what kind of client a request
 * came from.
 *
 * Hosting networks: a short built-in list of the autonomous systems of the
 * large clouds and hosting providers. Traffic from them is a server (an
 * app, a pipeline, an agent runner); traffic spread over many *other*
 * networks in a short time is what residential proxy pools look like. The
 * list only needs the big providers: a provider absent from it makes its
 * traffic look residential, which only matters if it is also spread over
 * many networks.
 *
 * Clients: the User-Agent is trivially forged, so it is weak evidence and
 * only three coarse classes are told apart: generic HTTP libraries and
 * command-line tools (scripts), model SDKs and agent products, browsers.
 */
#ifndef SW_CLIENTCLASS_H
#define SW_CLIENTCLASS_H

#include <stdbool.h>
#include <stdint.h>

bool sw_asn_is_hosting(int64_t asn);

typedef enum {
    SW_UA_NONE,    /* absent or empty */
    SW_UA_SCRIPT,  /* python-requests, curl, Go-http-client, aiohttp, … */
    SW_UA_SDK,     /* official SDKs, frameworks, agent products */
    SW_UA_BROWSER, /* Mozilla/… */
} sw_ua_class;

sw_ua_class sw_ua_classify(const char *ua);

/* Whether an e-mail domain belongs to a throwaway-address provider (a short
 * built-in list of the well-known ones; subdomains count). */
bool sw_email_domain_is_disposable(const char *domain);

#endif
