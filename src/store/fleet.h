/*
 * fleet.h — the state a fleet of gateways shares in Redis, beyond accounts
 * and keys (redis_store.h): rate limits and token budgets, proof nonces,
 * the event stream, the detector's per-account summaries, and verdicts.
 * Each call takes the calling thread's connection (redis.h); none of them
 * knows a tier or a detector: they take plain numbers and strings, and the
 * gateway (gateway/fleet.c) and the detect worker (cli/detect.c) give them
 * meaning.
 *
 * Key layout (all per-account keys tagged with the account, redis.h):
 *
 *   sw:{A}:rq:MINUTE  sw:{A}:tk:MINUTE   requests / tokens of a minute (TTL 150 s)
 *   sw:{A}:td:DAY                        tokens of a UTC day (TTL to the day's end + 1 h)
 *   sw:{A}:streams                       requests in flight (TTL refreshed, 10 min)
 *   sw:{A}:ips                           HyperLogLog of client addresses (TTL 2 days)
 *   sw:{A}:sum                           hash: events, tokens, refused (TTL 2 days)
 *   sw:{A}:verdict                       hash: action, score, cluster, reasons, events
 *   sw:{JTI}:nonce:N                     a proof nonce seen (TTL: the replay window)
 *   sw:events                            stream: field "line", one traffic-log line
 *   sw:verdicts                          hash: account → "ACTION SCORE [CLUSTER]"
 *   sw:verdicts:version                  counter bumped after each batch of verdicts
 *   sw:detect:{GROUP}:leader             the detect workers' leader lease (a token, TTL)
 *   sw:detect:{GROUP}:workers            hash: consumer → its status (JSON)
 */
#ifndef SW_STORE_FLEET_H
#define SW_STORE_FLEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/redis.h"

/* ---- limits (redis_limit.c) ---- */

typedef struct {
    int64_t requests_per_minute; /* already scaled by any throttle; 0: unlimited */
    int64_t tokens_per_minute;
    int64_t tokens_per_day;
    int64_t concurrent_streams;
    int64_t est_tokens;
} sw_rlimit_args;

typedef struct {
    bool allowed;
    char reason[32];       /* as the local limiter's reasons: "requests per minute", … */
    int64_t retry_after_s; /* when refused, at least 1 */
} sw_rlimit_result;

/* The argument vector of the admission script for account at now_ms: keys
 * then values, into bufs (caller storage, SW_RLIMIT_ARGS strings of
 * SW_REDIS_KEY_BUF bytes). Exposed for tests. SW_EINVAL for a bad id. */
#define SW_RLIMIT_KEYS 6
#define SW_RLIMIT_ARGS (SW_RLIMIT_KEYS + 8)
int sw_rlimit_admit_argv(const char *account, const sw_rlimit_args *a, int64_t now_ms,
                         char bufs[SW_RLIMIT_ARGS][SW_REDIS_KEY_BUF], const char *argv[SW_RLIMIT_ARGS]);

/* One round trip: checks every limit and, when all pass, charges one
 * request, the estimate and a stream, atomically for the whole fleet.
 * SW_EIO when Redis did not answer (nothing charged that the caller knows of). */
int sw_rlimit_admit(sw_redis *r, const char *account, const sw_rlimit_args *a, int64_t now_ms,
                    sw_rlimit_result *out);

/* Queues the settlement of an admitted request on r's pipeline: the
 * difference between actual and estimated tokens (a refund comes off the
 * minute and day it was charged to), and the stream slot back. The reply is
 * one integer. */
int sw_rlimit_append_settle(sw_redis *r, const char *account, int64_t est_tokens, int64_t actual_tokens,
                            int64_t admit_ms, int64_t now_ms);

/* The same, alone (one round trip; loads the script if Redis lost it). */
int sw_rlimit_settle(sw_redis *r, const char *account, int64_t est_tokens, int64_t actual_tokens, int64_t admit_ms,
                     int64_t now_ms);

/* ---- nonces (redis_limit.c) ---- */

/* Records (jti, nonce) for window_ms: SW_OK when new, SW_EEXIST when seen
 * (at any gateway), SW_EIO when Redis did not answer, SW_EINVAL for bad ids. */
int sw_rnonce_add(sw_redis *r, const char *jti, const char *nonce, int64_t window_ms);

/* ---- events and summaries (redis_stream.c) ---- */

#define SW_REVENTS_MAXLEN 2000000 /* the stream is trimmed to about this many events */

/* Queues XADD of one traffic-log line (without its '\n') on the pipeline;
 * one reply. */
int sw_revents_append(sw_redis *r, const char *line, size_t n);
/* Queues the account's fleet-wide summary update (one script, one reply):
 * the client address into its HyperLogLog, one event, its tokens and
 * whether it was refused into its counters. */
int sw_rsummary_append(sw_redis *r, const char *account, const char *ip, int64_t tokens, bool refused);

/* The end of one exchange in one round trip: the settlement (when settle),
 * the event and the summary, pipelined. *event_taken says whether the
 * stream took the line (when not, the caller spools it). SW_EIO when the
 * link failed (then nothing is known to have been taken). */
typedef struct {
    const char *account;
    bool settle;
    int64_t est_tokens, actual_tokens, admit_ms, now_ms;
    const char *line; /* NULL: no event */
    size_t line_len;
    const char *ip;
    bool refused;
} sw_rexchange_end;
int sw_rexchange_finish(sw_redis *r, const sw_rexchange_end *e, bool *event_taken);

/* Creates the consumer group at the start of the stream (and the stream)
 * when absent. */
int sw_revents_group(sw_redis *r, const char *group);

