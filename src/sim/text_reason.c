/*
 * text_reason.c — phrase banks for hard, reasoning-heavy tasks and for the
 * text a reasoning model returns.
 *
 * Tasks cover the capability areas a distiller pays to harvest: competition
 * mathematics, competitive programming, software engineering, logic,
 * science, and agentic tool use; plus a taxonomy of ~64 skills that slow
 * sweeps walk through one after another (bank "sk_task", indexed by skill,
 * with "sk_name" in the same order). The requests that carry them ask for
 * the full reasoning in many different phrasings ("ex_elicit"); ordinary
 * users' "step by step" phrasings (text_general.c, text_academic.c) overlap
 * with some of them on purpose.
 *
 * The sweep paraphrase grammar ("sw_prompt") rebuilds the same request in
 * many surface forms: politeness, clause order, synonyms, framing.
 */
#include "sim/simint.h"

/* ------------------------------------------------------------------ tasks --- */

static const char *const b_ex_math[] = {
    "Find the number of ordered pairs (a, b) of positive integers with a^2 + b^2 = {n3}{n1}.",
    "Let f(x) = x^3 - {n1}x^2 + {n2}x - {n1}. Find the sum of the squares of the roots of f.",
    "How many positive integers less than {n4} are divisible by {n1} or {n2}, but not by both?",
    "Prove that for all positive reals a, b, c with a + b + c = {n1}, we have ab + bc + ca <= {n1}^2/3.",
    "In triangle ABC, AB = {n2}, BC = {n2} and CA = {n2}. Find the length of the altitude from A.",
    "Find the remainder when {n1}^{n4} is divided by {n2}.",
    "Compute the number of ways to tile a 2 x {n2} board with dominoes.",
    "Find all functions f: R -> R such that f(x + y) = f(x) + f(y) + {n1}xy for all real x, y.",
    "A sequence satisfies a_1 = {n1}, a_(n+1) = a_n^2 - {n1}a_n + {n1}. Find a_{n2} mod {n2}.",
    "Find the smallest positive integer n such that n! is divisible by {n1}^{n2}.",
    "Let S be the set of lattice points (x, y) with |x| + |y| <= {n2}. How many lines pass through at least two points of S and the origin?",
    "Evaluate the sum of 1/(k(k+{n1})) for k from 1 to infinity.",
    "Points A, B, C, D lie on a circle in that order with AB = {n1}, BC = {n1}, CD = {n1}, DA = {n1}. Find AC * BD.",
    "How many subsets of {1, 2, ..., {n2}} contain no two consecutive integers?",
    "Determine all primes p such that p^2 + {n1} is also prime.",
    "Find the maximum value of {n1}sin(x) + {n1}cos(x) + {n1}.",
    "The polynomial x^4 + ax^3 + bx^2 + ax + 1 has a real root. Find the minimum possible value of a^2 + b^2.",
    "A frog jumps on the integers starting at 0, each jump +1 or +2 with equal probability. What is the probability it ever lands on {n2}?",
};

static const char *const b_ex_cp[] = {
    "You are given an array of n integers (1 <= n <= 2*10^5, |a_i| <= 10^9). Find the maximum sum of a contiguous subarray whose length is divisible by {n1}. Input: n, then the array. Output: one integer.",
    "Given a tree with n vertices (n <= 10^5), count the unordered pairs of vertices at distance exactly {n1}.",
    "Given a string s (|s| <= 10^6), count its distinct palindromic substrings.",
    "There are n tasks with deadlines and profits. Each task takes one unit of time. Maximize total profit. n <= 2*10^5.",
    "Given a grid of size n x m (n, m <= 1000) with walls, find the shortest path from S to E if you may break at most {n1} walls.",
    "You are given q queries (q <= 2*10^5): add x to the multiset, remove x, or report the k-th smallest element. Process them online.",
    "Given n points on a plane (n <= 2000), count the triangles with positive area whose vertices are among the points.",
    "Find the number of integers in [1, 10^18] whose digit sum is divisible by {n1} and which contain no digit {n1}. Output modulo 10^9+7.",
    "Given a directed graph with n <= 10^5 vertices and m <= 2*10^5 edges, find the size of the largest strongly connected component reachable from vertex 1.",
    "An array is k-good if every window of length k has distinct elements. Find the minimum number of changes to make the array k-good, k = {n1}.",
    "Given n intervals, choose the maximum number of pairwise non-overlapping intervals such that the total length is at most L = {n4}.",
    "Count the number of binary strings of length n (n <= 10^5) with no {n1} consecutive ones, modulo 998244353.",
};

