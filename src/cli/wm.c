/*
 * wm.c — `stillwatch wm`: watermark detection in texts, corpora and models.
 *
 *   stillwatch wm detect KEY SCHEME --tokenizer T [--no-dedup] [FILE|-]
 *   stillwatch wm scan KEY SCHEME --tokenizer T [--field NAME] [--id-field NAME]
 *                      [--summary] CORPUS.jsonl|-
 *   stillwatch wm radioactivity KEY SCHEME --tokenizer T --endpoint URL --model M
 *                      --prompts FILE [--samples N] [--max-tokens N] [--temperature X]
 *                      [--chat] [--api-key-env VAR] [--seed N] [--alpha A] [--save FILE]
 *   stillwatch wm keygen
 *
 *   KEY    = --key HEX | --key-file FILE | --key-env VAR
 *   SCHEME = --scheme kgw|gumbel [--gamma G] [--delta D] [--context prev|window:K]
 *            [--self-hash]
 *
 * Every result is one JSON object per line on stdout. Embedding is not a
 * command: model servers call the library (docs/watermarking.md). This file
 * parses arguments, reads inputs and prints; the statistics are library
 * calls.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/opts.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/lines.h"
#include "wm/oai.h"
#include "wm/stats.h"
#include "wm/textids.h"
#include "wm/wm.h"

#define MAX_REPORTED_ERRORS 50
#define MAX_TEXT_BYTES (1u << 30)

static void usage(FILE *f)
{
    fprintf(f,
            "usage: stillwatch wm detect KEY SCHEME --tokenizer T [--no-dedup] [FILE|-]\n"
            "       stillwatch wm scan KEY SCHEME --tokenizer T [--field NAME] [--id-field NAME]\n"
            "                          [--summary] CORPUS.jsonl|-\n"
            "       stillwatch wm radioactivity KEY SCHEME --tokenizer T --endpoint URL --model M\n"
            "                          --prompts FILE [--samples N] [--max-tokens N] [--temperature X]\n"
            "                          [--chat] [--api-key-env VAR] [--seed N] [--alpha A] [--save FILE]\n"
            "       stillwatch wm keygen\n"
            "\n"
            "  KEY    --key HEX | --key-file FILE | --key-env VAR   (16 to 64 bytes, hex)\n"
            "  SCHEME --scheme kgw|gumbel [--gamma G] [--delta D] [--context prev|window:K] [--self-hash]\n"
            "  T      words:VOCAB, cl100k_base, o200k_base, tiktoken:PATH, hf:PATH, spm:PATH\n"
            "\n"
            "detect scores one text; scan scores each document of a JSON Lines corpus (field\n"
            "\"text\") and the corpus as a whole (pooled test over distinct tuples, and\n"
            "Fisher's method over documents); radioactivity queries a suspect model through an\n"
            "OpenAI-compatible API and tests its outputs. Repeated (context, token) tuples are\n"
            "scored once. p-values are exact (binomial for kgw, Gamma for gumbel).\n");
}

/* ---- shared options ------------------------------------------------------ */

typedef struct common {
    const char *key_hex, *key_file, *key_env;
    const char *scheme, *context, *tokenizer;
    const char *gamma, *delta;
    bool self_hash;
    const char *input; /* the positional argument */
} common;

/* Consumes argv[*i] if it is a shared option; sets *bad on a usage error. */
static bool common_opt(int argc, char **argv, int *i, common *c, bool *bad)
{
    if (sw_opt_value(argc, argv, i, "--key", &c->key_hex, bad) ||
        sw_opt_value(argc, argv, i, "--key-file", &c->key_file, bad) ||
        sw_opt_value(argc, argv, i, "--key-env", &c->key_env, bad) ||
        sw_opt_value(argc, argv, i, "--scheme", &c->scheme, bad) ||
        sw_opt_value(argc, argv, i, "--context", &c->context, bad) ||
        sw_opt_value(argc, argv, i, "--gamma", &c->gamma, bad) ||
        sw_opt_value(argc, argv, i, "--delta", &c->delta, bad) ||
        sw_opt_value(argc, argv, i, "--tokenizer", &c->tokenizer, bad))
        return true;
    if (!strcmp(argv[*i], "--self-hash")) {
        c->self_hash = true;
        return true;
    }
    return false;
}

