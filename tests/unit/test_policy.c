/*
 * test_policy.c — the gateway configuration (defaults, YAML loading and
 * every class of error with its exact message) and the tier questions
 * (models, proofs, origins, upstreams).
 *
 * Files are written under a mkdtemp directory that is removed at the end.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/error.h"
#include "policy/policy.h"
#include "sw_test.h"

static char tmpdir[64];
static char cfgpath[128];
static char err[512];
static sw_config *cfg; /* large: kept off the stack */

static void write_file(const char *text)
{
    FILE *f = fopen(cfgpath, "w");
    CHECK(f != NULL);
    if (!f)
        return;
    fputs(text, f);
    fclose(f);
}

/* Loads text; returns the code, err holds the message with the path cut. */
static int load(const char *text)
{
    write_file(text);
    sw_config_defaults(cfg);
    err[0] = '\0';
    int rc = sw_config_load(cfgpath, cfg, err, sizeof err);
    size_t n = strlen(cfgpath);
    if (strncmp(err, cfgpath, n) == 0) /* "PATH:LINE: ..." -> "c.yaml:LINE: ..." */
        memmove(err, err + n - strlen("c.yaml"), strlen(err + n) + strlen("c.yaml") + 1);
    return rc;
}

/* Expects the load of text to fail with exactly msg. */
#define CHECK_LOAD_ERR(text, code, msg)                                                            \
    do {                                                                                           \
        CHECK_EQ_INT(load(text), code);                                                            \
        CHECK_EQ_STR(err, msg);                                                                    \
    } while (0)

/* detection.settings: the detector's weights and thresholds over their
 * defaults, checked by name, type and consistency. */
static void test_detector_settings(void)
{
    sw_detect_config def;
    sw_detect_config_defaults(&def);
    CHECK_EQ_INT(load("detection:\n  enabled: true\n"), SW_OK);
    CHECK(memcmp(&cfg->detector, &def, sizeof def) == 0);
    CHECK_EQ_INT(load("detection:\n  settings:\n    t_throttle: 0.55\n    w_weak_verification: 2\n"), SW_OK);
    CHECK_NEAR(cfg->detector.t_throttle, 0.55, 1e-12);
    CHECK_NEAR(cfg->detector.t_block, def.t_block, 0);
    CHECK_LOAD_ERR("detection:\n  settings:\n    t_throttel: 0.55\n", SW_EINVAL,
                   "c.yaml:3: detection.settings.t_throttel: unknown detector setting (stillwatch scan "
                   "--print-config lists them)");
    CHECK_LOAD_ERR("detection:\n  settings:\n    t_throttle: high\n", SW_EINVAL,
                   "c.yaml:3: detection.settings.t_throttle: expected a number, got 'high'");
    CHECK_LOAD_ERR("detection:\n  settings:\n    t_throttle: [1]\n", SW_EINVAL,
                   "c.yaml:3: detection.settings.t_throttle: expected a number, got a list");
    CHECK_LOAD_ERR("detection:\n  settings:\n    t_throttle: 0.95\n", SW_EINVAL,
                   "c.yaml:3: detection.settings: thresholds must satisfy 0 < t_monitor < t_throttle < "
                   "t_challenge < t_block <= 1");
}

static void test_model_catalogue(void)
{
    sw_config_defaults(cfg);
    CHECK_EQ_INT(cfg->n_models, 0);
    CHECK_EQ_INT(load("models: [sw-small, \"sw-large\"]\n"), SW_OK);
    CHECK_EQ_INT(cfg->n_models, 2);
    CHECK_EQ_STR(cfg->models[0], "sw-small");
    CHECK_EQ_STR(cfg->models[1], "sw-large");
    CHECK_EQ_INT(load("models:\n"), SW_OK);
    CHECK_EQ_INT(cfg->n_models, 0);
    CHECK_LOAD_ERR("models:\n  - a\n  - \"atlas-*\"\n", SW_EINVAL,
                   "c.yaml:3: models[1]: expected a model name, not a pattern, got 'atlas-*'");
    CHECK_LOAD_ERR("models: [a, b, a]\n", SW_EINVAL, "c.yaml:1: models[2]: model 'a' is listed twice (first at models[0])");
    CHECK_LOAD_ERR("models: [\"a b\"]\n", SW_EINVAL,
                   "c.yaml:1: models[0]: must not contain spaces or control characters, got 'a b'");
    CHECK_LOAD_ERR("models: sw-small\n", SW_EINVAL, "c.yaml:1: models: expected a list, got 'sw-small'");
}

