/*
 * serve.c — `stillwatch serve`: the gateway.
 *
 *   stillwatch serve --config FILE
 *   stillwatch serve --listen 127.0.0.1:8080 --upstream http://127.0.0.1:9000 --state DIR
 *
 * The configuration is the YAML file (or the built-in defaults), then the
 * flags on top. Signals are handled here, on the main thread, with sigwait:
 * the event-loop threads never see one. SIGHUP reloads: the file is read and
 * validated again, the flags re-applied, and only a configuration that
 * passes replaces the running one (a bad one is reported and the old one
 * stays). SIGTERM or SIGINT stops accepting, lets open streams finish (up to
 * --drain-timeout) and exits 0.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli/commands.h"
#include "cli/opts.h"
#include "core/error.h"
#include "gateway/gateway.h"
#include "policy/policy.h"
#include "store/redis.h"

typedef struct {
    const char *config;
    const char *listen[SW_POLICY_MAX_LIST];
    int nlisten;
    const char *upstream[SW_POLICY_MAX_LIST];
    int nupstream;
    const char *state, *state_dir, *tls_cert, *tls_key;
    long threads; /* -1: not given */
} serve_flags;

static void usage(FILE *f)
{
    fprintf(f, "usage: stillwatch serve [--config FILE] [--listen HOST:PORT]... [--upstream [MODEL=]URL]...\n"
               "                        [--state DIR|redis://…] [--state-dir DIR] [--threads N]\n"
               "                        [--tls-cert FILE --tls-key FILE]\n"
               "                        [--upstream-timeout SECONDS] [--drain-timeout SECONDS]\n"
               "\n"
               "Runs the gateway: identity, policy, online detection, streaming proxy to the\n"
               "model servers, traffic log (DIR/traffic.jsonl). Flags override the config file;\n"
               "without one the built-in defaults apply. --upstream URL sends every model\n"
               "without an upstream of its own to URL; MODEL=URL routes one model (or a\n"
               "'prefix*' pattern). SIGHUP reloads the config file; SIGTERM drains and exits.\n"
               "See docs/gateway.md.\n");
}