static const char *const b_ex_code[] = {
    "Implement an LRU cache in {pl} with O(1) get and put, including eviction and a capacity of {n3}.",
    "Write a thread-safe token-bucket rate limiter in {pl} and explain the concurrency guarantees.",
    "Implement a trie in {pl} that supports insert, delete, and counting words with a given prefix.",
    "Write a recursive-descent parser in {pl} for arithmetic expressions with +, -, *, /, parentheses and unary minus.",
    "Implement Dijkstra's algorithm in {pl} with a binary heap; handle disconnected graphs.",
    "Design and implement a consistent-hashing ring in {pl} with virtual nodes.",
    "Write a function in {pl} that merges k sorted linked lists in O(n log k).",
    "Implement a minimal Raft leader election in {pl} (no log replication).",
    "Write a SQL query that returns, for each customer, the longest streak of consecutive days with an order.",
    "Find and fix the bug in this code, then explain it:\n\n{snippet_bug}",
    "Refactor this function for readability and performance:\n\n{code_py}",
    "Write property-based tests in {pl} for a function that normalizes file paths.",
    "Implement an interval tree in {pl} supporting insertion and overlap queries.",
};

static const char *const b_pl[] = {"Python", "C++", "Rust", "Go", "Java", "TypeScript", "C"};

static const char *const b_ex_logic[] = {
    "{logic_item}",
    "Four suspects make statements; exactly one is lying. A: \"B did it.\" B: \"D did it.\" C: \"I didn't do it.\" D: \"B is lying.\" Who did it?",
    "A {n1}x{n1} grid must be filled with digits 1-{n1} so that each row and column has no repeats and the diagonal sums to {n2}. Is it possible?",
    "Every person in a village either always lies or always tells the truth. {n2} villagers stand in a circle and each says \"my left neighbour is a liar.\" How many liars are there?",
    "You have two ropes that each burn in 60 minutes, unevenly. How do you measure {n2} minutes?",
    "100 prisoners and a light bulb: design a protocol so that someone can eventually announce that all have visited the room.",
};

static const char *const b_ex_science[] = {
    "A {n1} kg block slides down a {n2}-degree incline with kinetic friction coefficient 0.{n1}, starting from rest. Find its speed after {n1} m and discuss energy conservation.",
    "Predict the major product of 2-methylpropene with HBr in the presence of peroxides and explain the mechanism.",
    "Estimate the number of piano tuners in a city of {n1} million people.",
    "Derive the escape velocity from a planet of mass M and radius R, and compute it for Mars.",
    "Why does ice float? Explain in terms of hydrogen bonding and density, then predict what would happen if it sank.",
    "A population of bacteria doubles every {n2} minutes. Model the growth with a carrying capacity of 10^{n1} and find when it reaches half capacity.",
    "Explain the mechanism of an SN2 reaction and predict the rate change if the nucleophile concentration is tripled.",
    "A patient has sodium 12{n1} mmol/L, glucose {n3} mg/dL. Compute the corrected sodium and discuss the differential diagnosis.",
    "Compute the de Broglie wavelength of an electron accelerated through {n3} V.",
    "Explain why the sky is red at sunset using Rayleigh scattering, with a quantitative estimate of the wavelength dependence.",
};

static const char *const b_ex_agent[] = {
    "Using the available tools, find all open invoices older than {n2} days in the billing database, compute the total owed per customer, and draft a reminder email to the top {n1} customers.",
    "Use the tools to investigate why the nightly job failed, identify the root cause in the logs, and propose a fix.",
    "Plan a {n1}-city trip for a team of {n1} using the flight and hotel search tools; minimize total cost while keeping travel time under {n2} hours.",
    "Using the search and calculator tools, determine which of the three suppliers offers the lowest total cost for {n4} units including shipping.",
    "Use the repository tools to locate the function that validates user input, add checks for empty strings, and run the tests.",
    "Query the sales database for the month of {month}, compute growth by region, and produce a short report with a chart description.",
    "Using the browser tool, collect the opening hours of {n1} museums in {city} and build an itinerary.",
    "Fix the failing CI pipeline using the shell and file tools; explain each command you run.",
};

static const char *const b_ex_task[] = {
    "{ex_math}", "{ex_math}", "{ex_math}", "{ex_cp}", "{ex_cp}", "{ex_code}", "{ex_code}",
    "{ex_logic}", "{ex_science}", "{ex_science}",
};

/* ------------------------------------------------------------- elicitation --- */

static const char *const b_ex_elicit[] = {
    "Think step by step and show all of your reasoning.",
    "Before answering, reason through the problem carefully and write out every intermediate step.",
    "Please provide your complete chain of thought, including any false starts, before the final answer.",
    "Explain your reasoning in full detail. Do not skip any steps.",
    "Walk through your entire thought process from first principles.",
    "Show the full derivation, not just the result.",
    "Write out your reasoning process explicitly, then give the final answer in a box.",
    "I want to see exactly how you think about this: every step and every check.",
    "Reason out loud, and include how you verify the answer.",
    "Lay out the complete solution path, including why the obvious alternative approaches fail.",
    "Give a rigorous step-by-step solution and justify each step.",
    "First think carefully inside <thinking> tags, then give the answer.",
    "Output your detailed reasoning trace followed by the final answer.",
    "Do not just give the answer; explain in detail how you arrived at it.",
    "Solve it, showing your full work and reasoning at each stage.",
    "Think this through thoroughly and narrate your reasoning as you go.",
    "Let's think step by step.",
    "Document each reasoning step, including the intermediate values you compute.",
    "Be exhaustive: enumerate the cases you consider and explain why each is accepted or rejected.",
    "Start with your analysis of the problem, then your plan, then the execution, then a final check.",
    "Provide the solution with a detailed explanation of the thought process behind it.",
    "Please make your reasoning fully explicit so that a student could follow every step.",
    "Explain the intuition first, then the formal argument, then the answer.",
    "Show me your scratch work.",
    "Include your complete internal reasoning in the response.",
    "Reason carefully. I need the whole reasoning, not a summary of it.",
    "Describe how you would approach this, then carry the approach out in full detail.",
    "Write the complete thought process an expert would go through.",
    "Break the problem down, solve each part with full explanations, and combine the results.",
    "Take your time and think deeply; write down every step.",
};

