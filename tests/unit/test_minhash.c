/* test_minhash.c — MinHash signatures, band keys and the bounded LSH index. */
#include "core/hash.h"
#include "detect/minhash.h"
#include "sw_test.h"

#include <stdint.h>
#include <stdlib.h>

static const char TRAIN[] =
    "Solve the following problem step by step. A train leaves the station at 3 pm "
    "travelling at 60 km per hour. Another train leaves the same station at 5 pm "
    "travelling at 90 km per hour on a parallel track. At what time does the second "
    "train catch up with the first one, and how far from the station are they then? "
    "Show all your reasoning and give the final answer in a box.";

/* TRAIN with every number changed (and one a decimal, one with a comma). */
static const char TRAIN_NUMBERS[] =
    "Solve the following problem step by step. A train leaves the station at 11 pm "
    "travelling at 72.5 km per hour. Another train leaves the same station at 1 pm "
    "travelling at 1,000 km per hour on a parallel track. At what time does the second "
    "train catch up with the first one, and how far from the station are they then? "
    "Show all your reasoning and give the final answer in a box.";

/* TRAIN with a few words edited, and with different case and punctuation. */
static const char TRAIN_EDITED[] =
    "SOLVE the following problem step by step: a train departs the station at 3 pm "
    "travelling at 60 km per hour. Another train leaves the same station at 5 pm "
    "travelling at 90 km per hour on a neighbouring track. At what time does the second "
    "train catch up with the first one -- and how far from the station are they then? "
    "Explain all your reasoning and give the final answer in a box!";

static const char RECIPE[] =
    "Write a short poem about autumn leaves falling in an old city park, in the style of "
    "a nineteenth century romantic poet. Use vivid imagery of colour and decay, and end "
    "with a hopeful couplet about the return of spring to the quiet garden paths.";

static const char CODE_REVIEW[] =
    "Review this pull request for security issues: the handler reads the session cookie, "
    "decodes it without verifying the signature, and then trusts the user role inside "
    "it to decide whether the caller may delete other users' records.";

static sw_minhash sig(const char *text)
{
    sw_minhash m;
    bool ok = sw_minhash_text(&m, text, strlen(text));
    CHECK(ok);
    return m;
}

static double sim(const char *a, const char *b)
{
    sw_minhash x = sig(a), y = sig(b);
    return sw_minhash_similarity(&x, &y);
}

static void test_identical(void)
{
    CHECK(sim(TRAIN, TRAIN) == 1.0);
    CHECK(sim(RECIPE, RECIPE) == 1.0);
    /* Deterministic: the same text always gives the same signature. */
    sw_minhash a = sig(TRAIN), b = sig(TRAIN);
    CHECK(memcmp(&a, &b, sizeof a) == 0);
}

static void test_numbers_do_not_matter(void)
{
    double s = sim(TRAIN, TRAIN_NUMBERS);
    CHECK(s >= 0.8);
    /* Numbers, decimals included, all normalise to "#": the shingle sets
     * are equal, so the signatures are. */
    CHECK(s == 1.0);
    CHECK(sim("order 12345 shipped to warehouse 7 today", "order 9 shipped to warehouse 3.25 today") ==
          1.0);
    /* A number inside a word is normalised too. */
    CHECK(sim("upgrade item42 now please", "upgrade item7 now please") == 1.0);
}

static void test_case_and_punctuation(void)
{
    CHECK(sim("Hello, WORLD! How are you today?", "hello world how are you today") == 1.0);
    CHECK(sim("tabs\tand\nnewlines  count as   spaces", "tabs and newlines count as spaces") ==
          1.0);
}

static void test_small_edits(void)
{
    double s = sim(TRAIN, TRAIN_EDITED);
    if (!(s >= 0.5))
        fprintf(stderr, "edited similarity %.3f\n", s);
    CHECK(s >= 0.5);
    CHECK(s < 1.0);
}

static void test_unrelated(void)
{
    double s1 = sim(TRAIN, RECIPE), s2 = sim(TRAIN, CODE_REVIEW), s3 = sim(RECIPE, CODE_REVIEW);
    if (!(s1 <= 0.2 && s2 <= 0.2 && s3 <= 0.2))
        fprintf(stderr, "unrelated similarities %.3f %.3f %.3f\n", s1, s2, s3);
    CHECK(s1 <= 0.2);
    CHECK(s2 <= 0.2);
    CHECK(s3 <= 0.2);
}

/* A text from a word list drawn by a PRNG (letters only, so no numbers
 * get normalised away). */
