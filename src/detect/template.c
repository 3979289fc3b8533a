/*
 * template.c — see template.h for the rules.
 *
 * One left-to-right pass. At each position the rules are tried in a fixed
 * order (space, URL, e-mail, quoted string, identifier, word, punctuation)
 * and the first that matches consumes its bytes and emits its normalised
 * form. Emitted bytes go into a 256-byte chunk that is chain-hashed into the
 * skeleton when full (and copied to the analyst's prefix while that has
 * room); each token (a word or a placeholder) also has a hash of its own,
 * for the frame. Nothing is ever stored whole, so no allocation.
 *
 * Look-ahead is linear overall. A quoted string's search for its closing
 * quote either succeeds, and the pass resumes after it, or fails, and then
 * no later quote of that kind can close either (a later opener would find
 * the same lack), so that kind is not searched for again. Identifier and
 * e-mail runs are measured once at the start of each run.
 *
 * Speed. Most of a prompt is short words, so those are the case made cheap:
 *  - a byte-class table answers each "is it a ..." question with one load;
 *  - a word's run is measured 8 bytes at a time (a loop over its bytes would
 *    end in a mispredicted branch on nearly every word), and that one
 *    measurement serves the identifier rule, the name rule and the word;
 *  - a word without digits is lowercased and emitted 8 bytes at a time;
 *  - a token of at most 8 bytes (nearly all) is not hashed when it ends:
 *    the frame only needs the first and last 6, so it keeps their bytes and
 *    hashes those at the end;
 *  - output is stored 8 bytes at a time into the chunk, whatever fewer of
 *    them count, and the next store overwrites the rest;
 *  - the state that changes per byte or per token is kept apart from the
 *    buffers (whose addresses are taken), so that the compiler can keep it
 *    in registers.
 *
 * Hash input. The skeleton hashes the output, and a token's hash its bytes,
 * in 64-bit lanes: byte k is bits 8k..8k+7 of lane k/8, and the last lane
 * is zero-padded (output bytes are never zero, and the length is in the
 * seed). Lanes, not bytes, so that the fingerprints are the same whatever
 * the machine's byte order; on a little-endian one the two are the same.
 */
#include "detect/template.h"

#include "core/hash.h"

#include <stdbool.h>
#include <string.h>

#define SKEL_SEED 0x736b656c65746f6eULL /* "skeleton" */
#define TOKEN_SEED 0x746f6b656eULL      /* "token" */
#define FRAME_SEED 0x6672616d65ULL      /* "frame" */
#define NWORDS SW_TEMPLATE_FRAME_WORDS
#define CHUNK 256 /* bytes of output hashed at a time */

enum { Q_DOUBLE, Q_BACKTICK, Q_FENCE, Q_SINGLE, Q_CURLY_DOUBLE, Q_CURLY_SINGLE, Q_KINDS };

/* ---- character classes ------------------------------------------------ */

/* Each byte's classes, one bit each. */
enum {
    C_DIGIT = 1 << 0,
    C_UPPER = 1 << 1,  /* ASCII A-Z */
    C_LOWER = 1 << 2,  /* ASCII a-z */
    C_HIGH = 1 << 3,   /* >= 0x80: UTF-8, part of words */
    C_SPACE = 1 << 4,  /* ' ' \t \n \v \f \r */
    C_CTRL = 1 << 5,   /* the other control bytes and DEL: dropped */
    C_IDP = 1 << 6,    /* _ - : inside identifiers */
    C_LOCALP = 1 << 7, /* . _ % + - : inside an e-mail's local part */
    C_HEX = 1 << 8,    /* a-f A-F (hex digits with C_DIGIT) */
    C_URL = 1 << 9,    /* h H w W: may start a URL */
    C_QUOTE = 1 << 10, /* " ` ' and 0xe2 (lead byte of the curly quotes) */
};
#define C_ALPHA (C_UPPER | C_LOWER)
#define C_ALNUM (C_ALPHA | C_DIGIT)
#define C_WORD (C_ALNUM | C_HIGH)
#define C_ID (C_ALNUM | C_IDP)
#define C_LOCAL (C_ALNUM | C_LOCALP)

