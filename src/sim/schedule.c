/*
 * schedule.c — when each account sends its requests.
 *
 * Every population has a small generator that appends (time, account,
 * seed, aux) entries; sim.c sorts them afterwards, so generators work
 * account by account and need no shared clock. The shapes, per population:
 *
 *   people (individual, student): active on a share of days, fewer on
 *     weekends; each active day a Poisson number of requests grouped into
 *     conversations whose start follows a local-time diurnal curve shifted
 *     by the person's chronotype; turns a minute or two apart;
 *   coding agents: work sessions on workdays, each a run of agent
 *     conversations whose steps are seconds apart (model latency plus tool
 *     execution), minutes between tasks;
 *   eval jobs: benchmark runs of the same question set, 1-4 hours, several
 *     models interleaved, one run right after atlas-4 is released;
 *   batch pipelines: near-periodic around the clock, or hourly bursts,
 *     with a few maintenance gaps;
 *   app backends, campus accounts, resellers: many end users, i.e. a
 *     time-varying Poisson stream of short conversations;
 *   researchers: one experiment of scripted batches over one or two days;
 *   hydra: one farm-wide stream at a nearly constant rate, dealt
 *     round-robin to the accounts active at that moment;
 *   slow sweeps: a few requests a day, each the next step of the account's
 *     walk through the skill taxonomy;
 *   scrapers: hours at a constant high rate;
 *   pivot: a modest baseline, then a spike on atlas-4 within hours of its
 *     release.
 */
#include <math.h>
#include <stdlib.h>

#include "core/error.h"
#include "core/time.h"
#include "sim/simint.h"

/* Local-hour weights (0h..23h). */
static const double curve_human[24] = {1.2, 0.6, 0.35, 0.2, 0.15, 0.2, 0.5, 1.2, 2.2, 3.0, 3.3, 3.4,
                                       3.2, 3.1, 3.1, 3.2, 3.3, 3.5, 3.7, 4.0, 4.2, 4.0, 3.2, 2.2};
static const double curve_student[24] = {2.0, 1.2, 0.6, 0.3, 0.15, 0.1, 0.2, 0.5, 1.0, 1.6, 2.0, 2.2,
                                         2.3, 2.6, 3.0, 3.3, 3.5, 3.4, 3.4, 3.8, 4.3, 4.6, 4.2, 3.2};
static const double curve_work[24] = {0.05, 0.02, 0.02, 0.02, 0.02, 0.05, 0.2, 0.8, 2.5, 4.0, 4.5, 4.2,
                                      2.8, 3.8, 4.4, 4.3, 4.0, 3.2, 1.8, 1.0, 0.8, 0.7, 0.5, 0.2};
static const double curve_campus[24] = {0.3, 0.15, 0.1, 0.05, 0.05, 0.1, 0.3, 0.9, 2.2, 3.5, 4.0, 4.0,
                                        3.4, 3.8, 4.0, 3.9, 3.6, 3.0, 2.2, 1.8, 1.6, 1.4, 1.0, 0.6};

void sim_sched_add(sim_world *w, uint32_t acct, int64_t ts, uint64_t seed, uint32_t aux)
{
    if (ts < w->t0 || ts >= w->t1 || ts < w->acct[acct].created || w->oom)
        return;
    if (w->nev == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 65536;
        sim_sched *p = realloc(w->ev, cap * sizeof *p);
        if (!p) {
            w->oom = true;
            return;
        }
        w->ev = p;
        w->cap = cap;
    }
    sim_sched *e = &w->ev[w->nev++];
    e->ts = ts;
    e->seed = seed;
    e->acct = acct;
    e->aux = aux;
}

/* ---------------------------------------------------------------- helpers --- */

static int64_t gap_ms(sim_rng *r, double median_s, double sigma)
{
    return (int64_t)(sim_rng_lognormal(r, median_s, sigma) * 1000.0) + 1;
}