static char *read_all(FILE *f, size_t *n)
{
    sw_buf b;
    sw_buf_init(&b);
    if (sw_buf_read(&b, f, MAX_TEXT_BYTES) != SW_OK) {
        sw_buf_free(&b);
        return NULL;
    }
    *n = b.len;
    return b.data;
}

/* Reads the secret; returns 0, or 1 (failure) / 2 (usage) after reporting. */
static int load_secret(const char *cmd, const common *c, uint8_t secret[SW_WM_MAX_SECRET], size_t *len)
{
    int given = (c->key_hex != NULL) + (c->key_file != NULL) + (c->key_env != NULL);
    if (given != 1) {
        fprintf(stderr, "stillwatch wm %s: give the key once: --key HEX, --key-file FILE or --key-env VAR\n", cmd);
        return 2;
    }
    char *text = NULL;
    const char *hex = c->key_hex;
    if (c->key_env && !(hex = getenv(c->key_env))) {
        fprintf(stderr, "stillwatch wm %s: environment variable %s is not set\n", cmd, c->key_env);
        return 1;
    }
    if (c->key_file) {
        FILE *f = fopen(c->key_file, "r");
        size_t n;
        if (!f || !(text = read_all(f, &n))) {
            fprintf(stderr, "stillwatch wm %s: cannot read key file %s: %s\n", cmd, c->key_file, strerror(errno));
            if (f)
                fclose(f);
            return 1;
        }
        fclose(f);
        hex = text;
    }
    int rc = sw_wm_secret_from_hex(hex, secret, len);
    if (text) {
        sodium_memzero(text, strlen(text));
        free(text);
    }
    if (rc != SW_OK) {
        fprintf(stderr, "stillwatch wm %s: the key must be 32 to 128 hex digits (16 to 64 bytes)%s%s\n", cmd,
                c->key_file ? " in " : "", c->key_file ? c->key_file : "");
        return c->key_file ? 1 : 2;
    }
    return 0;
}

/* Builds the watermark handle and the tokenizer from the shared options. */
static int setup(const char *cmd, const common *c, sw_wm **wm, sw_wm_textids **tok)
{
    *wm = NULL;
    *tok = NULL;
    sw_wm_params p;
    if (!c->scheme) {
        fprintf(stderr, "stillwatch wm %s: --scheme kgw|gumbel is required\n", cmd);
        return 2;
    }
    if (!strcmp(c->scheme, "kgw")) {
        sw_wm_params_default(&p, SW_WM_KGW);
    } else if (!strcmp(c->scheme, "gumbel")) {
        sw_wm_params_default(&p, SW_WM_GUMBEL);
    } else {
        fprintf(stderr, "stillwatch wm %s: unknown scheme '%s' (kgw or gumbel)\n", cmd, c->scheme);
        return 2;
    }
    if ((c->gamma || c->delta) && p.scheme != SW_WM_KGW) {
        fprintf(stderr, "stillwatch wm %s: --gamma and --delta belong to the kgw scheme\n", cmd);
        return 2;
    }
    if (c->gamma && !sw_opt_double(cmd, "--gamma", c->gamma, 1e-6, 1 - 1e-6, &p.gamma))
        return 2;
    if (c->delta && !sw_opt_double(cmd, "--delta", c->delta, 0, 100, &p.delta))
        return 2;
    if (c->context && strcmp(c->context, "prev") != 0) {
        unsigned long long k;
        if (strncmp(c->context, "window:", 7) != 0 || !sw_opt_u64(cmd, "--context window:K", c->context + 7, &k) ||
            k < 1 || k > SW_WM_MAX_WINDOW) {
            fprintf(stderr, "stillwatch wm %s: --context must be prev or window:K with K in 1..%d\n", cmd,
                    SW_WM_MAX_WINDOW);
            return 2;
        }
        p.window = (unsigned)k;
    }
    p.self_hash = c->self_hash;
    if (!c->tokenizer) {
        fprintf(stderr, "stillwatch wm %s: --tokenizer is required (words:VOCAB, cl100k_base, ...)\n", cmd);
        return 2;
    }
    uint8_t secret[SW_WM_MAX_SECRET];
    size_t len;
    int rc = load_secret(cmd, c, secret, &len);
    if (rc)
        return rc;
    char err[512];
    rc = sw_wm_new(wm, secret, len, &p, err, sizeof err);
    sodium_memzero(secret, sizeof secret);
    if (rc != SW_OK) {
        fprintf(stderr, "stillwatch wm %s: %s\n", cmd, rc == SW_ENOMEM ? "out of memory" : err);
        return rc == SW_EINVAL ? 2 : 1;
    }
    rc = sw_wm_textids_open(tok, c->tokenizer, err, sizeof err);
    if (rc != SW_OK) {
        fprintf(stderr, "%s\n", rc == SW_ENOMEM ? "stillwatch wm: out of memory" : err);
        sw_wm_free(*wm);
        *wm = NULL;
        return rc == SW_EINVAL ? 2 : 1;
    }
    return 0;
}

