/*
 * test_engine.c — the detector end to end on hand-built event streams:
 * a naive scraper is flagged within 200 requests; coursework and a verified
 * benchmark run are not; a farm sharing cards and proxies becomes one
 * flagged cluster; verdicts explain themselves; memory does not grow with
 * events.
 */
#include <math.h>
#include <stdlib.h>

#include "core/error.h"
#include "core/time.h"
#include "detect/engine.h"
#include "sw_test.h"

static const int64_t T0 = 1793577600000LL; /* 2026-11-02T00:00:00Z */

static uint64_t rng = 88172645463325252ULL;
static uint32_t rnd(uint32_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng % n);
}

static sw_engine *engine(void)
{
    sw_detect_config cfg;
    sw_detect_config_defaults(&cfg);
    sw_engine *e = NULL;
    char err[256];
    if (sw_engine_new(&cfg, &e, err, sizeof err) != SW_OK) {
        fprintf(stderr, "engine: %s\n", err);
        exit(1);
    }
    return e;
}

static void profile(sw_engine *e, const char *id, sw_verification v, int64_t created, const char *card)
{
    sw_account_info info;
    memset(&info, 0, sizeof info);
    snprintf(info.account, sizeof info.account, "%s", id);
    info.verification = v;
    info.created_at_ms = created;
    snprintf(info.payment_fp, sizeof info.payment_fp, "%s", card ? card : "");
    CHECK_EQ_INT(sw_engine_add_account(e, &info), SW_OK);
}

typedef struct {
    const char *account, *ip, *ua, *model, *prompt, *system;
    int64_t ts, asn, max_tokens;
    int effort;
    const char *country;
} ev_spec;

static sw_action feed(sw_engine *e, const ev_spec *s)
{
    sw_event ev;
    memset(&ev, 0, sizeof ev);
    ev.ts_ms = s->ts;
    ev.account = s->account;
    ev.ip_text = s->ip;
    CHECK_EQ_INT(sw_ip_parse(s->ip, &ev.ip), SW_OK);
    ev.asn = s->asn;
    ev.country = s->country;
    ev.user_agent = s->ua;
    ev.endpoint_path = "/v1/chat/completions";
    ev.endpoint = SW_EP_CHAT;
    ev.model = s->model ? s->model : "atlas-3";
    ev.status = 200;
    ev.system = s->system ? s->system : "";
    ev.system_len = strlen(ev.system);
    ev.prompt = s->prompt;
    ev.prompt_len = strlen(s->prompt);
    ev.max_tokens = s->max_tokens;
    ev.temperature = NAN;
    ev.n_choices = 1;
    ev.reasoning_effort = s->effort;
    ev.prompt_tokens = (int64_t)ev.prompt_len / 4;
    ev.completion_tokens = 900;
    ev.reasoning_tokens = ev.latency_ms = -1;
    sw_action a = SW_ALLOW;
    CHECK_EQ_INT(sw_engine_feed(e, &ev, &a), SW_OK);
    return a;
}

static const char *tasks[] = {
    "Prove that the sum of the first %u odd numbers is a perfect square.",
    "Write a Python function that returns the %u-th Fibonacci number using dynamic programming.",
    "A train travels %u km in 3 hours; what is its average speed, and how would the answer change with a headwind?",
    "Find all integer solutions of x^2 - %u y^2 = 1 with y below 100.",
    "Design an algorithm for the shortest path in a graph with %u nodes and negative edges.",
    "Compute the probability of drawing %u aces from a shuffled deck in five cards.",
};

static void scraper_prompt(char *buf, size_t cap, uint32_t i)
{
    char task[200];
    snprintf(task, sizeof task, tasks[i % 6], 3 + i * 7 % 997);
    snprintf(buf, cap, "Solve the following problem. Think step by step and show your complete reasoning "
                       "before giving the final answer.\n\nProblem: %s",
             task);
}

