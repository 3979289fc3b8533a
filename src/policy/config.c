/*
 * config.c — the gateway's configuration: built-in defaults, and a YAML file
 * read over them.
 *
 * The file is loaded with libyaml's document API into a node tree, then
 * walked against the schema: each mapping level has a table of known keys
 * and a handler per key, so an unknown key, a duplicate key or a value of the
 * wrong type is found where it stands and reported with the line that libyaml
 * recorded for its node ("FILE:LINE: key.path: problem"). Validation is
 * strict on purpose: a misspelt limit that silently fell back to a default
 * would be a hole in the gateway, not a convenience.
 *
 * Merging rules, kept few so they are easy to predict:
 *   - scalars replace the default;
 *   - lists and the upstreams map replace the default as a whole;
 *   - tiers merge by name: a tier given in the file starts from the tier of
 *     the same name (built-in, or as an earlier entry left it), or from the
 *     tier named by its `inherit`, or, when neither exists, from a blank tier
 *     that allows no model and limits nothing.
 * free and tier1 take their proof_models from top_models unless the file
 * sets them, wherever top_models appears in the file; that is resolved after
 * the walk, with the checks that need the whole file (default_tier names a
 * tier, tls has both or neither of cert and key).
 *
 * The result is built in a heap copy and handed over only when everything
 * validated, so a failed reload leaves the running configuration untouched.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#include "core/error.h"
#include "policy/policy.h"
#include "store/redis.h"

/* ---- Built-in defaults -------------------------------------------------- */

static const char *const default_top_models[] = {"atlas-4*", "atlas-3-reasoning"};

static void copy_str(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src);
}

static void tier_blank(sw_tier *t, const char *name)
{
    memset(t, 0, sizeof *t);
    copy_str(t->name, sizeof t->name, name);
    t->throttle_factor = 0.1;
}

static void tier_allow_all(sw_tier *t)
{
    copy_str(t->models[0], sizeof t->models[0], "*");
    t->n_models = 1;
}

static void tier_proof_top(sw_tier *t, const sw_config *c)
{
    for (int i = 0; i < c->n_top_models; i++)
        copy_str(t->proof_models[i], sizeof t->proof_models[i], c->top_models[i]);
    t->n_proof_models = c->n_top_models;
}

/* One built-in tier's numbers; 0 means unlimited / no cap. */
typedef struct {
    const char *name;
    int64_t rpm, tpm, tpd, streams, max_tokens_cap;
    bool reasoning, logprobs, proof_top;
} tier_default;

static const tier_default builtin_tiers[] = {
    {"free", 20, 40000, 1000000, 2, 4096, false, false, true},
    {"tier1", 500, 200000, 0, 10, 0, false, false, true},
    {"tier2", 2000, 800000, 0, 50, 0, false, true, false},
    {"tier3", 5000, 2000000, 0, 100, 0, false, true, false},
    {"enterprise", 0, 0, 0, 0, 0, true, true, false},
    {"edu", 1000, 400000, 0, 20, 0, true, false, false},
};
#define N_BUILTIN_TIERS (int)(sizeof builtin_tiers / sizeof builtin_tiers[0])

static const tier_default *builtin_tier(const char *name)
{
    for (int i = 0; i < N_BUILTIN_TIERS; i++)
        if (strcmp(builtin_tiers[i].name, name) == 0)
            return &builtin_tiers[i];
    return NULL;
}

void sw_config_defaults(sw_config *c)
{
    memset(c, 0, sizeof *c);
    copy_str(c->listen[0], sizeof c->listen[0], "127.0.0.1:8080");
    c->n_listen = 1;
    copy_str(c->state_dir, sizeof c->state_dir, ".");
    copy_str(c->upstreams[0].model, sizeof c->upstreams[0].model, "*");
    copy_str(c->upstreams[0].url, sizeof c->upstreams[0].url, "http://127.0.0.1:8000");
    c->n_upstreams = 1;
    for (size_t i = 0; i < sizeof default_top_models / sizeof default_top_models[0]; i++)
        copy_str(c->top_models[c->n_top_models++], sizeof c->top_models[0], default_top_models[i]);
    for (int i = 0; i < N_BUILTIN_TIERS; i++) {
        const tier_default *d = &builtin_tiers[i];
        sw_tier *t = &c->tiers[c->n_tiers++];
        tier_blank(t, d->name);
        tier_allow_all(t);
        t->requests_per_minute = d->rpm;
        t->tokens_per_minute = d->tpm;
        t->tokens_per_day = d->tpd;
        t->concurrent_streams = d->streams;
        t->max_tokens_cap = d->max_tokens_cap;
        t->expose_reasoning = d->reasoning;
        t->expose_logprobs = d->logprobs;
        if (d->proof_top)
            tier_proof_top(t, c);
    }
    copy_str(c->default_tier, sizeof c->default_tier, "free");
    c->token_ttl_s = 600;
    c->proof_skew_s = 60;
    c->max_body_bytes = 4 * 1024 * 1024;
    c->log_text_bytes = 8192;
    c->stepup_ttl_s = 86400;
    c->stepup_ticket_ttl_s = 900;
    c->detect = true;
    c->degrade_instead_of_throttle = false;
    sw_detect_config_defaults(&c->detector);
    c->redis_fail_open = false;
    c->redis_timeout_ms = 250;
    c->redis_log_interval_s = 10;
}

/* ---- The loader and its error reporting -------------------------------- */

#define PATH_MAX_LEN 256

typedef struct {
    const char *file;
    char *err;
    size_t errsz;
    yaml_document_t *doc;
    sw_config *c;
    /* Per tier index: whether its proof_models follow top_models. */
    bool proof_top[SW_POLICY_MAX_TIERS];
    const yaml_node_t *default_tier_node, *tls_node;
} loader;