static const char *const b_ex_sys[] = {
    "You are an expert problem solver. You always reason step by step and explain your thinking in detail before giving a final answer.",
    "You are a world-class competitive programmer and mathematician. Provide complete, rigorous reasoning.",
    "You are a helpful assistant.",
    "You are a meticulous tutor who never skips a step.",
    "You are a senior software engineer. Think through problems carefully and explain your reasoning fully.",
    "Always show your complete reasoning process. Never give only the final answer.",
};

/* A few dozen request shapes; {$task} and {$el} are set by the renderer so a
 * template can place them anywhere. */
static const char *const b_ex_frame[] = {
    "{$task}\n\n{$el}",
    "{$el}\n\n{$task}",
    "Problem:\n{$task}\n\nInstructions: {$el}",
    "### Task\n{$task}\n\n### Requirements\n- {$el}\n- End with the final answer on its own line.",
    "{$task} {$el}",
    "Solve the following {$area} problem. {$el}\n\n{$task}",
    "Here is a {$area} question.\n\n{$task}\n\n{$el} Then state the final answer clearly.",
    "Question: {$task}\n\n{$el}\n\nAnswer:",
    "{$task}\n\nPlease respond in this format:\n1. Understanding of the problem\n2. Detailed reasoning\n3. Verification\n4. Final answer",
    "I'm preparing training material on {$area}. {$task}\n{$el}",
    "<problem>\n{$task}\n</problem>\n\n{$el}",
    "Consider the following.\n{$task}\nWhat is the answer? {$el}",
    "{$task}\n\n{$el} Also mention common mistakes people make on this type of problem.",
    "[Context: advanced {$area}]\n{$task}\n\n{$el}",
    "Task ID {n5}\n{$task}\n{$el}",
    "Can you solve this? {$task}\n\n{$el}",
    "{$el} The problem: {$task}",
    "Give a full worked solution.\n\n{$task}\n\n{$el}",
    "{$task}\n---\n{$el}\nFormat the final answer as: ANSWER: <answer>",
    "Explain and solve: {$task}\n\n{$el}",
    "{$task}\n\nFirst restate the problem in your own words. {$el}",
    "Solve step by step with full reasoning.\n{$task}",
    "{$task}\n\nThink about edge cases as well. {$el}",
    "We are building a dataset of worked {$area} solutions. Solve: {$task}\n{$el}",
    "{$task}\n\n{$el} Use clear headings for each stage of your reasoning.",
    "Please help with the following {$area} problem.\n\n{$task}\n\nRequirements: {$el}",
    "{$task}\n\nShow the reasoning that leads to the answer, then the answer.",
    "Respond with your complete reasoning and the final result.\n\n{$task}",
    "{$task}\n\n{$el} Afterwards, rate your confidence from 1 to 10.",
    "Hi! {$task} {$el} Thanks!",
    "{$el}\n\nProblem statement:\n{$task}\n\nConstraints: be precise.",
    "Read carefully: {$task}\n{$el}",
};

/* --------------------------------------------------------- skill taxonomy --- */

static const char *const b_sk_name[] = {
    "algebra", "geometry", "probability", "combinatorics", "number theory", "calculus",
    "linear algebra", "statistics", "dynamic programming", "graph algorithms", "greedy algorithms",
    "string algorithms", "data structures", "SQL", "regular expressions", "concurrency",
    "system design", "debugging", "unit testing", "API design", "organic chemistry",
    "physical chemistry", "classical mechanics", "electromagnetism", "thermodynamics",
    "molecular biology", "genetics", "pharmacology", "differential diagnosis", "epidemiology",
    "contract law", "tort law", "constitutional law", "tax", "accounting", "corporate finance",
    "microeconomics", "macroeconomics", "game theory", "formal logic", "set theory",
    "poetry meter", "creative writing", "rhetoric", "translation into French",
    "translation into German", "translation into Japanese", "translation into Spanish",
    "translation into Korean", "tool-use planning", "web research", "spreadsheet formulas",
    "data cleaning", "causal inference", "cryptography", "compilers", "operating systems",
    "computer networks", "machine learning theory", "optimization", "control theory",
    "signal processing", "astronomy", "geology",
};

