/*
 * content.c — content signals over prompt text (see content.h).
 *
 * What a prompt asks for is a matter of phrasing, and phrasings come in
 * families: "show your work", "explain your reasoning", "walk me through it"
 * and "think step by step" all ask for the reasoning behind an answer. Each
 * family below is a short list of case-insensitive regular expressions; each
 * regular expression covers many phrasings at once with alternations and
 * optional words ("(show|explain|describe|...) (me )?(all of )?(your|the|...)
 * (full |detailed )?(reasoning|thought process|...)"). A family sets one bit:
 * a signal (how the text asks) or a category (what it is about).
 *
 * The families are plain data: one table per bit, each entry a regex and a few
 * flags, grouped and commented. sw_content_new() flattens all tables into one
 * Hyperscan block-mode database. The id Hyperscan reports for a match is the
 * bit itself (0..31 for signals, 32 + bit for categories), so the match
 * callback only ORs a bit into the result; it asks Hyperscan to stop when every
 * bit is set, which in practice never happens and costs one compare.
 *
 * Every pattern carries HS_FLAG_SINGLEMATCH (we want to know whether, not how
 * often) and, unless marked CS, HS_FLAG_CASELESS. Patterns marked ML use
 * HS_FLAG_MULTILINE so that ^ anchors at line starts (diff hunks, "Thought:"
 * lines). No pattern uses HS_FLAG_UTF8: that flag makes scanning invalid UTF-8
 * undefined, and prompt bytes are whatever a client sent. Non-ASCII phrasings
 * (Chinese, Russian, accented Latin) are therefore literal byte sequences,
 * written as alternations such as (é|e), never as bracket classes ([éè] would
 * be a class of single bytes). Word boundaries (\b) are ASCII-only, so they
 * are placed next to ASCII letters only, and a pattern never ends in \b after
 * punctuation ("c++", "o(n)", "Action:"), where a boundary cannot follow.
 *
 * Precision over recall, within reason. A signal in one prompt proves nothing;
 * the scorer counts signals per account. But false hits on ordinary words
 * ("rate limit", "a step back", "the rules of chess", "my class" in code) would
 * raise every account's counts alike and blur the contrast the scorer needs,
 * so ambiguous words appear only inside phrases that disambiguate them. The
 * benign markers (homework, agent context) are held to the same standard in
 * reverse: a distiller writing "generate exam-style problems" must not look
 * like a student.
 *
 * Speed. Hyperscan finds literal factors first and runs automata only where
 * they occur, so how a pattern is written decides what it costs:
 *   - words are separated by \s (one blank), not \s+, so that a phrase stays a
 *     finite set of strings that the literal matcher handles on its own;
 *   - no pattern starts with a frequent short word ("the", "my", "your", "to",
 *     "on a", "as"): every occurrence of it would wake an automaton. Such left
 *     context is dropped when the rest says enough ("detailed as possible"),
 *     or the phrase is anchored on its rare word instead;
 *   - gaps are unbounded within a sentence ([^.\n]*) rather than counted
 *     ({0,60}), and optional adjectives are a single (a|b|c)? rather than a
 *     repeated group; counted gaps and repeats cost seconds to compile.
 * What remains is mostly the word boundaries of the large keyword lists. The
 * database takes a second or two to compile, so a process compiles it once
 * (see shared_db) and every handle shares it.
 *
 * A scan reads at most SW_CONTENT_MAX_SCAN bytes and allocates nothing; the
 * result lives on the caller's stack and the scratch is the caller's.
 */
#include "detect/content.h"

#include "core/bigtable.h"
#include "core/error.h"
#include "core/hash.h"

#include <hs/hs.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Pattern flags in the tables (0: caseless, single-line). */
#define CS 1u /* case-sensitive ("CoT", "TODO", "TypeError") */
#define ML 2u /* ^ and $ match at line boundaries */

typedef struct {
    const char *re;
    unsigned flags;
} pattern;

/* An apostrophe, straight or typographic, or none: "let's", "let’s", "lets". */
#define AP "('|’)?"

/* Ids: a signal's bit, or CAT_ID_BASE + a category's bit. */
#define CAT_ID_BASE 32u

/* ======================================================================
 * Signals
 * ====================================================================== */

/* ---- COT: asks for the reasoning behind the answer ---- */
static const pattern sig_cot[] = {
    /* step by step, one step at a time, stepwise */
    {"\\bstep[- ]?by[- ]?step\\b|\\bstep at a time\\b|\\bstep-?wise\\s(manner|fashion|way|"
     "reasoning|solution|approach|explanation|derivation|breakdown)\\b", 0},
    /* show / explain / walk me through ... your (full) reasoning, the derivation */
    {"\\b(show|explain|describe|outline|detail|articulate|share|state|present|display|include|"
     "including|provide|give|narrate|document|verbali[sz]e|elaborate on|write (out|down)|spell out|"
     "lay out|set out|walk (me |us )?through|talk (me |us )?through)(ing|s)?\\s(me\\s|"
     "us\\s)?(all\\s(of\\s)?)?(your|the|each|every|all|any)\\s((own|full|complete|entire|whole|"
     "detailed|step-by-step|intermediate|underlying|explicit|careful|thorough|clear|logical|"
     "mathematical)\\s)?(reasoning|thought process(es)?|derivations?|rationale|chains? of (thought|"
     "reasoning)|train of thought|line of reasoning|reasoning steps|solution steps|"
     "problem[- ]solving process)\\b", 0},
    {"\\b(show|explain|describe|outline|detail|share|present|include|provide|give|write (out|down)|"
     "spell out|lay out|walk (me |us )?through)\\s(me\\s|us\\s)?(all\\s(of\\s)?)?your\\s((own|full|"
     "complete|entire|detailed|intermediate)\\s)?(thinking|workings?|calculations?|logic|approach|"
     "method)\\b|\\b(with|know|see|hear) (your|the|full|detailed|clear) (reasoning|rationale|"
     "thought process|justification)\\b|\\breasoning behind\\b|\\blong (thinking|reasoning|"
     "thought) process\\b", 0},
    /* show your work; show every step; all intermediate steps; justify your answer */
    {"\\bshow(ing)?\\s(me\\s|us\\s)?(all\\s(of\\s)?(your\\s|the\\s)?|your\\s)?((full|complete|entire|whole|"
     "detailed|written)\\s)?(work|working|workings|scratch ?work|rough work)\\b", 0},
    /* make your reasoning explicit */
    {"\\bmake\\s(your|the|all( of)? your|each)\\s(reasoning|thinking|thought process|logic|steps?|"
     "working|derivation|argument)\\s((fully|completely|totally|very|more|entirely|perfectly)\\s)?"
     "(explicit|visible|transparent)\\b", 0},
    {"\\b(show(ing)?|explain(ing)?|writ(e|ing) (out|down)|includ(e|ing)|giv(e|ing)|provid(e|ing)|"
     "detail(ing)?|justify(ing)?|label(l?ing)?|outlin(e|ing)|spell(ing)? out|describ(e|ing)|"
     "present(ing)?|document(ing)?|number(ing)?)\\s(me\\s)?(all|each|every|your|all (of )?(the|"
     "your)|each of the|every single)\\s((single|intermediate|individual|necessary)\\s)?(steps?|"
     "calculation steps?|solution steps?|reasoning steps?)\\b|\\bintermediate\\s(steps?|"
     "calculations?|reasoning|computations?|derivations?)\\b", 0},
    {"\\b(explain|justify|defend|support|motivate|show)\\s(your|each|every|"
     "all( of)? your)\\s(answers?|choices?|solutions?|responses?|conclusions?|steps?|decisions?|"
     "claims?|reasoning|moves?)\\b", 0},
    /* how you arrived at it; how you think */
    {"\\bhow (you|we) (arrived|got|reached|came to|derived|obtained|worked (it|this|that) out|"
     "think|reason|solved|found|calculated|computed|figured|would (approach|solve|tackle|attack))\\b|\\bhow did you (arrive|get|reach|"
     "come up|derive|obtain|figure|calculate|compute|work)\\b", 0},
    /* think carefully / aloud / it through; let's think; reason step by step */
    {"\\bthink(ing)?\\s((very|really|long and)\\s)?(carefully|aloud|out loud|hard|harder|deeply|"
     "thoroughly|methodically|systematically|logically|rigorously|critically|step|(it|this|things|"
     "everything) through|through (this|it|the|each|every|all|your|what)|before (answering|"
     "responding|replying|you (answer|respond|reply|write))|about (each|every) step)\\b", 0},
    {"\\blet(" AP "s| us)\\s(think|reason|work (this|it) out|work through|break (this|it) down|"
     "solve (this|it) (step|carefully|together)|figure (this|it) out (step|carefully))\\b", 0},
    {"\\breason\\s(very\\s)?(carefully|step|through|it out|out loud|aloud|logically|rigorously|"
     "systematically|methodically|deeply|thoroughly|explicitly|backwards?|from first principles|"
     "about (it|this|each|the \\w+))\\b|\\btake a deep breath and (work|think|solve|go|approach|"
     "tackle)\\b", 0},
    {"\\b(analy[sz]e|consider|approach|examine|solve|read|tackle) (it|this|the (problem|question|"
     "task)) (carefully|thoroughly|methodically|systematically|rigorously)\\b|\\b(consider|explore|"
     "try|compare|weigh) (multiple|several|different|alternative) (approaches|solutions|methods|"
     "strategies|interpretations|hypotheses)\\b", 0},
    /* chain of thought, CoT, <think> */
    {"\\b(chain|tree|graph)[- ]of[- ]thoughts?\\b|\\bchain[- ]of[- ]reasoning\\b|"
     "<\\s*/?\\s*think\\s*>", 0},
    {"\\bCoT\\b", CS},
    /* before answering, ... */
    {"\\bbefore\\s(you\\s)?(answer|answering|respond|responding|reply|replying|((giving|providing|"
     "writing|stating|outputting|you give|you provide|you write|you state|you output)\\s(your|the|"
     "a|any)\\s(final\\s)?(answer|response|solution|verdict|conclusion)))\\b", 0},
    /* the working asked for in stages, the answer last: "explain the
     * intuition first, then the formal argument, then the answer", "start
     * with your analysis, then your plan" */
    {"\\b(explain|describe|outline|sketch|justify|write out|lay out)\\b[^.\\n]*\\bfirst\\b[^.\\n]*"
     "\\bthen\\b[^.\\n]*\\b(answer|result|solution|conclusion|verdict)\\b|\\bfirst\\s(explain|"
     "describe|outline|sketch|justify|write out|lay out)\\b[^.\\n]*\\bthen\\b[^.\\n]*\\b(answer|"
     "result|solution|conclusion|verdict)\\b|\\b(start|begin)\\s(with|by)\\s(your|an?|the)\\s(analysis|"
     "understanding|restatement|plan|reasoning|breakdown)\\b[^.\\n]*\\bthen\\b", 0},
    /* full derivation, detailed reasoning, rigorous proof; answer with reasoning */
    {"\\b(full|complete|detailed|rigorous|entire|careful|explicit|thorough|step-by-step|clear|"
     "fully worked|worked)(,\\s[a-z-]+)?\\s(derivations?|reasoning|proofs?|working|workings|thought process|"
     "chain of reasoning|line of reasoning|justifications?|rationale|solution path|"
     "worked solutions?|solutions?)\\b", 0},
    {"\\b(answer|respond|reply|solve)\\s((it|this)\\s)?with\\s((your|full|detailed|clear|careful|"
     "step-by-step)\\s)?(reasoning|explanation|justification|rationale|working|derivation)\\b", 0},
    /* reasoning trace, internal monologue, thought process */
    {"\\breasoning\\s(traces?|chains?|process|steps|paths?|transcripts?)\\b|\\b(inner|internal|"
     "interior)\\s(monologue|reasoning|deliberation)\\b|\\b(thought process|reasoning process|"
     "problem[- ]solving process)\\b", 0},
    /* lay out the logic; break it down; derive it; walk me through */
    {"\\b(lay|spell|set|map|write|sketch)\\sout\\s(your|the|each|every|all)\\s(logic|reasoning|"
     "thinking|thought process|argument|steps|derivation)\\b|\\bbreak\\s(it|this|that|everything|"
     "things|the (problem|question|solution|task|proof|derivation|calculation|reasoning|"
     "answer))\\sdown\\b|\\bbreak(ing)?\\sdown\\s(the|your|each|this)\\s(problem|question|"
     "reasoning|solution|steps|logic|proof|derivation|calculation)\\b", 0},
    {"\\bderive\\s(it|this|that|these|those|the|each|every|all|an?|your|them|its)\\b|"
     "\\bfrom first principles\\b|\\b(walk|talk|take|guide|lead)\\s(me|us|the reader|"
     "the user)\\sthrough\\b", 0},
    /* check your work; self-critique */
    {"\\b(double[- ]check|verify|check|re-?check|re-?verify|validate|sanity[- ]check)\\s(your|each|"
     "every|all( of)? your)\\s(work|steps?|answers?|reasoning|calculations?|results?|solution|"
     "logic|arithmetic)\\b|\\b(reflect|self-reflect)\\son\\s(your|each)\\s(answer|reasoning|"
     "response|solution|steps?)\\b|\\bself[- ](verify|verification|check|correct|correction|"
     "critique|reflect|reflection|consistency)\\b", 0},
    /* other languages */
    {"\\b(paso a paso|passo a passo|passo dopo passo|pas à pas|schritt f(ü|ue?)r schritt|"
     "stap voor stap|krok po kroku|adim adim)\\b|(é|É|e)tape par (é|e)tape|\\b(explica|muestra|"
     "explique|montre|montrez|expliquez|erkl(ä|a)re|erkl(ä|a)ren sie|zeige|zeigen sie|mostra|"
     "spiega|mostre)\\s(tu|su|ton|votre|vos|tes|deinen|ihren|den|il tuo|o seu|seu|"
     "seus)\\s(razonamiento|procedimiento|raisonnement|d(é|e)marche|gedankengang|l(ö|o)sungsweg|"
     "rechenweg|ragionamento|racioc(í|i)nio)|\\b(rechenweg|l(ö|oe?)sungsweg)\\b", 0},
    {"(一步一步|一步步|逐步|分步|思考过程|推理过程|解题过程|解题步骤|思维链|ステップバイステップ|段階的に|順を追って|思考過程|단계별로|차근차근|(ш|"
     "Ш)аг за шагом|(п|П)ошагов|ход рассуждени|ход решени)", 0},
};

