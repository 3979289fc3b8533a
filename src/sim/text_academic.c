/*
 * text_academic.c — phrase banks for school and science: homework problems
 * in five subjects, the wrappers in which students paste them (one per
 * course, so classmates share a template), benchmark questions for
 * evaluation harnesses, the items of the small datasets researchers probe,
 * and the mixed academic requests of institution-wide campus accounts.
 *
 * Asking for steps is normal here: students are told to "show your work",
 * benchmark harnesses say "think step by step", and reasoning researchers
 * ask for the chain of thought explicitly. These banks deliberately share
 * vocabulary with the extraction templates of text_reason.c.
 */
#include "sim/simint.h"

/* ------------------------------------------------------------- homework --- */

static const char *const b_hw_math[] = {
    "Solve for x: {n1}x + {n2} = {n2}x - {n1}",
    "Find the derivative of f(x) = {n1}x^3 - {n1}x^2 + {n2}x - {n1}.",
    "Evaluate the integral of {n1}x * e^({n1}x) dx.",
    "Find the limit as x approaches 0 of sin({n1}x)/x.",
    "A rectangle has a perimeter of {n2} cm and an area of {n2} cm^2. Find its dimensions.",
    "Solve the system: {n1}x + {n1}y = {n2}, {n1}x - y = {n1}.",
    "Find the eigenvalues of the matrix [[{n1}, {n1}], [{n1}, {n1}]].",
    "A bag has {n1} red and {n1} blue marbles. Two are drawn without replacement. What is the probability both are red?",
    "Find the equation of the tangent line to y = x^2 + {n1}x at x = {n1}.",
    "Use the quadratic formula to solve {n1}x^2 - {n1}x - {n2} = 0.",
    "Find the volume of the solid obtained by rotating y = sqrt(x), 0 <= x <= {n1}, about the x-axis.",
    "The mean of {n1} numbers is {n2}. If one number is removed the mean becomes {n2}. What number was removed?",
    "Find the sum of the geometric series {n1} + {n1}/2 + {n1}/4 + ...",
    "Compute the determinant of [[{n1}, 0, {n1}], [{n1}, {n1}, 0], [0, {n1}, {n1}]].",
    "Prove by induction that 1 + 2 + ... + n = n(n+1)/2.",
    "A sample of {n2} students has mean {n2} and standard deviation {n1}. Construct a 95% confidence interval.",
    "Differentiate y = ln(x^2 + {n1}) using the chain rule.",
    "Find the critical points of f(x) = x^3 - {n2}x and classify them.",
};

static const char *const b_hw_physics[] = {
    "A ball is thrown upward at {n2} m/s. How long until it reaches its maximum height, and how high does it go?",
    "A {n1} kg block is pushed with {n2} N across a floor with coefficient of friction 0.{n1}. Find its acceleration.",
    "A car accelerates from rest to {n2} m/s in {n1} s. What distance does it cover?",
    "Two resistors of {n2} ohms and {n2} ohms are connected in parallel to a {n1} V battery. Find the total current.",
    "A projectile is launched at {n2} degrees with speed {n2} m/s. Find its range.",
    "A spring with k = {n3} N/m is compressed {n1} cm. How much energy is stored?",
    "A {n1} kg object moves in a circle of radius {n1} m at {n1} m/s. Find the centripetal force.",
    "What is the wavelength of a {n3} Hz sound wave in air (v = 343 m/s)?",
    "A {n2} g bullet hits a {n1} kg block at {n3} m/s and embeds. Find the velocity after the collision.",
    "How much heat is needed to raise {n1} kg of water from {n2} C to {n2} C?",
    "Find the electric field {n1} cm from a point charge of {n1} microcoulombs.",
};

