/* test_core.c — time, JSON writer, addresses, string map. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/bigtable.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/ip.h"
#include "core/strmap.h"
#include "core/time.h"
#include "sw_test.h"

static void test_time_roundtrip(void)
{
    int64_t ms;
    CHECK_EQ_INT(sw_time_parse("2026-11-02T00:00:24.603Z", 24, &ms), SW_OK);
    char out[SW_TIME_BUFSZ];
    sw_time_format(ms, out);
    CHECK_EQ_STR(out, "2026-11-02T00:00:24.603Z");
    CHECK_EQ_INT(sw_time_parse("1970-01-01T00:00:00Z", 20, &ms), SW_OK);
    CHECK_EQ_INT(ms, 0);
    CHECK_EQ_INT(sw_time_parse("2024-02-29T23:59:59.999999Z", 27, &ms), SW_OK);
    sw_time_format(ms, out);
    CHECK_EQ_STR(out, "2024-02-29T23:59:59.999Z");
    /* offsets are normalised to UTC */
    int64_t a, b;
    CHECK_EQ_INT(sw_time_parse("2026-11-02T02:00:00+02:00", 25, &a), SW_OK);
    CHECK_EQ_INT(sw_time_parse("2026-11-02T00:00:00Z", 20, &b), SW_OK);
    CHECK_EQ_INT(a, b);
    CHECK_EQ_INT(sw_time_parse("2026-11-01T19:30:00-04:30", 25, &a), SW_OK);
    CHECK_EQ_INT(a, b);
    sw_time_format(-1, out);
    CHECK_EQ_STR(out, "1969-12-31T23:59:59.999Z");
}