static void test_naive_scraper_flagged_within_200(void)
{
    sw_engine *e = engine();
    profile(e, "scraper", SW_VERIF_EMAIL, T0 - 2 * SW_MS_PER_DAY, "card-s");
    int flagged_at = -1;
    char prompt[512];
    for (uint32_t i = 0; i < 400; i++) {
        scraper_prompt(prompt, sizeof prompt, i);
        ev_spec s = {"scraper", "34.120.7.9", "python-requests/2.31.0", NULL, prompt, NULL,
                     T0 + i * 1500, 396982, 32768, 0, "US"};
        if (sw_action_flagged(feed(e, &s)) && flagged_at < 0)
            flagged_at = (int)i + 1;
    }
    CHECK(flagged_at > 0 && flagged_at <= 200);
    sw_verdict v;
    size_t idx;
    CHECK_EQ_INT(sw_engine_lookup(e, "scraper", &idx), SW_OK);
    CHECK_EQ_INT(sw_engine_verdict(e, idx, &v), SW_OK);
    CHECK(sw_action_flagged(v.action));
    CHECK(v.nreasons >= 3);
    CHECK(v.first_flagged_ms >= T0 && v.first_flagged_ms <= T0 + 200 * 1500);
    CHECK_EQ_INT(v.events, 400);
    bool has_extraction = false;
    for (int i = 0; i < v.nreasons; i++) {
        CHECK(v.reasons[i].detail[0] != '\0');
        CHECK(i == 0 || v.reasons[i].weight <= v.reasons[i - 1].weight);
        has_extraction |= !strcmp(v.reasons[i].signal, "extraction_requests");
    }
    CHECK(has_extraction);
    sw_engine_free(e);
}

static void test_students_not_flagged(void)
{
    sw_engine *e = engine();
    char id[32], prompt[512];
    for (int s = 0; s < 40; s++) {
        snprintf(id, sizeof id, "student%d", s);
        profile(e, id, SW_VERIF_EDU, T0 - 40 * SW_MS_PER_DAY + s * 60000, NULL);
    }
    /* a week of evenings, campus NAT addresses shared by everyone, one course */
    for (int day = 0; day < 7; day++) {
        for (int k = 0; k < 400; k++) {
            int s = (int)rnd(40);
            snprintf(id, sizeof id, "student%d", s);
            snprintf(prompt, sizeof prompt,
                     "For my homework in calculus: find the derivative of x^%u * sin(x). Please explain step by step.",
                     rnd(9) + 2);
            char ip[32];
            snprintf(ip, sizeof ip, "128.%u.%u.%u", 30 + rnd(3), 10 + rnd(3), rnd(250) + 1);
            ev_spec sp = {id, ip, "Mozilla/5.0", NULL, prompt, NULL,
                          T0 + day * SW_MS_PER_DAY + 17 * SW_MS_PER_HOUR + k * 15000, 3, -1, 0, "US"};
            feed(e, &sp);
        }
    }
    for (size_t i = 0; i < sw_engine_account_count(e); i++) {
        sw_verdict v;
        sw_engine_verdict(e, i, &v);
        CHECK(!sw_action_flagged(v.action));
        CHECK(v.first_flagged_ms < 0);
    }
    sw_engine_free(e);
}

static void test_verified_benchmark_run_not_flagged(void)
{
    sw_engine *e = engine();
    profile(e, "evalorg", SW_VERIF_ENTERPRISE, T0 - 400 * SW_MS_PER_DAY, "card-e");
    char prompt[512];
    for (uint32_t i = 0; i < 3000; i++) {
        snprintf(prompt, sizeof prompt,
                 "Question %u: Which of the following is a prime number?\nA) %u\nB) %u\nC) %u\nD) %u\n"
                 "Think step by step, then answer with 'Answer: X'.",
                 i % 1000, 4 + i % 7, 9 + i % 5, 13 + i % 11, 21 + i % 3);
        ev_spec s = {"evalorg", "52.14.2.8", "OpenAI/Python 1.51.0", NULL, prompt, NULL, T0 + i * 2000, 16509, 2048,
                     0, "US"};
        feed(e, &s);
    }
    sw_verdict v;
    sw_engine_verdict(e, 0, &v);
    CHECK(!sw_action_flagged(v.action));
    sw_engine_free(e);
}

/* An experiment and a harvest that look alike request by request: the same
 * weakly verified profile, client, address, instructions and answer sizes.
 * The experiment asks 60 items under four instructions; the harvest asks
 * 240 different questions, both over a day. Only the harvest is flagged. */
