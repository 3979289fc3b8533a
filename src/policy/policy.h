/*
 * policy.h — what each tier may do, and the gateway's configuration.
 *
 * The configuration is one YAML file (docs/gateway.md documents every key),
 * read by sw_config_load() into plain structs and validated as a whole before
 * anything uses it: an error names the key path and the problem
 * ("tiers.free.requests_per_minute: expected a positive integer, got 'ten'").
 * A loaded config is immutable; SIGHUP loads a new one and swaps it in.
 * Built-in defaults (the tiers below, detector on) apply to what the file
 * leaves out, so the quick start needs no file at all.
 *
 * Default tiers: free 20 requests/min and 40,000 tokens/min; tier1 500/min;
 * tier2 2,000/min; tier3 5,000/min; enterprise and edu as configured.
 */
#ifndef SW_POLICY_H
#define SW_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ip.h"

#define SW_POLICY_MAX_LIST 64

typedef struct {
    char name[32];
    char models[SW_POLICY_MAX_LIST][64]; /* allowed models; "*" for all */
    int n_models;
    char proof_models[SW_POLICY_MAX_LIST][64]; /* models that require token + proof (not bare keys) */
    int n_proof_models;
    int64_t requests_per_minute;  /* 0: unlimited */
    int64_t tokens_per_minute;    /* 0: unlimited */
    int64_t tokens_per_day;       /* 0: unlimited */
    int64_t concurrent_streams;   /* 0: unlimited */
    char countries_allow[SW_POLICY_MAX_LIST][3], countries_deny[SW_POLICY_MAX_LIST][3];
    int n_countries_allow, n_countries_deny;
    int64_t asns_allow[SW_POLICY_MAX_LIST], asns_deny[SW_POLICY_MAX_LIST];
    int n_asns_allow, n_asns_deny;
    bool expose_reasoning, expose_logprobs;
    int64_t max_tokens_cap; /* 0: no cap */
    double throttle_factor; /* rate multiplier when the detector says throttle (e.g. 0.1) */
} sw_tier;

typedef struct {
    char model[64];      /* "*" matches any */
    char url[256];       /* http://host:port (path prefix allowed) */
} sw_upstream;

typedef struct sw_config {
    char listen[SW_POLICY_MAX_LIST][64]; /* "127.0.0.1:8080" */
    int n_listen;
    char tls_cert[256], tls_key[256];    /* empty: plain HTTP */
    int threads;                         /* 0: one per core */
    char state_dir[256];
    char geoip_db[256];                  /* .mmdb path, empty: no geo lookup */
    sw_cidr trusted_proxies[SW_POLICY_MAX_LIST];
    int n_trusted_proxies;
    sw_upstream upstreams[SW_POLICY_MAX_LIST];
    int n_upstreams;
    sw_tier tiers[16];
    int n_tiers;
    int64_t token_ttl_s;          /* access token lifetime (default 600) */
    int64_t proof_skew_s;         /* allowed clock skew of proofs (default 60) */
    int64_t max_body_bytes;       /* 413 above (default 4 MiB) */
    int64_t log_text_bytes;       /* text kept per exchange in the traffic log (default 8192) */
    char stepup_url[256];         /* named in challenge errors */
    bool detect;                  /* online detection (default on) */
    bool degrade_instead_of_throttle;
} sw_config;

/* Built-in defaults (quick start). */
void sw_config_defaults(sw_config *c);

/* Loads and validates YAML over the defaults. SW_EPARSE/SW_EINVAL with
 * "FILE:LINE: key.path: problem" in err; SW_EIO when unreadable. */
int sw_config_load(const char *path, sw_config *out, char *err, size_t errsz);

const sw_tier *sw_config_tier(const sw_config *c, const char *name); /* NULL: unknown */
const sw_upstream *sw_config_upstream(const sw_config *c, const char *model); /* NULL: none */
bool sw_tier_allows_model(const sw_tier *t, const char *model);
bool sw_tier_requires_proof(const sw_tier *t, const char *model);
/* Country (2 letters, may be NULL when unknown) and ASN (-1 unknown) checks. */
bool sw_tier_allows_origin(const sw_tier *t, const char *country, int64_t asn);

/*
 * Rate limiting. One limiter per gateway process, shared by its threads
 * (internally locked, striped by account). Windows are sliding (the current
 * and previous minute weighted), so a limit holds to the request at the
 * boundary of a minute. Tokens are charged in two steps: an estimate from the
 * prompt before proxying, settled from the response's usage after.
 */
typedef struct sw_limiter sw_limiter;
int sw_limiter_new(sw_limiter **out);
void sw_limiter_free(sw_limiter *l);

typedef struct {
    bool allowed;
    const char *reason;    /* "requests per minute", "tokens per minute", "daily tokens", "concurrent streams" */
    int64_t retry_after_s; /* when refused */
} sw_limit_result;

/* Admits one request of est_tokens for account under tier t at now_ms, with
 * rate limits multiplied by factor (1.0 normally, the tier's throttle_factor
 * when the detector says throttle). Admission counts a concurrent stream. */
sw_limit_result sw_limiter_admit(sw_limiter *l, const char *account, const sw_tier *t, double factor,
                                 int64_t est_tokens, int64_t now_ms);
/* Settles a finished request: replaces its estimate by the actual tokens and
 * releases its stream slot. */
void sw_limiter_settle(sw_limiter *l, const char *account, int64_t est_tokens, int64_t actual_tokens,
                       int64_t now_ms);

#endif