static const char *const b_hw_chem[] = {
    "How many grams of CO2 are produced when {n2} g of CH4 burns completely?",
    "Balance the equation: Fe + O2 -> Fe2O3.",
    "What is the molarity of a solution made by dissolving {n2} g of NaCl in {n3} mL of water?",
    "Calculate the pH of a 0.0{n1} M HCl solution.",
    "A gas occupies {n1}.{n1} L at {n3} K and 1 atm. What volume at {n3} K?",
    "Name this compound: CH3-CH2-CH(CH3)-CH2-OH.",
    "Calculate the equilibrium constant if [A] = 0.{n2} M, [B] = 0.{n2} M and [C] = 0.{n2} M for A + B <-> C.",
    "What is the limiting reagent when {n1} mol H2 reacts with {n1} mol O2?",
    "Draw the Lewis structure of SO4^2- and determine the formal charges.",
    "Find the percent yield if {n2} g of product formed and the theoretical yield was {n2} g.",
    "Predict the products of the reaction between propene and HBr.",
};

static const char *const b_hw_cs[] = {
    "Write a Python function that returns the second largest number in a list.",
    "What is the time complexity of binary search? Explain why.",
    "Trace this code and give the output:\n\nx = {n1}\nfor i in range({n1}):\n    x = x * 2 - i\nprint(x)",
    "Write a recursive function to compute the nth Fibonacci number, then explain why it's slow.",
    "Explain the difference between a stack and a queue with examples.",
    "Implement bubble sort in Java and count the number of swaps.",
    "What is the Big-O of this nested loop: for i in range(n): for j in range(i): ...",
    "Write a function that checks if a string is a palindrome, ignoring spaces and case.",
    "Convert {n3} to binary and hexadecimal.",
    "Explain what a hash table collision is and two ways to handle it.",
    "Write a SQL query to find students with a GPA above 3.{n1} in each major.",
    "Draw the binary search tree after inserting {n2}, {n2}, {n2}, {n2}, {n2}.",
};

static const char *const b_hw_econ[] = {
    "If the price of coffee rises from ${n1} to ${n1}.50 and quantity demanded falls from {n3} to {n3}, what is the price elasticity of demand?",
    "Demand is Q = {n3} - {n1}P and supply is Q = {n2} + {n1}P. Find the equilibrium price and quantity.",
    "Explain the difference between nominal and real GDP with an example.",
    "A firm's total cost is TC = {n2} + {n1}Q + Q^2. Find marginal cost at Q = {n1}.",
    "What happens to equilibrium in the market for {dish} if the price of a substitute increases?",
    "Calculate the consumer surplus when demand is P = {n2} - Q and the price is {n1}.",
    "Explain comparative advantage using two countries producing wine and cloth.",
    "Find the Nash equilibrium of this game: (3,3) (0,5) / (5,0) (1,1).",
    "If inflation is {n1}% and the nominal interest rate is {n1}%, what is the real interest rate?",
    "Explain how a price ceiling on rent can cause a shortage.",
};

static const char *const b_showwork[] = {
    "Show your work.", "Please show all steps.", "Explain step by step.", "Show the steps please.",
    "Can you explain step by step how to get the answer, not just the answer?",
    "I need to show my work for full credit.", "walk me through it step by step",
    "Please explain each step, I have a test on {weekday}.", "Show work and explain the reasoning.",
    "Step by step please!", "Explain how to set it up.", "Can you show me how to do this one?",
    "I got {n2} but the answer key says otherwise. Where did I go wrong?", "",
};

static const char *const b_hw_wrap[] = {
    "{$course} HW{$hw} Problem {n1}: {$prob}\n\n{showwork}",
    "Problem {n1}{lc}. {$prob} {showwork}",
    "I'm stuck on this from my {$course} problem set: {$prob} {showwork}",
    "Q{n1}) {$prob}\n{showwork}",
    "{$prob}",
    "{$prob} {showwork}",
    "help!! {$prob}",
    "[Homework {$hw}|Assignment {$hw}|Worksheet {$hw}] #{n1}\n{$prob}\n\n{showwork}",
};

