/*
 * test_score.c — every signal of the scorer, one at a time: an account (or
 * cluster) state built by hand either shows the signal, with the expected
 * sign and a human-readable detail, or does not. Also the verdict ladder and
 * the configuration table.
 */
#include <math.h>
#include <stdlib.h>

#include "core/error.h"
#include "core/time.h"
#include "detect/config.h"
#include "detect/features.h"
#include "detect/hll.h"
#include "detect/score.h"
#include "sw_test.h"

static const int64_t T0 = 1793577600000LL; /* 2026-11-02T00:00:00Z */
static sw_detect_config cfg;

/* A plain account: 100 unremarkable prompts from one home address over a day. */
static void plain(sw_acct *a)
{
    sw_acct_init(a, "a");
    a->verification = SW_VERIF_PHONE;
    a->created_at_ms = T0 - 60 * SW_MS_PER_DAY;
    a->events = a->n_prompts = 100;
    a->first_ts = T0;
    a->last_ts = T0 + SW_MS_PER_DAY / 2;
    a->active_hours = 10;
    a->hours_mask = 0x3ff00;
    a->n_other_net = 100;
    a->prefixes_est = 1;
    a->asns_est = 1;
    a->countries_n = 1;
}

/* The weight of one signal in the account's terms, 0 when absent. */
static double weight_of(const sw_acct *a, uint32_t card_peers, const char *signal, char *detail)
{
    sw_term terms[SW_MAX_TERMS];
    int n = 0;
    sw_score_ctx ctx = {&cfg, card_peers, "atlas-4", true};
    sw_score_account(a, &ctx, terms, &n);
    for (int i = 0; i < n; i++) {
        if (!strcmp(terms[i].signal, signal)) {
            if (detail)
                snprintf(detail, SW_DETAIL_LEN, "%s", terms[i].detail);
            return terms[i].weight;
        }
    }
    return 0;
}

#define EXPECT_SIGNAL(acct, peers, name, positive)                                                 \
    do {                                                                                           \
        char d_[SW_DETAIL_LEN] = "";                                                               \
        double w_ = weight_of(acct, peers, name, d_);                                              \
        CHECK((positive) ? w_ > 0 : w_ < 0);                                                       \
        CHECK(d_[0] != '\0');                                                                      \
    } while (0)
#define EXPECT_NO_SIGNAL(acct, peers, name) CHECK(weight_of(acct, peers, name, NULL) == 0)

static void test_plain_account_is_allowed(void)
{
    sw_acct a;
    plain(&a);
    sw_score_ctx ctx = {&cfg, 0, NULL, false};
    double s = sw_score_squash(sw_score_account(&a, &ctx, NULL, NULL));
    CHECK(s < cfg.t_monitor);
    EXPECT_NO_SIGNAL(&a, 0, "extraction_requests");
    EXPECT_NO_SIGNAL(&a, 0, "proxy_spread");
    EXPECT_NO_SIGNAL(&a, 0, "shared_payment");
}

static void test_content_signals(void)
{
    sw_acct a;
    plain(&a);
    a.n_extract = 80;
    a.n_elicit = 90;
    a.n_high_value = 70;
    a.n_rubric = 40;
    EXPECT_SIGNAL(&a, 0, "extraction_requests", true);
    EXPECT_SIGNAL(&a, 0, "reasoning_elicitation", true);
    EXPECT_SIGNAL(&a, 0, "high_value_focus", true);
    EXPECT_SIGNAL(&a, 0, "grader_or_datagen", true);
    /* the same shares on three prompts carry much less weight (confidence) */
    sw_acct b = a;
    b.n_prompts = b.events = 3;
    b.n_extract = b.n_elicit = b.n_high_value = 3;
    CHECK(weight_of(&b, 0, "extraction_requests", NULL) < weight_of(&a, 0, "extraction_requests", NULL));
}