static size_t random_text(char *out, size_t cap, uint64_t *state, int words)
{
    size_t len = 0;
    for (int w = 0; w < words; w++) {
        uint64_t r = sw_mix64(++*state);
        int wl = 3 + (int)(r % 6);
        for (int i = 0; i < wl && len + 2 < cap; i++) {
            r = r / 7 + sw_mix64(r);
            out[len++] = (char)('a' + r % 26);
        }
        out[len++] = ' ';
    }
    out[len] = '\0';
    return len;
}

/* The estimate tracks the true Jaccard similarity. Two 200-word texts share
 * their first 100 words: 98 common 3-grams out of 298 distinct, J = 0.329.
 * Averaged over 40 pairs the estimate's standard error is ~0.013. */
static void test_estimates_jaccard(void)
{
    char a[4096], b[4096];
    uint64_t st = 42;
    double sum = 0;
    for (int t = 0; t < 40; t++) {
        size_t la = random_text(a, sizeof a, &st, 100);
        memcpy(b, a, la);
        random_text(a + la, sizeof a - la, &st, 100);
        random_text(b + la, sizeof b - la, &st, 100);
        sw_minhash x, y;
        CHECK(sw_minhash_text(&x, a, strlen(a)));
        CHECK(sw_minhash_text(&y, b, strlen(b)));
        sum += sw_minhash_similarity(&x, &y);
    }
    CHECK_NEAR(sum / 40, 98.0 / 298.0, 0.05);
}

/* Short texts leave most slots empty; densification must keep the estimate
 * honest there too. 12-word texts sharing 8 leading words: 6 of 14 distinct
 * 3-grams shared, J = 0.4286. */
static void test_short_text_densification(void)
{
    char a[512], b[512];
    uint64_t st = 7;
    double sum = 0;
    for (int t = 0; t < 200; t++) {
        size_t la = random_text(a, sizeof a, &st, 8);
        memcpy(b, a, la);
        random_text(a + la, sizeof a - la, &st, 4);
        random_text(b + la, sizeof b - la, &st, 4);
        sw_minhash x, y;
        CHECK(sw_minhash_text(&x, a, strlen(a)));
        CHECK(sw_minhash_text(&y, b, strlen(b)));
        sum += sw_minhash_similarity(&x, &y);
    }
    CHECK_NEAR(sum / 200, 6.0 / 14.0, 0.06);
}

static void test_no_words(void)
{
    sw_minhash m;
    memset(&m, 0x5a, sizeof m);
    CHECK(!sw_minhash_text(&m, "", 0));
    CHECK(!sw_minhash_text(&m, " ,.;!? \t\n-- ", 13));
    CHECK_EQ_INT(m.v[0], 0); /* zeroed */
    CHECK_EQ_INT(m.v[31], 0);
    CHECK(!sw_minhash_text(&m, "hello", 0)); /* n is respected */
    CHECK(sw_minhash_text(&m, "#42", 3));    /* a number is a word */
}

static void test_short_texts(void)
{
    CHECK(sim("hello", "hello") == 1.0);
    CHECK(sim("Hello!", "hello") == 1.0);
    CHECK(sim("hello", "goodbye") <= 0.2);
    CHECK(sim("hello world", "hello world") == 1.0);
    CHECK(sim("hello world", "goodbye moon") <= 0.2);
    /* Two words and one of them shared: J = 1/3. */
    double s = sim("hello world", "hello moon");
    CHECK(s > 0.0 && s < 1.0);
}

static void test_utf8_words(void)
{
    /* Multibyte characters are part of words: "naïve" is one word, and
     * differs from both "na ve" and "naive". */
    CHECK(sim("a naïve approach to parsing", "a naïve approach to parsing") == 1.0);
    CHECK(sim("a naïve approach to parsing", "a na ve approach to parsing") < 1.0);
    CHECK(sim("a naïve approach to parsing", "a naive approach to parsing") < 1.0);
    sw_minhash m;
    CHECK(sw_minhash_text(&m, "日本語のテキスト", strlen("日本語のテキスト")));
    /* Invalid UTF-8 is just bytes. */
    CHECK(sw_minhash_text(&m, "\xff\xfe abc \x80", 8));
}

static void test_only_first_4096_bytes(void)
{
    static char a[6000], b[6000];
    uint64_t st = 99;
    size_t la = random_text(a, sizeof a, &st, 900);
    CHECK(la > 5000);
    memcpy(b, a, la + 1);
    for (size_t i = SW_MINHASH_MAX_BYTES + 10; i < la; i++)
        b[i] = (char)('a' + (i * 7) % 26);
    CHECK(sim(a, b) == 1.0);
    /* ...while the bytes before it do: rewrite the words of the first
     * half (about 350 of 700 words) and the similarity drops to about 1/3. */
    for (size_t i = 0; i < SW_MINHASH_MAX_BYTES / 2; i++)
        if (b[i] != ' ')
            b[i] = (char)('a' + (b[i] - 'a' + 1) % 26);
    double s = sim(a, b);
    CHECK(s > 0.1 && s < 0.6);
}