/* ---- TRACE_FORMAT: wants the reasoning in a separable, machine-readable form ---- */
static const pattern sig_trace[] = {
    /* <thinking>...</thinking>, [REASONING], {"reasoning": ...} */
    {"<\\s*/?\\s*(think|thinking|thoughts?|reasoning|reason|rationale|scratch_?pad|cot|"
     "chain[_-]of[_-]thought|inner[_-]monologue|internal[_-]reasoning|reflection|analysis|"
     "deliberation|working|steps|step_by_step|explanation|solution_process|final[_-]answer)\\s*>|"
     "\\[\\s*/?\\s*(thinking|reasoning|thoughts?|scratchpad|rationale|chain of thought|"
     "inner monologue|(begin|start|end)[ _](reasoning|thinking|thoughts|scratchpad))\\s*\\]|<\\|"
     "?(begin|end|start)_of_(thought|reasoning|thinking|solution)\\|?>|\\b(thought|reasoning|"
     "thinking) (and|&) (solution|answer) sections?\\b", 0},
    {"[\"'](reasoning|rationale|thoughts?|thinking|chain_of_thought|chainofthought|scratchpad|"
     "reasoning_steps|thought_process|reasoning_trace|inner_monologue|justification|"
     "step_by_step)[\"']\\s*:", 0},
    /* fields named reasoning; reasoning as JSON */
    {"\\b(fields?|keys?|properties|attributes)\\b[^.\\n]*\\b(reasoning|rationale|thoughts|thinking|"
     "chain[_ ]of[_ ]thought|scratchpad|thought[_ ]process|justification)\\b|\\b(reasoning|"
     "rationale|thoughts|thinking|explanation|scratchpad|chain[_ ]of[_ ]thought|thought[_ ]process|"
     "justification)[\"'`]?\\s(field|key|property|attribute|section|block|tag|element)\\b", 0},
    {"\\bjson\\b[^.\\n]*\\b(reasoning|rationale|chain[_ ]of[_ ]thought|scratchpad|"
     "thought[_ ]process)\\b|\\b(reasoning|rationale|chain[_ ]of[_ ]thought|"
     "thought process)\\b[^.\\n]*\\b(as|in|into)\\s(an?\\s)?(json|xml|yaml)\\b", 0},
    /* Final answer: ..., \boxed{}, #### <number>, 'Answer: $LETTER' */
    {"\\bfinal answer\\s*(:|is\\s*:|\\*\\*|=)|[\"'“]\\s*(the\\s)?(final\\s)?answer\\sis\\b|"
     "[\"'“]\\s*(final )?answer\\s*:|\\\\boxed\\s*\\{|####\\s*[<\\[{(]?\\s*(answer|number|final|"
     "result|your)|[\"'“]\\s*####|\\b(last|final) line of your (response|answer|output|reply)\\b",
     0},
    {"\\b(give|state|write|output|provide|put|present|print|return|end with|conclude with|"
     "followed by|then)\\s(your\\s|the\\s|a\\s)?(final|short|concise|one-word|numeric(al)?|"
     "boxed)\\s(answer|result|verdict|number)\\b|\\b(answer|result|verdict)\\s(on|in)\\s(a|"
     "the)\\s(new|separate|last|final)\\sline\\b", 0},
    {"\\b(end|finish|conclude)\\s(your\\s)?(response|answer|reply|output)"
     "\\swith\\b[^.\\n]*\\b(answer|result|verdict|number|letter)\\b|\\b(answer|final answer|"
     "result)\\s*:\\s*[<\\[{]\\s*(your|the|final|answer|number|letter|choice|value|result)", 0},
    /* Thought: / ## Reasoning at line start; "Reasoning: <...>" templates */
    {"^\\s*(\\*\\*|#+\\s*)?(thought|thoughts|reasoning|thinking|rationale|scratchpad|reflection|"
     "inner monologue|chain of thought|step-by-step reasoning)\\s*(\\*\\*)?\\s*:", ML},
    {"^\\s*#{1,6}\\s*(reasoning|thinking|thought process|rationale|scratchpad|chain of thought|"
     "step-by-step (reasoning|solution|analysis))\\s*$", ML},
    {"\\b(thought|thoughts|reasoning|thinking|rationale|scratchpad|explanation|justification|"
     "analysis|steps|solution)\\s*:\\s*(<|\\[|\\{|\\.\\.\\.|…|_{2,}|\\$)", 0},
    /* the reasoning first, then the answer; kept separate; in tags */
    {"\\b(reasoning|thought process|rationale|derivation|scratch ?work|chain of thought)"
     "\\b[^.\\n]*\\b(first|then|afterwards|after that|followed by|finally|"
     "and only then)\\b[^.\\n]*\\b(answer|conclusion|result|verdict|output|solution)\\b|"
     "\\b(reasoning|thinking|thought process|rationale)\\s(and|,)\\s((the|a|your)\\s)?((final|"
     "short)\\s)?(answer|conclusion|verdict|score|label)\\s(fields?|keys?|sections?|tags?|"
     "parts?)\\b", 0},
    {"\\b(separate|separately|distinct(ly)?|clearly (separate|mark|label|delimit))"
     "\\b[^.\\n]*\\b(reasoning|thinking|thought process|rationale|chain of thought|working)\\b|"
     "\\b(reasoning|thinking|thought process|rationale|chain of thought|working)"
     "\\b[^.\\n]*\\b(separate(ly)?|distinct)\\s(from|of)\\b", 0},
    {"\\bscratch[- ]?pad\\b|\\bscratch (space|area|section)\\b|\\b(reasoning|thinking|thoughts|"
     "thought process|rationale|chain of thought|scratch work)\\b[^.\\n]*\\b(tags?|xml|brackets|"
     "delimiters|markers|code block)\\b", 0},
};

/* ---- RUBRIC: uses the model as a grader, judge or reward model ---- */
static const pattern sig_rubric[] = {
    /* grade / score / rate / evaluate the following response(s) */
    {"\\b(grade|score|rate|evaluate|assess|judge|rank|re-?rank|critique|compare)\\s(the\\s|this\\s|"
     "these\\s|each\\s|both\\s|all\\s)?(following\\s|above\\s|given\\s|provided\\s)?(two\\s|"
     "candidate\\s|student" AP "s\\s|model" AP "s\\s|assistant" AP "s\\s|ai" AP
     "s\\s)?(responses?|answers?|completions?|outputs?|replies|reply|generations?|summar(y|ies)|"
     "translations?|solutions?|submissions?|essays?|texts?|passages?|rewrites?|conversations?|"
     "dialogues?|transcripts?)\\b", 0},
    {"\\b(evaluat(e|ing)|assess(ing)?|judg(e|ing)|rat(e|ing)|scor(e|ing)|grad(e|ing)|measur(e|ing)|"
     "critiqu(e|ing)|check(ing)?)\\s(the\\s)?((overall|relative|factual)\\s)?(quality|correctness|"
     "helpfulness|accuracy|coherence|fluency|relevance|faithfulness|harmlessness|honesty|"
     "factuality|groundedness|informativeness|conciseness|safety|toxicity|readability)\\s(of|"
     "and)\\b", 0},
    /* on a scale of 1 to 10; a 1-5 rating; score from 0 to 10; out of 10; Likert */
    {"\\bscale\\s(of|from)\\s(\\d|one|zero)|\\b\\d+\\s*(-|–|to)\\s*\\d+(\\s|-)(point\\s)?scale\\b|"
     "\\b[01]\\s*(-|–|to)\\s*(3|4|5|7|9|10|100)\\s*(-?\\s*point\\s)?(scale|rating|score)\\b|"
     "\\blikert\\b|\\bonly (a|one) (single )?(number|integer|digit) (from|between) [01] ?(and|to|"
     "-) ?(5|7|10|100)\\b|\\b(\\d+|three|five|seven|ten)[- ]point (scoring |rating |grading |"
     "likert )?(scale|system|rubric)\\b", 0},
    {"\\b(scores?|ratings?|grades?|marks?)\\b[^.\\n]*\\b(from|between|of)\\s[01](\\.0)?\\s*(to|-|–|"
     "and)\\s*(3|4|5|7|9|10|100)\\b|\\b(score|rate|rating|grade)\\b[^.\\n]*\\bout of\\s(5|10|"
     "100)\\b|\\brate\\s(it|this|them|each|every|both|all|these|the (following|responses?|"
     "answers?))\\b[^.\\n]*\\b(from|between|on a|out of)\\b", 0},
    /* which response is better; Response A vs Response B; [[A]]; candidate answers */
    {"\\b(responses?|answers?|completions?|outputs?|replies|reply|generations?|summar(y|ies)|"
     "translations?|candidates?)\\s(is|was|are|seems|looks|would be|do you think is)"
     "\\s(the\\s)?(better|best|more (helpful|accurate|correct|harmless|honest|relevant|complete|"
     "informative|concise)|preferable|preferred|superior|worse|worst|higher[- ]quality)\\b", 0},
    {"\\b(response|answer|completion|output|assistant|summary|candidate|model)\\s*[(\\[]?[a-d1-4][)"
     "\\]]?\\s(or|vs\\.?|versus|and)\\s(response|answer|completion|output|assistant|summary|"
     "candidate|model)\\s*[(\\[]?[a-d1-4]\\b|\\[\\[\\s*([ab]|rating|score|\\d+)\\s*\\]\\]|"
     "\\bcandidate (responses|answers|completions|outputs)\\b|\\b(two|both) (model|assistant|"
     "ai) (responses|answers|completions|outputs)\\b", 0},
    /* rubric, grading criteria; assign a score */
    {"\\brubrics?\\b|\\bscoring (guide|criteria|guidelines|scheme|rubric|system)\\b|\\b(evaluation|"
     "grading|judging|assessment|annotation)\\s(criteria|rubric|guidelines|scheme|dimensions|"
     "instructions)\\b", 0},
    {"\\b(assign|give|provide|award)\\s((it|each|them|this|each (one|response|answer))\\s)?(a|an|"
     "the|your|one)\\s((numerical|numeric|overall|final|single|integer|quality|helpfulness|"
     "preference|reward|likert)\\s)?(score|rating|grade)s?\\b", 0},
    /* preference data, reward model, RLHF, LLM-as-a-judge */
    {"\\bpreference\\s(data|dataset|pairs?|labels?|judge?ments?|annotations?|rankings?|model(ing)?|"
     "optimi[sz]ation|learning|tuning|comparisons?|signal)\\b|\\b(chosen|preferred|"
     "winning)\\s*(and|vs\\.?|/|,)\\s*(rejected|dispreferred|losing)\\b|\\breward\\s(model|models|"
     "modell?ing|score|signal)\\b|\\b(rlhf|rlaif)\\b|\\bpairwise\\s(comparison|preference|ranking|"
     "evaluation|judge?ment)s?\\b|\\bllm[- ]as[- ]an?[- ]judge\\b", 0},
    /* act as an impartial judge / an expert grader */
    {"\\b(as|are|be) an? ((impartial|fair|strict|expert|objective|neutral|unbiased|careful|"
     "rigorous|professional|experienced|critical|meticulous|harsh|ai|llm|helpful|skilled|senior|"
     "human|automated|automatic) )?(evaluator|grader|annotator|rater|labell?er|scorer|assessor)\\b|"
     "\\b(as|are|be) an? (impartial|fair|strict|expert|objective|neutral|unbiased|ai|llm|"
     "automated) judge\\b", 0},
    /* is this answer correct? respond with yes or no; respond "correct" or "incorrect" */
    {"\\b(correct|incorrect|right|wrong|accurate|valid|factual|helpful|harmful|"
     "safe)[?.:]?\\s(respond|reply|answer|output)\\s((only|just)\\s)?(with\\s)?[\"'“`]?(yes|no|"
     "true|false|correct|incorrect|[01])\\b|\\b(respond|answer|reply|output|return|label|"
     "classify)\\s((only|just|strictly|simply)\\s)?(with\\s)?((only|just|a single)"
     "\\s)?[\"'“`]?(correct|valid|good|acceptable|pass|safe|right)[\"'”`]?\\s?(or|/|"
     ",)\\s?[\"'“`]?(incorrect|invalid|bad|unacceptable|fail|unsafe|wrong)\\b", 0},
    /* errors in the following response; helpfulness / harmlessness criteria */
    {"\\b(errors|mistakes|flaws|issues|hallucinations|inaccuracies|problems)\\sin\\s(the|this|"
     "these|each)\\s(following\\s|above\\s|given\\s|provided\\s|candidate\\s|model" AP
     "s\\s|assistant" AP "s\\s|ai" AP "s\\s)?(responses?|answers?|outputs?|completions?)\\b|"
     "\\b(helpfulness|harmlessness|factuality|groundedness|faithfulness)\\s*(,|/|and|score|rating|"
     "criteri|dimension)", 0},
};