static void test_heavy_and_sustained(void)
{
    sw_acct a;
    plain(&a);
    a.n_extract = 90;
    a.last_ts = a.first_ts + SW_MS_PER_HOUR; /* 90 in an hour: 2,160 a day */
    EXPECT_SIGNAL(&a, 0, "heavy_extraction", true);
    a.last_ts = a.first_ts + 10 * SW_MS_PER_DAY; /* 9 a day: not heavy */
    EXPECT_NO_SIGNAL(&a, 0, "heavy_extraction");
    a.xg_days = 7;
    a.n_extract_asked = 90;
    EXPECT_SIGNAL(&a, 0, "sustained_extraction", true);
    /* long answers that were received, never asked for (a campus whose
     * students use a reasoning model): not a harvest */
    a.n_extract_asked = 0;
    EXPECT_NO_SIGNAL(&a, 0, "sustained_extraction");
    a.n_extract_asked = 45;
    double half = weight_of(&a, 0, "sustained_extraction", NULL);
    CHECK_NEAR(half, cfg.w_sustained / 2, 1e-9);
    a.n_extract_asked = 90;
    a.xg_days = 2;
    EXPECT_NO_SIGNAL(&a, 0, "sustained_extraction");
    /* ten a day inside a huge account is not sustained extraction */
    a.xg_days = 7;
    a.n_prompts = a.events = 10000;
    EXPECT_NO_SIGNAL(&a, 0, "sustained_extraction");
}

static void test_reasked_questions(void)
{
    sw_acct a;
    plain(&a);
    a.verification = SW_VERIF_EMAIL;
    a.n_extract = a.n_elicit = 100;
    a.last_ts = a.first_ts + 2 * SW_MS_PER_HOUR; /* 100 in two hours: 1,200 a day */
    char detail[SW_DETAIL_LEN];
    double fresh = weight_of(&a, 0, "extraction_requests", detail);
    double heavy = weight_of(&a, 0, "heavy_extraction", NULL);
    CHECK(strstr(detail, "re-ask") == NULL);
    CHECK(heavy > 0);
    /* the same requests, 75 of which ask again what the account asked before */
    a.n_extract_reasked = 75;
    double again = weight_of(&a, 0, "extraction_requests", detail);
    CHECK_NEAR(again, fresh * (25 + 0.25 * 75) / 100, 1e-9);
    CHECK(strstr(detail, "75 of them re-ask") != NULL);
    CHECK(weight_of(&a, 0, "heavy_extraction", NULL) < heavy); /* 25 new questions in two hours */
    CHECK_NEAR(sw_score_harvest(&a, &cfg), 25 + 0.25 * 75, 1e-9);
    cfg.reask_value = 1; /* re-asks counted in full: as before */
    CHECK_NEAR(weight_of(&a, 0, "extraction_requests", NULL), fresh, 1e-9);
    sw_detect_config_defaults(&cfg);
}

static void test_sweep(void)
{
    sw_acct a;
    plain(&a);
    a.n_elicit = 100;
    a.cats_seen = 0xfff; /* 12 areas */
    a.cat_switches = 90;
    EXPECT_SIGNAL(&a, 0, "capability_sweep", true);
    a.cats_seen = 0x3; /* two areas: focus, not a sweep */
    EXPECT_NO_SIGNAL(&a, 0, "capability_sweep");
    a.cats_seen = 0xfff;
    a.n_elicit = 0; /* a person chatting about everything */
    EXPECT_NO_SIGNAL(&a, 0, "capability_sweep");
}