#define IN(c, lo, hi) ((c) >= (lo) && (c) <= (hi))
#define IS_SPACE(c) ((c) == ' ' || IN(c, '\t', '\r'))
#define CLASS(c)                                                                                   \
    (uint16_t)((IN(c, '0', '9') ? C_DIGIT : 0) | (IN(c, 'A', 'Z') ? C_UPPER : 0) |                 \
               (IN(c, 'a', 'z') ? C_LOWER : 0) | ((c) >= 0x80 ? C_HIGH : 0) |                      \
               (IS_SPACE(c) ? C_SPACE : 0) |                                                       \
               (((c) < 0x20 || (c) == 0x7f) && !IS_SPACE(c) ? C_CTRL : 0) |                        \
               ((c) == '_' || (c) == '-' ? C_IDP : 0) |                                            \
               ((c) == '.' || (c) == '_' || (c) == '%' || (c) == '+' || (c) == '-' ? C_LOCALP     \
                                                                                    : 0) |         \
               (IN(c, 'a', 'f') || IN(c, 'A', 'F') ? C_HEX : 0) |                                  \
               ((c) == 'h' || (c) == 'H' || (c) == 'w' || (c) == 'W' ? C_URL : 0) |                \
               ((c) == '"' || (c) == '`' || (c) == '\'' || (c) == 0xe2 ? C_QUOTE : 0))
#define CLASS4(c) CLASS(c), CLASS((c) + 1), CLASS((c) + 2), CLASS((c) + 3)
#define CLASS16(c) CLASS4(c), CLASS4((c) + 4), CLASS4((c) + 8), CLASS4((c) + 12)
#define CLASS64(c) CLASS16(c), CLASS16((c) + 16), CLASS16((c) + 32), CLASS16((c) + 48)

static const uint16_t cls[256] = {CLASS64(0), CLASS64(64), CLASS64(128), CLASS64(192)};

static inline bool is(unsigned char c, unsigned classes)
{
    return (cls[c] & classes) != 0;
}
static inline unsigned char lower(unsigned char c)
{
    return is(c, C_UPPER) ? (unsigned char)(c | 0x20) : c;
}

/* ---- 8 bytes at a time ------------------------------------------------- */

#define BYTES(b) (UINT64_C(0x0101010101010101) * (b)) /* b in every byte */

/* The 8 bytes at p as a lane (p[0] in the low byte). */
static inline uint64_t load_lane(const unsigned char *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    return w;
}

static inline void store_lane(unsigned char *p, uint64_t w)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    memcpy(p, &w, 8);
}

/* The bytes of the text from p as a lane, at most 8 and none at or past
 * end (there is at least one); past those the lane is zero. */
static inline uint64_t load_text(const unsigned char *p, const unsigned char *end)
{
    if (end - p >= 8)
        return load_lane(p);
    uint64_t w = 0;
    for (unsigned k = 0; p + k < end; k++)
        w |= (uint64_t)p[k] << (8 * k);
    return w;
}

/* The first `bytes` bytes (1..8) of lane w, the rest cleared. */
static inline uint64_t first_bytes(uint64_t w, unsigned bytes)
{
    return w & (~UINT64_C(0) >> (64 - 8 * bytes));
}

/* sw_hash64 of the lanes stored (as store_lane does) in the len bytes at
 * p, len a multiple of 8 and at most CHUNK. */
static uint64_t hash_lanes(const unsigned char *p, size_t len, uint64_t seed)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    return sw_hash64(p, len, seed); /* the lanes' bytes are the bytes */
#else
    uint64_t lanes[CHUNK / 8];
    for (size_t k = 0; k < len / 8; k++)
        lanes[k] = load_lane(p + 8 * k);
    return sw_hash64(lanes, len, seed);
#endif
}

/* Bit 7 of each byte of the result is set where that byte of x is in
 * [lo, hi] (1 <= lo <= hi < 0x80); the other bits are clear. Only the low 7
 * bits of each byte are added to, so no carry crosses into the next byte. */