static void put_scheme(sw_buf *b, const sw_wm *wm)
{
    const sw_wm_params *p = sw_wm_get_params(wm);
    sw_json_kv_str(b, "scheme", p->scheme == SW_WM_KGW ? "kgw" : "gumbel");
    if (p->scheme == SW_WM_KGW) {
        sw_json_kv_num(b, "gamma", p->gamma);
        sw_json_kv_num(b, "delta", p->delta);
    }
    char ctx[32];
    if (p->window == 1)
        snprintf(ctx, sizeof ctx, "prev");
    else
        snprintf(ctx, sizeof ctx, "window:%u", p->window);
    sw_json_kv_str(b, "context", ctx);
    sw_json_kv_bool(b, "self_hash", p->self_hash);
}

/* The test's figures as members of the current object. */
static void put_result(sw_buf *b, const sw_wm *wm, const sw_wm_tally *t)
{
    sw_wm_result r;
    sw_wm_tally_result(wm, t, &r);
    bool kgw = sw_wm_get_params(wm)->scheme == SW_WM_KGW;
    sw_json_kv_int(b, "tokens", (int64_t)t->tokens);
    sw_json_kv_int(b, "scored", (int64_t)t->scored);
    sw_json_kv_int(b, "repeats", (int64_t)t->repeats);
    if (kgw)
        sw_json_kv_int(b, "green", (int64_t)t->green);
    sw_json_kv_num(b, "score", r.scored ? r.statistic / (double)r.scored : 0);
    sw_json_kv_num(b, "statistic", r.statistic);
    sw_json_kv_num(b, "z", r.z);
    sw_json_kv_num(b, "p_value", r.p);
    sw_json_kv_num(b, "log10_p", r.ln_p / log(10));
}

static int flush(sw_buf *b)
{
    sw_json_newline(b);
    if (sw_buf_write(b, stdout) != SW_OK) {
        fprintf(stderr, "stillwatch wm: cannot write the output\n");
        return 1;
    }
    sw_buf_reset(b);
    return 0;
}

/* ---- detect -------------------------------------------------------------- */

