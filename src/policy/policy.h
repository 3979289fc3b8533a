/*
 * policy.h — what each tier may do, and the gateway's configuration.
 *
 * The configuration is one YAML file (docs/configuration.md documents every
 * key), read by sw_config_load() into plain structs and validated as a whole
 * before anything uses it: an error names the file, the line, the key path
 * and the problem
 * ("gw.yaml:12: tiers.free.requests_per_minute: expected a non-negative
 * integer, got 'ten'"). A loaded config is immutable, so any number of
 * threads may read it; SIGHUP loads a new one and swaps it in. Built-in
 * defaults (the tiers below, detector on) apply to what the file leaves out,
 * so the quick start needs no file at all.
 *
 * Default tiers: free 20 requests/min and 40,000 tokens/min; tier1 500/min;
 * tier2 2,000/min; tier3 5,000/min; enterprise unlimited; edu 1,000/min.
 * free and tier1 must present a token with proof of possession (not a bare
 * API key) for the "top" models (top_models, by default atlas-4* and
 * atlas-3-reasoning). docs/configuration.md has every default.
 *
 * The rate limiter (sw_limiter) is the one piece of mutable shared state
 * here; it is internally locked. The other functions only read their
 * arguments (and sw_config_load its file), so any thread may call them.
 */
#ifndef SW_POLICY_H
#define SW_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ip.h"
#include "detect/config.h"

#define SW_POLICY_MAX_LIST 64
#define SW_POLICY_MAX_TIERS 16
/* The largest count or limit the configuration accepts (tokens, requests,
 * bytes); it keeps every product in the limiter within 64 bits. */
#define SW_POLICY_MAX_COUNT 1000000000000LL

typedef struct {
    char name[32];
    /* Model patterns: an exact name, "prefix*" (e.g. "atlas-3*"), or "*". */
    char models[SW_POLICY_MAX_LIST][64]; /* allowed models; empty: none */
    int n_models;
    char proof_models[SW_POLICY_MAX_LIST][64]; /* models that require token + proof (not bare keys) */
    int n_proof_models;
    int64_t requests_per_minute;  /* 0: unlimited */
    int64_t tokens_per_minute;    /* 0: unlimited */
    int64_t tokens_per_day;       /* 0: unlimited (UTC day) */
    int64_t concurrent_streams;   /* 0: unlimited */
    /* ISO 3166 alpha-2, upper case. Empty allow list: any origin. */
    char countries_allow[SW_POLICY_MAX_LIST][3], countries_deny[SW_POLICY_MAX_LIST][3];
    int n_countries_allow, n_countries_deny;
    int64_t asns_allow[SW_POLICY_MAX_LIST], asns_deny[SW_POLICY_MAX_LIST];
    int n_asns_allow, n_asns_deny;
    bool expose_reasoning, expose_logprobs;
    int64_t max_tokens_cap; /* 0: no cap */
    double throttle_factor; /* rate multiplier when the detector says throttle (e.g. 0.1) */
} sw_tier;

typedef struct {
    char model[64];      /* exact name, "prefix*" or "*" */
    char url[256];       /* http(s)://host[:port][/path prefix] */
} sw_upstream;

/* About 200 KB: allocate it on the heap or statically, not on a thread's
 * stack. */
typedef struct sw_config {
    char listen[SW_POLICY_MAX_LIST][64]; /* "127.0.0.1:8080", "[::]:8443" */
    int n_listen;
    char tls_cert[256], tls_key[256];    /* empty: plain HTTP */
    int threads;                         /* 0: one per core */
    char state_dir[256];                 /* default "." */
    char geoip_db[256];                  /* .mmdb path (country, or both); empty: no geo lookup */
    char geoip_asn_db[256];              /* second .mmdb (ASN); empty: none */
    sw_cidr trusted_proxies[SW_POLICY_MAX_LIST];
    int n_trusted_proxies;
    sw_upstream upstreams[SW_POLICY_MAX_LIST];
    int n_upstreams;
    sw_tier tiers[SW_POLICY_MAX_TIERS];
    int n_tiers;
    char default_tier[32];        /* for accounts whose tier is empty or unknown (default "free") */
    char top_models[SW_POLICY_MAX_LIST][64]; /* proof_models of free and tier1 unless set */
    int n_top_models;
    /* The model catalogue: concrete names GET /v1/models may list when
     * upstreams and tiers name only patterns. Empty by default. */
    char models[SW_POLICY_MAX_LIST][64];
    int n_models;
    int64_t token_ttl_s;          /* access token lifetime (default 600) */
    int64_t proof_skew_s;         /* allowed clock skew of proofs (default 60) */
    int64_t max_body_bytes;       /* 413 above (default 4 MiB) */
    int64_t log_text_bytes;       /* text kept per exchange in the traffic log (default 8192) */
    char stepup_url[256];         /* named in challenge errors; empty: the gateway's own /stepup page */
    int64_t stepup_ttl_s;         /* a passed step-up lifts challenge this long (default 86400) */
    int64_t stepup_ticket_ttl_s;  /* lifetime of the ticket in a step-up URL (default 900) */
    char stepup_rp_id[128];       /* WebAuthn relying party id; empty: the hostname the client used */
    char stepup_origins[8][128];  /* origins a passkey ceremony may come from; none: the page's own */
    int n_stepup_origins;
    bool detect;                  /* online detection (default on) */
    bool degrade_instead_of_throttle; /* default off */
    sw_detect_config detector;    /* weights and thresholds (detection.settings over the defaults) */
    /* Shared state of a fleet (docs/fleet.md): empty, the embedded store in
     * state_dir; else redis://… (accounts, keys, limits, nonces, events,
     * verdicts in Redis; state_dir still holds the secrets, the traffic log
     * and the spool). */
    char state_url[2048]; /* rediss:// URLs carry file paths */
    bool redis_fail_open;         /* Redis unreachable: local limits (true) or 503 (false, default) */
    int64_t redis_timeout_ms;     /* per call (default 250) */
    int64_t redis_log_interval_s; /* at most one "unavailable" line per interval (default 10) */
} sw_config;

