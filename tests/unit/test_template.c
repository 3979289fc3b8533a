/* test_template.c — template skeletons and frames, one test per rule. */
#include "detect/template.h"
#include "sw_test.h"

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

/* The normalised text (up to 1 KB) of s. */
static const char *norm(const char *s)
{
    static char buf[1024];
    sw_template t;
    memset(buf, 0x55, sizeof buf);
    sw_template_of(s, strlen(s), &t, buf, sizeof buf);
    return buf;
}

static sw_template tpl(const char *s)
{
    sw_template t;
    sw_template_of(s, strlen(s), &t, NULL, 0);
    return t;
}

static bool same_skeleton(const char *a, const char *b)
{
    return tpl(a).skeleton == tpl(b).skeleton;
}

static void test_numbers(void)
{
    CHECK_EQ_STR(norm("What is 37 * 91?"), "what is # * #?");
    CHECK(same_skeleton("What is 37 * 91?", "What is 12 * 4?"));
    CHECK(!same_skeleton("What is 37 * 91?", "What is 37 + 91?"));
    /* Decimals and thousands separators are one number; digits inside a
     * word are replaced where they stand. */
    CHECK_EQ_STR(norm("Order 1,234.50 shipped in 3 days; 2nd try, v2 build"),
                 "order # shipped in # days; #nd try, v# build");
    CHECK(same_skeleton("costs $3.50 today", "costs $1,200 today"));
    CHECK_EQ_STR(norm("ends with 3."), "ends with #.");
}

static void test_case_and_whitespace(void)
{
    CHECK_EQ_STR(norm("  Hello   WORLD \n\t again  "), "hello world again");
    CHECK(same_skeleton("Summarise this\n\narticle.", "summarise   this article."));
    /* Control characters other than whitespace are dropped. */
    CHECK_EQ_STR(norm("tab\x01le\x7f data"), "table data");
    CHECK(!same_skeleton("summarise this", "summarise that"));
}

static void test_quoted_strings(void)
{
    CHECK_EQ_STR(norm("Translate \"Good morning\" into Spanish."),
                 "translate \"_\" into N.");
    CHECK(same_skeleton("Translate \"Good morning\" into Spanish.",
                        "Translate \"Where is the station? It is late.\" into Spanish."));
    CHECK_EQ_STR(norm("say 'hello there' to them, don't shout"),
                 "say \"_\" to them, don't shout");
    CHECK_EQ_STR(norm("the students' books and 'x'"), "the students' books and \"_\"");
    CHECK_EQ_STR(norm("call `foo(x, 3)` now"), "call \"_\" now");
    CHECK_EQ_STR(norm("fix this:\n```c\nint main(void) { return 0; }\n```\nthanks"),
                 "fix this: \"_\" thanks");
    CHECK_EQ_STR(norm("he said \xe2\x80\x9cwait for me\xe2\x80\x9d and left"),
                 "he said \"_\" and left");
    CHECK_EQ_STR(norm("it\xe2\x80\x99s \xe2\x80\x98odd\xe2\x80\x99 here"),
                 "it\xe2\x80\x99s \"_\" here");
    /* An opening quote that never closes is just a character. */
    CHECK_EQ_STR(norm("he said \"wait and \"left"), "he said \"_\"left");
    CHECK_EQ_STR(norm("a \"b c"), "a \"b c");
    CHECK_EQ_STR(norm("a \"b \" c \" d"), "a \"_\" c \" d");
    CHECK_EQ_STR(norm("don't won't"), "don't won't");
}

static void test_urls_and_emails(void)
{
    CHECK_EQ_STR(norm("Contact bob.smith+x@mail.example.com or visit https://example.com/a?b=1."),
                 "contact <email> or visit <url>.");
    CHECK_EQ_STR(norm("see www.example.org, then HTTP://X.Y/Z)"), "see <url>, then <url>)");
    CHECK(same_skeleton("mail alice@a.org now", "mail z.q-9@corp.example.co.uk now"));
    /* Not addresses: no dot in the domain, nothing before the @, a
     * trailing dot only. */
    CHECK_EQ_STR(norm("user@localhost"), "user@localhost");
    CHECK_EQ_STR(norm("at @home"), "at @home");
    CHECK_EQ_STR(norm("a@b."), "a@b.");
    CHECK_EQ_STR(norm("write to a@b.io."), "write to <email>.");
}