static unsigned long node_line(const yaml_node_t *n)
{
    return n ? (unsigned long)n->start_mark.line + 1 : 1;
}

/* Writes "FILE:LINE: path: message" and returns SW_EINVAL. */
static int fail(loader *L, const yaml_node_t *n, const char *path, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (path && path[0])
        snprintf(L->err, L->errsz, "%s:%lu: %s: %s", L->file, node_line(n), path, msg);
    else
        snprintf(L->err, L->errsz, "%s:%lu: %s", L->file, node_line(n), msg);
    return SW_EINVAL;
}

/* Paths longer than the buffer are cut: they only label messages. */
static void path_key(char out[PATH_MAX_LEN], const char *parent, const char *key)
{
    int n = parent[0] ? snprintf(out, PATH_MAX_LEN, "%s.%s", parent, key)
                      : snprintf(out, PATH_MAX_LEN, "%s", key);
    if (n < 0)
        out[0] = '\0';
}

static void path_index(char out[PATH_MAX_LEN], const char *parent, int i)
{
    if (snprintf(out, PATH_MAX_LEN, "%s[%d]", parent, i) < 0)
        out[0] = '\0';
}

/* ---- Node helpers ------------------------------------------------------- */

static bool is_scalar(const yaml_node_t *n)
{
    return n->type == YAML_SCALAR_NODE;
}

static const char *scalar(const yaml_node_t *n)
{
    return (const char *)n->data.scalar.value;
}

static bool is_plain(const yaml_node_t *n)
{
    return is_scalar(n) && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}

/* An empty value, "~" or "null" written plainly: YAML's null. */
static bool is_null(const yaml_node_t *n)
{
    if (!is_plain(n))
        return false;
    const char *s = scalar(n);
    return !s[0] || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") ||
           !strcmp(s, "NULL");
}

/* "'text'" for a scalar (cut to 40 bytes), else what kind of node it is. */
static const char *describe(const yaml_node_t *n, char *buf, size_t cap)
{
    if (n->type == YAML_MAPPING_NODE)
        return "a mapping";
    if (n->type == YAML_SEQUENCE_NODE)
        return "a list";
    if (is_null(n))
        return "nothing";
    const char *s = scalar(n);
    const char *quoted = is_plain(n) ? "" : "a quoted string ";
    if (strlen(s) > 40)
        snprintf(buf, cap, "%s'%.40s...'", quoted, s);
    else
        snprintf(buf, cap, "%s'%s'", quoted, s);
    return buf;
}

static yaml_node_t *node_at(loader *L, yaml_node_item_t i)
{
    return yaml_document_get_node(L->doc, i);
}

/* Requires a mapping; a null value counts as an empty one. */
static int check_mapping(loader *L, const yaml_node_t *n, const char *path)
{
    char d[64];
    if (is_null(n) || n->type == YAML_MAPPING_NODE)
        return SW_OK;
    return fail(L, n, path, "expected a mapping, got %s", describe(n, d, sizeof d));
}

/* Requires pair p's key to be a string not given earlier in its mapping.
 * Checked pair by pair, so errors come in the order of the file and a
 * mapping is never scanned past its first bad key. */
static int check_key(loader *L, const yaml_node_pair_t *first, const yaml_node_pair_t *p,
                     const char *path)
{
    char d[64], kp[PATH_MAX_LEN];
    const yaml_node_t *k = node_at(L, p->key);
    if (!is_scalar(k))
        return fail(L, k, path, "keys must be strings, got %s", describe(k, d, sizeof d));
    for (const yaml_node_pair_t *q = first; q < p; q++) {
        const yaml_node_t *k0 = node_at(L, q->key);
        if (strcmp(scalar(k0), scalar(k)) == 0) {
            path_key(kp, path, scalar(k));
            return fail(L, k, kp, "duplicate key (first given at line %lu)", node_line(k0));
        }
    }
    return SW_OK;
}

/* Calls fn(key, value, child path) for each pair of mapping n. */
typedef int (*pair_fn)(loader *L, const yaml_node_t *key, const yaml_node_t *val,
                       const char *path, void *ctx);

static int each_pair(loader *L, const yaml_node_t *n, const char *path, pair_fn fn, void *ctx)
{
    int rc = check_mapping(L, n, path);
    if (rc != SW_OK || n->type != YAML_MAPPING_NODE)
        return rc;
    const yaml_node_pair_t *b = n->data.mapping.pairs.start, *e = n->data.mapping.pairs.top;
    for (const yaml_node_pair_t *p = b; p < e; p++) {
        if ((rc = check_key(L, b, p, path)) != SW_OK)
            return rc;
        const yaml_node_t *k = node_at(L, p->key), *v = node_at(L, p->value);
        char kp[PATH_MAX_LEN];
        path_key(kp, path, scalar(k));
        if ((rc = fn(L, k, v, kp, ctx)) != SW_OK)
            return rc;
    }
    return SW_OK;
}

/* A key table: the known keys of one mapping level. */
typedef int (*key_fn)(loader *L, const yaml_node_t *val, const char *path, void *ctx);
typedef struct {
    const char *key;
    key_fn fn;
} key_entry;

typedef struct {
    const key_entry *keys;
    void *ctx;
} table_ctx;

static int dispatch_pair(loader *L, const yaml_node_t *k, const yaml_node_t *v, const char *path,
                         void *vctx)
{
    const table_ctx *t = vctx;
    for (const key_entry *e = t->keys; e->key; e++)
        if (strcmp(e->key, scalar(k)) == 0)
            return e->fn ? e->fn(L, v, path, t->ctx) : SW_OK;
    return fail(L, k, path, "unknown key");
}