static void test_time_rejects(void)
{
    int64_t ms;
    const char *bad[] = {"2026-11-02", "2026-13-02T00:00:00Z", "2026-02-30T00:00:00Z", "2026-11-02T24:00:00Z",
                         "2026-11-02T00:00:00", "2026-11-02T00:00:00.Z", "2026-11-02T00:00:00Zjunk",
                         "2025-02-29T00:00:00Z", "2026-11-02T00:00:00+2:00", "x026-11-02T00:00:00Z", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK_EQ_INT(sw_time_parse(bad[i], strlen(bad[i]), &ms), SW_EPARSE);
}

static void test_json_integers(void)
{
    /* the writer's own digits agree with printf's, edges included */
    int64_t vals[64] = {0, 1, -1, 9, 10, -10, 99, 100, 12345678901234LL, -987654321, INT64_MAX, INT64_MIN,
                        INT64_MIN + 1, 999999999999999LL, -999999999999999LL};
    uint64_t x = 0x9e3779b97f4a7c15ULL;
    for (int i = 15; i < 64; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        vals[i] = (int64_t)(x >> (x % 60));
        if (i % 2)
            vals[i] = -vals[i];
    }
    for (int i = 0; i < 64; i++) {
        sw_buf b;
        sw_buf_init(&b);
        sw_json_int(&b, vals[i]);
        if (vals[i] > -1e15 && vals[i] < 1e15) {
            sw_json_num(&b, (double)vals[i]);
        }
        char want[64];
        int n = snprintf(want, sizeof want, "%lld", (long long)vals[i]);
        if (vals[i] > -1e15 && vals[i] < 1e15)
            snprintf(want + n, sizeof want - (size_t)n, ",%lld", (long long)vals[i]);
        CHECK_EQ_STR(b.data, want);
        sw_buf_free(&b);
    }
    /* the unsigned digits the JSON writer, the address formatter and the
     * gateway's request head share */
    const uint64_t us[] = {0, 7, 10, 255, 1000, 4294967296ULL, UINT64_MAX};
    for (size_t i = 0; i < sizeof us / sizeof us[0]; i++) {
        char got[SW_U64_DIGITS + 1], want[32];
        got[sw_fmt_u64(got, us[i])] = '\0';
        snprintf(want, sizeof want, "%llu", (unsigned long long)us[i]);
        CHECK_EQ_STR(got, want);
    }
}

static void test_json_writer(void)
{
    sw_buf b;
    sw_buf_init(&b);
    sw_json_obj_begin(&b);
    sw_json_kv_str(&b, "a", "q\"\\\n\t\x01");
    sw_json_kv_int(&b, "n", -42);
    sw_json_kv_num(&b, "x", 0.1);
    sw_json_key(&b, "arr");
    sw_json_arr_begin(&b);
    sw_json_int(&b, 1);
    sw_json_str(&b, NULL);
    sw_json_bool(&b, true);
    sw_json_arr_end(&b);
    sw_json_kv_str(&b, "bad_utf8", "ok\xff\xc3\xa9");
    sw_json_obj_end(&b);
    sw_json_newline(&b);
    sw_json_obj_begin(&b);
    sw_json_kv_int(&b, "second", 2);
    sw_json_obj_end(&b);
    CHECK(!b.oom);
    const char *nl = strchr(b.data, '\n');
    CHECK(nl != NULL);
    CHECK_EQ_STR(nl + 1, "{\"second\":2}");
    cJSON *j = cJSON_ParseWithLength(b.data, (size_t)(nl - b.data));
    CHECK(j != NULL);
    CHECK_EQ_STR(cJSON_GetObjectItem(j, "a")->valuestring, "q\"\\\n\t\x01");
    CHECK_EQ_INT(cJSON_GetObjectItem(j, "n")->valuedouble, -42);
    CHECK_NEAR(cJSON_GetObjectItem(j, "x")->valuedouble, 0.1, 1e-15);
    CHECK_EQ_INT(cJSON_GetArraySize(cJSON_GetObjectItem(j, "arr")), 3);
    CHECK_EQ_STR(cJSON_GetObjectItem(j, "bad_utf8")->valuestring, "ok\xef\xbf\xbd\xc3\xa9");
    cJSON_Delete(j);
    sw_buf_free(&b);
}

static void test_ip(void)
{
    sw_ip a, b, c, d;
    CHECK_EQ_INT(sw_ip_parse("203.0.113.7", &a), SW_OK);
    CHECK(a.v4);
    CHECK_EQ_INT(sw_ip_parse("203.0.113.200", &b), SW_OK);
    CHECK_EQ_INT(sw_ip_parse("203.0.114.7", &c), SW_OK);
    CHECK(sw_ip_prefix_hash(&a) == sw_ip_prefix_hash(&b));
    CHECK(sw_ip_prefix_hash(&a) != sw_ip_prefix_hash(&c));
    CHECK(sw_ip_hash(&a) != sw_ip_hash(&b));
    CHECK_EQ_INT(sw_ip_parse("::ffff:203.0.113.7", &d), SW_OK);
    CHECK(d.v4);
    CHECK(sw_ip_hash(&a) == sw_ip_hash(&d));
    CHECK_EQ_INT(sw_ip_parse("2001:db8:1:2::1", &a), SW_OK);
    CHECK_EQ_INT(sw_ip_parse("2001:db8:1:ffff::9", &b), SW_OK);
    CHECK(!a.v4);
    CHECK(sw_ip_prefix_hash(&a) == sw_ip_prefix_hash(&b));
    CHECK_EQ_INT(sw_ip_parse("256.1.1.1", &a), SW_EPARSE);
    CHECK_EQ_INT(sw_ip_parse("example.com", &a), SW_EPARSE);
}

static void test_strmap(void)
{
    sw_strmap *m = sw_strmap_new();
    char key[32];
    for (uint32_t i = 0; i < 10000; i++) {
        snprintf(key, sizeof key, "acct_%u", i);
        uint32_t v = i * 3;
        int inserted;
        CHECK_EQ_INT(sw_strmap_get_or_put(m, key, &v, 1, &inserted, NULL), SW_OK);
        CHECK_EQ_INT(inserted, 1);
    }
    CHECK_EQ_INT(sw_strmap_count(m), 10000);
    for (uint32_t i = 0; i < 10000; i += 97) {
        snprintf(key, sizeof key, "acct_%u", i);
        uint32_t v = 0;
        const char *stable = NULL;
        CHECK_EQ_INT(sw_strmap_get_or_put(m, key, &v, 0, NULL, &stable), SW_OK);
        CHECK_EQ_INT(v, i * 3);
        CHECK_EQ_STR(stable, key);
    }
    uint32_t v;
    CHECK_EQ_INT(sw_strmap_get_or_put(m, "nobody", &v, 0, NULL, NULL), SW_ENOTFOUND);
    sw_strmap_free(m);
}

/* Whole-file reading: contents, the size limit, an empty file, a missing one. */
static void test_read_file(void)
{
    char path[] = "/tmp/sw-test-read-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0)
        return;
    FILE *f = fdopen(fd, "w+b");
    size_t n = 200000;
    for (size_t i = 0; i < n; i++)
        fputc('a' + (int)(i % 26), f);
    fflush(f);
    size_t len = 0;
    char *text = sw_read_file(path, &len);
    CHECK(text != NULL);
    CHECK_EQ_INT(len, n);
    CHECK(text && text[0] == 'a' && text[n - 1] == 'a' + (int)((n - 1) % 26) && text[n] == '\0');
    free(text);
    sw_buf b;
    sw_buf_init(&b);
    rewind(f);
    CHECK_EQ_INT(sw_buf_read(&b, f, n - 1), SW_EINVAL);
    sw_buf_reset(&b);
    rewind(f);
    CHECK_EQ_INT(sw_buf_read(&b, f, n), SW_OK);
    CHECK_EQ_INT(b.len, n);
    sw_buf_free(&b);
    CHECK(ftruncate(fd, 0) == 0);
    text = sw_read_file(path, &len);
    CHECK(text != NULL && len == 0 && text && text[0] == '\0');
    free(text);
    fclose(f);
    unlink(path);
    CHECK(sw_read_file("/nonexistent/sw-test", &len) == NULL);
}

static void test_bigtable(void)
{
    /* large: mapped on a huge-page boundary, zeroed, writable end to end */
    size_t n = (size_t)3 << 20; /* 3 M slots of 8 bytes: 24 MB, not a multiple of 2 MB pages */
    uint64_t *big = sw_bigtable_alloc(n + 5, sizeof *big);
    CHECK(big != NULL);
    CHECK_EQ_INT((int)((uintptr_t)big & ((2u << 20) - 1)), 0);
    uint64_t sum = 0;
    for (size_t i = 0; i < n + 5; i += 4096)
        sum += big[i];
    CHECK(sum == 0 && big[n + 4] == 0);
    big[0] = 1;
    big[n + 4] = 2;
    CHECK(big[0] + big[n + 4] == 3);
    sw_bigtable_free(big, n + 5, sizeof *big);
    /* small: plain zeroed heap memory */
    uint32_t *small = sw_bigtable_alloc(100, sizeof *small);
    CHECK(small != NULL && small[0] == 0 && small[99] == 0);
    small[99] = 7;
    sw_bigtable_free(small, 100, sizeof *small);
    /* a size that overflows is refused, and freeing NULL does nothing */
    CHECK(sw_bigtable_alloc(SIZE_MAX / 2, 4) == NULL);
    sw_bigtable_free(NULL, 1, 1);
}

int main(void)
{
    SW_TEST_RUN(test_time_roundtrip);
    SW_TEST_RUN(test_time_rejects);
    SW_TEST_RUN(test_json_integers);
    SW_TEST_RUN(test_json_writer);
    SW_TEST_RUN(test_ip);
    SW_TEST_RUN(test_strmap);
    SW_TEST_RUN(test_read_file);
    SW_TEST_RUN(test_bigtable);
    return SW_TEST_END();
}