static void test_names(void)
{
    CHECK_EQ_STR(norm("Write a letter to Alice about the meeting."),
                 "write a letter to N about the meeting.");
    CHECK(same_skeleton("Write a letter to Alice about the meeting.",
                        "Write a letter to John Smith about the meeting."));
    CHECK_EQ_STR(norm("ask Bob and Carol, then Dave"), "ask N and N, then N");
    /* Sentence starts are not names; "I" is not; all-caps words are not. */
    CHECK_EQ_STR(norm("Alice went home. Bob stayed! Why? Because."),
                 "alice went home. bob stayed! why? because.");
    CHECK_EQ_STR(norm("first line\nSecond line"), "first line second line");
    CHECK_EQ_STR(norm("and I think so"), "and i think so");
    CHECK_EQ_STR(norm("answer in JSON, NOT prose"), "answer in json, not prose");
    /* A single capital letter mid-sentence is a slot (an option). */
    CHECK(same_skeleton("pick option A now", "pick option C now"));
    /* A full stop without a following space does not start a sentence. */
    CHECK_EQ_STR(norm("see e.Smith"), "see e.N");
    /* Names separated by a newline are two names. */
    CHECK_EQ_STR(norm("to Ann\nand Bo"), "to N and N");
}

static void test_identifiers(void)
{
    CHECK_EQ_STR(norm("look up order a3f9c2e1 for user_8812 and "
                      "550e8400-e29b-41d4-a716-446655440000 at 0x1F"),
                 "look up order # for # and # at #");
    CHECK(same_skeleton("reset key sk-abc123def456 please", "reset key sk-zz99yy88xx please"));
    /* Short mixed words keep their letters. */
    CHECK_EQ_STR(norm("gpt4 mp3 x86"), "gpt# mp# x#");
    /* Letters only: a word, not an id, whatever its length. */
    CHECK_EQ_STR(norm("well-known deadbeef"), "well-known deadbeef");
    /* An identifier run glued to multibyte text is not an identifier. */
    CHECK_EQ_STR(norm("abc123\xc3\xa9"), "abc#\xc3\xa9");
}

static const char WRAP_HEAD[] = "Solve the following problem carefully and rigorously. ";
static const char WRAP_TAIL[] = " Show all your reasoning step by step.";

static sw_template wrapped(const char *task)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s%s%s", WRAP_HEAD, task, WRAP_TAIL);
    return tpl(buf);
}

static void test_frame(void)
{
    sw_template a = wrapped("A train leaves at 3 pm at 60 km/h; when does it arrive 120 km on?");
    sw_template b = wrapped("Prove that the square root of 2 is irrational.");
    sw_template c = wrapped("Let f(x) = x^2 + 'k'. For which k does f have a double root?");
    CHECK(a.frame == b.frame);
    CHECK(a.frame == c.frame);
    CHECK(a.skeleton != b.skeleton);
    CHECK(b.skeleton != c.skeleton);

    /* Another wrapper, same task: the frame differs. */
    sw_template d = tpl("Answer briefly and without any explanation at all. Prove that the "
                        "square root of 2 is irrational. Show all your reasoning step by step.");
    CHECK(d.frame != b.frame);
    /* Another ending, same opening: differs too. */
    char buf[512];
    snprintf(buf, sizeof buf, "%sProve that the square root of 2 is irrational. Reply in "
                              "one short paragraph please.", WRAP_HEAD);
    CHECK(tpl(buf).frame != b.frame);

    /* Short texts: the frame is a function of the words. */
    CHECK(tpl("hello there").frame == tpl("Hello,   there!").frame);
    CHECK(tpl("hello there").frame != tpl("there hello").frame);
    CHECK(tpl("").frame == tpl("  \n ").frame);
    CHECK(tpl("").frame != tpl("x").frame);
}

static void test_skel_out(void)
{
    sw_template t1, t2;
    char small[5];
    sw_template_of("What is 37 * 91?", 16, &t1, small, sizeof small);
    CHECK_EQ_STR(small, "what");
    sw_template_of("What is 37 * 91?", 16, &t2, NULL, 0);
    CHECK(t1.skeleton == t2.skeleton && t1.frame == t2.frame);
    char one[1] = {'x'};
    sw_template_of("What", 4, &t1, one, 1);
    CHECK_EQ_INT(one[0], '\0');
    /* No cut inside a UTF-8 sequence: "café" is 5 bytes, é is 2. */
    char cut[5];
    sw_template_of("café au lait", strlen("café au lait"), &t1, cut, sizeof cut);
    CHECK_EQ_STR(cut, "caf");
    char cut3[8]; /* "a 日本" would need 8 bytes + NUL */
    sw_template_of("a 日本", strlen("a 日本"), &t1, cut3, sizeof cut3);
    CHECK_EQ_STR(cut3, "a 日");
    char whole[9];
    sw_template_of("a 日本", strlen("a 日本"), &t1, whole, sizeof whole);
    CHECK_EQ_STR(whole, "a 日本");
    /* The empty text. */
    char e[8] = "junk";
    sw_template_of("   ", 3, &t1, e, sizeof e);
    CHECK_EQ_STR(e, "");
    sw_template_of("", 0, &t2, NULL, 0);
    CHECK(t1.skeleton == t2.skeleton && t1.frame == t2.frame);
}

