/*
 * test_auth.c — API keys, PASETO v4.public tokens, proof of possession and
 * the replay cache (src/auth).
 *
 * The PASETO primitives are checked against the specification's published
 * test vectors (paseto-standard/test-vectors, v4.json: 4-S-1..4-S-3 must
 * sign to exactly the published tokens, Ed25519 being deterministic, and
 * verify; 4-F-1..4-F-3 must be refused by a v4.public verifier). Everything
 * else is checked by round trips and by breaking one thing at a time.
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "auth/apikey.h"
#include "auth/token.h"
#include "core/error.h"
#include "core/time.h"
#include "sw_test.h"

/* ---- PASETO v4 test vectors ---- */

#define TV_PK "1eb9dbbbbc047c03fd70604e0071f0987e16b28b757225c11f00415d0e20b1a2"
#define TV_SK                                                                                                  \
    "b4cbfb43df4ce210727d953e4a713307fa19bb7d9f85041438d9e11b942a3774"                                         \
    "1eb9dbbbbc047c03fd70604e0071f0987e16b28b757225c11f00415d0e20b1a2"
#define TV_PAYLOAD "{\"data\":\"this is a signed message\",\"exp\":\"2022-01-01T00:00:00+00:00\"}"
#define TV_FOOTER "{\"kid\":\"zVhMiPBP9fRf2snEcT7gFTioeA9COcNy9DfgL1W60haN\"}"

static const struct {
    const char *name, *token, *footer, *assertion;
} good_vectors[] = {
    {"4-S-1",
     "v4.public.eyJkYXRhIjoidGhpcyBpcyBhIHNpZ25lZCBtZXNzYWdlIiwiZXhwIjoiMjAyMi0wMS0wMVQwMDowMDowMCswMDowMCJ9bg_"
     "XBBzds8lTZShVlwwKSgeKpLT3yukTw6JUz3W4h_ExsQV-P0V54zemZDcAxFaSeef1QlXEFtkqxT1ciiQEDA",
     "", ""},
    {"4-S-2",
     "v4.public.eyJkYXRhIjoidGhpcyBpcyBhIHNpZ25lZCBtZXNzYWdlIiwiZXhwIjoiMjAyMi0wMS0wMVQwMDowMDowMCswMDowMCJ9v3Jt8mx_"
     "TdM2ceTGoqwrh4yDFn0XsHvvV_D0DtwQxVrJEBMl0F2caAdgnpKlt4p7xBnx1HcO-SPo8FPp214HDw."
     "eyJraWQiOiJ6VmhNaVBCUDlmUmYyc25FY1Q3Z0ZUaW9lQTlDT2NOeTlEZmdMMVc2MGhhTiJ9",
     TV_FOOTER, ""},
    {"4-S-3",
     "v4.public.eyJkYXRhIjoidGhpcyBpcyBhIHNpZ25lZCBtZXNzYWdlIiwiZXhwIjoiMjAyMi0wMS0wMVQwMDowMDowMCswMDowMCJ9"
     "NPWciuD3d0o5eXJXG5pJy-DiVEoyPYWs1YSTwWHNJq6DZD3je5gf-0M4JR9ipdUSJbIovzmBECeaWmaqcaP0DQ."
     "eyJraWQiOiJ6VmhNaVBCUDlmUmYyc25FY1Q3Z0ZUaW9lQTlDT2NOeTlEZmdMMVc2MGhhTiJ9",
     TV_FOOTER, "{\"test-vector\":\"4-S-3\"}"},
};

static const struct {
    const char *name, *token, *assertion;
} bad_vectors[] = {
    {"4-F-1",
     "v4.local.vngXfCISbnKgiP6VWGuOSlYrFYU300fy9ijW33rznDYgxHNPwWluAY2Bgb0z54CUs6aYYkIJ-bOOOmJHPuX_"
     "34Agt_IPlNdGDpRdGNnBz2MpWJvB3cttheEc1uyCEYltj7wBQQYX.YXJiaXRyYXJ5LXN0cmluZy10aGF0LWlzbid0LWpzb24",
     "{\"test-vector\":\"4-F-1\"}"},
    {"4-F-2",
     "v4.public.eyJpbnZhbGlkIjoidGhpcyBzaG91bGQgbmV2ZXIgZGVjb2RlIn22Sp4gjCaUw0c7EH84ZSm_jN_Qr41MrgLNu5LIBCzUr1pn3Z-"
     "Wukg9h3ceplWigpoHaTLcwxj0NsI1vjTh67YB.eyJraWQiOiJ6VmhNaVBCUDlmUmYyc25FY1Q3Z0ZUaW9lQTlDT2NOeTlEZmdMMVc2MGhhTiJ9",
     "{\"test-vector\":\"4-F-2\"}"},
    {"4-F-3",
     "v3.local.23e_2PiqpQBPvRFKzB0zHhjmxK3sKo2grFZRRLM-U7L0a8uHxuF9RlVz3Ic6WmdUUWTxCaYycwWV1yM8gKbZB2JhygDMKvHQ7eBf8G"
     "tF0r3K0Q_gF1PXOxcOgztak1eD1dPe9rLVMSgR0nHJXeIGYVuVrVoLWQ.YXJiaXRyYXJ5LXN0cmluZy10aGF0LWlzbid0LWpzb24",
     "{\"test-vector\":\"4-F-3\"}"},
};

static void hex_to_bin(const char *hex, uint8_t *out, size_t n)
{
    size_t got = 0;
    sodium_hex2bin(out, n, hex, strlen(hex), NULL, &got, NULL);
    CHECK_EQ_INT(got, n);
}

static void test_paseto_vectors_sign(void)
{
    uint8_t sk[64];
    hex_to_bin(TV_SK, sk, sizeof sk);
    for (size_t k = 0; k < sizeof good_vectors / sizeof good_vectors[0]; k++) {
        char *tok = NULL;
        const char *f = good_vectors[k].footer, *i = good_vectors[k].assertion;
        CHECK_EQ_INT(sw_paseto_v4_sign(sk, TV_PAYLOAD, strlen(TV_PAYLOAD), f, strlen(f), i, strlen(i), &tok), SW_OK);
        CHECK_EQ_STR(tok, good_vectors[k].token);
        if (!tok || strcmp(tok, good_vectors[k].token))
            fprintf(stderr, "vector %s differs\n", good_vectors[k].name);
        free(tok);
    }
}

