/*
 * scan.c — `stillwatch scan`: the detector over traffic logs.
 *
 *   stillwatch scan --events F|- [--accounts F] --out F [--config F]
 *                   [--set name=value]... [--quiet] [--print-config]
 *
 * Reads the accounts file first (profiles), then streams the events through
 * one engine in file order, writes verdicts.jsonl and prints a summary for
 * an analyst. Malformed lines are reported as file:line: reason (the first
 * 50 of each file, then only counted), skipped and counted; they never stop
 * the scan. Progress goes to stderr when stderr is a terminal.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/detect_settings.h"
#include "cli/opts.h"
#include "core/account.h"
#include "core/error.h"
#include "core/event.h"
#include "core/lines.h"
#include "core/time.h"
#include "detect/engine.h"
#include "detect/features.h"
#include "detect/verdict_json.h"

#define MAX_REPORTED_ERRORS 50

static void trace_event(void *ctx, const sw_event *ev, const sw_event_facts *f, double score)
{
    (void)ctx;
    char ts[SW_TIME_BUFSZ];
    sw_time_format(ev->ts_ms, ts);
    fprintf(stderr, "trace %s %s score=%.3f signals=%#x categories=%#x elicits=%d long=%d extraction=%d "
                    "homework=%d frame=%016llx hosting=%d max_tokens=%lld prompt=\"%.80s\"\n",
            ts, ev->account, score, f->signals, f->categories, f->elicits, f->long_answer, f->extraction,
            f->homework, (unsigned long long)f->frame, f->hosting, (long long)ev->max_tokens, ev->prompt);
}

static void usage(FILE *f)
{
    fprintf(f, "usage: stillwatch scan --events FILE|- [--accounts FILE] --out FILE\n"
               "                       [--config FILE] [--set name=value]... [--quiet] [--print-config]\n"
               "                       [--trace ACCOUNT]\n"
               "\n"
               "Runs the detector over a traffic log (spec v1) in time order and writes one\n"
               "verdict per account to --out. --config reads 'name = value' lines; --set\n"
               "overrides one setting; --print-config lists every setting with its default.\n"
               "--trace prints, for every event of one account, what the detector saw in it.\n");
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int read_accounts(sw_engine *e, const char *path, uint64_t *bad)
{
    sw_lines in;
    if (sw_lines_open(&in, path) != SW_OK) {
        fprintf(stderr, "stillwatch scan: cannot open %s: %s\n", path, strerror(errno));
        return 1;
    }
    const char *line;
    size_t len;
    int rc;
    while ((rc = sw_lines_next(&in, &line, &len)) == SW_OK) {
        if (len == 0)
            continue;
        sw_account_info info;
        char err[200];
        if (sw_account_parse(line, len, &info, err, sizeof err) != SW_OK) {
            if (++*bad <= MAX_REPORTED_ERRORS)
                fprintf(stderr, "%s:%llu: %s\n", sw_lines_display_name(&in), (unsigned long long)in.lineno, err);
            continue;
        }
        if (sw_engine_add_account(e, &info) != SW_OK) {
            fprintf(stderr, "stillwatch scan: out of memory\n");
            sw_lines_close(&in);
            return 1;
        }
    }
    if (rc == SW_EIO)
        fprintf(stderr, "%s: read error: %s\n", sw_lines_display_name(&in), strerror(errno));
    sw_lines_close(&in);
    return rc == SW_EIO;
}

static void progress(const sw_lines *in, uint64_t events, double t0, bool final)
{
    double dt = now_s() - t0;
    if (in->total_bytes > 0)
        fprintf(stderr, "\r%llu events  %.0f events/s  %5.1f%% of %s ",
                (unsigned long long)events, dt > 0 ? events / dt : 0,
                100.0 * (double)in->bytes / (double)in->total_bytes, sw_lines_display_name(in));
    else
        fprintf(stderr, "\r%llu events  %.0f events/s  %.1f MB read ", (unsigned long long)events,
                dt > 0 ? events / dt : 0, (double)in->bytes / 1e6);
    if (final)
        fputc('\n', stderr);
}

typedef struct {
    uint64_t events, bad;
    double seconds;
} scan_totals;

static int read_events(sw_engine *e, const char *path, bool show_progress, scan_totals *tot)
{
    sw_lines in;
    if (sw_lines_open(&in, path) != SW_OK) {
        fprintf(stderr, "stillwatch scan: cannot open %s: %s\n", path, strerror(errno));
        return 1;
    }
    sw_event_parser *parser;
    if (sw_event_parser_new(&parser) != SW_OK) {
        sw_lines_close(&in);
        return 1;
    }
    double t0 = now_s(), last = t0;
    const char *line;
    size_t len;
    int rc, status = 0;
    while ((rc = sw_lines_next(&in, &line, &len)) == SW_OK) {
        if (len == 0)
            continue; /* blank lines are not records */
        sw_event ev;
        char err[200];
        if (sw_event_parse(parser, line, len, &ev, err, sizeof err) != SW_OK) {
            if (++tot->bad <= MAX_REPORTED_ERRORS)
                fprintf(stderr, "%s:%llu: %s\n", sw_lines_display_name(&in), (unsigned long long)in.lineno, err);
            else if (tot->bad == MAX_REPORTED_ERRORS + 1)
                fprintf(stderr, "%s: further malformed lines are counted, not shown\n", sw_lines_display_name(&in));
            continue;
        }
        if (sw_engine_feed(e, &ev, NULL) != SW_OK) {
            fprintf(stderr, "stillwatch scan: out of memory at %s:%llu\n", sw_lines_display_name(&in),
                    (unsigned long long)in.lineno);
            status = 1;
            break;
        }
        tot->events++;
        if (show_progress && (tot->events & 0x3fff) == 0 && now_s() - last > 0.5) {
            last = now_s();
            progress(&in, tot->events, t0, false);
        }
    }
    if (rc == SW_EIO) {
        fprintf(stderr, "%s: read error after line %llu: %s\n", sw_lines_display_name(&in),
                (unsigned long long)in.lineno, strerror(errno));
        status = 1;
    }
    if (show_progress)
        progress(&in, tot->events, t0, true);
    tot->seconds = now_s() - t0;
    sw_event_parser_free(parser);
    sw_lines_close(&in);
    return status;
}

