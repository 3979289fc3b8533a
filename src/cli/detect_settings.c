/* detect_settings.c — see detect_settings.h. */
#include "cli/detect_settings.h"

#include <errno.h>
#include <string.h>

#include "core/error.h"
#include "core/lines.h"

static void print_setting(void *ctx, const char *name, double value, double def, const char *doc)
{
    fprintf(ctx, "%-24s = %-8g # %s (default %g)\n", name, value, doc, def);
}

void sw_cli_settings_print(const sw_detect_config *cfg, FILE *f)
{
    sw_detect_config_describe(cfg, print_setting, f);
}

/* where: "FILE:LINE" or "CMD: --set"; the command is named by the caller. */
static int apply(sw_detect_config *cfg, const char *cmd, const char *where, const char *name, const char *value)
{
    int rc = sw_detect_config_set(cfg, name, value);
    if (rc == SW_ENOTFOUND)
        fprintf(stderr, "%s: unknown setting '%s' (see stillwatch %s --print-config)\n", where, name, cmd);
    else if (rc == SW_EINVAL)
        fprintf(stderr, "%s: setting '%s' needs a number, not '%s'\n", where, name, value);
    return rc;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
        *--e = '\0';
    return s;
}

int sw_cli_settings_file(sw_detect_config *cfg, const char *cmd, const char *path)
{
    sw_lines in;
    if (sw_lines_open(&in, path) != SW_OK) {
        fprintf(stderr, "stillwatch %s: cannot open config %s: %s\n", cmd, path, strerror(errno));
        return 1;
    }
    const char *line;
    size_t len;
    int bad = 0;
    while (sw_lines_next(&in, &line, &len) == SW_OK) {
        char text[512], where[300];
        snprintf(where, sizeof where, "%s:%llu", path, (unsigned long long)in.lineno);
        if (len >= sizeof text) {
            fprintf(stderr, "%s: line too long\n", where);
            bad = 1;
            continue;
        }
        memcpy(text, line, len + 1);
        char *hash = strchr(text, '#');
        if (hash)
            *hash = '\0';
        char *s = trim(text);
        if (!*s)
            continue;
        char *eq = strchr(s, '=');
        if (!eq) {
            fprintf(stderr, "%s: expected 'name = value'\n", where);
            bad = 1;
            continue;
        }
        *eq = '\0';
        if (apply(cfg, cmd, where, trim(s), trim(eq + 1)) != SW_OK)
            bad = 1;
    }
    sw_lines_close(&in);
    return bad;
}

int sw_cli_settings_set(sw_detect_config *cfg, const char *cmd, const char *assignment)
{
    char name[128], where[64];
    snprintf(where, sizeof where, "stillwatch %s: --set", cmd);
    const char *eq = strchr(assignment, '=');
    if (!eq || (size_t)(eq - assignment) >= sizeof name) {
        fprintf(stderr, "stillwatch %s: --set needs name=value, not '%s'\n", cmd, assignment);
        return 2;
    }
    memcpy(name, assignment, (size_t)(eq - assignment));
    name[eq - assignment] = '\0';
    return apply(cfg, cmd, where, name, eq + 1) == SW_OK ? 0 : 2;
}

int sw_cli_settings_check(const sw_detect_config *cfg, const char *cmd)
{
    char err[256];
    if (sw_detect_config_check(cfg, err, sizeof err) == SW_OK)
        return 0;
    fprintf(stderr, "stillwatch %s: %s\n", cmd, err);
    return 2;
}