static void test_paseto_vectors_verify(void)
{
    uint8_t pk[32];
    hex_to_bin(TV_PK, pk, sizeof pk);
    for (size_t k = 0; k < sizeof good_vectors / sizeof good_vectors[0]; k++) {
        const char *t = good_vectors[k].token, *i = good_vectors[k].assertion;
        uint8_t *m = NULL, *f = NULL;
        size_t m_len = 0, f_len = 0;
        char err[64] = "";
        int rc = sw_paseto_v4_verify(pk, t, strlen(t), i, strlen(i), &m, &m_len, &f, &f_len, err, sizeof err);
        CHECK_EQ_INT(rc, SW_OK);
        CHECK_EQ_STR((char *)m, TV_PAYLOAD);
        CHECK_EQ_INT(m_len, strlen(TV_PAYLOAD));
        CHECK_EQ_INT(f_len, strlen(good_vectors[k].footer));
        if (f_len)
            CHECK_EQ_STR((char *)f, good_vectors[k].footer);
        free(m);
        free(f);
        /* the wrong implicit assertion must fail */
        rc = sw_paseto_v4_verify(pk, t, strlen(t), "x", 1, &m, &m_len, &f, &f_len, err, sizeof err);
        CHECK_EQ_INT(rc, SW_EINVAL);
        CHECK_EQ_STR(err, "bad signature");
        CHECK(m == NULL && f == NULL);
    }
    /* a footer where none is expected (f NULL) is refused */
    const char *t2 = good_vectors[1].token;
    uint8_t *m = NULL;
    size_t m_len;
    char err[64];
    CHECK_EQ_INT(sw_paseto_v4_verify(pk, t2, strlen(t2), NULL, 0, &m, &m_len, NULL, NULL, err, sizeof err), SW_EINVAL);
    CHECK_EQ_STR(err, "unexpected footer");
}

static void test_paseto_vectors_fail(void)
{
    uint8_t pk[32];
    hex_to_bin(TV_PK, pk, sizeof pk);
    for (size_t k = 0; k < sizeof bad_vectors / sizeof bad_vectors[0]; k++) {
        const char *t = bad_vectors[k].token, *i = bad_vectors[k].assertion;
        uint8_t *m = NULL, *f = NULL;
        size_t m_len, f_len;
        char err[64];
        CHECK_EQ_INT(sw_paseto_v4_verify(pk, t, strlen(t), i, strlen(i), &m, &m_len, &f, &f_len, err, sizeof err),
                     SW_EINVAL);
        CHECK(m == NULL);
    }
}

/* Flipping any single character of a token, or truncating it, must fail. */
static void test_paseto_tamper(void)
{
    uint8_t pk[32];
    hex_to_bin(TV_PK, pk, sizeof pk);
    const char *orig = good_vectors[1].token;
    size_t n = strlen(orig);
    char *t = malloc(n + 2);
    int accepted = 0;
    for (size_t k = 0; k < n; k++) {
        memcpy(t, orig, n + 1);
        t[k] = t[k] == 'A' ? 'B' : 'A';
        uint8_t *m = NULL, *f = NULL;
        size_t m_len, f_len;
        if (sw_paseto_v4_verify(pk, t, n, NULL, 0, &m, &m_len, &f, &f_len, NULL, 0) == SW_OK)
            accepted++;
        free(m);
        free(f);
    }
    CHECK_EQ_INT(accepted, 0);
    static const char *const broken[] = {"", "v4.public.", "v4.public.AAAA", "v4.public..", "v4.public.=",
                                          "v4.secret.AAAA", "v2.public.AAAA"};
    for (size_t k = 0; k < sizeof broken / sizeof broken[0]; k++) {
        uint8_t *m = NULL;
        size_t m_len;
        char err[64];
        CHECK_EQ_INT(sw_paseto_v4_verify(pk, broken[k], strlen(broken[k]), NULL, 0, &m, &m_len, NULL, NULL, err,
                                         sizeof err),
                     SW_EINVAL);
    }
    /* an empty footer part after the dot is not a canonical spelling */
    memcpy(t, good_vectors[0].token, strlen(good_vectors[0].token) + 1);
    strcat(t, ".");
    uint8_t *m = NULL, *f = NULL;
    size_t m_len, f_len;
    CHECK_EQ_INT(sw_paseto_v4_verify(pk, t, strlen(t), NULL, 0, &m, &m_len, &f, &f_len, NULL, 0), SW_EINVAL);
    free(t);
}

/* ---- API keys ---- */

static void test_apikey_shape(void)
{
    uint8_t pepper[SW_PEPPER_LEN] = {1, 2, 3};
    char secret[SW_APIKEY_LEN + 1], id[SW_APIKEY_ID_LEN + 1];
    uint8_t h1[32], h2[32];
    CHECK_EQ_INT(sw_apikey_new(pepper, secret, sizeof secret, id, sizeof id, h1), SW_OK);
    CHECK_EQ_INT(strlen(secret), SW_APIKEY_LEN);
    CHECK_EQ_INT(strlen(id), SW_APIKEY_ID_LEN);
    CHECK(strncmp(secret, "sk-sw-", 6) == 0);
    CHECK(strncmp(secret, id, SW_APIKEY_ID_LEN) == 0);
    CHECK_EQ_INT(sw_apikey_hash(pepper, secret, strlen(secret), h2), SW_OK);
    CHECK(memcmp(h1, h2, 32) == 0);
    /* another pepper, another hash */
    uint8_t other[SW_PEPPER_LEN] = {9};
    CHECK_EQ_INT(sw_apikey_hash(other, secret, strlen(secret), h2), SW_OK);
    CHECK(memcmp(h1, h2, 32) != 0);
    /* two keys differ */
    char secret2[SW_APIKEY_LEN + 1], id2[SW_APIKEY_ID_LEN + 1];
    CHECK_EQ_INT(sw_apikey_new(pepper, secret2, sizeof secret2, id2, sizeof id2, h2), SW_OK);
    CHECK(strcmp(secret, secret2) != 0);
    CHECK(memcmp(h1, h2, 32) != 0);
    /* buffers too small */
    CHECK_EQ_INT(sw_apikey_new(pepper, secret2, SW_APIKEY_LEN, id2, sizeof id2, h2), SW_EINVAL);
    CHECK_EQ_INT(sw_apikey_new(pepper, secret2, sizeof secret2, id2, SW_APIKEY_ID_LEN, h2), SW_EINVAL);
}