static void test_defaults(void)
{
    sw_config_defaults(cfg);
    CHECK_EQ_INT(cfg->n_listen, 1);
    CHECK_EQ_STR(cfg->listen[0], "127.0.0.1:8080");
    CHECK_EQ_INT(cfg->token_ttl_s, 600);
    CHECK_EQ_INT(cfg->proof_skew_s, 60);
    CHECK_EQ_INT(cfg->max_body_bytes, 4 * 1024 * 1024);
    CHECK_EQ_INT(cfg->log_text_bytes, 8192);
    CHECK(cfg->detect);
    CHECK(!cfg->degrade_instead_of_throttle);
    CHECK_EQ_STR(cfg->tls_cert, "");
    CHECK_EQ_STR(cfg->default_tier, "free");
    CHECK_EQ_INT(cfg->n_trusted_proxies, 0);

    const sw_tier *t = sw_config_tier(cfg, "free");
    CHECK(t != NULL);
    if (t) {
        CHECK_EQ_INT(t->requests_per_minute, 20);
        CHECK_EQ_INT(t->tokens_per_minute, 40000);
        CHECK_NEAR(t->throttle_factor, 0.1, 1e-12);
        CHECK(sw_tier_requires_proof(t, "atlas-4"));
        CHECK(sw_tier_requires_proof(t, "atlas-4-large"));
        CHECK(sw_tier_requires_proof(t, "atlas-3-reasoning"));
        CHECK(!sw_tier_requires_proof(t, "atlas-3"));
        CHECK(sw_tier_allows_model(t, "atlas-3-mini"));
    }
    t = sw_config_tier(cfg, "tier1");
    CHECK(t && t->requests_per_minute == 500 && sw_tier_requires_proof(t, "atlas-4"));
    t = sw_config_tier(cfg, "tier2");
    CHECK(t && t->requests_per_minute == 2000 && !sw_tier_requires_proof(t, "atlas-4"));
    t = sw_config_tier(cfg, "tier3");
    CHECK(t && t->requests_per_minute == 5000 && !sw_tier_requires_proof(t, "atlas-4"));
    t = sw_config_tier(cfg, "enterprise");
    CHECK(t && t->requests_per_minute == 0 && t->tokens_per_minute == 0 && t->expose_reasoning);
    t = sw_config_tier(cfg, "edu");
    CHECK(t && t->requests_per_minute > 0 && !sw_tier_requires_proof(t, "atlas-4"));
    CHECK(sw_config_tier(cfg, "gold") == NULL);
    CHECK(sw_config_tier(cfg, NULL) == NULL);
    CHECK(sw_config_tier_for(cfg, "gold") == sw_config_tier(cfg, "free"));
    CHECK(sw_config_tier_for(cfg, "") == sw_config_tier(cfg, "free"));
    CHECK(sw_config_tier_for(cfg, "tier2") == sw_config_tier(cfg, "tier2"));

    const sw_upstream *u = sw_config_upstream(cfg, "atlas-3");
    CHECK(u && strcmp(u->url, "http://127.0.0.1:8000") == 0);
}

static void test_empty_file(void)
{
    CHECK_EQ_INT(load(""), SW_OK);
    CHECK_EQ_INT(cfg->n_tiers, 6);
    CHECK_EQ_INT(load("# only a comment\n"), SW_OK);
    CHECK_EQ_STR(cfg->listen[0], "127.0.0.1:8080");
}