/* ---- SYNTH_DATA: asks for training data in bulk ---- */

/* What a generator asks for, in the plural (shared by the two count patterns). */
#define SYNTH_ITEMS                                                                            \
    "(examples|questions|problems|prompts|exercises|samples|instances|tasks|instructions|"    \
    "conversations|dialogues|dialogs|scenarios|test cases|puzzles|queries|riddles|q&a pairs|" \
    "pairs|records|rows|data ?points|variations|paraphrases|rewrites|utterances|responses|"    \
    "answers|completions|mcqs|flashcards|tweets|reviews|personas|chat logs|transcripts)\\b"

static const pattern sig_synth[] = {
    /* generate 50 questions; create 100 diverse examples */
    {"\\b(generate|create|produce|write|make|give me|come up with|compose|draft|synthesi[sz]e|"
     "invent|craft|provide|brainstorm|output|list|design|devise|prepare|build|construct|formulate|"
     "author|populate)\\b[^.\\n]*\\b(\\d{2,}|ten|twelve|fifteen|twenty|thirty|forty|fifty|sixty|"
     "seventy|eighty|ninety|hundreds?|thousands?|dozens?)\\s(of\\s)?([a-z'-]+\\s){0,3}" SYNTH_ITEMS,
     0},
    {"\\b(generate|create|produce|write|make|give me|come up with|compose|synthesi[sz]e|invent|"
     "craft|provide|brainstorm|design|devise|formulate)\\b[^.\\n]*\\b(diverse|varied|distinct|"
     "unique|synthetic|novel|realistic|high[- ]quality|non-?trivial|challenging|difficult|tricky|"
     "original)\\s([a-z'-]+\\s){0,2}" SYNTH_ITEMS, 0},
    /* make a dataset; training data; to train my own model */
    {"\\b(create|build|generate|make|produce|construct|curate|assemble|compile|synthesi[sz]e|"
     "expand|augment|populate|grow|bootstrap)\\s(me\\s)?(a|an|the|my|our|this|that|"
     "your)\\s([a-z-]+\\s){0,3}(dataset|data set|corpus|benchmark|training set|eval set|test set|"
     "training data|seed set)s?\\b", 0},
    {"\\b(training|fine-?tuning|finetuning|instruction[- ]tuning|sft|rlhf|distillation|"
     "pre-?training|post-?training|alignment|reward[- ]model)\\s(data|dataset|datasets|examples|"
     "samples|corpus|corpora|set|pairs|records|mix|split)\\b|\\b(train|fine-?tune|finetune|"
     "distill)\\s(my|our|a|an|the|another|your|smaller)\\s([a-z-]+\\s){0,2}(model|llm|lm|"
     "language model|classifier|chatbot|ai|assistant|network|transformer)s?\\b", 0},
    {"\\bsynthetic(ally)?\\s(generated\\s)?(data|dataset|datasets|examples|samples|conversations|"
     "dialogues|questions|problems|instructions|prompts|training|corpus|records|users|queries|"
     "tasks|traces)\\b|\\bdata[- ]augmentation\\b|\\baugment(ing)?\\s(the|this|my|our)\\s(dataset|"
     "data|training (set|data)|corpus)\\b", 0},
    /* question-answer pairs, instruction/response pairs, Alpaca/ShareGPT format */
    {"\\b(question|q)[- /&]?(and[- ])?(answer|a) pairs?\\b|\\b(instruction|prompt|input|query|"
     "question|problem|task)\\s*(-|/|and|&|,)\\s*(response|output|completion|answer|solution|"
     "target|label)\\s(pairs?|examples|format|tuples|triples|triplets|data)\\b|"
     "\\binstruction[- ](following|tuning|tuned)\\s(data|dataset|examples|samples|pairs)\\b", 0},
    {"[\"'](instruction|prompt|input|question|query|problem)[\"']\\s*:[^\\n]*[\"'](response|output|"
     "completion|answer|solution|chosen|rejected)[\"']\\s*:|\\b(self-instruct|evol[- ]instruct|"
     "alpaca[- ](format|style|dataset)|sharegpt([- ](format|style))?|ultrachat|openhermes|"
     "orca[- ]style|wizardlm)\\b|#(rewritten|given|created) prompt#|\\b(increase|"
     "raise)\\s(the\\s)?difficulty\\s(of|level)\\b", 0},
    /* paraphrase this 10 ways; vary the difficulty; each example should */
    {"\\b(paraphrase|rephrase|reword|rewrite|restate)\\b[^.\\n]*\\b(\\d+|three|four|five|six|seven|"
     "eight|nine|ten|twenty|several|multiple|many|various)\\s((different|distinct|diverse|"
     "alternative|unique|new)\\s)?(ways|times|paraphrases|variations|versions|variants|rewordings|"
     "rephrasings)\\b|\\b(\\d{2,}|ten|twenty|fifty|hundred)\\s(different|distinct|diverse|"
     "unique)\\s(ways|variations|versions|variants|phrasings|paraphrases)\\b", 0},
    {"\\b(vary(ing)?|varied|mixed|range of|spread of|different|diverse|increasing|"
     "escalating)\\s(in\\s)?(the\\s)?(difficulty|difficulties|difficulty levels?|"
     "complexity levels?)\\b|\\b(easy|beginner)\\s*(,|/|to|and)\\s*(medium|intermediate)\\s*(,|/|"
     "to|and)\\s*(hard|advanced|expert)\\b|\\b(covering|spanning|across)\\s(a\\s)?((wide|broad|"
     "diverse)\\s)?(range|variety|mix|spectrum)\\sof\\s(topics|domains|subjects|difficulty|"
     "difficulties|areas|skills|categories)\\b|\\b(each|every)\\s(example|question|problem|sample|"
     "item|entry|instance|conversation|pair|record)\\s(should|must|needs to|has to|will)\\b", 0},
    /* other languages */
    {"(训练数据|合成数据|数据集|微调数据|学習データ|合成データ|データセット|обучающ(ие|ая|их) (данные|выборк)|синтетическ(ие|"
     "их) данн|датасет|\\bdatos (de entrenamiento|sint(é|e)ticos)\\b|\\bconjunto de datos\\b|"
     "\\bdonn(é|e)es (d" AP "entra(î|i)nement|synth(é|e)tiques)|\\bjeu de donn(é|e)es|"
     "\\b(trainingsdaten|synthetische daten|datensatz)\\b|\\bdados (de treinamento|sint(é|e)ticos))",
     0},
};

