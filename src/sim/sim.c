/*
 * sim.c — the simulator's driver: configuration, the world's clock, the
 * three phases (accounts, schedule, rendering; see simint.h) and the files.
 *
 * The schedule is one array of 24-byte entries for the whole run, sorted
 * by (time, account, aux, seed); the comparison is total, so qsort's lack
 * of stability cannot make two runs differ. Events are then rendered one
 * at a time into a line buffer and written through a 1 MiB output buffer,
 * so memory stays at the schedule plus a few buffers whatever the volume.
 *
 * Accounts and labels are written sorted by account id, which is a hash:
 * nothing in the order of either file follows the populations.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "core/error.h"
#include "core/time.h"
#include "sim/simint.h"

/* ------------------------------------------------------------ random draws --- */

double sim_rng_normal(sim_rng *r)
{
    /* Box-Muller without the cached second value: one call, two draws */
    double u1 = sim_rng_unit(r), u2 = sim_rng_unit(r);
    if (u1 < 1e-300)
        u1 = 1e-300;
    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

double sim_rng_lognormal(sim_rng *r, double median, double sigma)
{
    return median * exp(sigma * sim_rng_normal(r));
}

int sim_rng_poisson(sim_rng *r, double mean)
{
    if (mean <= 0)
        return 0;
    if (mean < 30) {
        double limit = exp(-mean), p = 1.0;
        int k = 0;
        do {
            k++;
            p *= sim_rng_unit(r);
        } while (p > limit);
        return k - 1;
    }
    double v = mean + sqrt(mean) * sim_rng_normal(r);
    return v < 0 ? 0 : (int)(v + 0.5);
}

int sim_rng_weighted(sim_rng *r, const double *w, int n)
{
    double total = 0;
    for (int i = 0; i < n; i++)
        total += w[i] > 0 ? w[i] : 0;
    if (total <= 0)
        return 0;
    double x = sim_rng_unit(r) * total;
    int last = 0;
    for (int i = 0; i < n; i++) {
        if (w[i] <= 0)
            continue;
        last = i;
        x -= w[i];
        if (x < 0)
            return i;
    }
    return last;
}

/* ----------------------------------------------------------- configuration --- */

void sw_sim_config_default(sw_sim_config *cfg)
{
    cfg->seed = 1;
    cfg->scale = 1.0;
    cfg->days = 7;
    cfg->start_ms = sw_days_from_civil(2026, 11, 2) * SW_MS_PER_DAY;
}

int sw_sim_config_check(const sw_sim_config *cfg)
{
    if (!(cfg->scale > 0 && cfg->scale <= 100) || cfg->days < 1 || cfg->days > 60)
        return SW_EINVAL;
    /* keep every time we compute inside four-digit years */
    if (cfg->start_ms < 0 || cfg->start_ms > sw_days_from_civil(9000, 1, 1) * SW_MS_PER_DAY)
        return SW_EINVAL;
    return SW_OK;
}

/* ------------------------------------------------------------------- world --- */

static void world_clock(sim_world *w)
{
    sim_rng r;
    sim_rng_seed(&r, sim_mix(w->seed, 0xc10cULL));
    w->t0 = w->cfg.start_ms;
    w->t1 = w->t0 + (int64_t)w->cfg.days * SW_MS_PER_DAY;
    /* atlas-4 ships at 55% of the span, on the hour */
    int64_t rel = w->t0 + (int64_t)(0.55 * (double)(w->t1 - w->t0));
    w->release4 = rel - rel % SW_MS_PER_HOUR;
    /* the pivot cohort notices within one to three hours */
    w->pivot_start = w->release4 + (int64_t)(sim_rng_uniform(&r, 1.0, 2.6) * (double)SW_MS_PER_HOUR);
    double pool = 3000.0 * w->cfg.scale;
    w->proxy_pool = (uint32_t)(pool < 800 ? 800 : pool);
    w->proxy_seed = sim_mix(w->seed, 0x9e0bULL);
}

static int cmp_sched(const void *pa, const void *pb)
{
    const sim_sched *a = pa, *b = pb;
    if (a->ts != b->ts)
        return a->ts < b->ts ? -1 : 1;
    if (a->acct != b->acct)
        return a->acct < b->acct ? -1 : 1;
    if (a->aux != b->aux)
        return a->aux < b->aux ? -1 : 1;
    return (a->seed > b->seed) - (a->seed < b->seed);
}

static int cmp_acct_id(const void *pa, const void *pb)
{
    const sim_account *const *a = pa, *const *b = pb;
    return strcmp((*a)->id, (*b)->id);
}

static void world_free(sim_world *w)
{
    free(w->acct);
    free(w->ev);
    memset(w, 0, sizeof *w);
}

/* ------------------------------------------------------------------ output --- */

typedef struct writer {
    FILE *f;
    sw_buf buf;
    uint64_t bytes;
    int err;
} writer;

static void writer_flush(writer *wr)
{
    if (wr->err)
        return;
    int rc = sw_buf_write(&wr->buf, wr->f);
    if (rc != SW_OK)
        wr->err = rc;
    wr->bytes += wr->buf.len;
    sw_buf_reset(&wr->buf);
}

static void writer_line(writer *wr, const sw_buf *line)
{
    if (line->oom) {
        wr->err = SW_ENOMEM;
        return;
    }
    sw_buf_append(&wr->buf, line->data, line->len);
    sw_buf_putc(&wr->buf, '\n');
    if (wr->buf.len >= (1u << 20))
        writer_flush(wr);
}

static int writer_end(writer *wr)
{
    writer_flush(wr);
    sw_buf_free(&wr->buf);
    if (!wr->err && fflush(wr->f) != 0)
        wr->err = SW_EIO;
    return wr->err;
}

static int write_events(const sim_world *w, FILE *f, sw_sim_stats *st)
{
    writer wr = {f, {0}, 0, 0};
    sw_buf_init(&wr.buf);
    sw_buf line;
    sw_buf_init(&line);
    sim_renderer rd;
    sim_renderer_init(&rd);
    for (size_t i = 0; i < w->nev && !wr.err; i++) {
        sw_buf_reset(&line);
        sim_render_event(&rd, w, &w->ev[i], (uint64_t)i, &line);
        writer_line(&wr, &line);
        st->pops[w->acct[w->ev[i].acct].pop].events++;
    }
    sim_renderer_free(&rd);
    sw_buf_free(&line);
    int rc = writer_end(&wr);
    st->event_bytes = wr.bytes;
    st->bytes += wr.bytes;
    return rc;
}

static int write_accounts(const sim_world *w, const sim_account **byid, FILE *fa, FILE *fl,
                          sw_sim_stats *st)
{
    writer wa = {fa, {0}, 0, 0}, wl = {fl, {0}, 0, 0};
    sw_buf_init(&wa.buf);
    sw_buf_init(&wl.buf);
    sw_buf line;
    sw_buf_init(&line);
    sw_buf_puts(&wl.buf, "{\n");
    for (uint32_t i = 0; i < w->nacct; i++) {
        const sim_account *a = byid[i];
        sw_buf_reset(&line);
        sim_render_account(w, a, &line);
        writer_line(&wa, &line);
        /* labels.json: one object, one account per line */
        sw_buf_reset(&line);
        sw_buf_puts(&line, "  ");
        sw_json_str(&line, a->id);
        sw_buf_puts(&line, ": ");
        line.need_comma[0] = false;
        sw_json_str(&line, sim_pops[a->pop].label);
        if (i + 1 < w->nacct)
            sw_buf_putc(&line, ',');
        writer_line(&wl, &line);
    }
    sw_buf_puts(&wl.buf, "}\n");
    sw_buf_free(&line);
    int ra = writer_end(&wa), rl = writer_end(&wl);
    st->bytes += wa.bytes + wl.bytes;
    return ra ? ra : rl;
}

int sw_sim_write(const sw_sim_config *cfg, FILE *events, FILE *accounts, FILE *labels,
                 sw_sim_stats *stats)
{
    sw_sim_stats local;
    sw_sim_stats *st = stats ? stats : &local;
    memset(st, 0, sizeof *st);
    if (sw_sim_config_check(cfg) != SW_OK)
        return SW_EINVAL;
    sim_gram_init();

    sim_world w;
    memset(&w, 0, sizeof w);
    w.cfg = *cfg;
    w.seed = sim_mix(cfg->seed, 0x5717ULL);
    world_clock(&w);
    int rc = sim_accounts_build(&w);
    if (rc == SW_OK)
        rc = sim_schedule_build(&w);
    if (rc != SW_OK) {
        world_free(&w);
        return rc;
    }
    qsort(w.ev, w.nev, sizeof *w.ev, cmp_sched);

    st->npops = POP_COUNT;
    for (int p = 0; p < POP_COUNT; p++) {
        st->pops[p].label = sim_pops[p].label;
        st->pops[p].accounts = w.pop_count[p];
    }
    st->accounts = w.nacct;
    st->events = w.nev;

    const sim_account **byid = malloc(sizeof *byid * (w.nacct ? w.nacct : 1));
    if (!byid) {
        world_free(&w);
        return SW_ENOMEM;
    }
    for (uint32_t i = 0; i < w.nacct; i++)
        byid[i] = &w.acct[i];
    qsort(byid, w.nacct, sizeof *byid, cmp_acct_id);

    rc = write_events(&w, events, st);
    if (rc == SW_OK)
        rc = write_accounts(&w, byid, accounts, labels, st);
    free(byid);
    world_free(&w);
    return rc;
}

static FILE *open_in(const char *dir, const char *name, char *err, size_t errlen)
{
    char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path) {
        snprintf(err, errlen, "path too long: %s/%s", dir, name);
        return NULL;
    }
    FILE *f = fopen(path, "w");
    if (!f)
        snprintf(err, errlen, "cannot create %s: %s", path, strerror(errno));
    return f;
}