static void test_identity(void)
{
    sw_acct a;
    plain(&a);
    a.verification = SW_VERIF_EMAIL;
    EXPECT_SIGNAL(&a, 0, "weak_verification", true);
    a.verification = SW_VERIF_ENTERPRISE;
    EXPECT_NO_SIGNAL(&a, 0, "weak_verification");
    EXPECT_SIGNAL(&a, 0, "verified_identity", false);
    a.created_at_ms = a.first_ts - SW_MS_PER_DAY;
    EXPECT_SIGNAL(&a, 0, "new_account", true);
    EXPECT_NO_SIGNAL(&a, 0, "established_account");
    a.created_at_ms = a.first_ts - 400 * SW_MS_PER_DAY;
    EXPECT_NO_SIGNAL(&a, 0, "new_account");
    EXPECT_SIGNAL(&a, 0, "established_account", false);
    /* graded on a log scale between new and established: no cliff at 180 days */
    double full = weight_of(&a, 0, "established_account", NULL);
    CHECK_NEAR(full, cfg.w_established, 1e-9);
    a.created_at_ms = a.first_ts - 176 * SW_MS_PER_DAY;
    double almost = weight_of(&a, 0, "established_account", NULL);
    CHECK(almost < 0.95 * full && almost > full);
    a.created_at_ms = a.first_ts - 50 * SW_MS_PER_DAY;
    double middling = weight_of(&a, 0, "established_account", NULL);
    CHECK(middling < 0 && middling > almost);
    a.created_at_ms = a.first_ts - 14 * SW_MS_PER_DAY;
    EXPECT_NO_SIGNAL(&a, 0, "established_account");
    EXPECT_SIGNAL(&a, 4, "shared_payment", true);
    CHECK(sw_score_is_unvouched(&(sw_acct){.verification = SW_VERIF_PHONE}));
    CHECK(!sw_score_is_unvouched(&(sw_acct){.verification = SW_VERIF_EDU}));
}

static void test_verification_does_not_excuse_sustained_extraction(void)
{
    sw_acct a;
    plain(&a);
    a.verification = SW_VERIF_BUSINESS;
    a.n_extract = a.n_elicit = a.n_extract_asked = 40;
    double calm = weight_of(&a, 0, "verified_identity", NULL);
    a.xg_days = 7;
    double sustained = weight_of(&a, 0, "verified_identity", NULL);
    CHECK(calm < 0 && sustained < 0);
    CHECK(fabs(sustained) < fabs(calm));
}

static void test_network_signals(void)
{
    sw_acct a;
    plain(&a);
    a.prefixes_est = 95;
    a.asns_est = 40;
    a.countries_n = 12;
    EXPECT_SIGNAL(&a, 0, "proxy_spread", true);
    CHECK(sw_score_is_proxied(&a));
    /* the same spread over hosting networks is servers, not proxies */
    a.n_hosting = 100;
    a.n_other_net = 0;
    EXPECT_NO_SIGNAL(&a, 0, "proxy_spread");
    plain(&a);
    a.prefixes_est = 3;
    a.asns_est = 2;
    a.countries_n = 1; /* home, office, phone */
    EXPECT_NO_SIGNAL(&a, 0, "proxy_spread");
}

static void test_client_and_time(void)
{
    sw_acct a;
    plain(&a);
    a.n_script = 100;
    EXPECT_SIGNAL(&a, 0, "automation_client", true);
    a.n_extract = 80;
    a.hours_mask = 0xffffff;
    a.last_ts = a.first_ts + 3 * SW_MS_PER_DAY;
    EXPECT_SIGNAL(&a, 0, "around_the_clock", true);
    a.hours_mask = 0x0ffc00; /* sleeps */
    EXPECT_NO_SIGNAL(&a, 0, "around_the_clock");
}

static void test_request_shape_signals(void)
{
    sw_acct a;
    plain(&a);
    EXPECT_NO_SIGNAL(&a, 0, "logprobs_requests");
    a.n_logprobs = 90;
    EXPECT_SIGNAL(&a, 0, "logprobs_requests", true);
    a.n_large_max = 95;
    EXPECT_SIGNAL(&a, 0, "maximal_max_tokens", true);
    a.n_tools = 100; /* agent loops ask for long outputs by design */
    EXPECT_NO_SIGNAL(&a, 0, "maximal_max_tokens");

    plain(&a);
    a.n_extract = 80;
    a.prompt_tokens = 10000;
    a.completion_tokens = 90000;
    EXPECT_SIGNAL(&a, 0, "output_ratio", true);
    a.completion_tokens = 12000;
    EXPECT_NO_SIGNAL(&a, 0, "output_ratio");

    /* a metronome: every gap 2,000 ms gives log2 gaps with no spread */
    plain(&a);
    a.n_extract = 80;
    a.last_ts = -1;
    a.gaps = 0;
    a.gap_mean = a.gap_m2 = 0;
    sw_event ev;
    memset(&ev, 0, sizeof ev);
    sw_event_facts f;
    memset(&f, 0, sizeof f);
    for (int i = 0; i < 50; i++) {
        ev.ts_ms = T0 + i * 2000;
        sw_acct_update(&a, &ev, &f, &cfg);
    }
    CHECK(sw_acct_gap_spread(&a) < 0.01);
    EXPECT_SIGNAL(&a, 0, "regular_timing", true);
    /* a person: pauses from seconds to hours */
    sw_acct b;
    plain(&b);
    b.n_extract = 80;
    b.last_ts = -1;
    b.gaps = 0;
    b.gap_mean = b.gap_m2 = 0;
    int64_t t = T0;
    for (int i = 0; i < 50; i++) {
        t += (int64_t)(1000 << (i % 13));
        ev.ts_ms = t;
        sw_acct_update(&b, &ev, &f, &cfg);
    }
    CHECK(sw_acct_gap_spread(&b) > 2);
    EXPECT_NO_SIGNAL(&b, 0, "regular_timing");

    plain(&a);
    sw_acct_set_profile(&a, SW_VERIF_EMAIL, T0 - SW_MS_PER_DAY, 0, true);
    EXPECT_SIGNAL(&a, 0, "disposable_email", true);
}