/* Built-in defaults (quick start). */
void sw_config_defaults(sw_config *c);

/* Loads and validates YAML over the defaults. On success *out is the result;
 * on failure *out is left as it was. SW_EINVAL (a bad value, unknown or
 * duplicate key) or SW_EPARSE (not YAML) with "FILE:LINE: key.path: problem"
 * in err; SW_EIO with "FILE: reason" when unreadable; SW_ENOMEM. */
int sw_config_load(const char *path, sw_config *out, char *err, size_t errsz);

const sw_tier *sw_config_tier(const sw_config *c, const char *name); /* NULL: unknown */
/* The named tier, or the default tier when name is NULL, empty or unknown. */
const sw_tier *sw_config_tier_for(const sw_config *c, const char *name);
/* The upstream of a model: an exact entry, else the longest matching
 * "prefix*" entry, else "*"; NULL when none. */
const sw_upstream *sw_config_upstream(const sw_config *c, const char *model);
bool sw_tier_allows_model(const sw_tier *t, const char *model);
bool sw_tier_requires_proof(const sw_tier *t, const char *model);
/* Country (2 letters, any case; NULL or "" when unknown) and ASN (-1
 * unknown). A deny list refuses what it names; a non-empty allow list
 * refuses everything else, unknown origins included. */
bool sw_tier_allows_origin(const sw_tier *t, const char *country, int64_t asn);
/* Whether a model name matches a pattern (exact, "prefix*", "*"). */
bool sw_model_matches(const char *pattern, const char *model);

/*
 * The client's address. Without trusted proxies, or when peer is not one,
 * it is peer: X-Forwarded-For is ignored, because anyone can send it. When
 * peer is trusted, xff (the X-Forwarded-For value; several headers joined
 * with ",") is read from the right, skipping entries that are trusted
 * proxies; the first untrusted entry is the client. An entry that is not an
 * address ("unknown", garbage) stops the walk at the hop that wrote it. If
 * every hop is trusted, the leftmost is the client. Entries may carry a port
 * ("1.2.3.4:5678", "[2001:db8::1]:443").
 */
sw_ip sw_policy_client_ip(const sw_ip *peer, const char *xff, const sw_cidr *trusted,
                          int n_trusted);

/*
 * Rate limiting. One limiter per gateway process, shared by its threads
 * (internally locked, striped by account). Windows are sliding (the current
 * and previous minute weighted), so a limit holds to the request at the
 * boundary of a minute. Tokens are charged in two steps: an estimate from the
 * prompt before proxying, settled from the response's usage after. Only
 * admitted requests count. Accounts idle for more than two days are
 * forgotten (their state is all zero by then), so memory is bounded by the
 * accounts active in two days.
 */
typedef struct sw_limiter sw_limiter;
int sw_limiter_new(sw_limiter **out); /* SW_OK or SW_ENOMEM */
void sw_limiter_free(sw_limiter *l);  /* NULL is a no-op */

typedef struct {
    bool allowed;
    /* NULL when allowed; else "requests per minute", "tokens per minute",
     * "daily tokens", "concurrent streams" or "out of memory". */
    const char *reason;
    int64_t retry_after_s; /* when refused: seconds, at least 1 */
} sw_limit_result;

/* Admits one request of est_tokens for account (NULL is "") under tier t
 * (not NULL) at now_ms, with
 * per-minute limits multiplied by factor (1.0 normally, the tier's
 * throttle_factor when the detector says throttle; a scaled limit is never
 * below 1). Admission counts a concurrent stream and charges the estimate;
 * a refusal charges nothing. An estimate larger than the per-minute limit
 * can never be admitted (retry after 60 s: the caller should cap it). */
sw_limit_result sw_limiter_admit(sw_limiter *l, const char *account, const sw_tier *t, double factor,
                                 int64_t est_tokens, int64_t now_ms);
/* Settles an admitted request (exactly once each): replaces its estimate by
 * the actual tokens and releases its stream slot. actual_tokens 0 refunds a
 * request that was never served. */
void sw_limiter_settle(sw_limiter *l, const char *account, int64_t est_tokens, int64_t actual_tokens,
                       int64_t now_ms);
/* A per-minute limit scaled by a throttle factor, as admission applies it
 * (0 stays unlimited; a limited tier never drops below 1). */
int64_t sw_limit_scaled(int64_t limit, double factor);
/* Forgets accounts idle for more than two days with nothing in flight and
 * returns how many. Admission does this by itself as tables grow; a caller
 * may also run it periodically. */
size_t sw_limiter_evict(sw_limiter *l, int64_t now_ms);
/* Accounts currently remembered. */
size_t sw_limiter_size(sw_limiter *l);

#endif