static inline uint64_t bytes_in(uint64_t x, unsigned lo, unsigned hi)
{
    uint64_t low7 = x & ~BYTES(0x80);
    uint64_t ge = low7 + BYTES(0x80 - lo), gt = low7 + BYTES(0x7f - hi);
    return ge & ~gt & ~x & BYTES(0x80);
}

/* ---- state ------------------------------------------------------------- */

/* A token as the frame keeps it. Only the first and the last 6 tokens'
 * hashes are used, so a token of one lane (nearly every one) is kept as
 * that lane and the seed it is to be hashed with, and hashed at the end if
 * it is still one of them; a longer token is hashed when it ends. */
typedef struct {
    uint64_t lane; /* the token's lane, or its hash when seed is 0 */
    uint64_t seed; /* TOKEN_SEED + its length (never 0), or 0 */
} frame_word;

/* The buffers, and what changes only when a chunk fills or a token ends. */
typedef struct {
    unsigned char out[CHUNK + 8]; /* the skeleton's current chunk; stores of
                                   * 8 bytes may spill past it */
    size_t hashed;                /* bytes of output in earlier chunks */
    uint64_t skel;                /* their chain hash */
    /* analyst's prefix */
    char *pre;
    size_t pre_cap, pre_len;
    /* frame */
    frame_word first[NWORDS], last[NWORDS]; /* last: ring buffer */
    size_t words;
    bool no_close[Q_KINDS];
} sink;

/* What changes per byte or per token. Its address is only taken by the
 * pass's own static functions, so that once they are inlined the compiler
 * can keep it in registers. */
typedef struct {
    sink *k;
    size_t out_len;     /* bytes in k->out */
    bool space_pending; /* whitespace seen since the last emitted byte */
    bool sentence_start;
    bool after_stop;    /* last emitted byte was . ! or ? */
    bool after_name;    /* last token was N, with only spaces since */
    size_t id_checked;  /* identifier runs before here are known not to be ids */
    size_t next_at;     /* the next '@' at or after where it was last sought, or n
                         * (0 before the first search: merely not a shortcut) */
} norm;

/* ---- output ----------------------------------------------------------- */

/* Appends bytes of output to the prefix, as far as it has room. */
static void prefix_add(sink *k, const unsigned char *p, size_t len)
{
    size_t room = k->pre_cap - k->pre_len;
    if (len > room)
        len = room;
    memcpy(k->pre + k->pre_len, p, len);
    k->pre_len += len;
}

static void chunk_full(sink *k)
{
    if (k->pre_len < k->pre_cap)
        prefix_add(k, k->out, CHUNK);
    k->skel = hash_lanes(k->out, CHUNK, k->skel);
    k->hashed += CHUNK;
    memcpy(k->out, k->out + CHUNK, 8); /* what spilled past the chunk */
}

/* Emits the first `bytes` bytes (1..8, none zero) of lane w. The bytes
 * after them that the store writes are overwritten by later ones, or
 * cleared at the end. */
static inline void put(norm *st, uint64_t w, unsigned bytes)
{
    store_lane(st->k->out + st->out_len, w);
    st->out_len += bytes;
    if (st->out_len >= CHUNK) {
        chunk_full(st->k);
        st->out_len -= CHUNK;
    }
}

/* Starts emitting: first the one space that stands for any whitespace
 * seen since the last byte (none at the very start). */
static inline void begin(norm *st)
{
    if (st->space_pending) {
        st->space_pending = false;
        if (st->out_len || st->k->hashed)
            put(st, ' ', 1);
    }
    st->after_stop = false;
    st->after_name = false;
}

/* Adds a token to the frame: see frame_word. */
static inline void word_done(norm *st, uint64_t lane, uint64_t seed)
{
    sink *k = st->k;
    frame_word fw = {lane, seed};
    if (k->words < NWORDS)
        k->first[k->words] = fw;
    k->last[k->words % NWORDS] = fw;
    k->words++;
    st->sentence_start = false;
}

/* A whole token of at most 8 bytes (a placeholder, or a short word): its
 * lane, the rest zero. */
