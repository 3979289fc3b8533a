/* test_jsondoc.c — the fast JSON reader: value types, iteration order and
 * duplicates, numbers, strings with escapes and NULs, invalid UTF-8 repair,
 * errors, and documents that reuse and outgrow the parser's buffers. */
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/jsondoc.h"
#include "sw_test.h"

static sw_jsondoc *D;

static int parse(const char *text, sw_jv *root)
{
    char err[160] = "";
    return sw_jsondoc_parse(D, text, strlen(text), root, err, sizeof err);
}

static void test_types_and_absent(void)
{
    sw_jv root, v;
    sw_jv none;
    memset(&none, 0, sizeof none);
    CHECK_EQ_INT(sw_jv_type(none), SW_JV_ABSENT);
    CHECK(sw_jv_str(none, NULL) == NULL);
    CHECK(!sw_jv_is_true(none));
    CHECK_EQ_INT(sw_jv_array_size(none), 0);
    sw_jv_iter it;
    CHECK(!sw_jv_iter_init(none, &it));
    CHECK(!sw_jv_next(&it, NULL, NULL, &v));

    CHECK_EQ_INT(parse("[null, true, false, 1, -2.5, \"s\", [], {}]", &root), SW_OK);
    CHECK_EQ_INT(sw_jv_type(root), SW_JV_ARRAY);
    CHECK_EQ_INT(sw_jv_array_size(root), 8);
    static const sw_jv_type_t want[] = {SW_JV_NULL,   SW_JV_BOOL,   SW_JV_BOOL,  SW_JV_NUMBER,
                                        SW_JV_NUMBER, SW_JV_STRING, SW_JV_ARRAY, SW_JV_OBJECT};
    CHECK(sw_jv_iter_init(root, &it));
    int i = 0;
    const char *key = "x";
    while (sw_jv_next(&it, &key, NULL, &v)) {
        CHECK(key == NULL);
        CHECK_EQ_INT(sw_jv_type(v), want[i]);
        if (i == 1)
            CHECK(sw_jv_is_true(v));
        if (i == 2 || i == 3)
            CHECK(!sw_jv_is_true(v));
        if (i == 5)
            CHECK(sw_jv_str(v, NULL) != NULL);
        else
            CHECK(sw_jv_str(v, NULL) == NULL);
        i++;
    }
    CHECK_EQ_INT(i, 8);
    CHECK(!sw_jv_next(&it, &key, NULL, &v)); /* stays at the end */
}

static void test_members_in_order_with_duplicates(void)
{
    sw_jv root, v;
    CHECK_EQ_INT(parse("{\"b\":1,\"a\":2,\"b\":3,\"\":4}", &root), SW_OK);
    sw_jv_iter it;
    CHECK(sw_jv_iter_init(root, &it));
    const char *keys[4];
    double vals[4];
    int n = 0;
    const char *key;
    while (n < 4 && sw_jv_next(&it, &key, NULL, &v)) {
        keys[n] = key;
        CHECK(sw_jv_num(v, &vals[n]));
        n++;
    }
    CHECK_EQ_INT(n, 4);
    CHECK_EQ_STR(keys[0], "b");
    CHECK_EQ_STR(keys[1], "a");
    CHECK_EQ_STR(keys[2], "b");
    CHECK_EQ_STR(keys[3], "");
    CHECK_NEAR(vals[0], 1, 0);
    CHECK_NEAR(vals[2], 3, 0);
    CHECK(!sw_jv_next(&it, &key, NULL, &v));
    CHECK_EQ_INT(sw_jv_array_size(root), 0); /* an object is not an array */
}

static void test_member_and_count(void)
{
    sw_jv root;
    CHECK_EQ_INT(parse("{\"b\":1,\"a\":2.9,\"b\":3,\"neg\":-1,\"big\":1e16,\"s\":\"7\",\"ab\":5}", &root), SW_OK);
    CHECK_EQ_INT(sw_jv_count(sw_jv_member(root, "b")), 1);  /* the first of duplicates */
    CHECK_EQ_INT(sw_jv_count(sw_jv_member(root, "a")), 2);  /* truncated */
    CHECK_EQ_INT(sw_jv_count(sw_jv_member(root, "ab")), 5); /* a longer key is another key */
    CHECK_EQ_INT(sw_jv_count(sw_jv_member(root, "neg")), -1);
    CHECK_EQ_INT(sw_jv_count(sw_jv_member(root, "big")), -1);
    CHECK_EQ_INT(sw_jv_count(sw_jv_member(root, "s")), -1); /* a string is not a count */
    CHECK_EQ_INT(sw_jv_type(sw_jv_member(root, "missing")), SW_JV_ABSENT);
    CHECK_EQ_INT(sw_jv_type(sw_jv_member(sw_jv_member(root, "b"), "x")), SW_JV_ABSENT); /* not an object */
    sw_jv none;
    memset(&none, 0, sizeof none);
    CHECK_EQ_INT(sw_jv_type(sw_jv_member(none, "b")), SW_JV_ABSENT);
    CHECK_EQ_INT(sw_jv_count(none), -1);
}

