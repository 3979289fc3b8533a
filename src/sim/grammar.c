/*
 * grammar.c — the phrase-bank expander behind all simulated text.
 *
 * A template is plain text with two kinds of markup:
 *
 *   {bank}      an entry of the named bank, itself expanded (banks nest);
 *   {^bank}     the same with its first letter capitalised;
 *   {bank>v}    the same, also remembered as variable v;
 *   {$v}        the value of variable v (set by a capture or by the caller);
 *   {@v}        an entry of the bank whose name variable v holds, or of the
 *               bank named v when the variable is unset (lets a caller
 *               steer a shared template towards, say, maths or code);
 *   [a|b|c]     one alternative, uniformly; "[|x]" makes x optional.
 *
 * Markup is recognised conservatively so that code, JSON and maths inside
 * the banks survive: "{" only opens a slot when a lower-case name and "}"
 * follow at once, and "[" only opens a choice when a "|" appears at its own
 * nesting level before the matching "]". Everything else is copied as is.
 *
 * Slots are found through a small open-addressing table built once from the
 * bank arrays of the text_*.c files; a lookup hashes the name and probes.
 * Recursion depth is bounded, so a bank that (by mistake) names itself ends
 * in a literal instead of a stack overflow. Unknown slots are copied
 * literally and counted, which sim_gram_selfcheck() turns into a test.
 */
#include <ctype.h>
#include <string.h>

#include "sim/simint.h"

#define TABLE_SIZE 2048 /* power of two, well above the number of banks */
#define MAX_DEPTH 14

static const sim_bank *table[TABLE_SIZE];
static bool table_ready;

static const sim_bank *const *bank_sets(void)
{
    static const sim_bank *const sets[] = {sim_banks_builtin, sim_banks_general, sim_banks_tech,
                                           sim_banks_academic, sim_banks_reason, NULL};
    return sets;
}

static uint64_t name_hash(const char *s, size_t n)
{
    return sw_hash64(s, n, 0x5157u);
}

void sim_gram_init(void)
{
    if (table_ready)
        return;
    for (const sim_bank *const *set = bank_sets(); *set; set++) {
        for (const sim_bank *b = *set; b->name; b++) {
            size_t i = name_hash(b->name, strlen(b->name)) & (TABLE_SIZE - 1);
            while (table[i])
                i = (i + 1) & (TABLE_SIZE - 1);
            table[i] = b;
        }
    }
    table_ready = true;
}

static const sim_bank *lookup(const char *name, size_t n)
{
    size_t i = name_hash(name, n) & (TABLE_SIZE - 1);
    while (table[i]) {
        const sim_bank *b = table[i];
        if (strlen(b->name) == n && memcmp(b->name, name, n) == 0)
            return b;
        i = (i + 1) & (TABLE_SIZE - 1);
    }
    return NULL;
}

void sim_gx_init(sim_gx *x, sim_rng *r, sw_buf *out)
{
    x->rng = r;
    x->out = out;
    x->depth = 0;
    x->errors = 0;
    x->nvars = 0;
}

void sim_gx_set(sim_gx *x, const char *name, const char *val)
{
    int i;
    for (i = 0; i < x->nvars; i++)
        if (!strcmp(x->vname[i], name))
            break;
    if (i == x->nvars) {
        if (x->nvars == SIM_MAXVARS)
            return;
        x->nvars++;
        snprintf(x->vname[i], sizeof x->vname[i], "%s", name);
    }
    snprintf(x->vval[i], sizeof x->vval[i], "%s", val);
}

static void set_var_n(sim_gx *x, const char *name, size_t nlen, const char *val, size_t vlen)
{
    char nm[16], v[SIM_VARSZ];
    if (nlen >= sizeof nm)
        nlen = sizeof nm - 1;
    memcpy(nm, name, nlen);
    nm[nlen] = '\0';
    if (vlen >= sizeof v) {
        /* cut before the sequence that straddles the limit, never inside it */
        vlen = sizeof v - 1;
        while (vlen > 0 && ((unsigned char)val[vlen] & 0xC0) == 0x80)
            vlen--;
    }
    memcpy(v, val, vlen);
    v[vlen] = '\0';
    sim_gx_set(x, nm, v);
}