static const char *const b_sk_task[] = {
    "[Solve {n1}x^2 - {n2}x + {n1} = 0 and discuss the discriminant|Factor x^4 - {n2}x^2 + {n2}|Solve the system x + y + z = {n1}, x - y = {n1}, 2y + z = {n2}]",
    "[Find the area of a triangle with sides {n1}, {n1}+1 and {n1}+2|Prove that the angle bisectors of a triangle meet at one point|Find the radius of the circle inscribed in a {n1}-{n1}-{n1} triangle]",
    "[Find the probability that three random points on a circle form an acute triangle|Two dice are rolled until the sum is {small}; find the expected number of rolls|Compute P(at least one six in {n1} rolls)]",
    "[Count the lattice paths from (0,0) to ({n1},{n1}) that never cross the diagonal|How many ways can {n1} people be seated around a round table if two refuse to sit together|Count the surjections from a {n1}-set onto a 3-set]",
    "[Find all integer solutions of x^2 - {n1}y^2 = 1 with y < 100|Show that n^5 - n is divisible by 30|Find the last two digits of {n1}^{n3}]",
    "[Compute the integral of x^2 ln(x) dx|Find the Taylor series of e^(-x^2) up to x^6|Find the extrema of f(x, y) = x^2 + xy + y^2 - {n1}x]",
    "[Diagonalize the matrix [[{n1}, 1], [1, {n1}]]|Find a basis for the null space of a given 3x4 matrix of rank 2|Prove that similar matrices have the same eigenvalues]",
    "[Perform a chi-square test on the table (20, 30 / 25, 25)|Explain when to use a paired t-test and compute one for 5 before/after pairs|Derive the MLE of the exponential rate]",
    "[Find the longest common subsequence of two strings with an O(nm) DP and reconstruct it|Solve the 0/1 knapsack with capacity {n2}|Count ways to climb {n2} stairs taking 1, 2 or 3 steps]",
    "[Detect a cycle in a directed graph and return it|Find the minimum spanning tree of a weighted graph with Kruskal|Compute all bridges of an undirected graph]",
    "[Prove that the activity-selection greedy is optimal|Find the minimum number of coins for {n3} with denominations 1, 7, 10|Schedule jobs to minimize maximum lateness]",
    "[Implement KMP and explain the failure function|Find the longest palindromic substring in O(n)|Build a suffix array for \"banana\"]",
    "[Design a stack with O(1) min|Implement a min-heap with decrease-key|Explain when a skip list beats a balanced tree]",
    "[Write a query for the second highest salary per department|Find customers who ordered every product|Compute a 7-day rolling average of revenue]",
    "[Write a regex for valid IPv4 addresses|Write a regex that matches balanced quotes in a CSV line|Explain catastrophic backtracking with an example]",
    "[Explain a deadlock between two threads and how to avoid it|Implement a bounded blocking queue|Explain the ABA problem]",
    "[Design a URL shortener for {n2} million links per day|Design a rate limiter for a public API|Design a chat system with read receipts]",
    "[Find why this function returns None sometimes: {snippet_bug}|Debug an intermittent test failure caused by time zones|Explain how to bisect a regression]",
    "[Write unit tests for a date parser|Explain mocks vs fakes with examples|Write table-driven tests for a tax calculator]",
    "[Design REST endpoints for a library system|Version an API without breaking clients|Design idempotent payment endpoints]",
    "[Propose a synthesis of aspirin from salicylic acid|Predict the product of an aldol condensation of acetone|Rank these carbocations by stability]",
    "[Compute the Gibbs free energy change at {n3} K|Explain the Arrhenius equation and compute a rate ratio|Derive the integrated rate law for second order]",
    "[A pendulum of length {n1} m swings with small amplitude; find the period|Find the moment of inertia of a rod about one end|Solve a block-and-pulley system]",
    "[Find the magnetic field inside a solenoid|Compute the capacitance of a parallel plate capacitor|Explain Faraday's law with a numeric example]",
    "[Compute the efficiency of a Carnot engine between {n3} K and {n3} K|Explain entropy change in free expansion|Find work done in an isothermal process]",
    "[Explain how PCR works and why the annealing temperature matters|Describe the lac operon regulation|Explain CRISPR-Cas9 targeting]",
    "[Compute offspring ratios for a dihybrid cross|Explain linkage and recombination frequency|Solve a pedigree problem for an X-linked trait]",
    "[Explain the mechanism of ACE inhibitors|Compute a loading dose given volume of distribution {n2} L|Explain drug half-life with an example]",
    "[A {n2}-year-old presents with chest pain radiating to the jaw; give a differential diagnosis|Work up a patient with fatigue and low hemoglobin|Approach to acute abdominal pain]",
    "[Compute the relative risk from a 2x2 table|Explain confounding with an example|Compute R0 from a simple SIR model]",
    "[Is a contract formed when an offer is accepted by email after revocation was posted|Analyze consideration in a promise to pay for past services|Explain the mailbox rule]",
    "[Analyze negligence when a store fails to clean a spill|Explain strict liability for abnormally dangerous activities|Apply the eggshell skull rule]",
    "[Analyze a free-speech challenge to a school dress code|Explain the commerce clause limits|Explain due process in administrative hearings]",
    "[Compute income tax for {n5} with given brackets|Explain depreciation methods|Explain capital gains treatment of a stock sale]",
    "[Prepare journal entries for a prepaid expense|Explain accrual vs cash accounting|Reconcile a bank statement]",
    "[Compute the NPV of a project with a {n1}% discount rate|Explain WACC and compute it|Value a company with a two-stage DCF]",
    "[Find the profit-maximizing output for a monopolist with given demand|Explain deadweight loss from a tax|Derive a demand curve from utility]",
    "[Explain the Phillips curve|Analyze the effect of a rate hike on exchange rates|Compute the money multiplier]",
    "[Find all Nash equilibria of a 3x3 game|Solve a sequential game by backward induction|Explain the prisoner's dilemma with repeated play]",
    "[Prove the validity of an argument with natural deduction|Convert a formula to CNF|Determine whether a set of formulas is satisfiable]",
    "[Prove that the power set of N is uncountable|Show that the union of countable sets is countable|Explain Russell's paradox]",
    "[Scan this line and identify its meter: \"Shall I compare thee to a summer's day\"|Write a sonnet in iambic pentameter about {season}|Explain dactylic hexameter]",
    "[Write a short story opening with an unreliable narrator|Rewrite a scene from a different point of view|Outline a three-act structure for a heist story]",
    "[Analyze the rhetorical strategies in a famous speech|Write a persuasive paragraph using ethos, pathos and logos|Identify the fallacies in an argument]",
    "[Translate into French and explain each grammatical choice: \"{tr_src}\"|Translate this paragraph into French preserving tone|Explain the subjunctive in a French translation]",
    "[Translate into German and explain word order: \"{tr_src}\"|Translate a formal letter into German|Explain German case choices in a translation]",
    "[Translate into Japanese and explain particle choices: \"{tr_src}\"|Translate with keigo for a business email|Explain the choice between wa and ga]",
    "[Translate into Spanish and explain verb tenses: \"{tr_src}\"|Translate with regional variants for Mexico and Spain|Explain ser vs estar choices]",
    "[Translate into Korean and explain honorific levels: \"{tr_src}\"|Translate a casual chat into Korean|Explain sentence endings]",
    "[Plan the tool calls needed to book a meeting across three calendars|Given search, calculator and email tools, plan how to answer a budget question|Decompose a data-migration task into tool calls]",
    "[Plan how to verify a claim using web search, with sources|Compare three products using search results|Research the history of a company]",
    "[Write a spreadsheet formula for a running total by category|Use XLOOKUP with two criteria|Build a pivot-style summary with formulas]",
    "[Clean a dataset with inconsistent date formats and duplicates|Handle missing values in survey data|Normalize messy address strings]",
    "[Explain difference-in-differences with an example|Identify the confounders in an observational study|Explain instrumental variables]",
    "[Explain how Diffie-Hellman works with small numbers|Break a Caesar cipher by frequency analysis|Explain why ECB mode leaks patterns]",
    "[Explain how a register allocator uses graph coloring|Write a grammar for arithmetic and remove left recursion|Explain SSA form]",
    "[Explain how virtual memory translation works|Compare scheduling policies on a workload|Explain how a mutex is implemented with atomics]",
    "[Explain TCP congestion control|Trace a DNS lookup end to end|Explain how TLS 1.3 handshakes]",
    "[Derive the VC dimension of linear classifiers in 2D|Explain the bias-variance tradeoff mathematically|Prove that logistic loss is convex]",
    "[Solve a linear program by the simplex method|Explain KKT conditions with an example|Minimize a convex function with gradient descent and analyze convergence]",
    "[Design a PID controller for a first-order plant|Analyze stability with the Routh criterion|Explain state feedback]",
    "[Compute the DFT of a short sequence|Explain aliasing and the Nyquist rate|Design a simple low-pass filter]",
    "[Estimate the distance to a star from its parallax|Explain why planets have elliptical orbits|Compute the orbital period of a satellite at {n3} km]",
    "[Explain how sedimentary rock layers are dated|Describe plate boundary types|Explain the rock cycle]",
};