static int walk_table(loader *L, const yaml_node_t *n, const char *path, const key_entry *keys,
                      void *ctx)
{
    table_ctx t = {keys, ctx};
    return each_pair(L, n, path, dispatch_pair, &t);
}

/* ---- Typed values ------------------------------------------------------- */

static int get_int(loader *L, const yaml_node_t *n, const char *path, int64_t min, int64_t max,
                   int64_t *out)
{
    char d[64];
    const char *what = min > 0 ? "a positive integer" : "a non-negative integer";
    if (!is_plain(n) || is_null(n))
        return fail(L, n, path, "expected %s, got %s", what, describe(n, d, sizeof d));
    const char *s = scalar(n);
    const char *digits = s[0] == '-' ? s + 1 : s;
    if (!digits[0] || strspn(digits, "0123456789") != strlen(digits))
        return fail(L, n, path, "expected %s, got %s", what, describe(n, d, sizeof d));
    if (s[0] == '-' && strspn(digits, "0") != strlen(digits))
        return fail(L, n, path, "must not be negative, got '%s'", s);
    errno = 0;
    unsigned long long v = strtoull(digits, NULL, 10);
    if (errno == ERANGE || v > (unsigned long long)max)
        return fail(L, n, path, "too large (at most %lld), got '%.40s'", (long long)max, s);
    if ((int64_t)v < min)
        return fail(L, n, path, "must be at least %lld, got '%s'", (long long)min, s);
    *out = (int64_t)v;
    return SW_OK;
}

static int get_bool(loader *L, const yaml_node_t *n, const char *path, bool *out)
{
    char d[64];
    const char *s = is_plain(n) ? scalar(n) : "";
    if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE"))
        *out = true;
    else if (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE"))
        *out = false;
    else
        return fail(L, n, path, "expected true or false, got %s", describe(n, d, sizeof d));
    return SW_OK;
}

/* A string of fewer than cap bytes; null gives "". */
static int get_str(loader *L, const yaml_node_t *n, const char *path, char *dst, size_t cap)
{
    char d[64];
    if (is_null(n)) {
        dst[0] = '\0';
        return SW_OK;
    }
    if (!is_scalar(n))
        return fail(L, n, path, "expected a string, got %s", describe(n, d, sizeof d));
    size_t len = n->data.scalar.length;
    if (len >= cap)
        return fail(L, n, path, "too long (at most %zu bytes)", cap - 1);
    if (memchr(scalar(n), '\0', len))
        return fail(L, n, path, "must not contain a NUL byte");
    memcpy(dst, scalar(n), len + 1);
    return SW_OK;
}

/* A number in (0, 1]: the multiplier of a throttled tier's rates. */
static int get_factor(loader *L, const yaml_node_t *n, const char *path, double *out)
{
    char d[64];
    const char *s = is_plain(n) ? scalar(n) : "";
    char *end = NULL;
    double v = s[0] ? strtod(s, &end) : NAN;
    if (!end || *end || !isfinite(v) || v <= 0.0 || v > 1.0)
        return fail(L, n, path, "expected a number greater than 0 and at most 1, got %s",
                    describe(n, d, sizeof d));
    *out = v;
    return SW_OK;
}

/* Calls fn on each item of a list (null: an empty list), with the list's
 * length checked against max first. */
typedef int (*item_fn)(loader *L, const yaml_node_t *item, const char *path, int i, void *ctx);

static int each_item(loader *L, const yaml_node_t *n, const char *path, int max, item_fn fn,
                     void *ctx)
{
    char d[64];
    if (is_null(n))
        return SW_OK;
    if (n->type != YAML_SEQUENCE_NODE)
        return fail(L, n, path, "expected a list, got %s", describe(n, d, sizeof d));
    yaml_node_item_t *b = n->data.sequence.items.start, *e = n->data.sequence.items.top;
    if (e - b > max)
        return fail(L, n, path, "too many entries (at most %d)", max);
    for (int i = 0; b + i < e; i++) {
        char ip[PATH_MAX_LEN];
        path_index(ip, path, i);
        int rc = fn(L, node_at(L, b[i]), ip, i, ctx);
        if (rc != SW_OK)
            return rc;
    }
    return SW_OK;
}

/* ---- Validators of strings ---------------------------------------------- */

static bool is_host_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '.' || ch == '-' || ch == '_';
}

/* Reads "HOST[:PORT]" from s: HOST a name, an IPv4 address or "[IPv6]".
 * Returns the bytes consumed, 0 when malformed; *has_port tells whether a
 * port was given. */
static size_t scan_hostport(const char *s, bool *has_port)
{
    size_t i = 0;
    if (s[0] == '[') {
        const char *close = strchr(s, ']');
        char v6[64];
        size_t n = close ? (size_t)(close - s - 1) : 0;
        if (!close || n == 0 || n >= sizeof v6)
            return 0;
        memcpy(v6, s + 1, n);
        v6[n] = '\0';
        sw_ip ip;
        if (sw_ip_parse(v6, &ip) != SW_OK)
            return 0;
        i = n + 2;
    } else {
        while (is_host_char(s[i]))
            i++;
        if (i == 0)
            return 0;
    }
    *has_port = s[i] == ':';
    if (!*has_port)
        return i;
    i++;
    size_t d = strspn(s + i, "0123456789");
    if (d == 0 || d > 5)
        return 0;
    long port = strtol(s + i, NULL, 10);
    if (port < 1 || port > 65535)
        return 0;
    return i + d;
}

static bool listen_ok(const char *s)
{
    bool has_port = false;
    size_t n = scan_hostport(s, &has_port);
    return n > 0 && has_port && s[n] == '\0';
}