/* ---- MAX_DETAIL: demands the longest, most detailed answer ---- */
static const pattern sig_detail[] = {
    /* as detailed as possible; in full detail; as many words as you need */
    {"\\b(detailed|thorough|comprehensive|complete|exhaustive|lengthy|extensive|in-depth|in depth|"
     "verbose|elaborate|rigorous|granular|explicit)\\sas\\s(possible|you can|you (are able|"
     "possibly can|could)|humanly possible|feasible)\\b|\\b(much|many) (detail|details|depth|"
     "information|steps|tokens|words|paragraphs|pages) as (possible|you can|you need|you like|"
     "needed)\\b", 0},
    {"\\b(as much|the (greatest|most|fullest|finest|utmost)|great|full|exhaustive|maximum|maximal|"
     "excruciating|painstaking|extreme|granular|thorough|complete|meticulous|elaborate|extensive|"
     "minute|considerable)\\sdetail\\b", 0},
    /* a comprehensive, exhaustive explanation; a long, detailed answer */
    {"\\b(comprehensive|exhaustive|thorough|in-depth|in depth|extensive|elaborate|meticulous|"
     "painstaking|detailed|long-form|exhaustively detailed|fully detailed)"
     "\\s?(,?\\s?(and\\s)?(comprehensive|exhaustive|thorough|in-depth|extensive|elaborate|detailed|"
     "complete|rigorous)\\s)?(explanation|answer|response|analysis|breakdown|treatment|walkthrough|"
     "walk-through|account|discussion|coverage|write-?up|exposition|report|essay|guide|overview|"
     "tutorial|description|reply)s?\\b|\\b(long|longer|lengthy|extended)\\s(answer|explanation|"
     "essay|reply)s?\\b", 0},
    {"\\bbe\\s(very\\s|extremely\\s|as\\s|maximally\\s|fully\\s|completely\\s|super\\s|"
     "incredibly\\s|exhaustively\\s)?(exhaustive|thorough|comprehensive|detailed|verbose|"
     "meticulous|rigorous|explicit|elaborate|expansive|granular)\\b", 0},
    /* don't skip any steps; don't leave anything out; don't summarize */
    {"\\b(do not|don" AP "t|dont|never|without|no)\\s(skip(ping)?|omit(ting)?|miss(ing)?|leav(e|"
     "ing) out|gloss(ing)? over|cut(ting)?|drop(ping)?|abbreviat(e|ing)|hand-?wav(e|ing))\\s((any|"
     "a single|even one|over any|out any|any of the|the|important|over)\\s)?((single|"
     "intermediate)\\s)?(steps?|details?|thing|anything|parts?|calculations?|intermediate|"
     "reasoning|explanations?|sections?|lines?|information|content|points?|cases?|nuances?|"
     "derivations?|algebra|arithmetic)\\b", 0},
    {"\\b(do not|don" AP "t|never)\\s(abbreviate|truncate|summari[sz]e|shorten|condense|simplify|"
     "be brief|be concise)\\b|\\b(do not|don" AP "t|never)\\sleave\\s(anything|any (details?|"
     "steps?|parts?|information)|something)\\sout\\b|\\bleave nothing out\\b|"
     "\\bleave no stone unturned\\b|\\bno detail (is )?too small\\b|\\bnothing (is )?too (small|"
     "minor|trivial|obvious)\\b", 0},
    /* maximum detail; 3000 words; no length limit */
    {"\\b(maximum|maximal|max|greatest possible|highest possible|fullest possible|"
     "utmost)\\s(detail|details|verbosity|thoroughness|comprehensiveness|completeness|"
     "granularity)\\b|\\bmaximi[sz](e|ing)\\s(the\\s)?(detail|length|depth|verbosity|"
     "thoroughness)\\b", 0},
    {"\\b(\\d{1,2},?\\d{3}|\\d{1,2}k|one thousand|two thousand|a thousand|several thousand|"
     "thousands of)\\s?\\+?\\s?-?\\s?(words?|tokens?)\\b|\\b(at least|minimum( of)?|no (fewer|"
     "less) than)\\s([2-9]\\d|\\d{3,}|twenty|thirty|fifty)\\s(paragraphs|pages)\\b", 0},
    {"\\b(no|without|ignore( any| the)?|don" AP "t worry about( the)?)\\s(word|length|token|"
     "character)\\s(limits?|constraints?|restrictions?|count)\\b|\\b(length|"
     "verbosity)\\sis\\snot\\s(a|an)\\s(issue|concern|problem|constraint)\\b|\\b(longer the better|"
     "more detail is better)\\b", 0},
    /* cover every aspect; elaborate on each point; explain in depth; make it long */
    {"\\b(cover|address|include|explain|discuss|explore|examine|detail|describe|mention)\\s(every|"
     "each|all( the| of the)?)\\s((single|possible|relevant|important|conceivable)\\s)?(aspects?|"
     "details?|angles?|nuances?|facets?|dimensions?|subtleties|considerations?|perspectives?|"
     "possibilit(y|ies)|caveats?|implications?)\\b", 0},
    {"\\b(elaborate|expand)\\s((fully|extensively|in depth|at length)\\s)?on\\s(every|each|all)\\b|"
     "\\belaborate (extensively|at length|in detail)\\b|\\b(fully|completely|exhaustively|"
     "thoroughly)\\s(detailed|elaborated?|expand(ed)?|flesh(ed)? out|explain(ed)?|describe(d)?|"
     "cover(ed)?)\\b|\\b(explain|describe|discuss|cover|analy[sz]e|answer|go)\\s((it|this|that|"
     "the \\w+)\\s)?in[- ]depth\\b|\\b(make (it|the (answer|response|essay|story|text|"
     "explanation))|write it|answer|respond) as long as (possible|you can)\\b", 0},
    /* other languages */
    {"(lo m(á|a)s detallad[oa] posible|de forma (muy )?detallada|le plus d(é|e)taill(é|e) possible|"
     "de mani(è|e)re (tr(è|e)s )?d(é|e)taill(é|e)e|so detailliert wie m(ö|o)glich|\\bausf(ü|"
     "u)hrlich|il pi(ù|u) dettagliat[oa] possibile|o mais detalhad[oa] poss(í|i)vel|尽可能详细|尽量详细|详细地|"
     "详尽|できるだけ詳しく|詳細に|как можно подробнее|подробно|최대한 자세히|자세하게)", 0},
};

/* ---- PROMPT_EXTRACTION: asks for the system prompt or the hidden reasoning ---- */
static const pattern sig_extract[] = {
    /* repeat / print / reveal your (system) instructions, the system prompt */
    {"\\b(repeat|print|show|reveal|output|display|tell|give|write out|write down|recite|echo|copy|"
     "dump|share|leak|disclose|expose|paste|return|list|spell out|summari[sz]e|translate|encode|"
     "what (is|are|were|was))\\s(me\\s|us\\s)?(back\\s)?(all\\s(of\\s)?)?(your|ur)\\s((exact|full|"
     "complete|entire|original|initial|hidden|secret|internal|verbatim|system|developer|raw|"
     "confidential|private|underlying|first|base|default|custom)\\s)?(instructions|prompt|"
     "system prompt|system message|guidelines|rules|directives|pre-?prompt|meta-?prompt|"
     "developer (message|prompt|instructions)|initial message|programming|constitution)\\b", 0},
    {"\\b(repeat|print|reveal|output|display|recite|echo|dump|leak|disclose|expose|paste|what (is|"
     "are|was|were)|show me|tell me|give me)\\s(the|this|that)\\s((exact|full|complete|entire|"
     "verbatim)\\s)?(system prompt|system message|instructions (above|you were given))\\b", 0},
    {"\\byour (system prompt|system message|system instructions)\\b|\\b(hidden|secret|initial|"
     "original|confidential)\\s(instructions|system prompt|prompt|guidelines)\\b|\\b(pre-?prompt|"
     "meta-?prompt|developer message)\\b", 0},
    /* ignore all previous instructions */
    {"\\b(ignore|disregard|forget|override|bypass)\\s(all\\s|any\\s)?(of\\s)?(the\\s|"
     "your\\s)?(previous|prior|above|preceding|earlier|original|system|initial|former|existing|"
     "safety)\\s(instructions|prompts?|directions|rules|guidelines|directives|constraints)\\b", 0},
    /* your hidden / raw / internal reasoning, thinking tokens */
    {"\\b(hidden|internal|raw|private|secret|concealed|invisible|unsummari[sz]ed|unfiltered|"
     "unredacted|unedited|uncensored|verbatim)\\s(reasoning|thinking|thoughts|"
     "chain[- ]of[- ]thought|scratchpad|thought process|reasoning (tokens|traces?|steps|process|"
     "content)|thinking (tokens|process|traces?|blocks?|content)|deliberations?|cot)\\b|"
     "\\b(reasoning|thinking)\\stokens\\b", 0},
    /* ... verbatim / word for word */
    {"\\b(reasoning|thinking|thoughts|chain[- ]of[- ]thought|thought process|instructions|"
     "system prompt|prompt|scratchpad|monologue)\\b[^.\\n]*\\b(verbatim|word[- ]for[- ]word|"
     "unedited|unredacted|unsummari[sz]ed|without (summari[sz]ing|summari[sz]ation|redaction|"
     "redacting|editing|filtering|censoring))\\b|\\b(verbatim|word[- ]for[- ]word|unedited|"
     "unredacted|unsummari[sz]ed)\\b[^.\\n]*\\b(reasoning|thinking|thoughts|chain[- ]of[- ]thought|"
     "thought process|instructions|system prompt|scratchpad|monologue)\\b", 0},
    /* what were you told; the instructions you were given; the text above */
    {"\\b(instructions|rules|guidelines|prompt|directives)\\s(were|have|did)\\syou\\b|\\b(were you|"
     "have you been) (told|instructed|programmed|prompted)\\b|\\b(instructions|prompt|rules|"
     "guidelines)\\s(you\\s(were|have been|" AP "ve been)|that you (were|have been))\\s(given|told|"
     "provided|fed|assigned)\\b", 0},
    {"\\b(repeat|print|output|copy|recite|echo|reproduce|return|write|show|"
     "display)\\s(out\\s)?(everything|all( of)?( the)? (text|words|content|instructions)|the (text|"
     "words|content|message|instructions))\\s(above|before|preceding|prior)\\b|\\b(starting|"
     "beginning|start|begin)\\s(with|from|at)\\s[\"'“]?(you are|you" AP "re)\\b", 0},
    /* other languages */
    {"(系统提示|你的指令|システムプロンプト|системн(ый|ого|ые) (промпт|инструкци)|\\btus instrucciones (iniciales|"
     "originales|del sistema)\\b|\\bprompt (del|du) syst(è|e)me|\\b(deinen|ihren) systemprompt\\b)",
     0},
};

/* ---- HOMEWORK (benign marker): coursework phrasing, in the first person ---- */
static const pattern sig_homework[] = {
    {"\\bhomework\\b|\\b(coursework|lab reports?|take-home (exam|test|assignment)|study guides?|"
     "lecture notes|class notes|syllabus|problem sets?|psets?|p-sets?|worksheets?)\\b", 0},
    {"\\b(my|our|class|school|homework|graded|course|university|uni|college|final|writing|essay|"
     "group|lab)\\sassignments?\\b|\\b(assignment|homework|essay|paper|project|lab|report|"
     "worksheet)\\s(is\\s|was\\s)?due\\b|\\bdue\\s(tomorrow|tonight|today|monday|tuesday|wednesday|"
     "thursday|friday|saturday|sunday|next (week|class)|at midnight|in an hour)\\b", 0},
    /* my teacher / professor / TA; my calculus class; for class */
    {"\\bmy\\s((math|maths|physics|chemistry|chem|biology|bio|history|english|econ|economics|calc|"
     "calculus|algebra|stats|statistics|cs|programming|science|philosophy|literature|geometry|"
     "intro|ap \\w+)\\s)?(teacher|professor|prof|instructor|tutor|lecturer|ta|teaching assistant|"
     "classmates?|homeroom)\\b", 0},
    {"\\b(my|our)\\s(math|maths|physics|chemistry|chem|biology|bio|history|english|econ|economics|"
     "calc|calculus|algebra|stats|statistics|cs|science|philosophy|literature|geometry|ap \\w+|"
     "intro)\\s(class|course|exam|test|quiz|midterm|final|homework|assignment|module|lecture|"
     "textbook)\\b|\\bfor (my|our|a) (class|course|seminar|lecture)\\b|\\bfor (school|class|"
     "uni)\\b|\\bmy (course|courses|lecture|seminar|uni|university|college)\\b", 0},
    /* my exam tomorrow; studying for the midterm */
    {"\\b(my|our|upcoming|tomorrow" AP "s|next week" AP "s|this week" AP "s)\\s(\\w+\\s)?(exams?|"
     "quiz(zes)?|midterms?|finals|final exams?)([\\s.,;:!?)]|$)|\\b(exams?|quiz(zes)?|midterms?|"
     "test)\\s(is\\s)?(tomorrow|tonight|next week|on (monday|tuesday|wednesday|thursday|friday|"
     "saturday|sunday))\\b", 0},
    {"\\b(studying|study|revising|revise|cramming|cram|preparing|prep|practicing|"
     "practising)\\sfor\\s(my|an|the|a|our|tomorrow" AP "s|next week" AP "s|this|"
     "upcoming)\\s(\\w+\\s)?(exams?|tests?|quiz(zes)?|midterms?|finals?|sat|act|gre|gmat|lsat|mcat|"
     "ap exams?|boards?)\\b", 0},
    /* I'm a student; my 8th grader; I'm in high school; check my answers */
    {"\\b(i" AP "m|i am) an? (\\w+ ){0,2}(student|freshman|sophomore|undergrad(uate)?|pupil)\\b|"
     "\\b(my|our|i" AP "m in|i am in)\\s(\\d{1,2}(st|nd|rd|th)|first|second|third|fourth|fifth|"
     "sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)[- ]grade(rs?)?\\b|\\b(i" AP "m|i am|we" AP
     "re|we are)\\s((currently|still)\\s)?(in|at)\\s(high school|middle school|college|uni|"
     "university|grade school)\\b", 0},
    {"\\b(check|verify|grade|correct|review)\\smy\\s(answers?|work|solutions?|homework|essay|"
     "proof)\\b|\\b(exercise|problem|question)\\s\\d{1,2}\\.\\d{1,3}\\b", 0},
    /* other languages */
    {"(\\b(deberes|devoirs|hausaufgaben?|compiti)\\b|\\b(li(ç|c)(ã|a)o|dever) de casa\\b|"
     "\\bmi profesora?\\b|\\bmon prof(esseur)?\\b|\\bmein(e)? lehrer(in)?\\b|作业|功课|宿題|домашн(ее|"
     "ему|его|ие) задани|домашк|숙제)", 0},
};

