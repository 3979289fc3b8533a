/* test_jsonmem.c — cJSON trees in an arena: reuse, growth, errors, and the
 * default allocator left intact for everyone else. */
#include "sw_test.h"

#include <stdlib.h>

#include "core/error.h"
#include "core/jsonmem.h"

static void test_parse_and_reuse(void)
{
    sw_json_arena *a;
    CHECK_EQ_INT(sw_json_arena_new(&a), SW_OK);
    for (int i = 0; i < 1000; i++) {
        char line[128];
        int n = snprintf(line, sizeof line, "{\"i\":%d,\"s\":\"v%d\",\"a\":[1,2,{\"x\":null}]}", i, i);
        cJSON *t = sw_json_arena_parse(a, line, (size_t)n, NULL);
        CHECK(t != NULL);
        if (!t)
            break;
        CHECK_EQ_INT(cJSON_GetObjectItemCaseSensitive(t, "i")->valueint, i);
        char want[16];
        snprintf(want, sizeof want, "v%d", i);
        CHECK_EQ_STR(cJSON_GetObjectItemCaseSensitive(t, "s")->valuestring, want);
    }
    sw_json_arena_free(a);
}

/* A document larger than the first block forces new blocks; the next parse
 * consolidates them and still sees correct trees. */
static void test_growth(void)
{
    sw_json_arena *a;
    CHECK_EQ_INT(sw_json_arena_new(&a), SW_OK);
    size_t n = 20000;
    char *doc = malloc(n * 8 + 16);
    size_t k = 0;
    doc[k++] = '[';
    for (size_t i = 0; i < n; i++)
        k += (size_t)sprintf(doc + k, "%s\"s%zu\"", i ? "," : "", i % 1000);
    doc[k++] = ']';
    for (int round = 0; round < 3; round++) {
        cJSON *t = sw_json_arena_parse(a, doc, k, NULL);
        CHECK(t != NULL);
        CHECK_EQ_INT(cJSON_GetArraySize(t), (int)n);
        CHECK_EQ_STR(cJSON_GetArrayItem(t, 19999)->valuestring, "s999");
    }
    cJSON *small = sw_json_arena_parse(a, "{\"ok\":true}", 11, NULL);
    CHECK(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(small, "ok")));
    free(doc);
    sw_json_arena_free(a);
}

static void test_malformed(void)
{
    sw_json_arena *a;
    CHECK_EQ_INT(sw_json_arena_new(&a), SW_OK);
    const char *bad[] = {"{\"a\":[1,2,", "{\"a\" 1}", "", "[\"unterminated", "{\"a\":tru}"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK(sw_json_arena_parse(a, bad[i], strlen(bad[i]), NULL) == NULL);
    /* the arena still works after failures */
    CHECK(sw_json_arena_parse(a, "[1]", 3, NULL) != NULL);
    sw_json_arena_free(a);
}

/* Outside an arena parse, cJSON allocates from the heap as usual: a tree
 * made and deleted between arena parses is independent of the arena. */
static void test_default_allocator_untouched(void)
{
    sw_json_arena *a;
    CHECK_EQ_INT(sw_json_arena_new(&a), SW_OK);
    CHECK(sw_json_arena_parse(a, "{\"x\":1}", 7, NULL) != NULL);
    cJSON *heap = cJSON_Parse("{\"y\":[1,2,3]}");
    CHECK(heap != NULL);
    CHECK(sw_json_arena_parse(a, "{\"x\":2}", 7, NULL) != NULL); /* arena reset while heap tree lives */
    CHECK_EQ_INT(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(heap, "y")), 3);
    cJSON_Delete(heap);
    char *printed = cJSON_PrintUnformatted(sw_json_arena_parse(a, "[true]", 6, NULL));
    CHECK_EQ_STR(printed, "[true]");
    cJSON_free(printed);
    sw_json_arena_free(a);
    sw_json_arena_free(NULL);
}

int main(void)
{
    SW_TEST_RUN(test_parse_and_reuse);
    SW_TEST_RUN(test_growth);
    SW_TEST_RUN(test_malformed);
    SW_TEST_RUN(test_default_allocator_untouched);
    return SW_TEST_END();
}