static void logmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void logmsg(const char *fmt, ...)
{
    char ts[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
    fprintf(stderr, "%s stillwatch serve: ", ts);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static int set_upstream(sw_config *c, const char *arg, char *err, size_t errsz)
{
    char model[64] = "*";
    const char *url = arg;
    const char *eq = strchr(arg, '=');
    const char *scheme = strstr(arg, "://");
    if (eq && (!scheme || eq < scheme)) {
        size_t n = (size_t)(eq - arg);
        if (n == 0 || n >= sizeof model) {
            snprintf(err, errsz, "--upstream '%s': the model name is empty or too long", arg);
            return SW_EINVAL;
        }
        memcpy(model, arg, n);
        model[n] = '\0';
        url = eq + 1;
    }
    if (strlen(url) >= sizeof c->upstreams[0].url) {
        snprintf(err, errsz, "--upstream '%s': URL too long", arg);
        return SW_EINVAL;
    }
    int i;
    for (i = 0; i < c->n_upstreams; i++)
        if (!strcmp(c->upstreams[i].model, model))
            break;
    if (i == c->n_upstreams) {
        if (c->n_upstreams == SW_POLICY_MAX_LIST) {
            snprintf(err, errsz, "too many upstreams");
            return SW_EINVAL;
        }
        c->n_upstreams++;
    }
    snprintf(c->upstreams[i].model, sizeof c->upstreams[i].model, "%s", model);
    snprintf(c->upstreams[i].url, sizeof c->upstreams[i].url, "%s", url);
    return SW_OK;
}

static int copy_flag(char *dst, size_t cap, const char *v, const char *name, char *err, size_t errsz)
{
    if (strlen(v) >= cap) {
        snprintf(err, errsz, "%s: value too long", name);
        return SW_EINVAL;
    }
    snprintf(dst, cap, "%s", v);
    return SW_OK;
}

/* The configuration: file (or defaults), then the flags. */
static int build_config(const serve_flags *f, sw_config *c, char *err, size_t errsz)
{
    int rc;
    if (f->config) {
        if ((rc = sw_config_load(f->config, c, err, errsz)) != SW_OK)
            return rc;
    } else {
        sw_config_defaults(c);
    }
    if (f->nlisten > 0) {
        c->n_listen = 0;
        for (int i = 0; i < f->nlisten; i++)
            if ((rc = copy_flag(c->listen[c->n_listen++], sizeof c->listen[0], f->listen[i], "--listen", err, errsz)))
                return rc;
    }
    for (int i = 0; i < f->nupstream; i++)
        if ((rc = set_upstream(c, f->upstream[i], err, errsz)) != SW_OK)
            return rc;
    if (f->state && sw_state_is_redis(f->state)) {
        /* a fleet: the shared state in Redis, the local files in state_dir */
        sw_redis_url u;
        if ((rc = sw_redis_url_parse(f->state, &u, err, errsz)) != SW_OK ||
            (rc = copy_flag(c->state_url, sizeof c->state_url, f->state, "--state", err, errsz)))
            return rc;
    } else if (f->state && (rc = copy_flag(c->state_dir, sizeof c->state_dir, f->state, "--state", err, errsz))) {
        return rc;
    }
    if (f->state_dir && (rc = copy_flag(c->state_dir, sizeof c->state_dir, f->state_dir, "--state-dir", err, errsz)))
        return rc;
    if (f->tls_cert && (rc = copy_flag(c->tls_cert, sizeof c->tls_cert, f->tls_cert, "--tls-cert", err, errsz)))
        return rc;
    if (f->tls_key && (rc = copy_flag(c->tls_key, sizeof c->tls_key, f->tls_key, "--tls-key", err, errsz)))
        return rc;
    if (f->threads >= 0)
        c->threads = (int)f->threads;
    return SW_OK;
}

static bool seconds_opt(const char *name, const char *v, int64_t *ms)
{
    double s;
    if (!sw_opt_double("serve", name, v, 0.001, 86400, &s))
        return false;
    *ms = (int64_t)(s * 1000);
    return true;
}

int sw_cmd_serve(int argc, char **argv)
{
    serve_flags f = {.threads = -1};
    sw_gw_options opts;
    sw_gw_options_defaults(&opts);
    bool bad = false;
    for (int i = 1; i < argc && !bad; i++) {
        const char *v;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return 0;
        } else if (sw_opt_value(argc, argv, &i, "--config", &v, &bad)) {
            f.config = v;
        } else if (sw_opt_value(argc, argv, &i, "--listen", &v, &bad)) {
            if (f.nlisten < SW_POLICY_MAX_LIST)
                f.listen[f.nlisten++] = v;
        } else if (sw_opt_value(argc, argv, &i, "--upstream", &v, &bad)) {
            if (f.nupstream < SW_POLICY_MAX_LIST)
                f.upstream[f.nupstream++] = v;
        } else if (sw_opt_value(argc, argv, &i, "--state", &v, &bad)) {
            f.state = v;
        } else if (sw_opt_value(argc, argv, &i, "--state-dir", &v, &bad)) {
            f.state_dir = v;
        } else if (sw_opt_value(argc, argv, &i, "--tls-cert", &v, &bad)) {
            f.tls_cert = v;
        } else if (sw_opt_value(argc, argv, &i, "--tls-key", &v, &bad)) {
            f.tls_key = v;
        } else if (sw_opt_value(argc, argv, &i, "--threads", &v, &bad)) {
            double t;
            if (!sw_opt_double("serve", "--threads", v, 0, 256, &t) || t != (long)t)
                return 2;
            f.threads = (long)t;
        } else if (sw_opt_value(argc, argv, &i, "--upstream-timeout", &v, &bad)) {
            if (!seconds_opt("--upstream-timeout", v, &opts.upstream_timeout_ms))
                return 2;
        } else if (sw_opt_value(argc, argv, &i, "--drain-timeout", &v, &bad)) {
            if (!seconds_opt("--drain-timeout", v, &opts.drain_timeout_ms))
                return 2;
        } else {
            fprintf(stderr, "stillwatch serve: unknown option '%s'\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    if (bad)
        return 2;

    sw_config *cfg = malloc(sizeof *cfg); /* about 200 KB: not on the stack */
    if (!cfg) {
        fprintf(stderr, "stillwatch serve: out of memory\n");
        return 1;
    }
    char err[512] = "";
    if (build_config(&f, cfg, err, sizeof err) != SW_OK) {
        fprintf(stderr, "stillwatch serve: %s\n", err);
        free(cfg);
        return 2;
    }
    struct stat st;
    if (stat(cfg->state_dir, &st) != 0 && mkdir(cfg->state_dir, 0700) != 0) {
        fprintf(stderr, "stillwatch serve: cannot create state directory %s: %s\n", cfg->state_dir, strerror(errno));
        free(cfg);
        return 1;
    }

    /* signals: blocked in every thread (the loops inherit the mask), taken
     * here with sigwait */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    sw_gateway *g;
    if (sw_gateway_new(cfg, &opts, &g, err, sizeof err) != SW_OK) {
        fprintf(stderr, "stillwatch serve: %s\n", err);
        free(cfg);
        return 1;
    }
    if (sw_gateway_start(g, err, sizeof err) != SW_OK) {
        fprintf(stderr, "stillwatch serve: %s\n", err);
        sw_gateway_free(g);
        free(cfg);
        return 1;
    }
    logmsg("listening on %s%s%s (port %d), %s, state in %s", cfg->tls_cert[0] ? "https://" : "http://",
           cfg->listen[0], cfg->n_listen > 1 ? " and more" : "", sw_gateway_port(g),
           cfg->threads > 0 ? "configured threads" : "one thread per core", cfg->state_dir);
    for (int i = 0; i < cfg->n_upstreams; i++)
        logmsg("upstream for %s: %s", cfg->upstreams[i].model, cfg->upstreams[i].url);

    for (;;) {
        int sig = 0;
        if (sigwait(&set, &sig) != 0)
            continue;
        if (sig == SIGHUP) {
            sw_config *next = malloc(sizeof *next);
            err[0] = '\0';
            if (!next) {
                logmsg("reload failed: out of memory; keeping the running configuration");
            } else if (build_config(&f, next, err, sizeof err) != SW_OK) {
                logmsg("reload failed: %s; keeping the running configuration", err);
            } else if (sw_gateway_reload(g, next, err, sizeof err) != SW_OK) {
                logmsg("reload failed: %s; keeping the running configuration", err);
            } else {
                logmsg("configuration reloaded%s%s", err[0] ? ": " : "", err);
            }
            free(next);
            continue;
        }
        logmsg("%s: no longer accepting; draining open streams (up to %.0f s)", sig == SIGINT ? "SIGINT" : "SIGTERM",
               (double)opts.drain_timeout_ms / 1000);
        break;
    }
    long left = sw_gateway_stop(g);
    if (left > 0)
        logmsg("stopped with %ld exchanges still open after the drain timeout", left);
    else
        logmsg("stopped");
    sw_gateway_free(g);
    free(cfg);
    return 0;
}