/* ---- AGENT_CONTEXT (benign marker): working context of a coding agent or tool ---- */
static const pattern sig_agent[] = {
    /* code fences, stack traces (Python, JS, Java, Go, Rust, gdb), diffs */
    {"```|\\bTraceback \\(most recent call last\\)|\\bFile \"[^\"\\n]+\", line \\d+|"
     "\\(([\\w./@-]+/)?[\\w.-]+\\.(js|ts|mjs|cjs|jsx|tsx):\\d+:\\d+\\)|\\(\\w+\\.(java|kt|"
     "scala):\\d+\\)|\\bgoroutine \\d+ \\[|\\bpanic: |\\bpanicked at\\b", 0},
    {"^\\s*#\\d+\\s+0x[0-9a-f]+ in |\\bdiff --git\\b|^(\\+\\+\\+|---) (a|b)/|"
     "^@@ -\\d+(,\\d+)? \\+\\d+(,\\d+)? @@|^index [0-9a-f]{7,}\\.\\.[0-9a-f]{7,}", ML},
    /* file paths: src/main.py, C:\Users\..., main.c:42, package.json */
    {"[\\w.@-]+/[\\w./@-]*\\.(c|h|cc|cpp|cxx|hpp|hh|py|pyi|ipynb|js|mjs|cjs|ts|tsx|jsx|go|rs|java|"
     "kt|kts|rb|cs|swift|mm|scala|sh|bash|zsh|ps1|yaml|yml|toml|sql|vue|svelte|gradle|proto|tf|lua|"
     "dart|ex|exs|erl|hs|jl|zig|nim|mk|cmake)\\b|\\b[a-z]:\\\\[\\w .-]+\\\\|\\b[\\w./-]+\\.(c|h|cc|"
     "cpp|hpp|py|js|ts|tsx|jsx|go|rs|java|kt|rb|php|cs|swift|scala)[:(]\\d+", 0},
    {"\\b(package\\.json|package-lock\\.json|yarn\\.lock|cargo\\.toml|cargo\\.lock|"
     "requirements\\.txt|pyproject\\.toml|setup\\.py|go\\.mod|go\\.sum|tsconfig\\.json|dockerfile|"
     "docker-compose\\.ya?ml|makefile|cmakelists\\.txt|pom\\.xml|build\\.gradle|gemfile)\\b|(^|"
     "[\\s'\"`/])\\.(gitignore|env|eslintrc|prettierrc|bashrc|zshrc|github/)", 0},
    /* compiler and runtime errors, TODOs, log lines */
    {"\\b(error|warning|fatal error|fatal)(\\[[\\w-]+\\])?:\\s|\\bError: |\\b[A-Z][A-Za-z]*(Error|"
     "Exception)\\b|\\b(TODO|FIXME)\\b|\\b(INFO|WARN|WARNING|ERROR|DEBUG|FATAL)\\s*[:\\]|-]\\s",
     CS},
    {"\\b(exit code|exit status|returned non-zero exit status|command not found|"
     "no such file or directory|permission denied|segmentation fault|core dumped|"
     "undefined reference to|cannot find module|module not found|unresolved import|"
     "cannot find symbol|npm err|connection refused|econnrefused|eaddrinuse|out of memory|"
     "build failed|compilation terminated)\\b|\\b\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}", 0},
    /* shell sessions and commands */
    {"\\$ (git|npm|npx|yarn|pnpm|pip3?|python3?|node|cargo|go|make|cmake|docker|kubectl|cd|ls|cat|"
     "grep|curl|sudo|apt(-get)?|brew|gcc|clang|javac|java|mvn|gradle|rustc|pytest|bash|sh|chmod|"
     "export)\\b|\\b(git (status|log|diff|commit|push|pull|rebase|merge|checkout|clone|stash|add|"
     "reset|branch)|npm (install|run|test|i|start|ci)|yarn (add|install|build)|pip3? install|"
     "poetry (add|install)|cargo (build|run|test|add|check)|go (build|mod)|docker(-compose)? (run|"
     "build|compose|exec|ps|up|logs)|kubectl (get|apply|describe|logs)|cmake --build)\\b", 0},
    /* pasted source lines; tool results in agent transcripts */
    {"^\\s*(def \\w+\\(|async def \\w+\\(|class \\w+[(:]|import [\\w.]+\\s*$|from [\\w.]+ import |"
     "#include\\s*[<\"]|package [\\w.]+;|using namespace |fn \\w+\\(|func (\\(\\w+ \\*?\\w+\\)"
     " )?\\w+\\(|public (static )?(class|void|int)|(const|let|var) \\w+ = |function \\w+\\()", ML},
    {"[\"'](tool_call_id|tool_use_id|tool_result)[\"']|<(tool_result|function_results|"
     "tool_response|stdout|stderr)>|\\bline \\d+ (of|in) [\\w./-]+\\.\\w+", 0},
};

/* ======================================================================
 * Categories: keywords and notation, ambiguous words only inside phrases
 * ====================================================================== */

static const pattern cat_math[] = {
    {"\\b(integrals?|integrate|integration by parts|derivatives?|differentiate|antiderivatives?|"
     "calculus|equations?|inequalit(y|ies)|polynomials?|quadratic|cubic|logarithms?|exponents?|"
     "factorials?|prime numbers?|primes|divisib(le|ility)|divisors?|gcd|lcm|"
     "greatest common divisor|least common multiple|modulo|modular arithmetic|matri(x|ces)|"
     "determinants?|eigen(values?|vectors?)|vector spaces?|linear algebra|algebra|algebraic|"
     "geometry|trigonometry|trigonometric|sine|cosine|hypotenuse|triangles?|circumference|"
     "perimeter|radius|diameter|theorems?|lemmas?|corollary|axioms?|probability|probabilities|"
     "combinatorics|permutations?|binomial|expected value|arithmetic|fractions?|percentages?|"
     "geometric (sequence|series|progression)|arithmetic (sequence|progression)|infinite series|"
     "power series|taylor series|fourier|laplace transform|differential equations?|number theory|"
     "complex numbers?|real numbers|square roots?|cube roots?|parabolas?|hyperbolas?|slope|"
     "y-intercept|asymptotes?|congruent|pythagorean|olympiad|aime|math|maths|mathematics|"
     "mathematical(ly)?|solve for [a-z]|prove that|proof by (induction|contradiction)|"
     "how many (ways|integers|positive integers|real solutions))\\b", 0},
    {"\\\\(frac|int|sum|sqrt|lim|binom|prod|partial|cdot|leq|geq|infty|mathbb|theta|alpha)\\b|"
     "\\w\\^\\w|\\b[fgh]\\s*\\(\\s*[xnt]\\s*\\)\\s*=|\\bd[yx]\\s*/\\s*d[xt]\\b|\\b(what is|"
     "calculate|compute|evaluate|simplify|solve)\\s-?\\(?\\d[\\d\\s().]*[-+*/×÷^]\\s*\\d", 0},
    {"(\\b(ecuaci(ó|o)n|(é|e)quation|gleichung|derivada|d(é|e)riv(é|e)e|ableitung|matem(á|a)ticas?|"
     "math(é|e)matiques|mathematik)\\b|方程|积分|导数|概率|数学|微分|積分|уравнени|интеграл|производн|"
     "математик)", 0},
};

static const pattern cat_code[] = {
    {"\\b(python|javascript|typescript|java|golang|rustlang|kotlin|haskell|php|perl|powershell|"
     "bash script|shell script|html|css|reactjs|react (component|hook|app|native)|vue\\.?js|"
     "angular(js)?|node\\.?js|django|flask (app|api|route)|fastapi|spring boot|laravel|jquery|"
     "webpack|npm|docker|kubernetes|terraform|github|gitlab|linux|vscode|regex|regexp|"
     "regular expressions?|graphql)\\b|\\b(c\\+\\+|c#|objective-c|\\.net)|\\b(in|using|written in|"
     "implement(ed)? in)\\s(c|go|rust|ruby|swift)\\b", 0},
    {"\\b((my|this|the|following|your|some|sample|python|js|java|c|source)\\scode|code snippets?|"
     "coding|programming|(write|implement|create|define)\\s(a|an|the)\\s(\\w+\\s)?(function|method|"
     "class|script|program|module)|debug(ging)?|fix (the|this|a|my) bug|bug fix|refactor(ing)?|"
     "unit tests?|pytest|jest|junit|code review|pull request|merge conflict|git (commit|push|pull|"
     "merge|rebase|branch|clone)|repository|codebase|stack ?trace|segfault|segmentation fault|"
     "null pointer|memory leak|race condition|deadlock|mutex|async/await|syntax error|compiler|"
     "compil(e|ation) error|runtime error|frontend|front-end|backend|back-end|full[- ]stack|"
     "api endpoint|middleware|microservices?|ci/cd|command[- ]line|localhost|"
     "environment variables?|dependency injection|npm install|pip install|compile)\\b", 0},
    {"#include\\s*[<\"]|\\bdef\\s\\w+\\s*\\(|\\bfunction\\s\\w+\\s*\\(|\\bconsole\\.log\\b|"
     "\\bprint(f|ln)?\\s*\\(|\\bSystem\\.out\\.print|\\bstd::|\\bfrom\\s[\\w.]+\\simport\\b|"
     "\\b(public|private|protected)\\s(static\\s)?(void|int|string|class|boolean|final)\\b|"
     "\\b(const|let|var)\\s\\w+\\s*=|\\w\\(\\)|\\b(int|void|char|float|double)"
     "\\s\\*?\\w+\\s*[(=;\\[]", 0},
    {"(\\bc(ó|o)digo\\b|\\bprogramaci(ó|o)n\\b|代码|编程|函数|コード|プログラム|関数|программ|"
     "\\bкод\\b)", 0},
};

static const pattern cat_algo[] = {
    {"\\b(dynamic programming|memoi[sz](ation|e)|greedy (algorithm|approach|strategy|choice)|"
     "backtracking|divide[- ]and[- ]conquer|binary (search )?trees?|bst|avl tree|red[- ]black tree|"
     "trie|min[- ]heap|max[- ]heap|priority queue|linked lists?|hash (map|table|set)s?|hashmaps?|"
     "subarrays?|substrings?|subsequences?|sorting algorithms?|quick ?sort|merge ?sort|heap ?sort|"
     "bubble sort|insertion sort|radix sort|binary search|bfs|dfs|breadth[- ]first|depth[- ]first|"
     "dijkstra" AP "s?|bellman[- ]ford|floyd[- ]warshall|kruskal" AP "s?|prim" AP
     "s algorithm|topological (sort|order)|minimum spanning trees?|spanning tree|shortest paths?|"
     "max(imum)?[- ]flow|min(imum)?[- ]cut|union[- ]find|disjoint[- ]set|segment trees?|fenwick|"
     "binary indexed tree|sliding window|two[- ]pointers?|monotonic (stack|queue)|"
     "bit ?manipulation|bitmask|time complexity|space complexity|asymptotic|big[- ]o|big[- ]theta|"
     "np[- ]hard|np[- ]complete|p vs\\.? np|leetcode|codeforces|hackerrank|atcoder|topcoder|"
     "competitive programming|icpc|usaco|algorithms?|algorithmic|data structures?|knapsack|"
     "travell?ing salesman|longest (common|increasing) (subsequence|substring)|edit distance|"
     "levenshtein|directed (acyclic )?graphs?|undirected graphs?|weighted graphs?|graph (theory|"
     "traversal|algorithms?|coloring)|adjacency (list|matrix)|cycle detection|amortized|"
     "recurrence relation|master theorem)\\b", 0},
    {"\\bo\\(\\s*(1|n|n\\s*\\^?\\s*[23]|n²|n\\s*\\*?\\s*log\\s*\\(?n\\)?|log\\s*\\(?n\\)?|"
     "n\\s*[*+]\\s*m|nm|v\\s*\\+\\s*e|e\\s*log\\s*v|2\\s*\\^\\s*n|n!|k|nk|n\\s*\\*\\s*k)\\s*\\)|"
     "\\b(input format|output format|sample input|sample output|example input)\\b|"
     "\\bconstraints\\s*:|\\b1\\s*(<=|≤|<)\\s*[a-z_]\\w*(\\[i\\])?\\s*(<=|≤|<)\\s*\\d", 0},
};