static int cmd_detect(int argc, char **argv)
{
    common c = {0};
    bool bad = false, no_dedup = false;
    for (int i = 1; i < argc && !bad; i++) {
        if (common_opt(argc, argv, &i, &c, &bad))
            continue;
        if (!strcmp(argv[i], "--no-dedup")) {
            no_dedup = true;
        } else if (!strcmp(argv[i], "--help")) {
            usage(stdout);
            return 0;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "stillwatch wm detect: unknown option '%s'\n", argv[i]);
            return 2;
        } else if (c.input) {
            fprintf(stderr, "stillwatch wm detect: one input only\n");
            return 2;
        } else {
            c.input = argv[i];
        }
    }
    if (bad)
        return 2;
    sw_wm *wm;
    sw_wm_textids *tok;
    int rc = setup("detect", &c, &wm, &tok);
    if (rc)
        return rc;
    const char *path = c.input ? c.input : "-";
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    size_t n = 0;
    char *text = f ? read_all(f, &n) : NULL;
    if (!text) {
        fprintf(stderr, "stillwatch wm detect: cannot read %s: %s\n", path, f ? "read error or over 1 GiB" : strerror(errno));
        rc = 1;
    }
    if (f && f != stdin)
        fclose(f);
    uint32_t *ids = NULL;
    size_t nids = 0;
    sw_wm_seen *seen = NULL;
    sw_wm_tally t = {0};
    if (!rc && (sw_wm_textids_encode(tok, text, n, &ids, &nids) != SW_OK ||
                (!no_dedup && sw_wm_seen_new(&seen) != SW_OK) || sw_wm_score(wm, ids, nids, seen, &t) != SW_OK)) {
        fprintf(stderr, "stillwatch wm detect: out of memory\n");
        rc = 1;
    }
    if (!rc) {
        sw_buf b;
        sw_buf_init(&b);
        sw_json_obj_begin(&b);
        sw_json_kv_str(&b, "input", path);
        put_scheme(&b, wm);
        sw_json_kv_bool(&b, "dedup", !no_dedup);
        put_result(&b, wm, &t);
        sw_json_obj_end(&b);
        rc = flush(&b);
        sw_buf_free(&b);
    }
    free(ids);
    free(text);
    sw_wm_seen_free(seen);
    sw_wm_textids_free(tok);
    sw_wm_free(wm);
    return rc;
}

/* ---- scan ---------------------------------------------------------------- */

typedef struct scan_state {
    sw_wm *wm;
    sw_wm_textids *tok;
    sw_wm_seen *doc_seen, *all_seen;
    sw_wm_tally all;
    uint64_t docs, bad, fisher_k;
    double fisher_sum; /* sum of ln p over documents with scored tuples */
    bool summary;
    const char *field, *id_field;
} scan_state;

/* Scores one JSON line; returns 0, or 1 on a fatal error. Malformed lines
 * are reported and counted. */
static int scan_line(scan_state *s, sw_lines *in, const char *line, size_t len, sw_buf *out)
{
    cJSON *doc = cJSON_ParseWithLength(line, len);
    const char *why = NULL;
    cJSON *text = NULL;
    if (!doc || !cJSON_IsObject(doc))
        why = "invalid JSON object";
    else if (!cJSON_IsString(text = cJSON_GetObjectItemCaseSensitive(doc, s->field)))
        why = "no string field";
    if (why) {
        if (++s->bad <= MAX_REPORTED_ERRORS)
            fprintf(stderr, "%s:%llu: %s%s%s\n", sw_lines_display_name(in), (unsigned long long)in->lineno, why,
                    doc && cJSON_IsObject(doc) ? " " : "", doc && cJSON_IsObject(doc) ? s->field : "");
        cJSON_Delete(doc);
        return 0;
    }
    uint32_t *ids = NULL;
    size_t nids = 0;
    sw_wm_tally t = {0}, dummy = {0};
    sw_wm_seen_clear(s->doc_seen);
    int rc = sw_wm_textids_encode(s->tok, text->valuestring, strlen(text->valuestring), &ids, &nids);
    if (rc == SW_OK)
        rc = sw_wm_score(s->wm, ids, nids, s->doc_seen, &t);
    if (rc == SW_OK)
        rc = sw_wm_score(s->wm, ids, nids, s->all_seen, &dummy);
    free(ids);
    if (rc != SW_OK) {
        cJSON_Delete(doc);
        fprintf(stderr, "stillwatch wm scan: out of memory\n");
        return 1;
    }
    s->docs++;
    s->all.tokens += dummy.tokens;
    s->all.scored += dummy.scored;
    s->all.repeats += dummy.repeats;
    s->all.green += dummy.green;
    s->all.score += dummy.score;
    if (t.scored) {
        sw_wm_result r;
        sw_wm_tally_result(s->wm, &t, &r);
        s->fisher_sum += r.ln_p;
        s->fisher_k++;
    }
    if (!s->summary) {
        sw_json_obj_begin(out);
        sw_json_kv_int(out, "line", (int64_t)in->lineno);
        cJSON *id = cJSON_GetObjectItemCaseSensitive(doc, s->id_field);
        if (cJSON_IsString(id))
            sw_json_kv_str(out, "id", id->valuestring);
        else if (cJSON_IsNumber(id))
            sw_json_kv_num(out, "id", id->valuedouble);
        put_result(out, s->wm, &t);
        sw_json_obj_end(out);
        sw_json_newline(out);
        if (out->len > (1u << 20) && flush(out))
            rc = 1;
    }
    cJSON_Delete(doc);
    return rc ? 1 : 0;
}