static inline void tok_lane(norm *st, uint64_t w, unsigned bytes)
{
    begin(st);
    put(st, w, bytes);
    word_done(st, w, TOKEN_SEED + bytes);
}

/* A placeholder. */
static inline void tok_put(norm *st, const char *s)
{
    uint64_t w = 0;
    unsigned len = 0;
    for (; s[len]; len++)
        w |= (uint64_t)(unsigned char)s[len] << (8 * len);
    tok_lane(st, w, len);
}

/* A token built a byte at a time, hashed 32 bytes at a time as they fill
 * up (chained: each block's hash seeds the next), then what is left
 * zero-padded to whole lanes, seeded with the chain and the length. */
typedef struct {
    unsigned char *b; /* 32 + 8 bytes, apart so that this struct is never addressed */
    size_t len;
    uint64_t h;
} token;

static inline void tok_byte(norm *st, token *t, unsigned char c)
{
    put(st, c, 1);
    t->b[t->len++ % 32] = c;
    if (t->len % 32 == 0)
        t->h = hash_lanes(t->b, 32, t->h);
}

static void tok_end(norm *st, token *t)
{
    size_t left = t->len % 32;
    memset(t->b + left, 0, 8);
    if (t->len <= 8)
        word_done(st, load_lane(t->b), t->h + t->len);
    else
        word_done(st, hash_lanes(t->b, (left + 7) / 8 * 8, t->h + t->len), 0);
}

/* ---- the rules that look ahead; each returns the end of its match, or i - */

static bool prefix_ci(const unsigned char *s, size_t i, size_t n, const char *p)
{
    for (; *p; p++, i++)
        if (i >= n || lower(s[i]) != (unsigned char)*p)
            return false;
    return true;
}

/* At an h or a w. */
static size_t url_end(const unsigned char *s, size_t i, size_t n)
{
    if (i > 0 && is(s[i - 1], C_ALNUM))
        return i;
    if (!prefix_ci(s, i, n, "http://") && !prefix_ci(s, i, n, "https://") &&
        !prefix_ci(s, i, n, "www."))
        return i;
    size_t j = i;
    while (j < n && !is(s[j], C_SPACE))
        j++;
    /* Closing punctuation after a URL belongs to the sentence. */
    while (j > i && strchr(".,;:!?)]}>'\"", s[j - 1]) && s[j - 1] != '\0')
        j--;
    return j;
}

/* At a byte of an e-mail's local part. */
static inline size_t email_end(norm *st, const unsigned char *s, size_t i, size_t n)
{
    if (i > 0 && is(s[i - 1], C_LOCAL))
        return i;
    /* Most texts have no '@' at all: find the next one once, and skip the
     * scan of a local part that could not reach it (at most 64 bytes; none
     * when there is no '@' left). */
    if (st->next_at < i) {
        const unsigned char *at = memchr(s + i, '@', n - i);
        st->next_at = at ? (size_t)(at - s) : n;
    }
    if (st->next_at == n || st->next_at - i > 64)
        return i;
    size_t j = i;
    while (j < n && is(s[j], C_LOCAL))
        j++;
    if (j == n || s[j] != '@' || j == i)
        return i;
    size_t d = j + 1, k = d;
    while (k < n && (is(s[k], C_ALNUM) || s[k] == '.' || s[k] == '-'))
        k++;
    while (k > d && (s[k - 1] == '.' || s[k - 1] == '-')) /* the sentence's full stop */
        k--;
    /* The domain needs a dot with a label on each side. */
    size_t dot = k;
    while (dot > d && s[dot - 1] != '.')
        dot--;
    if (dot <= d + 1 || dot == k)
        return i;
    return k;
}

/* Position of the first occurrence of the bytes p[0..len) at or after from,
 * or n. */
static size_t find(const unsigned char *s, size_t from, size_t n, const char *p, size_t len)
{
    for (size_t k = from; k + len <= n; k++) {
        const unsigned char *hit = memchr(s + k, (unsigned char)p[0], n - k);
        if (!hit)
            return n;
        k = (size_t)(hit - s);
        if (k + len <= n && memcmp(hit, p, len) == 0)
            return k;
    }
    return n;
}