static const pattern cat_logic[] = {
    {"\\b(logic(al)? puzzles?|riddles?|brain ?teasers?|knights? and knaves?|truth[- ]tellers?|"
     "knaves?|always (lies?|tells? the truth)|liars?|syllogisms?|deductive|deduction|deduce|"
     "inductive reasoning|logical(ly)? (reasoning|deduction|fallac(y|ies)|equivalence|implication|"
     "consequence|validity)|formal logic|propositional logic|predicate logic|first[- ]order logic|"
     "modal logic|boolean logic|truth tables?|tautolog(y|ies)|contrapositive|modus (ponens|"
     "tollens)|premises?|valid argument|sound argument|fallac(y|ies)|paradox(es)?|zebra puzzle|"
     "einstein" AP "s (puzzle|riddle)|sudoku|kenken|kakuro|nonograms?|logic grid|"
     "seating arrangement|blood relations?|lateral thinking|who is (lying|telling the truth)|"
     "which (one|of them) is (lying|telling the truth)|puzzles?|river crossing|monty hall|prisoner"
     AP "s? dilemma|hat puzzle|counterfeit coin|if and only if|necessary and sufficient|(necessary|"
     "sufficient) condition)\\b", 0},
};

static const pattern cat_science[] = {
    {"\\b(physics|velocity|acceleration|momentum|newton" AP "s (first |second |third )?laws?|"
     "friction|gravity|gravitational|kinetic energy|potential energy|kinematics|projectile|joules?|"
     "voltage|electric (current|field|charge|potential)|magnetic fields?|electromagnet\\w*|ohm" AP
     "s law|capacitors?|resistors?|inductors?|quantum|relativity|photons?|electrons?|protons?|"
     "neutrons?|particle physics|thermodynamics|entropy|enthalpy|heat capacity|specific heat|"
     "wavelength|optics|refraction|diffraction|radioactiv(e|ity)|half[- ]life|isotopes?|"
     "nuclear (fission|fusion|physics|reactor)|torque|angular momentum|pendulum|harmonic motion|"
     "fluid dynamics|ideal gas|buoyancy|photoelectric|wave[- ]particle|semiconductors?|"
     "superconduct\\w*|magnetism|electricity|heat transfer|speed of light|newtonian|telescopes?)\\b",
     0},
    {"\\b(chemistry|chemical (reaction|equation|formula|bond|compound)s?|molecules?|molecular|"
     "atoms?|atomic|periodic table|molar mass|molarity|moles of|stoichiometry|ph of|acids?|"
     "acid[- ]base|oxidation|redox|covalent|ionic bonds?|hydrogen bonds?|organic chemistry|"
     "titration|catalysts?|reaction rates?|equilibrium constant|electronegativity|valence|"
     "orbitals?|isomers?|polymers?|hydrocarbons?|alkanes?|alkenes?|benzene|enzymes?|solubility|"
     "precipitate)\\b", 0},
    {"\\b(biology|biological|cell (membrane|division|biology|wall|cycle)|dna|rna|mrna|"
     "protein (folding|synthesis|structure)|genes?|genetics?|genetically|genome|chromosomes?|"
     "mutations?|evolution(ary)?|natural selection|photosynthesis|cellular respiration|mitosis|"
     "meiosis|mitochondria|organisms?|species|ecosystems?|ecology|bacteria|bacterial|microbiology|"
     "neurons?|neuroscience|hormones?|physiology|astronomy|astrophysics|planets?|galax(y|ies)|"
     "black holes?|solar system|orbits?|orbital|cosmology|big bang|exoplanets?|geology|geological|"
     "plate tectonics|volcano(es)?|earthquakes?|climate change|global warming|greenhouse (gas|"
     "effect)|meteorology|oceanography|fossils?|rock cycle|water cycle|carbon cycle|"
     "scientific method)\\b|(\\b(f(í|i)sica|qu(í|i)mica|biolog(í|i)a|chimie|biologie|physik|"
     "chemie)\\b|物理|化学|生物|физик|хими|биолог)", 0},
};

static const pattern cat_medicine[] = {
    {"\\b(symptoms?|diagnos(is|es|e|ed|tic|ing)|treatments?|therap(y|ies|ist)|medications?|"
     "medicines?|meds|dosages?|doses?|\\d+\\s?mg|milligrams?|prescriptions?|prescribed|"
     "side[- ]effects?|diseases?|disorders?|syndromes?|infections?|inflammation|patients?|clinical|"
     "clinicians?|doctors?|physicians?|nurses?|nursing|hospital|emergency room|surgery|surgical|"
     "chronic|fever|headaches?|migraines?|nausea|vomiting|diarrh(o)?ea|rash|cough|cancer|tumou?rs?|"
     "oncology|diabetes|diabetic|insulin|hypertension|blood pressure|heart (attack|disease|failure|"
     "rate)|cardiac|cardiology|asthma|allerg(y|ies|ic)|antibiotics?|vaccines?|vaccination|"
     "immune system|immunology|pregnan(t|cy)|prenatal|mental health|depression|anxiety|"
     "panic attacks?|adhd|autism|bipolar|schizophrenia|ptsd|insomnia|cholesterol|mri|ct scan|"
     "x-rays?|ultrasound|ecg|ekg|blood (test|work|sugar)|icd-?10|pathophysiology|pathology|"
     "pharmacology|pharmacokinetics|usmle|nclex|mcat|contraindicat\\w+|prognosis|etiology|"
     "epidemiology|medical(ly)?|healthcare|covid|influenza)\\b", 0},
};

static const pattern cat_law[] = {
    {"\\b(laws?|legal(ly)?|illegal(ly)?|lawyers?|attorneys?|courts?|jury|lawsuits?|sue|suing|sued|"
     "litigation|contracts?|contract clause|liabilit(y|ies)|liable|torts?|negligence|statutes?|"
     "statutory|regulations?|regulatory|compliance|gdpr|hipaa|ccpa|copyright(ed)?|trademarks?|"
     "patents?|intellectual property|plaintiffs?|defendants?|prosecut\\w+|criminal|felon(y|ies)|"
     "misdemeanou?rs?|constitution(al)?|amendments?|supreme court|precedents?|case law|"
     "jurisdictions?|arbitration|tenants?|landlords?|leases?|evictions?|divorce|custody|"
     "estate planning|probate|wrongful termination|terms of service|nda|non-disclosure|"
     "indemnif\\w+|breach of|damages|bar exam|affidavit|subpoena|statute of limitations|"
     "due process|habeas corpus|legislation|legislative|ordinance|defamation|libel|slander|"
     "fair use|licens(e|ing) agreement|immigration|asylum)\\b", 0},
};

static const pattern cat_finance[] = {
    {"\\b(finance|financial(ly)?|stocks?|stock market|equit(y|ies)|dividends?|portfolios?|"
     "invest(ing|ments?|ors?)?|interest rates?|compound interest|simple interest|apy|mortgages?|"
     "loans?|debt|credit (card|score|report|risk)|budget(ing)?|tax(es|ation|able)?|irs|accounting|"
     "accountants?|bookkeeping|balance sheets?|income statements?|cash flows?|revenue|profits?|"
     "profit margin|gross margin|ebitda|valuation|dcf|discounted cash flow|npv|net present value|"
     "irr|roi|return on investment|capm|wacc|inflation|deflation|gdp|economy|economics|economic|"
     "economist|macroeconomics?|microeconomics?|supply and demand|elasticity|monetary policy|"
     "fiscal policy|central bank|federal reserve|recession|markets?|trading|traders?|"
     "options (trading|pricing)|black[- ]scholes|hedge funds?|crypto(currency|currencies)?|bitcoin|"
     "ethereum|forex|401\\(?k|roth ira|retirement (savings|account|plan)|pension|insurance|"
     "premiums?|depreciation|amortization|ledger|journal entr(y|ies)|gaap|ifrs|financial audit|"
     "auditors?|banks?|banking|salary|salaries|payroll|invoices?|venture capital|ipo|earnings|"
     "p/e ratio|stock price|net worth|savings)\\b", 0},
};

static const pattern cat_writing[] = {
    {"\\b(essays?|short stor(y|ies)|stor(y|ies)|poems?|poetry|poetic|haikus?|sonnets?|limericks?|"
     "novels?|novella|fiction|fictional|narratives?|plot (twist|outline)|protagonist|antagonist|"
     "character (development|arc|names?|backstory)|screenplay|script for (a|the|my) (movie|film|"
     "video|play|podcast|youtube)|lyrics|songwriting|blog posts?|op-ed|cover letters?|resumes?|"
     "letters? of recommendation|speech(es)?|eulogy|wedding vows|tagline|slogans?|headlines?|"
     "copywriting|marketing copy|ad copy|product descriptions?|social media posts?|captions?|"
     "tweets?|rewrite|rewriting|rephrase|paraphrase|reword|proofread(ing)?|copy ?edit(ing)?|"
     "grammar|grammatical|punctuation|prose|creative writing|storytelling|thesis statement|wording|"
     "word choice|metaphors?|similes?|alliteration|rhymes?|rhyming|persuasive|argumentative)\\b",
     0},
    {"\\b(write|draft|compose|edit|polish)\\s(me\\s)?(a|an|the|my|this)\\s([a-z-]+\\s){0,2}(email|"
     "letter|article|speech|toast|bio|post|story|poem|essay|review)s?\\b", 0},
};

static const pattern cat_translation[] = {
    {"\\b(translat(e|ed|es|ing|ion|ions|or)|mistranslat\\w+|locali[sz](e|ation)|l10n|i18n|"
     "internationali[sz]ation|subtitles?|how (do|would) (you|i) say|bilingual|native speaker)\\b|"
     "\\b(say|write|put|convert|render|express|rewrite|mean|means)\\s(this|it|that|the following|"
     "these|them)?\\s*(in|into)\\s(english|spanish|french|german|chinese|mandarin|cantonese|"
     "japanese|korean|russian|italian|portuguese|arabic|hindi|bengali|urdu|dutch|turkish|polish|"
     "ukrainian|vietnamese|thai|indonesian|malay|swedish|norwegian|danish|finnish|greek|hebrew|"
     "persian|farsi|swahili|tagalog|czech|romanian|hungarian|latin)\\b", 0},
    {"(\\btraduc(e|ir|ci(ó|o)n|tion|teur)|\\btradui(s|re)\\b|\\btraduz(a|ir)\\b|\\btradu(rre|"
     "ci)\\b|(ü|u)bersetz|翻译|翻訳|번역|\\bперев(е|о)д|переведи)", 0},
};

static const pattern cat_summary[] = {
    {"\\b(summari[sz](e|es|ed|ing|ation)|summary|summaries|tl;?dr|recap|synopsis|key (points|"
     "takeaways|ideas|findings)|main (points|ideas|takeaways|arguments)|takeaways|gist|"
     "in a nutshell|brief overview|executive summary|sum (it |this |that )?up|boil (it |"
     "this )?down|condense|shorten (this|it|the)|abridged?|cliff ?notes|in (a few|\\d+|one|two|"
     "three) (sentences?|bullet points|lines)|(one|two|three)[- ](sentence|paragraph|"
     "line) (summary|version|overview))\\b|(\\bresumen\\b|\\br(é|e)sumez\\b|zusammenfass|riassum|"
     "总结|摘要|概括|要約|요약|резюмир|кратко изложи)", 0},
};

