/*
 * sim.h — labelled synthetic API traffic for tests, demos and benchmarks.
 *
 * The simulator writes what a provider's gateway would have logged over a
 * few days (spec/traffic-log.md): events.jsonl in time order, accounts.jsonl,
 * and labels.json, which maps every account to the population it was drawn
 * from ("legit:individual", "attack:hydra", ...). Only labels.json knows the
 * truth: ids, keys, request ids and user agents are opaque and shared across
 * populations, so a detector has to earn its verdicts from behaviour.
 *
 * Output is a pure function of the configuration: the same seed, scale, days
 * and start give byte-identical files on the same platform. Memory grows with
 * the number of events (about 24 bytes each for the schedule), never with the
 * text written: every event's body is rendered from its own seed while the
 * file is being written.
 */
#ifndef SW_SIM_H
#define SW_SIM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define SW_SIM_MAXPOPS 16

typedef struct sw_sim_config {
    uint64_t seed;    /* PRNG seed; default 1 */
    double scale;     /* multiplies the number of accounts of every population */
    int days;         /* length of the simulated span */
    int64_t start_ms; /* start of the span, ms since the epoch (UTC) */
} sw_sim_config;

typedef struct sw_sim_popstat {
    const char *label; /* "legit:individual", ... (static storage) */
    uint32_t accounts;
    uint64_t events;
} sw_sim_popstat;

typedef struct sw_sim_stats {
    uint64_t accounts;
    uint64_t events;
    uint64_t bytes; /* all three files together */
    uint64_t event_bytes;
    int npops;
    sw_sim_popstat pops[SW_SIM_MAXPOPS];
} sw_sim_stats;

/* Defaults: seed 1, scale 1.0, 7 days from 2026-11-02T00:00:00.000Z. */
void sw_sim_config_default(sw_sim_config *cfg);

/* Checks ranges (scale in (0, 100], days in [1, 60]); SW_OK or SW_EINVAL. */
int sw_sim_config_check(const sw_sim_config *cfg);

/* Simulates and writes the three files to the given streams. stats may be
 * NULL. Returns SW_OK, SW_EINVAL, SW_ENOMEM or SW_EIO. */
int sw_sim_write(const sw_sim_config *cfg, FILE *events, FILE *accounts, FILE *labels,
                 sw_sim_stats *stats);

/* The same into dir/events.jsonl, dir/accounts.jsonl and dir/labels.json,
 * creating dir (and missing parents) if needed. On failure a reason goes to
 * err. */
int sw_sim_write_dir(const sw_sim_config *cfg, const char *dir, sw_sim_stats *stats, char *err,
                     size_t errlen);

/* Expands every phrase-bank entry a few times and counts templates that name
 * an unknown slot or have unbalanced brackets; 0 means the banks are sound.
 * For the unit tests. */
int sw_sim_text_selfcheck(void);

#endif