/* First closing single quote (len bytes p) at or after from that precedes a
 * non-word byte, or n. */
static size_t find_single_close(const unsigned char *s, size_t from, size_t n, const char *p,
                                size_t len)
{
    for (size_t k = find(s, from, n, p, len); k < n; k = find(s, k + 1, n, p, len))
        if (k + len == n || !is(s[k + len], C_WORD))
            return k;
    return n;
}

/* At a quote byte (or 0xe2, which may start a curly one). */
static size_t quote_end(sink *k, const unsigned char *s, size_t i, size_t n)
{
    static const char *const open[Q_KINDS] = {"\"", "`", "```", "'", "\xe2\x80\x9c",
                                              "\xe2\x80\x98"};
    static const char *const close[Q_KINDS] = {"\"", "`", "```", "'", "\xe2\x80\x9d",
                                               "\xe2\x80\x99"};
    int kind = -1;
    for (int q = Q_KINDS - 1; q >= 0; q--) { /* fence before backtick */
        size_t len = strlen(open[q]);
        if (i + len <= n && memcmp(s + i, open[q], len) == 0) {
            kind = q;
            break;
        }
    }
    if (kind < 0 || k->no_close[kind])
        return i;
    size_t olen = strlen(open[kind]), clen = strlen(close[kind]), end;
    if (kind == Q_SINGLE || kind == Q_CURLY_SINGLE) {
        /* An opening single quote follows a non-word byte and precedes a
         * non-space; otherwise it is an apostrophe. */
        if ((i > 0 && is(s[i - 1], C_WORD)) || i + olen >= n || is(s[i + olen], C_SPACE))
            return i;
        end = find_single_close(s, i + olen, n, close[kind], clen);
    } else {
        end = find(s, i + olen, n, close[kind], clen);
    }
    if (end == n) {
        k->no_close[kind] = true;
        return i;
    }
    return end + clen;
}

/* ---- identifiers, names and words ------------------------------------- */

/* The end of the word run (letters, digits, bytes >= 0x80) at i, and in
 * *flags the classes it holds (C_DIGIT, C_UPPER, C_LOWER, C_HIGH). 8 bytes
 * at a time: most words are short, and a loop over their bytes would end in
 * a mispredicted branch on nearly every one. */
static inline size_t word_run(const unsigned char *s, size_t i, size_t n, unsigned *flags)
{
    unsigned f = 0;
    size_t w = i;
    for (; n - w >= 8; w += 8) {
        uint64_t x = load_lane(s + w);
        uint64_t high = x & BYTES(0x80);
        uint64_t digit = bytes_in(x, '0', '9');
        uint64_t alpha = bytes_in(x | BYTES(0x20), 'a', 'z');
        uint64_t low = alpha & x << 2; /* 0x20, a lowercase letter's bit, moved to 0x80 */
        uint64_t other = ~(high | digit | alpha) & BYTES(0x80);
        /* The run's bytes are those before the first other byte. */
        uint64_t run = other ? ((other & (0 - other)) - 1) & BYTES(0x80) : BYTES(0x80);
        f |= ((digit & run) ? C_DIGIT : 0) | ((alpha & ~low & run) ? C_UPPER : 0) |
             ((low & run) ? C_LOWER : 0) | ((high & run) ? C_HIGH : 0);
        if (other) {
            *flags = f;
            return w + (unsigned)__builtin_ctzll(other) / 8;
        }
    }
    for (; w < n && is(s[w], C_WORD); w++)
        f |= cls[s[w]];
    *flags = f;
    return w;
}

/* The identifier rule at i (a letter or a digit) given the word run [i, w)
 * and its classes f: the end of the identifier, or i. A run found not to be
 * one is remembered in id_checked. */