static const char *const b_lc[] = {"a", "b", "c", "d"};

static const char *const b_hw_follow[] = {
    "Why did you divide by {n1} in step 2?", "Can you check my answer, I got {n2}?",
    "What formula is that?", "ok i get it now, can you do part b: same but with {n2}",
    "Can you explain the last step again?", "Is there a faster way to do this?",
    "thank you!!", "How would this change if it was {n2} instead?", "why is it negative",
};

/* -------------------------------------------------------------- answers --- */

static const char *const b_resp_math[] = {
    "Let's solve this step by step.\n\n**Step 1:** Write down what we know, then start by {math_step}.\n\n**Step 2:** {^math_step}\n\n**Step 3:** {^math_step}\n\n**Answer:** {math_ans}",
    "We start by {math_step}. Then {math_step}. Finally {math_step}, so the answer is {math_ans}.",
    "Here's the setup:\n\n1. {^math_step}\n2. {^math_step}\n3. {^math_step}\n\nSo the result is **{math_ans}**. {r_close}",
    "Good question! {^math_step}. Next, {math_step}. Checking: plugging it back in gives a consistent result. Final answer: {math_ans}.",
};

static const char *const b_math_step[] = {
    "isolating the variable on one side", "subtracting {n1} from both sides", "dividing both sides by {n1}",
    "applying the chain rule to the outer function", "substituting u = {n1}x", "factoring out the common term",
    "using the identity sin^2 + cos^2 = 1", "converting grams to moles using the molar mass",
    "writing Newton's second law along the incline", "setting the derivative equal to zero",
    "computing the determinant of the 2x2 block", "applying conservation of momentum",
    "multiplying by the conjugate", "taking the natural log of both sides", "drawing a free-body diagram",
    "using the ideal gas law PV = nRT", "expanding the product and collecting like terms",
    "counting the favourable outcomes over all outcomes", "plugging the values into the formula",
};

static const char *const b_math_ans[] = {
    "x = {n1}", "x = {n1}/{n1}", "{n2}.{n1} m", "{n2} g", "{n1}.{n2} s", "0.{n2}", "{n3} J", "pH = {n1}.{n1}",
    "{n2}%", "P = {n1}, Q = {n2}", "{n2} N", "{n1}/{n2}", "{n3}", "e^{n1} - 1",
};

/* ------------------------------------------------------------ benchmarks --- */