static sw_verdict run_reasoning_account(const char *id, bool experiment)
{
    static const char *const instructions[] = {
        "Think step by step and show all of your reasoning before the final answer.",
        "Explain your reasoning in full detail, then give the final answer.",
        "Show your complete chain of thought, then state the answer.",
        "Reason through every step carefully and write out each one.",
    };
    sw_engine *e = engine();
    profile(e, id, SW_VERIF_EMAIL, T0 - 120 * SW_MS_PER_DAY, NULL);
    char task[200], prompt[512];
    for (uint32_t i = 0; i < 240; i++) {
        uint32_t item = experiment ? i % 60 : i, cond = experiment ? i / 60 : i % 4;
        snprintf(task, sizeof task, tasks[item % 6], 3 + item * 7 % 997);
        if (cond == 2)
            snprintf(prompt, sizeof prompt, "Question: %s\n%s", task, instructions[cond]);
        else
            snprintf(prompt, sizeof prompt, "%s\n\n%s", task, instructions[cond]);
        ev_spec s = {id, "141.2.17.40", "OpenAI/Python 1.51.0", cond % 2 ? "atlas-3" : "atlas-3-mini", prompt, NULL,
                     T0 + 10 * SW_MS_PER_HOUR + i * 300000 + rnd(60000), 680, 16384, 0, "DE"};
        feed(e, &s);
    }
    sw_verdict v;
    size_t idx;
    CHECK_EQ_INT(sw_engine_lookup(e, id, &idx), SW_OK);
    CHECK_EQ_INT(sw_engine_verdict(e, idx, &v), SW_OK);
    sw_engine_free(e);
    return v;
}

static void test_reasked_experiment_not_flagged(void)
{
    sw_verdict harvest = run_reasoning_account("harvest", false);
    sw_verdict experiment = run_reasoning_account("experiment", true);
    CHECK(sw_action_flagged(harvest.action));
    CHECK(!sw_action_flagged(experiment.action));
    CHECK(experiment.score < harvest.score);
    /* 240 requests: 60 new items, then each again under three more
     * instructions, less the first use of each new instruction */
    bool explained = false;
    for (int i = 0; i < experiment.nreasons; i++)
        if (!strcmp(experiment.reasons[i].signal, "extraction_requests"))
            explained = strstr(experiment.reasons[i].detail, "177 of them re-ask") != NULL;
    CHECK(explained);
    for (int i = 0; i < harvest.nreasons; i++)
        if (!strcmp(harvest.reasons[i].signal, "extraction_requests"))
            CHECK(strstr(harvest.reasons[i].detail, "re-ask") == NULL);
}

static void test_farm_becomes_one_flagged_cluster(void)
{
    sw_engine *e = engine();
    char id[32], card[16], prompt[512], ip[32];
    const int N = 60;
    for (int a = 0; a < N; a++) {
        snprintf(id, sizeof id, "farm%d", a);
        snprintf(card, sizeof card, "card%d", a / 6); /* cards shared by groups of 6 */
        profile(e, id, a % 7 == 0 ? SW_VERIF_EDU : SW_VERIF_EMAIL, T0 - SW_MS_PER_DAY + a * 60000, card);
    }
    static const int64_t isp_asns[] = {7922, 3320, 3215, 2856, 9121, 4766, 17676, 55836, 28573, 12389};
    static const char *countries[] = {"US", "DE", "FR", "GB", "TR", "KR", "JP", "IN", "BR", "RU"};
    /* round-robin over the farm, every request through a fresh proxy address */
    for (uint32_t i = 0; i < 12000; i++) {
        snprintf(id, sizeof id, "farm%u", i % N);
        uint32_t net = rnd(10);
        snprintf(ip, sizeof ip, "%u.%u.%u.%u", 60 + net, rnd(8), rnd(40), rnd(250) + 1);
        scraper_prompt(prompt, sizeof prompt, rnd(100000));
        ev_spec s = {id, ip, "python-httpx/0.27", NULL, prompt, NULL, T0 + i * 5000, isp_asns[net], 16384,
                     3, countries[net]};
        feed(e, &s);
    }
    sw_verdict v0;
    sw_engine_verdict(e, 0, &v0);
    CHECK(v0.cluster[0] != '\0');
    CHECK(v0.cluster_size >= N / 2);
    int flagged = 0, same_cluster = 0;
    for (size_t i = 0; i < sw_engine_account_count(e); i++) {
        sw_verdict v;
        sw_engine_verdict(e, i, &v);
        flagged += sw_action_flagged(v.action);
        same_cluster += !strcmp(v.cluster, v0.cluster);
        /* the gateway's quick question gets the verdict's answer, cluster evidence included */
        sw_action quick;
        double score;
        CHECK_EQ_INT(sw_engine_action(e, i, &quick, &score), SW_OK);
        CHECK_EQ_INT(quick, v.action);
        CHECK(score == v.score);
    }
    sw_action none;
    CHECK_EQ_INT(sw_engine_action(e, sw_engine_account_count(e), &none, NULL), SW_ENOTFOUND);
    CHECK(flagged >= N * 95 / 100);
    CHECK(same_cluster >= N * 9 / 10);
    sw_engine_stats st;
    sw_engine_stats_get(e, &st);
    CHECK(st.clusters >= 1);
    sw_engine_free(e);
}