static inline size_t identifier_end(norm *st, const unsigned char *s, size_t i, size_t w,
                                    size_t n, unsigned f)
{
    /* The identifier run (letters, digits, '_', '-') and the word run share
     * their letters and digits. */
    size_t j = w;
    bool ends = true; /* the run is followed by a non-word byte or the end */
    if (f & C_HIGH) {
        /* It stops at the first byte >= 0x80, which is a word byte. */
        for (j = i; is(s[j], C_ALNUM); j++)
            ;
        ends = false;
    } else if (w < n && is(s[w], C_IDP)) {
        /* It goes on past the word ('-' or '_'): measure the rest. */
        while (j < n && is(s[j], C_ID))
            f |= cls[s[j++]];
        ends = j == n || !is(s[j], C_WORD);
    }
    /* Either kind holds a digit (a hex number starts with "0x"). */
    if (ends && (f & C_DIGIT)) {
        if ((f & C_ALPHA) && j - i >= 6)
            return j;
        if (j - i >= 3 && s[i] == '0' && (s[i + 1] | 0x20) == 'x') {
            bool hex = true;
            for (size_t k = i + 2; k < j; k++)
                hex &= is(s[k], C_DIGIT | C_HEX);
            if (hex)
                return j;
        }
    }
    /* Any later start inside this run is a suffix of it: not an id either
     * (fewer bytes, no more letters or digits, same end). */
    st->id_checked = j;
    return i;
}

/* Emits the word at i, which holds digits: each digit run (with "." or ","
 * between digits) becomes '#', and may end past the word run. Returns its
 * end. */
static size_t word_with_digits(norm *st, const unsigned char *s, size_t i, size_t n)
{
    unsigned char b[32 + 8];
    token t = {.b = b, .h = TOKEN_SEED};
    size_t j = i;
    while (j < n && is(s[j], C_WORD)) {
        if (is(s[j], C_DIGIT)) {
            do {
                j++;
                if (j + 1 < n && (s[j] == '.' || s[j] == ',') && is(s[j + 1], C_DIGIT))
                    j++;
            } while (j < n && is(s[j], C_DIGIT));
            tok_byte(st, &t, '#');
        } else {
            tok_byte(st, &t, lower(s[j++]));
        }
    }
    tok_end(st, &t);
    return j;
}

/* Emits the word [i, w) of more than 8 bytes, none a digit: as the short
 * one in word(), 8 bytes at a time, each 8 a lane of the token. */
static void long_word(norm *st, const unsigned char *s, size_t i, size_t w, size_t n)
{
    uint64_t lanes[4], h = TOKEN_SEED;
    unsigned nlanes = 0;
    for (size_t p = i; p < w; p += 8) {
        unsigned bytes = w - p < 8 ? (unsigned)(w - p) : 8;
        uint64_t x = load_text(s + p, s + n);
        x = first_bytes(x | (~x & BYTES(0x80)) >> 2, bytes);
        put(st, x, bytes);
        lanes[nlanes++] = x;
        if (nlanes == 4 && bytes == 8) { /* 32 bytes: chained */
            h = sw_hash64(lanes, sizeof lanes, h);
            nlanes = 0;
        }
    }
    word_done(st, sw_hash64(lanes, nlanes * sizeof lanes[0], h + (w - i)), 0);
}

/* At a word byte: the identifier, name or word rule. Returns the end of
 * what it consumed. */
static inline size_t word(norm *st, const unsigned char *s, size_t i, size_t n)
{
    /* The run is measured once, with the classes it holds. */
    unsigned f;
    size_t w = word_run(s, i, n, &f);

    unsigned char c = s[i];
    if (is(c, C_ALNUM) && i >= st->id_checked) {
        size_t j = identifier_end(st, s, i, w, n, f);
        if (j != i) {
            tok_put(st, "#");
            return j;
        }
    }
    if (is(c, C_UPPER) && !st->sentence_start) {
        /* A capitalised word: one letter but "I", or one with a lowercase
         * letter. Consecutive names are one N. */
        if (w == i + 1 ? c != 'I' : (f & C_LOWER) != 0) {
            if (!st->after_name)
                tok_put(st, "N");
            st->after_name = true; /* also after a collapsed N */
            return w;
        }
    }

    if (f & C_DIGIT) {
        begin(st);
        return word_with_digits(st, s, i, n);
    }
    /* Letters and bytes >= 0x80 only: the word is its bytes, lowercased.
     * Setting 0x20 in every byte below 0x80 lowercases a capital and leaves
     * a lowercase letter as it is. */
    if (w - i > 8) {
        begin(st);
        long_word(st, s, i, w, n);
        return w;
    }
    uint64_t x = load_text(s + i, s + n);
    x = first_bytes(x | (~x & BYTES(0x80)) >> 2, (unsigned)(w - i));
    tok_lane(st, x, (unsigned)(w - i));
    return w;
}

