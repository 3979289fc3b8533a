/*
 * template.c — see template.h for the rules.
 *
 * One left-to-right pass. At each position the rules are tried in a fixed
 * order (space, URL, e-mail, quoted string, identifier, word, punctuation)
 * and the first that matches consumes its bytes and emits its normalised
 * form. Emitted bytes go three ways at once: into a 256-byte chunk that is
 * chain-hashed into the skeleton when full (and copied to the analyst's
 * prefix while that has room), and (for word tokens) into a few 64-bit lanes whose hash
 * feeds the frame. Nothing is ever stored whole, so no allocation.
 *
 * Look-ahead is linear overall. A quoted string's search for its closing
 * quote either succeeds, and the pass resumes after it, or fails, and then
 * no later quote of that kind can close either (a later opener would find
 * the same lack), so that kind is not searched for again. Identifier and
 * e-mail runs are measured once at the start of each run.
 */
#include "detect/template.h"

#include "core/hash.h"

#include <stdbool.h>
#include <string.h>

#define SKEL_SEED 0x736b656c65746f6eULL /* "skeleton" */
#define TOKEN_SEED 0x746f6b656eULL      /* "token" */
#define FRAME_SEED 0x6672616d65ULL      /* "frame" */
#define NWORDS SW_TEMPLATE_FRAME_WORDS

enum { Q_DOUBLE, Q_BACKTICK, Q_FENCE, Q_SINGLE, Q_CURLY_DOUBLE, Q_CURLY_SINGLE, Q_KINDS };

typedef struct {
    /* skeleton: output packed into 64-bit lanes, hashed 256 bytes at a time */
    uint64_t out[32], out_lane;
    unsigned out_n, out_shift;
    uint64_t skel;
    size_t emitted;
    /* analyst's prefix */
    char *pre;
    size_t pre_cap, pre_len;
    /* current word token, packed into 64-bit lanes (see tok_byte) */
    uint64_t lanes[4], lane;
    unsigned nlanes, shift;
    uint64_t tok_h, tok_len;
    /* frame */
    uint64_t first[NWORDS], last[NWORDS]; /* last: ring buffer */
    size_t words;
    /* context */
    bool space_pending; /* whitespace seen since the last emitted byte */
    bool sentence_start;
    bool after_stop;    /* last emitted byte was . ! or ? */
    bool after_name;    /* last token was N, with only spaces since */
    size_t id_checked;  /* identifier runs before here are known not to be ids */
    size_t next_at;     /* the next '@' at or after where it was last sought, or n
                         * (0 before the first search: merely not a shortcut) */
    bool no_close[Q_KINDS];
} norm;

/* ---- character classes ------------------------------------------------ */

static inline bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}
static inline bool is_upper(unsigned char c)
{
    return c >= 'A' && c <= 'Z';
}
static inline bool is_lower(unsigned char c)
{
    return c >= 'a' && c <= 'z';
}
static inline bool is_alpha(unsigned char c)
{
    return is_upper(c) || is_lower(c);
}
static inline bool is_alnum(unsigned char c)
{
    return is_alpha(c) || is_digit(c);
}
static inline bool is_word(unsigned char c)
{
    return is_alnum(c) || c >= 0x80;
}
static inline bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}
static inline bool is_hex(unsigned char c)
{
    return is_digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}
static inline bool is_id(unsigned char c)
{
    return is_alnum(c) || c == '_' || c == '-';
}
static inline bool is_local(unsigned char c) /* e-mail local part */
{
    return is_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}
static inline bool is_domain(unsigned char c)
{
    return is_alnum(c) || c == '.' || c == '-';
}
static inline unsigned char lower(unsigned char c)
{
    return is_upper(c) ? (unsigned char)(c | 0x20) : c;
}

/* ---- output ----------------------------------------------------------- */

/* Appends the first `bytes` bytes of the packed output to the prefix, as
 * far as it has room. */
static void prefix_from(norm *st, size_t bytes)
{
    for (size_t k = 0; k < bytes && st->pre_len < st->pre_cap; k++)
        st->pre[st->pre_len++] = (char)(st->out[k / 8] >> (8 * (k % 8)));
}

/* Output bytes are packed into lanes in a register rather than stored one
 * by one: byte stores may alias anything, which kept the compiler from
 * holding this state in registers, and bytes stored singly then loaded as
 * a word by sw_hash64 stall store forwarding. */
static inline void put_raw(norm *st, unsigned char c)
{
    st->out_lane |= (uint64_t)c << st->out_shift;
    st->emitted++;
    if ((st->out_shift += 8) < 64)
        return;
    st->out[st->out_n++] = st->out_lane;
    st->out_lane = 0;
    st->out_shift = 0;
    if (st->out_n == 32) {
        prefix_from(st, sizeof st->out);
        st->skel = sw_hash64(st->out, sizeof st->out, st->skel);
        st->out_n = 0;
    }
}