/* Someone who asked a few of the same templated questions as a farm is
 * linked to it by wording alone; the farm's cards and proxies are not their
 * evidence. They carry the cluster's score only while their own traffic
 * looks like the cluster's. */
static void test_wording_only_member(void)
{
    sw_engine *e = engine();
    char id[32], card[16], prompt[512], ip[32];
    const int N = 30;
    for (int a = 0; a < N; a++) {
        snprintf(id, sizeof id, "farm%d", a);
        snprintf(card, sizeof card, "card%d", a / 6);
        profile(e, id, SW_VERIF_EMAIL, T0 - SW_MS_PER_DAY, card);
    }
    profile(e, "bystander", SW_VERIF_EMAIL, T0 - 30 * SW_MS_PER_DAY, "own-card-1");
    profile(e, "copycat", SW_VERIF_EMAIL, T0 - 30 * SW_MS_PER_DAY, "own-card-2");
    int64_t t = T0;
    for (uint32_t i = 0; i < 3000; i++, t += 5000) {
        snprintf(id, sizeof id, "farm%u", i % N);
        snprintf(ip, sizeof ip, "%u.%u.%u.%u", 60 + rnd(10), rnd(8), rnd(40), rnd(250) + 1);
        scraper_prompt(prompt, sizeof prompt, rnd(100000));
        ev_spec s = {id, ip, "python-httpx/0.27", NULL, prompt, NULL, t, 7922, 16384, 3, "US"};
        feed(e, &s);
    }
    /* both outsiders send the farm's templates from an address of their own */
    const char *outsiders[] = {"bystander", "copycat"};
    for (int o = 0; o < 2; o++) {
        for (uint32_t i = 0; i < 6; i++, t += 60000) {
            scraper_prompt(prompt, sizeof prompt, i + 1000u * (uint32_t)o);
            ev_spec s = {outsiders[o], o ? "81.2.69.160" : "81.2.70.15", "OpenAI/Python 1.55.0", NULL, prompt, NULL,
                         t, 3320, 16384, 0, "DE"};
            feed(e, &s);
        }
    }
    /* …then the bystander goes on with ordinary questions, the copycat with the farm's */
    for (uint32_t i = 0; i < 20; i++, t += 60000) {
        snprintf(prompt, sizeof prompt, "What is a good name for a cat that likes boxes? Idea %u", i);
        ev_spec b = {"bystander", "81.2.70.15", "OpenAI/Python 1.55.0", NULL, prompt, NULL, t, 3320, 512, 0, "DE"};
        feed(e, &b);
        scraper_prompt(prompt, sizeof prompt, 2000 + i);
        ev_spec c = {"copycat", "81.2.69.160", "OpenAI/Python 1.55.0", NULL, prompt, NULL, t + 1, 3320, 16384, 0, "DE"};
        feed(e, &c);
    }
    sw_verdict farm, bystander, copycat;
    size_t i0, ib, ic;
    CHECK_EQ_INT(sw_engine_lookup(e, "farm0", &i0), SW_OK);
    CHECK_EQ_INT(sw_engine_lookup(e, "bystander", &ib), SW_OK);
    CHECK_EQ_INT(sw_engine_lookup(e, "copycat", &ic), SW_OK);
    sw_engine_verdict(e, i0, &farm);
    sw_engine_verdict(e, ib, &bystander);
    sw_engine_verdict(e, ic, &copycat);
    CHECK(sw_action_flagged(farm.action));
    /* both were linked into the farm's cluster by shared templates */
    CHECK(farm.cluster[0] != '\0');
    CHECK(!strcmp(bystander.cluster, farm.cluster));
    CHECK(!strcmp(copycat.cluster, farm.cluster));
    /* only the one whose traffic looks like the farm's carries its evidence */
    CHECK(!sw_action_flagged(bystander.action));
    CHECK(bystander.score < farm.score);
    CHECK(sw_action_flagged(copycat.action));

    /* a person verified by government ID who sends the farm's templates now
     * and then over a day is linked too; an organisation is not, because
     * organisations share benchmark wording across their own accounts */
    profile(e, "id_person", SW_VERIF_ID, T0 - 90 * SW_MS_PER_DAY, "own-card-3");
    profile(e, "business", SW_VERIF_BUSINESS, T0 - 90 * SW_MS_PER_DAY, "own-card-4");
    for (uint32_t i = 0; i < 30; i++, t += 40 * 60000) {
        scraper_prompt(prompt, sizeof prompt, 3000 + i);
        ev_spec p = {"id_person", "81.2.71.7", "OpenAI/Python 1.55.0", NULL, prompt, NULL, t, 3320, 16384, 0, "DE"};
        feed(e, &p);
        scraper_prompt(prompt, sizeof prompt, 4000 + i);
        ev_spec b = {"business", "81.2.72.9", "OpenAI/Python 1.55.0", NULL, prompt, NULL, t + 1, 3320, 16384, 0, "DE"};
        feed(e, &b);
    }
    sw_verdict person, org;
    size_t ip_, ib_;
    CHECK_EQ_INT(sw_engine_lookup(e, "id_person", &ip_), SW_OK);
    CHECK_EQ_INT(sw_engine_lookup(e, "business", &ib_), SW_OK);
    sw_engine_verdict(e, i0, &farm);
    sw_engine_verdict(e, ip_, &person);
    sw_engine_verdict(e, ib_, &org);
    CHECK(!strcmp(person.cluster, farm.cluster));
    CHECK(strcmp(org.cluster, farm.cluster) != 0);
    CHECK(sw_action_flagged(person.action));
    CHECK(person.score > org.score);
    sw_engine_free(e);
}

