/*
 * sink.h — the traffic log and the online detector, behind one lock.
 *
 * Every exchange the gateway ends becomes one line (trafficlog.h). The line
 * is appended to DIR/traffic.jsonl and, in the same critical section, parsed
 * with sw_event_parse and fed to the detector engine: so the order of the
 * file is exactly the order in which the engine saw the events, and
 * `stillwatch scan` over the file recomputes the verdicts the gateway acted
 * on (same lines, same parser, same order). The engine is not thread-safe;
 * this lock is its only door. Lines are buffered (SW_GW_LOG_BUFFER bytes,
 * written at the latest SW_GW_LOG_FLUSH_MS later, and on close or reopen)
 * and written whole on an O_APPEND descriptor: a clean stop loses nothing;
 * a crash can lose the last few milliseconds of lines, never leave half a
 * line behind a good one.
 */
#ifndef SW_GW_SINK_H
#define SW_GW_SINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/account.h"
#include "detect/config.h"
#include "detect/score.h"

#define SW_GW_LOG_BUFFER (64u * 1024u)
#define SW_GW_LOG_FLUSH_MS 20

typedef struct sw_gw_sink sw_gw_sink;

typedef struct sw_gw_detector_stats {
    uint64_t lines, write_errors, parse_errors; /* lines written; failures */
    uint64_t events;                            /* events fed to the engine */
    uint64_t accounts;                          /* accounts seen in events */
    uint64_t flagged;                           /* accounts that became flagged since start */
    uint64_t profiles;                          /* account profiles loaded */
} sw_gw_detector_stats;

/* Opens (appending, creating mode 0600) the log at path; dcfg may be NULL
 * for the detector's defaults. */
int sw_gw_sink_open(sw_gw_sink **out, const char *path, const sw_detect_config *dcfg, char *err,
                    size_t errsz);
void sw_gw_sink_close(sw_gw_sink *s); /* NULL is a no-op */

/* Reopens the log file by name (after rotation). */
int sw_gw_sink_reopen(sw_gw_sink *s, char *err, size_t errsz);

/* Whether events are fed to the detector (online detection on); the log is
 * written either way. */
void sw_gw_sink_set_detect(sw_gw_sink *s, bool on);
/* New detector settings (a reload); SW_EINVAL with a reason keeps the old. */
int sw_gw_sink_set_detect_config(sw_gw_sink *s, const sw_detect_config *cfg, char *err, size_t errsz);

/* Gives the detector an account's profile, once per account id (later calls
 * for the same id are ignored unless the profile changed). */
int sw_gw_sink_account(sw_gw_sink *s, const sw_account_info *info);

/* Appends one line (n bytes ending in '\n') and feeds it to the detector.
 * *action (may be NULL) receives the account's action after it. SW_EIO when
 * the write failed (the event is still fed), SW_EPARSE when the line did
 * not parse (a bug: counted, not fed). */
int sw_gw_sink_put(sw_gw_sink *s, const char *line, size_t n, sw_action *action);

/* The detector's current action on an account (SW_ALLOW when unknown or
 * detection is off); *score (may be NULL) gets its score. */
sw_action sw_gw_sink_verdict(sw_gw_sink *s, const char *account, double *score);

void sw_gw_sink_stats(sw_gw_sink *s, sw_gw_detector_stats *out);

#endif