/* Unit tests run in tests/ (see tests/CMakeLists.txt). */
static void test_example_file(void)
{
    sw_config_defaults(cfg);
    int rc = sw_config_load("../docs/examples/stillwatch.yaml", cfg, err, sizeof err);
    if (rc != SW_OK)
        fprintf(stderr, "%s\n", err);
    CHECK_EQ_INT(rc, SW_OK);
    CHECK_EQ_INT(cfg->n_listen, 2);
    CHECK_EQ_STR(cfg->listen[1], "[::]:8443");
    CHECK_EQ_STR(cfg->tls_key, "/etc/stillwatch/tls/privkey.pem");
    CHECK_EQ_INT(cfg->n_trusted_proxies, 2);
    CHECK_EQ_STR(cfg->geoip_asn_db, "/usr/share/GeoIP/GeoLite2-ASN.mmdb");
    const sw_tier *t = sw_config_tier(cfg, "research-partner");
    CHECK(t != NULL);
    if (t) {
        CHECK_EQ_INT(t->requests_per_minute, 3000);
        CHECK_EQ_INT(t->tokens_per_minute, 2000000); /* from tier3 */
        CHECK_EQ_INT(t->n_asns_allow, 2);
        CHECK_EQ_INT(t->asns_allow[0], 64500);
        CHECK(sw_tier_allows_origin(t, "US", 64501));
        CHECK(!sw_tier_allows_origin(t, "US", 64502));
        CHECK_NEAR(t->throttle_factor, 0.25, 1e-12);
    }
    t = sw_config_tier(cfg, "free");
    CHECK(t && t->requests_per_minute == 20 && !sw_tier_allows_model(t, "atlas-3-reasoning"));
    CHECK(t && !sw_tier_allows_origin(t, "KP", -1) && sw_tier_allows_origin(t, "FR", -1));
    t = sw_config_tier(cfg, "tier1");
    CHECK(t && t->tokens_per_day == 20000000 && t->requests_per_minute == 500);
    CHECK_EQ_STR(sw_config_upstream(cfg, "atlas-4-large")->url, "http://10.1.0.10:8000");
    CHECK_EQ_STR(sw_config_upstream(cfg, "atlas-2")->url, "http://10.1.0.20:8000/v1");
}

