/* test_reask.c — telling a re-asked question from a new one. */
#include "sw_test.h"

#include <stdio.h>
#include <string.h>

#include "core/error.h"
#include "detect/reask.h"

static bool note(sw_reask *r, uint32_t owner, const char *text)
{
    return sw_reask_note(r, owner, text, strlen(text));
}

static void check_core(const char *seg, const char *want)
{
    const char *core;
    size_t n = sw_reask_core(seg, strlen(seg), &core);
    if (n != strlen(want) || memcmp(core, want, n) != 0) {
        fprintf(stderr, "core of \"%s\": \"%.*s\", want \"%s\"\n", seg, (int)n, core, want);
        CHECK(false);
    }
}

static void test_core(void)
{
    check_core("Question: Is 91 prime?", "Is 91 prime?");
    check_core("Problem 12: Is 91 prime?", "Is 91 prime?");
    check_core("[Condition B] Is 91 prime?", "Is 91 prime?");
    check_core("Q: Is 91 prime?\n", "Is 91 prime?");
    check_core("Problem 12: Q: Is 91 prime? A:", "Is 91 prime? A:");
    check_core("Step 1: Note: Part 2: Is 91 prime?", "Part 2: Is 91 prime?"); /* two labels at most */
    check_core("Problem 1234567890123: Is 91 prime? Think.", "Is 91 prime? Think"); /* a label near the 24th byte */
    check_core("Problem 1234567890123456: Is 91 prime? Think.", "Problem 1234567890123456: Is 91 prime? Think");
    check_core(". Then add 3.  ", "Then add 3"); /* a sentence segment opens with the last full stop */
    check_core("  \t Is 91 prime?", "Is 91 prime?");
    /* not labels: too many words, no blank after the colon, a colon first */
    check_core("Here is the task for you: add 3", "Here is the task for you: add 3");
    check_core("see http://example.org now", "see http://example.org now");
    check_core(": add 3", ": add 3");
    check_core("Ratio 3:2 holds", "Ratio 3:2 holds");
    check_core("A very long label of many characters: x", "A very long label of many characters: x");
    check_core("Answer:", "Answer:"); /* a label with nothing after it stays */
    check_core("", "");
    check_core(" . ", "");
}

/* The rule of sw_reask_core written plainly, byte by byte. */
static bool blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

static size_t reference_label(const char *s, size_t n)
{
    int words = 1;
    for (size_t i = 0; i < n && i < 24; i++) {
        if ((s[i] == ':' || s[i] == ']') && i > 0 && i + 1 < n && blank(s[i + 1]))
            return i + 2;
        if (s[i] == ' ' || s[i] == '\t') {
            if (i == 0 || blank(s[i - 1]) || ++words > 3)
                return 0;
        } else if (blank(s[i])) {
            return 0;
        }
    }
    return 0;
}

static size_t reference_core(const char *s, size_t n, const char **out)
{
    while (n && (blank(*s) || *s == '.'))
        s++, n--;
    for (int k = 0; k < 2; k++) {
        size_t l = reference_label(s, n);
        if (!l)
            break;
        s += l, n -= l;
        while (n && blank(*s))
            s++, n--;
    }
    while (n && (blank(s[n - 1]) || s[n - 1] == '.'))
        n--;
    *out = s;
    return n;
}

static void test_core_matches_reference(void)
{
    static const char alphabet[] = "ab1 :].\t\n";
    uint64_t x = 0x9e3779b97f4a7c15ULL;
    char text[48];
    for (int t = 0; t < 200000; t++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        size_t n = (size_t)(x % sizeof text);
        for (size_t i = 0; i < n; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            /* mostly letters, so that labels of every length occur */
            text[i] = x % 4 ? alphabet[x / 4 % 3] : alphabet[x / 4 % (sizeof alphabet - 1)];
        }
        const char *got, *want;
        size_t got_n = sw_reask_core(text, n, &got), want_n = reference_core(text, n, &want);
        if (got != want || got_n != want_n) {
            fprintf(stderr, "core of \"%.*s\": at %td len %zu, want at %td len %zu\n", (int)n, text, got - text,
                    got_n, want - text, want_n);
            CHECK(false);
            return;
        }
    }
}

static void test_same_item_other_instruction(void)
{
    sw_reask *r;
    CHECK_EQ_INT(sw_reask_new(&r, 1024), SW_OK);
    CHECK(!note(r, 1, "Is 91 a prime number?\n\nThink step by step."));
    CHECK(note(r, 1, "Is 91 a prime number?\n\nThink step by step.")); /* the same text again */
    CHECK(!note(r, 1, "Is 91 a prime number?\n\nShow all of your reasoning.")); /* a new instruction */
    CHECK(!note(r, 1, "Is 97 a prime number?\n\nThink step by step."));         /* a new item */
    CHECK(note(r, 1, "Is 97 a prime number?\n\nShow all of your reasoning."));   /* both parts asked before */
    CHECK(note(r, 1, "Question: Is 97 a prime number?\nThink step by step.\nAnswer:")); /* label and "Answer:" */
    CHECK(note(r, 1, "[Condition C] Is 91 a prime number?\nShow all of your reasoning."));
    sw_reask_free(r);
}