/* ----------------------------------------------------------- paraphrasing --- */

static const char *const b_sw_open[] = {
    "", "", "Hi! ", "Hello, ", "Hey there. ", "Good morning! ", "Quick question: ",
    "I'd appreciate some help. ", "I'm studying {$skill}. ", "For my notes on {$skill}: ",
    "Hope you're well. ", "Working on {$skill} today. ",
};

static const char *const b_sw_ask[] = {
    "Could you", "Can you", "Please", "I need you to", "Would you mind helping me", "Kindly",
    "I'd like you to", "Help me", "Would you", "Could you please",
};

/* Only the question forms, for templates that end in "?". */
static const char *const b_sw_askq[] = {
    "Could you", "Can you", "Would you mind helping me", "Would you", "Could you please", "Can you please",
};

static const char *const b_sw_verb[] = {
    "work through", "solve", "tackle", "go through", "answer", "handle", "take on", "address",
    "figure out", "break down",
};

static const char *const b_sw_demand[] = {
    "showing every step of your reasoning", "laying out your complete thought process",
    "with the full reasoning written out", "explaining each step in detail",
    "including all intermediate reasoning", "narrating how you think about it",
    "making your reasoning explicit from start to finish", "with a thorough step-by-step explanation",
    "and don't skip any of the reasoning", "with your whole line of thinking included",
    "explaining your reasoning fully", "walking through it in detail",
};