static const char *const b_bq[] = {
    "If {n1}x + {n2} = {n2}, what is the value of {n1}x?\nA) {n2}\nB) {n2}\nC) {n2}\nD) {n2}",
    "Which of the following is a prime number?\nA) {n2}1\nB) {n2}7\nC) {n2}3\nD) {n2}9",
    "A train travels {n3} km in {n1} hours. What is its average speed in km/h?\nA) {n2}\nB) {n2}\nC) {n2}\nD) {n3}",
    "Which organelle is primarily responsible for {bq_cellfn}?\nA) Ribosome\nB) Mitochondrion\nC) Golgi apparatus\nD) [Lysosome|Smooth endoplasmic reticulum|Nucleolus]",
    "What is the main effect of a binding price [floor|ceiling] on the market for {bq_good}?\nA) Shortage\nB) Surplus\nC) No effect\nD) [Higher demand|Lower supply|A shift of the demand curve]",
    "Which data structure offers {bq_ds}?\nA) [Linked list|Stack]\nB) Binary heap\nC) [Hash table|Balanced BST]\nD) [Sorted array|Trie]",
    "In which year did {hist} end?\nA) {year}\nB) {year}\nC) {year}\nD) {year}",
    "What is the derivative of x^{n1} + {n1}x?\nA) {n1}x^{n1} + {n1}\nB) x^{n1}/{n1}\nC) {n1}x\nD) {n2}",
    "Which gas makes up most of the atmosphere of {bq_planet}?\nA) Oxygen\nB) Carbon dioxide\nC) Nitrogen\nD) [Argon|Hydrogen|Methane]",
    "A {n2}-year-old patient presents with {symptom} and fever for {n1} days. Which is the most appropriate next step?\nA) Reassurance only\nB) Order a [chest X-ray|complete blood count|throat culture]\nC) Start [broad-spectrum antibiotics|oral steroids|antivirals]\nD) Refer to [surgery|a specialist|the emergency department]",
    "Under the doctrine of consideration, which of the following would make a promise to {bq_promise} enforceable?\nA) A past act\nB) A bargained-for exchange\nC) A moral obligation\nD) A gift promise",
    "What is the output of print(len(set([{n1}, {n1}, {n1}, {n1}])))?\nA) 1\nB) 2\nC) 3\nD) 4",
    "Which statement best describes {concept}?\nA) {expl_core}\nB) {expl_core}\nC) {expl_core}\nD) none of the above",
    "The sum of the interior angles of a polygon is {n4} degrees. How many sides does it have?\nA) {n2}\nB) {n2}\nC) {n2}\nD) {n2}",
    "If a fair die is rolled twice, what is the probability that the sum is {small}?\nA) 1/{n2}\nB) {n1}/36\nC) 1/6\nD) 1/{n1}",
    "Which sentence is grammatically correct?\nA) Neither of the {bq_noun} are ready.\nB) Neither of the {bq_noun} is ready.\nC) Neither of the {bq_noun} be ready.\nD) Neither of they is ready.",
    "A solution has a hydrogen ion concentration of 1 x 10^-{n1} M. What is its pH?\nA) {n1}\nB) {n1}\nC) {n2}\nD) 0.{n1}",
    "A {n1} kg object accelerates at {n1} m/s^2. What net force acts on it?\nA) {n1} N\nB) {n2} N\nC) {n2} N\nD) 0.{n1} N",
    "Which word is closest in meaning to \"{bq_word}\"?\nA) {bq_word}\nB) {bq_word}\nC) {bq_word}\nD) {bq_word}",
    "A loan of ${n4} at {n1}% simple annual interest is repaid after {n1} years. What is the total interest?\nA) ${n3}\nB) ${n3}\nC) ${n4}\nD) ${n3}",
    "What is the time complexity of {bq_algo} in the worst case?\nA) O(n)\nB) O(n log n)\nC) O(n^2)\nD) O(log n)",
    "Who is the author of the {genre} classic most associated with {city}?\nA) {name} {surname}\nB) {name} {surname}\nC) {name} {surname}\nD) {name} {surname}",
    "Which country has the larger population: {country_n} or {country_n}?\nA) The first\nB) The second\nC) They are about equal\nD) Cannot be determined",
    "A rectangle has sides {n1} cm and {n2} cm. What is its diagonal, to the nearest cm?\nA) {n2}\nB) {n2}\nC) {n2}\nD) {n2}",
};

static const char *const b_bq_cellfn[] = {
    "ATP production", "protein synthesis", "lipid synthesis", "packaging proteins for secretion",
    "breaking down cellular waste", "ribosome assembly", "detoxification in liver cells",
};
static const char *const b_bq_good[] = {"rental housing", "milk", "gasoline", "wheat", "taxi rides", "electricity", "concert tickets"};
static const char *const b_bq_ds[] = {
    "O(1) average-time lookup by key", "O(log n) insertion and ordered iteration",
    "O(1) access to the minimum element", "prefix queries over strings", "O(1) push and pop at one end",
};
static const char *const b_bq_planet[] = {"Earth", "Mars", "Venus", "Titan", "Jupiter", "Neptune"};
static const char *const b_bq_promise[] = {
    "pay for repairs", "sell a car", "paint a house", "deliver {n3} widgets", "employ a contractor", "lend money",
};
static const char *const b_bq_noun[] = {"reports", "students", "samples", "contracts", "drafts", "results", "boxes"};
static const char *const b_bq_word[] = {
    "candid", "ephemeral", "meticulous", "benevolent", "obstinate", "lucid", "tenuous", "prudent",
    "arduous", "frugal", "verbose", "tacit", "ambivalent", "spurious", "cogent",
};
static const char *const b_bq_algo[] = {
    "quicksort", "merge sort", "binary search", "insertion sort", "heap construction", "breadth-first search",
    "linear search", "building a hash table",
};