static void test_apikey_malformed(void)
{
    uint8_t pepper[SW_PEPPER_LEN] = {0};
    char good[SW_APIKEY_LEN + 1], id[SW_APIKEY_ID_LEN + 1], bad[SW_APIKEY_LEN + 8];
    uint8_t h[32];
    CHECK_EQ_INT(sw_apikey_new(pepper, good, sizeof good, id, sizeof id, h), SW_OK);
    /* every position, every wrong kind of character */
    int accepted = 0;
    for (size_t k = 0; k < SW_APIKEY_LEN; k++) {
        static const char subs[] = {'=', '+', '/', ' ', '\0', 'G', '.'};
        for (size_t s = 0; s < sizeof subs; s++) {
            memcpy(bad, good, sizeof good);
            bad[k] = subs[s];
            if (bad[k] == good[k])
                continue;
            /* 'G' is a fine secret character; only the id must be hex */
            if (subs[s] == 'G' && k >= SW_APIKEY_ID_LEN && k != SW_APIKEY_LEN - 1)
                continue;
            if (sw_apikey_hash(pepper, bad, SW_APIKEY_LEN, h) == SW_OK)
                accepted++;
        }
    }
    CHECK_EQ_INT(accepted, 0);
    CHECK_EQ_INT(sw_apikey_hash(pepper, good, SW_APIKEY_LEN - 1, h), SW_EINVAL);
    memcpy(bad, good, sizeof good);
    strcat(bad, "A");
    CHECK_EQ_INT(sw_apikey_hash(pepper, bad, strlen(bad), h), SW_EINVAL);
    CHECK_EQ_INT(sw_apikey_hash(pepper, "", 0, h), SW_EINVAL);
    CHECK_EQ_INT(sw_apikey_hash(pepper, "Bearer x", 8, h), SW_EINVAL);
    /* upper-case hex in the id is not the canonical spelling */
    memcpy(bad, good, sizeof good);
    bad[6] = 'A';
    CHECK_EQ_INT(sw_apikey_hash(pepper, bad, SW_APIKEY_LEN, h), SW_EINVAL);
    /* the last character carries two zero bits: 'A' (0) passes, 'B' (1) not */
    memcpy(bad, good, sizeof good);
    bad[SW_APIKEY_LEN - 1] = 'A';
    CHECK_EQ_INT(sw_apikey_hash(pepper, bad, SW_APIKEY_LEN, h), SW_OK);
    bad[SW_APIKEY_LEN - 1] = 'B';
    CHECK_EQ_INT(sw_apikey_hash(pepper, bad, SW_APIKEY_LEN, h), SW_EINVAL);
}

static void test_apikey_memo(void)
{
    /* a memo with 2 slots and 40 keys: hits, misses and evictions all give
     * what sw_apikey_hash gives, under two peppers in turn */
    sw_apikey_memo *m;
    CHECK_EQ_INT(sw_apikey_memo_new(&m, 2), SW_OK);
    uint8_t peppers[2][SW_PEPPER_LEN] = {{1}, {2}};
    char keys[40][SW_APIKEY_LEN + 1], id[SW_APIKEY_ID_LEN + 1];
    uint8_t h[32], want[32];
    for (int k = 0; k < 40; k++)
        CHECK_EQ_INT(sw_apikey_new(peppers[0], keys[k], sizeof keys[k], id, sizeof id, h), SW_OK);
    int wrong = 0;
    for (int round = 0; round < 6; round++) {
        const uint8_t *pepper = peppers[round / 3];
        for (int k = 0; k < 40; k++) {
            int which = (k * 7 + round) % 40;
            CHECK_EQ_INT(sw_apikey_hash(pepper, keys[which], SW_APIKEY_LEN, want), SW_OK);
            CHECK_EQ_INT(sw_apikey_hash_memo(m, pepper, keys[which], SW_APIKEY_LEN, h), SW_OK);
            wrong += memcmp(h, want, 32) != 0;
            /* the same key again: from the slot */
            CHECK_EQ_INT(sw_apikey_hash_memo(m, pepper, keys[which], SW_APIKEY_LEN, h), SW_OK);
            wrong += memcmp(h, want, 32) != 0;
        }
    }
    CHECK_EQ_INT(wrong, 0);
    /* malformed keys are refused as without the memo */
    CHECK_EQ_INT(sw_apikey_hash_memo(m, peppers[0], "sk-sw-x", 7, h), SW_EINVAL);
    /* no memo: the plain hash */
    CHECK_EQ_INT(sw_apikey_hash_memo(NULL, peppers[0], keys[0], SW_APIKEY_LEN, h), SW_OK);
    CHECK_EQ_INT(sw_apikey_hash(peppers[0], keys[0], SW_APIKEY_LEN, want), SW_OK);
    CHECK(memcmp(h, want, 32) == 0);
    sw_apikey_memo_free(m);
}

static char scratch[256];

static const char *make_scratch(void)
{
    snprintf(scratch, sizeof scratch, "/tmp/sw_test_auth.XXXXXX");
    return mkdtemp(scratch);
}

static void remove_scratch(const char *dir, const char *const *names)
{
    char p[512];
    for (; *names; names++) {
        snprintf(p, sizeof p, "%s/%s", dir, *names);
        unlink(p);
    }
    rmdir(dir);
}