static const pattern cat_extraction[] = {
    {"\\b(extract(ing|ion)?|pars(e|ing)|classify(ing)?|classification|categori[sz](e|ing|ation)|"
     "label(l)?ing|labels? (each|the|every|for each)|tag(ging)? (each|the|every)|named entit(y|"
     "ies)|ner|entity (extraction|recognition)|sentiment( analysis)?|intent (detection|"
     "classification)|structured (output|data|format|json)|json (schema|object|format|output)|"
     "schema|key[- ]value pairs?|fill in (the )?(fields|template|form)|slot filling|"
     "information extraction|topic (classification|modell?ing)|toxicity|pii|"
     "personally identifiable|redact\\w*|ocr|list (all|every) (the )?(names|dates|entities|people|"
     "companies|numbers|emails|addresses|urls|locations))\\b", 0},
    {"\\b(output|return|respond|answer|reply|format( it)?|give it)\\s(only\\s)?(in|as|with|"
     "using)\\s(a\\s)?(valid\\s)?(json|yaml|xml|csv|a table|markdown table)\\b", 0},
};

static const pattern cat_agentic[] = {
    {"\\b(tool[- ]?(calls?|calling|use|usage|results?|schemas?|definitions?|outputs?)|"
     "function[- ]call(s|ing)?|call (the|a|this|an) (tool|function|api)|use (the|a|your|"
     "available) (tools?|search|browser|calculator|terminal|shell|code interpreter)|"
     "available tools|tools available|you have access to (the following|these|a|an|tools)|"
     "web[- ]search|search the (web|internet)|brows(e|ing) (the web|the internet|websites?)|"
     "web ?browser|navigate to|click (on|the)|fill (out|in) the form|agentic|ai agents?|"
     "autonomous(ly)?|multi[- ]step (task|plan|workflow)|plan (and|then) execute|execute (the|this|"
     "a) (plan|command|code|script|query)|run (the|this|a) (command|script|tests?|code|query)|"
     "open the file|read the file|write to (the |a )?file|create (a|the) file|edit the file|(shell|"
     "bash|terminal) commands?|api calls?|http requests?|curl|web scraping|scrap(e|ing) (the|a|"
     "this|data|websites?)|crawl(er|ing)|automate|automation|workflows?|orchestrat\\w+|"
     "react (agent|framework|loop|pattern|prompting)|mcp|model context protocol|langchain|"
     "langgraph|llamaindex|autogen|crewai|computer use|code interpreter)\\b", 0},
    {"<tool_call>|<function_calls?>|<invoke |[\"'](tool_calls|function_call|tool_use|tool_result|"
     "tool_choice)[\"']|[\"'](tools|functions)[\"']\\s*:\\s*\\[|\\b(observation|action|"
     "action input)\\s*:", 0},
};

static const pattern cat_humanities[] = {
    {"\\b(history|historical(ly)?|historians?|centur(y|ies)|ancient|medieval|renaissance|"
     "enlightenment|industrial revolution|empires?|dynast(y|ies)|world war|civil war|cold war|"
     "revolution(ary)?|coloni(al|alism|zation|sation)|imperialism|philosoph(y|ies|er|ers|ical)|"
     "ethics|ethical|moral(ity|s)?|metaphysics|epistemology|ontology|existentialis(m|t)|"
     "utilitarian(ism)?|deontology|stoicism|stoic|nihilism|kant|plato|aristotle|socrates|nietzsche|"
     "descartes|hegel|marx|marxism|confucius|religion|religious|theology|theological|bible|"
     "biblical|quran|koran|torah|buddhis(m|t)|christianity|christian|islam|islamic|judaism|jewish|"
     "hinduism|hindu|spirituality|mytholog(y|ical)|myths?|literature|literary|shakespeare|homer|"
     "dante|tolstoy|dostoevsky|poets?|sociology|sociological|anthropology|cultur(e|al)|politics|"
     "political|democracy|authoritarian\\w*|totalitarian\\w*|government|geopolitic\\w*|societ(y|"
     "al)|feminism|art history|baroque|impressionism|music theory|linguistics|archaeolog(y|ical)|"
     "humanities)\\b", 0},
};

static const pattern cat_chat[] = {
    {"\\b(hi|hello|hey|hiya|good (morning|afternoon|evening)|how are you|how" AP "s it going|what"
     AP "s up|thanks|thank you|thx|lol|haha|i feel|i" AP "m feeling|feeling (sad|down|lonely|"
     "stressed|anxious|happy|bored)|i" AP "m bored|lonely|any (tips|advice|suggestions|"
     "recommendations|ideas)|advice (on|for|about)|what should i (do|get|buy|cook|eat|wear|watch|"
     "read)|recommend (me )?(a|some)|recommendations? for|gift (ideas?|for)|birthday|anniversary|"
     "christmas|recipes?|cooking|dinner|lunch|breakfast|trip to|vacation|itinerary|restaurants?|"
     "movies?|tv shows?|netflix|books? to read|workout|gym|diet|weight loss|lose weight|dating|"
     "girlfriend|boyfriend|my (wife|husband|partner|friends?|mom|dad|mother|father|son|daughter|"
     "sister|brother|kids?|family|dog|cat|puppy|kitten|boss|coworker)|parenting|pets?|weekend|"
     "hobb(y|ies)|tell me a joke|jokes?|fun facts?|what do you think|your (opinion|favou?rite))\\b",
     0},
};

static const pattern cat_data[] = {
    {"\\b(sql|mysql|postgres(ql)?|sqlite|mariadb|sql server|t-sql|pl/sql|nosql|mongodb|cassandra|"
     "dynamodb|redis|elasticsearch|databases?|database (schema|design|table)|queries|"
     "query (optimization|plan|performance)|(inner|left|right|outer) join|group by|order by|"
     "where clause|having clause|primary key|foreign key|normali[sz]ation|stored procedures?|"
     "spreadsheets?|excel|google sheets|vlookup|xlookup|pivot tables?|pandas|dataframes?|numpy|"
     "scipy|matplotlib|seaborn|jupyter|csv files?|data (analysis|analytics|science|scientist|"
     "cleaning|wrangling|visuali[sz]ation|pipeline|warehouse|lake|modell?ing)|datasets?|"
     "statistic(s|al|ally)|regression|correlation|hypothesis test(ing)?|null hypothesis|"
     "p[- ]values?|t[- ]tests?|chi[- ]squared?|anova|confidence intervals?|standard deviation|"
     "variance|median|histograms?|box ?plot|scatter ?plot|dashboards?|tableau|power bi|looker|etl|"
     "bigquery|snowflake|redshift|databricks|apache spark|pyspark|hadoop|kafka|airflow|"
     "machine learning|ml model|classifier|clustering|k-means|random forest|xgboost|neural network|"
     "a/b test(ing)?|cohort analysis|churn|kpis?|time series)\\b", 0},
    {"\\bSELECT\\b[^;]*\\bFROM\\b|\\b(INSERT INTO|UPDATE \\w+ SET|CREATE TABLE|ALTER TABLE|"
     "DELETE FROM)\\b", CS},
};

/* ======================================================================
 * Tables of tables, names
 * ====================================================================== */

typedef struct {
    const pattern *p;
    size_t n;
    const char *name;
} family;

#define FAMILY(t, nm) {t, sizeof t / sizeof t[0], nm}

static const family signals[SW_SIG_COUNT] = {
    [SW_SIG_COT] = FAMILY(sig_cot, "cot_elicitation"),
    [SW_SIG_TRACE_FORMAT] = FAMILY(sig_trace, "trace_format"),
    [SW_SIG_RUBRIC] = FAMILY(sig_rubric, "rubric"),
    [SW_SIG_SYNTH_DATA] = FAMILY(sig_synth, "synthetic_data"),
    [SW_SIG_MAX_DETAIL] = FAMILY(sig_detail, "max_detail"),
    [SW_SIG_PROMPT_EXTRACTION] = FAMILY(sig_extract, "prompt_extraction"),
    [SW_SIG_HOMEWORK] = FAMILY(sig_homework, "homework"),
    [SW_SIG_AGENT_CONTEXT] = FAMILY(sig_agent, "agent_context"),
};

static const family categories[SW_CAT_COUNT] = {
    [SW_CAT_MATH] = FAMILY(cat_math, "math"),
    [SW_CAT_CODE] = FAMILY(cat_code, "code"),
    [SW_CAT_ALGORITHMS] = FAMILY(cat_algo, "algorithms"),
    [SW_CAT_LOGIC] = FAMILY(cat_logic, "logic"),
    [SW_CAT_SCIENCE] = FAMILY(cat_science, "science"),
    [SW_CAT_MEDICINE] = FAMILY(cat_medicine, "medicine"),
    [SW_CAT_LAW] = FAMILY(cat_law, "law"),
    [SW_CAT_FINANCE] = FAMILY(cat_finance, "finance"),
    [SW_CAT_WRITING] = FAMILY(cat_writing, "writing"),
    [SW_CAT_TRANSLATION] = FAMILY(cat_translation, "translation"),
    [SW_CAT_SUMMARY] = FAMILY(cat_summary, "summary"),
    [SW_CAT_EXTRACTION] = FAMILY(cat_extraction, "extraction"),
    [SW_CAT_AGENTIC] = FAMILY(cat_agentic, "agentic"),
    [SW_CAT_HUMANITIES] = FAMILY(cat_humanities, "humanities"),
    [SW_CAT_CHAT] = FAMILY(cat_chat, "chat"),
    [SW_CAT_DATA] = FAMILY(cat_data, "data"),
};

const char *sw_content_signal_name(int bit)
{
    return bit >= 0 && bit < SW_SIG_COUNT ? signals[bit].name : NULL;
}

const char *sw_content_category_name(int bit)
{
    return bit >= 0 && bit < SW_CAT_COUNT ? categories[bit].name : NULL;
}

int sw_content_signal_patterns(int bit)
{
    return bit >= 0 && bit < SW_SIG_COUNT ? (int)signals[bit].n : 0;
}

int sw_content_category_patterns(int bit)
{
    return bit >= 0 && bit < SW_CAT_COUNT ? (int)categories[bit].n : 0;
}

/* ======================================================================
 * Database, scratch, scan
 * ====================================================================== */

struct sw_content {
    hs_database_t *db;
};

/* A remembered segment: the key is its hash (never 0; 0 marks a free slot). */
typedef struct {
    uint64_t key;
    sw_content_result classes;
} memo_slot;

struct sw_content_scratch {
    const sw_content *owner; /* the database this scratch was made for */
    hs_scratch_t *hs;
    memo_slot *memo; /* SW_CONTENT_MEMO_SLOTS, direct-mapped */
};

static void set_err(char *err, size_t errsz, const char *msg, long index, const char *re)
{
    if (!err || errsz == 0)
        return;
    if (re)
        snprintf(err, errsz, "pattern %ld /%s/: %s", index, re, msg);
    else
        snprintf(err, errsz, "hyperscan: %s", msg);
}

static size_t count_patterns(void)
{
    size_t n = 0;
    for (int b = 0; b < SW_SIG_COUNT; b++)
        n += signals[b].n;
    for (int b = 0; b < SW_CAT_COUNT; b++)
        n += categories[b].n;
    return n;
}

static void add_family(const family *f, unsigned id, const char **exprs, unsigned *flags,
                       unsigned *ids, size_t *k)
{
    for (size_t i = 0; i < f->n; i++, (*k)++) {
        exprs[*k] = f->p[i].re;
        flags[*k] = HS_FLAG_SINGLEMATCH | (f->p[i].flags & CS ? 0u : HS_FLAG_CASELESS) |
                    (f->p[i].flags & ML ? HS_FLAG_MULTILINE : 0u);
        ids[*k] = id;
    }
}

