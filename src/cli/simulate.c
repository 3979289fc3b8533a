/*
 * simulate.c — `stillwatch simulate`: argument parsing and printing around
 * sw_sim_write_dir() (src/sim/sim.h).
 *
 *   stillwatch simulate --out DIR [--seed N] [--scale F] [--days D]
 *                       [--start RFC3339] [--stats]
 *
 * Prints one summary line to stdout; --stats adds a per-population table on
 * stderr (so the stdout line stays machine-readable). Bad arguments: a
 * message on stderr and exit status 2.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/commands.h"
#include "core/error.h"
#include "core/time.h"
#include "sim/sim.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: stillwatch simulate --out DIR [--seed N] [--scale F] [--days D] [--start RFC3339] [--stats]\n"
            "\n"
            "Writes labelled synthetic traffic: DIR/events.jsonl, DIR/accounts.jsonl, DIR/labels.json.\n"
            "  --out DIR        output directory (created if missing)\n"
            "  --seed N         random seed, unsigned integer (default 1)\n"
            "  --scale F        multiplies the accounts of every population, 0 < F <= 100 (default 1.0)\n"
            "  --days D         simulated days, 1..60 (default 7)\n"
            "  --start TIME     start of the span (default 2026-11-02T00:00:00.000Z)\n"
            "  --stats          print accounts and events per population on stderr\n");
}

static int bad(const char *msg, const char *arg)
{
    fprintf(stderr, "stillwatch simulate: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
    fprintf(stderr, "usage: stillwatch simulate --out DIR [--seed N] [--scale F] [--days D] [--start RFC3339] "
                    "[--stats]\n(--help for details)\n");
    return 2;
}

static bool parse_u64(const char *s, uint64_t *out)
{
    char *end;
    if (!*s || *s == '-')
        return false;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end)
        return false;
    *out = (uint64_t)v;
    return true;
}

static bool parse_double(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end)
        return false;
    *out = v;
    return true;
}

static bool parse_int(const char *s, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < -1000000 || v > 1000000)
        return false;
    *out = (int)v;
    return true;
}

static void print_stats(const sw_sim_stats *st)
{
    fprintf(stderr, "%-24s %9s %11s\n", "population", "accounts", "events");
    for (int i = 0; i < st->npops; i++)
        fprintf(stderr, "%-24s %9u %11llu\n", st->pops[i].label, st->pops[i].accounts,
                (unsigned long long)st->pops[i].events);
}

int sw_cmd_simulate(int argc, char **argv)
{
    sw_sim_config cfg;
    sw_sim_config_default(&cfg);
    const char *out = NULL;
    bool stats = false;
    for (int i = 1; i < argc; i++) {
        const char *opt = argv[i];
        if (!strcmp(opt, "--help") || !strcmp(opt, "-h")) {
            usage(stdout);
            return 0;
        }
        if (!strcmp(opt, "--stats")) {
            stats = true;
            continue;
        }
        bool known = !strcmp(opt, "--out") || !strcmp(opt, "--seed") || !strcmp(opt, "--scale") ||
                     !strcmp(opt, "--days") || !strcmp(opt, "--start");
        if (!known)
            return bad("unknown option", opt);
        if (i + 1 >= argc)
            return bad("missing value for", opt);
        const char *val = argv[++i];
        if (!strcmp(opt, "--out")) {
            if (!*val)
                return bad("empty --out", NULL);
            out = val;
        } else if (!strcmp(opt, "--seed")) {
            if (!parse_u64(val, &cfg.seed))
                return bad("--seed wants an unsigned integer", val);
        } else if (!strcmp(opt, "--scale")) {
            if (!parse_double(val, &cfg.scale) || !(cfg.scale > 0 && cfg.scale <= 100))
                return bad("--scale wants a number in (0, 100]", val);
        } else if (!strcmp(opt, "--days")) {
            if (!parse_int(val, &cfg.days) || cfg.days < 1 || cfg.days > 60)
                return bad("--days wants an integer in [1, 60]", val);
        } else {
            if (sw_time_parse(val, strlen(val), &cfg.start_ms) != SW_OK)
                return bad("--start wants an RFC 3339 time", val);
        }
    }
    if (!out)
        return bad("--out DIR is required", NULL);
    if (sw_sim_config_check(&cfg) != SW_OK)
        return bad("configuration out of range", NULL);

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    sw_sim_stats st;
    char err[512];
    int rc = sw_sim_write_dir(&cfg, out, &st, err, sizeof err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (rc != SW_OK) {
        fprintf(stderr, "stillwatch simulate: %s\n", err[0] ? err : sw_strerror(rc));
        return 1;
    }
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("simulated %llu accounts, %llu events, %llu bytes (events %llu) in %s in %.2f s\n",
           (unsigned long long)st.accounts, (unsigned long long)st.events, (unsigned long long)st.bytes,
           (unsigned long long)st.event_bytes, out, secs);
    if (stats)
        print_stats(&st);
    return 0;
}
