/*
 * eval.c — `stillwatch eval`: verdicts against labels.
 *
 *   stillwatch eval --labels labels.json --verdicts verdicts.jsonl --events events.jsonl
 *                   [--json] [--min-recall R] [--min-campaign-recall R]
 *                   [--max-fpr F] [--max-population-fpr F] [--max-median-hours H]
 *
 * Labels are "legit:<population>" or "attack:<campaign>". Flagged means
 * throttle, challenge or block. Time to flag is measured from an attacker's
 * first event (read from the events file) to its first_flagged_at; an
 * attacker never flagged counts as infinitely late, so the median is only
 * finite when more than half of the attackers were flagged. With --min-* /
 * --max-* the command exits 1 when a figure misses its bound, naming it.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/opts.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/event.h"
#include "core/lines.h"
#include "core/strmap.h"
#include "core/time.h"

typedef struct {
    const char *label; /* points into the labels tree */
    bool seen;         /* has a verdict */
    bool flagged;
    int64_t first_event, first_flagged;
} entry;

typedef struct {
    const char *label;
    uint32_t accounts, flagged;
} population;

static void usage(FILE *f)
{
    fprintf(f, "usage: stillwatch eval --labels FILE --verdicts FILE --events FILE [--json]\n"
               "                       [--min-recall R] [--min-campaign-recall R] [--max-fpr F]\n"
               "                       [--max-population-fpr F] [--max-median-hours H]\n");
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

static bool is_attack(const char *label)
{
    return !strncmp(label, "attack:", 7);
}

typedef struct {
    sw_strmap *ids;
    entry *entries;
    size_t n;
    population *pops;
    size_t npops;
    uint64_t unlabelled, bad_lines;
} eval_state;

static int load_labels(eval_state *s, const char *path, cJSON **tree)
{
    size_t len;
    char *text = sw_read_file(path, &len);
    if (!text) {
        fprintf(stderr, "stillwatch eval: cannot read %s: %s\n", path, strerror(errno));
        return 1;
    }
    *tree = cJSON_ParseWithLength(text, len);
    free(text);
    if (!*tree || !cJSON_IsObject(*tree)) {
        fprintf(stderr, "%s:1: labels must be one JSON object mapping account ids to labels\n", path);
        return 1;
    }
    size_t count = (size_t)cJSON_GetArraySize(*tree);
    s->entries = calloc(count ? count : 1, sizeof *s->entries);
    s->pops = calloc(count ? count : 1, sizeof *s->pops);
    if (!s->entries || !s->pops)
        return 1;
    const cJSON *item;
    cJSON_ArrayForEach(item, *tree)
    {
        if (!cJSON_IsString(item)) {
            fprintf(stderr, "%s: label of '%s' is not a string\n", path, item->string);
            return 1;
        }
        uint32_t idx = (uint32_t)s->n;
        int inserted;
        if (sw_strmap_get_or_put(s->ids, item->string, &idx, 1, &inserted, NULL) != SW_OK)
            return 1;
        if (inserted)
            s->n++;
        s->entries[idx] = (entry){item->valuestring, false, false, -1, -1};
    }
    return 0;
}

static int load_verdicts(eval_state *s, const char *path)
{
    sw_lines in;
    if (sw_lines_open(&in, path) != SW_OK) {
        fprintf(stderr, "stillwatch eval: cannot open %s: %s\n", path, strerror(errno));
        return 1;
    }
    const char *line;
    size_t len;
    while (sw_lines_next(&in, &line, &len) == SW_OK) {
        if (!len)
            continue;
        cJSON *v = cJSON_ParseWithLength(line, len);
        const cJSON *acct = cJSON_GetObjectItemCaseSensitive(v, "account");
        const cJSON *verdict = cJSON_GetObjectItemCaseSensitive(v, "verdict");
        const cJSON *ff = cJSON_GetObjectItemCaseSensitive(v, "first_flagged_at");
        if (!cJSON_IsString(acct) || !cJSON_IsString(verdict)) {
            fprintf(stderr, "%s:%llu: not a verdict (needs string fields account and verdict)\n",
                    sw_lines_display_name(&in), (unsigned long long)in.lineno);
            s->bad_lines++;
            cJSON_Delete(v);
            continue;
        }
        uint32_t idx;
        if (sw_strmap_get_or_put(s->ids, acct->valuestring, &idx, 0, NULL, NULL) != SW_OK) {
            s->unlabelled++;
        } else {
            entry *e = &s->entries[idx];
            const char *vs = verdict->valuestring;
            e->seen = true;
            e->flagged = !strcmp(vs, "throttle") || !strcmp(vs, "challenge") || !strcmp(vs, "block");
            if (cJSON_IsString(ff) && sw_time_parse(ff->valuestring, strlen(ff->valuestring), &e->first_flagged) != SW_OK)
                e->first_flagged = -1;
        }
        cJSON_Delete(v);
    }
    sw_lines_close(&in);
    return 0;
}

/* First event time per labelled account: only ts and account are needed, but
 * the full parser is used so that the same lines count as malformed here as
 * in scan. */
static int load_first_events(eval_state *s, const char *path)
{
    sw_lines in;
    if (sw_lines_open(&in, path) != SW_OK) {
        fprintf(stderr, "stillwatch eval: cannot open %s: %s\n", path, strerror(errno));
        return 1;
    }
    sw_event_parser *p;
    if (sw_event_parser_new(&p) != SW_OK) {
        sw_lines_close(&in);
        return 1;
    }
    const char *line;
    size_t len;
    while (sw_lines_next(&in, &line, &len) == SW_OK) {
        sw_event ev;
        char err[200];
        if (!len || sw_event_parse(p, line, len, &ev, err, sizeof err) != SW_OK)
            continue;
        uint32_t idx;
        if (sw_strmap_get_or_put(s->ids, ev.account, &idx, 0, NULL, NULL) == SW_OK) {
            entry *e = &s->entries[idx];
            if (e->first_event < 0 || ev.ts_ms < e->first_event)
                e->first_event = ev.ts_ms;
        }
    }
    sw_event_parser_free(p);
    sw_lines_close(&in);
    return 0;
}

static population *pop_of(eval_state *s, const char *label)
{
    for (size_t i = 0; i < s->npops; i++)
        if (!strcmp(s->pops[i].label, label))
            return &s->pops[i];
    s->pops[s->npops] = (population){label, 0, 0};
    return &s->pops[s->npops++];
}

static int by_label(const void *a, const void *b)
{
    return strcmp(((const population *)a)->label, ((const population *)b)->label);
}

int sw_cmd_eval(int argc, char **argv)
{
    const char *labels = NULL, *verdicts = NULL, *events = NULL;
    bool json = false, bad = false;
    double min_recall = -1, min_campaign = -1, max_fpr = 2, max_pop_fpr = 2, max_median_h = INFINITY;
    for (int i = 1; i < argc && !bad; i++) {
        const char *v;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(argv[i], "--json")) {
            json = true;
        } else if (sw_opt_value(argc, argv, &i, "--labels", &v, &bad)) {
            labels = v;
        } else if (sw_opt_value(argc, argv, &i, "--verdicts", &v, &bad)) {
            verdicts = v;
        } else if (sw_opt_value(argc, argv, &i, "--events", &v, &bad)) {
            events = v;
        } else if (sw_opt_value(argc, argv, &i, "--min-recall", &v, &bad)) {
            bad = bad || !sw_opt_double("eval", "--min-recall", v, 0, 1, &min_recall);
        } else if (sw_opt_value(argc, argv, &i, "--min-campaign-recall", &v, &bad)) {
            bad = bad || !sw_opt_double("eval", "--min-campaign-recall", v, 0, 1, &min_campaign);
        } else if (sw_opt_value(argc, argv, &i, "--max-fpr", &v, &bad)) {
            bad = bad || !sw_opt_double("eval", "--max-fpr", v, 0, 1, &max_fpr);
        } else if (sw_opt_value(argc, argv, &i, "--max-population-fpr", &v, &bad)) {
            bad = bad || !sw_opt_double("eval", "--max-population-fpr", v, 0, 1, &max_pop_fpr);
        } else if (sw_opt_value(argc, argv, &i, "--max-median-hours", &v, &bad)) {
            bad = bad || !sw_opt_double("eval", "--max-median-hours", v, 0, 1e9, &max_median_h);
        } else {
            fprintf(stderr, "stillwatch eval: unknown option '%s'\n", argv[i]);
            bad = true;
        }
    }
    if (bad)
        return 2;
    if (!labels || !verdicts || !events) {
        usage(stderr);
        return 2;
    }

    eval_state s;
    memset(&s, 0, sizeof s);
    s.ids = sw_strmap_new();
    cJSON *tree = NULL;
    int status = !s.ids || load_labels(&s, labels, &tree) || load_verdicts(&s, verdicts) ||
                 load_first_events(&s, events);
    if (status) {
        cJSON_Delete(tree);
        free(s.entries);
        free(s.pops);
        sw_strmap_free(s.ids);
        return 1;
    }

    uint32_t att = 0, att_flagged = 0, legit = 0, legit_flagged = 0;
    int64_t *delays = calloc(s.n ? s.n : 1, sizeof *delays);
    size_t ndelays = 0;
    for (size_t i = 0; i < s.n; i++) {
        entry *e = &s.entries[i];
        if (!e->seen)
            continue; /* labelled but absent from the traffic */
        population *p = pop_of(&s, e->label);
        p->accounts++;
        p->flagged += e->flagged;
        if (is_attack(e->label)) {
            att++;
            att_flagged += e->flagged;
            if (delays)
                delays[ndelays++] = e->flagged && e->first_flagged >= 0 && e->first_event >= 0
                                        ? (e->first_flagged > e->first_event ? e->first_flagged - e->first_event : 0)
                                        : INT64_MAX;
        } else {
            legit++;
            legit_flagged += e->flagged;
        }
    }
    qsort(s.pops, s.npops, sizeof *s.pops, by_label);
    double median_h = INFINITY;
    if (delays && ndelays) {
        qsort(delays, ndelays, sizeof *delays, cmp_i64);
        int64_t mid = ndelays % 2 ? delays[ndelays / 2]
                                  : (delays[ndelays / 2 - 1] == INT64_MAX || delays[ndelays / 2] == INT64_MAX
                                         ? INT64_MAX
                                         : (delays[ndelays / 2 - 1] + delays[ndelays / 2]) / 2);
        if (mid != INT64_MAX)
            median_h = (double)mid / SW_MS_PER_HOUR;
    }
    free(delays);
    double recall = att ? (double)att_flagged / att : 1, fpr = legit ? (double)legit_flagged / legit : 0;
    double worst_campaign = 1, worst_pop_fpr = 0;
    for (size_t i = 0; i < s.npops; i++) {
        double r = (double)s.pops[i].flagged / s.pops[i].accounts;
        if (is_attack(s.pops[i].label) && r < worst_campaign)
            worst_campaign = r;
        if (!is_attack(s.pops[i].label) && r > worst_pop_fpr)
            worst_pop_fpr = r;
    }

    if (json) {
        printf("{\"recall\":%.4f,\"false_positive_rate\":%.4f,\"median_hours_to_flag\":", recall, fpr);
        if (isfinite(median_h))
            printf("%.3f", median_h);
        else
            printf("null");
        printf(",\"attackers\":%u,\"legitimate\":%u,\"populations\":{", att, legit);
        for (size_t i = 0; i < s.npops; i++)
            printf("%s\"%s\":{\"accounts\":%u,\"flagged\":%u,\"rate\":%.4f}", i ? "," : "", s.pops[i].label,
                   s.pops[i].accounts, s.pops[i].flagged, (double)s.pops[i].flagged / s.pops[i].accounts);
        printf("}}\n");
    } else {
        printf("%-24s %9s %8s %8s\n", "population", "accounts", "flagged", "rate");
        for (size_t i = 0; i < s.npops; i++)
            printf("%-24s %9u %8u %7.1f%%\n", s.pops[i].label, s.pops[i].accounts, s.pops[i].flagged,
                   100.0 * s.pops[i].flagged / s.pops[i].accounts);
        printf("\nrecall over attacker accounts: %.3f (%u of %u flagged)\n", recall, att_flagged, att);
        printf("false-positive rate over legitimate accounts: %.4f (%u of %u flagged)\n", fpr, legit_flagged, legit);
        printf("lowest campaign recall: %.3f; highest population false-positive rate: %.3f\n", worst_campaign,
               worst_pop_fpr);
        if (isfinite(median_h))
            printf("median time from an attacker's first event to its flag: %.2f h\n", median_h);
        else
            printf("median time from an attacker's first event to its flag: never (most attackers not flagged)\n");
        if (s.unlabelled)
            printf("verdicts without a label: %llu\n", (unsigned long long)s.unlabelled);
    }

    int fails = 0;
#define BOUND(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "stillwatch eval: " __VA_ARGS__);                                      \
            fails++;                                                                               \
        }                                                                                          \
    } while (0)
    BOUND(recall >= min_recall, "recall %.3f is below %.3f\n", recall, min_recall);
    BOUND(worst_campaign >= min_campaign, "a campaign's recall %.3f is below %.3f\n", worst_campaign, min_campaign);
    BOUND(fpr <= max_fpr, "false-positive rate %.4f is above %.4f\n", fpr, max_fpr);
    BOUND(worst_pop_fpr <= max_pop_fpr, "a population's false-positive rate %.3f is above %.3f\n", worst_pop_fpr,
          max_pop_fpr);
    BOUND(median_h <= max_median_h, "median time to flag %.2f h is above %.2f h\n", median_h, max_median_h);
#undef BOUND
    cJSON_Delete(tree);
    free(s.entries);
    free(s.pops);
    sw_strmap_free(s.ids);
    return fails ? 1 : 0;
}