static const char *const b_bq_free[] = {
    "{wp}",
    "{wp}",
    "Complete the function so that it passes the tests.\n\ndef {ident}(xs: list[int]) -> int:\n    \"\"\"{bq_spec}\"\"\"\n",
    "Compute {n3} * {n2} - {n3}.",
    "Simplify ({n1}x^2 - {n2}x) / ({n1}x).",
    "What is the remainder when {n4} is divided by {n2}?",
    "How many positive divisors does {n3} have?",
};

static const char *const b_bq_spec[] = {
    "Return the length of the longest strictly increasing run in xs.",
    "Return the sum of the elements at even indices, or 0 for an empty list.",
    "Return the number of pairs (i, j), i < j, with xs[i] + xs[j] == {n2}.",
    "Return the second largest distinct value, or -1 if there is none.",
    "Return the maximum sum of a contiguous sublist of length {n1}.",
    "Return how many elements are larger than every element before them.",
    "Return the smallest positive integer that does not occur in xs.",
    "Return the index of the first element greater than {n2}, or -1.",
    "Return the product of the non-zero elements modulo {n3}.",
    "Return the number of distinct values that occur exactly {n1} times.",
};

static const char *const b_bench_name[] = {
    "general knowledge", "high school mathematics", "college biology", "professional law",
    "clinical knowledge", "computer science", "microeconomics", "world history",
};

/* ------------------------------------------------------ research datasets --- */

static const char *const b_wp[] = {
    "{name} has {n2} stickers. She gives {n1} to each of her {n1} friends and then buys {n2} more. How many stickers does she have now?",
    "A bakery sells muffins for ${n1} each and cookies for ${n1} each. On {weekday} it sold {n2} muffins and {n3} cookies. How much money did it make?",
    "{name} reads {n2} pages a day. The book has {n3} pages. If {name} has already read for {n1} days, how many more days does {name} need?",
    "A train leaves at {clock} and travels {n3} km at {n2} km/h. At what time does it arrive?",
    "A shirt costs ${n2}. It is discounted by {pct}% and then taxed at {n1}%. What is the final price?",
    "There are {n2} students in a class. {pct}% of them play a sport, and half of those play soccer. How many play soccer?",
    "{name} saves ${n2} every week. How many weeks will it take to save ${n4}?",
    "A garden is {n2} m long and {n1} m wide. Fencing costs ${n1} per meter. How much does it cost to fence the garden?",
    "A recipe needs {n1} eggs for {n2} cookies. How many eggs are needed for {n3} cookies?",
    "{name} is {n1} years older than {name}. In {n1} years, the sum of their ages will be {n2}. How old is each now?",
    "A tank fills at {n2} liters per minute and drains at {n1} liters per minute. How long to fill {n3} liters?",
    "A store had {n3} apples. It sold {n2} in the morning and twice as many in the afternoon. How many are left?",
};

static const char *const b_logic_item[] = {
    "On an island, knights always tell the truth and knaves always lie. A says: \"B is a knave.\" B says: \"A and I are both knights.\" What are A and B?",
    "Five friends ({name}, {name}, {name}, {name}, {name}) sit in a row. The first sits next to the third; the second is at one end; the fourth is not next to the fifth. Who can sit in the middle?",
    "If all bloops are razzies and some razzies are lazzies, must some bloops be lazzies?",
    "A bat and a ball cost $1.10 in total. The bat costs $1.00 more than the ball. How much does the ball cost?",
    "Three boxes are labelled Apples, Oranges and Mixed, and all labels are wrong. You may take one fruit from one box. How do you relabel them?",
    "You have {n1} coins, one of which is heavier. What is the minimum number of weighings on a balance to find it?",
    "A farmer must cross a river with a wolf, a goat and a cabbage. The boat carries one item. How does he do it?",
    "If it takes {n1} machines {n1} minutes to make {n1} widgets, how long would {n3} machines take to make {n3} widgets?",
};