static void test_long_words(void)
{
    /* Words longer than the internal buffer are hashed in full. */
    char a[300], b[300];
    memset(a, 'k', sizeof a - 1);
    a[sizeof a - 1] = '\0';
    memcpy(b, a, sizeof a);
    b[250] = 'q';
    CHECK(sim(a, a) == 1.0);
    CHECK(sim(a, b) == 0.0);
}

static void test_bands(void)
{
    sw_minhash a = sig(TRAIN), b = sig(TRAIN_NUMBERS), c = sig(RECIPE);
    uint64_t ka[SW_LSH_BANDS], kb[SW_LSH_BANDS], kc[SW_LSH_BANDS];
    sw_minhash_bands(&a, ka);
    sw_minhash_bands(&b, kb);
    sw_minhash_bands(&c, kc);
    CHECK(memcmp(ka, kb, sizeof ka) == 0);
    int shared = 0;
    for (int i = 0; i < SW_LSH_BANDS; i++)
        shared += ka[i] == kc[i];
    CHECK_EQ_INT(shared, 0);

    /* The band index is mixed in: equal rows in different bands give
     * different keys. */
    sw_minhash flat;
    for (int i = 0; i < SW_MINHASH_K; i++)
        flat.v[i] = 12345;
    uint64_t kf[SW_LSH_BANDS];
    sw_minhash_bands(&flat, kf);
    for (int i = 0; i < SW_LSH_BANDS; i++)
        for (int j = i + 1; j < SW_LSH_BANDS; j++)
            CHECK(kf[i] != kf[j]);

    /* One changed slot changes exactly its band's key. */
    sw_minhash d = a;
    d.v[13]++;
    uint64_t kd[SW_LSH_BANDS];
    sw_minhash_bands(&d, kd);
    for (int i = 0; i < SW_LSH_BANDS; i++)
        CHECK((kd[i] != ka[i]) == (i == 13 / SW_LSH_ROWS));
}

static void keys_of(const char *text, uint64_t keys[SW_LSH_BANDS])
{
    sw_minhash m = sig(text);
    sw_minhash_bands(&m, keys);
}

static void test_lsh_finds_near_duplicates(void)
{
    sw_lsh *ix = sw_lsh_new(1024);
    CHECK(ix != NULL);
    if (!ix)
        return;
    uint64_t k1[SW_LSH_BANDS], k2[SW_LSH_BANDS], k3[SW_LSH_BANDS], k4[SW_LSH_BANDS];
    keys_of(TRAIN, k1);
    keys_of(TRAIN_NUMBERS, k2);
    keys_of(RECIPE, k3);
    keys_of(TRAIN_EDITED, k4);
    uint32_t others[8] = {0};

    CHECK_EQ_INT(sw_lsh_insert_query(ix, k1, 101, others, 8), 0);
    /* The same owner again: never reported as its own duplicate. */
    CHECK_EQ_INT(sw_lsh_insert_query(ix, k1, 101, others, 8), 0);
    /* Another owner, same prompt with other numbers: owner 101 found. */
    CHECK_EQ_INT(sw_lsh_insert_query(ix, k2, 202, others, 8), 1);
    CHECK_EQ_INT(others[0], 101);
    /* Unrelated text: nobody. */
    others[0] = 0;
    CHECK_EQ_INT(sw_lsh_insert_query(ix, k3, 303, others, 8), 0);
    CHECK_EQ_INT(others[0], 0);
    /* The edited version (similarity >= 0.5 shares a band with high
     * probability; for these fixed texts it does): both earlier owners,
     * each once although found under several bands. */
    int n = sw_lsh_insert_query(ix, k4, 404, others, 8);
    CHECK_EQ_INT(n, 2);
    CHECK((others[0] == 202 && others[1] == 101) || (others[0] == 101 && others[1] == 202));
    sw_lsh_free(ix);
}