static void test_pepper_file(void)
{
    const char *dir = make_scratch();
    CHECK(dir != NULL);
    if (!dir)
        return;
    uint8_t p1[SW_PEPPER_LEN], p2[SW_PEPPER_LEN];
    char err[300], path[512];
    CHECK_EQ_INT(sw_pepper_load(dir, p1, err, sizeof err), SW_OK);
    CHECK_EQ_INT(sw_pepper_load(dir, p2, err, sizeof err), SW_OK);
    CHECK(memcmp(p1, p2, sizeof p1) == 0);
    snprintf(path, sizeof path, "%s/pepper", dir);
    struct stat st;
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600 && st.st_size == SW_PEPPER_LEN);
    /* readable by others: refused */
    chmod(path, 0644);
    CHECK_EQ_INT(sw_pepper_load(dir, p2, err, sizeof err), SW_EIO);
    CHECK(strstr(err, "0600") != NULL);
    /* wrong size: refused */
    chmod(path, 0600);
    CHECK(truncate(path, 5) == 0);
    CHECK_EQ_INT(sw_pepper_load(dir, p2, err, sizeof err), SW_EIO);
    static const char *const names[] = {"pepper", NULL};
    remove_scratch(dir, names);
    /* a directory that does not exist */
    CHECK_EQ_INT(sw_pepper_load("/nonexistent/dir", p2, err, sizeof err), SW_EIO);
}

/* Processes starting together on a fresh directory all end up with the
 * same pepper: creation never lets one overwrite another's. */
static void test_pepper_race(void)
{
    const char *dir = make_scratch();
    CHECK(dir != NULL);
    if (!dir)
        return;
    enum { N = 8 };
    int fds[N][2];
    pid_t pids[N];
    for (int k = 0; k < N; k++) {
        CHECK(pipe(fds[k]) == 0);
        pids[k] = fork();
        if (pids[k] == 0) {
            uint8_t p[SW_PEPPER_LEN];
            char err[300];
            int ok = sw_pepper_load(dir, p, err, sizeof err) == SW_OK;
            ssize_t w = ok ? write(fds[k][1], p, sizeof p) : 0;
            _exit(w == (ssize_t)sizeof p ? 0 : 1);
        }
        close(fds[k][1]);
    }
    uint8_t first[SW_PEPPER_LEN], got[SW_PEPPER_LEN];
    for (int k = 0; k < N; k++) {
        int status = 0;
        waitpid(pids[k], &status, 0);
        CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        CHECK(read(fds[k][0], k ? got : first, SW_PEPPER_LEN) == SW_PEPPER_LEN);
        close(fds[k][0]);
        if (k)
            CHECK(memcmp(first, got, SW_PEPPER_LEN) == 0);
    }
    CHECK_EQ_INT(sw_pepper_load(dir, got, (char[300]){0}, 300), SW_OK);
    CHECK(memcmp(first, got, SW_PEPPER_LEN) == 0);
    static const char *const names[] = {"pepper", NULL};
    remove_scratch(dir, names); /* fails if a temporary file was left behind */
    struct stat st;
    CHECK(stat(dir, &st) != 0);
}

/* ---- tokens ---- */

#define NOW_MS 1793577600000LL /* 2026-11-02T00:00:00Z */

static void device_keys(uint8_t pk[32], uint8_t sk[64])
{
    crypto_sign_keypair(pk, sk);
}

static sw_token_claims sample_claims(const uint8_t device_pk[32])
{
    sw_token_claims c;
    memset(&c, 0, sizeof c);
    snprintf(c.account, sizeof c.account, "acme-labs");
    snprintf(c.key_id, sizeof c.key_id, "sk-sw-0123abcd");
    c.iat_ms = NOW_MS;
    c.exp_ms = NOW_MS + 15 * SW_MS_PER_MIN;
    memcpy(c.device_pk, device_pk, 32);
    return c;
}

static void test_token_roundtrip(void)
{
    uint8_t gpk[32], gsk[64], dpk[32], dsk[64];
    crypto_sign_keypair(gpk, gsk);
    device_keys(dpk, dsk);
    sw_token_claims c = sample_claims(dpk), out;
    char *tok = NULL, err[100] = "";
    CHECK_EQ_INT(sw_token_issue(gsk, &c, &tok), SW_OK);
    CHECK(tok && strncmp(tok, "v4.public.", 10) == 0 && !strchr(tok + 10, '.'));
    CHECK_EQ_INT(strlen(c.jti), 22); /* filled in: 16 random bytes */
    CHECK_EQ_INT(sw_token_verify(gpk, tok, strlen(tok), NOW_MS + 1000, &out, err, sizeof err), SW_OK);
    CHECK_EQ_STR(out.account, "acme-labs");
    CHECK_EQ_STR(out.key_id, "sk-sw-0123abcd");
    CHECK_EQ_STR(out.jti, c.jti);
    CHECK_EQ_INT(out.iat_ms, c.iat_ms);
    CHECK_EQ_INT(out.exp_ms, c.exp_ms);
    CHECK(memcmp(out.device_pk, dpk, 32) == 0);
    /* the claims are the documented JSON */
    uint8_t *m;
    size_t m_len;
    CHECK_EQ_INT(sw_paseto_v4_verify(gpk, tok, strlen(tok), NULL, 0, &m, &m_len, NULL, NULL, err, sizeof err), SW_OK);
    CHECK(strstr((char *)m, "\"iss\":\"stillwatch\"") && strstr((char *)m, "\"iat\":\"2026-11-02T00:00:00.000Z\"") &&
          strstr((char *)m, "\"cnf\":{\"okp\":\""));
    free(m);
    /* a second token gets another jti */
    sw_token_claims c2 = sample_claims(dpk);
    char *tok2 = NULL;
    CHECK_EQ_INT(sw_token_issue(gsk, &c2, &tok2), SW_OK);
    CHECK(strcmp(c.jti, c2.jti) != 0);
    free(tok);
    free(tok2);
}

