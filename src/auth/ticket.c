/*
 * ticket.c — step-up tickets and user handles (ticket.h).
 *
 * Keyed BLAKE2b rather than a signature: only gateways, which all hold the
 * pepper, ever check a ticket, and a 16-byte MAC keeps the URL short enough
 * to be read out of an error message. The MAC covers the prefix too, so a
 * later version of the format cannot be confused with this one. Comparison
 * is in constant time; the payload is decoded only after the MAC verified,
 * so nothing about an unauthenticated payload is ever interpreted.
 */
#include "auth/ticket.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/error.h"

#define MAC_LEN 16
#define PAYLOAD_MAX (8 + SW_ACCOUNT_STR)

static void derive(const uint8_t pepper[SW_PEPPER_LEN], const char *label, uint8_t out[32])
{
    crypto_generichash(out, 32, (const uint8_t *)label, strlen(label), pepper, SW_PEPPER_LEN);
}

void sw_ticket_key(const uint8_t pepper[SW_PEPPER_LEN], uint8_t key[32])
{
    derive(pepper, "stillwatch step-up ticket v1", key);
}

void sw_user_handle(const uint8_t pepper[SW_PEPPER_LEN], const char *account, uint8_t out[SW_USER_HANDLE_LEN])
{
    uint8_t key[32];
    derive(pepper, "stillwatch webauthn user handle v1", key);
    crypto_generichash(out, SW_USER_HANDLE_LEN, (const uint8_t *)account, strlen(account), key, sizeof key);
    sodium_memzero(key, sizeof key);
}

static void mac(const uint8_t key[32], const char *text, size_t n, uint8_t out[MAC_LEN])
{
    crypto_generichash(out, MAC_LEN, (const uint8_t *)text, n, key, 32);
}

int sw_ticket_issue(const uint8_t key[32], const char *account, int64_t exp_ms, char *out, size_t cap)
{
    size_t alen = strlen(account);
    if (alen == 0 || alen >= SW_ACCOUNT_STR || cap < SW_TICKET_MAX)
        return SW_EINVAL;
    uint8_t payload[PAYLOAD_MAX];
    for (int i = 0; i < 8; i++)
        payload[i] = (uint8_t)((uint64_t)exp_ms >> (56 - 8 * i));
    memcpy(payload + 8, account, alen);
    size_t p = strlen(SW_TICKET_PREFIX);
    memcpy(out, SW_TICKET_PREFIX, p);
    sodium_bin2base64(out + p, cap - p, payload, 8 + alen, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    p += strlen(out + p);
    uint8_t m[MAC_LEN];
    mac(key, out, p, m);
    out[p++] = '.';
    sodium_bin2base64(out + p, cap - p, m, sizeof m, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return SW_OK;
}

int sw_ticket_verify(const uint8_t key[32], const char *t, size_t n, int64_t now_ms, char account[SW_ACCOUNT_STR],
                     int64_t *exp_ms)
{
    size_t plen = strlen(SW_TICKET_PREFIX);
    if (n >= SW_TICKET_MAX || n <= plen || memcmp(t, SW_TICKET_PREFIX, plen) != 0)
        return SW_EPARSE;
    const char *dot = memchr(t + plen, '.', n - plen);
    if (!dot)
        return SW_EPARSE;
    uint8_t want[MAC_LEN], got[MAC_LEN];
    size_t glen = 0;
    if (sodium_base642bin(got, sizeof got, dot + 1, n - (size_t)(dot + 1 - t), NULL, &glen, NULL,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        glen != MAC_LEN)
        return SW_EPARSE;
    mac(key, t, (size_t)(dot - t), want);
    if (sodium_memcmp(want, got, MAC_LEN) != 0)
        return SW_EPARSE;
    uint8_t payload[PAYLOAD_MAX];
    size_t len = 0;
    if (sodium_base642bin(payload, sizeof payload, t + plen, (size_t)(dot - t) - plen, NULL, &len, NULL,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        len <= 8 || len - 8 >= SW_ACCOUNT_STR || memchr(payload + 8, '\0', len - 8))
        return SW_EPARSE;
    uint64_t e = 0;
    for (int i = 0; i < 8; i++)
        e = e << 8 | payload[i];
    if ((int64_t)e <= now_ms)
        return SW_EINVAL;
    memcpy(account, payload + 8, len - 8);
    account[len - 8] = '\0';
    if (exp_ms)
        *exp_ms = (int64_t)e;
    return SW_OK;
}