static void test_happy_path(void)
{
    int rc = load("listen: 0.0.0.0:9000\n"
                  "threads: 4\n"
                  "trusted_proxies: [192.168.0.0/16, 2001:db8::/32, 127.0.0.1]\n"
                  "upstreams:\n"
                  "  atlas-3: http://a:1\n"
                  "  \"atlas-3*\": http://b:2/x\n"
                  "  \"*\": https://[2001:db8::1]:8443\n"
                  "tiers:\n"
                  "  free:\n"
                  "    requests_per_minute: 5\n"
                  "    countries: {allow: [us, Gb], deny: []}\n"
                  "  tier2:\n"
                  "    proof_models: [atlas-3-mini]\n"
                  "  gold:\n"
                  "    models: [\"atlas-3*\"]\n"
                  "    tokens_per_day: 1000000\n"
                  "top_models: [atlas-2]\n"
                  "tokens: {ttl_s: 300, proof_skew_s: 0}\n"
                  "limits: {max_body_bytes: 1024}\n"
                  "log: {text_bytes: 0}\n"
                  "detection: {enabled: false, degrade_instead_of_throttle: true}\n"
                  "stepup_url: https://example.com/verify?x\n");
    /* a query string is not allowed in a URL: the last line fails */
    CHECK_EQ_INT(rc, SW_EINVAL);
    CHECK_EQ_STR(err, "c.yaml:22: stepup_url: bad URL: expected http://HOST[:PORT][/PATH] or "
                      "https://..., got 'https://example.com/verify?x'");
    rc = load("listen: 0.0.0.0:9000\n"
              "threads: 4\n"
              "trusted_proxies: [192.168.0.0/16, 2001:db8::/32, 127.0.0.1]\n"
              "upstreams:\n"
              "  atlas-3: http://a:1\n"
              "  \"atlas-3*\": http://b:2/x\n"
              "  \"*\": https://[2001:db8::1]:8443\n"
              "tiers:\n"
              "  free:\n"
              "    requests_per_minute: 5\n"
              "    countries: {allow: [us, Gb], deny: []}\n"
              "  tier2:\n"
              "    proof_models: [atlas-3-mini]\n"
              "  gold:\n"
              "    models: [\"atlas-3*\"]\n"
              "    tokens_per_day: 1000000\n"
              "top_models: [atlas-2]\n"
              "tokens: {ttl_s: 300, proof_skew_s: 0}\n"
              "limits: {max_body_bytes: 1024}\n"
              "log: {text_bytes: 0}\n"
              "detection: {enabled: false, degrade_instead_of_throttle: true}\n"
              "stepup_url: https://example.com/verify\n");
    if (rc != SW_OK)
        fprintf(stderr, "%s\n", err);
    CHECK_EQ_INT(rc, SW_OK);
    CHECK_EQ_INT(cfg->n_listen, 1);
    CHECK_EQ_STR(cfg->listen[0], "0.0.0.0:9000");
    CHECK_EQ_INT(cfg->threads, 4);
    CHECK_EQ_INT(cfg->n_trusted_proxies, 3);
    CHECK_EQ_INT(cfg->trusted_proxies[2].prefix, 32);
    CHECK_EQ_INT(cfg->n_upstreams, 3);
    CHECK_EQ_STR(sw_config_upstream(cfg, "atlas-3")->url, "http://a:1");
    CHECK_EQ_STR(sw_config_upstream(cfg, "atlas-3-mini")->url, "http://b:2/x");
    CHECK_EQ_STR(sw_config_upstream(cfg, "atlas-4")->url, "https://[2001:db8::1]:8443");
    CHECK_EQ_INT(cfg->token_ttl_s, 300);
    CHECK_EQ_INT(cfg->proof_skew_s, 0);
    CHECK_EQ_INT(cfg->max_body_bytes, 1024);
    CHECK_EQ_INT(cfg->log_text_bytes, 0);
    CHECK(!cfg->detect);
    CHECK(cfg->degrade_instead_of_throttle);
    CHECK_EQ_STR(cfg->stepup_url, "https://example.com/verify");

    const sw_tier *t = sw_config_tier(cfg, "free");
    CHECK(t != NULL);
    if (t) {
        CHECK_EQ_INT(t->requests_per_minute, 5);
        CHECK_EQ_INT(t->tokens_per_minute, 40000); /* inherited from the built-in */
        CHECK_EQ_INT(t->n_countries_allow, 2);
        CHECK_EQ_STR(t->countries_allow[0], "US");
        CHECK_EQ_STR(t->countries_allow[1], "GB");
        /* proof_models follow top_models, which appeared after the tier */
        CHECK(sw_tier_requires_proof(t, "atlas-2"));
        CHECK(!sw_tier_requires_proof(t, "atlas-4"));
    }
    t = sw_config_tier(cfg, "tier1"); /* untouched, still follows top_models */
    CHECK(t && sw_tier_requires_proof(t, "atlas-2") && !sw_tier_requires_proof(t, "atlas-4"));
    t = sw_config_tier(cfg, "tier2");
    CHECK(t && t->requests_per_minute == 2000 && sw_tier_requires_proof(t, "atlas-3-mini"));
    t = sw_config_tier(cfg, "gold"); /* a new tier starts blank */
    CHECK(t != NULL);
    if (t) {
        CHECK_EQ_INT(t->requests_per_minute, 0);
        CHECK_EQ_INT(t->tokens_per_day, 1000000);
        CHECK(sw_tier_allows_model(t, "atlas-3-mini"));
        CHECK(!sw_tier_allows_model(t, "atlas-4"));
        CHECK_EQ_INT(t->n_proof_models, 0);
    }
    CHECK_EQ_INT(cfg->n_tiers, 7);

    /* listen as a list; inherit; a null tier is the tier unchanged */
    rc = load("listen: [\"127.0.0.1:1\", \"[::1]:2\", \"localhost:3\"]\n"
              "tiers:\n"
              "  tier3:\n"
              "  free:\n"
              "    inherit: enterprise\n"
              "    requests_per_minute: 7\n"
              "  mine: {inherit: free}\n"
              "default_tier: mine\n");
    if (rc != SW_OK)
        fprintf(stderr, "%s\n", err);
    CHECK_EQ_INT(rc, SW_OK);
    CHECK_EQ_INT(cfg->n_listen, 3);
    t = sw_config_tier(cfg, "free");
    CHECK(t && t->requests_per_minute == 7 && t->tokens_per_minute == 0 && t->expose_reasoning);
    CHECK(t && !sw_tier_requires_proof(t, "atlas-4")); /* enterprise has no proof models */
    t = sw_config_tier(cfg, "mine"); /* free as the file left it */
    CHECK(t && t->requests_per_minute == 7 && strcmp(t->name, "mine") == 0);
    CHECK(sw_config_tier_for(cfg, "nope") == t);
}

static void test_failed_load_keeps_config(void)
{
    sw_config_defaults(cfg);
    cfg->threads = 99;
    write_file("threads: 3\nnosuch: 1\n");
    CHECK_EQ_INT(sw_config_load(cfgpath, cfg, err, sizeof err), SW_EINVAL);
    CHECK_EQ_INT(cfg->threads, 99);
}

