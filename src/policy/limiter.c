/*
 * limiter.c — per-account rate limits, shared by the gateway's threads.
 *
 * State. One entry per account: requests and tokens of the current and the
 * previous wall-clock minute, tokens of the current UTC day, and the number
 * of requests in flight. Entries live in 64 stripes chosen by the account's
 * hash; each stripe is a chained hash table behind its own mutex, so threads
 * serving different accounts rarely wait for each other, and one account's
 * checks and charges happen under one lock (check-then-charge is atomic:
 * concurrent bursts cannot overshoot a limit).
 *
 * Sliding window. The count over "the last minute" is estimated as
 *     previous * (1 - elapsed/60 s) + current
 * where elapsed is the time since the current minute began. A request of n
 * units is admitted when that count plus n stays within the limit. The
 * arithmetic is done in integers scaled by 60,000 (milliseconds per minute),
 * so it is exact: with a limit of 20 and an empty history, exactly 20 are
 * admitted and the 21st is refused. Limits and counts are kept below
 * SW_POLICY_MAX_COUNT (10^12), so the scaled values stay below 2^63.
 *
 * Retry-After is the time until the same request would be admitted if
 * nothing else happened: solved from the window formula, in the current
 * minute when the current count leaves room, else in the next one (when the
 * current minute's count becomes the decaying previous one).
 *
 * Tokens are charged twice: the estimate at admission, the difference to
 * the actual usage at settlement (which may refund). A day's quota resets at
 * UTC midnight.
 *
 * Memory. An entry idle for more than two days with nothing in flight holds
 * only stale counts (its minutes and its day are over), so forgetting it
 * loses nothing. Each stripe sweeps such entries when it has grown to twice
 * its size after the previous sweep, which keeps the cost amortised O(1) per
 * insertion and the memory proportional to the accounts active in two days.
 *
 * Clocks. Time is the caller's now_ms (wall clock). A clock that steps back
 * is treated as standing still: windows never move backwards.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/hash.h"
#include "core/time.h"
#include "policy/policy.h"

#define N_STRIPES 64
#define WINDOW_MS SW_MS_PER_MIN
#define IDLE_EVICT_MS (2 * SW_MS_PER_DAY)
#define MIN_SWEEP 64

typedef struct entry {
    struct entry *next;
    uint64_t hash;
    int64_t last_ms;         /* last admission or settlement */
    int64_t minute;          /* index of the current minute */
    int64_t req_cur, req_prev;
    int64_t tok_cur, tok_prev;
    int64_t day;             /* index of the current UTC day */
    int64_t tok_day;
    int64_t streams;         /* admitted, not yet settled */
    char account[];
} entry;

typedef struct {
    pthread_mutex_t mu;
    entry **buckets;
    size_t mask;       /* buckets - 1 (a power of two) */
    size_t count;
    size_t sweep_at;   /* sweep when count reaches this */
} stripe;

struct sw_limiter {
    stripe stripes[N_STRIPES];
};

/* ---- Arithmetic -------------------------------------------------------- */

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static int64_t clamp_count(int64_t v)
{
    return v < 0 ? 0 : v > SW_POLICY_MAX_COUNT ? SW_POLICY_MAX_COUNT : v;
}

/* A per-minute limit scaled by the throttle factor; 0 stays unlimited and
 * a limited tier never drops below 1 (refusing everything is blocking, which
 * is the detector's decision to make, not a rounding effect). */
static int64_t scaled_limit(int64_t limit, double factor)
{
    if (limit <= 0)
        return 0;
    limit = clamp_count(limit);
    if (!(factor > 0.0) || !isfinite(factor))
        return 1;
    double v = floor((double)limit * factor);
    if (v < 1.0)
        return 1;
    return v >= (double)SW_POLICY_MAX_COUNT ? SW_POLICY_MAX_COUNT : (int64_t)v;
}

int64_t sw_limit_scaled(int64_t limit, double factor)
{
    return scaled_limit(limit, factor);
}

/* Milliseconds until `need` more units fit in the sliding window, given
 * counts prev and cur, `elapsed` ms into the current minute; 0 when they fit
 * now. need above the limit never fits: a whole window is returned. */
static int64_t window_wait(int64_t prev, int64_t cur, int64_t need, int64_t limit, int64_t elapsed)
{
    const int64_t W = WINDOW_MS;
    if (limit <= 0)
        return 0;
    if (need > limit)
        return W;
    if (prev * (W - elapsed) + (cur + need) * W <= limit * W)
        return 0;
    if (cur + need <= limit) {
        /* Fits in this minute once prev has decayed enough:
         * prev * (W - e) <= (limit - cur - need) * W. prev > 0 here. */
        int64_t room = (limit - cur - need) * W / prev;
        int64_t e = W - room;
        return e > elapsed ? e - elapsed : 1;
    }
    /* Next minute: cur becomes prev; cur > 0 here since need <= limit. */
    int64_t room = (limit - need) * W / cur;
    return (W - elapsed) + (W - room);
}