/* http(s)://HOST[:PORT][/PATH]: no user info, query or fragment, no spaces. */
static bool url_ok(const char *s)
{
    const char *rest;
    if (!strncmp(s, "http://", 7))
        rest = s + 7;
    else if (!strncmp(s, "https://", 8))
        rest = s + 8;
    else
        return false;
    bool has_port = false;
    size_t n = scan_hostport(rest, &has_port);
    if (n == 0)
        return false;
    for (const char *p = rest + n; *p; p++)
        if (*p <= ' ' || *p == 0x7f || *p == '?' || *p == '#')
            return false;
    return rest[n] == '\0' || rest[n] == '/';
}

/* Model name or pattern: printable, no spaces, '*' only at the end. */
static const char *model_pattern_problem(const char *s)
{
    size_t n = strlen(s);
    if (n == 0)
        return "must not be empty";
    for (size_t i = 0; i < n; i++) {
        if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f)
            return "must not contain spaces or control characters";
        if (s[i] == '*' && i != n - 1)
            return "'*' is allowed only at the end of a model pattern";
    }
    return NULL;
}

static bool tier_name_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!is_host_char(s[i]) || s[i] == '.')
            return false;
    return true;
}

/* ---- Lists of the schema ------------------------------------------------- */

/* A catalogue entry: one concrete model name, listed once. */
static int item_model(loader *L, const yaml_node_t *item, const char *path, int i, void *ctx)
{
    sw_config *c = ctx;
    int rc = get_str(L, item, path, c->models[i], sizeof c->models[i]);
    if (rc != SW_OK)
        return rc;
    const char *problem = model_pattern_problem(c->models[i]);
    if (problem)
        return fail(L, item, path, "%s, got '%s'", problem, c->models[i]);
    if (strchr(c->models[i], '*'))
        return fail(L, item, path, "expected a model name, not a pattern, got '%s'", c->models[i]);
    for (int j = 0; j < i; j++)
        if (!strcmp(c->models[j], c->models[i]))
            return fail(L, item, path, "model '%s' is listed twice (first at models[%d])", c->models[i], j);
    c->n_models = i + 1;
    return SW_OK;
}

typedef struct {
    char (*dst)[64];
    int *n;
} pattern_list;

static int item_pattern(loader *L, const yaml_node_t *item, const char *path, int i, void *ctx)
{
    pattern_list *pl = ctx;
    int rc = get_str(L, item, path, pl->dst[i], 64);
    if (rc != SW_OK)
        return rc;
    const char *problem = model_pattern_problem(pl->dst[i]);
    if (problem)
        return fail(L, item, path, "%s, got '%s'", problem, pl->dst[i]);
    *pl->n = i + 1;
    return SW_OK;
}

static int get_patterns(loader *L, const yaml_node_t *n, const char *path, char (*dst)[64],
                        int *count)
{
    *count = 0;
    pattern_list pl = {dst, count};
    return each_item(L, n, path, SW_POLICY_MAX_LIST, item_pattern, &pl);
}

typedef struct {
    char (*dst)[3];
    int *n;
} country_list;

static int item_country(loader *L, const yaml_node_t *item, const char *path, int i, void *ctx)
{
    country_list *cl = ctx;
    char d[64];
    const char *s = is_scalar(item) ? scalar(item) : "";
    bool ok = strlen(s) == 2;
    for (int j = 0; ok && j < 2; j++)
        ok = (s[j] >= 'A' && s[j] <= 'Z') || (s[j] >= 'a' && s[j] <= 'z');
    if (!ok)
        return fail(L, item, path, "expected a two-letter ISO 3166 country code, got %s",
                    describe(item, d, sizeof d));
    for (int j = 0; j < 2; j++)
        cl->dst[i][j] = (char)(s[j] & ~0x20); /* upper case */
    cl->dst[i][2] = '\0';
    *cl->n = i + 1;
    return SW_OK;
}

typedef struct {
    int64_t *dst;
    int *n;
} asn_list;

static int item_asn(loader *L, const yaml_node_t *item, const char *path, int i, void *ctx)
{
    asn_list *al = ctx;
    char d[64];
    const char *s = is_scalar(item) ? scalar(item) : "";
    /* "AS13335" is how ASNs are usually written; accept it beside 13335. */
    if ((s[0] == 'A' || s[0] == 'a') && (s[1] == 'S' || s[1] == 's'))
        s += 2;
    size_t n = strlen(s);
    if (n == 0 || n > 10 || strspn(s, "0123456789") != n || strtoull(s, NULL, 10) > 4294967295ULL)
        return fail(L, item, path, "expected an AS number (0-4294967295, optionally AS-prefixed), got %s",
                    describe(item, d, sizeof d));
    al->dst[i] = (int64_t)strtoull(s, NULL, 10);
    *al->n = i + 1;
    return SW_OK;
}

static int item_cidr(loader *L, const yaml_node_t *item, const char *path, int i, void *ctx)
{
    sw_config *c = ctx;
    char s[64], d[64];
    if (!is_scalar(item) || is_null(item))
        return fail(L, item, path, "expected an address or CIDR such as 10.0.0.0/8, got %s",
                    describe(item, d, sizeof d));
    if (get_str(L, item, path, s, sizeof s) != SW_OK)
        return SW_EINVAL;
    int rc = sw_cidr_parse(s, &c->trusted_proxies[i]);
    if (rc == SW_EINVAL)
        return fail(L, item, path, "bad CIDR '%s': address has bits set beyond the prefix", s);
    if (rc != SW_OK)
        return fail(L, item, path, "bad CIDR: expected an address or CIDR such as 10.0.0.0/8, got '%s'", s);
    c->n_trusted_proxies = i + 1;
    return SW_OK;
}

