/*
 * tier.c — the questions the gateway asks of a loaded configuration for
 * every request: which tier, which upstream, may this model be used, does it
 * need a proof of possession, may this origin use it.
 *
 * All of them are linear scans over short lists (at most 64 entries, most
 * configurations have a handful): cheaper than building indexes, and the
 * config is immutable so no locking is needed. Model patterns are exact
 * names or a prefix ending in '*', which is all that model families need
 * ("atlas-3*") and cannot be misread the way globs or regexes can.
 */
#include <ctype.h>
#include <string.h>

#include "policy/policy.h"

bool sw_model_matches(const char *pattern, const char *model)
{
    if (!pattern || !model)
        return false;
    size_t n = strlen(pattern);
    if (n > 0 && pattern[n - 1] == '*')
        return strncmp(pattern, model, n - 1) == 0;
    return strcmp(pattern, model) == 0;
}

static bool list_matches(const char (*patterns)[64], int n, const char *model)
{
    for (int i = 0; i < n; i++)
        if (sw_model_matches(patterns[i], model))
            return true;
    return false;
}

const sw_tier *sw_config_tier(const sw_config *c, const char *name)
{
    if (!name)
        return NULL;
    for (int i = 0; i < c->n_tiers; i++)
        if (strcmp(c->tiers[i].name, name) == 0)
            return &c->tiers[i];
    return NULL;
}

const sw_tier *sw_config_tier_for(const sw_config *c, const char *name)
{
    const sw_tier *t = name && name[0] ? sw_config_tier(c, name) : NULL;
    return t ? t : sw_config_tier(c, c->default_tier);
}

const sw_upstream *sw_config_upstream(const sw_config *c, const char *model)
{
    if (!model)
        return NULL;
    const sw_upstream *best = NULL;
    size_t best_len = 0;
    for (int i = 0; i < c->n_upstreams; i++) {
        const sw_upstream *u = &c->upstreams[i];
        size_t n = strlen(u->model);
        bool pattern = n > 0 && u->model[n - 1] == '*';
        if (!pattern && strcmp(u->model, model) == 0)
            return u; /* an exact name wins outright */
        /* Among patterns the longest (most specific) wins; "*" has
         * length 1 and so loses to every other match. */
        if (pattern && sw_model_matches(u->model, model) && (!best || n > best_len)) {
            best = u;
            best_len = n;
        }
    }
    return best;
}

bool sw_tier_allows_model(const sw_tier *t, const char *model)
{
    return t && list_matches(t->models, t->n_models, model);
}

bool sw_tier_requires_proof(const sw_tier *t, const char *model)
{
    return t && list_matches(t->proof_models, t->n_proof_models, model);
}

static bool country_in(const char (*list)[3], int n, const char *cc)
{
    for (int i = 0; i < n; i++)
        if (toupper((unsigned char)cc[0]) == list[i][0] && toupper((unsigned char)cc[1]) == list[i][1])
            return true;
    return false;
}

static bool asn_in(const int64_t *list, int n, int64_t asn)
{
    for (int i = 0; i < n; i++)
        if (list[i] == asn)
            return true;
    return false;
}

bool sw_tier_allows_origin(const sw_tier *t, const char *country, int64_t asn)
{
    if (!t)
        return false;
    bool cc_known = country && strlen(country) == 2;
    bool asn_known = asn >= 0;
    if (cc_known && country_in(t->countries_deny, t->n_countries_deny, country))
        return false;
    if (asn_known && asn_in(t->asns_deny, t->n_asns_deny, asn))
        return false;
    /* An allow list is a promise about who gets in: an origin that cannot
     * be placed does not. */
    if (t->n_countries_allow > 0 &&
        (!cc_known || !country_in(t->countries_allow, t->n_countries_allow, country)))
        return false;
    if (t->n_asns_allow > 0 && (!asn_known || !asn_in(t->asns_allow, t->n_asns_allow, asn)))
        return false;
    return true;
}