/* ---- the analyst's summary ---- */

typedef struct {
    const char *id;
    uint32_t accounts, flagged;
    uint64_t events;
    int64_t first_flagged;
    const char *top_signal[3];
    char example[SW_DETAIL_LEN];
    double best;
    int signal_votes[3];
} cluster_row;

static cluster_row *find_cluster(cluster_row *rows, size_t *n, const char *id)
{
    for (size_t i = 0; i < *n; i++)
        if (!strcmp(rows[i].id, id))
            return &rows[i];
    cluster_row *r = &rows[(*n)++];
    memset(r, 0, sizeof *r);
    r->id = id;
    r->first_flagged = -1;
    return r;
}

static void vote(cluster_row *r, const char *signal)
{
    for (int k = 0; k < 3; k++) {
        if (r->top_signal[k] && !strcmp(r->top_signal[k], signal)) {
            r->signal_votes[k]++;
            return;
        }
        if (!r->top_signal[k]) {
            r->top_signal[k] = signal;
            r->signal_votes[k] = 1;
            return;
        }
    }
}

/* Flagged clusters first, then by volume: what an analyst acts on comes first. */
static int by_flagged_then_events(const void *x, const void *y)
{
    const cluster_row *a = x, *b = y;
    if ((a->flagged > 0) != (b->flagged > 0))
        return a->flagged > 0 ? -1 : 1;
    return a->events < b->events ? 1 : a->events > b->events ? -1 : 0;
}