/* What the reading functions call for each entry: its id (for
 * sw_revents_ack) and its line (len bytes, "" when it has none). A return
 * other than SW_OK stops the reading and is returned. */
typedef int (*sw_revents_fn)(const char *id, const char *line, size_t len, void *ctx);
#define SW_REVENTS_ID_MAX 48 /* a stream id "MS-SEQ" with its NUL */

/* Reads up to count new entries for consumer (blocking up to block_ms) and
 * calls fn for each, in order; *n gets how many. */
int sw_revents_read(sw_redis *r, const char *group, const char *consumer, int count, int block_ms, sw_revents_fn fn,
                    void *ctx, size_t *n);
int sw_revents_ack(sw_redis *r, const char *group, const char *const *ids, size_t n);

/* The id of the last entry delivered to the group ("0-0" before the first);
 * SW_ENOTFOUND when there is no such group. */
int sw_revents_group_last(sw_redis *r, const char *group, char last[SW_REVENTS_ID_MAX]);
/* Up to count entries after the id after (exclusive; "-" for the start of
 * the stream) up to upto (inclusive), in order, whether or not delivered;
 * *n gets how many, last the id of the last one. */
int sw_revents_range(sw_redis *r, const char *after, const char *upto, int count, sw_revents_fn fn, void *ctx,
                     char last[SW_REVENTS_ID_MAX], size_t *n);
/* Moves to consumer up to count entries pending in the group for any
 * consumer, from cursor on ("0-0" to start; it gets where to go on, "0-0"
 * when the list is done), and calls fn for each that is still in the
 * stream. Entries trimmed away leave the pending list by themselves. */
int sw_revents_claim(sw_redis *r, const char *group, const char *consumer, char cursor[SW_REVENTS_ID_MAX], int count,
                     sw_revents_fn fn, void *ctx, size_t *n);
/* Deletes the group's consumers other than keep that hold nothing pending
 * (former leaders, once their entries were claimed); *removed counts them. */
int sw_revents_forget_consumers(sw_redis *r, const char *group, const char *keep, int *removed);

/* ---- the detect workers' leader lease and status (redis_lease.c) ---- */

/*
 * One worker of a consumer group consumes; the others stand by. The lease
 * is one key, sw:detect:{GROUP}:leader, holding the leader's token (unique
 * per process) with a TTL: taken with SET NX PX, renewed and released only
 * by a script that first compares the token, so a worker can never extend
 * or delete a lease that is no longer its own.
 */
/* SW_OK: the lease is now ours (taken, or ours already and renewed);
 * SW_EEXIST: another token holds it (holder gets it, may be NULL). */
int sw_rlease_acquire(sw_redis *r, const char *key, const char *token, int64_t ttl_ms, char *holder,
                      size_t holdersz);
/* SW_OK: renewed for ttl_ms; SW_ENOTFOUND: not ours any more (expired, or
 * taken by another). */
int sw_rlease_renew(sw_redis *r, const char *key, const char *token, int64_t ttl_ms);
/* Deletes the lease if it is ours (a clean stop hands over at once). */
int sw_rlease_release(sw_redis *r, const char *key, const char *token);
/* Who holds the lease ("" nobody) and for how long still (ms, -1 unknown). */
int sw_rlease_holder(sw_redis *r, const char *key, char *holder, size_t holdersz, int64_t *ttl_left_ms);

/* Each worker's status, one JSON object per consumer in the hash
 * sw:detect:{GROUP}:workers (kept a day after the last write). */
int sw_rworker_status_put(sw_redis *r, const char *group, const char *consumer, const char *json);
int sw_rworker_status_each(sw_redis *r, const char *group,
                           int (*fn)(const char *consumer, const char *json, void *ctx), void *ctx);

/* ---- verdicts (redis_stream.c) ---- */

/* Queues HSET of an account's verdict (the fleet table and its own hash). */
int sw_rverdict_append(sw_redis *r, const char *account, const char *action, double score, const char *cluster,
                       const char *reasons, uint32_t events);
/* The version of the verdict table (bumped by sw_rverdict_bump). */
int sw_rverdict_version(sw_redis *r, long long *version);
int sw_rverdict_bump(sw_redis *r);
/* Calls fn for every verdict in the fleet table. */
int sw_rverdict_each(sw_redis *r, int (*fn)(const char *account, const char *action, double score,
                                            const char *cluster, void *ctx),
                     void *ctx);

/* ---- the spool of events Redis could not take (spool.c) ---- */

/*
 * A file of traffic-log lines waiting for Redis, so that no event is lost
 * while it is away: lines are appended whole (O_APPEND) and taken back in
 * order by sw_spool_drain. Draining moves the file aside (PATH.draining)
 * and feeds its lines on; lines not taken are written back in front of any
 * spooled since. Thread-safe; one drain at a time (another returns at
 * once). The spool survives a restart of the gateway.
 */
typedef struct sw_spool sw_spool;
int sw_spool_open(sw_spool **out, const char *path, char *err, size_t errsz);
void sw_spool_close(sw_spool *s);
int sw_spool_put(sw_spool *s, const char *line, size_t n); /* n without '\n' */
/* Lines waiting. */
uint64_t sw_spool_pending(sw_spool *s);
/* Feeds waiting lines to fn in batches (lines[i], lens[i]) in order; fn
 * returns how many of the batch it took (all, or a prefix). Stops at the
 * first partial take. *taken gets the total. */
int sw_spool_drain(sw_spool *s, size_t (*fn)(const char *const *lines, const size_t *lens, size_t n, void *ctx),
                   void *ctx, uint64_t *taken);

#endif