static const char *const b_code_item[] = {
    "What does this function return for f({n1}, {n2})?\n\ndef f(a, b):\n    while b:\n        a, b = b, a % b\n    return a",
    "What is printed?\n\nxs = [{n1}, {n1}, {n1}, {n1}]\nprint(sorted(xs, reverse=True)[1:3])",
    "How many times does the inner loop body run for n = {n2}?\n\nfor i in range(n):\n    for j in range(i, n):\n        pass",
    "What is the value of x after: x = 0; for i in range({n1}): x += i * i",
};

static const char *const b_cs_item[] = {
    "Q: Could a {pet} fit inside a {product}? A:",
    "Q: Did {hist} happen before the invention of {trivia_thing}? A:",
    "Q: Is it possible to visit {city} and {city} on the same day by train? A:",
    "Q: Would a person who dislikes {dish} enjoy a {cuisine} restaurant? A:",
};

static const char *const b_res_wrap[] = {
    "Problem {$item}: {$prob}\nLet's think step by step and show the chain of thought before the final answer.",
    "{$prob}\n\nThink step by step. Show your reasoning, then write the final answer after \"####\".",
    "You are a careful solver. Show your complete chain of thought.\n\nQuestion: {$prob}\nAnswer:",
    "[Condition {$cond}] {$prob}\nExplain your reasoning step by step before answering.",
    "{$prob}\nLet's think step by step.",
    "Solve the following and explain every step of your reasoning:\n{$prob}",
};

/* ----------------------------------------------------------------- campus --- */

/* Campus accounts: one bank per kind of request, so the answer can match. */
static const char *const b_camp_read[] = {
    "Summarize the main findings of recent work on {concept} for a literature review. [Focus on the last five years.|Group by method.|Keep it to one paragraph.]",
    "Give me a reading list on {hist} for a seminar.",
    "What are the ethical considerations for a survey study with minors?",
    "Outline a grant proposal section on broader impacts for a project on {concept}.",
    "What are the open questions in research on {concept}?",
    "Explain the difference between a systematic review and a meta-analysis.",
};

static const char *const b_camp_stats[] = {
    "How do I run a mixed-effects model in R with random intercepts for {field_acad} students?",
    "Explain the difference between a t-test and a Mann-Whitney U test. When should I use each?",
    "What sample size do I need for a two-group comparison with effect size 0.{n1} and power 0.8?",
    "How should I report a regression with an interaction term in APA style?",
    "My residuals look heteroscedastic. What are my options?",
    "Is it okay to use a Likert scale as a continuous variable?",
};

static const char *const b_camp_code[] = {
    "Fix this LaTeX error: ! Missing $ inserted. l.{line} the value of \\alpha",
    "Write a Python script that reads a CSV of lab measurements and plots mean and standard error by condition.",
    "Convert this table to LaTeX: condition, mean, sd / A, {n2}.{n1}, {n1}.{n1} / B, {n2}.{n1}, {n1}.{n1}",
    "Why does my pandas merge produce duplicate rows?",
    "How do I parallelize a for loop over {n3} files on the cluster with SLURM?",
    "Write a bash one-liner to rename all .txt files in a folder to .md.",
};

static const char *const b_camp_write[] = {
    "Help me rewrite this abstract to be under 250 words: {w_draft}",
    "Draft an email to my advisor asking for an extension on my {month} deadline.",
    "Make this cover letter for a postdoc position sound less stiff: {w_draft}",
    "Write a short bio for a conference program: PhD student in {field_acad}, works on {concept}.",
};

