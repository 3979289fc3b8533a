/*
 * test_sim.c — the traffic simulator (src/sim).
 *
 * Runs small simulations into memory streams and checks the contract of
 * spec/traffic-log.md: every line is JSON with the required fields and
 * types, events are in non-decreasing time order inside the span, labels
 * cover every account, accounts.jsonl carries its fields; plus the
 * simulator's own promises: byte-identical output per seed, different
 * output for another seed, no atlas-4 before its release, all three
 * message content forms and all four endpoints present, phrase banks
 * sound.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* open_memstream, mkdtemp */
#endif
#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/error.h"
#include "core/time.h"
#include "sim/sim.h"
#include "sw_test.h"

typedef struct run {
    char *ev, *acc, *lab;
    size_t nev, nacc, nlab;
    sw_sim_stats st;
    int rc;
} run;

static void run_sim(const sw_sim_config *cfg, run *r)
{
    memset(r, 0, sizeof *r);
    FILE *fe = open_memstream(&r->ev, &r->nev);
    FILE *fa = open_memstream(&r->acc, &r->nacc);
    FILE *fl = open_memstream(&r->lab, &r->nlab);
    r->rc = sw_sim_write(cfg, fe, fa, fl, &r->st);
    fclose(fe);
    fclose(fa);
    fclose(fl);
}

static void run_free(run *r)
{
    free(r->ev);
    free(r->acc);
    free(r->lab);
}

static void small_config(sw_sim_config *cfg, uint64_t seed)
{
    sw_sim_config_default(cfg);
    cfg->seed = seed;
    cfg->scale = 0.08;
    cfg->days = 2;
}

/* Calls fn on each line (NUL-terminated copy) of buf; returns the count. */
static size_t each_line(char *buf, size_t n, void (*fn)(const char *line, void *ctx), void *ctx)
{
    size_t count = 0, start = 0;
    for (size_t i = 0; i < n; i++) {
        if (buf[i] != '\n')
            continue;
        buf[i] = '\0';
        fn(buf + start, ctx);
        buf[i] = '\n';
        start = i + 1;
        count++;
    }
    CHECK(start == n); /* every line ends with a newline */
    return count;
}

static void test_banks(void)
{
    CHECK_EQ_INT(sw_sim_text_selfcheck(), 0);
}

static void test_config(void)
{
    sw_sim_config cfg;
    sw_sim_config_default(&cfg);
    CHECK_EQ_INT(cfg.seed, 1);
    CHECK_EQ_INT(cfg.days, 7);
    CHECK_NEAR(cfg.scale, 1.0, 0);
    char ts[SW_TIME_BUFSZ];
    sw_time_format(cfg.start_ms, ts);
    CHECK_EQ_STR(ts, "2026-11-02T00:00:00.000Z");
    CHECK_EQ_INT(sw_sim_config_check(&cfg), SW_OK);
    cfg.scale = 0;
    CHECK_EQ_INT(sw_sim_config_check(&cfg), SW_EINVAL);
    cfg.scale = 1;
    cfg.days = 0;
    CHECK_EQ_INT(sw_sim_config_check(&cfg), SW_EINVAL);
    run r;
    run_sim(&cfg, &r);
    CHECK_EQ_INT(r.rc, SW_EINVAL);
    CHECK_EQ_INT(r.nev, 0);
    run_free(&r);
}

static void test_determinism(void)
{
    sw_sim_config cfg;
    run a, b, c;
    small_config(&cfg, 7);
    run_sim(&cfg, &a);
    run_sim(&cfg, &b);
    cfg.seed = 8;
    run_sim(&cfg, &c);
    CHECK_EQ_INT(a.rc, SW_OK);
    CHECK(a.nev > 100000);
    CHECK(a.nev == b.nev && memcmp(a.ev, b.ev, a.nev) == 0);
    CHECK(a.nacc == b.nacc && memcmp(a.acc, b.acc, a.nacc) == 0);
    CHECK(a.nlab == b.nlab && memcmp(a.lab, b.lab, a.nlab) == 0);
    CHECK(a.nev != c.nev || memcmp(a.ev, c.ev, a.nev) != 0);
    CHECK(a.nlab != c.nlab || memcmp(a.lab, c.lab, a.nlab) != 0);
    CHECK_EQ_INT(a.st.events, b.st.events);
    CHECK_EQ_INT(a.st.bytes, a.nev + a.nacc + a.nlab);
    run_free(&a);
    run_free(&b);
    run_free(&c);
}

/* ------------------------------------------------------------ contents --- */

typedef struct scan {
    cJSON *labels;
    int64_t t0, t1, release;
    int64_t prev;
    size_t bad, unlabelled, early4, unordered, outside;
    size_t content_null, content_array, content_string;
    size_t endpoints[4];
    size_t legit, attack;
} scan;