static void test_errors(void)
{
    CHECK_LOAD_ERR("threads: 2\nthreds: 4\n", SW_EINVAL, "c.yaml:2: threds: unknown key");
    CHECK_LOAD_ERR("tiers:\n  free:\n    requests_per_minte: 5\n", SW_EINVAL,
                   "c.yaml:3: tiers.free.requests_per_minte: unknown key");
    CHECK_LOAD_ERR("tiers:\n  free:\n    expose: {reasoning: true, colour: red}\n", SW_EINVAL,
                   "c.yaml:3: tiers.free.expose.colour: unknown key");
    /* wrong types */
    CHECK_LOAD_ERR("tiers:\n  free:\n    requests_per_minute: ten\n", SW_EINVAL,
                   "c.yaml:3: tiers.free.requests_per_minute: expected a non-negative integer, got 'ten'");
    CHECK_LOAD_ERR("tiers:\n  free:\n    requests_per_minute: \"10\"\n", SW_EINVAL,
                   "c.yaml:3: tiers.free.requests_per_minute: expected a non-negative integer, got a "
                   "quoted string '10'");
    CHECK_LOAD_ERR("tiers:\n  free:\n    requests_per_minute: 1.5\n", SW_EINVAL,
                   "c.yaml:3: tiers.free.requests_per_minute: expected a non-negative integer, got '1.5'");
    CHECK_LOAD_ERR("tiers:\n  free:\n    requests_per_minute: [1]\n", SW_EINVAL,
                   "c.yaml:3: tiers.free.requests_per_minute: expected a non-negative integer, got a list");
    CHECK_LOAD_ERR("tiers:\n  free:\n    requests_per_minute:\n", SW_EINVAL,
                   "c.yaml:3: tiers.free.requests_per_minute: expected a non-negative integer, got nothing");
    CHECK_LOAD_ERR("tokens:\n  ttl_s: 0\n", SW_EINVAL, "c.yaml:2: tokens.ttl_s: must be at least 1, got '0'");
    CHECK_LOAD_ERR("threads: 99999\n", SW_EINVAL, "c.yaml:1: threads: too large (at most 1024), got '99999'");
    CHECK_LOAD_ERR("tiers:\n  free:\n    tokens_per_minute: 99999999999999999999999\n", SW_EINVAL,
                   "c.yaml:3: tiers.free.tokens_per_minute: too large (at most 1000000000000), got "
                   "'99999999999999999999999'");
    CHECK_LOAD_ERR("detection:\n  enabled: yes\n", SW_EINVAL,
                   "c.yaml:2: detection.enabled: expected true or false, got 'yes'");
    CHECK_LOAD_ERR("tls: [a, b]\n", SW_EINVAL, "c.yaml:1: tls: expected a mapping, got a list");
    CHECK_LOAD_ERR("state_dir: {a: 1}\n", SW_EINVAL, "c.yaml:1: state_dir: expected a string, got a mapping");
    CHECK_LOAD_ERR("tiers:\n  free:\n    models: atlas-3\n", SW_EINVAL,
                   "c.yaml:3: tiers.free.models: expected a list, got 'atlas-3'");
    CHECK_LOAD_ERR("tiers:\n  free:\n    throttle_factor: 2\n", SW_EINVAL,
                   "c.yaml:3: tiers.free.throttle_factor: expected a number greater than 0 and at most 1, "
                   "got '2'");
    CHECK_LOAD_ERR("tiers:\n  free:\n    throttle_factor: 0\n", SW_EINVAL,
                   "c.yaml:3: tiers.free.throttle_factor: expected a number greater than 0 and at most 1, "
                   "got '0'");
    CHECK_LOAD_ERR("- a\n- b\n", SW_EINVAL,
                   "c.yaml:1: expected a mapping of settings at the top level, got a list");
    /* negative numbers */
    CHECK_LOAD_ERR("tiers:\n  tier1:\n    tokens_per_day: -5\n", SW_EINVAL,
                   "c.yaml:3: tiers.tier1.tokens_per_day: must not be negative, got '-5'");
    CHECK_LOAD_ERR("limits: {max_body_bytes: -1}\n", SW_EINVAL,
                   "c.yaml:1: limits.max_body_bytes: must not be negative, got '-1'");
    /* bad CIDR */
    CHECK_LOAD_ERR("trusted_proxies:\n  - 10.0.0.0/8\n  - 10.0.0.0/33\n", SW_EINVAL,
                   "c.yaml:3: trusted_proxies[1]: bad CIDR: expected an address or CIDR such as "
                   "10.0.0.0/8, got '10.0.0.0/33'");
    CHECK_LOAD_ERR("trusted_proxies: [10.1.2.3/8]\n", SW_EINVAL,
                   "c.yaml:1: trusted_proxies[0]: bad CIDR '10.1.2.3/8': address has bits set beyond "
                   "the prefix");
    CHECK_LOAD_ERR("trusted_proxies: 10.0.0.0/8\n", SW_EINVAL,
                   "c.yaml:1: trusted_proxies: expected a list, got '10.0.0.0/8'");
    /* bad URL */
    CHECK_LOAD_ERR("upstreams:\n  \"*\": ftp://x\n", SW_EINVAL,
                   "c.yaml:2: upstreams.*: bad URL: expected http://HOST[:PORT][/PATH] or https://..., "
                   "got 'ftp://x'");
    CHECK_LOAD_ERR("upstreams:\n  atlas-3: http://host:99999\n", SW_EINVAL,
                   "c.yaml:2: upstreams.atlas-3: bad URL: expected http://HOST[:PORT][/PATH] or "
                   "https://..., got 'http://host:99999'");
    CHECK_LOAD_ERR("upstreams:\n  atlas-3: \"http://\"\n", SW_EINVAL,
                   "c.yaml:2: upstreams.atlas-3: bad URL: expected http://HOST[:PORT][/PATH] or "
                   "https://..., got 'http://'");
    CHECK_LOAD_ERR("upstreams:\n  at*las: http://x\n", SW_EINVAL,
                   "c.yaml:2: upstreams.at*las: '*' is allowed only at the end of a model pattern");
    /* unknown tier referenced */
    CHECK_LOAD_ERR("default_tier: gold\n", SW_EINVAL, "c.yaml:1: default_tier: unknown tier 'gold'");
    CHECK_LOAD_ERR("tiers:\n  gold:\n    inherit: platinum\n", SW_EINVAL,
                   "c.yaml:3: tiers.gold.inherit: unknown tier 'platinum'");
    CHECK_LOAD_ERR("tiers:\n  gold:\n    inherit: gold\n", SW_EINVAL,
                   "c.yaml:3: tiers.gold.inherit: a tier cannot inherit itself");
    /* a tier inherits only what is defined above it */
    CHECK_LOAD_ERR("tiers:\n  a: {inherit: b}\n  b: {}\n", SW_EINVAL,
                   "c.yaml:2: tiers.a.inherit: unknown tier 'b'");
    /* duplicate keys */
    CHECK_LOAD_ERR("threads: 1\nlisten: 1.2.3.4:5\nthreads: 2\n", SW_EINVAL,
                   "c.yaml:3: threads: duplicate key (first given at line 1)");
    CHECK_LOAD_ERR("tiers:\n  free:\n    models: []\n  free:\n    models: []\n", SW_EINVAL,
                   "c.yaml:4: tiers.free: duplicate key (first given at line 2)");
    /* other values */
    CHECK_LOAD_ERR("listen: 8080\n", SW_EINVAL,
                   "c.yaml:1: listen: expected HOST:PORT such as 127.0.0.1:8080 or [::]:8443, got '8080'");
    CHECK_LOAD_ERR("listen: []\n", SW_EINVAL, "c.yaml:1: listen: at least one address to listen on is required");
    CHECK_LOAD_ERR("tls:\n  cert: /a.pem\n", SW_EINVAL, "c.yaml:2: tls: cert and key must be given together");
    CHECK_LOAD_ERR("tiers:\n  free:\n    countries: {deny: [USA]}\n", SW_EINVAL,
                   "c.yaml:3: tiers.free.countries.deny[0]: expected a two-letter ISO 3166 country code, "
                   "got 'USA'");
    CHECK_LOAD_ERR("tiers:\n  free:\n    asns: {deny: [ASX]}\n", SW_EINVAL,
                   "c.yaml:3: tiers.free.asns.deny[0]: expected an AS number (0-4294967295, optionally "
                   "AS-prefixed), got 'ASX'");
    CHECK_LOAD_ERR("tiers:\n  \"bad name\": {}\n", SW_EINVAL,
                   "c.yaml:2: tiers.bad name: bad tier name: expected up to 31 letters, digits, '-' or '_'");
    CHECK_LOAD_ERR("tiers:\n  free:\n    models: [\"\"]\n", SW_EINVAL,
                   "c.yaml:3: tiers.free.models[0]: must not be empty, got ''");
    CHECK_LOAD_ERR("state_dir: \"\"\n", SW_EINVAL, "c.yaml:1: state_dir: must not be empty");
    CHECK_LOAD_ERR("tiers:\n  t0: {}\n  t1: {}\n  t2: {}\n  t3: {}\n  t4: {}\n  t5: {}\n  t6: {}\n"
                   "  t7: {}\n  t8: {}\n  t9: {}\n  t10: {}\n",
                   SW_EINVAL, "c.yaml:12: tiers.t10: too many tiers (at most 16)");
    CHECK_LOAD_ERR("a: 1\n---\nb: 2\n", SW_EINVAL, "c.yaml:1: a: unknown key");
    CHECK_LOAD_ERR("threads: 1\n---\nthreads: 2\n", SW_EINVAL, "c.yaml:3: only one YAML document is allowed");
    /* not YAML */
    CHECK_LOAD_ERR("tiers:\n  free: [\n", SW_EPARSE,
                   "c.yaml:3: YAML syntax error: did not find expected node content while parsing a "
                   "flow node");
    CHECK_LOAD_ERR("threads: 1\n  bad: indent\n", SW_EPARSE,
                   "c.yaml:2: YAML syntax error: mapping values are not allowed in this context");
}

