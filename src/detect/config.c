/* config.c — see config.h; the field table is generated from one X-macro list. */
#include "detect/config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"

void sw_detect_config_defaults(sw_detect_config *c)
{
#define SW_X_DEF(name, def, doc) c->name = (def);
    SW_DETECT_CONFIG_FIELDS(SW_X_DEF)
#undef SW_X_DEF
}

static double *field(sw_detect_config *c, const char *name)
{
#define SW_X_LOOKUP(fname, def, doc)                                                               \
    if (!strcmp(name, #fname))                                                                     \
        return &c->fname;
    SW_DETECT_CONFIG_FIELDS(SW_X_LOOKUP)
#undef SW_X_LOOKUP
    return NULL;
}

int sw_detect_config_set(sw_detect_config *c, const char *name, const char *value)
{
    double *f = field(c, name);
    if (!f)
        return SW_ENOTFOUND;
    char *end;
    errno = 0;
    double v = strtod(value, &end);
    if (end == value || *end || errno || !isfinite(v))
        return SW_EINVAL;
    *f = v;
    return SW_OK;
}

int sw_detect_config_check(const sw_detect_config *c, char *err, size_t errsz)
{
    if (!(c->t_monitor > 0 && c->t_monitor < c->t_throttle && c->t_throttle < c->t_challenge &&
          c->t_challenge < c->t_block && c->t_block <= 1)) {
        snprintf(err, errsz, "thresholds must satisfy 0 < t_monitor < t_throttle < t_challenge < t_block <= 1");
        return SW_EINVAL;
    }
    if (c->large_max_tokens < 1 || c->min_events < 1 || c->cluster_min_size < 2 ||
        c->link_shared_prefixes < 1 || c->link_shared_templates < 1 || c->link_near_duplicates < 1) {
        snprintf(err, errsz, "counts (large_max_tokens, min_events, cluster_min_size, link_*) must be positive");
        return SW_EINVAL;
    }
    return SW_OK;
}

void sw_detect_config_describe(const sw_detect_config *c,
                               void (*fn)(void *ctx, const char *name, double value, double def,
                                          const char *doc),
                               void *ctx)
{
#define SW_X_DESC(name, def, doc) fn(ctx, #name, c->name, (def), doc);
    SW_DETECT_CONFIG_FIELDS(SW_X_DESC)
#undef SW_X_DESC
}
