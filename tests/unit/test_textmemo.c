/* test_textmemo.c — the prompt-facts memo: hits, misses, replacement. */
#include "sw_test.h"

#include "core/error.h"
#include "detect/textmemo.h"

static void test_miss_then_hit(void)
{
    sw_textmemo *m;
    CHECK_EQ_INT(sw_textmemo_new(&m, 100), SW_OK);
    bool hit = true;
    sw_text_facts *t = sw_textmemo_slot(m, 0x1234, 10, &hit);
    CHECK(!hit);
    CHECK_EQ_INT(t->bands_state, SW_BANDS_UNKNOWN);
    t->content.signals = 5;
    t->tpl.frame = 77;
    sw_text_facts *again = sw_textmemo_slot(m, 0x1234, 10, &hit);
    CHECK(hit);
    CHECK(again == t);
    CHECK_EQ_INT(again->content.signals, 5);
    CHECK_EQ_INT(again->tpl.frame, 77);
    uint64_t lookups, hits;
    sw_textmemo_stats(m, &lookups, &hits);
    CHECK_EQ_INT(lookups, 2);
    CHECK_EQ_INT(hits, 1);
    CHECK(sw_textmemo_bytes(m) >= 128 * sizeof(sw_text_facts)); /* rounded up to a power of two */
    sw_textmemo_free(m);
}

static void test_same_hash_other_length_misses(void)
{
    sw_textmemo *m;
    CHECK_EQ_INT(sw_textmemo_new(&m, 16), SW_OK);
    bool hit;
    sw_textmemo_slot(m, 42, 10, &hit);
    sw_textmemo_slot(m, 42, 11, &hit);
    CHECK(!hit);
    sw_textmemo_free(m);
}

static void test_collision_replaces(void)
{
    sw_textmemo *m;
    CHECK_EQ_INT(sw_textmemo_new(&m, 16), SW_OK);
    bool hit;
    sw_text_facts *a = sw_textmemo_slot(m, 3, 5, &hit);
    a->content.categories = 9;
    a->bands_state = SW_BANDS_VALID;
    sw_text_facts *b = sw_textmemo_slot(m, 3 + 16, 5, &hit); /* same slot, other text */
    CHECK(!hit);
    CHECK(a == b);
    CHECK_EQ_INT(b->bands_state, SW_BANDS_UNKNOWN); /* the old text's sketch is not reused */
    sw_textmemo_slot(m, 3, 5, &hit);
    CHECK(!hit); /* the first text was replaced */
    sw_textmemo_free(m);
}

static void test_empty_slot_never_hits(void)
{
    sw_textmemo *m;
    CHECK_EQ_INT(sw_textmemo_new(&m, 4), SW_OK);
    bool hit = true;
    sw_textmemo_slot(m, 0, 0, &hit); /* an all-zero key must not match the zeroed table */
    CHECK(!hit);
    sw_textmemo_free(m);
    sw_textmemo_free(NULL);
}

int main(void)
{
    SW_TEST_RUN(test_miss_then_hit);
    SW_TEST_RUN(test_same_hash_other_length_misses);
    SW_TEST_RUN(test_collision_replaces);
    SW_TEST_RUN(test_empty_slot_never_hits);
    return SW_TEST_END();
}