static void test_unreadable(void)
{
    char path[200];
    snprintf(path, sizeof path, "%s/nosuch.yaml", tmpdir);
    CHECK_EQ_INT(sw_config_load(path, cfg, err, sizeof err), SW_EIO);
    CHECK(strstr(err, "nosuch.yaml: No such file or directory") != NULL);
    CHECK_EQ_INT(sw_config_load(path, cfg, NULL, 0), SW_EIO);
    CHECK_EQ_INT(sw_config_load(tmpdir, cfg, err, sizeof err), SW_EIO);
    CHECK(strstr(err, ": Is a directory") != NULL);
    /* bytes that are not UTF-8 are a syntax error, located by offset */
    CHECK_LOAD_ERR("threads: 1\nstate_dir: \"\xff\xfe\"\n", SW_EPARSE,
                   "c.yaml: YAML syntax error: invalid leading UTF-8 octet at byte 23");
    /* aliases are followed: a tier may reuse another's settings */
    CHECK_EQ_INT(load("tiers:\n  free: &f {requests_per_minute: 3}\n  tier1: *f\n"), SW_OK);
    CHECK_EQ_INT(sw_config_tier(cfg, "tier1")->requests_per_minute, 3);
    CHECK_LOAD_ERR("a: &x [1]\nb: *y\n", SW_EPARSE, "c.yaml:2: YAML syntax error: found undefined alias");
}