/* Compiles every table into one database; on failure fills err. */
static int compile_all(hs_database_t **db, char *err, size_t errsz)
{
    size_t n = count_patterns();
    const char **exprs = malloc(n * sizeof *exprs);
    unsigned *flags = malloc(n * sizeof *flags);
    unsigned *ids = malloc(n * sizeof *ids);
    int rc = SW_ENOMEM;
    if (!exprs || !flags || !ids)
        goto done;
    size_t k = 0;
    for (int b = 0; b < SW_SIG_COUNT; b++)
        add_family(&signals[b], (unsigned)b, exprs, flags, ids, &k);
    for (int b = 0; b < SW_CAT_COUNT; b++)
        add_family(&categories[b], CAT_ID_BASE + (unsigned)b, exprs, flags, ids, &k);
    hs_compile_error_t *cerr = NULL;
    if (hs_compile_multi(exprs, flags, ids, (unsigned)n, HS_MODE_BLOCK, NULL, db, &cerr) !=
        HS_SUCCESS) {
        long at = cerr ? cerr->expression : -1;
        set_err(err, errsz, cerr && cerr->message ? cerr->message : "compile failed", at,
                at >= 0 && (size_t)at < n ? exprs[at] : NULL);
        hs_free_compile_error(cerr);
        *db = NULL;
        rc = SW_EINVAL;
        goto done;
    }
    rc = SW_OK;
done:
    free(exprs);
    free(flags);
    free(ids);
    return rc;
}

/*
 * The database depends only on the constant tables, and compiling it takes
 * seconds (tens under sanitizers). So the build compiles it once
 * (src/detect/gen/content_dbgen.c) and embeds the serialised bytes in the
 * library; a process deserialises them at its first sw_content_new(), and
 * compiles from the tables only if the embedded copy cannot be used here
 * (built for another CPU, or absent in the generator itself). Every handle
 * shares the one database, which lives until the process ends (still
 * reachable, never leaked).
 */
static pthread_mutex_t shared_lock = PTHREAD_MUTEX_INITIALIZER;
static hs_database_t *shared_db;

#ifndef SW_CONTENT_NO_EMBEDDED
extern const unsigned char sw_content_db_blob[];
extern const size_t sw_content_db_blob_len;
#endif

/* Loads the embedded database if this machine can run it. */
static hs_database_t *load_embedded(void)
{
#ifdef SW_CONTENT_NO_EMBEDDED
    return NULL;
#else
    hs_database_t *db = NULL;
    if (sw_content_db_blob_len == 0 ||
        hs_deserialize_database((const char *)sw_content_db_blob, sw_content_db_blob_len, &db) != HS_SUCCESS)
        return NULL;
    hs_scratch_t *scratch = NULL;
    if (hs_alloc_scratch(db, &scratch) != HS_SUCCESS) { /* e.g. compiled for a CPU this one is not */
        hs_free_database(db);
        return NULL;
    }
    hs_free_scratch(scratch);
    return db;
#endif
}

int sw_content_serialize(char **bytes, size_t *len, char *err, size_t errsz)
{
    hs_database_t *db = NULL;
    int rc = compile_all(&db, err, errsz);
    if (rc != SW_OK)
        return rc;
    if (hs_serialize_database(db, bytes, len) != HS_SUCCESS) {
        set_err(err, errsz, "cannot serialise the database", -1, NULL);
        rc = SW_ENOMEM;
    }
    hs_free_database(db);
    return rc;
}

int sw_content_new(sw_content **out, char *err, size_t errsz)
{
    if (err && errsz)
        err[0] = '\0';
    if (!out)
        return SW_EINVAL;
    *out = NULL;
    if (hs_valid_platform() != HS_SUCCESS) {
        set_err(err, errsz, "this CPU lacks what Hyperscan needs (SSSE3)", -1, NULL);
        return SW_EINVAL;
    }
    sw_content *c = calloc(1, sizeof *c);
    if (!c)
        return SW_ENOMEM;
    pthread_mutex_lock(&shared_lock);
    int rc = SW_OK;
    if (!shared_db)
        shared_db = load_embedded();
    if (!shared_db)
        rc = compile_all(&shared_db, err, errsz);
    c->db = shared_db;
    pthread_mutex_unlock(&shared_lock);
    if (rc != SW_OK) {
        free(c);
        return rc;
    }
    *out = c;
    return SW_OK;
}

void sw_content_free(sw_content *c)
{
    free(c); /* the database is shared: see shared_db */
}

int sw_content_scratch_new(const sw_content *c, sw_content_scratch **out)
{
    if (!out)
        return SW_EINVAL;
    *out = NULL;
    if (!c || !c->db)
        return SW_EINVAL;
    sw_content_scratch *s = calloc(1, sizeof *s);
    if (!s)
        return SW_ENOMEM;
    s->memo = sw_bigtable_alloc(SW_CONTENT_MEMO_SLOTS, sizeof *s->memo);
    if (!s->memo) {
        free(s);
        return SW_ENOMEM;
    }
    hs_error_t e = hs_alloc_scratch(c->db, &s->hs);
    if (e != HS_SUCCESS) {
        sw_bigtable_free(s->memo, SW_CONTENT_MEMO_SLOTS, sizeof *s->memo);
        free(s);
        return e == HS_NOMEM ? SW_ENOMEM : SW_EINVAL;
    }
    s->owner = c;
    *out = s;
    return SW_OK;
}

void sw_content_scratch_free(sw_content_scratch *s)
{
    if (!s)
        return;
    hs_free_scratch(s->hs);
    sw_bigtable_free(s->memo, SW_CONTENT_MEMO_SLOTS, sizeof *s->memo);
    free(s);
}

size_t sw_content_scratch_bytes(const sw_content_scratch *s)
{
    return s ? SW_CONTENT_MEMO_SLOTS * sizeof *s->memo : 0;
}

static int on_match(unsigned int id, unsigned long long from, unsigned long long to,
                    unsigned int flags, void *ctx)
{
    (void)from;
    (void)to;
    (void)flags;
    sw_content_result *r = ctx;
    if (id < CAT_ID_BASE)
        r->signals |= 1u << id;
    else
        r->categories |= 1u << (id - CAT_ID_BASE);
    /* non-zero stops the scan: nothing is left to learn */
    return r->signals == SW_SIG_ALL && r->categories == SW_CAT_ALL;
}

static inline bool is_alnum_ascii(unsigned char ch)
{
    return (ch >= '0' && ch <= '9') || ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z');
}

/* The first newline, full stop or double quote at or after k, or n. Eight
 * bytes at a time: (v - 0x01..) & ~v & 0x80.. flags the zero bytes of v; a
 * borrow can flag a byte after a true zero byte, never one before, so the
 * lowest flag is exact. */
static size_t next_special(const unsigned char *s, size_t k, size_t n)
{
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    for (; k + 8 <= n; k += 8) {
        uint64_t w;
        memcpy(&w, s + k, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        w = __builtin_bswap64(w); /* first byte lowest, as below assumes */
#endif
        uint64_t nl = w ^ (ones * '\n'), dot = w ^ (ones * '.'), quote = w ^ (ones * '"');
        uint64_t hit = ((nl - ones) & ~nl) | ((dot - ones) & ~dot) | ((quote - ones) & ~quote);
        hit &= highs;
        if (hit) /* the lowest set bit is in the first such byte */
            return k + (size_t)(__builtin_ctzll(hit) >> 3);
    }
    while (k < n && s[k] != '\n' && s[k] != '.' && s[k] != '"')
        k++;
    return k;
}

/* Where the segment that starts at i ends (exclusive), and where the next one
 * starts (*next > i): at a newline (dropped), or after a full stop that
 * follows a word of at least 3 ASCII letters or digits, precedes a blank and
 * is not inside a double-quoted string (see content.h); the next segment then
 * starts at that full stop. *quotes carries the parity of the double quotes
 * seen on the current line from one segment to the next. The search jumps
 * from one of those three bytes to the next. */
static size_t segment_end(const unsigned char *s, size_t i, size_t n, size_t *next, unsigned *quotes)
{
    for (size_t k = next_special(s, i, n); k < n; k = next_special(s, k + 1, n)) {
        if (s[k] == '\n') {
            *quotes = 0;
            *next = k + 1;
            return k;
        }
        if (s[k] == '"') {
            *quotes ^= 1u;
            continue;
        }
        /* a full stop: the word before it, within this segment, has 3 bytes? */
        if (*quotes || k + 1 >= n || (s[k + 1] != ' ' && s[k + 1] != '\t') || k < i + 3 ||
            !is_alnum_ascii(s[k - 1]) || !is_alnum_ascii(s[k - 2]) || !is_alnum_ascii(s[k - 3]))
            continue;
        *next = k; /* > i: the word before it is in this segment */
        return k + 1;
    }
    *next = n;
    return n;
}

/* Walks a text's segments in order, over the prefix a scan reads. */
typedef struct {
    const unsigned char *s;
    size_t i, n;
    unsigned quotes; /* parity of the double quotes seen on the current line */
} cutter;

static cutter cutter_of(const char *text, size_t n)
{
    return (cutter){(const unsigned char *)text, 0, n < SW_CONTENT_MAX_SCAN ? n : SW_CONTENT_MAX_SCAN, 0};
}

/* The next non-empty segment's offset and length; false after the last. */
static bool next_segment(cutter *k, size_t *at, size_t *len)
{
    while (k->i < k->n) {
        size_t start = k->i, end = segment_end(k->s, start, k->n, &k->i, &k->quotes);
        if (end > start) {
            *at = start;
            *len = end - start;
            return true;
        }
    }
    return false;
}

size_t sw_content_segments(const char *text, size_t n, size_t *at, size_t *len, size_t max)
{
    cutter k = cutter_of(text, n);
    size_t count = 0, a, l;
    for (; next_segment(&k, &a, &l); count++) {
        if (count < max) {
            at[count] = a;
            len[count] = l;
        }
    }
    return count;
}

/* A segment found and not yet looked up. */
typedef struct {
    size_t at, len;
    uint64_t key; /* hash of its bytes and length, never 0 */
} segment;

#define SEGMENT_BATCH 32

/* ORs the classes of the segments into *out, each from the memo or scanned.
 * Their slots were asked for when they were found (see sw_content_scan). */
static int classify(const sw_content *c, sw_content_scratch *s, const char *text, const segment *seg,
                    int nseg, sw_content_result *out)
{
    for (int k = 0; k < nseg; k++) {
        memo_slot *slot = &s->memo[seg[k].key & (SW_CONTENT_MEMO_SLOTS - 1)];
        if (slot->key != seg[k].key) {
            sw_content_result r = {0, 0};
            hs_error_t e = hs_scan(c->db, text + seg[k].at, (unsigned int)seg[k].len, 0, s->hs, on_match, &r);
            if (e != HS_SUCCESS && e != HS_SCAN_TERMINATED)
                return SW_EINVAL; /* HS_SCRATCH_IN_USE: one scratch shared by two threads */
            slot->key = seg[k].key;
            slot->classes = r;
        }
        out->signals |= slot->classes.signals;
        out->categories |= slot->classes.categories;
    }
    return SW_OK;
}

int sw_content_scan(const sw_content *c, sw_content_scratch *s, const char *text, size_t n,
                    sw_content_result *out)
{
    if (out)
        out->signals = out->categories = 0;
    if (!c || !s || !out || s->owner != c || (!text && n))
        return SW_EINVAL;
    /* Segments are gathered a batch at a time and their memo slots fetched
     * as they are found: the memo is large, and its cache misses then
     * overlap instead of queueing. */
    cutter k = cutter_of(text, n);
    segment seg[SEGMENT_BATCH];
    int nseg = 0;
    size_t at, len;
    while (next_segment(&k, &at, &len)) {
        uint64_t key = sw_hash64(text + at, len, len) | 1u;
        __builtin_prefetch(&s->memo[key & (SW_CONTENT_MEMO_SLOTS - 1)], 1);
        seg[nseg++] = (segment){at, len, key};
        if (nseg == SEGMENT_BATCH) {
            if (classify(c, s, text, seg, nseg, out) != SW_OK)
                goto fail;
            nseg = 0;
        }
    }
    if (nseg && classify(c, s, text, seg, nseg, out) != SW_OK)
        goto fail;
    return SW_OK;
fail:
    out->signals = out->categories = 0;
    return SW_EINVAL;
}