static void test_token_expiry(void)
{
    uint8_t gpk[32], gsk[64], dpk[32], dsk[64];
    crypto_sign_keypair(gpk, gsk);
    device_keys(dpk, dsk);
    sw_token_claims c = sample_claims(dpk), out;
    char *tok = NULL, err[100];
    CHECK_EQ_INT(sw_token_issue(gsk, &c, &tok), SW_OK);
    size_t n = strlen(tok);
    CHECK_EQ_INT(sw_token_verify(gpk, tok, n, c.exp_ms - 1, &out, err, sizeof err), SW_OK);
    CHECK_EQ_INT(sw_token_verify(gpk, tok, n, c.exp_ms, &out, err, sizeof err), SW_EINVAL);
    CHECK_EQ_STR(err, "expired");
    CHECK(out.account[0] == '\0'); /* nothing leaks out of a refused token */
    CHECK_EQ_INT(sw_token_verify(gpk, tok, n, c.exp_ms + SW_MS_PER_DAY, &out, err, sizeof err), SW_EINVAL);
    /* issued in the future, beyond the leeway */
    CHECK_EQ_INT(sw_token_verify(gpk, tok, n, c.iat_ms - SW_TOKEN_LEEWAY_MS, &out, err, sizeof err), SW_OK);
    CHECK_EQ_INT(sw_token_verify(gpk, tok, n, c.iat_ms - SW_TOKEN_LEEWAY_MS - 1, &out, err, sizeof err), SW_EINVAL);
    CHECK_EQ_STR(err, "issued in the future");
    free(tok);
    /* claims that cannot be issued */
    sw_token_claims bad = sample_claims(dpk);
    bad.exp_ms = bad.iat_ms;
    CHECK_EQ_INT(sw_token_issue(gsk, &bad, &tok), SW_EINVAL);
    CHECK(tok == NULL);
    bad = sample_claims(dpk);
    bad.account[0] = '\0';
    CHECK_EQ_INT(sw_token_issue(gsk, &bad, &tok), SW_EINVAL);
}

static void test_token_tamper(void)
{
    uint8_t gpk[32], gsk[64], dpk[32], dsk[64], opk[32], osk[64];
    crypto_sign_keypair(gpk, gsk);
    crypto_sign_keypair(opk, osk);
    device_keys(dpk, dsk);
    sw_token_claims c = sample_claims(dpk), out;
    char *tok = NULL, err[100];
    CHECK_EQ_INT(sw_token_issue(gsk, &c, &tok), SW_OK);
    size_t n = strlen(tok);
    /* wrong key */
    CHECK_EQ_INT(sw_token_verify(opk, tok, n, NOW_MS, &out, err, sizeof err), SW_EINVAL);
    CHECK_EQ_STR(err, "bad signature");
    /* a changed payload character, a changed signature character */
    char *t = strdup(tok);
    t[20] = t[20] == 'x' ? 'y' : 'x';
    CHECK_EQ_INT(sw_token_verify(gpk, t, n, NOW_MS, &out, err, sizeof err), SW_EINVAL);
    memcpy(t, tok, n + 1);
    t[n - 5] = t[n - 5] == 'x' ? 'y' : 'x';
    CHECK_EQ_INT(sw_token_verify(gpk, t, n, NOW_MS, &out, err, sizeof err), SW_EINVAL);
    CHECK_EQ_STR(err, "bad signature");
    /* truncated, or with a footer added */
    CHECK_EQ_INT(sw_token_verify(gpk, tok, n - 1, NOW_MS, &out, err, sizeof err), SW_EINVAL);
    free(t);
    free(tok);
    /* a validly signed token with other claims: each check bites */
    static const char *const payloads[] = {
        "{\"iss\":\"other\",\"sub\":\"a\",\"kid\":\"k\",\"jti\":\"j\",\"iat\":\"2026-11-02T00:00:00Z\","
        "\"exp\":\"2026-11-02T01:00:00Z\",\"cnf\":{\"okp\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}}",
        "{\"iss\":\"stillwatch\",\"kid\":\"k\",\"jti\":\"j\",\"iat\":\"2026-11-02T00:00:00Z\","
        "\"exp\":\"2026-11-02T01:00:00Z\",\"cnf\":{\"okp\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}}",
        "{\"iss\":\"stillwatch\",\"sub\":\"a\",\"kid\":\"k\",\"jti\":\"j\",\"iat\":\"2026-11-02T00:00:00Z\","
        "\"exp\":1793581200,\"cnf\":{\"okp\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}}",
        "{\"iss\":\"stillwatch\",\"sub\":\"a\",\"kid\":\"k\",\"jti\":\"j\",\"iat\":\"2026-11-02T00:00:00Z\","
        "\"exp\":\"2026-11-02T01:00:00Z\",\"cnf\":{\"okp\":\"AAAA\"}}",
        "{\"iss\":\"stillwatch\",\"sub\":\"a\",\"kid\":\"k\",\"jti\":\"j\",\"iat\":\"2026-11-02T00:00:00Z\","
        "\"exp\":\"2026-11-02T01:00:00Z\"}",
        "[1,2,3]",
        "not json",
    };
    static const char *const reasons[] = {"wrong issuer",    "bad claim 'sub'", "bad claim 'exp'",
                                          "bad claim 'cnf'", "bad claim 'cnf'", "claims are not a JSON object",
                                          "claims are not a JSON object"};
    for (size_t k = 0; k < sizeof payloads / sizeof payloads[0]; k++) {
        char *tk = NULL;
        CHECK_EQ_INT(sw_paseto_v4_sign(gsk, payloads[k], strlen(payloads[k]), NULL, 0, NULL, 0, &tk), SW_OK);
        CHECK_EQ_INT(sw_token_verify(gpk, tk, strlen(tk), NOW_MS + 1000, &out, err, sizeof err), SW_EINVAL);
        CHECK_EQ_STR(err, reasons[k]);
        free(tk);
    }
    /* the same payload with all claims right is accepted */
    const char *ok = "{\"iss\":\"stillwatch\",\"sub\":\"a\",\"kid\":\"k\",\"jti\":\"j\","
                     "\"iat\":\"2026-11-02T00:00:00Z\",\"exp\":\"2026-11-02T01:00:00Z\","
                     "\"cnf\":{\"okp\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}}";
    char *tk = NULL;
    CHECK_EQ_INT(sw_paseto_v4_sign(gsk, ok, strlen(ok), NULL, 0, NULL, 0, &tk), SW_OK);
    CHECK_EQ_INT(sw_token_verify(gpk, tk, strlen(tk), NOW_MS + 1000, &out, err, sizeof err), SW_OK);
    free(tk);
    /* a token with a footer is not one of ours */
    CHECK_EQ_INT(sw_paseto_v4_sign(gsk, ok, strlen(ok), "f", 1, NULL, 0, &tk), SW_OK);
    CHECK_EQ_INT(sw_token_verify(gpk, tk, strlen(tk), NOW_MS + 1000, &out, err, sizeof err), SW_EINVAL);
    CHECK_EQ_STR(err, "unexpected footer");
    free(tk);
    /* far too long */
    char *huge = malloc(SW_TOKEN_MAX + 2);
    memset(huge, 'A', SW_TOKEN_MAX + 1);
    memcpy(huge, "v4.public.", 10);
    huge[SW_TOKEN_MAX + 1] = '\0';
    CHECK_EQ_INT(sw_token_verify(gpk, huge, SW_TOKEN_MAX + 1, NOW_MS, &out, err, sizeof err), SW_EINVAL);
    CHECK_EQ_STR(err, "token too long");
    free(huge);
}