static void test_model_matching(void)
{
    CHECK(sw_model_matches("*", "anything"));
    CHECK(sw_model_matches("atlas-3*", "atlas-3"));
    CHECK(sw_model_matches("atlas-3*", "atlas-3-mini"));
    CHECK(!sw_model_matches("atlas-3*", "atlas-4"));
    CHECK(!sw_model_matches("atlas-3*", "atlas-"));
    CHECK(sw_model_matches("atlas-3", "atlas-3"));
    CHECK(!sw_model_matches("atlas-3", "atlas-3-mini"));
    CHECK(!sw_model_matches("atlas-3", "Atlas-3"));
    CHECK(!sw_model_matches(NULL, "x"));
    CHECK(!sw_model_matches("x", NULL));

    sw_tier t;
    memset(&t, 0, sizeof t);
    CHECK(!sw_tier_allows_model(&t, "atlas-3")); /* no models: none allowed */
    strcpy(t.models[0], "atlas-2");
    strcpy(t.models[1], "atlas-3*");
    t.n_models = 2;
    CHECK(sw_tier_allows_model(&t, "atlas-2"));
    CHECK(sw_tier_allows_model(&t, "atlas-3-reasoning"));
    CHECK(!sw_tier_allows_model(&t, "atlas-4"));
    CHECK(!sw_tier_allows_model(&t, "atlas-2-mini"));
    CHECK(!sw_tier_allows_model(NULL, "atlas-2"));
    CHECK(!sw_tier_requires_proof(&t, "atlas-2"));
    strcpy(t.proof_models[0], "atlas-3-reasoning");
    t.n_proof_models = 1;
    CHECK(sw_tier_requires_proof(&t, "atlas-3-reasoning"));
    CHECK(!sw_tier_requires_proof(&t, "atlas-3"));
}