static int64_t ceil_seconds(int64_t ms)
{
    int64_t s = (ms + 999) / 1000;
    return s < 1 ? 1 : s;
}

/* ---- Table ------------------------------------------------------------- */

static stripe *stripe_of(sw_limiter *l, uint64_t h)
{
    return &l->stripes[(h >> 58) % N_STRIPES]; /* high bits: the buckets use the low */
}

static entry *stripe_find(stripe *s, uint64_t h, const char *account)
{
    for (entry *e = s->buckets[h & s->mask]; e; e = e->next)
        if (e->hash == h && strcmp(e->account, account) == 0)
            return e;
    return NULL;
}

static void stripe_grow(stripe *s)
{
    size_t n = (s->mask + 1) * 2;
    entry **b = calloc(n, sizeof *b);
    if (!b)
        return; /* longer chains, still correct */
    for (size_t i = 0; i <= s->mask; i++) {
        for (entry *e = s->buckets[i], *next; e; e = next) {
            next = e->next;
            e->next = b[e->hash & (n - 1)];
            b[e->hash & (n - 1)] = e;
        }
    }
    free(s->buckets);
    s->buckets = b;
    s->mask = n - 1;
}

static size_t stripe_sweep(stripe *s, int64_t now_ms)
{
    size_t removed = 0;
    for (size_t i = 0; i <= s->mask; i++) {
        entry **pp = &s->buckets[i];
        while (*pp) {
            entry *e = *pp;
            if (e->streams == 0 && now_ms - e->last_ms > IDLE_EVICT_MS) {
                *pp = e->next;
                free(e);
                removed++;
            } else {
                pp = &e->next;
            }
        }
    }
    s->count -= removed;
    s->sweep_at = s->count * 2 > MIN_SWEEP ? s->count * 2 : MIN_SWEEP;
    return removed;
}

static entry *stripe_insert(stripe *s, uint64_t h, const char *account, int64_t now_ms)
{
    if (s->count + 1 >= s->sweep_at)
        stripe_sweep(s, now_ms);
    size_t len = strlen(account);
    entry *e = calloc(1, sizeof *e + len + 1);
    if (!e)
        return NULL;
    memcpy(e->account, account, len + 1);
    e->hash = h;
    e->last_ms = now_ms;
    e->minute = floor_div(now_ms, WINDOW_MS);
    e->day = floor_div(now_ms, SW_MS_PER_DAY);
    e->next = s->buckets[h & s->mask];
    s->buckets[h & s->mask] = e;
    if (++s->count > s->mask + 1)
        stripe_grow(s);
    return e;
}

/* ---- Windows ----------------------------------------------------------- */

/* Moves the entry's minute and day forward to now. */
static void entry_roll(entry *e, int64_t now_ms)
{
    int64_t m = floor_div(now_ms, WINDOW_MS);
    if (m == e->minute + 1) {
        e->req_prev = e->req_cur;
        e->tok_prev = e->tok_cur;
        e->req_cur = e->tok_cur = 0;
        e->minute = m;
    } else if (m > e->minute + 1) {
        e->req_prev = e->req_cur = e->tok_prev = e->tok_cur = 0;
        e->minute = m;
    }
    int64_t d = floor_div(now_ms, SW_MS_PER_DAY);
    if (d > e->day) {
        e->day = d;
        e->tok_day = 0;
    }
}

/* Milliseconds into the entry's current minute (0 if the clock stepped
 * back into an earlier minute). */
static int64_t entry_elapsed(const entry *e, int64_t now_ms)
{
    int64_t el = now_ms - e->minute * WINDOW_MS;
    return el < 0 ? 0 : el >= WINDOW_MS ? WINDOW_MS - 1 : el;
}

/* ---- API --------------------------------------------------------------- */

int sw_limiter_new(sw_limiter **out)
{
    *out = NULL;
    sw_limiter *l = calloc(1, sizeof *l);
    if (!l)
        return SW_ENOMEM;
    for (int i = 0; i < N_STRIPES; i++) {
        stripe *s = &l->stripes[i];
        s->buckets = calloc(16, sizeof *s->buckets);
        if (!s->buckets || pthread_mutex_init(&s->mu, NULL) != 0) {
            free(s->buckets);
            s->buckets = NULL;
            while (--i >= 0) {
                pthread_mutex_destroy(&l->stripes[i].mu);
                free(l->stripes[i].buckets);
            }
            free(l);
            return SW_ENOMEM;
        }
        s->mask = 15;
        s->sweep_at = MIN_SWEEP;
    }
    *out = l;
    return SW_OK;
}

void sw_limiter_free(sw_limiter *l)
{
    if (!l)
        return;
    for (int i = 0; i < N_STRIPES; i++) {
        stripe *s = &l->stripes[i];
        for (size_t b = 0; b <= s->mask; b++) {
            for (entry *e = s->buckets[b], *next; e; e = next) {
                next = e->next;
                free(e);
            }
        }
        free(s->buckets);
        pthread_mutex_destroy(&s->mu);
    }
    free(l);
}