static void test_token_key_file(void)
{
    const char *dir = make_scratch();
    CHECK(dir != NULL);
    if (!dir)
        return;
    uint8_t sk1[64], sk2[64], pk[32];
    char err[300], path[512];
    CHECK_EQ_INT(sw_token_key_load(dir, sk1, err, sizeof err), SW_OK);
    CHECK_EQ_INT(sw_token_key_load(dir, sk2, err, sizeof err), SW_OK);
    CHECK(memcmp(sk1, sk2, 64) == 0);
    sw_token_public_key(sk1, pk);
    /* a token signed with the loaded key verifies under its public half */
    uint8_t dpk[32], dsk[64];
    device_keys(dpk, dsk);
    sw_token_claims c = sample_claims(dpk), out;
    char *tok = NULL;
    CHECK_EQ_INT(sw_token_issue(sk1, &c, &tok), SW_OK);
    CHECK_EQ_INT(sw_token_verify(pk, tok, strlen(tok), NOW_MS, &out, err, sizeof err), SW_OK);
    free(tok);
    /* a corrupted public half is detected */
    snprintf(path, sizeof path, "%s/token.key", dir);
    FILE *f = fopen(path, "r+b");
    CHECK(f != NULL);
    if (f) {
        fseek(f, 40, SEEK_SET);
        fputc(sk1[40] ^ 1, f);
        fclose(f);
    }
    CHECK_EQ_INT(sw_token_key_load(dir, sk2, err, sizeof err), SW_EIO);
    CHECK(strstr(err, "corrupt") != NULL);
    static const char *const names[] = {"token.key", NULL};
    remove_scratch(dir, names);
}

/* ---- proof of possession ---- */

typedef struct {
    uint8_t gpk[32], gsk[64], dpk[32], dsk[64];
    sw_token_claims claims;
    sw_replay *replay;
} proof_fixture;

#define SKEW_MS 30000
static const char body[] = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

static void fixture_init(proof_fixture *fx, size_t capacity)
{
    crypto_sign_keypair(fx->gpk, fx->gsk);
    device_keys(fx->dpk, fx->dsk);
    fx->claims = sample_claims(fx->dpk);
    snprintf(fx->claims.jti, sizeof fx->claims.jti, "jti-one");
    CHECK_EQ_INT(sw_replay_new(&fx->replay, capacity, 2 * SKEW_MS), SW_OK);
}

static int check(proof_fixture *fx, const char *hdr, const char *method, const char *path, const char *b,
                 int64_t now_ms, char *err)
{
    return sw_proof_check(&fx->claims, fx->replay, hdr, strlen(hdr), method, path, b, strlen(b), now_ms, SKEW_MS,
                          err, 100);
}

static void test_proof_valid_and_replay(void)
{
    proof_fixture fx;
    fixture_init(&fx, 64);
    char hdr[SW_PROOF_MAX], err[100] = "";
    int64_t t = NOW_MS / 1000;
    CHECK_EQ_INT(sw_proof_make(fx.dsk, "POST", "/v1/messages", body, strlen(body), t, "nonce-0123456789ab", hdr,
                               sizeof hdr),
                 SW_OK);
    CHECK(strncmp(hdr, "t=1793577600;n=nonce-0123456789ab;s=", 36) == 0);
    CHECK_EQ_INT(strlen(hdr), 36 + 86);
    CHECK_EQ_INT(check(&fx, hdr, "POST", "/v1/messages", body, NOW_MS + 500, err), SW_OK);
    /* the same header again: a replay */
    CHECK_EQ_INT(check(&fx, hdr, "POST", "/v1/messages", body, NOW_MS + 900, err), SW_EINVAL);
    CHECK_EQ_STR(err, "replayed nonce");
    /* the same nonce under another token is a different pair */
    snprintf(fx.claims.jti, sizeof fx.claims.jti, "jti-two");
    CHECK_EQ_INT(check(&fx, hdr, "POST", "/v1/messages", body, NOW_MS + 900, err), SW_OK);
    /* a random nonce each time */
    char h2[SW_PROOF_MAX], h3[SW_PROOF_MAX];
    CHECK_EQ_INT(sw_proof_make(fx.dsk, "GET", "/v1/models", "", 0, t, NULL, h2, sizeof h2), SW_OK);
    CHECK_EQ_INT(sw_proof_make(fx.dsk, "GET", "/v1/models", "", 0, t, NULL, h3, sizeof h3), SW_OK);
    CHECK(strcmp(h2, h3) != 0);
    CHECK_EQ_INT(sw_proof_check(&fx.claims, fx.replay, h2, strlen(h2), "GET", "/v1/models", NULL, 0, NOW_MS, SKEW_MS,
                                err, sizeof err),
                 SW_OK);
    CHECK_EQ_INT(check(&fx, h3, "GET", "/v1/models", "", NOW_MS, err), SW_OK);
    sw_replay_free(fx.replay);
}