/* Starts emitting: first the one space that stands for any whitespace
 * seen since the last byte (none at the very start). */
static inline void begin(norm *st)
{
    if (st->space_pending) {
        st->space_pending = false;
        if (st->emitted)
            put_raw(st, ' ');
    }
    st->after_stop = false;
    st->after_name = false;
}

/* Emits a punctuation byte. */
static void put(norm *st, unsigned char c)
{
    begin(st);
    put_raw(st, c);
}

/* A token's bytes are packed into 64-bit lanes in a register and stored a
 * lane at a time, so that sw_hash64 reads whole words that were written
 * whole (bytes stored one by one and then loaded as a word stall store
 * forwarding, which cost more than the hashing). The last lane is
 * zero-padded: token bytes are never zero, and the length is in the seed. */
static inline void tok_byte(norm *st, unsigned char c)
{
    put_raw(st, c);
    st->lane |= (uint64_t)c << st->shift;
    st->tok_len++;
    if ((st->shift += 8) == 64) {
        st->lanes[st->nlanes++] = st->lane;
        st->lane = 0;
        st->shift = 0;
        if (st->nlanes == 4) { /* a long token: chain 32 bytes at a time */
            st->tok_h = sw_hash64(st->lanes, sizeof st->lanes, st->tok_h);
            st->nlanes = 0;
        }
    }
}

static void tok_end(norm *st)
{
    if (st->shift)
        st->lanes[st->nlanes++] = st->lane;
    uint64_t h = sw_hash64(st->lanes, st->nlanes * sizeof st->lanes[0], st->tok_h + st->tok_len);
    if (st->words < NWORDS)
        st->first[st->words] = h;
    st->last[st->words % NWORDS] = h;
    st->words++;
    st->lane = 0;
    st->nlanes = st->shift = 0;
    st->tok_len = 0;
    st->tok_h = TOKEN_SEED;
    st->sentence_start = false;
}

/* A whole token: a placeholder. */
static void tok_put(norm *st, const char *s)
{
    begin(st);
    while (*s)
        tok_byte(st, (unsigned char)*s++);
    tok_end(st);
}

/* ---- the rules; each returns the end of what it consumed, or i -------- */

static bool prefix_ci(const unsigned char *s, size_t i, size_t n, const char *p)
{
    for (; *p; p++, i++)
        if (i >= n || lower(s[i]) != (unsigned char)*p)
            return false;
    return true;
}

static size_t rule_url(norm *st, const unsigned char *s, size_t i, size_t n)
{
    if (i > 0 && is_alnum(s[i - 1]))
        return i;
    if (!prefix_ci(s, i, n, "http://") && !prefix_ci(s, i, n, "https://") &&
        !prefix_ci(s, i, n, "www."))
        return i;
    size_t j = i;
    while (j < n && !is_space(s[j]))
        j++;
    /* Closing punctuation after a URL belongs to the sentence. */
    while (j > i && strchr(".,;:!?)]}>'\"", s[j - 1]) && s[j - 1] != '\0')
        j--;
    tok_put(st, "<url>");
    return j;
}

static size_t rule_email(norm *st, const unsigned char *s, size_t i, size_t n)
{
    if (!is_local(s[i]) || (i > 0 && is_local(s[i - 1])))
        return i;
    /* Most texts have no '@' at all: find the next one once, and skip the
     * scan of a local part that could not reach it (at most 64 bytes). */
    if (st->next_at < i) {
        const unsigned char *at = memchr(s + i, '@', n - i);
        st->next_at = at ? (size_t)(at - s) : n;
    }
    if (st->next_at - i > 64)
        return i;
    size_t j = i;
    while (j < n && is_local(s[j]))
        j++;
    if (j == n || s[j] != '@' || j == i)
        return i;
    size_t d = j + 1, k = d;
    while (k < n && is_domain(s[k]))
        k++;
    while (k > d && (s[k - 1] == '.' || s[k - 1] == '-')) /* the sentence's full stop */
        k--;
    /* The domain needs a dot with a label on each side. */
    size_t dot = k;
    while (dot > d && s[dot - 1] != '.')
        dot--;
    if (dot <= d + 1 || dot == k)
        return i;
    tok_put(st, "<email>");
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
        if (k + len == n || !is_word(s[k + len]))
            return k;
    return n;
}

static size_t rule_quote(norm *st, const unsigned char *s, size_t i, size_t n)
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
    if (kind < 0 || st->no_close[kind])
        return i;
    size_t olen = strlen(open[kind]), clen = strlen(close[kind]), end;
    if (kind == Q_SINGLE || kind == Q_CURLY_SINGLE) {
        /* An opening single quote follows a non-word byte and precedes a
         * non-space; otherwise it is an apostrophe. */
        if ((i > 0 && is_word(s[i - 1])) || i + olen >= n || is_space(s[i + olen]))
            return i;
        end = find_single_close(s, i + olen, n, close[kind], clen);
    } else {
        end = find(s, i + olen, n, close[kind], clen);
    }
    if (end == n) {
        st->no_close[kind] = true;
        return i;
    }
    tok_put(st, "\"_\"");
    return end + clen;
}