static void test_numbers(void)
{
    sw_jv root, v;
    CHECK_EQ_INT(parse("[9007199254740993, 18446744073709551615, -9223372036854775808, 1e308, 0.1]", &root),
                 SW_OK);
    sw_jv_iter it;
    CHECK(sw_jv_iter_init(root, &it));
    double d[5];
    for (int i = 0; i < 5; i++) {
        CHECK(sw_jv_next(&it, NULL, NULL, &v));
        CHECK(sw_jv_num(v, &d[i]));
    }
    CHECK_NEAR(d[0], 9007199254740992.0, 2);
    CHECK_NEAR(d[1], 18446744073709551615.0, 1e5);
    CHECK_NEAR(d[2], -9223372036854775808.0, 1e5);
    CHECK_NEAR(d[3], 1e308, 1e295);
    CHECK_NEAR(d[4], 0.1, 1e-17);
    CHECK(sw_jv_num(root, &d[0]) == false);
}

static void test_strings(void)
{
    sw_jv root;
    CHECK_EQ_INT(parse("\"tab\\there \\u00e9 \\ud83d\\ude00 \\u0000end\"", &root), SW_OK);
    size_t n = 0;
    const char *s = sw_jv_str(root, &n);
    CHECK(s != NULL);
    static const char want[] = "tab\there \xc3\xa9 \xf0\x9f\x98\x80 \0end";
    CHECK_EQ_INT(n, sizeof want - 1);
    CHECK(s && memcmp(s, want, sizeof want - 1) == 0);
    CHECK(s && s[n] == '\0');
}

static void test_invalid_utf8_is_repaired(void)
{
    sw_jv root;
    /* a stray continuation byte, a truncated sequence, an overlong form and
     * a surrogate, each inside a string */
    const char *text = "{\"p\":\"a\x80" "b\xe2\x82" "c\xc0\xaf" "d\xed\xa0\x80" "e\"}";
    CHECK_EQ_INT(parse(text, &root), SW_OK);
    sw_jv_iter it;
    sw_jv v;
    const char *key;
    CHECK(sw_jv_iter_init(root, &it));
    CHECK(sw_jv_next(&it, &key, NULL, &v));
    const char *s = sw_jv_str(v, NULL);
    CHECK(s != NULL);
    CHECK_EQ_STR(s, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD" "c\xEF\xBF\xBD\xEF\xBF\xBD"
                    "d\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" "e");
    /* valid multi-byte text is untouched */
    CHECK_EQ_INT(parse("\"\xe4\xbd\xa0\xe5\xa5\xbd \xf0\x9f\x98\x80\"", &root), SW_OK);
    CHECK_EQ_STR(sw_jv_str(root, NULL), "\xe4\xbd\xa0\xe5\xa5\xbd \xf0\x9f\x98\x80");
}

static void test_errors(void)
{
    sw_jv root;
    char err[160] = "";
    static const char *const bad[] = {"", "{", "{\"a\":}", "[1,]", "{\"a\" 1}", "nul", "\"unterminated",
                                      "{\"a\":1}}", "\"ctl\x01\""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = '\0';
        CHECK_EQ_INT(sw_jsondoc_parse(D, bad[i], strlen(bad[i]), &root, err, sizeof err), SW_EPARSE);
        CHECK(err[0] != '\0');
        CHECK_EQ_INT(sw_jv_type(root), SW_JV_ABSENT);
    }
    /* the parser is usable after an error */
    CHECK_EQ_INT(parse("{\"ok\":true}", &root), SW_OK);
    CHECK_EQ_INT(sw_jv_type(root), SW_JV_OBJECT);
}

static void test_growth_and_reuse(void)
{
    /* a document larger than any before it, then a small one again */
    size_t big = 3u << 20;
    char *text = malloc(big + 16);
    CHECK(text != NULL);
    if (!text)
        return;
    text[0] = '"';
    memset(text + 1, 'x', big);
    text[big + 1] = '"';
    sw_jv root;
    CHECK_EQ_INT(sw_jsondoc_parse(D, text, big + 2, &root, NULL, 0), SW_OK);
    size_t n = 0;
    CHECK(sw_jv_str(root, &n) != NULL);
    CHECK_EQ_INT(n, big);
    free(text);
    CHECK_EQ_INT(parse("[1]", &root), SW_OK);
    CHECK_EQ_INT(sw_jv_array_size(root), 1);
}

int main(void)
{
    if (sw_jsondoc_new(&D) != SW_OK)
        return 1;
    SW_TEST_RUN(test_types_and_absent);
    SW_TEST_RUN(test_members_in_order_with_duplicates);
    SW_TEST_RUN(test_member_and_count);
    SW_TEST_RUN(test_numbers);
    SW_TEST_RUN(test_strings);
    SW_TEST_RUN(test_invalid_utf8_is_repaired);
    SW_TEST_RUN(test_errors);
    SW_TEST_RUN(test_growth_and_reuse);
    sw_jsondoc_free(D);
    return SW_TEST_END();
}