static int item_listen(loader *L, const yaml_node_t *item, const char *path, int i, void *ctx)
{
    sw_config *c = ctx;
    int rc = get_str(L, item, path, c->listen[i], sizeof c->listen[i]);
    if (rc != SW_OK)
        return rc;
    if (!listen_ok(c->listen[i]))
        return fail(L, item, path, "expected HOST:PORT such as 127.0.0.1:8080 or [::]:8443, got '%s'",
                    c->listen[i]);
    c->n_listen = i + 1;
    return SW_OK;
}

/* ---- Top-level keys ----------------------------------------------------- */

static int key_listen(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    L->c->n_listen = 0;
    int rc = is_scalar(v) && !is_null(v) ? item_listen(L, v, path, 0, L->c)
                                         : each_item(L, v, path, SW_POLICY_MAX_LIST, item_listen, L->c);
    if (rc == SW_OK && L->c->n_listen == 0)
        return fail(L, v, path, "at least one address to listen on is required");
    return rc;
}

static int key_tls_cert(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    return get_str(L, v, path, L->c->tls_cert, sizeof L->c->tls_cert);
}

static int key_tls_key(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    return get_str(L, v, path, L->c->tls_key, sizeof L->c->tls_key);
}

static const key_entry tls_keys[] = {{"cert", key_tls_cert}, {"key", key_tls_key}, {NULL, NULL}};

static int key_tls(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    L->tls_node = v;
    return walk_table(L, v, path, tls_keys, NULL);
}

static int key_threads(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    int64_t n = 0;
    int rc = get_int(L, v, path, 0, 1024, &n);
    if (rc == SW_OK)
        L->c->threads = (int)n;
    return rc;
}

static int key_state_dir(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    int rc = get_str(L, v, path, L->c->state_dir, sizeof L->c->state_dir);
    if (rc == SW_OK && !L->c->state_dir[0])
        return fail(L, v, path, "must not be empty");
    return rc;
}

static int key_state(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    int rc = get_str(L, v, path, L->c->state_url, sizeof L->c->state_url);
    if (rc != SW_OK || !L->c->state_url[0])
        return rc;
    sw_redis_url u;
    char why[300];
    if (sw_redis_url_parse(L->c->state_url, &u, why, sizeof why) != SW_OK)
        return fail(L, v, path, "%s", why);
    return SW_OK;
}

static int key_redis_on_failure(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    char mode[16];
    int rc = get_str(L, v, path, mode, sizeof mode);
    if (rc != SW_OK)
        return rc;
    if (!strcmp(mode, "open") || !strcmp(mode, "closed")) {
        L->c->redis_fail_open = !strcmp(mode, "open");
        return SW_OK;
    }
    return fail(L, v, path, "expected 'closed' or 'open', got '%s'", mode);
}

static int key_redis_timeout(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    return get_int(L, v, path, 1, 60000, &L->c->redis_timeout_ms);
}

static int key_redis_log_interval(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    return get_int(L, v, path, 0, 86400, &L->c->redis_log_interval_s);
}

static const key_entry redis_keys[] = {{"on_failure", key_redis_on_failure},
                                       {"timeout_ms", key_redis_timeout},
                                       {"log_interval_s", key_redis_log_interval},
                                       {NULL, NULL}};

static int key_redis(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    return walk_table(L, v, path, redis_keys, NULL);
}

static int key_geoip_db(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    return get_str(L, v, path, L->c->geoip_db, sizeof L->c->geoip_db);
}

static int key_geoip_asn_db(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    return get_str(L, v, path, L->c->geoip_asn_db, sizeof L->c->geoip_asn_db);
}

static int key_trusted_proxies(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    L->c->n_trusted_proxies = 0;
    return each_item(L, v, path, SW_POLICY_MAX_LIST, item_cidr, L->c);
}

static int upstream_pair(loader *L, const yaml_node_t *k, const yaml_node_t *v, const char *path,
                         void *ctx)
{
    sw_config *c = L->c;
    if (c->n_upstreams == SW_POLICY_MAX_LIST)
        return fail(L, k, path, "too many upstreams (at most %d)", SW_POLICY_MAX_LIST);
    sw_upstream *u = &c->upstreams[c->n_upstreams];
    const char *problem = model_pattern_problem(scalar(k));
    if (problem)
        return fail(L, k, path, "%s", problem);
    if (strlen(scalar(k)) >= sizeof u->model)
        return fail(L, k, path, "model name too long (at most %zu bytes)", sizeof u->model - 1);
    copy_str(u->model, sizeof u->model, scalar(k));
    int rc = get_str(L, v, path, u->url, sizeof u->url);
    if (rc != SW_OK)
        return rc;
    if (!url_ok(u->url))
        return fail(L, v, path, "bad URL: expected http://HOST[:PORT][/PATH] or https://..., got '%s'",
                    u->url);
    c->n_upstreams++;
    return SW_OK;
}

static int key_upstreams(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    L->c->n_upstreams = 0;
    return each_pair(L, v, path, upstream_pair, NULL);
}

static int key_default_tier(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    L->default_tier_node = v;
    return get_str(L, v, path, L->c->default_tier, sizeof L->c->default_tier);
}

static int key_top_models(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    return get_patterns(L, v, path, L->c->top_models, &L->c->n_top_models);
}

static int key_models(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    L->c->n_models = 0;
    return each_item(L, v, path, SW_POLICY_MAX_LIST, item_model, L->c);
}

static int key_ttl(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    return get_int(L, v, path, 1, 7 * 86400, &L->c->token_ttl_s);
}

static int key_skew(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    return get_int(L, v, path, 0, 3600, &L->c->proof_skew_s);
}

