/*
 * state.c — see state.h. The account line is an accounts.jsonl record
 * (spec/traffic-log.md: empty optional fields are left out) with two fields
 * of its own, "suspended" and "keys", which readers of the accounts file
 * ignore, so `account show` output can be fed to `scan --accounts`.
 */
#include "cli/state.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/error.h"
#include "core/time.h"

/* mkdir -p, each missing component with mode 0700. */
static int make_dirs(const char *dir)
{
    char path[4096];
    size_t n = strlen(dir);
    if (n == 0 || n >= sizeof path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(path, dir, n + 1);
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(path, 0700) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    if (mkdir(path, 0700) != 0 && errno != EEXIST)
        return -1;
    struct stat st;
    if (stat(path, &st) != 0)
        return -1;
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    return 0;
}

bool sw_state_open(const char *cmd, const char *dir, sw_store **out)
{
    *out = NULL;
    if (sw_state_is_redis(dir)) { /* a fleet's shared state (docs/fleet.md) */
        char err[512];
        if (sw_store_open(out, dir, err, sizeof err) != SW_OK) {
            fprintf(stderr, "stillwatch %s: %s\n", cmd, err);
            return false;
        }
        return true;
    }
    if (make_dirs(dir) != 0) {
        fprintf(stderr, "stillwatch %s: cannot create state directory %s: %s\n", cmd, dir, strerror(errno));
        return false;
    }
    char err[512];
    if (sw_store_open(out, dir, err, sizeof err) != SW_OK) {
        fprintf(stderr, "stillwatch %s: %s\n", cmd, err);
        return false;
    }
    return true;
}

bool sw_state_account_id_ok(const char *id)
{
    size_t n = strlen(id);
    if (n == 0 || n >= SW_ACCOUNT_STR || id[0] == '-')
        return false;
    for (size_t k = 0; k < n; k++) {
        char c = id[k];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("._:@+-", c);
        if (!ok)
            return false;
    }
    return true;
}

int64_t sw_state_now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static bool add_time(cJSON *o, const char *name, int64_t ms)
{
    char t[SW_TIME_BUFSZ];
    if (ms < 0)
        return cJSON_AddNullToObject(o, name) != NULL;
    sw_time_format(ms, t);
    return cJSON_AddStringToObject(o, name, t) != NULL;
}

static bool add_nonempty(cJSON *o, const char *name, const char *v)
{
    return !v[0] || cJSON_AddStringToObject(o, name, v) != NULL;
}

static int add_key(const sw_key_rec *k, void *ctx)
{
    cJSON *o = cJSON_CreateObject();
    if (!o || !cJSON_AddItemToArray(ctx, o)) {
        cJSON_Delete(o);
        return SW_ENOMEM;
    }
    bool ok = cJSON_AddStringToObject(o, "id", k->key_id) && add_time(o, "created_at", k->created_ms) &&
              add_time(o, "revoked_at", k->revoked_ms);
    return ok ? 0 : SW_ENOMEM;
}

int sw_state_print_account(const char *cmd, sw_store *s, const sw_account_rec *a)
{
    const sw_account_info *i = &a->info;
    cJSON *o = cJSON_CreateObject(), *keys = cJSON_CreateArray();
    bool ok = o && keys && cJSON_AddStringToObject(o, "account", i->account) &&
              (i->created_at_ms < 0 || add_time(o, "created_at", i->created_at_ms)) &&
              cJSON_AddStringToObject(o, "verification", sw_verification_name(i->verification)) &&
              add_nonempty(o, "tier", i->tier) && add_nonempty(o, "country", i->country) &&
              add_nonempty(o, "payment_fp", i->payment_fp) && add_nonempty(o, "email_domain", i->email_domain) &&
              cJSON_AddBoolToObject(o, "suspended", a->suspended);
    int rc = ok ? sw_store_key_each(s, i->account, add_key, keys) : SW_ENOMEM;
    if (rc == SW_OK && cJSON_AddItemToObject(o, "keys", keys))
        keys = NULL; /* owned by o */
    else if (rc == SW_OK)
        rc = SW_ENOMEM;
    char *text = rc == SW_OK ? cJSON_PrintUnformatted(o) : NULL;
    if (text)
        printf("%s\n", text);
    else
        fprintf(stderr, "stillwatch %s: cannot list account %s: %s\n", cmd, i->account,
                rc == SW_EIO ? sw_store_errmsg(s) : sw_strerror(rc == SW_OK ? SW_ENOMEM : rc));
    cJSON_free(text);
    cJSON_Delete(keys);
    cJSON_Delete(o);
    return text ? 0 : 1;
}