static int cmd_scan(int argc, char **argv)
{
    common c = {0};
    scan_state s = {.field = "text", .id_field = "id"};
    bool bad = false;
    for (int i = 1; i < argc && !bad; i++) {
        if (common_opt(argc, argv, &i, &c, &bad) || sw_opt_value(argc, argv, &i, "--field", &s.field, &bad) ||
            sw_opt_value(argc, argv, &i, "--id-field", &s.id_field, &bad))
            continue;
        if (!strcmp(argv[i], "--summary")) {
            s.summary = true;
        } else if (!strcmp(argv[i], "--help")) {
            usage(stdout);
            return 0;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "stillwatch wm scan: unknown option '%s'\n", argv[i]);
            return 2;
        } else if (c.input) {
            fprintf(stderr, "stillwatch wm scan: one corpus only\n");
            return 2;
        } else {
            c.input = argv[i];
        }
    }
    if (bad)
        return 2;
    if (!c.input) {
        fprintf(stderr, "stillwatch wm scan: name the corpus (a JSON Lines file, or - for standard input)\n");
        return 2;
    }
    int rc = setup("scan", &c, &s.wm, &s.tok);
    if (rc)
        return rc;
    sw_lines in;
    if (sw_lines_open(&in, c.input) != SW_OK) {
        fprintf(stderr, "stillwatch wm scan: cannot open %s: %s\n", c.input, strerror(errno));
        sw_wm_textids_free(s.tok);
        sw_wm_free(s.wm);
        return 1;
    }
    sw_buf out;
    sw_buf_init(&out);
    if (sw_wm_seen_new(&s.doc_seen) != SW_OK || sw_wm_seen_new(&s.all_seen) != SW_OK) {
        fprintf(stderr, "stillwatch wm scan: out of memory\n");
        rc = 1;
    }
    const char *line;
    size_t len;
    int lr = SW_OK;
    while (!rc && (lr = sw_lines_next(&in, &line, &len)) == SW_OK)
        if (len)
            rc = scan_line(&s, &in, line, len, &out);
    if (!rc && lr == SW_EIO) {
        fprintf(stderr, "stillwatch wm scan: read error on %s\n", sw_lines_display_name(&in));
        rc = 1;
    }
    if (!rc) {
        sw_json_obj_begin(&out);
        sw_json_kv_bool(&out, "aggregate", true);
        put_scheme(&out, s.wm);
        sw_json_kv_int(&out, "documents", (int64_t)s.docs);
        sw_json_kv_int(&out, "malformed", (int64_t)s.bad);
        sw_json_key(&out, "pooled");
        sw_json_obj_begin(&out);
        put_result(&out, s.wm, &s.all);
        sw_json_obj_end(&out);
        sw_json_key(&out, "fisher");
        sw_json_obj_begin(&out);
        sw_json_kv_int(&out, "documents", (int64_t)s.fisher_k);
        sw_json_kv_num(&out, "statistic", -2 * s.fisher_sum);
        sw_json_kv_int(&out, "dof", (int64_t)(2 * s.fisher_k));
        double lp = sw_wm_fisher_ln_p(s.fisher_sum, s.fisher_k);
        sw_json_kv_num(&out, "p_value", exp(lp));
        sw_json_kv_num(&out, "log10_p", lp / log(10));
        sw_json_obj_end(&out);
        sw_json_obj_end(&out);
        rc = flush(&out);
    }
    if (s.bad > MAX_REPORTED_ERRORS)
        fprintf(stderr, "stillwatch wm scan: %llu malformed lines in all\n", (unsigned long long)s.bad);
    sw_buf_free(&out);
    sw_lines_close(&in);
    sw_wm_seen_free(s.doc_seen);
    sw_wm_seen_free(s.all_seen);
    sw_wm_textids_free(s.tok);
    sw_wm_free(s.wm);
    return rc;
}