static const char *const endpoints[4] = {"/v1/chat/completions", "/v1/messages", "/v1/completions",
                                         "/v1/responses"};

static bool is_string(const cJSON *o, const char *k)
{
    return cJSON_IsString(cJSON_GetObjectItemCaseSensitive(o, k));
}

static bool is_number(const cJSON *o, const char *k)
{
    return cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(o, k));
}

static void count_forms(scan *s, const cJSON *msgs)
{
    const cJSON *m;
    cJSON_ArrayForEach(m, msgs)
    {
        const cJSON *content = cJSON_GetObjectItemCaseSensitive(m, "content");
        if (cJSON_IsNull(content))
            s->content_null++;
        else if (cJSON_IsArray(content))
            s->content_array++;
        else if (cJSON_IsString(content))
            s->content_string++;
    }
}

static void check_event(const char *line, void *ctx)
{
    scan *s = ctx;
    cJSON *e = cJSON_Parse(line);
    if (!e || !cJSON_IsObject(e)) {
        s->bad++;
        cJSON_Delete(e);
        return;
    }
    bool ok = is_string(e, "ts") && is_string(e, "account") && is_string(e, "ip") &&
              is_string(e, "endpoint") && is_string(e, "model") && is_number(e, "status") &&
              cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(e, "request")) && is_string(e, "request_id") &&
              is_string(e, "key") && is_number(e, "asn") && is_string(e, "country") &&
              is_string(e, "user_agent") && is_number(e, "latency_ms");
    if (!ok) {
        s->bad++;
        cJSON_Delete(e);
        return;
    }
    const char *ts = cJSON_GetObjectItemCaseSensitive(e, "ts")->valuestring;
    int64_t ms;
    if (strlen(ts) != 24 || ts[23] != 'Z' || sw_time_parse(ts, strlen(ts), &ms) != SW_OK) {
        s->bad++;
    } else {
        if (ms < s->prev)
            s->unordered++;
        s->prev = ms;
        if (ms < s->t0 || ms >= s->t1)
            s->outside++;
    }
    const char *acct = cJSON_GetObjectItemCaseSensitive(e, "account")->valuestring;
    const cJSON *lab = cJSON_GetObjectItemCaseSensitive(s->labels, acct);
    if (!cJSON_IsString(lab))
        s->unlabelled++;
    else if (!strncmp(lab->valuestring, "legit:", 6))
        s->legit++;
    else if (!strncmp(lab->valuestring, "attack:", 7))
        s->attack++;
    const char *model = cJSON_GetObjectItemCaseSensitive(e, "model")->valuestring;
    if (!strcmp(model, "atlas-4") && ms < s->release)
        s->early4++;
    const cJSON *req = cJSON_GetObjectItemCaseSensitive(e, "request");
    const cJSON *rmodel = cJSON_GetObjectItemCaseSensitive(req, "model");
    if (!cJSON_IsString(rmodel) || strcmp(rmodel->valuestring, model) != 0)
        s->bad++;
    const char *ep = cJSON_GetObjectItemCaseSensitive(e, "endpoint")->valuestring;
    int epi = -1;
    for (int i = 0; i < 4; i++)
        if (!strcmp(ep, endpoints[i]))
            epi = i;
    if (epi < 0) {
        s->bad++;
    } else {
        s->endpoints[epi]++;
        /* the body's own schema: messages / prompt / input */
        static const char *const body[4] = {"messages", "messages", "prompt", "input"};
        if (!cJSON_GetObjectItemCaseSensitive(req, body[epi]))
            s->bad++;
        if (epi <= 1)
            count_forms(s, cJSON_GetObjectItemCaseSensitive(req, "messages"));
    }
    int status = cJSON_GetObjectItemCaseSensitive(e, "status")->valueint;
    if (status == 200) {
        const cJSON *resp = cJSON_GetObjectItemCaseSensitive(e, "response");
        const cJSON *usage = cJSON_GetObjectItemCaseSensitive(e, "usage");
        if (!is_string(resp, "text") || !is_string(resp, "finish_reason") || !is_number(usage, "prompt_tokens") ||
            !is_number(usage, "completion_tokens") || !is_number(usage, "reasoning_tokens"))
            s->bad++;
        else if (strlen(cJSON_GetObjectItemCaseSensitive(resp, "text")->valuestring) > 1000)
            s->bad++;
    }
    cJSON_Delete(e);
}

typedef struct acscan {
    cJSON *labels;
    size_t n, bad;
} acscan;

