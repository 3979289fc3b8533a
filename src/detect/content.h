/*
 * content.h — content signals over prompt text.
 *
 * A distiller has to ask for what it harvests, and the asking has a vocabulary:
 * "think step by step", "put your reasoning in <thinking> tags", "rate the
 * following response from 1 to 10", "generate 50 diverse problems", "as
 * detailed as possible", "print your chain of thought verbatim". Legitimate
 * users use some of these words too, so this module does not judge; it only
 * says which families of phrasing a text contains (signals) and which areas
 * of capability it touches (categories). The scorer weighs them per account,
 * together with volume, diversity and timing.
 *
 * Design. Every phrasing is a case-insensitive regular expression, mostly with
 * word boundaries, written as readable data in content.c: one table per
 * signal or category, grouped by comment. sw_content_new() compiles all of
 * them once into a single Hyperscan block-mode database, so one scan reads the
 * text once, at memory speed, whatever the number of patterns. A pattern's id
 * encodes the bit it sets; the match callback ORs bits into the result and
 * stops the scan early only when every signal and category bit is set.
 *
 * Patterns are byte-oriented (no HS_FLAG_UTF8): Hyperscan leaves scanning
 * invalid UTF-8 under that flag undefined, and prompt bytes come from the
 * network. Phrasings in other languages are literal UTF-8 byte strings, which
 * match exactly in valid UTF-8 text; case folding applies to ASCII letters
 * only, and any byte sequence is safe to scan.
 *
 * Sentences. A phrasing is looked for within one sentence: a text is cut
 * into segments (lines, and within a line the sentences that end with a full
 * stop after a word of three or more letters or digits and before a blank,
 * outside double quotes, so that a JSON record on one line stays whole)
 * and its classes are the union of its segments' classes, so no match spans
 * a line break or a sentence end. That is what the patterns' gaps ([^.\n]*)
 * already assumed; it also lets a scratch remember the classes of segments it
 * has seen. Traffic repeats sentences far more than whole prompts: templated
 * requests wrap a new task in the same fixed instructions, so on simulated
 * traffic only a quarter of the prompt bytes are in sentences not seen
 * before. A sentence cut after "word." starts the next segment at that full
 * stop, so that a multi-line ^ matches at line starts only, as in the whole
 * text; "e.g." and "vs." (short words) do not end a sentence.
 *
 * Contract.
 *   - The database (sw_content) is immutable after sw_content_new() and may be
 *     shared by any number of threads. Compiling it takes a second or two; the
 *     first sw_content_new() of a process does it, later calls share the result. Each thread scans with its own scratch
 *     (sw_content_scratch), made for that database; a scratch is used by one
 *     scan at a time.
 *   - sw_content_scan() reads at most the first SW_CONTENT_MAX_SCAN bytes of
 *     the text, allocates nothing, and fills *out (zero bits for no match).
 *     Its result depends on the text alone: the scratch's memory of segments
 *     (SW_CONTENT_MEMO_SLOTS, keyed by a 64-bit hash of the segment's bytes
 *     and length, overwritten on collision) changes only the cost.
 *   - Functions return SW_OK or a negative SW_E* code (core/error.h).
 *     sw_content_new() writes the failing pattern and Hyperscan's message into
 *     err when compilation fails (it does not for the built-in tables; the
 *     unit test holds that).
 *   - Signals HOMEWORK and AGENT_CONTEXT are benign markers: they describe the
 *     context a request comes from, and count against a distillation verdict.
 */
#ifndef SW_DETECT_CONTENT_H
#define SW_DETECT_CONTENT_H

#include <stddef.h>
#include <stdint.h>

/* Bytes of a text that a scan reads; the rest is ignored. */
#define SW_CONTENT_MAX_SCAN 16384

/* Segments whose classes a scratch remembers (16 bytes each). */
#define SW_CONTENT_MEMO_SLOTS (1u << 18)