static size_t rule_identifier(norm *st, const unsigned char *s, size_t i, size_t n)
{
    if (i < st->id_checked || !is_alnum(s[i]))
        return i;
    size_t j = i;
    bool digit = false, alpha = false;
    while (j < n && is_id(s[j])) {
        digit |= is_digit(s[j]);
        alpha |= is_alpha(s[j]);
        j++;
    }
    bool ends = j == n || !is_word(s[j]);
    bool id = ends && digit && alpha && j - i >= 6;
    if (!id && ends && j - i >= 3 && s[i] == '0' && (s[i + 1] | 0x20) == 'x') {
        id = true;
        for (size_t k = i + 2; k < j; k++)
            id &= is_hex(s[k]);
    }
    if (!id) {
        /* Any later start inside this run is a suffix of it: not an id
         * either (fewer bytes, no more letters or digits, same end). */
        st->id_checked = j;
        return i;
    }
    tok_put(st, "#");
    return j;
}

static size_t rule_word(norm *st, const unsigned char *s, size_t i, size_t n)
{
    if (!is_word(s[i]))
        return i;
    size_t j = i;
    if (is_upper(s[i]) && !st->sentence_start) {
        bool has_lower = false;
        while (j < n && is_word(s[j]))
            has_lower |= is_lower(s[j++]);
        bool single = j == i + 1;
        if ((single && s[i] != 'I') || (!single && has_lower)) {
            if (!st->after_name)
                tok_put(st, "N");
            st->after_name = true; /* also after a collapsed N */
            return j;
        }
        j = i;
    }
    begin(st);
    while (j < n && is_word(s[j])) {
        if (is_digit(s[j])) {
            do {
                j++;
                if (j + 1 < n && (s[j] == '.' || s[j] == ',') && is_digit(s[j + 1]))
                    j++;
            } while (j < n && is_digit(s[j]));
            tok_byte(st, '#');
        } else {
            tok_byte(st, lower(s[j++]));
        }
    }
    tok_end(st);
    return j;
}

/* ---- the pass --------------------------------------------------------- */

static uint64_t frame_hash(const norm *st)
{
    uint64_t w[2 * NWORDS];
    size_t k = st->words < NWORDS ? st->words : NWORDS;
    memcpy(w, st->first, k * sizeof w[0]);
    for (size_t t = 0; t < k; t++)
        w[k + t] = st->last[(st->words - k + t) % NWORDS];
    return sw_hash64(w, 2 * k * sizeof w[0], FRAME_SEED);
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
    norm st;
    memset(&st, 0, sizeof st);
    st.skel = SKEL_SEED;
    st.tok_h = TOKEN_SEED;
    st.sentence_start = true;
    st.pre = skel_out;
    st.pre_cap = skel_out && skel_cap ? skel_cap - 1 : 0;

    if (n > SW_TEMPLATE_MAX_BYTES)
        n = SW_TEMPLATE_MAX_BYTES;
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (is_space(c)) {
            st.space_pending = true;
            if (c == '\n' || st.after_stop)
                st.sentence_start = true;
            if (c == '\n')
                st.after_name = false;
            i++;
            continue;
        }
        if (c < 0x20 || c == 0x7f) {
            i++;
            continue;
        }
        /* Each rule is tried only where its first byte can start it. */
        size_t j = i;
        if ((c | 0x20) == 'h' || (c | 0x20) == 'w')
            j = rule_url(&st, s, i, n);
        if (j == i && is_local(c))
            j = rule_email(&st, s, i, n);
        if (j == i && (c == '"' || c == '`' || c == '\'' || c == 0xe2))
            j = rule_quote(&st, s, i, n);
        if (j == i && is_alnum(c))
            j = rule_identifier(&st, s, i, n);
        if (j == i && is_word(c))
            j = rule_word(&st, s, i, n);
        if (j != i) {
            i = j;
            continue;
        }
        put(&st, c); /* punctuation */
        st.after_stop = c == '.' || c == '!' || c == '?';
        i++;
    }

    /* The last lane is zero-padded; output bytes are never zero, and the
     * length goes into the seed anyway. */
    size_t tail = st.out_n * 8u + st.out_shift / 8u;
    if (st.out_shift)
        st.out[st.out_n++] = st.out_lane;
    prefix_from(&st, tail);
    out->skeleton = sw_hash64(st.out, st.out_n * sizeof st.out[0], st.skel + st.emitted);
    out->frame = frame_hash(&st);
    if (skel_out && skel_cap) {
        if (st.emitted > st.pre_len)
            st.pre_len = utf8_trim(skel_out, st.pre_len);
        skel_out[st.pre_len] = '\0';
    }
}