static void test_proof_stale(void)
{
    proof_fixture fx;
    fixture_init(&fx, 64);
    char hdr[SW_PROOF_MAX], err[100];
    int64_t t = NOW_MS / 1000;
    CHECK_EQ_INT(sw_proof_make(fx.dsk, "POST", "/v1/messages", body, strlen(body), t, NULL, hdr, sizeof hdr), SW_OK);
    CHECK_EQ_INT(check(&fx, hdr, "POST", "/v1/messages", body, NOW_MS + SKEW_MS + 1, err), SW_EINVAL);
    CHECK_EQ_STR(err, "stale proof");
    CHECK_EQ_INT(check(&fx, hdr, "POST", "/v1/messages", body, NOW_MS - SKEW_MS - 1, err), SW_EINVAL);
    CHECK_EQ_STR(err, "stale proof");
    /* edges of the window are inside */
    CHECK_EQ_INT(check(&fx, hdr, "POST", "/v1/messages", body, NOW_MS - SKEW_MS, err), SW_OK);
    char h2[SW_PROOF_MAX];
    CHECK_EQ_INT(sw_proof_make(fx.dsk, "POST", "/v1/messages", body, strlen(body), t, NULL, h2, sizeof h2), SW_OK);
    CHECK_EQ_INT(check(&fx, h2, "POST", "/v1/messages", body, NOW_MS + SKEW_MS, err), SW_OK);
    /* a replay at the far end of its own acceptance window is still caught:
     * first seen at t - skew, replayed at t + skew */
    CHECK_EQ_INT(check(&fx, hdr, "POST", "/v1/messages", body, NOW_MS + SKEW_MS, err), SW_EINVAL);
    CHECK_EQ_STR(err, "replayed nonce");
    /* a window shorter than twice the skew is refused */
    sw_replay *short_r;
    CHECK_EQ_INT(sw_replay_new(&short_r, 8, SKEW_MS), SW_OK);
    CHECK_EQ_INT(sw_proof_check(&fx.claims, short_r, hdr, strlen(hdr), "POST", "/v1/messages", body, strlen(body),
                                NOW_MS, SKEW_MS, err, sizeof err),
                 SW_EINVAL);
    sw_replay_free(short_r);
    sw_replay_free(fx.replay);
}

static void test_proof_binding(void)
{
    proof_fixture fx;
    fixture_init(&fx, 64);
    char hdr[SW_PROOF_MAX], err[100];
    int64_t t = NOW_MS / 1000;
    CHECK_EQ_INT(sw_proof_make(fx.dsk, "POST", "/v1/messages", body, strlen(body), t, NULL, hdr, sizeof hdr), SW_OK);
    CHECK_EQ_INT(check(&fx, hdr, "POST", "/v1/chat/completions", body, NOW_MS, err), SW_EINVAL);
    CHECK_EQ_STR(err, "bad proof signature");
    CHECK_EQ_INT(check(&fx, hdr, "POST", "/v1/messages?x=1", body, NOW_MS, err), SW_EINVAL);
    CHECK_EQ_INT(check(&fx, hdr, "PUT", "/v1/messages", body, NOW_MS, err), SW_EINVAL);
    CHECK_EQ_STR(err, "bad proof signature");
    CHECK_EQ_INT(check(&fx, hdr, "POST", "/v1/messages", "{\"model\":\"other\"}", NOW_MS, err), SW_EINVAL);
    CHECK_EQ_STR(err, "bad proof signature");
    /* another device's key */
    uint8_t opk[32], osk[64];
    crypto_sign_keypair(opk, osk);
    char other[SW_PROOF_MAX];
    CHECK_EQ_INT(sw_proof_make(osk, "POST", "/v1/messages", body, strlen(body), t, NULL, other, sizeof other), SW_OK);
    CHECK_EQ_INT(check(&fx, other, "POST", "/v1/messages", body, NOW_MS, err), SW_EINVAL);
    CHECK_EQ_STR(err, "bad proof signature");
    /* failures recorded nothing: the right request still passes */
    CHECK_EQ_INT(check(&fx, hdr, "POST", "/v1/messages", body, NOW_MS, err), SW_OK);
    /* a request that cannot be signed unambiguously */
    CHECK_EQ_INT(check(&fx, hdr, "post", "/v1/messages", body, NOW_MS, err), SW_EINVAL);
    CHECK_EQ_STR(err, "malformed request");
    CHECK_EQ_INT(check(&fx, hdr, "POST", "/v1/messages\nPOST", body, NOW_MS, err), SW_EINVAL);
    CHECK_EQ_STR(err, "malformed request");
    sw_replay_free(fx.replay);
}