static void summary(sw_verdict *v, size_t n, const scan_totals *tot, const sw_engine_stats *st)
{
    uint64_t counts[SW_BLOCK + 1] = {0};
    size_t flagged = 0;
    for (size_t i = 0; i < n; i++) {
        counts[v[i].action]++;
        flagged += sw_action_flagged(v[i].action);
    }
    printf("stillwatch scan: %llu events from %zu accounts in %.1f s (%.0f events/s)",
           (unsigned long long)tot->events, n, tot->seconds, tot->seconds > 0 ? tot->events / tot->seconds : 0);
    if (tot->bad)
        printf(", %llu malformed lines skipped", (unsigned long long)tot->bad);
    if (st->out_of_order)
        printf(", %llu events out of time order", (unsigned long long)st->out_of_order);
    printf("\nverdicts: allow %llu, monitor %llu, throttle %llu, challenge %llu, block %llu (%zu flagged)\n",
           (unsigned long long)counts[SW_ALLOW], (unsigned long long)counts[SW_MONITOR],
           (unsigned long long)counts[SW_THROTTLE], (unsigned long long)counts[SW_CHALLENGE],
           (unsigned long long)counts[SW_BLOCK], flagged);

    cluster_row *rows = calloc(n ? n : 1, sizeof *rows);
    size_t nrows = 0;
    if (!rows)
        return;
    for (size_t i = 0; i < n; i++) {
        if (!v[i].cluster[0])
            continue;
        cluster_row *r = find_cluster(rows, &nrows, v[i].cluster);
        r->accounts++;
        r->events += v[i].events;
        if (sw_action_flagged(v[i].action))
            r->flagged++;
        if (v[i].first_flagged_ms >= 0 && (r->first_flagged < 0 || v[i].first_flagged_ms < r->first_flagged))
            r->first_flagged = v[i].first_flagged_ms;
        for (int k = 0; k < v[i].nreasons && k < 3; k++)
            vote(r, v[i].reasons[k].signal);
        if (v[i].nreasons && v[i].score > r->best) {
            r->best = v[i].score;
            for (int k = 0; k < v[i].nreasons; k++)
                if (!strcmp(v[i].reasons[k].signal, "coordinated_cluster"))
                    snprintf(r->example, sizeof r->example, "%s", v[i].reasons[k].detail);
        }
    }
    qsort(rows, nrows, sizeof *rows, by_flagged_then_events);
    /* linked accounts that nothing flags (two people on one family card) are
     * in the verdicts file; the summary lists what an analyst acts on */
    size_t nflagged_rows = 0;
    while (nflagged_rows < nrows && rows[nflagged_rows].flagged > 0)
        nflagged_rows++;
    printf("\nclusters of coordinated accounts with flagged members: %zu (%zu more linked, none flagged)\n",
           nflagged_rows, nrows - nflagged_rows);
    if (!nflagged_rows)
        printf("  none\n");
    for (size_t i = 0; i < nflagged_rows && i < 20; i++) {
        cluster_row *r = &rows[i];
        char ts[SW_TIME_BUFSZ] = "never";
        if (r->first_flagged >= 0)
            sw_time_format(r->first_flagged, ts);
        printf("  %s  %u accounts (%u flagged)  %llu requests  flagged since %s\n", r->id, r->accounts, r->flagged,
               (unsigned long long)r->events, ts);
        if (r->example[0])
            printf("      %s\n", r->example);
        printf("      strongest signals:");
        for (int k = 0; k < 3 && r->top_signal[k]; k++)
            printf(" %s (%d accounts)%s", r->top_signal[k], r->signal_votes[k], k < 2 && r->top_signal[k + 1] ? "," : "");
        printf("\n");
    }
    if (nflagged_rows > 20)
        printf("  … %zu more in the verdicts file\n", nflagged_rows - 20);

    size_t shown = 0;
    printf("\nflagged accounts outside clusters:\n");
    for (size_t i = 0; i < n && shown < 15; i++) {
        if (v[i].cluster[0] || !sw_action_flagged(v[i].action))
            continue;
        printf("  %-22s %-9s %.2f  %u requests", v[i].account, sw_action_name(v[i].action), v[i].score, v[i].events);
        if (v[i].nreasons)
            printf("  %s: %s", v[i].reasons[0].signal, v[i].reasons[0].detail);
        printf("\n");
        shown++;
    }
    if (!shown)
        printf("  none\n");
    printf("\ndetector memory: %.1f MB in fixed-size evidence tables, %.1f MB for %zu accounts (%.0f bytes each)\n",
           (double)(st->bytes - st->account_bytes) / 1e6, (double)st->account_bytes / 1e6, n,
           n ? (double)st->account_bytes / (double)n : 0.0);
    if (st->memo_lookups)
        printf("prompt memo: facts of %.1f%% of new prompts reused (%llu of %llu)\n",
               100.0 * (double)st->memo_hits / (double)st->memo_lookups, (unsigned long long)st->memo_hits,
               (unsigned long long)st->memo_lookups);
    free(rows);
}