/* The verdict at an event uses only the past: feeding a prefix of a stream
 * gives the same first_flagged_at as feeding the whole stream. */
static void test_no_look_ahead(void)
{
    int64_t first_full = -1, first_prefix = -1;
    char prompt[512];
    for (int pass = 0; pass < 2; pass++) {
        sw_engine *e = engine();
        profile(e, "s", SW_VERIF_NONE, T0, NULL);
        uint32_t n = pass == 0 ? 600 : 150;
        for (uint32_t i = 0; i < n; i++) {
            scraper_prompt(prompt, sizeof prompt, i);
            ev_spec s = {"s", "34.120.7.9", "curl/8.0", NULL, prompt, NULL, T0 + i * 1000, 396982, 32768, 0, "US"};
            feed(e, &s);
        }
        sw_verdict v;
        sw_engine_verdict(e, 0, &v);
        if (pass == 0)
            first_full = v.first_flagged_ms;
        else
            first_prefix = v.first_flagged_ms;
        sw_engine_free(e);
    }
    CHECK(first_full >= 0);
    CHECK_EQ_INT(first_full, first_prefix);
}

static void test_memory_grows_with_accounts_not_events(void)
{
    sw_engine *e = engine();
    char id[32], prompt[256], ip[32];
    sw_engine_stats a, b;
    for (int round = 0; round < 2; round++) {
        for (uint32_t i = 0; i < 40000; i++) {
            snprintf(id, sizeof id, "user%u", i % 1000);
            snprintf(prompt, sizeof prompt, "How do I cook rice number %u with %u cups of water?", rnd(1000000),
                     rnd(9));
            snprintf(ip, sizeof ip, "81.%u.%u.%u", rnd(250), rnd(250), rnd(250));
            ev_spec s = {id, ip, "Mozilla/5.0", NULL, prompt, NULL, T0 + (round * 40000 + i) * 100, 3320, -1, 0, "DE"};
            feed(e, &s);
        }
        sw_engine_stats_get(e, round == 0 ? &a : &b);
    }
    CHECK_EQ_INT(a.accounts, 1000);
    CHECK_EQ_INT(b.events, 80000);
    CHECK_EQ_INT(a.bytes, b.bytes);
    sw_engine_free(e);
}