/* Records a refusal if it makes the caller wait longer than the one kept. */
static void refuse(sw_limit_result *r, const char *reason, int64_t wait_ms)
{
    int64_t s = ceil_seconds(wait_ms);
    if (r->allowed || s > r->retry_after_s) {
        r->allowed = false;
        r->reason = reason;
        r->retry_after_s = s;
    }
}

/* Every limit of t against e; r says the one that keeps the caller waiting
 * longest, so that retrying after Retry-After is not refused by another. */
static void entry_check(const entry *e, const sw_tier *t, double factor, int64_t est,
                        int64_t now_ms, sw_limit_result *r)
{
    if (t->concurrent_streams > 0 && e->streams >= t->concurrent_streams)
        refuse(r, "concurrent streams", 1000); /* unknowable: when one finishes */
    if (t->tokens_per_day > 0 && e->tok_day + est > clamp_count(t->tokens_per_day))
        refuse(r, "daily tokens", (e->day + 1) * SW_MS_PER_DAY - now_ms);
    int64_t el = entry_elapsed(e, now_ms);
    int64_t w = window_wait(e->req_prev, e->req_cur, 1, scaled_limit(t->requests_per_minute, factor), el);
    if (w > 0)
        refuse(r, "requests per minute", w);
    w = window_wait(e->tok_prev, e->tok_cur, est, scaled_limit(t->tokens_per_minute, factor), el);
    if (w > 0)
        refuse(r, "tokens per minute", w);
}

sw_limit_result sw_limiter_admit(sw_limiter *l, const char *account, const sw_tier *t, double factor,
                                 int64_t est_tokens, int64_t now_ms)
{
    sw_limit_result r = {.allowed = true, .reason = NULL, .retry_after_s = 0};
    if (!account)
        account = "";
    int64_t est = clamp_count(est_tokens);
    uint64_t h = sw_hash_str(account, 0x11);
    stripe *s = stripe_of(l, h);
    pthread_mutex_lock(&s->mu);
    entry *e = stripe_find(s, h, account);
    if (!e)
        e = stripe_insert(s, h, account, now_ms);
    if (!e) {
        pthread_mutex_unlock(&s->mu);
        return (sw_limit_result){.allowed = false, .reason = "out of memory", .retry_after_s = 1};
    }
    entry_roll(e, now_ms);
    if (now_ms > e->last_ms)
        e->last_ms = now_ms;
    entry_check(e, t, factor, est, now_ms, &r);
    if (r.allowed) {
        e->req_cur = clamp_count(e->req_cur + 1);
        e->tok_cur = clamp_count(e->tok_cur + est);
        e->tok_day = clamp_count(e->tok_day + est);
        e->streams++;
    }
    pthread_mutex_unlock(&s->mu);
    return r;
}

/* Removes up to `amount` tokens, from the current minute first: a refund
 * that arrives after the minute rolled comes off the previous one. */
static void entry_refund(entry *e, int64_t amount, bool same_day)
{
    int64_t from_cur = amount < e->tok_cur ? amount : e->tok_cur;
    e->tok_cur -= from_cur;
    int64_t rest = amount - from_cur;
    e->tok_prev -= rest < e->tok_prev ? rest : e->tok_prev;
    if (same_day)
        e->tok_day = clamp_count(e->tok_day - amount);
}

void sw_limiter_settle(sw_limiter *l, const char *account, int64_t est_tokens, int64_t actual_tokens,
                       int64_t now_ms)
{
    if (!account)
        account = "";
    int64_t delta = clamp_count(actual_tokens) - clamp_count(est_tokens);
    uint64_t h = sw_hash_str(account, 0x11);
    stripe *s = stripe_of(l, h);
    pthread_mutex_lock(&s->mu);
    entry *e = stripe_find(s, h, account);
    if (e) { /* always found for an admitted request: in-flight entries are kept */
        int64_t day = e->day;
        entry_roll(e, now_ms);
        if (delta > 0) {
            e->tok_cur = clamp_count(e->tok_cur + delta);
            e->tok_day = clamp_count(e->tok_day + delta);
        } else if (delta < 0) {
            entry_refund(e, -delta, day == e->day);
        }
        if (e->streams > 0)
            e->streams--;
        if (now_ms > e->last_ms)
            e->last_ms = now_ms;
    }
    pthread_mutex_unlock(&s->mu);
}

size_t sw_limiter_evict(sw_limiter *l, int64_t now_ms)
{
    size_t n = 0;
    for (int i = 0; i < N_STRIPES; i++) {
        pthread_mutex_lock(&l->stripes[i].mu);
        n += stripe_sweep(&l->stripes[i], now_ms);
        pthread_mutex_unlock(&l->stripes[i].mu);
    }
    return n;
}

size_t sw_limiter_size(sw_limiter *l)
{
    size_t n = 0;
    for (int i = 0; i < N_STRIPES; i++) {
        pthread_mutex_lock(&l->stripes[i].mu);
        n += l->stripes[i].count;
        pthread_mutex_unlock(&l->stripes[i].mu);
    }
    return n;
}