static int64_t floor_div(int64_t a, int64_t b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* Local days overlapping the span, as [first, last] day numbers. */
static void local_days(const sim_world *w, int tz_min, int64_t *first, int64_t *last)
{
    int64_t off = (int64_t)tz_min * SW_MS_PER_MIN;
    *first = floor_div(w->t0 + off, SW_MS_PER_DAY);
    *last = floor_div(w->t1 - 1 + off, SW_MS_PER_DAY);
}

static int64_t day_start_utc(int64_t day, int tz_min)
{
    return day * SW_MS_PER_DAY - (int64_t)tz_min * SW_MS_PER_MIN;
}

/* 0 = Sunday ... 6 = Saturday (1970-01-01 was a Thursday). */
static int day_of_week(int64_t day)
{
    return (int)(((day % 7) + 7 + 4) % 7);
}

static bool weekend(int64_t day)
{
    int d = day_of_week(day);
    return d == 0 || d == 6;
}

/* A moment of the local day drawn from a diurnal curve, the curve moved
 * later by shift hours. */
static int64_t time_in_day(sim_rng *r, const double *curve, int shift)
{
    double w[24];
    for (int h = 0; h < 24; h++)
        w[h] = curve[((h - shift) % 24 + 24) % 24];
    int hour = sim_rng_weighted(r, w, 24);
    return (int64_t)hour * SW_MS_PER_HOUR + (int64_t)sim_rng_below(r, (uint32_t)SW_MS_PER_HOUR);
}

static int conv_turns(sim_rng *r, double p_more, int max)
{
    int t = 1;
    while (t < max && sim_rng_chance(r, p_more))
        t++;
    return t;
}

/* One conversation: turns gap-apart, all sharing a conversation seed.
 * Returns the time after the last turn. */
static int64_t emit_conv(sim_world *w, uint32_t ai, sim_rng *r, int64_t t, int turns, uint32_t kind,
                         double gap_s, double sigma)
{
    uint64_t cs = sim_rng_u64(r);
    for (int j = 0; j < turns; j++) {
        uint32_t aux = AUX(j, kind) | (j == turns - 1 ? AUX_LAST : 0);
        sim_sched_add(w, ai, t, cs, aux);
        t += gap_ms(r, gap_s, sigma);
    }
    return t;
}

/* ------------------------------------------------------------------ people --- */

static void sched_person(sim_world *w, uint32_t ai, sim_rng *r, const double *curve, bool student)
{
    const sim_account *a = &w->acct[ai];
    int64_t d0, d1;
    local_days(w, a->tz, &d0, &d1);
    int deadline = (int)(sw_mix64((uint64_t)a->group * 131 + (uint64_t)a->sub) % 5) + 1; /* Mon-Fri */
    for (int64_t d = d0; d <= d1; d++) {
        int dow = day_of_week(d);
        double p = a->act;
        if (student)
            p *= dow == 6 ? 0.5 : dow == 0 ? 0.9 : (dow == deadline - 1 || dow == deadline) ? 1.15 : 1.0;
        else if (weekend(d))
            p *= 0.75;
        if (!sim_rng_chance(r, p > 1 ? 1 : p))
            continue;
        double mean = a->rate * sim_rng_lognormal(r, 1.0, 0.45);
        if (student && dow == (deadline + 6) % 7)
            mean *= 1.8; /* the evening before the deadline */
        int n = sim_rng_poisson(r, mean);
        while (n > 0) {
            int turns = conv_turns(r, student ? 0.45 : 0.42, 8);
            int64_t start = day_start_utc(d, a->tz) + time_in_day(r, curve, (int)a->shift - 2);
            emit_conv(w, ai, r, start, turns, 0, student ? 100 : 70, 0.8);
            n -= turns;
        }
    }
}

/* ------------------------------------------------------------ coding agents --- */

static void sched_coding(sim_world *w, uint32_t ai, sim_rng *r)
{
    const sim_account *a = &w->acct[ai];
    int64_t d0, d1;
    local_days(w, a->tz, &d0, &d1);
    for (int64_t d = d0; d <= d1; d++) {
        int sessions;
        if (weekend(d))
            sessions = sim_rng_chance(r, 0.12) ? 1 : 0;
        else
            sessions = sim_rng_chance(r, a->act) ? 1 + sim_rng_poisson(r, a->rate - 1) : 0;
        int64_t day0 = day_start_utc(d, a->tz);
        for (int s = 0; s < sessions; s++) {
            int64_t t = day0 + time_in_day(r, curve_work, (int)a->shift - 1);
            int64_t stop = day0 + 23 * SW_MS_PER_HOUR;
            int budget = (int)fmin(300, fmax(20, sim_rng_lognormal(r, 36, 0.8)));
            while (budget > 0 && t < stop) {
                int steps = (int)fmin(60, fmax(3, sim_rng_lognormal(r, 11, 0.6)));
                if (steps > budget + 3)
                    steps = budget + 3;
                t = emit_conv(w, ai, r, t, steps, 0, 9, 0.6);
                budget -= steps;
                t += gap_ms(r, 180, 0.9); /* the developer reads, tests, thinks */
            }
        }
    }
}

/* --------------------------------------------------------------- eval jobs --- */

/* aux for eval: question in the low 16 bits, model in kind bits 0-2, run
 * in kind bits 3-4. The conversation seed is the account's question-set
 * seed, so every run asks the same questions. */
static void eval_run(sim_world *w, uint32_t ai, sim_rng *r, int64_t start, int run, bool release_run)
{
    const sim_account *a = &w->acct[ai];
    int models[5], nm = 0;
    bool after = start >= w->release4;
    if (release_run) {
        models[nm++] = M_ATLAS4;
        models[nm++] = M_ATLAS3;
        if (sim_rng_chance(r, 0.3))
            models[nm++] = M_ATLAS3_REASONING;
    } else {
        models[nm++] = M_ATLAS3;
        if (sim_rng_chance(r, 0.3))
            models[nm++] = M_ATLAS3_MINI;
        if (sim_rng_chance(r, 0.25))
            models[nm++] = M_ATLAS3_REASONING;
        if (sim_rng_chance(r, 0.08))
            models[nm++] = M_ATLAS2;
        if (after && sim_rng_chance(r, 0.6))
            models[nm++] = M_ATLAS4;
    }
    int q = a->param;
    if (!release_run && sim_rng_chance(r, 0.3))
        q = q / 2; /* a quick subset run */
    int64_t dur = (int64_t)(sim_rng_uniform(r, 1.0, 4.0) * (double)SW_MS_PER_HOUR);
    double slot = (double)dur / ((double)q * nm);
    uint64_t set_seed = sim_mix(a->seed, 0x5e7ULL);
    for (int i = 0; i < q; i++) {
        for (int m = 0; m < nm; m++) {
            double k = (double)i * nm + m + sim_rng_uniform(r, -0.4, 0.4);
            int64_t t = start + (int64_t)(k * slot);
            sim_sched_add(w, ai, t, set_seed, AUX(i, (uint32_t)models[m] | ((uint32_t)run << 3)));
        }
    }
}

static void sched_eval(sim_world *w, uint32_t ai, sim_rng *r)
{
    const sim_account *a = &w->acct[ai];
    double u = sim_rng_unit(r);
    int runs = u < 0.6 ? 1 : u < 0.9 ? 2 : 3;
    /* one of the week's runs may be the benchmark of the new model */
    bool release = sim_rng_chance(r, 0.45) && w->release4 < w->t1;
    if (release && runs > 1)
        runs--;
    int64_t d0, d1;
    local_days(w, a->tz, &d0, &d1);
    for (int k = 0; k < runs; k++) {
        int64_t d = d0 + (int64_t)sim_rng_below(r, (uint32_t)(d1 - d0 + 1));
        if (weekend(d))
            d -= day_of_week(d) == 6 ? 1 : 2; /* the Friday before */
        if (d < d0)
            d += 3;
        int64_t start = day_start_utc(d, a->tz) + (int64_t)(sim_rng_uniform(r, 9, 19) * (double)SW_MS_PER_HOUR);
        eval_run(w, ai, r, start, k, false);
    }
    if (release) {
        int64_t start = w->release4 + (int64_t)(sim_rng_lognormal(r, 4, 0.8) * (double)SW_MS_PER_HOUR);
        eval_run(w, ai, r, start, 3, true);
    }
}

/* ---------------------------------------------------------- batch pipelines --- */

static void sched_batch(sim_world *w, uint32_t ai, sim_rng *r)
{
    const sim_account *a = &w->acct[ai];
    int64_t pause_at[3], pause_len[3];
    int npause = sim_rng_range(r, 0, 3);
    for (int i = 0; i < npause; i++) {
        pause_at[i] = w->t0 + (int64_t)(sim_rng_unit(r) * (double)(w->t1 - w->t0));
        pause_len[i] = (int64_t)(sim_rng_uniform(r, 1, 5) * (double)SW_MS_PER_HOUR);
    }
    uint32_t item = 0;
    if (a->param == 0) {
        double period = (double)SW_MS_PER_HOUR / a->rate;
        for (double t = (double)w->t0 + sim_rng_unit(r) * period; t < (double)w->t1;
             t += period * sim_rng_uniform(r, 0.8, 1.2)) {
            bool paused = false;
            for (int i = 0; i < npause; i++)
                paused |= (int64_t)t >= pause_at[i] && (int64_t)t < pause_at[i] + pause_len[i];
            if (!paused)
                sim_sched_add(w, ai, (int64_t)t, sim_rng_u64(r), AUX(item++, 0));
        }
        return;
    }
    int64_t minute = (int64_t)sim_rng_below(r, 60) * SW_MS_PER_MIN;
    for (int64_t h = w->t0 - w->t0 % SW_MS_PER_HOUR; h < w->t1; h += SW_MS_PER_HOUR) {
        int n = sim_rng_poisson(r, a->rate);
        int64_t t = h + minute + (int64_t)sim_rng_below(r, 20000);
        bool paused = false;
        for (int i = 0; i < npause; i++)
            paused |= t >= pause_at[i] && t < pause_at[i] + pause_len[i];
        for (int k = 0; k < n && !paused; k++) {
            sim_sched_add(w, ai, t, sim_rng_u64(r), AUX(item++, 0));
            t += gap_ms(r, 2.5, 0.3);
        }
    }
}

/* ------------------------------------------------------- many end users --- */

/* A Poisson stream of conversations with the given daily volume; the start
 * of each follows the local curve with probability local, else is uniform
 * (users all over the world). */
static void sched_stream(sim_world *w, uint32_t ai, sim_rng *r, double per_day, const double *curve,
                         double local, double weekend_f, double p_more, int max_turns, uint32_t kind)
{
    const sim_account *a = &w->acct[ai];
    int64_t d0, d1;
    local_days(w, a->tz, &d0, &d1);
    double avg_turns = 1.0 / (1.0 - p_more);
    for (int64_t d = d0; d <= d1; d++) {
        double vol = per_day * sim_rng_lognormal(r, 1.0, 0.15) * (weekend(d) ? weekend_f : 1.0);
        int convs = sim_rng_poisson(r, vol / avg_turns);
        int64_t day0 = day_start_utc(d, a->tz);
        for (int c = 0; c < convs; c++) {
            int64_t start = sim_rng_chance(r, local) ? day0 + time_in_day(r, curve, 0)
                                                     : day0 + (int64_t)sim_rng_below(r, (uint32_t)SW_MS_PER_DAY);
            emit_conv(w, ai, r, start, conv_turns(r, p_more, max_turns), kind, 45, 0.8);
        }
    }
}

static void sched_app(sim_world *w, uint32_t ai, sim_rng *r)
{
    const sim_account *a = &w->acct[ai];
    bool companion = a->sub == 3;
    sched_stream(w, ai, r, a->rate, curve_human, 0.6, 1.05, companion ? 0.75 : 0.4, companion ? 12 : 6, 0);
}

static void sched_campus(sim_world *w, uint32_t ai, sim_rng *r)
{
    sched_stream(w, ai, r, w->acct[ai].rate, curve_campus, 0.95, 0.3, 0.35, 4, 0);
}

/* -------------------------------------------------------------- researcher --- */

/* aux: item in the low 16 bits, condition (prompt variant) in kind. The
 * seed is the dataset's, shared by all of the experiment's requests. */
static void sched_researcher(sim_world *w, uint32_t ai, sim_rng *r)
{
    const sim_account *a = &w->acct[ai];
    int64_t d0, d1;
    local_days(w, a->tz, &d0, &d1);
    int64_t last = d1 - 1 > d0 ? d1 - 1 : d0;
    int64_t d = d0 + (int64_t)sim_rng_below(r, (uint32_t)(last - d0 + 1));
    int64_t t = day_start_utc(d, a->tz) + (int64_t)(sim_rng_uniform(r, 9, 15) * (double)SW_MS_PER_HOUR);
    int64_t end = t + (int64_t)(sim_rng_uniform(r, 1.0, 2.0) * (double)SW_MS_PER_DAY);
    int total = a->param, items = sim_rng_range(r, 100, 300), done = 0;
    uint64_t ds = sim_mix(a->seed, 0xda7aULL);
    while (done < total && t < end) {
        int batch = sim_rng_range(r, 50, 400);
        for (int k = 0; k < batch && done < total; k++, done++) {
            sim_sched_add(w, ai, t, ds, AUX(done % items, (uint32_t)(done / items)));
            t += gap_ms(r, 7, 0.5);
        }
        t += gap_ms(r, 2400, 0.9); /* look at the results, change the prompt */
    }
}

/* ------------------------------------------------------------------- hydra --- */

/* One stream for the whole farm, dealt round-robin over the accounts that
 * are active at each moment. kind 1 marks the start of a multi-step
 * tool-use trajectory, which stays on one account. */
static void sched_hydra(sim_world *w, sim_rng *r)
{
    uint32_t first = w->pop_first[POP_HYDRA], n = w->pop_count[POP_HYDRA];
    if (n == 0)
        return;
    double per_day = 130.0 * sim_hydra_live(n);
    double phase = sim_rng_uniform(r, 0, 6.283);
    uint32_t cursor = 0;
    double t = (double)w->t0;
    while (t < (double)w->t1) {
        double day_pos = (t - (double)w->t0) / (double)SW_MS_PER_DAY;
        double rate = per_day * (1.0 + 0.1 * sin(6.2832 * day_pos + phase)) / (double)SW_MS_PER_DAY;
        t += -log(1.0 - sim_rng_unit(r)) / rate;
        int64_t ts = (int64_t)t;
        if (sim_rng_chance(r, 0.08))
            cursor++; /* the scheduler is not perfectly regular */
        uint32_t tries = 0;
        while (tries < n) {
            const sim_account *a = &w->acct[first + cursor % n];
            if (ts >= a->active_from && ts < a->active_to)
                break;
            cursor++;
            tries++;
        }
        if (tries == n)
            continue;
        uint32_t ai = first + cursor % n;
        cursor++;
        if (sim_rng_chance(r, 0.05)) {
            int steps = sim_rng_range(r, 3, 6);
            emit_conv(w, ai, r, ts, steps, 1, 14, 0.5);
        } else {
            sim_sched_add(w, ai, ts, sim_rng_u64(r), AUX(0, 0) | AUX_LAST);
        }
    }
}

/* ---------------------------------------------------------------- reseller --- */

/* kind 0: end customers of the reseller's platform (app-like);
 * kind 1: the distilling customer's single-shot reasoning requests;
 * kind 2: its tool-use trajectories. */
static void sched_reseller(sim_world *w, uint32_t ai, sim_rng *r)
{
    const sim_account *a = &w->acct[ai];
    sched_stream(w, ai, r, a->rate * 0.5, curve_human, 0.5, 1.0, 0.4, 6, 0);
    double per_ms = a->rate * 0.5 / (double)SW_MS_PER_DAY;
    uint32_t k = 0; /* the distiller walks its task list in order */
    for (double t = (double)w->t0; t < (double)w->t1;) {
        t += -log(1.0 - sim_rng_unit(r)) / per_ms;
        if (sim_rng_chance(r, 0.2)) {
            int steps = sim_rng_range(r, 3, 7);
            emit_conv(w, ai, r, (int64_t)t, steps, 2, 12, 0.5);
            t += steps / per_ms * 0.5;
        } else {
            sim_sched_add(w, ai, (int64_t)t, sim_rng_u64(r), AUX(k++, 1) | AUX_LAST);
        }
    }
}

/* ------------------------------------------------------------------- sweep --- */

/* aux: the account's step through the taxonomy (0, 1, 2 ... in time order). */
static void sched_sweep(sim_world *w, uint32_t ai, sim_rng *r)
{
    const sim_account *a = &w->acct[ai];
    int64_t d0, d1;
    local_days(w, a->tz, &d0, &d1);
    int64_t times[64];
    uint32_t step = 0;
    for (int64_t d = d0; d <= d1; d++) {
        if (!sim_rng_chance(r, a->act))
            continue;
        int n = sim_rng_poisson(r, a->rate);
        if (n > 64)
            n = 64;
        /* spread over the day, flatter than a person's curve */
        for (int k = 0; k < n; k++) {
            times[k] = sim_rng_chance(r, 0.5) ? time_in_day(r, curve_human, (int)a->shift - 2)
                                              : (int64_t)sim_rng_below(r, (uint32_t)SW_MS_PER_DAY);
        }
        for (int i = 1; i < n; i++) /* insertion sort: steps go forward in time */
            for (int j = i; j > 0 && times[j - 1] > times[j]; j--) {
                int64_t x = times[j];
                times[j] = times[j - 1];
                times[j - 1] = x;
            }
        for (int k = 0; k < n; k++) {
            int64_t ts = day_start_utc(d, a->tz) + times[k];
            if (ts >= a->created && ts >= w->t0 && ts < w->t1)
                sim_sched_add(w, ai, ts, sim_rng_u64(r), AUX(step++, 0) | AUX_LAST);
        }
    }
}

/* ----------------------------------------------------------------- scraper --- */

/* aux: index into the scraper's task list, in order. */
static void sched_scraper(sim_world *w, uint32_t ai, sim_rng *r)
{
    const sim_account *a = &w->acct[ai];
    int runs = sim_rng_chance(r, 0.5) ? 1 : 2;
    int64_t span = w->t1 - w->t0;
    uint32_t task = 0;
    uint64_t list = sim_mix(a->seed, 0x7a5cULL);
    for (int k = 0; k < runs; k++) {
        int64_t t = w->t0 + (int64_t)(sim_rng_unit(r) * 0.9 * (double)span);
        int64_t end = t + (int64_t)(sim_rng_uniform(r, 2, 4) * (double)SW_MS_PER_HOUR);
        double period = (double)SW_MS_PER_HOUR / a->rate;
        while (t < end) {
            sim_sched_add(w, ai, t, list, AUX(task % 60000u, task / 60000u));
            task++;
            t += (int64_t)(period * sim_rng_uniform(r, 0.85, 1.15));
        }
    }
}

/* ------------------------------------------------------------------- pivot --- */

/* kind 0: the modest baseline; kind 1: reasoning extraction on atlas-4. */
static void sched_pivot(sim_world *w, uint32_t ai, sim_rng *r)
{
    const sim_account *a = &w->acct[ai];
    int64_t d0, d1;
    local_days(w, a->tz, &d0, &d1);
    for (int64_t d = d0; d <= d1; d++) {
        if (!sim_rng_chance(r, a->act))
            continue;
        int n = sim_rng_poisson(r, a->rate * sim_rng_lognormal(r, 1.0, 0.3));
        while (n > 0) {
            int turns = conv_turns(r, 0.3, 4);
            int64_t start = day_start_utc(d, a->tz) + time_in_day(r, curve_human, (int)a->shift - 2);
            if (start < a->adopt4)
                emit_conv(w, ai, r, start, turns, 0, 60, 0.8);
            n -= turns;
        }
    }
    /* the spike, then a steady tail until the end */
    double t = (double)a->active_from;
    while (t < (double)w->t1) {
        bool spike = t < (double)a->active_to;
        double per_h = spike ? a->param : 0.5 + (a->param % 4) * 0.5;
        t += -log(1.0 - sim_rng_unit(r)) * (double)SW_MS_PER_HOUR / per_h;
        sim_sched_add(w, ai, (int64_t)t, sim_rng_u64(r), AUX(0, 1) | AUX_LAST);
    }
}

/* -------------------------------------------------------------------- all --- */

int sim_schedule_build(sim_world *w)
{
    for (uint32_t ai = 0; ai < w->nacct; ai++) {
        const sim_account *a = &w->acct[ai];
        sim_rng r;
        sim_rng_seed(&r, sim_mix(a->seed, 0x5c4edULL));
        switch (a->pop) {
        case POP_INDIVIDUAL: sched_person(w, ai, &r, curve_human, false); break;
        case POP_STUDENT: sched_person(w, ai, &r, curve_student, true); break;
        case POP_CODING: sched_coding(w, ai, &r); break;
        case POP_EVAL: sched_eval(w, ai, &r); break;
        case POP_BATCH: sched_batch(w, ai, &r); break;
        case POP_APP: sched_app(w, ai, &r); break;
        case POP_CAMPUS: sched_campus(w, ai, &r); break;
        case POP_RESEARCHER: sched_researcher(w, ai, &r); break;
        case POP_RESELLER: sched_reseller(w, ai, &r); break;
        case POP_SWEEP: sched_sweep(w, ai, &r); break;
        case POP_SCRAPER: sched_scraper(w, ai, &r); break;
        case POP_PIVOT: sched_pivot(w, ai, &r); break;
        default: break; /* hydra is scheduled farm-wide below */
        }
    }
    sim_rng r;
    sim_rng_seed(&r, sim_mix(w->seed, 0x687964ULL));
    sched_hydra(w, &r);
    return w->oom ? SW_ENOMEM : SW_OK;
}