static const char *const b_sw_close[] = {
    "", "", "", " Thanks!", " Thank you.", " Much appreciated.", " Thanks a lot.", " Cheers.",
    " Please be thorough.", " Take your time.",
};

static const char *const b_sw_prompt[] = {
    "{sw_open}{sw_askq} {sw_verb} this, {sw_demand}?\n\n{$task}{sw_close}",
    "{sw_open}{$task}\n\n{sw_ask} {sw_verb} it {sw_demand}.{sw_close}",
    "{$task}. {sw_ask} answer {sw_demand}.{sw_close}",
    "{sw_open}Topic: {$skill}.\n{$task}\n{^sw_demand}, please.{sw_close}",
    "{sw_open}Here's one on {$skill}: {$task}. {sw_askq} {sw_verb} it {sw_demand}?{sw_close}",
    "{sw_ask} {sw_verb} the following {sw_noun}, {sw_demand}: {$task}{sw_close}",
    "{sw_open}{^sw_noun}: {$task}\n\nWhat I need: the answer, {sw_demand}.{sw_close}",
    "{$task}\n({sw_demand}){sw_close}",
    "{sw_open}In {$skill}, how would you approach this? {$task} I'd like the answer {sw_demand}.{sw_close}",
    "{sw_open}{sw_ask} {sw_verb} this {$skill} {sw_noun} {sw_demand}. {$task}{sw_close}",
};

static const char *const b_sw_noun[] = {"problem", "question", "exercise", "task", "item", "challenge"};

/* ------------------------------------------------------- returned reasoning --- */

static const char *const b_rs_open[] = {
    "Okay, let me think about this carefully.", "Let me start by restating the problem.",
    "The user wants a detailed solution.", "First, I need to understand what is being asked.",
    "Let me parse the problem.", "Alright, let me work out what kind of problem this is.",
    "Let me break this down.", "I'll consider the constraints first.",
};

static const char *const b_rs_step[] = {
    "If I substitute n = {n1}, the expression becomes {n2}, which suggests a pattern.",
    "The constraint means we can't use a naive O(n^2) approach; something like a prefix sum or a segment tree is needed.",
    "Let me check small cases: for {n1} it works, for {n1} it also works.",
    "Hmm, that can't be right, the sign is off. Let me redo the computation.",
    "So the key observation is that the quantity is invariant under the operation.",
    "We can set up the equation and solve for the unknown.",
    "Wait, I should double-check the boundary case where the input is empty.",
    "Using the identity, the sum telescopes to the first and last terms.",
    "That gives {n2}, but I need to account for the overcounting, dividing by {n1}.",
    "Another approach would be dynamic programming over the prefix length.",
    "Let me verify with a concrete example before generalizing.",
    "The tool output shows the failure happens only when the cache is cold.",
    "So the dominant cost is the sort, which is O(n log n).",
    "Applying conservation of energy, the kinetic energy at the bottom equals the potential energy lost minus friction work.",
    "Actually, let me reconsider: the problem says strictly greater, not greater or equal.",
};

/* Area-specific steps; content.c points variable rs_step at one of them. */
static const char *const b_rs_step_math[] = {
    "Let n = {n1}; then the expression simplifies to {n2}.", "Squaring both sides gives a quadratic in x.",
    "By AM-GM, the minimum occurs when all the terms are equal.",
    "Reducing modulo {n1}, the powers cycle with period {n1}.",
    "So the count is C({n2}, {n1}) minus the cases with adjacent elements.",
    "Checking x = {n1}: the left side is {n2} and the right side is {n2}, consistent.",
    "By Vieta's formulas, the sum of the roots is {n1} and the sum of pairwise products is {n2}.",
    "Induction on n: the base case n = 1 holds trivially.",
    "By the law of cosines, cos A = (b^2 + c^2 - a^2) / (2bc).",
    "The generating function is 1/(1 - x - x^2), so the count follows the Fibonacci recurrence.",
    "Hmm, I dropped a factor of 2 in the last line; redoing it gives {n2}.",
};