static const char *const b_camp_teach[] = {
    "I'm TAing {$course}. Write {small} practice problems on {concept} with solutions.",
    "Explain {concept} step by step for a first-year lecture.",
    "{hw_any} {showwork}",
    "Check my proof: {hw_math}",
    "Make a rubric for a lab report in {$course}.",
};

static const char *const b_hw_any[] = {"{hw_math}", "{hw_physics}", "{hw_chem}", "{hw_cs}", "{hw_econ}"};

static const char *const b_img_hw[] = {
    "Can you solve the problem in this picture? {showwork}", "help with number {n1} in the photo",
    "This is from my {$course} worksheet. {showwork}", "I don't get this one (photo attached)",
};

/* Evaluation harness prompt formats, by harness (account "sub"). */
static const char *const b_ev_wrap[] = {
    "Question: {$q}\n\nThink step by step, then give the final answer as 'Answer: X' where X is the letter of the correct choice.",
    "The following is a multiple choice question about {$subj}.\n\n{$q}\n\nAnswer with only the letter of the correct option.",
    "{$q}\n\nReason step by step and finish with \"The answer is (X)\".",
    "Solve the following problem. Let's think step by step.\n\nProblem: {$q}\n\nRespond in the format 'Answer: <answer>'.",
};

static const char *const b_ev_wrap_free[] = {
    "Solve the following problem. Let's think step by step.\n\nProblem: {$q}\n\nGive the final answer after '####'.",
    "{$q}\n\nPlease reason step by step, and put your final answer at the end as 'Answer: <answer>'.",
};

const sim_bank sim_banks_academic[] = {
    SIM_BANK("hw_math", b_hw_math),
    SIM_BANK("hw_physics", b_hw_physics),
    SIM_BANK("hw_chem", b_hw_chem),
    SIM_BANK("hw_cs", b_hw_cs),
    SIM_BANK("hw_econ", b_hw_econ),
    SIM_BANK("hw_any", b_hw_any),
    SIM_BANK("showwork", b_showwork),
    SIM_BANK("hw_wrap", b_hw_wrap),
    SIM_BANK("lc", b_lc),
    SIM_BANK("hw_follow", b_hw_follow),
    SIM_BANK("resp_math", b_resp_math),
    SIM_BANK("math_step", b_math_step),
    SIM_BANK("math_ans", b_math_ans),
    SIM_BANK("bq", b_bq),
    SIM_BANK("bq_cellfn", b_bq_cellfn),
    SIM_BANK("bq_good", b_bq_good),
    SIM_BANK("bq_ds", b_bq_ds),
    SIM_BANK("bq_planet", b_bq_planet),
    SIM_BANK("bq_promise", b_bq_promise),
    SIM_BANK("bq_noun", b_bq_noun),
    SIM_BANK("bq_word", b_bq_word),
    SIM_BANK("bq_algo", b_bq_algo),
    SIM_BANK("bq_free", b_bq_free),
    SIM_BANK("bq_spec", b_bq_spec),
    SIM_BANK("bench_name", b_bench_name),
    SIM_BANK("wp", b_wp),
    SIM_BANK("logic_item", b_logic_item),
    SIM_BANK("code_item", b_code_item),
    SIM_BANK("cs_item", b_cs_item),
    SIM_BANK("res_wrap", b_res_wrap),
    SIM_BANK("camp_read", b_camp_read),
    SIM_BANK("camp_stats", b_camp_stats),
    SIM_BANK("camp_code", b_camp_code),
    SIM_BANK("camp_write", b_camp_write),
    SIM_BANK("camp_teach", b_camp_teach),
    SIM_BANK("img_hw", b_img_hw),
    SIM_BANK("ev_wrap", b_ev_wrap),
    SIM_BANK("ev_wrap_free", b_ev_wrap_free),
    SIM_BANK_END,
};