/* System prompts: their signals apply to every turn, whether the text is
 * scanned or remembered (another account's, or one the account sent two
 * turns ago), and a long one is told apart by its tail as well. */
static int elicit_seen[8];
static int n_seen;
static void record_elicits(void *ctx, const sw_event *ev, const struct sw_event_facts *f, double score)
{
    (void)ctx, (void)ev, (void)score;
    if (n_seen < 8)
        elicit_seen[n_seen] = f->elicits;
    n_seen++;
}

static void test_system_prompt_signals(void)
{
    static const char eliciting[] = "Always think step by step and show your complete reasoning before answering.";
    static const char neutral[] = "You are a helpful assistant for a cooking website.";
    sw_engine *e = engine();
    const char *order[] = {eliciting, neutral, eliciting, neutral};
    for (int acct = 0; acct < 2; acct++) {
        n_seen = 0;
        sw_engine_set_trace(e, acct ? "sys-b" : "sys-a", record_elicits, NULL);
        for (int i = 0; i < 4; i++) {
            ev_spec s = {acct ? "sys-b" : "sys-a", "81.2.3.4", "Mozilla/5.0", NULL,
                         i % 2 ? "What is the capital of France?" : "Name a good dessert with apples.",
                         order[(i + acct) % 4], T0 + (acct * 4 + i) * 1000, 3320, -1, 0, "DE"};
            feed(e, &s);
        }
        CHECK_EQ_INT(n_seen, 4);
        for (int i = 0; i < 4; i++)
            CHECK_EQ_INT(elicit_seen[i], order[(i + acct) % 4] == eliciting);
    }
    /* two long system prompts of one length that differ only at the end */
    size_t n = 6000;
    char *a = malloc(n + 1), *b = malloc(n + 1);
    CHECK(a && b);
    if (a && b) {
        for (size_t k = 0; k < n; k++)
            a[k] = b[k] = "recipe notes "[k % 13];
        static const char tail_e[] = " Think step by step and show all your reasoning.";
        static const char tail_n[] = " Keep every answer short and friendly, please ok";
        _Static_assert(sizeof tail_e == sizeof tail_n, "same length");
        memcpy(a + n - (sizeof tail_e - 1), tail_e, sizeof tail_e - 1);
        memcpy(b + n - (sizeof tail_n - 1), tail_n, sizeof tail_n - 1);
        a[n] = b[n] = '\0';
        n_seen = 0;
        sw_engine_set_trace(e, "sys-c", record_elicits, NULL);
        const char *sys[] = {b, a, b};
        for (int i = 0; i < 3; i++) {
            ev_spec s = {"sys-c", "81.2.3.5", "Mozilla/5.0", NULL, "Name a good dessert with apples.", sys[i],
                         T0 + 100000 + i * 1000, 3320, -1, 0, "DE"};
            feed(e, &s);
        }
        CHECK_EQ_INT(n_seen, 3);
        CHECK_EQ_INT(elicit_seen[0], 0);
        CHECK_EQ_INT(elicit_seen[1], 1);
        CHECK_EQ_INT(elicit_seen[2], 0);
    }
    free(a);
    free(b);
    sw_engine_set_trace(e, NULL, NULL, NULL);
    sw_engine_free(e);
}

int main(void)
{
    SW_TEST_RUN(test_naive_scraper_flagged_within_200);
    SW_TEST_RUN(test_students_not_flagged);
    SW_TEST_RUN(test_verified_benchmark_run_not_flagged);
    SW_TEST_RUN(test_reasked_experiment_not_flagged);
    SW_TEST_RUN(test_farm_becomes_one_flagged_cluster);
    SW_TEST_RUN(test_wording_only_member);
    SW_TEST_RUN(test_no_look_ahead);
    SW_TEST_RUN(test_memory_grows_with_accounts_not_events);
    SW_TEST_RUN(test_system_prompt_signals);
    return SW_TEST_END();
}