static void check_account(const char *line, void *ctx)
{
    acscan *s = ctx;
    cJSON *a = cJSON_Parse(line);
    s->n++;
    static const char *const fields[] = {"account", "created_at", "verification", "tier", "country",
                                         "payment_fp", "email_domain"};
    bool ok = cJSON_IsObject(a);
    for (size_t i = 0; ok && i < sizeof fields / sizeof fields[0]; i++)
        ok = is_string(a, fields[i]);
    if (ok) {
        const char *id = cJSON_GetObjectItemCaseSensitive(a, "account")->valuestring;
        ok = cJSON_IsString(cJSON_GetObjectItemCaseSensitive(s->labels, id)) && !strncmp(id, "acct_", 5);
        const char *c = cJSON_GetObjectItemCaseSensitive(a, "created_at")->valuestring;
        int64_t ms;
        ok = ok && sw_time_parse(c, strlen(c), &ms) == SW_OK;
    }
    if (!ok)
        s->bad++;
    cJSON_Delete(a);
}

static void test_contents(void)
{
    sw_sim_config cfg;
    run r;
    small_config(&cfg, 3);
    run_sim(&cfg, &r);
    CHECK_EQ_INT(r.rc, SW_OK);

    char *lab = malloc(r.nlab + 1);
    memcpy(lab, r.lab, r.nlab);
    lab[r.nlab] = '\0';
    cJSON *labels = cJSON_Parse(lab);
    free(lab);
    CHECK(cJSON_IsObject(labels));
    CHECK_EQ_INT(cJSON_GetArraySize(labels), r.st.accounts);

    scan s;
    memset(&s, 0, sizeof s);
    s.labels = labels;
    s.t0 = cfg.start_ms;
    s.t1 = cfg.start_ms + (int64_t)cfg.days * SW_MS_PER_DAY;
    s.release = s.t0 + (int64_t)(0.55 * (double)(s.t1 - s.t0));
    s.release -= s.release % SW_MS_PER_HOUR;
    s.prev = INT64_MIN;
    size_t n = each_line(r.ev, r.nev, check_event, &s);
    CHECK_EQ_INT(n, r.st.events);
    CHECK_EQ_INT(s.bad, 0);
    CHECK_EQ_INT(s.unordered, 0);
    CHECK_EQ_INT(s.outside, 0);
    CHECK_EQ_INT(s.unlabelled, 0);
    CHECK_EQ_INT(s.early4, 0);
    CHECK(s.legit > 0 && s.attack > 0);
    CHECK(s.content_null > 0 && s.content_array > 0 && s.content_string > 0);
    for (int i = 0; i < 4; i++)
        CHECK(s.endpoints[i] > 0);

    acscan as = {labels, 0, 0};
    each_line(r.acc, r.nacc, check_account, &as);
    CHECK_EQ_INT(as.n, r.st.accounts);
    CHECK_EQ_INT(as.bad, 0);

    /* every population is present, and the table adds up */
    uint64_t sum = 0;
    for (int i = 0; i < r.st.npops; i++) {
        CHECK(r.st.pops[i].accounts >= 1);
        sum += r.st.pops[i].events;
    }
    CHECK_EQ_INT(sum, r.st.events);
    cJSON_Delete(labels);
    run_free(&r);
}

static void test_write_dir(void)
{
    char tmpl[] = "/tmp/sw_test_sim_XXXXXX";
    char *base = mkdtemp(tmpl);
    CHECK(base != NULL);
    if (!base)
        return;
    char dir[256], path[300];
    snprintf(dir, sizeof dir, "%s/out", base);
    sw_sim_config cfg;
    small_config(&cfg, 5);
    cfg.scale = 0.01;
    cfg.days = 1;
    sw_sim_stats st;
    char err[256];
    CHECK_EQ_INT(sw_sim_write_dir(&cfg, dir, &st, err, sizeof err), SW_OK);
    static const char *const files[] = {"events.jsonl", "accounts.jsonl", "labels.json"};
    uint64_t total = 0;
    for (int i = 0; i < 3; i++) {
        struct stat sb;
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        CHECK(stat(path, &sb) == 0 && sb.st_size > 0);
        total += (uint64_t)sb.st_size;
        unlink(path);
    }
    CHECK_EQ_INT(total, st.bytes);
    rmdir(dir);
    /* a file where the directory should be */
    snprintf(path, sizeof path, "%s/file", base);
    FILE *f = fopen(path, "w");
    if (f)
        fclose(f);
    CHECK(sw_sim_write_dir(&cfg, path, &st, err, sizeof err) != SW_OK);
    CHECK(err[0] != '\0');
    unlink(path);
    rmdir(base);
}

int main(void)
{
    SW_TEST_RUN(test_banks);
    SW_TEST_RUN(test_config);
    SW_TEST_RUN(test_determinism);
    SW_TEST_RUN(test_contents);
    SW_TEST_RUN(test_write_dir);
    return SW_TEST_END();
}