static void test_sentences_of_one_line(void)
{
    sw_reask *r;
    CHECK_EQ_INT(sw_reask_new(&r, 1024), SW_OK);
    CHECK(!note(r, 3, "A train leaves at noon at 80 km/h. Another leaves at one at 100 km/h. When does it catch up?"));
    CHECK(!note(r, 3, "Explain each step. A train leaves at noon at 80 km/h. Another leaves at one at 100 km/h. "
                      "When does it catch up?")); /* a new sentence first */
    CHECK(note(r, 3, "Explain each step.\nA train leaves at noon at 80 km/h. Another leaves at one at 100 km/h. "
                     "When does it catch up?"));
    sw_reask_free(r);
}

static void test_templated_values_are_new(void)
{
    sw_reask *r;
    CHECK_EQ_INT(sw_reask_new(&r, 1 << 12), SW_OK);
    char text[160];
    int reasked = 0;
    for (int i = 0; i < 500; i++) {
        snprintf(text, sizeof text, "Q: Calculate the pH of a buffer of 0.%02d M acetic acid and 0.%02d M acetate.\n"
                                    "A: Let's think step by step.", i % 97, i % 89);
        reasked += note(r, 9, text);
    }
    CHECK_EQ_INT(reasked, 0); /* 500 < 97 * 89: every pair of values is new, though the wording repeats */
    sw_reask_free(r);
}

static void test_owners_apart(void)
{
    sw_reask *r;
    CHECK_EQ_INT(sw_reask_new(&r, 1024), SW_OK);
    CHECK(!note(r, 1, "Is 91 a prime number? Think step by step."));
    CHECK(!note(r, 2, "Is 91 a prime number? Think step by step.")); /* another account's question */
    CHECK(note(r, 2, "Is 91 a prime number? Think step by step."));
    sw_reask_free(r);
}

static void test_nothing_to_compare(void)
{
    sw_reask *r;
    CHECK_EQ_INT(sw_reask_new(&r, 64), SW_OK);
    for (int i = 0; i < 3; i++) {
        CHECK(!note(r, 1, "ok"));            /* shorter than SW_REASK_MIN_SEGMENT */
        CHECK(!note(r, 1, "Answer:\n\n  ")); /* nothing of length left */
        CHECK(!note(r, 1, ""));
    }
    CHECK(!sw_reask_note(r, 1, NULL, 0));
    CHECK(!sw_reask_note(NULL, 1, "Is 91 a prime number?", 21));
    sw_reask_free(r);
    sw_reask_free(NULL);
}

static void test_forgetting_errs_towards_new(void)
{
    sw_reask *r;
    CHECK_EQ_INT(sw_reask_new(&r, 1), SW_OK); /* one slot: every new key evicts the last */
    CHECK(sw_reask_bytes(r) >= sizeof(uint64_t));
    CHECK(!note(r, 1, "Is 91 a prime number?"));
    CHECK(note(r, 1, "Is 91 a prime number?"));
    CHECK(!note(r, 1, "Is 97 a prime number?"));
    CHECK(!note(r, 1, "Is 91 a prime number?")); /* forgotten: counted as new, never the reverse */
    sw_reask_free(r);
}

static void test_long_text(void)
{
    /* more segments than are read: the head decides (a large table, so
     * that the text's own keys do not share a slot) */
    sw_reask *r;
    CHECK_EQ_INT(sw_reask_new(&r, 1 << 20), SW_OK);
    char text[8192];
    size_t len = 0;
    for (int i = 0; i < 2 * SW_REASK_MAX_SEGMENTS; i++)
        len += (size_t)snprintf(text + len, sizeof text - len, "Line number %d of the log.\n", i);
    CHECK(!sw_reask_note(r, 4, text, len));
    CHECK(sw_reask_note(r, 4, text, len));
    text[len - 5] = 'X'; /* a change past the segments read is not seen */
    CHECK(sw_reask_note(r, 4, text, len));
    text[3] = 'X'; /* a change in the head is */
    CHECK(!sw_reask_note(r, 4, text, len));
    sw_reask_free(r);
}

int main(void)
{
    SW_TEST_RUN(test_core);
    SW_TEST_RUN(test_core_matches_reference);
    SW_TEST_RUN(test_same_item_other_instruction);
    SW_TEST_RUN(test_sentences_of_one_line);
    SW_TEST_RUN(test_templated_values_are_new);
    SW_TEST_RUN(test_owners_apart);
    SW_TEST_RUN(test_nothing_to_compare);
    SW_TEST_RUN(test_forgetting_errs_towards_new);
    SW_TEST_RUN(test_long_text);
    return SW_TEST_END();
}