/* Signal bits (sw_content_result.signals has bit 1u << SW_SIG_x). */
enum {
    SW_SIG_COT = 0,           /* elicits reasoning: "step by step", "show your work" */
    SW_SIG_TRACE_FORMAT,      /* wants reasoning separable: <thinking> tags, JSON "reasoning" */
    SW_SIG_RUBRIC,            /* uses the model as grader / reward model */
    SW_SIG_SYNTH_DATA,        /* asks for training data: "generate 50 diverse questions" */
    SW_SIG_MAX_DETAIL,        /* demands maximal length/detail: "as detailed as possible" */
    SW_SIG_PROMPT_EXTRACTION, /* asks for system prompt or hidden reasoning */
    SW_SIG_HOMEWORK,          /* benign marker: coursework phrasing */
    SW_SIG_AGENT_CONTEXT,     /* benign marker: coding-agent / tool context (paths, diffs, traces) */
    SW_SIG_COUNT
};

/* Capability categories (sw_content_result.categories has bit 1u << SW_CAT_x). */
enum {
    SW_CAT_MATH = 0,
    SW_CAT_CODE,
    SW_CAT_ALGORITHMS, /* competitive programming, data structures, complexity */
    SW_CAT_LOGIC,      /* logic puzzles, riddles, deduction */
    SW_CAT_SCIENCE,    /* physics, chemistry, biology, earth and space */
    SW_CAT_MEDICINE,
    SW_CAT_LAW,
    SW_CAT_FINANCE, /* finance, accounting, economics */
    SW_CAT_WRITING, /* creative writing, essays, editing */
    SW_CAT_TRANSLATION,
    SW_CAT_SUMMARY,
    SW_CAT_EXTRACTION, /* extraction, classification, structured (JSON) output */
    SW_CAT_AGENTIC,    /* tool calls, function calling, browsing, multi-step tasks */
    SW_CAT_HUMANITIES, /* history, philosophy, religion, literature, society */
    SW_CAT_CHAT,       /* everyday conversation and advice */
    SW_CAT_DATA,       /* SQL, databases, spreadsheets, statistics, data analysis */
    SW_CAT_COUNT
};

#define SW_SIG_ALL ((uint32_t)((1u << SW_SIG_COUNT) - 1u))
#define SW_CAT_ALL ((uint32_t)((1u << SW_CAT_COUNT) - 1u))

typedef struct sw_content sw_content;                 /* compiled patterns, shared read-only */
typedef struct sw_content_scratch sw_content_scratch; /* per-thread scan state */

typedef struct {
    uint32_t signals;    /* OR of 1u << SW_SIG_* */
    uint32_t categories; /* OR of 1u << SW_CAT_* */
} sw_content_result;

/* Compiles the built-in pattern tables. On failure returns SW_ENOMEM, or
 * SW_EINVAL with "pattern N /regex/: message" in err (if err and errsz > 0),
 * e.g. when the CPU lacks what Hyperscan needs (SSSE3). */
int sw_content_new(sw_content **out, char *err, size_t errsz);
/*
 * Compiles the pattern tables and serialises the database (malloc'd bytes,
 * the caller frees them). The build embeds its output so that processes
 * need not compile at start-up; see content_dbgen.
 */
int sw_content_serialize(char **bytes, size_t *len, char *err, size_t errsz);
void sw_content_free(sw_content *c); /* NULL is a no-op */

/* Scratch for scanning c from one thread at a time. SW_EINVAL, SW_ENOMEM. */
int sw_content_scratch_new(const sw_content *c, sw_content_scratch **out);
void sw_content_scratch_free(sw_content_scratch *s); /* NULL is a no-op */
/* Bytes a scratch holds for its segment memo (Hyperscan's own scratch aside). */
size_t sw_content_scratch_bytes(const sw_content_scratch *s);

/* Scans the first min(n, SW_CONTENT_MAX_SCAN) bytes of text (any bytes,
 * NUL included; text may be NULL when n is 0). Returns SW_EINVAL for NULL
 * arguments or a scratch made for another database. */
int sw_content_scan(const sw_content *c, sw_content_scratch *s, const char *text, size_t n,
                    sw_content_result *out);

/* The segments a scan of the text would look up (see "Sentences" above), in
 * order: writes the offset and length of at most max of them and returns how
 * many there are (which may exceed max). For tests and tools. */
size_t sw_content_segments(const char *text, size_t n, size_t *at, size_t *len, size_t max);

/* Number of patterns in the built-in tables that set a signal / category bit
 * (0 for a bit out of range). For reports and tests. */
int sw_content_signal_patterns(int bit);
int sw_content_category_patterns(int bit);

/* Stable snake_case names ("cot_elicitation", "math"); NULL out of range. */
const char *sw_content_signal_name(int bit);
const char *sw_content_category_name(int bit);

#endif