static const key_entry token_keys[] = {{"ttl_s", key_ttl}, {"proof_skew_s", key_skew}, {NULL, NULL}};

static int key_tokens(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    return walk_table(L, v, path, token_keys, NULL);
}

static int key_max_body(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    return get_int(L, v, path, 1, 1LL << 30, &L->c->max_body_bytes);
}

static const key_entry limit_keys[] = {{"max_body_bytes", key_max_body}, {NULL, NULL}};

static int key_limits(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    return walk_table(L, v, path, limit_keys, NULL);
}

static int key_text_bytes(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    return get_int(L, v, path, 0, 1 << 20, &L->c->log_text_bytes);
}

static const key_entry log_keys[] = {{"text_bytes", key_text_bytes}, {NULL, NULL}};

static int key_log(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    return walk_table(L, v, path, log_keys, NULL);
}

static int key_stepup_url(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    int rc = get_str(L, v, path, L->c->stepup_url, sizeof L->c->stepup_url);
    if (rc == SW_OK && L->c->stepup_url[0] && !url_ok(L->c->stepup_url))
        return fail(L, v, path, "bad URL: expected http://HOST[:PORT][/PATH] or https://..., got '%s'",
                    L->c->stepup_url);
    return rc;
}

static int key_stepup_ttl(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    return get_int(L, v, path, 60, 30 * 86400, &L->c->stepup_ttl_s);
}

static int key_stepup_ticket_ttl(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    return get_int(L, v, path, 60, 86400, &L->c->stepup_ticket_ttl_s);
}

/* A relying party id is a host name: lower-case letters, digits, '-' and
 * '.', as browsers compare it with the page's host. */