/* mkdir -p: each missing component in turn; existing ones are fine. */
static int make_dirs(const char *dir)
{
    char path[4096];
    size_t n = strlen(dir);
    if (n == 0 || n >= sizeof path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(path, dir, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (path[i] != '/' && path[i] != '\0')
            continue;
        char keep = path[i];
        path[i] = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST)
            return -1;
        path[i] = keep;
    }
    return 0;
}

int sw_sim_write_dir(const sw_sim_config *cfg, const char *dir, sw_sim_stats *stats, char *err,
                     size_t errlen)
{
    if (err && errlen)
        err[0] = '\0';
    char dummy[8];
    if (!err) {
        err = dummy;
        errlen = sizeof dummy;
    }
    if (make_dirs(dir) != 0) {
        snprintf(err, errlen, "cannot create directory %s: %s", dir, strerror(errno));
        return SW_EIO;
    }
    struct stat sb;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        snprintf(err, errlen, "%s is not a directory", dir);
        return SW_EIO;
    }
    FILE *fe = open_in(dir, "events.jsonl", err, errlen);
    FILE *fa = fe ? open_in(dir, "accounts.jsonl", err, errlen) : NULL;
    FILE *fl = fa ? open_in(dir, "labels.json", err, errlen) : NULL;
    int rc = SW_EIO;
    if (fl) {
        rc = sw_sim_write(cfg, fe, fa, fl, stats);
        if (rc != SW_OK)
            snprintf(err, errlen, "simulation failed: %s", sw_strerror(rc));
    }
    int crc = 0;
    if (fe)
        crc |= fclose(fe);
    if (fa)
        crc |= fclose(fa);
    if (fl)
        crc |= fclose(fl);
    if (rc == SW_OK && crc != 0) {
        snprintf(err, errlen, "cannot write the files in %s: %s", dir, strerror(errno));
        rc = SW_EIO;
    }
    return rc;
}

int sw_sim_text_selfcheck(void)
{
    return sim_gram_selfcheck();
}
