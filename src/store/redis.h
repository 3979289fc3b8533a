/*
 * redis.h — one connection to the fleet's shared Redis, and the pieces every
 * Redis-backed part of the store shares: the state URL, key names with hash
 * tags, the server-side scripts, and the health of the link.
 *
 * A connection (sw_redis) is used by one thread at a time (a gateway thread,
 * the CLI, the detect worker). It is blocking with a timeout: every call
 * either answers within timeout_ms or fails with SW_EIO. A failed call drops
 * the connection; the next call reconnects, but not before a backoff delay
 * (50 ms doubling to 1 s), and a call inside that delay fails at once
 * without touching the network, so an unreachable Redis costs the gateway
 * nothing per request but the fallback. Reconnecting re-sends AUTH and
 * SELECT and loads the scripts.
 *
 * State URL: redis://[[USER]:PASSWORD@]HOST[:PORT][/DB] (ACL user and
 * password, or the password alone), or the same with rediss:// for TLS,
 * optionally followed by ?ca=FILE (the CA that signs the server's
 * certificate; without it, the system's CA store) and &cert=FILE&key=FILE
 * (a client certificate for servers that ask for one; key defaults to the
 * cert file). The server's certificate must name HOST. Query values are
 * percent-decoded. Both schemes behave alike in every other way (timeouts,
 * reconnects, pipelining); see redis.c for the transport.
 *
 * Keys: every key of an account carries the account in a hash tag,
 * sw:{ACCOUNT}:…, so that one account's limiter script touches one Redis
 * Cluster slot. Ids with '{', '}', spaces or control characters are refused
 * (the CLI never creates them).
 *
 * Errors: SW_OK; SW_EIO (unreachable, timeout, a server error; the reason in
 * sw_redis_errmsg); SW_EINVAL (bad URL or key part); SW_ENOMEM.
 */
#ifndef SW_STORE_REDIS_H
#define SW_STORE_REDIS_H

#include <hiredis/hiredis.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    char host[256];
    int port;
    int db;
    char user[128];
    char password[256];
    bool tls;        /* rediss:// */
    char ca[1024];   /* rediss:// only: "" means the system's CA store */
    char cert[1024]; /* client certificate ("" none) */
    char key[1024];  /* its private key (the cert file when not given) */
} sw_redis_url;

/* Whether a --state / state: value names Redis rather than a directory. */
bool sw_state_is_redis(const char *state);

/* The URL fit for logs and messages: a password in it (redis://USER:PASS@…
 * or redis://PASS@…) is replaced by "***". Always NUL-terminates out. */
void sw_redis_url_redacted(const char *url, char *out, size_t cap);

int sw_redis_url_parse(const char *url, sw_redis_url *out, char *err, size_t errsz);

/* What all connections of a process tell about the link (metrics, logs).
 * Zero-initialised is valid; log_interval_ms 0 logs every change. */
typedef struct sw_redis_health {
    atomic_ullong errors;     /* calls that failed */
    atomic_ullong reconnects; /* connections made after a failure */
    atomic_bool down;         /* the last call of any connection failed */
    atomic_llong last_log_ms;
    atomic_ullong unlogged;   /* errors since the last log line */
    int64_t log_interval_ms;
    const char *who;          /* prefix of log lines, "stillwatch serve" */
} sw_redis_health;

typedef struct sw_redis sw_redis;

/* Parses the URL (SW_EINVAL), reads its TLS files (SW_EINVAL when one
 * cannot be used) and connects. A Redis that cannot be reached, or whose
 * certificate does not verify, is not an error here unless must_connect:
 * the handle retries by itself. health may be NULL. */
int sw_redis_open(sw_redis **out, const char *url, int timeout_ms, sw_redis_health *health, bool must_connect,
                  char *err, size_t errsz);
void sw_redis_close(sw_redis *r); /* NULL is a no-op */
/* Why the last call failed: the link's failure, or the last error reply. */
const char *sw_redis_errmsg(const sw_redis *r);

/* One command; the reply (freeReplyObject) or NULL with SW_EIO's reason in
 * errmsg. A server error reply (REDIS_REPLY_ERROR) is returned as a reply:
 * only the link's failures drop the connection. */
redisReply *sw_redis_command(sw_redis *r, int argc, const char **argv, const size_t *lens);
/* The same with a printf-like format (hiredis's %s, %b, %lld). */
redisReply *sw_redis_commandf(sw_redis *r, const char *fmt, ...);

/* Pipelining: queue commands, then read their replies in order. A failure
 * while reading drops the connection and fails the rest. */
int sw_redis_append(sw_redis *r, int argc, const char **argv, const size_t *lens);
int sw_redis_appendf(sw_redis *r, const char *fmt, ...);
redisReply *sw_redis_reply(sw_redis *r);
/* Replies queued but not yet read are discarded (the connection is dropped
 * when any are outstanding, since their order would be lost). */

/* Server-side scripts: the text lives in C, the SHA-1 is computed once;
 * EVALSHA, and EVAL on NOSCRIPT (a Redis that restarted without them). */
typedef struct sw_redis_script {
    const char *name;
    const char *body;
} sw_redis_script;
redisReply *sw_redis_eval(sw_redis *r, const sw_redis_script *s, int nkeys, int nargs, const char **args,
                          const size_t *lens);
/* Queues an EVALSHA (for pipelines); its reply may be NOSCRIPT, in which
 * case sw_redis_eval is the fallback. */
int sw_redis_append_eval(sw_redis *r, const sw_redis_script *s, int nkeys, int nargs, const char **args,
                         const size_t *lens);
/* hex SHA-1 of a script (41 bytes with the NUL). */
void sw_redis_script_sha(const sw_redis_script *s, char sha[41]);
bool sw_redis_reply_noscript(const redisReply *rep);

/* Whether the handle is connected now (a reconnect may still succeed). */
bool sw_redis_connected(const sw_redis *r);

/* ---- key names (redis_keys.c) ---- */

/* Writes "sw:{ID}:SUFFIX" into out. SW_EINVAL for an id or suffix that
 * cannot be a key part, or an out too small. */
int sw_redis_key(char *out, size_t cap, const char *id, const char *suffix);
/* "sw:{ID}:SUFFIX:N" — minute and day buckets. */
int sw_redis_key_n(char *out, size_t cap, const char *id, const char *suffix, int64_t n);

/* "sw:detect:{GROUP}:SUFFIX" — the detect workers' lease and status
 * (fleet.h). SW_EINVAL as sw_redis_key. */
int sw_redis_key_group(char *out, size_t cap, const char *group, const char *suffix);

/* Global keys (one slot each in a cluster). */
#define SW_REDIS_ACCOUNTS "sw:accounts"        /* set of account ids */
#define SW_REDIS_EVENTS "sw:events"            /* stream of traffic-log lines */
#define SW_REDIS_VERDICTS "sw:verdicts"        /* hash account → "action score cluster" */
#define SW_REDIS_VERDICTS_VERSION "sw:verdicts:version"
#define SW_REDIS_KEY_BUF 160

#endif