static int key_stepup_rp_id(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    int rc = get_str(L, v, path, L->c->stepup_rp_id, sizeof L->c->stepup_rp_id);
    const char *s = L->c->stepup_rp_id;
    if (rc == SW_OK && s[0] && (strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-.") != strlen(s) || s[0] == '.'))
        return fail(L, v, path, "expected a lower-case host name such as example.com, got '%s'", s);
    return rc;
}

/* An origin is exactly what a browser writes in clientDataJSON:
 * scheme://host[:port], no path, no trailing slash. */
static bool origin_ok(const char *s)
{
    const char *host = !strncmp(s, "https://", 8) ? s + 8 : !strncmp(s, "http://", 7) ? s + 7 : NULL;
    return host && host[0] && host[0] != ':' && !strpbrk(host, "/?#@ ");
}

static int item_stepup_origin(loader *L, const yaml_node_t *item, const char *path, int i, void *ctx)
{
    sw_config *c = ctx;
    int rc = get_str(L, item, path, c->stepup_origins[i], sizeof c->stepup_origins[i]);
    if (rc != SW_OK)
        return rc;
    if (!origin_ok(c->stepup_origins[i]))
        return fail(L, item, path, "expected an origin such as https://example.com or http://localhost:8080, got '%s'",
                    c->stepup_origins[i]);
    c->n_stepup_origins = i + 1;
    return SW_OK;
}

static int key_stepup_origins(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    L->c->n_stepup_origins = 0;
    return each_item(L, v, path, (int)(sizeof L->c->stepup_origins / sizeof L->c->stepup_origins[0]),
                     item_stepup_origin, L->c);
}

static const key_entry stepup_keys[] = {{"ttl_s", key_stepup_ttl},
                                        {"ticket_ttl_s", key_stepup_ticket_ttl},
                                        {"rp_id", key_stepup_rp_id},
                                        {"origins", key_stepup_origins},
                                        {NULL, NULL}};

static int key_stepup(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    return walk_table(L, v, path, stepup_keys, NULL);
}

static int key_det_enabled(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    return get_bool(L, v, path, &L->c->detect);
}

static int key_det_degrade(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    return get_bool(L, v, path, &L->c->degrade_instead_of_throttle);
}

/* detection.settings: NAME: NUMBER pairs over the detector's documented
 * defaults (the settings `stillwatch scan --print-config` lists), so that
 * the gateway and scan can judge with one set of weights and thresholds. */
static int det_setting(loader *L, const yaml_node_t *k, const yaml_node_t *v, const char *path, void *ctx)
{
    char d[64];
    if (!is_plain(v) || is_null(v))
        return fail(L, v, path, "expected a number, got %s", describe(v, d, sizeof d));
    int rc = sw_detect_config_set(&L->c->detector, scalar(k), scalar(v));
    if (rc == SW_ENOTFOUND)
        return fail(L, k, path, "unknown detector setting (stillwatch scan --print-config lists them)");
    if (rc != SW_OK)
        return fail(L, v, path, "expected a number, got %s", describe(v, d, sizeof d));
    return SW_OK;
}

static int key_det_settings(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    int rc = each_pair(L, v, path, det_setting, NULL);
    if (rc != SW_OK)
        return rc;
    char why[256];
    if (sw_detect_config_check(&L->c->detector, why, sizeof why) != SW_OK)
        return fail(L, v, path, "%s", why);
    return SW_OK;
}

static const key_entry detection_keys[] = {{"enabled", key_det_enabled},
                                           {"degrade_instead_of_throttle", key_det_degrade},
                                           {"settings", key_det_settings},
                                           {NULL, NULL}};

static int key_detection(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    return walk_table(L, v, path, detection_keys, NULL);
}

/* ---- Tiers -------------------------------------------------------------- */

static int tier_models(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    sw_tier *t = ctx;
    return get_patterns(L, v, path, t->models, &t->n_models);
}

static int tier_proof_models(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    sw_tier *t = ctx;
    L->proof_top[t - L->c->tiers] = false; /* set explicitly: no longer follows top_models */
    return get_patterns(L, v, path, t->proof_models, &t->n_proof_models);
}

static int tier_count(loader *L, const yaml_node_t *v, const char *path, int64_t *out)
{
    return get_int(L, v, path, 0, SW_POLICY_MAX_COUNT, out);
}

static int tier_rpm(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    return tier_count(L, v, path, &((sw_tier *)ctx)->requests_per_minute);
}

static int tier_tpm(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    return tier_count(L, v, path, &((sw_tier *)ctx)->tokens_per_minute);
}

static int tier_tpd(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    return tier_count(L, v, path, &((sw_tier *)ctx)->tokens_per_day);
}

static int tier_streams(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    return tier_count(L, v, path, &((sw_tier *)ctx)->concurrent_streams);
}

static int tier_cap(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    return tier_count(L, v, path, &((sw_tier *)ctx)->max_tokens_cap);
}

static int tier_throttle(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    return get_factor(L, v, path, &((sw_tier *)ctx)->throttle_factor);
}

static int countries_allow(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    sw_tier *t = ctx;
    country_list cl = {t->countries_allow, &t->n_countries_allow};
    t->n_countries_allow = 0;
    return each_item(L, v, path, SW_POLICY_MAX_LIST, item_country, &cl);
}

static int countries_deny(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    sw_tier *t = ctx;
    country_list cl = {t->countries_deny, &t->n_countries_deny};
    t->n_countries_deny = 0;
    return each_item(L, v, path, SW_POLICY_MAX_LIST, item_country, &cl);
}

static int asns_allow(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    sw_tier *t = ctx;
    asn_list al = {t->asns_allow, &t->n_asns_allow};
    t->n_asns_allow = 0;
    return each_item(L, v, path, SW_POLICY_MAX_LIST, item_asn, &al);
}

static int asns_deny(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    sw_tier *t = ctx;
    asn_list al = {t->asns_deny, &t->n_asns_deny};
    t->n_asns_deny = 0;
    return each_item(L, v, path, SW_POLICY_MAX_LIST, item_asn, &al);
}

static const key_entry country_keys[] = {{"allow", countries_allow}, {"deny", countries_deny}, {NULL, NULL}};
static const key_entry asn_keys[] = {{"allow", asns_allow}, {"deny", asns_deny}, {NULL, NULL}};

static int tier_countries(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    return walk_table(L, v, path, country_keys, ctx);
}

static int tier_asns(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    return walk_table(L, v, path, asn_keys, ctx);
}

static int expose_reasoning(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    return get_bool(L, v, path, &((sw_tier *)ctx)->expose_reasoning);
}

static int expose_logprobs(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    return get_bool(L, v, path, &((sw_tier *)ctx)->expose_logprobs);
}

static const key_entry expose_keys[] = {
    {"reasoning", expose_reasoning}, {"logprobs", expose_logprobs}, {NULL, NULL}};

static int tier_expose(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    return walk_table(L, v, path, expose_keys, ctx);
}

/* `inherit` is applied before the walk (tier_begin), so here it is only
 * recognised. */
static const key_entry tier_keys[] = {
    {"inherit", NULL},
    {"models", tier_models},
    {"proof_models", tier_proof_models},
    {"requests_per_minute", tier_rpm},
    {"tokens_per_minute", tier_tpm},
    {"tokens_per_day", tier_tpd},
    {"concurrent_streams", tier_streams},
    {"countries", tier_countries},
    {"asns", tier_asns},
    {"expose", tier_expose},
    {"max_tokens_cap", tier_cap},
    {"throttle_factor", tier_throttle},
    {NULL, NULL},
};

static int tier_index(const sw_config *c, const char *name)
{
    for (int i = 0; i < c->n_tiers; i++)
        if (strcmp(c->tiers[i].name, name) == 0)
            return i;
    return -1;
}

static const yaml_node_t *mapping_get(loader *L, const yaml_node_t *n, const char *key)
{
    if (n->type != YAML_MAPPING_NODE)
        return NULL;
    for (const yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        const yaml_node_t *k = node_at(L, p->key);
        if (is_scalar(k) && strcmp(scalar(k), key) == 0)
            return node_at(L, p->value);
    }
    return NULL;
}

/* Finds or creates the tier `name` and sets its starting point: itself as
 * it stands, the tier it inherits, or a blank tier. */
static int tier_begin(loader *L, const yaml_node_t *k, const yaml_node_t *v, const char *path,
                      int *out_index)
{
    sw_config *c = L->c;
    const char *name = scalar(k);
    if (!tier_name_ok(name) || strlen(name) >= sizeof c->tiers[0].name)
        return fail(L, k, path, "bad tier name: expected up to 31 letters, digits, '-' or '_'");
    const yaml_node_t *inh = mapping_get(L, v, "inherit");
    int base = -1;
    if (inh) {
        char ip[PATH_MAX_LEN], base_name[32];
        path_key(ip, path, "inherit");
        if (get_str(L, inh, ip, base_name, sizeof base_name) != SW_OK)
            return SW_EINVAL;
        if (strcmp(base_name, name) == 0)
            return fail(L, inh, ip, "a tier cannot inherit itself");
        if ((base = tier_index(c, base_name)) < 0)
            return fail(L, inh, ip, "unknown tier '%s'", base_name);
    }
    int i = tier_index(c, name);
    if (i < 0) {
        if (c->n_tiers == SW_POLICY_MAX_TIERS)
            return fail(L, k, path, "too many tiers (at most %d)", SW_POLICY_MAX_TIERS);
        i = c->n_tiers++;
        tier_blank(&c->tiers[i], name);
        L->proof_top[i] = false;
    }
    if (base >= 0) {
        c->tiers[i] = c->tiers[base];
        copy_str(c->tiers[i].name, sizeof c->tiers[i].name, name);
        L->proof_top[i] = L->proof_top[base];
    }
    *out_index = i;
    return SW_OK;
}

static int tier_pair(loader *L, const yaml_node_t *k, const yaml_node_t *v, const char *path,
                     void *ctx)
{
    int i = -1, rc = check_mapping(L, v, path);
    if (rc != SW_OK || (rc = tier_begin(L, k, v, path, &i)) != SW_OK)
        return rc;
    return walk_table(L, v, path, tier_keys, &L->c->tiers[i]);
}

static int key_tiers(loader *L, const yaml_node_t *v, const char *path, void *ctx)
{
    return each_pair(L, v, path, tier_pair, NULL);
}

static const key_entry top_keys[] = {
    {"listen", key_listen},
    {"tls", key_tls},
    {"threads", key_threads},
    {"state_dir", key_state_dir},
    {"state", key_state},
    {"redis", key_redis},
    {"geoip_db", key_geoip_db},
    {"geoip_asn_db", key_geoip_asn_db},
    {"trusted_proxies", key_trusted_proxies},
    {"upstreams", key_upstreams},
    {"default_tier", key_default_tier},
    {"top_models", key_top_models},
    {"models", key_models},
    {"tiers", key_tiers},
    {"tokens", key_tokens},
    {"limits", key_limits},
    {"log", key_log},
    {"stepup_url", key_stepup_url},
    {"stepup", key_stepup},
    {"detection", key_detection},
    {NULL, NULL},
};

/* ---- Whole-file checks and the entry point ------------------------------ */

static int finish(loader *L)
{
    sw_config *c = L->c;
    for (int i = 0; i < c->n_tiers; i++)
        if (L->proof_top[i])
            tier_proof_top(&c->tiers[i], c);
    if (!sw_config_tier(c, c->default_tier))
        return fail(L, L->default_tier_node, L->default_tier_node ? "default_tier" : "",
                    "unknown tier '%s'", c->default_tier);
    if (!c->tls_cert[0] != !c->tls_key[0])
        return fail(L, L->tls_node, "tls", "cert and key must be given together");
    return SW_OK;
}

static int walk_document(loader *L)
{
    yaml_node_t *root = yaml_document_get_root_node(L->doc);
    if (!root)
        return SW_OK; /* an empty file: the defaults */
    char d[64];
    if (root->type != YAML_MAPPING_NODE && !is_null(root))
        return fail(L, root, "", "expected a mapping of settings at the top level, got %s",
                    describe(root, d, sizeof d));
    int rc = walk_table(L, root, "", top_keys, NULL);
    return rc != SW_OK ? rc : finish(L);
}

static int syntax_error(loader *L, const yaml_parser_t *p)
{
    if (p->error == YAML_MEMORY_ERROR) {
        snprintf(L->err, L->errsz, "%s: out of memory", L->file);
        return SW_ENOMEM;
    }
    if (p->error == YAML_READER_ERROR) {
        snprintf(L->err, L->errsz, "%s: YAML syntax error: %s at byte %zu", L->file,
                 p->problem ? p->problem : "unreadable input", p->problem_offset);
        return SW_EPARSE;
    }
    snprintf(L->err, L->errsz, "%s:%lu: YAML syntax error: %s%s%s", L->file,
             (unsigned long)p->problem_mark.line + 1, p->problem ? p->problem : "malformed",
             p->context ? " " : "", p->context ? p->context : "");
    return SW_EPARSE;
}

/* Parses fp as exactly one YAML document and walks it. */
static int load_stream(loader *L, FILE *fp)
{
    yaml_parser_t parser;
    yaml_document_t doc, extra;
    if (!yaml_parser_initialize(&parser))
        return SW_ENOMEM;
    yaml_parser_set_input_file(&parser, fp);
    int rc;
    if (!yaml_parser_load(&parser, &doc)) {
        rc = syntax_error(L, &parser);
        yaml_parser_delete(&parser);
        return rc;
    }
    L->doc = &doc;
    rc = walk_document(L);
    if (rc == SW_OK) {
        if (!yaml_parser_load(&parser, &extra)) {
            rc = syntax_error(L, &parser);
        } else {
            yaml_node_t *r = yaml_document_get_root_node(&extra);
            if (r)
                rc = fail(L, r, "", "only one YAML document is allowed");
            yaml_document_delete(&extra);
        }
    }
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    return rc;
}

int sw_config_load(const char *path, sw_config *out, char *err, size_t errsz)
{
    char dummy[1];
    if (!err || errsz == 0) {
        err = dummy;
        errsz = sizeof dummy;
    }
    err[0] = '\0';
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        snprintf(err, errsz, "%s: %s", path, strerror(errno));
        return SW_EIO;
    }
    struct stat st;
    if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(fp);
        snprintf(err, errsz, "%s: %s", path, strerror(EISDIR));
        return SW_EIO;
    }
    sw_config *c = malloc(sizeof *c);
    if (!c) {
        fclose(fp);
        snprintf(err, errsz, "%s: out of memory", path);
        return SW_ENOMEM;
    }
    sw_config_defaults(c);
    loader L = {.file = path, .err = err, .errsz = errsz, .c = c};
    for (int i = 0; i < c->n_tiers; i++) {
        const tier_default *d = builtin_tier(c->tiers[i].name);
        L.proof_top[i] = d && d->proof_top;
    }
    int rc = load_stream(&L, fp);
    if (rc == SW_OK && ferror(fp)) {
        snprintf(err, errsz, "%s: read error", path);
        rc = SW_EIO;
    }
    fclose(fp);
    if (rc == SW_OK)
        *out = *c;
    free(c);
    return rc;
}