static void test_long_text_cap(void)
{
    static char a[12000], b[12000];
    for (size_t i = 0; i < sizeof a - 1; i++)
        a[i] = (char)((i % 7 == 6) ? ' ' : 'a' + (char)(i % 23 % 26));
    a[sizeof a - 1] = '\0';
    memcpy(b, a, sizeof a);
    b[SW_TEMPLATE_MAX_BYTES + 100] = 'Q';
    sw_template ta = tpl(a), tb = tpl(b);
    CHECK(ta.skeleton == tb.skeleton);
    CHECK(ta.frame == tb.frame);
    b[SW_TEMPLATE_MAX_BYTES - 100] = 'q';
    tb = tpl(b);
    CHECK(ta.skeleton != tb.skeleton);
    /* Only the normalised text's hash chunks matter: a change past the
     * first chunk is still seen. */
    memcpy(b, a, sizeof a);
    b[3000] = 'z' == b[3000] ? 'y' : 'z';
    CHECK(tpl(b).skeleton != ta.skeleton);
}

/* Inputs built to make naive look-ahead quadratic, and malformed bytes:
 * all must finish (ASan/UBSan runs check the bounds) with sane output. */
static void test_adversarial(void)
{
    static char s[SW_TEMPLATE_MAX_BYTES + 1];
    const char *pats[] = {"a-", "'a ", "\"", "`", "a.", "x@", "\xe2\x80\x9c", "\xff\xfe", "0x"};
    for (size_t p = 0; p < sizeof pats / sizeof pats[0]; p++) {
        size_t len = strlen(pats[p]), k = 0;
        while (k + len <= SW_TEMPLATE_MAX_BYTES) {
            memcpy(s + k, pats[p], len);
            k += len;
        }
        s[k] = '\0';
        char out[64];
        sw_template t1, t2;
        sw_template_of(s, k, &t1, out, sizeof out);
        sw_template_of(s, k, &t2, NULL, 0);
        CHECK(t1.skeleton == t2.skeleton);
        CHECK(strlen(out) < sizeof out);
    }
    /* Truncated multibyte quote at the very end. */
    sw_template t;
    sw_template_of("a \xe2\x80", 4, &t, NULL, 0);
    sw_template_of("'", 1, &t, NULL, 0);
    sw_template_of("0x", 2, &t, NULL, 0);
    CHECK_EQ_STR(norm("0x"), "#x"); /* no hex digits: not a hex number */
    CHECK_EQ_STR(norm("'"), "'");
}

/* Look-ahead must stay linear: an 8 KB text of opening single quotes that
 * never close ("'a 'a 'a ...") costs ~0.1 ms; searching afresh for a
 * closing quote at every opener made it ~25 ms. CPU time, generous bound
 * (sanitizer builds are several times slower than release). */
static void test_linear_time(void)
{
    static char s[SW_TEMPLATE_MAX_BYTES];
    const char *pats[] = {"'a ", "\xe2\x80\x98\x61 ", "\"a", "a-", "a1-"};
    for (size_t p = 0; p < sizeof pats / sizeof pats[0]; p++) {
        size_t len = strlen(pats[p]), k = 0;
        while (k + len <= sizeof s) {
            memcpy(s + k, pats[p], len);
            k += len;
        }
        clock_t t0 = clock();
        sw_template t;
        for (int r = 0; r < 20; r++)
            sw_template_of(s, k, &t, NULL, 0);
        double ms = (double)(clock() - t0) * 1000.0 / CLOCKS_PER_SEC;
        if (!(ms < 250))
            fprintf(stderr, "pattern %zu: %.1f ms for 20 calls\n", p, ms);
        CHECK(ms < 250);
    }
}

int main(void)
{
    SW_TEST_RUN(test_numbers);
    SW_TEST_RUN(test_case_and_whitespace);
    SW_TEST_RUN(test_quoted_strings);
    SW_TEST_RUN(test_urls_and_emails);
    SW_TEST_RUN(test_names);
    SW_TEST_RUN(test_identifiers);
    SW_TEST_RUN(test_frame);
    SW_TEST_RUN(test_skel_out);
    SW_TEST_RUN(test_long_text_cap);
    SW_TEST_RUN(test_adversarial);
    SW_TEST_RUN(test_linear_time);
    return SW_TEST_END();
}
