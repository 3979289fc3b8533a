/* account.c — see account.h. Long strings are rejected rather than truncated,
 * because two truncated fingerprints could compare equal. */
#include "core/account.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "core/error.h"
#include "core/time.h"

static const char *const verif_names[] = {"unknown", "none",       "email", "phone",
                                          "id",      "business", "enterprise", "edu"};

sw_verification sw_verification_of(const char *s)
{
    for (int i = 1; i < (int)(sizeof verif_names / sizeof verif_names[0]); i++)
        if (!strcmp(s, verif_names[i]))
            return (sw_verification)i;
    return SW_VERIF_UNKNOWN;
}

const char *sw_verification_name(sw_verification v)
{
    return (unsigned)v < sizeof verif_names / sizeof verif_names[0] ? verif_names[v] : "unknown";
}

static int copy_field(const cJSON *root, const char *name, char *dst, size_t cap, char *err, size_t errsz)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, name);
    dst[0] = '\0';
    if (!v || cJSON_IsNull(v))
        return SW_OK;
    if (!cJSON_IsString(v)) {
        snprintf(err, errsz, "field '%s' must be a string", name);
        return SW_EPARSE;
    }
    size_t n = strlen(v->valuestring);
    if (n >= cap) {
        snprintf(err, errsz, "field '%s' is longer than %zu bytes", name, cap - 1);
        return SW_EPARSE;
    }
    memcpy(dst, v->valuestring, n + 1);
    return SW_OK;
}

int sw_account_parse(const char *line, size_t n, sw_account_info *out, char *err, size_t errsz)
{
    memset(out, 0, sizeof *out);
    out->created_at_ms = -1;
    cJSON *root = cJSON_ParseWithLength(line, n);
    if (!root || !cJSON_IsObject(root)) {
        snprintf(err, errsz, "%s", root ? "line is not a JSON object" : "invalid JSON");
        cJSON_Delete(root);
        return SW_EPARSE;
    }
    int rc = SW_EPARSE;
    char verif[32], created[64];
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(root, "account");
    if (!id) {
        snprintf(err, errsz, "missing required field 'account'");
        goto out;
    }
    if (!cJSON_IsString(id) || !id->valuestring[0]) {
        snprintf(err, errsz, "field 'account' must be a non-empty string");
        goto out;
    }
    if (copy_field(root, "account", out->account, sizeof out->account, err, errsz) ||
        copy_field(root, "tier", out->tier, sizeof out->tier, err, errsz) ||
        copy_field(root, "country", out->country, sizeof out->country, err, errsz) ||
        copy_field(root, "payment_fp", out->payment_fp, sizeof out->payment_fp, err, errsz) ||
        copy_field(root, "email_domain", out->email_domain, sizeof out->email_domain, err, errsz) ||
        copy_field(root, "verification", verif, sizeof verif, err, errsz) ||
        copy_field(root, "created_at", created, sizeof created, err, errsz))
        goto out;
    if (verif[0]) {
        out->verification = sw_verification_of(verif);
        if (out->verification == SW_VERIF_UNKNOWN) {
            snprintf(err, errsz, "field 'verification' has unknown level '%s'", verif);
            goto out;
        }
    }
    if (created[0] && sw_time_parse(created, strlen(created), &out->created_at_ms) != SW_OK) {
        snprintf(err, errsz, "field 'created_at' is not an RFC 3339 time");
        goto out;
    }
    rc = SW_OK;
out:
    cJSON_Delete(root);
    return rc;
}
