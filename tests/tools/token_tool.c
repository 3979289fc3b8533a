/*
 * token_tool.c — a test-only driver of src/auth/token.h, so that the
 * end-to-end tests can put our tokens and proofs in front of independent
 * implementations (the reference `paseto` npm package, Node's Ed25519) and
 * theirs in front of ours. Keys travel as hex on the command line.
 *
 *   token_tool pubkey STATE_DIR
 *       the gateway's public key (hex), creating STATE_DIR/token.key
 *   token_tool issue STATE_DIR ACCOUNT KEY_ID TTL_SECONDS DEVICE_PK_HEX
 *       a token signed with STATE_DIR/token.key, valid from now
 *   token_tool verify PK_HEX TOKEN
 *       verifies against now; prints the claims as JSON, or the reason and exit 1
 *   token_tool proof-check PK_HEX TOKEN SW_PROOF METHOD PATH BODY
 *       verifies the token and the proof (skew 30 s); prints "ok" or the reason
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/token.h"
#include "core/error.h"

static int64_t now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static int from_hex(const char *hex, uint8_t *out, size_t n)
{
    size_t got = 0;
    return sodium_hex2bin(out, n, hex, strlen(hex), NULL, &got, NULL) == 0 && got == n;
}

static void print_hex(const uint8_t *p, size_t n)
{
    char hex[2 * 64 + 1];
    sodium_bin2hex(hex, sizeof hex, p, n);
    printf("%s\n", hex);
}

static int cmd_pubkey(const char *dir)
{
    uint8_t sk[SW_ED25519_SK], pk[SW_ED25519_PK];
    char err[512];
    if (sw_token_key_load(dir, sk, err, sizeof err) != SW_OK) {
        fprintf(stderr, "token_tool: %s\n", err);
        return 1;
    }
    sw_token_public_key(sk, pk);
    print_hex(pk, sizeof pk);
    return 0;
}

static int cmd_issue(char **argv)
{
    uint8_t sk[SW_ED25519_SK];
    char err[512], *tok = NULL;
    if (sw_token_key_load(argv[2], sk, err, sizeof err) != SW_OK) {
        fprintf(stderr, "token_tool: %s\n", err);
        return 1;
    }
    sw_token_claims c;
    memset(&c, 0, sizeof c);
    snprintf(c.account, sizeof c.account, "%s", argv[3]);
    snprintf(c.key_id, sizeof c.key_id, "%s", argv[4]);
    c.iat_ms = now_ms();
    c.exp_ms = c.iat_ms + atoll(argv[5]) * 1000;
    if (!from_hex(argv[6], c.device_pk, sizeof c.device_pk)) {
        fprintf(stderr, "token_tool: bad device key\n");
        return 2;
    }
    int rc = sw_token_issue(sk, &c, &tok);
    if (rc != SW_OK) {
        fprintf(stderr, "token_tool: cannot issue: %s\n", sw_strerror(rc));
        return 1;
    }
    printf("%s\n", tok);
    free(tok);
    return 0;
}

static int verify(const char *pk_hex, const char *token, sw_token_claims *c)
{
    uint8_t pk[SW_ED25519_PK];
    char err[128];
    if (!from_hex(pk_hex, pk, sizeof pk)) {
        fprintf(stderr, "token_tool: bad public key\n");
        return 2;
    }
    if (sw_token_verify(pk, token, strlen(token), now_ms(), c, err, sizeof err) != SW_OK) {
        printf("%s\n", err);
        return 1;
    }
    return 0;
}

static int cmd_verify(char **argv)
{
    sw_token_claims c;
    int rc = verify(argv[2], argv[3], &c);
    if (rc)
        return rc;
    char okp[2 * SW_ED25519_PK + 1];
    sodium_bin2hex(okp, sizeof okp, c.device_pk, sizeof c.device_pk);
    printf("{\"sub\":\"%s\",\"kid\":\"%s\",\"jti\":\"%s\",\"iat_ms\":%lld,\"exp_ms\":%lld,\"device_pk\":\"%s\"}\n",
           c.account, c.key_id, c.jti, (long long)c.iat_ms, (long long)c.exp_ms, okp);
    return 0;
}

static int cmd_proof_check(char **argv)
{
    sw_token_claims c;
    int rc = verify(argv[2], argv[3], &c);
    if (rc)
        return rc;
    sw_replay *r;
    char err[128];
    if (sw_replay_new(&r, 16, 60000) != SW_OK)
        return 1;
    const char *hdr = argv[4], *body = argv[7];
    rc = sw_proof_check(&c, r, hdr, strlen(hdr), argv[5], argv[6], body, strlen(body), now_ms(), 30000, err,
                        sizeof err);
    sw_replay_free(r);
    printf("%s\n", rc == SW_OK ? "ok" : err);
    return rc == SW_OK ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (sodium_init() < 0)
        return 1;
    if (argc == 3 && !strcmp(argv[1], "pubkey"))
        return cmd_pubkey(argv[2]);
    if (argc == 7 && !strcmp(argv[1], "issue"))
        return cmd_issue(argv);
    if (argc == 4 && !strcmp(argv[1], "verify"))
        return cmd_verify(argv);
    if (argc == 8 && !strcmp(argv[1], "proof-check"))
        return cmd_proof_check(argv);
    fprintf(stderr, "usage: token_tool pubkey DIR | issue DIR ACCOUNT KID TTL_S DEVICE_PK_HEX |\n"
                    "       verify PK_HEX TOKEN | proof-check PK_HEX TOKEN SW_PROOF METHOD PATH BODY\n");
    return 2;
}