static void test_proof_malformed(void)
{
    proof_fixture fx;
    fixture_init(&fx, 64);
    char hdr[SW_PROOF_MAX], err[100];
    int64_t t = NOW_MS / 1000;
    CHECK_EQ_INT(sw_proof_make(fx.dsk, "POST", "/v1/messages", body, strlen(body), t, "abcdefghijklmnop", hdr,
                               sizeof hdr),
                 SW_OK);
    const char *sig = strstr(hdr, ";s=") + 3;
    char buf[600];
    const char *variants[] = {
        "",
        "t=1793577600",
        "t=1793577600;n=abcdefghijklmnop",
        "t=1793577600;n=abcdefghijklmnop;s=",
        "t=1793577600;n=abcdefghijklmnop;s=AAAA",
        "n=abcdefghijklmnop;t=1793577600;s=%s",     /* order */
        "t=01793577600;n=abcdefghijklmnop;s=%s",    /* leading zero */
        "t=1793577600.0;n=abcdefghijklmnop;s=%s",   /* not an integer */
        "t=-1;n=abcdefghijklmnop;s=%s",
        "t=1793577600;n=short;s=%s",                /* nonce too short */
        "t=1793577600;n=abcdefghijklmno=;s=%s",     /* not base64url */
        "t=1793577600;n=abcdefghijklmnop;s=%s;",    /* trailing separator */
        "t=1793577600;n=abcdefghijklmnop;s=%s;x=1", /* unknown field */
        " t=1793577600;n=abcdefghijklmnop;s=%s",
        "T=1793577600;n=abcdefghijklmnop;s=%s",
    };
    for (size_t k = 0; k < sizeof variants / sizeof variants[0]; k++) {
        snprintf(buf, sizeof buf, variants[k], sig);
        int rc = check(&fx, buf, "POST", "/v1/messages", body, NOW_MS, err);
        CHECK_EQ_INT(rc, SW_EINVAL);
        if (rc == SW_EINVAL)
            CHECK_EQ_STR(err, "malformed proof");
        else
            fprintf(stderr, "accepted: %s\n", buf);
    }
    /* a nonce of 65 characters, and an overlong header */
    snprintf(buf, sizeof buf, "t=1793577600;n=%065d;s=%s", 0, sig);
    CHECK_EQ_INT(check(&fx, buf, "POST", "/v1/messages", body, NOW_MS, err), SW_EINVAL);
    /* a signature with one character changed */
    memcpy(buf, hdr, strlen(hdr) + 1);
    buf[strlen(buf) - 3] = buf[strlen(buf) - 3] == 'A' ? 'B' : 'A';
    CHECK_EQ_INT(check(&fx, buf, "POST", "/v1/messages", body, NOW_MS, err), SW_EINVAL);
    /* bytes after an embedded NUL count: the length is what was received */
    memcpy(buf, hdr, strlen(hdr) + 1);
    size_t n = strlen(buf);
    buf[n + 1] = 'x';
    CHECK_EQ_INT(sw_proof_check(&fx.claims, fx.replay, buf, n + 2, "POST", "/v1/messages", body, strlen(body), NOW_MS,
                                SKEW_MS, err, sizeof err),
                 SW_EINVAL);
    /* the untouched header is still good */
    CHECK_EQ_INT(check(&fx, hdr, "POST", "/v1/messages", body, NOW_MS, err), SW_OK);
    /* the client side refuses what it could not sign */
    CHECK_EQ_INT(sw_proof_make(fx.dsk, "POST", "/v1/messages", body, strlen(body), t, "short", buf, sizeof buf),
                 SW_EINVAL);
    CHECK_EQ_INT(sw_proof_make(fx.dsk, "POST", "/v1/messages", body, strlen(body), t, NULL, buf, 40), SW_EINVAL);
    sw_replay_free(fx.replay);
}

/* The cache never holds more than its capacity per window and recovers once
 * the window has passed. */
static void test_replay_bounded(void)
{
    proof_fixture fx;
    fixture_init(&fx, 4);
    char hdr[SW_PROOF_MAX], err[100];
    int64_t t = NOW_MS / 1000;
    int ok = 0, full = 0;
    for (int k = 0; k < 10; k++) {
        CHECK_EQ_INT(sw_proof_make(fx.dsk, "GET", "/v1/models", "", 0, t, NULL, hdr, sizeof hdr), SW_OK);
        int rc = check(&fx, hdr, "GET", "/v1/models", "", NOW_MS, err);
        if (rc == SW_OK)
            ok++;
        else if (rc == SW_ENOMEM && !strcmp(err, "replay cache full"))
            full++;
    }
    CHECK_EQ_INT(ok, 4);
    CHECK_EQ_INT(full, 6);
    /* one window later a new generation takes new pairs, while the previous
     * one still remembers the old */
    int64_t later = NOW_MS + 2 * SKEW_MS;
    CHECK_EQ_INT(sw_proof_make(fx.dsk, "GET", "/v1/models", "", 0, later / 1000, NULL, hdr, sizeof hdr), SW_OK);
    CHECK_EQ_INT(check(&fx, hdr, "GET", "/v1/models", "", later, err), SW_OK);
    /* many windows of traffic: memory is fixed, and each window is capped */
    for (int w = 0; w < 50; w++) {
        int64_t now = NOW_MS + (int64_t)(w + 2) * 2 * SKEW_MS;
        int accepted = 0;
        for (int k = 0; k < 6; k++) {
            CHECK_EQ_INT(sw_proof_make(fx.dsk, "GET", "/v1/models", "", 0, now / 1000, NULL, hdr, sizeof hdr), SW_OK);
            accepted += check(&fx, hdr, "GET", "/v1/models", "", now, err) == SW_OK;
        }
        CHECK_EQ_INT(accepted, 4);
    }
    sw_replay_free(fx.replay);
    sw_replay *r;
    CHECK_EQ_INT(sw_replay_new(&r, 0, 1000), SW_EINVAL);
    CHECK_EQ_INT(sw_replay_new(&r, 10, 0), SW_EINVAL);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    SW_TEST_RUN(test_paseto_vectors_sign);
    SW_TEST_RUN(test_paseto_vectors_verify);
    SW_TEST_RUN(test_paseto_vectors_fail);
    SW_TEST_RUN(test_paseto_tamper);
    SW_TEST_RUN(test_apikey_shape);
    SW_TEST_RUN(test_apikey_malformed);
    SW_TEST_RUN(test_apikey_memo);
    SW_TEST_RUN(test_pepper_file);
    SW_TEST_RUN(test_pepper_race);
    SW_TEST_RUN(test_token_roundtrip);
    SW_TEST_RUN(test_token_expiry);
    SW_TEST_RUN(test_token_tamper);
    SW_TEST_RUN(test_token_key_file);
    SW_TEST_RUN(test_proof_valid_and_replay);
    SW_TEST_RUN(test_proof_stale);
    SW_TEST_RUN(test_proof_binding);
    SW_TEST_RUN(test_proof_malformed);
    SW_TEST_RUN(test_replay_bounded);
    return SW_TEST_END();
}