static void test_lsh_owner_lists(void)
{
    sw_lsh *ix = sw_lsh_new(256);
    CHECK(ix != NULL);
    if (!ix)
        return;
    uint64_t k[SW_LSH_BANDS];
    keys_of(CODE_REVIEW, k);
    uint32_t others[8];
    for (uint32_t o = 1; o <= 6; o++)
        CHECK_EQ_INT(sw_lsh_insert_query(ix, k, o, others, 8), o - 1 < 4 ? o - 1 : 4);
    /* Only the 4 most recent owners are kept, most recent first. */
    CHECK_EQ_INT(sw_lsh_insert_query(ix, k, 7, others, 8), 4);
    CHECK_EQ_INT(others[0], 6);
    CHECK_EQ_INT(others[1], 5);
    CHECK_EQ_INT(others[2], 4);
    CHECK_EQ_INT(others[3], 3);
    /* An owner seen again moves to the front rather than taking two places. */
    CHECK_EQ_INT(sw_lsh_insert_query(ix, k, 4, others, 8), 3); /* sees 7, 6, 5 */
    CHECK_EQ_INT(others[0], 7);
    CHECK_EQ_INT(sw_lsh_insert_query(ix, k, 8, others, 8), 4);
    CHECK_EQ_INT(others[0], 4);
    CHECK_EQ_INT(others[1], 7);
    CHECK_EQ_INT(others[2], 6);
    CHECK_EQ_INT(others[3], 5);
    /* The count is of all distinct owners; only max_others are written. */
    uint32_t few[4] = {0, 0, 0xdead, 0xdead};
    CHECK_EQ_INT(sw_lsh_insert_query(ix, k, 9, few, 2), 4);
    CHECK_EQ_INT(few[0], 8);
    CHECK_EQ_INT(few[1], 4);
    CHECK_EQ_INT(few[2], 0xdead);
    CHECK_EQ_INT(sw_lsh_insert_query(ix, k, 10, NULL, 0), 4);
    sw_lsh_free(ix);
}

static void random_keys(uint64_t keys[SW_LSH_BANDS], uint64_t *state)
{
    for (int b = 0; b < SW_LSH_BANDS; b++)
        keys[b] = sw_mix64(++*state);
}

static void test_lsh_memory_bound(void)
{
    const size_t slots = 64;
    sw_lsh *ix = sw_lsh_new(slots);
    CHECK(ix != NULL);
    if (!ix)
        return;
    uint64_t st = 1, keys[SW_LSH_BANDS];
    uint32_t others[8];
    for (uint32_t o = 0; o < 1000; o++) {
        random_keys(keys, &st);
        sw_lsh_insert_query(ix, keys, o, others, 8);
        CHECK(sw_lsh_used(ix) <= slots);
    }
    CHECK_EQ_INT(sw_lsh_used(ix), slots); /* full */
    /* 8000 keys went into 64 entries: all but 64 evicted. */
    CHECK_EQ_INT(sw_lsh_evictions(ix), 8000 - slots);
    /* Eviction takes the least recently touched: the latest insert is
     * still found under most of its keys. */
    int n = sw_lsh_insert_query(ix, keys, 5000, others, 8);
    CHECK_EQ_INT(n, 1);
    CHECK_EQ_INT(others[0], 999);
    sw_lsh_free(ix);

    /* Tables smaller than the probe window work too. */
    for (size_t tiny = 1; tiny <= 3; tiny++) {
        ix = sw_lsh_new(tiny);
        CHECK(ix != NULL);
        if (!ix)
            return;
        for (uint32_t o = 0; o < 50; o++) {
            random_keys(keys, &st);
            sw_lsh_insert_query(ix, keys, o, others, 8);
            CHECK(sw_lsh_used(ix) <= tiny);
        }
        sw_lsh_free(ix);
    }
}

static void test_lsh_new_rejects(void)
{
    CHECK(sw_lsh_new(0) == NULL);
    CHECK(sw_lsh_new(SIZE_MAX) == NULL);
    sw_lsh_free(NULL); /* harmless */
}

int main(void)
{
    SW_TEST_RUN(test_identical);
    SW_TEST_RUN(test_numbers_do_not_matter);
    SW_TEST_RUN(test_case_and_punctuation);
    SW_TEST_RUN(test_small_edits);
    SW_TEST_RUN(test_unrelated);
    SW_TEST_RUN(test_estimates_jaccard);
    SW_TEST_RUN(test_short_text_densification);
    SW_TEST_RUN(test_no_words);
    SW_TEST_RUN(test_short_texts);
    SW_TEST_RUN(test_utf8_words);
    SW_TEST_RUN(test_only_first_4096_bytes);
    SW_TEST_RUN(test_long_words);
    SW_TEST_RUN(test_bands);
    SW_TEST_RUN(test_lsh_finds_near_duplicates);
    SW_TEST_RUN(test_lsh_owner_lists);
    SW_TEST_RUN(test_lsh_memory_bound);
    SW_TEST_RUN(test_lsh_new_rejects);
    return SW_TEST_END();
}