static const char *const b_rs_step_code[] = {
    "A brute force over all pairs is O(n^2), too slow for n = 2*10^5.",
    "Sort the intervals by end point, then sweep greedily.",
    "Keep prefix sums modulo k in a hash map of first occurrences.",
    "A segment tree with lazy propagation handles the range updates.",
    "Edge case: an empty array should return 0, not raise.",
    "The recursion depth could reach 10^5, so I'll use an explicit stack.",
    "dp[i][j] = max(dp[i-1][j], dp[i-1][j - w_i] + v_i).",
    "A monotonic deque keeps the window minimum in amortized O(1).",
    "Tarjan's algorithm finds the strongly connected components in O(n + m).",
    "The shared map needs a mutex, or each worker keeps its own and we merge at the end.",
    "Wait, that overflows 32-bit integers; use 64-bit accumulators.",
};

static const char *const b_rs_step_sci[] = {
    "Free-body diagram: gravity, the normal force, and kinetic friction up the slope.",
    "Energy conservation: mgh = (1/2)mv^2 + the work done by friction.",
    "The rate-determining step is the backside attack of the nucleophile.",
    "Converting units first: {n3} mL is 0.{n3} L.",
    "The peroxide makes this a radical mechanism, so the anti-Markovnikov product forms.",
    "Scattering scales as lambda^-4, so blue light scatters about 5.5 times more than red.",
    "Order of magnitude: {n1} million people, about one piano per {n2} households.",
    "Sodium rises by about 1.6 mmol/L for every 100 mg/dL of glucose above 100.",
    "Let me check the units: kg m^2 s^-2 is a joule, good.",
};

static const char *const b_rs_step_logic[] = {
    "Suppose A is a knight; then B is a knave and B's claim is false, which is consistent.",
    "Case 2: A is a knave. Then B is a knight, but B says A is a knight; contradiction.",
    "Each weighing has three outcomes, so k weighings distinguish at most 3^k cases.",
    "Exactly one statement is false, so I'll test each suspect as the liar in turn.",
    "If the first person sits in seat 3, the constraints push the second to an end seat.",
    "Liars and truth-tellers must alternate around the circle, so the count must be even.",
    "The syllogism is invalid: the razzies that are lazzies need not include any bloops.",
};

static const char *const b_rs_step_chat[] = {
    "The user wants practical recommendations, not a lecture.",
    "They mentioned a budget, so the options should stay affordable.",
    "Keep the tone friendly and the answer short.",
    "A few concrete options and one caveat should cover it.",
    "They asked for steps, so a numbered list fits best.",
    "Is there a safety caveat worth mentioning here? Probably a short one.",
    "I shouldn't assume details they didn't give; I can offer to tailor it.",
    "The earlier answer was too long for them; tighten this one.",
    "This is a follow-up, so I can build on the previous answer.",
};

static const char *const b_rs_end[] = {
    "So the final answer should be {n2}.", "This confirms the result.", "I'm fairly confident now.",
    "Let me write up the solution clearly.", "Now I can present the answer with the reasoning.",
    "That resolves all the cases.",
};

static const char *const b_rs_text[] = {
    "{rs_open} {@rs_step} {@rs_step} {rs_step} {@rs_step} {rs_end}",
    "{rs_open} {@rs_step} {rs_step} {@rs_step} {@rs_step} {@rs_step} {rs_end}",
    "{rs_open} {@rs_step} {@rs_step} {rs_end}",
};

static const char *const b_resp_reasoned[] = {
    "## Understanding the problem\n{^@rs_step}\n\n## Reasoning\n1. {^math_step}.\n2. {@rs_step}\n3. {@rs_step}\n\n## Verification\n{@rs_step}\n\n## Final answer\n{math_ans}",
    "Let's work through this carefully.\n\n**Step 1.** {@rs_step}\n\n**Step 2.** {@rs_step}\n\n**Step 3.** {@rs_step}\n\n**Check.** {rs_step}\n\n**Answer:** {math_ans}",
    "Approach: {@rs_step}\n\nDetailed solution:\n- {@rs_step}\n- {@rs_step}\n- {rs_step}\n\nANSWER: {math_ans}",
    "<thinking>\n{@rs_step} {@rs_step}\n</thinking>\n\nThe answer is {math_ans}. {@rs_step}",
    "First, the intuition: {@rs_step}\n\nFormal argument: {@rs_step} {@rs_step} {rs_step}\n\nTherefore the answer is {math_ans}.",
};

static const char *const b_resp_mcq[] = {
    "{^math_step}. {rs_step} Comparing the options, {letter} fits best.\n\nAnswer: {letter}",
    "Let's think step by step. {rs_step} {rs_step} So the correct choice is {letter}.\n\nAnswer: {letter}",
    "{letter}",
    "The answer is ({letter}).",
    "{rs_step} {rs_step} The answer is ({letter}).",
};

static const char *const b_resp_free_num[] = {
    "{^math_step}. {rs_step} #### {n3}",
    "{rs_step} {rs_step} Final answer: {n2}",
    "Let's think step by step. {^math_step}. {^math_step}. The answer is {n3}.",
};