/* ---- the pass --------------------------------------------------------- */

static uint64_t word_hash(frame_word fw)
{
    return fw.seed ? sw_hash64(&fw.lane, sizeof fw.lane, fw.seed) : fw.lane;
}

static uint64_t frame_hash(const sink *k)
{
    uint64_t w[2 * NWORDS];
    size_t m = k->words < NWORDS ? k->words : NWORDS;
    for (size_t t = 0; t < m; t++) {
        w[t] = word_hash(k->first[t]);
        w[m + t] = word_hash(k->last[(k->words - m + t) % NWORDS]);
    }
    return sw_hash64(w, 2 * m * sizeof w[0], FRAME_SEED);
}

/* Cuts the prefix back so that it does not end inside a UTF-8 sequence. */
static size_t utf8_trim(const char *p, size_t len)
{
    size_t k = len;
    while (k > 0 && ((unsigned char)p[k - 1] & 0xC0) == 0x80 && len - k < 3)
        k--;
    if (k == 0)
        return len;
    unsigned char lead = (unsigned char)p[k - 1];
    size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    return (lead >= 0xC0 && len - (k - 1) < need) ? k - 1 : len;
}

void sw_template_of(const char *text, size_t n, sw_template *out, char *skel_out,
                    size_t skel_cap)
{
    sink k;
    k.hashed = 0;
    k.skel = SKEL_SEED;
    k.pre = skel_out;
    k.pre_cap = skel_out && skel_cap ? skel_cap - 1 : 0;
    k.pre_len = 0;
    k.words = 0;
    memset(k.no_close, 0, sizeof k.no_close);
    norm st = {.k = &k, .sentence_start = true};

    if (n > SW_TEMPLATE_MAX_BYTES)
        n = SW_TEMPLATE_MAX_BYTES;
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        unsigned cl = cls[c];
        if (cl & C_SPACE) {
            st.space_pending = true;
            if (c == '\n' || st.after_stop)
                st.sentence_start = true;
            if (c == '\n')
                st.after_name = false;
            i++;
            continue;
        }
        if (cl & C_CTRL) {
            i++;
            continue;
        }
        /* Each rule is tried only where its first byte can start it. */
        size_t j = i;
        const char *placeholder = NULL;
        if (cl & C_URL) {
            j = url_end(s, i, n);
            placeholder = "<url>";
        }
        if (j == i && (cl & C_LOCAL)) {
            j = email_end(&st, s, i, n);
            placeholder = "<email>";
        }
        if (j == i && (cl & C_QUOTE)) {
            j = quote_end(&k, s, i, n);
            placeholder = "\"_\"";
        }
        if (j != i) {
            tok_put(&st, placeholder);
            i = j;
            continue;
        }
        if (cl & C_WORD) {
            i = word(&st, s, i, n);
            continue;
        }
        begin(&st); /* punctuation */
        put(&st, c, 1);
        st.after_stop = c == '.' || c == '!' || c == '?';
        i++;
    }

    /* The last lane is zero-padded. */
    memset(k.out + st.out_len, 0, 8);
    if (k.pre_len < k.pre_cap)
        prefix_add(&k, k.out, st.out_len);
    out->skeleton = hash_lanes(k.out, (st.out_len + 7) / 8 * 8, k.skel + k.hashed + st.out_len);
    out->frame = frame_hash(&k);
    if (skel_out && skel_cap) {
        if (k.hashed + st.out_len > k.pre_len)
            k.pre_len = utf8_trim(skel_out, k.pre_len);
        skel_out[k.pre_len] = '\0';
    }
}
