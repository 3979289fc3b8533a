/*
 * metrics.c — Prometheus counters of the gateway (see metrics.h).
 *
 * Latency buckets are fixed and cover what a model API sees: a refusal in
 * under a millisecond, a short answer in a second, a long stream in minutes.
 */
#include "gateway/metrics.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"

#define MAX_SERIES 512
#define NBUCKETS 14

static const double bucket_le[NBUCKETS] = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                           0.5,   1,     2.5,  5,     10,   30,  120};

typedef struct {
    int status;
    char tier[32], verdict[16];
    uint64_t count;
} series;

struct sw_gw_metrics {
    pthread_mutex_t lock;
    series s[MAX_SERIES];
    size_t n;
    uint64_t overflow; /* requests whose label set did not fit */
    uint64_t buckets[NBUCKETS], hist_count;
    double hist_sum;
    long open_streams;
    uint64_t redacted, redact_dropped;
};

int sw_gw_metrics_new(sw_gw_metrics **out)
{
    sw_gw_metrics *m = calloc(1, sizeof *m);
    if (!m)
        return SW_ENOMEM;
    pthread_mutex_init(&m->lock, NULL);
    *out = m;
    return SW_OK;
}

void sw_gw_metrics_free(sw_gw_metrics *m)
{
    if (!m)
        return;
    pthread_mutex_destroy(&m->lock);
    free(m);
}

void sw_gw_metrics_request(sw_gw_metrics *m, int status, const char *tier, const char *verdict, double seconds)
{
    if (!tier || !*tier)
        tier = "none";
    if (!verdict || !*verdict)
        verdict = "none";
    pthread_mutex_lock(&m->lock);
    size_t i;
    for (i = 0; i < m->n; i++)
        if (m->s[i].status == status && !strcmp(m->s[i].tier, tier) && !strcmp(m->s[i].verdict, verdict))
            break;
    if (i == m->n && m->n < MAX_SERIES) {
        series *s = &m->s[m->n++];
        s->status = status;
        snprintf(s->tier, sizeof s->tier, "%s", tier);
        snprintf(s->verdict, sizeof s->verdict, "%s", verdict);
    }
    if (i < m->n)
        m->s[i].count++;
    else
        m->overflow++;
    for (int b = 0; b < NBUCKETS; b++)
        if (seconds <= bucket_le[b])
            m->buckets[b]++;
    m->hist_count++;
    m->hist_sum += seconds;
    pthread_mutex_unlock(&m->lock);
}

void sw_gw_metrics_streams(sw_gw_metrics *m, int delta)
{
    pthread_mutex_lock(&m->lock);
    m->open_streams += delta;
    pthread_mutex_unlock(&m->lock);
}

void sw_gw_metrics_redacted(sw_gw_metrics *m, uint64_t responses, uint64_t oversized_events)
{
    pthread_mutex_lock(&m->lock);
    m->redacted += responses;
    m->redact_dropped += oversized_events;
    pthread_mutex_unlock(&m->lock);
}

void sw_gw_metrics_render(sw_gw_metrics *m, const sw_gw_detector_stats *d, sw_buf *b)
{
    pthread_mutex_lock(&m->lock);
    sw_buf_puts(b, "# HELP stillwatch_requests_total Requests answered, by status, tier and detector verdict.\n"
                   "# TYPE stillwatch_requests_total counter\n");
    for (size_t i = 0; i < m->n; i++)
        sw_buf_printf(b, "stillwatch_requests_total{status=\"%d\",tier=\"%s\",verdict=\"%s\"} %llu\n", m->s[i].status,
                      m->s[i].tier, m->s[i].verdict, (unsigned long long)m->s[i].count);
    if (m->overflow)
        sw_buf_printf(b, "stillwatch_requests_total{status=\"other\",tier=\"other\",verdict=\"other\"} %llu\n",
                      (unsigned long long)m->overflow);
    sw_buf_puts(b, "# HELP stillwatch_request_duration_seconds Time from request to last byte.\n"
                   "# TYPE stillwatch_request_duration_seconds histogram\n");
    for (int i = 0; i < NBUCKETS; i++)
        sw_buf_printf(b, "stillwatch_request_duration_seconds_bucket{le=\"%g\"} %llu\n", bucket_le[i],
                      (unsigned long long)m->buckets[i]);
    sw_buf_printf(b, "stillwatch_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n",
                  (unsigned long long)m->hist_count);
    sw_buf_printf(b, "stillwatch_request_duration_seconds_sum %.6f\n", m->hist_sum);
    sw_buf_printf(b, "stillwatch_request_duration_seconds_count %llu\n", (unsigned long long)m->hist_count);
    sw_buf_printf(b, "# HELP stillwatch_open_streams Exchanges in flight to the model servers.\n"
                     "# TYPE stillwatch_open_streams gauge\nstillwatch_open_streams %ld\n",
                  m->open_streams);
    sw_buf_printf(b, "# HELP stillwatch_redacted_responses_total Responses whose reasoning was withheld from the client.\n"
                     "# TYPE stillwatch_redacted_responses_total counter\nstillwatch_redacted_responses_total %llu\n",
                  (unsigned long long)m->redacted);
    sw_buf_printf(b, "# HELP stillwatch_redact_dropped_events_total Stream events withheld for being too large to redact.\n"
                     "# TYPE stillwatch_redact_dropped_events_total counter\nstillwatch_redact_dropped_events_total %llu\n",
                  (unsigned long long)m->redact_dropped);
    pthread_mutex_unlock(&m->lock);
    if (!d)
        return;
    sw_buf_printf(b, "# HELP stillwatch_detector_events_total Events fed to the online detector.\n"
                     "# TYPE stillwatch_detector_events_total counter\nstillwatch_detector_events_total %llu\n",
                  (unsigned long long)d->events);
    sw_buf_printf(b, "# HELP stillwatch_detector_accounts Accounts the detector has seen in traffic.\n"
                     "# TYPE stillwatch_detector_accounts gauge\nstillwatch_detector_accounts %llu\n",
                  (unsigned long long)d->accounts);
    sw_buf_printf(b, "# HELP stillwatch_detector_flagged_accounts Accounts flagged (throttle, challenge or block) since start.\n"
                     "# TYPE stillwatch_detector_flagged_accounts gauge\nstillwatch_detector_flagged_accounts %llu\n",
                  (unsigned long long)d->flagged);
    sw_buf_printf(b, "# HELP stillwatch_traffic_log_lines_total Lines written to the traffic log.\n"
                     "# TYPE stillwatch_traffic_log_lines_total counter\nstillwatch_traffic_log_lines_total %llu\n",
                  (unsigned long long)d->lines);
    sw_buf_printf(b, "# HELP stillwatch_traffic_log_write_errors_total Lines the traffic log failed to take.\n"
                     "# TYPE stillwatch_traffic_log_write_errors_total counter\n"
                     "stillwatch_traffic_log_write_errors_total %llu\n",
                  (unsigned long long)d->write_errors);
}