static const char *const b_ex_agent_q[] = {
    "cheapest flights {city} to {city} {month}", "{company_x} annual revenue {year}",
    "opening hours museums {city}", "bulk price {prod_noun} supplier shipping", "{concept} formula",
    "nightly job failed exit code 137 OOM", "population of {city} {year}", "{lib} latest release notes",
    "exchange rate EUR USD {date}", "hotel {city} under 150 per night",
};

static const char *const b_ex_py[] = {
    "import math\nprint(math.comb({n2}, {n1}))",
    "xs = [{n2}, {n2}, {n2}, {n2}]\nprint(sum(xs) / len(xs))",
    "from itertools import permutations\nprint(sum(1 for p in permutations(range({n1})) if p[0] < p[-1]))",
    "import pandas as pd\ndf = pd.read_csv('data.csv')\nprint(df.groupby('region')['sales'].sum())",
    "def f(n):\n    return n if n < 2 else f(n - 1) + f(n - 2)\nprint(f({n2}))",
    "print(pow({n1}, {n3}, {n2}))",
    "import numpy as np\nprint(np.linalg.eigvals(np.array([[{n1}, 1], [1, {n1}]])))",
};

static const char *const b_web_out[] = {
    "1. {company_x} - official site\n   {r_sent}\n2. {city} guide ({year})\n   {r_sent}\n3. Forum thread: {email_subj}\n   {r_sent}",
    "Top results:\n- \"{concept} explained\" (encyclopedia)\n- \"{lib} documentation\"\n- \"{hist}: a summary\"",
    "No results for the exact query. Related: {concept}, {lib}, {city}.",
};

static const char *const b_py_out[] = {
    "{n4}", "{n2}.{n3}", "[{n2}, {n2}, {n2}]", "region\nnorth    {n5}\nsouth    {n5}\nwest     {n4}",
    "Traceback (most recent call last):\n  File \"<stdin>\", line 2, in <module>\nZeroDivisionError: division by zero",
    "[{n1}.{n3} {n1}.{n3}]",
};

static const char *const b_sql_out[] = {
    "customer_id | sum\n{n4} | {money}\n{n4} | {money}\n{n4} | {money}\n({n1} rows)",
    "region | growth\nEMEA | {n1}.{n1}%\nAPAC | {n1}.{n1}%\nAMER | -{n1}.{n1}%",
    "(0 rows)",
};

static const char *const b_area[] = {
    "mathematics", "competitive programming", "software engineering", "logic", "science", "reasoning",
};

const sim_bank sim_banks_reason[] = {
    SIM_BANK("ex_math", b_ex_math),
    SIM_BANK("ex_cp", b_ex_cp),
    SIM_BANK("ex_code", b_ex_code),
    SIM_BANK("pl", b_pl),
    SIM_BANK("ex_logic", b_ex_logic),
    SIM_BANK("ex_science", b_ex_science),
    SIM_BANK("ex_agent", b_ex_agent),
    SIM_BANK("ex_task", b_ex_task),
    SIM_BANK("ex_elicit", b_ex_elicit),
    SIM_BANK("ex_sys", b_ex_sys),
    SIM_BANK("ex_frame", b_ex_frame),
    SIM_BANK("sk_name", b_sk_name),
    SIM_BANK("sk_task", b_sk_task),
    SIM_BANK("sw_open", b_sw_open),
    SIM_BANK("sw_ask", b_sw_ask),
    SIM_BANK("sw_askq", b_sw_askq),
    SIM_BANK("sw_verb", b_sw_verb),
    SIM_BANK("sw_demand", b_sw_demand),
    SIM_BANK("sw_close", b_sw_close),
    SIM_BANK("sw_prompt", b_sw_prompt),
    SIM_BANK("sw_noun", b_sw_noun),
    SIM_BANK("rs_open", b_rs_open),
    SIM_BANK("rs_step", b_rs_step),
    SIM_BANK("rs_end", b_rs_end),
    SIM_BANK("rs_step_math", b_rs_step_math),
    SIM_BANK("rs_step_chat", b_rs_step_chat),
    SIM_BANK("rs_step_code", b_rs_step_code),
    SIM_BANK("rs_step_sci", b_rs_step_sci),
    SIM_BANK("rs_step_logic", b_rs_step_logic),
    SIM_BANK("rs_text", b_rs_text),
    SIM_BANK("resp_reasoned", b_resp_reasoned),
    SIM_BANK("resp_mcq", b_resp_mcq),
    SIM_BANK("resp_free_num", b_resp_free_num),
    SIM_BANK("area", b_area),
    SIM_BANK("ex_agent_q", b_ex_agent_q),
    SIM_BANK("ex_py", b_ex_py),
    SIM_BANK("web_out", b_web_out),
    SIM_BANK("py_out", b_py_out),
    SIM_BANK("sql_out", b_sql_out),
    SIM_BANK_END,
};

/* The skill taxonomy must stay aligned: one name per task entry. */
_Static_assert(sizeof b_sk_name / sizeof b_sk_name[0] == sizeof b_sk_task / sizeof b_sk_task[0],
               "sk_name and sk_task must have the same length");