/* ---- radioactivity ------------------------------------------------------- */

typedef struct prompt_list {
    char **items;
    size_t n, cap;
} prompt_list;

static void prompts_free(prompt_list *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->items[i]);
    free(p->items);
}

/* One prompt per line; a line that is a JSON object gives its "prompt". */
static int prompts_load(const char *path, prompt_list *p)
{
    sw_lines in;
    if (sw_lines_open(&in, path) != SW_OK) {
        fprintf(stderr, "stillwatch wm radioactivity: cannot open %s: %s\n", path, strerror(errno));
        return 1;
    }
    const char *line;
    size_t len;
    int rc = 0;
    while (!rc && sw_lines_next(&in, &line, &len) == SW_OK) {
        if (!len)
            continue;
        char *text = NULL;
        if (line[0] == '{') {
            cJSON *o = cJSON_ParseWithLength(line, len);
            cJSON *pr = o ? cJSON_GetObjectItemCaseSensitive(o, "prompt") : NULL;
            if (!cJSON_IsString(pr)) {
                fprintf(stderr, "%s:%llu: expected a JSON object with a string \"prompt\"\n",
                        sw_lines_display_name(&in), (unsigned long long)in.lineno);
                rc = 1;
            } else {
                text = strdup(pr->valuestring);
            }
            cJSON_Delete(o);
        } else {
            text = strdup(line);
        }
        if (rc)
            break;
        if (!text || (p->n == p->cap && !(p->items = realloc(p->items, (p->cap = p->cap ? 2 * p->cap : 64) *
                                                                           sizeof *p->items)))) {
            fprintf(stderr, "stillwatch wm radioactivity: out of memory\n");
            free(text);
            rc = 1;
            break;
        }
        p->items[p->n++] = text;
    }
    sw_lines_close(&in);
    if (!rc && p->n == 0) {
        fprintf(stderr, "%s:1: no prompts\n", path);
        rc = 1;
    }
    return rc;
}

typedef struct radio_opts {
    const char *endpoint, *model, *prompts, *api_key_env, *save;
    unsigned long long samples, max_tokens;
    double temperature, alpha;
    long long seed;
    bool chat;
} radio_opts;