void sim_gx_setn(sim_gx *x, const char *name, const char *val, size_t n)
{
    set_var_n(x, name, strlen(name), val, n);
}

const char *sim_gx_get(const sim_gx *x, const char *name)
{
    for (int i = 0; i < x->nvars; i++)
        if (!strcmp(x->vname[i], name))
            return x->vval[i];
    return NULL;
}

static void expand_span(sim_gx *x, const char *s, const char *end);

static void expand_bank(sim_gx *x, const sim_bank *b, uint32_t idx, bool use_idx)
{
    if (b->fn) {
        b->fn(x);
        return;
    }
    if (b->n == 0)
        return;
    uint32_t i = use_idx ? idx % b->n : sim_rng_below(x->rng, b->n);
    const char *t = b->item[i];
    if (x->depth >= MAX_DEPTH) {
        x->errors++;
        return;
    }
    x->depth++;
    expand_span(x, t, t + strlen(t));
    x->depth--;
}

static bool slot_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/* s points at '{'. Returns the end of the slot (after '}') or NULL if this
 * brace is plain text. */
static const char *do_slot(sim_gx *x, const char *s, const char *end)
{
    const char *p = s + 1;
    bool cap = false, var = false, ind = false;
    if (p < end && *p == '^')
        cap = true, p++;
    if (p < end && *p == '$')
        var = true, p++;
    else if (p < end && *p == '@')
        ind = true, p++;
    const char *name = p;
    while (p < end && slot_char(*p))
        p++;
    size_t nlen = (size_t)(p - name);
    const char *capname = NULL;
    size_t caplen = 0;
    if (p < end && *p == '>') {
        capname = ++p;
        while (p < end && slot_char(*p))
            p++;
        caplen = (size_t)(p - capname);
    }
    if (nlen == 0 || p >= end || *p != '}' || (name[0] < 'a' || name[0] > 'z'))
        return NULL;
    size_t start = x->out->len;
    if (var) {
        char nm[16];
        size_t k = nlen < sizeof nm - 1 ? nlen : sizeof nm - 1;
        memcpy(nm, name, k);
        nm[k] = '\0';
        const char *v = sim_gx_get(x, nm);
        sw_buf_puts(x->out, v ? v : "this");
    } else {
        const sim_bank *b = NULL;
        if (ind) {
            char nm[16];
            size_t k = nlen < sizeof nm - 1 ? nlen : sizeof nm - 1;
            memcpy(nm, name, k);
            nm[k] = '\0';
            const char *v = sim_gx_get(x, nm);
            b = v ? lookup(v, strlen(v)) : NULL;
        }
        if (!b)
            b = lookup(name, nlen);
        if (!b) {
            x->errors++;
            sw_buf_append(x->out, s, (size_t)(p + 1 - s));
            return p + 1;
        }
        expand_bank(x, b, 0, false);
    }
    if (cap && x->out->len > start && !x->out->oom)
        x->out->data[start] = (char)toupper((unsigned char)x->out->data[start]);
    if (capname && caplen && !x->out->oom)
        set_var_n(x, capname, caplen, x->out->data + start, x->out->len - start);
    return p + 1;
}

/* s points at '['. Finds the matching ']' and whether a '|' sits at the
 * top level; NULL when the bracket does not close. */
static const char *match_choice(const char *s, const char *end, bool *bar)
{
    int level = 0;
    *bar = false;
    for (const char *p = s; p < end; p++) {
        if (*p == '[') {
            level++;
        } else if (*p == ']') {
            if (--level == 0)
                return p;
        } else if (*p == '|' && level == 1) {
            *bar = true;
        }
    }
    return NULL;
}

