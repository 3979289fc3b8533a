/* test_link.c — union-find clusters, member lists and shared-item evidence. */
#include <stdlib.h>

#include "core/error.h"
#include "detect/link.h"
#include "sw_test.h"

static int members(sw_links *l, uint32_t a)
{
    int n = 0;
    uint32_t m = a;
    do {
        n++;
        m = sw_links_next_member(l, m);
    } while (m != a && n < 100000);
    return n;
}

static void test_union_and_members(void)
{
    sw_links *l = sw_links_new(1024, 1024);
    CHECK_EQ_INT(sw_links_reserve(l, 10), SW_OK);
    for (uint32_t i = 0; i < 10; i++)
        CHECK_EQ_INT(members(l, i), 1);
    sw_links_cluster(l, 0)->events = 5;
    sw_links_cluster(l, 1)->events = 7;
    sw_links_cluster(l, 1)->weak = 1;
    uint32_t root = sw_links_union(l, 0, 1, SW_LINK_CARD, NULL);
    CHECK(root == 0 || root == 1);
    CHECK_EQ_INT(sw_links_union(l, 1, 0, SW_LINK_CARD, NULL), UINT32_MAX);
    sw_links_union(l, 2, 3, SW_LINK_PREFIX, NULL);
    sw_links_union(l, 3, 1, SW_LINK_TEMPLATE, NULL);
    uint32_t r = sw_links_root(l, 2);
    CHECK_EQ_INT(sw_links_root(l, 0), r);
    CHECK_EQ_INT(members(l, 0), 4);
    CHECK_EQ_INT(members(l, 3), 4);
    CHECK_EQ_INT(members(l, 5), 1);
    sw_cluster *c = sw_links_cluster(l, r);
    CHECK_EQ_INT(c->size, 4);
    CHECK_EQ_INT(c->events, 12);
    CHECK_EQ_INT(c->weak, 1);
    CHECK_EQ_INT(c->links[SW_LINK_CARD], 1);
    CHECK_EQ_INT(c->links[SW_LINK_PREFIX], 1);
    CHECK_EQ_INT(c->links[SW_LINK_TEMPLATE], 1);
    CHECK_EQ_INT(c->first_member, 0);
    sw_links_free(l);
}

static void test_shared_items_need_distinct_items(void)
{
    sw_links *l = sw_links_new(1024, 1024);
    sw_links_reserve(l, 4);
    uint32_t ready[8];
    /* the same prefix over and over is one shared item, not many */
    for (int i = 0; i < 10; i++) {
        sw_links_observe(l, SW_LINK_PREFIX, 111, 0, 3, ready, 8);
        CHECK_EQ_INT(sw_links_observe(l, SW_LINK_PREFIX, 111, 1, 3, ready, 8), 0);
    }
    /* three distinct shared items reach the threshold of 3 */
    int got = 0;
    for (uint64_t item = 200; item < 203; item++) {
        sw_links_observe(l, SW_LINK_PREFIX, item, 2, 3, ready, 8);
        got = sw_links_observe(l, SW_LINK_PREFIX, item, 3, 3, ready, 8);
    }
    CHECK_EQ_INT(got, 1);
    CHECK_EQ_INT(ready[0], 2);
    /* kinds are counted apart */
    CHECK_EQ_INT(sw_links_bump_pair(l, SW_LINK_TEMPLATE, 2, 3, 1), 1);
    sw_links_free(l);
}

static void test_tables_are_bounded(void)
{
    sw_links *l = sw_links_new(1024, 1024);
    sw_links_reserve(l, 2000);
    size_t before = sw_links_bytes(l);
    uint32_t ready[8];
    for (uint32_t i = 0; i < 200000; i++)
        sw_links_observe(l, SW_LINK_TEMPLATE, (uint64_t)i * 7919u, i % 2000, 3, ready, 8);
    CHECK_EQ_INT(sw_links_bytes(l), before);
    /* strong pairs survive eviction pressure */
    for (int k = 0; k < 20; k++)
        sw_links_bump_pair(l, SW_LINK_NEARDUP, 5, 6, (uint64_t)k + 1);
    for (uint32_t i = 0; i < 50000; i++)
        sw_links_bump_pair(l, SW_LINK_NEARDUP, i % 1000, 1000 + i % 997, 1);
    CHECK(sw_links_bump_pair(l, SW_LINK_NEARDUP, 5, 6, 999) > 1);
    sw_links_free(l);
}

int main(void)
{
    SW_TEST_RUN(test_union_and_members);
    SW_TEST_RUN(test_shared_items_need_distinct_items);
    SW_TEST_RUN(test_tables_are_bounded);
    return SW_TEST_END();
}