static int radio_parse(int argc, char **argv, common *c, radio_opts *o)
{
    bool bad = false;
    const char *samples = NULL, *max_tokens = NULL, *temperature = NULL, *alpha = NULL, *seed = NULL;
    for (int i = 1; i < argc && !bad; i++) {
        if (common_opt(argc, argv, &i, c, &bad) || sw_opt_value(argc, argv, &i, "--endpoint", &o->endpoint, &bad) ||
            sw_opt_value(argc, argv, &i, "--model", &o->model, &bad) ||
            sw_opt_value(argc, argv, &i, "--prompts", &o->prompts, &bad) ||
            sw_opt_value(argc, argv, &i, "--api-key-env", &o->api_key_env, &bad) ||
            sw_opt_value(argc, argv, &i, "--save", &o->save, &bad) ||
            sw_opt_value(argc, argv, &i, "--samples", &samples, &bad) ||
            sw_opt_value(argc, argv, &i, "--max-tokens", &max_tokens, &bad) ||
            sw_opt_value(argc, argv, &i, "--temperature", &temperature, &bad) ||
            sw_opt_value(argc, argv, &i, "--alpha", &alpha, &bad) ||
            sw_opt_value(argc, argv, &i, "--seed", &seed, &bad))
            continue;
        if (!strcmp(argv[i], "--chat")) {
            o->chat = true;
        } else if (!strcmp(argv[i], "--help")) {
            usage(stdout);
            return -1;
        } else {
            fprintf(stderr, "stillwatch wm radioactivity: unexpected argument '%s'\n", argv[i]);
            return 2;
        }
    }
    if (bad)
        return 2;
    if (!o->endpoint || !o->model || !o->prompts) {
        fprintf(stderr, "stillwatch wm radioactivity: --endpoint, --model and --prompts are required\n");
        return 2;
    }
    unsigned long long sd = 0;
    if ((samples && (!sw_opt_u64("radioactivity", "--samples", samples, &o->samples) || o->samples < 1)) ||
        (max_tokens && (!sw_opt_u64("radioactivity", "--max-tokens", max_tokens, &o->max_tokens) ||
                        o->max_tokens < 1 || o->max_tokens > 1000000)) ||
        (temperature && !sw_opt_double("radioactivity", "--temperature", temperature, 0, 10, &o->temperature)) ||
        (alpha && !sw_opt_double("radioactivity", "--alpha", alpha, 1e-300, 0.5, &o->alpha)) ||
        (seed && (!sw_opt_u64("radioactivity", "--seed", seed, &sd) || sd > (1ull << 53))))
        return 2;
    if (seed)
        o->seed = (long long)sd;
    return 0;
}