static void do_choice(sim_gx *x, const char *s, const char *close)
{
    /* count the top-level alternatives, pick one, expand it */
    int n = 1, level = 0;
    for (const char *p = s + 1; p < close; p++) {
        if (*p == '[')
            level++;
        else if (*p == ']')
            level--;
        else if (*p == '|' && level == 0)
            n++;
    }
    int want = (int)sim_rng_below(x->rng, (uint32_t)n), k = 0;
    const char *alt = s + 1;
    level = 0;
    for (const char *p = s + 1; p <= close; p++) {
        if (p < close && *p == '[') {
            level++;
        } else if (p < close && *p == ']') {
            level--;
        } else if (p == close || (*p == '|' && level == 0)) {
            if (k == want) {
                if (x->depth >= MAX_DEPTH) {
                    x->errors++;
                    return;
                }
                x->depth++;
                expand_span(x, alt, p);
                x->depth--;
                return;
            }
            k++;
            alt = p + 1;
        }
    }
}

static void expand_span(sim_gx *x, const char *s, const char *end)
{
    while (s < end) {
        const char *run = s;
        while (s < end && *s != '{' && *s != '[')
            s++;
        if (s > run)
            sw_buf_append(x->out, run, (size_t)(s - run));
        if (s >= end)
            break;
        if (*s == '{') {
            const char *next = do_slot(x, s, end);
            if (next) {
                s = next;
                continue;
            }
        } else {
            bool bar;
            const char *close = match_choice(s, end, &bar);
            if (close && bar) {
                do_choice(x, s, close);
                s = close + 1;
                continue;
            }
        }
        sw_buf_putc(x->out, *s); /* a literal brace or bracket */
        s++;
    }
}

void sim_gx_expand(sim_gx *x, const char *tmpl)
{
    expand_span(x, tmpl, tmpl + strlen(tmpl));
}

void sim_gx_slot(sim_gx *x, const char *bank)
{
    const sim_bank *b = lookup(bank, strlen(bank));
    if (!b) {
        x->errors++;
        return;
    }
    expand_bank(x, b, 0, false);
}

void sim_gx_item(sim_gx *x, const char *bank, uint32_t idx)
{
    const sim_bank *b = lookup(bank, strlen(bank));
    if (!b) {
        x->errors++;
        return;
    }
    expand_bank(x, b, idx, true);
}

uint32_t sim_gx_bank_size(const char *bank)
{
    const sim_bank *b = lookup(bank, strlen(bank));
    return b ? b->n : 0;
}

/* A template is sound when every slot names a bank and brackets that look
 * like choices close. Each entry is expanded with several seeds so that
 * the alternatives inside are exercised too. */
int sim_gram_selfcheck(void)
{
    sim_gram_init();
    int bad = 0;
    sw_buf out;
    sw_buf_init(&out);
    for (const sim_bank *const *set = bank_sets(); *set; set++) {
        for (const sim_bank *b = *set; b->name; b++) {
            if (lookup(b->name, strlen(b->name)) != b) {
                fprintf(stderr, "sim: duplicate bank name '%s'\n", b->name);
                bad++;
            }
            for (uint32_t i = 0; i < b->n; i++) {
                for (uint64_t seed = 1; seed <= 6; seed++) {
                    sim_rng r;
                    sim_gx x;
                    sim_rng_seed(&r, seed * 7919 + i);
                    sw_buf_reset(&out);
                    sim_gx_init(&x, &r, &out);
                    expand_bank(&x, b, i, true);
                    if (x.errors) {
                        fprintf(stderr, "sim: bank '%s' entry %u: unknown slot or too deep: %.80s\n",
                                b->name, i, b->item[i]);
                        bad++;
                        break;
                    }
                }
            }
        }
    }
    sw_buf_free(&out);
    return bad;
}
