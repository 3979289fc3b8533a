/*
 * conf.c — the configuration in force (see gw.h, sw_gw_conf).
 *
 * A reload builds a complete new sw_gw_conf (upstream URLs parsed, geo
 * databases opened) before anything sees it, then swaps one pointer under a
 * mutex; requests hold a reference to the conf they started with, so they
 * finish under consistent rules, and the last one out frees it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "gateway/gw.h"

int sw_gw_conf_new(const sw_config *cfg, sw_gw_conf **out, char *err, size_t errsz)
{
    sw_gw_conf *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(err, errsz, "out of memory");
        return SW_ENOMEM;
    }
    atomic_init(&c->refs, 1);
    c->cfg = *cfg;
    for (int i = 0; i < c->cfg.n_upstreams; i++) {
        const char *u = c->cfg.upstreams[i].url;
        if (h2o_url_parse(u, strlen(u), &c->urls[i]) != 0 ||
            (c->urls[i].scheme != &H2O_URL_SCHEME_HTTP && c->urls[i].scheme != &H2O_URL_SCHEME_HTTPS)) {
            snprintf(err, errsz, "upstream '%s' for model '%s' is not an http:// or https:// URL", u,
                     c->cfg.upstreams[i].model);
            free(c);
            return SW_EINVAL;
        }
    }
    const char *paths[2];
    int n = 0;
    if (c->cfg.geoip_db[0])
        paths[n++] = c->cfg.geoip_db;
    if (c->cfg.geoip_asn_db[0])
        paths[n++] = c->cfg.geoip_asn_db;
    if (n > 0) {
        int rc = sw_geo_open(&c->geo, paths, n, err, errsz);
        if (rc != SW_OK) {
            free(c);
            return rc;
        }
    }
    *out = c;
    return SW_OK;
}

sw_gw_conf *sw_gw_conf_acquire(sw_gateway *g)
{
    pthread_mutex_lock(&g->conf_lock);
    sw_gw_conf *c = g->conf;
    atomic_fetch_add(&c->refs, 1);
    pthread_mutex_unlock(&g->conf_lock);
    return c;
}

void sw_gw_conf_release(sw_gw_conf *c)
{
    if (!c || atomic_fetch_sub(&c->refs, 1) != 1)
        return;
    sw_geo_close(c->geo);
    free(c);
}