int sw_cmd_scan(int argc, char **argv)
{
    const char *events = NULL, *accounts = NULL, *out = NULL, *config = NULL, *trace = NULL;
    bool quiet = false, print_config = false, bad = false;
    sw_detect_config cfg;
    sw_detect_config_defaults(&cfg);
    const char *sets[64];
    int nsets = 0;
    for (int i = 1; i < argc && !bad; i++) {
        const char *v;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(argv[i], "--quiet")) {
            quiet = true;
        } else if (!strcmp(argv[i], "--print-config")) {
            print_config = true;
        } else if (sw_opt_value(argc, argv, &i, "--events", &v, &bad)) {
            events = v;
        } else if (sw_opt_value(argc, argv, &i, "--accounts", &v, &bad)) {
            accounts = v;
        } else if (sw_opt_value(argc, argv, &i, "--out", &v, &bad)) {
            out = v;
        } else if (sw_opt_value(argc, argv, &i, "--trace", &v, &bad)) {
            trace = v;
        } else if (sw_opt_value(argc, argv, &i, "--config", &v, &bad)) {
            config = v;
        } else if (sw_opt_value(argc, argv, &i, "--set", &v, &bad)) {
            if (nsets < 64)
                sets[nsets++] = v;
        } else {
            fprintf(stderr, "stillwatch scan: unknown option '%s'\n", argv[i]);
            bad = true;
        }
    }
    if (bad)
        return 2;
    if (config && sw_cli_settings_file(&cfg, "scan", config))
        return 2;
    for (int i = 0; i < nsets; i++)
        if (sw_cli_settings_set(&cfg, "scan", sets[i]))
            return 2;
    if (print_config) {
        sw_cli_settings_print(&cfg, stdout);
        return 0;
    }
    if (!events || !out) {
        usage(stderr);
        return 2;
    }

    char err[256];
    sw_engine *e;
    if (sw_engine_new(&cfg, &e, err, sizeof err) != SW_OK) {
        fprintf(stderr, "stillwatch scan: %s\n", err);
        return 2;
    }
    if (trace)
        sw_engine_set_trace(e, trace, trace_event, NULL);
    scan_totals tot = {0, 0, 0};
    int status = 0;
    if (accounts)
        status = read_accounts(e, accounts, &tot.bad);
    if (!status)
        status = read_events(e, events, !quiet && isatty(2), &tot);

    FILE *f = status ? NULL : fopen(out, "w");
    if (!status && !f) {
        fprintf(stderr, "stillwatch scan: cannot write %s: %s\n", out, strerror(errno));
        status = 1;
    }
    size_t n = sw_engine_account_count(e);
    sw_verdict *verdicts = status ? NULL : calloc(n ? n : 1, sizeof *verdicts);
    if (!status && !verdicts) {
        fprintf(stderr, "stillwatch scan: out of memory\n");
        status = 1;
    }
    if (!status) {
        sw_buf b;
        sw_buf_init(&b);
        for (size_t i = 0; i < n; i++) {
            sw_engine_verdict(e, i, &verdicts[i]);
            sw_verdict_to_json(&verdicts[i], &b);
            if (b.len > (1 << 20)) {
                if (sw_buf_write(&b, f) != SW_OK)
                    status = 1;
                sw_buf_reset(&b);
            }
        }
        if (sw_buf_write(&b, f) != SW_OK)
            status = 1;
        sw_buf_free(&b);
        if (fclose(f) != 0 || status) {
            fprintf(stderr, "stillwatch scan: write to %s failed\n", out);
            status = 1;
        }
        if (!status && !quiet) {
            sw_engine_stats st;
            sw_engine_stats_get(e, &st);
            summary(verdicts, n, &tot, &st);
        }
    }
    free(verdicts);
    sw_engine_free(e);
    return status;
}