static void test_pivot_and_mitigations(void)
{
    sw_acct a;
    plain(&a);
    a.n_extract = 60;
    a.new_model_release_ms = T0;
    a.moved_new_model_ms = T0 + 2 * SW_MS_PER_HOUR;
    a.n_new_model = 20;
    CHECK(sw_score_is_pivot(&a, &cfg));
    EXPECT_SIGNAL(&a, 0, "model_pivot", true);
    a.moved_new_model_ms = T0 + 3 * SW_MS_PER_DAY; /* days later: ordinary adoption */
    CHECK(!sw_score_is_pivot(&a, &cfg));
    EXPECT_NO_SIGNAL(&a, 0, "model_pivot");

    /* two probes on release day and the real work the next afternoon is no
     * move within hours; five requests within two hours is */
    sw_event ev;
    memset(&ev, 0, sizeof ev);
    sw_event_facts f;
    memset(&f, 0, sizeof f);
    f.new_model = true;
    f.model_release_ms = T0;
    int64_t probe_then_run[] = {2, 2, 17, 17, 17, 17};
    plain(&a);
    a.n_extract = 60;
    for (size_t i = 0; i < sizeof probe_then_run / sizeof *probe_then_run; i++) {
        ev.ts_ms = T0 + probe_then_run[i] * SW_MS_PER_HOUR;
        sw_acct_update(&a, &ev, &f, &cfg);
    }
    CHECK(a.n_new_model == 6);
    CHECK(!sw_score_is_pivot(&a, &cfg));
    plain(&a);
    a.n_extract = 60;
    for (int i = 0; i < SW_PIVOT_MOVE_REQUESTS; i++) {
        ev.ts_ms = T0 + (int64_t)(i + 1) * 20 * 60 * 1000;
        sw_acct_update(&a, &ev, &f, &cfg);
        CHECK(sw_score_is_pivot(&a, &cfg) == (i + 1 == SW_PIVOT_MOVE_REQUESTS));
    }

    plain(&a);
    a.n_homework = 80;
    EXPECT_SIGNAL(&a, 0, "coursework", false);
    plain(&a);
    a.verification = SW_VERIF_BUSINESS;
    for (int i = 0; i < 100; i++)
        sw_topk_add(&a.frames, 42);
    EXPECT_SIGNAL(&a, 0, "bounded_experiment", false);
}