static void test_upstream_choice(void)
{
    sw_config_defaults(cfg);
    cfg->n_upstreams = 0;
    CHECK(sw_config_upstream(cfg, "atlas-3") == NULL);
    const char *rows[][2] = {{"*", "http://any"}, {"atlas-3*", "http://family"},
                             {"atlas-3-m*", "http://mini"}, {"atlas-3", "http://exact"}};
    for (int i = 0; i < 4; i++) {
        strcpy(cfg->upstreams[i].model, rows[i][0]);
        strcpy(cfg->upstreams[i].url, rows[i][1]);
    }
    cfg->n_upstreams = 4;
    CHECK_EQ_STR(sw_config_upstream(cfg, "atlas-3")->url, "http://exact");
    CHECK_EQ_STR(sw_config_upstream(cfg, "atlas-3-mini")->url, "http://mini");
    CHECK_EQ_STR(sw_config_upstream(cfg, "atlas-3-reasoning")->url, "http://family");
    CHECK_EQ_STR(sw_config_upstream(cfg, "atlas-2")->url, "http://any");
    cfg->n_upstreams = 2; /* without "*" and exact: no match for others */
    cfg->upstreams[0] = cfg->upstreams[3];
    CHECK(sw_config_upstream(cfg, "atlas-2") == NULL);
    CHECK(sw_config_upstream(cfg, NULL) == NULL);
}

static void test_origin(void)
{
    sw_tier t;
    memset(&t, 0, sizeof t);
    CHECK(sw_tier_allows_origin(&t, NULL, -1)); /* no lists: anyone */
    CHECK(sw_tier_allows_origin(&t, "US", 15169));
    strcpy(t.countries_deny[0], "KP");
    t.n_countries_deny = 1;
    t.asns_deny[0] = 666;
    t.n_asns_deny = 1;
    CHECK(!sw_tier_allows_origin(&t, "KP", -1));
    CHECK(!sw_tier_allows_origin(&t, "kp", -1)); /* any case */
    CHECK(!sw_tier_allows_origin(&t, "US", 666));
    CHECK(sw_tier_allows_origin(&t, "US", 667));
    CHECK(sw_tier_allows_origin(&t, NULL, -1)); /* unknown passes a deny list */
    CHECK(sw_tier_allows_origin(&t, "", -1));
    strcpy(t.countries_allow[0], "US");
    strcpy(t.countries_allow[1], "CA");
    t.n_countries_allow = 2;
    CHECK(sw_tier_allows_origin(&t, "CA", -1));
    CHECK(!sw_tier_allows_origin(&t, "FR", -1));
    CHECK(!sw_tier_allows_origin(&t, NULL, -1)); /* unknown fails an allow list */
    CHECK(!sw_tier_allows_origin(&t, "USA", -1));
    t.asns_allow[0] = 100;
    t.n_asns_allow = 1;
    CHECK(sw_tier_allows_origin(&t, "US", 100));
    CHECK(!sw_tier_allows_origin(&t, "US", 101));
    CHECK(!sw_tier_allows_origin(&t, "US", -1));
    CHECK(!sw_tier_allows_origin(&t, "FR", 100));
    CHECK(!sw_tier_allows_origin(NULL, "US", 100));
}

int main(void)
{
    strcpy(tmpdir, "/tmp/sw_policy_XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(cfgpath, sizeof cfgpath, "%s/c.yaml", tmpdir);
    cfg = malloc(sizeof *cfg);
    if (!cfg)
        return 1;
    SW_TEST_RUN(test_defaults);
    SW_TEST_RUN(test_empty_file);
    SW_TEST_RUN(test_example_file);
    SW_TEST_RUN(test_happy_path);
    SW_TEST_RUN(test_failed_load_keeps_config);
    SW_TEST_RUN(test_errors);
    SW_TEST_RUN(test_unreadable);
    SW_TEST_RUN(test_model_matching);
    SW_TEST_RUN(test_upstream_choice);
    SW_TEST_RUN(test_origin);
    SW_TEST_RUN(test_model_catalogue);
    SW_TEST_RUN(test_detector_settings);
    free(cfg);
    unlink(cfgpath);
    rmdir(tmpdir);
    return SW_TEST_END();
}
