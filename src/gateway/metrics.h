/*
 * metrics.h — the gateway's Prometheus metrics (GET /metrics).
 *
 *   stillwatch_requests_total{status,tier,verdict}   counter
 *   stillwatch_request_duration_seconds              histogram (time to last byte)
 *   stillwatch_open_streams                          gauge (exchanges in flight)
 *   stillwatch_detector_events_total                 counter
 *   stillwatch_detector_accounts                     gauge
 *   stillwatch_detector_flagged_accounts             gauge
 *   stillwatch_traffic_log_lines_total, …_write_errors_total
 *   stillwatch_redacted_responses_total              counter (reasoning withheld, redact.h)
 *   stillwatch_redact_dropped_events_total           counter (stream events over the size cap)
 *
 * Label sets are few (statuses × tiers × verdicts), so they live in a small
 * table under one mutex; recording costs a lock and a short scan.
 */
#ifndef SW_GW_METRICS_H
#define SW_GW_METRICS_H

#include "core/buf.h"
#include "gateway/sink.h"

typedef struct sw_gw_metrics sw_gw_metrics;

int sw_gw_metrics_new(sw_gw_metrics **out);
void sw_gw_metrics_free(sw_gw_metrics *m);

/* One finished request. tier/verdict NULL or "": "none". */
void sw_gw_metrics_request(sw_gw_metrics *m, int status, const char *tier, const char *verdict, double seconds);
void sw_gw_metrics_streams(sw_gw_metrics *m, int delta);
/* A response had reasoning withheld (responses 0 or 1), and stream events
 * dropped for their size. */
void sw_gw_metrics_redacted(sw_gw_metrics *m, uint64_t responses, uint64_t oversized_events);

/* Appends the exposition text (format 0.0.4); d may be NULL. */
void sw_gw_metrics_render(sw_gw_metrics *m, const sw_gw_detector_stats *d, sw_buf *out);

#endif