static void test_cluster_signals(void)
{
    sw_cluster farm = {.created_min = -1, .created_max = -1, .size = 200, .events = 40000, .extraction_events = 32000, .weak = 170, .carded = 150,
                       .proxied = 180, .flagged_ms = -1};
    farm.links[SW_LINK_CARD] = 60;
    farm.links[SW_LINK_PREFIX] = 139;
    sw_term t[SW_MAX_TERMS];
    int n = 0;
    double farm_logit = sw_score_cluster(&farm, &cfg, t, &n);
    CHECK(sw_score_action(sw_score_squash(farm_logit), &cfg) == SW_BLOCK);
    CHECK(n >= 5);
    sw_cluster burst = farm;
    burst.created_min = T0 - 3 * SW_MS_PER_DAY;
    burst.created_max = T0;
    double burst_logit = sw_score_cluster(&burst, &cfg, t, &n);
    CHECK(burst_logit > farm_logit); /* registered within days of each other */
    sw_cluster campus = {.created_min = -1, .created_max = -1, .size = 30, .events = 900, .extraction_events = 10, .flagged_ms = -1};
    campus.links[SW_LINK_TEMPLATE] = 29;
    double campus_logit = sw_score_cluster(&campus, &cfg, t, &n);
    CHECK(!sw_action_flagged(sw_score_action(sw_score_squash(campus_logit), &cfg)));
    bool wording_only = false;
    for (int i = 0; i < n; i++)
        wording_only |= !strcmp(t[i].signal, "cluster_wording_only") && t[i].weight < 0;
    CHECK(wording_only);
}

static void test_action_ladder(void)
{
    CHECK_EQ_INT(sw_score_action(0.1, &cfg), SW_ALLOW);
    CHECK_EQ_INT(sw_score_action(cfg.t_monitor, &cfg), SW_MONITOR);
    CHECK_EQ_INT(sw_score_action(cfg.t_throttle, &cfg), SW_THROTTLE);
    CHECK_EQ_INT(sw_score_action(cfg.t_challenge, &cfg), SW_CHALLENGE);
    CHECK_EQ_INT(sw_score_action(0.999, &cfg), SW_BLOCK);
    CHECK(!sw_action_flagged(SW_MONITOR));
    CHECK(sw_action_flagged(SW_THROTTLE));
    CHECK_EQ_STR(sw_action_name(SW_CHALLENGE), "challenge");
    CHECK_NEAR(sw_score_squash(0), 0.5, 1e-12);
}

static void count_field(void *ctx, const char *name, double value, double def, const char *doc)
{
    (void)name;
    (void)doc;
    int *n = ctx;
    (*n)++;
    CHECK(value == def);
}

static void test_config_table(void)
{
    sw_detect_config c;
    sw_detect_config_defaults(&c);
    int n = 0;
    sw_detect_config_describe(&c, count_field, &n);
    CHECK(n > 30);
    CHECK_EQ_INT(sw_detect_config_set(&c, "w_bias", "-3.5"), SW_OK);
    CHECK_NEAR(c.w_bias, -3.5, 1e-12);
    CHECK_EQ_INT(sw_detect_config_set(&c, "no_such_setting", "1"), SW_ENOTFOUND);
    CHECK_EQ_INT(sw_detect_config_set(&c, "w_bias", "x"), SW_EINVAL);
    CHECK_EQ_INT(sw_detect_config_set(&c, "w_bias", "nan"), SW_EINVAL);
    char err[200];
    CHECK_EQ_INT(sw_detect_config_check(&c, err, sizeof err), SW_OK);
    c.t_block = 0.2; /* below the other thresholds */
    CHECK_EQ_INT(sw_detect_config_check(&c, err, sizeof err), SW_EINVAL);
    CHECK(strstr(err, "t_monitor") != NULL);
}

int main(void)
{
    sw_detect_config_defaults(&cfg);
    SW_TEST_RUN(test_plain_account_is_allowed);
    SW_TEST_RUN(test_content_signals);
    SW_TEST_RUN(test_heavy_and_sustained);
    SW_TEST_RUN(test_reasked_questions);
    SW_TEST_RUN(test_sweep);
    SW_TEST_RUN(test_identity);
    SW_TEST_RUN(test_verification_does_not_excuse_sustained_extraction);
    SW_TEST_RUN(test_network_signals);
    SW_TEST_RUN(test_client_and_time);
    SW_TEST_RUN(test_request_shape_signals);
    SW_TEST_RUN(test_pivot_and_mitigations);
    SW_TEST_RUN(test_cluster_signals);
    SW_TEST_RUN(test_action_ladder);
    SW_TEST_RUN(test_config_table);
    return SW_TEST_END();
}