static int cmd_radioactivity(int argc, char **argv)
{
    common c = {0};
    radio_opts o = {.samples = 1, .max_tokens = 256, .temperature = 1.0, .alpha = 1e-6, .seed = -1};
    int rc = radio_parse(argc, argv, &c, &o);
    if (rc)
        return rc < 0 ? 0 : rc;
    const char *api_key = NULL;
    if (o.api_key_env && !(api_key = getenv(o.api_key_env))) {
        fprintf(stderr, "stillwatch wm radioactivity: environment variable %s is not set\n", o.api_key_env);
        return 1;
    }
    sw_wm *wm;
    sw_wm_textids *tok;
    if ((rc = setup("radioactivity", &c, &wm, &tok)))
        return rc;
    prompt_list pl = {0};
    sw_wm_seen *seen = NULL;
    FILE *save = NULL;
    uint64_t excluded = 0, responses = 0, failed = 0;
    sw_wm_tally t = {0};
    rc = prompts_load(o.prompts, &pl);
    if (!rc && sw_wm_seen_new(&seen) != SW_OK)
        rc = 1;
    if (!rc && o.save && !(save = fopen(o.save, "w"))) {
        fprintf(stderr, "stillwatch wm radioactivity: cannot write %s: %s\n", o.save, strerror(errno));
        rc = 1;
    }
    /* The prompts' own tuples first: a model that merely repeats a prompt
     * made of our watermarked text must not count as radioactive. */
    for (size_t i = 0; !rc && i < pl.n; i++) {
        uint32_t *ids;
        size_t n;
        if (sw_wm_textids_encode(tok, pl.items[i], strlen(pl.items[i]), &ids, &n) != SW_OK ||
            sw_wm_exclude(wm, ids, n, seen, &excluded) != SW_OK)
            rc = 1;
        free(ids);
    }
    for (size_t i = 0; !rc && i < pl.n; i++) {
        for (unsigned long long s = 0; !rc && s < o.samples; s++) {
            sw_wm_oai_request req = {.base_url = o.endpoint, .api_key = api_key, .model = o.model,
                                     .prompt = pl.items[i], .chat = o.chat, .max_tokens = (int)o.max_tokens,
                                     .temperature = o.temperature,
                                     .seed = o.seed >= 0 ? o.seed + (long long)(i * o.samples + s) : -1};
            char *text = NULL, err[512];
            int q = sw_wm_oai_complete(&req, &text, err, sizeof err);
            if (q == SW_ENOMEM) {
                rc = 1;
                break;
            }
            if (q != SW_OK) {
                if (++failed <= MAX_REPORTED_ERRORS)
                    fprintf(stderr, "%s:%zu: %s\n", o.prompts, i + 1, err);
                continue;
            }
            responses++;
            if (save) {
                sw_buf b;
                sw_buf_init(&b);
                sw_json_obj_begin(&b);
                sw_json_kv_str(&b, "prompt", pl.items[i]);
                sw_json_kv_str(&b, "text", text);
                sw_json_obj_end(&b);
                sw_json_newline(&b);
                sw_buf_write(&b, save);
                sw_buf_free(&b);
            }
            uint32_t *ids;
            size_t n;
            if (sw_wm_textids_encode(tok, text, strlen(text), &ids, &n) != SW_OK ||
                sw_wm_score(wm, ids, n, seen, &t) != SW_OK)
                rc = 1;
            free(ids);
            free(text);
        }
    }
    if (!rc && responses == 0) {
        fprintf(stderr, "stillwatch wm radioactivity: no response from %s\n", o.endpoint);
        rc = 1;
    }
    if (!rc) {
        sw_wm_result r;
        sw_wm_tally_result(wm, &t, &r);
        sw_buf b;
        sw_buf_init(&b);
        sw_json_obj_begin(&b);
        sw_json_kv_str(&b, "endpoint", o.endpoint);
        sw_json_kv_str(&b, "model", o.model);
        put_scheme(&b, wm);
        sw_json_kv_int(&b, "prompts", (int64_t)pl.n);
        sw_json_kv_int(&b, "responses", (int64_t)responses);
        sw_json_kv_int(&b, "failed", (int64_t)failed);
        sw_json_kv_int(&b, "excluded_prompt_tuples", (int64_t)excluded);
        put_result(&b, wm, &t);
        sw_json_kv_num(&b, "alpha", o.alpha);
        sw_json_kv_bool(&b, "radioactive", r.p < o.alpha);
        sw_json_obj_end(&b);
        rc = flush(&b);
        sw_buf_free(&b);
    }
    if (save && fclose(save) != 0 && !rc) {
        fprintf(stderr, "stillwatch wm radioactivity: cannot write %s\n", o.save);
        rc = 1;
    }
    prompts_free(&pl);
    sw_wm_seen_free(seen);
    sw_wm_textids_free(tok);
    sw_wm_free(wm);
    return rc;
}

/* ---- keygen -------------------------------------------------------------- */

static int cmd_keygen(int argc, char **argv)
{
    (void)argv;
    if (argc > 1) {
        fprintf(stderr, "stillwatch wm keygen: takes no arguments\n");
        return 2;
    }
    if (sodium_init() < 0) {
        fprintf(stderr, "stillwatch wm keygen: libsodium failed to initialise\n");
        return 1;
    }
    unsigned char k[32];
    char hex[65];
    randombytes_buf(k, sizeof k);
    sodium_bin2hex(hex, sizeof hex, k, sizeof k);
    printf("%s\n", hex);
    sodium_memzero(k, sizeof k);
    sodium_memzero(hex, sizeof hex);
    return 0;
}

int sw_cmd_wm(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *sub = argv[1];
    if (!strcmp(sub, "--help") || !strcmp(sub, "-h") || !strcmp(sub, "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(sub, "detect"))
        return cmd_detect(argc - 1, argv + 1);
    if (!strcmp(sub, "scan"))
        return cmd_scan(argc - 1, argv + 1);
    if (!strcmp(sub, "radioactivity"))
        return cmd_radioactivity(argc - 1, argv + 1);
    if (!strcmp(sub, "keygen"))
        return cmd_keygen(argc - 1, argv + 1);
    fprintf(stderr, "stillwatch wm: unknown subcommand '%s'\n", sub);
    usage(stderr);
    return 2;
}
