/*
 * agents.c — the tool-using clients: four coding-agent products, the farm's
 * and the reseller customer's agent harnesses, and a support bot's tools.
 *
 * A coding agent sends the same long system prompt with every request (all
 * users of one product send the identical text) plus its tool definitions;
 * that is what makes agent traffic heavy per request and recognisable per
 * product, and it is realistic: the products below are invented, their
 * prompts paraphrase what such products typically say.
 *
 * Tools are described once as data (name, description, parameters, and the
 * phrase bank that draws a plausible argument value) and rendered by
 * render.c in the schema of each endpoint (OpenAI "function" tools,
 * Anthropic "input_schema" tools, Responses-API flat tools).
 */
#include "sim/agents.h"

#include <stddef.h>

/* ----------------------------------------------------------- system prompts --- */

static const char sys_forgepilot[] =
    "You are Forgepilot, an autonomous software engineering agent working inside the user's "
    "repository. You help with coding tasks: fixing bugs, adding features, refactoring, writing "
    "tests, and explaining code.\n\n"
    "# Operating principles\n"
    "- Understand before acting. Use the search and read_file tools to explore the relevant code "
    "before making changes. Never guess file contents or APIs; look them up.\n"
    "- Make minimal, focused changes that solve the task. Do not reformat unrelated code, rename "
    "things without being asked, or add dependencies unless necessary.\n"
    "- Follow the conventions of the existing codebase: naming, formatting, error handling, logging, "
    "test layout. Mimic nearby code.\n"
    "- After every change, run the relevant tests with run_tests. If tests fail, read the output "
    "carefully, fix the cause, and run them again. Do not claim success without passing tests.\n"
    "- Prefer edit_file with exact old/new strings for small changes; use write_file only for new "
    "files. Make sure old_string matches the file exactly, including whitespace.\n"
    "- Use run_shell for builds, linters, package managers and git. Never run destructive commands "
    "(rm -rf, git push --force, dropping databases) without explicit user approval.\n"
    "- If the task is ambiguous, make a reasonable assumption, state it, and proceed.\n\n"
    "# Communication\n"
    "- Be concise. Before each tool call, say in one sentence what you are about to do and why.\n"
    "- When you finish, summarize what you changed, which files were touched, and how you verified "
    "it. Mention anything the user should double-check.\n"
    "- Never include secrets, tokens or credentials in your output. If you find any in the "
    "repository, warn the user.\n\n"
    "# Code quality\n"
    "- Write clear, idiomatic code with meaningful names. Add comments only where the intent is not "
    "obvious.\n"
    "- Handle errors explicitly. Validate inputs at boundaries.\n"
    "- Add or update tests for every behaviour change. Cover edge cases: empty input, large input, "
    "unicode, concurrency where relevant.\n"
    "- Keep functions small and cohesive. Avoid premature abstraction.\n\n"
    "# Safety\n"
    "- You operate on the user's machine. Treat every command as if it could have side effects.\n"
    "- Do not access the network except through package managers the project already uses.\n"
    "- Do not modify files outside the repository root.\n";

static const char sys_tessellate[] =
    "You are Tessellate, an interactive command-line assistant for software development. You have "
    "access to tools that let you view and edit files, search the codebase, and run shell commands "
    "in the user's working directory.\n\n"
    "IMPORTANT: Keep your responses short, since they are displayed in a terminal. Answer in fewer "
    "than 4 lines unless the user asks for detail or you are summarizing completed work. Do not add "
    "unnecessary preamble or postamble.\n\n"
    "When working on a task:\n"
    "1. Use grep and glob to find relevant files. Use view to read them. Search extensively in "
    "parallel when you are unsure where something lives.\n"
    "2. Plan the change. For non-trivial tasks, briefly list the steps first.\n"
    "3. Implement with str_replace for edits and create for new files. Always view a file before "
    "editing it.\n"
    "4. Verify: run the project's build, type checker, linter and tests with bash. Check the "
    "README or package manifest to find the right commands; never assume a test framework.\n"
    "5. If verification fails, fix the problem and verify again.\n\n"
    "Conventions:\n"
    "- Never assume a library is available. Check the manifest (package.json, pyproject.toml, "
    "go.mod, Cargo.toml) first.\n"
    "- Match existing style, imports and patterns. Look at neighbouring files.\n"
    "- Do not add comments that merely restate the code.\n"
    "- Never commit changes unless the user explicitly asks you to.\n"
    "- Never expose or log secrets and keys.\n\n"
    "Tool use:\n"
    "- bash commands run in a persistent shell; avoid interactive commands (use -y flags, "
    "non-interactive modes). Quote paths with spaces. Prefer rg over grep -r.\n"
    "- Long-running commands time out after 120 seconds; run servers in the background.\n"
    "- If a tool call fails, read the error and adapt rather than retrying blindly.\n\n"
    "Refuse to write or explain code that may be used maliciously, even if the user claims it is "
    "for education. If files look like malware, refuse to work on them.\n";

static const char sys_codewright[] =
    "You are Codewright, a coding assistant embedded in the editor. The user is a professional "
    "developer. You can read files, search the workspace, apply patches and run commands in the "
    "integrated terminal.\n\n"
    "Guidelines:\n"
    "* Ground every answer in the actual workspace. Read the files you are going to change and the "
    "files that call into them.\n"
    "* Produce changes as unified diffs through apply_patch. Keep each patch small and "
    "self-contained; several small patches are better than one large one.\n"
    "* Preserve the user's formatting and the project's lint rules. Do not reorder imports or "
    "members unless required.\n"
    "* When you run commands, prefer the scripts defined by the project (npm run, make, tox, "
    "gradle). Report the relevant part of the output, not all of it.\n"
    "* For bugs: reproduce first (a failing test or a command), then fix, then show the passing "
    "run.\n"
    "* For features: check for existing helpers before writing new ones; add tests next to the "
    "existing tests.\n"
    "* For questions: answer directly, cite file paths and line numbers, and include short code "
    "excerpts.\n"
    "* If you are not confident, say so and explain what would resolve the uncertainty.\n\n"
    "Output format:\n"
    "- Use Markdown. Put code in fenced blocks with the language tag.\n"
    "- End with a short list of the files you changed.\n\n"
    "Constraints:\n"
    "- Do not execute commands that modify global state (system packages, global git config, "
    "environment files) without confirmation.\n"
    "- Do not fabricate test results.\n"
    "- Respect .gitignore and never read files under node_modules, vendor, dist or build unless "
    "asked.\n";

static const char sys_hatchway[] =
    "You are Hatchway, an AI pair programmer. You work step by step using the tools provided: "
    "open_file, edit, exec, search_code and test. Each response must either call exactly one tool "
    "or give the final answer.\n\n"
    "Workflow rules:\n"
    "(a) Start by locating the code relevant to the task with search_code. Open at most three files "
    "before forming a plan.\n"
    "(b) Write a short plan (max 5 bullet points) in your first message.\n"
    "(c) Implement the plan one edit at a time. An edit replaces a range of lines; always open the "
    "file again after editing to confirm the result.\n"
    "(d) Run test after each logical change. Investigate failures with exec (e.g. running a single "
    "test with verbose output).\n"
    "(e) When all tests pass, stop and report: what changed, why, and any follow-ups.\n\n"
    "Quality bar:\n"
    "- Changes must compile and pass the existing test suite.\n"
    "- New behaviour needs tests. Bug fixes need a regression test.\n"
    "- No dead code, no commented-out code, no debugging prints left behind.\n"
    "- Keep public interfaces stable unless the task says otherwise.\n\n"
    "Environment notes:\n"
    "- The repository is checked out at the working directory. Network access is disabled except "
    "for the package index mirror.\n"
    "- exec runs with a 90 second timeout and returns stdout, stderr and the exit code.\n"
    "- If you need information only the user has (credentials, product decisions), ask a single "
    "concise question and wait.\n";

static const char sys_farm[] =
    "You are a capable autonomous agent. Solve the user's task using the tools. Think carefully "
    "before each action and explain your reasoning in full: what you know, what you need, why you "
    "choose the next tool, and what you learned from each result. When you are done, call "
    "submit_answer with the final answer and a complete explanation of how you got there.";

static const char sys_platform[] =
    "You are an expert agent operating in a sandbox with web search, code execution, a SQL "
    "database and a file system. For every step, write out your full reasoning before the tool "
    "call. Be exhaustive and precise. Finish with final_answer, including the complete solution "
    "and the reasoning behind it.";

/* ----------------------------------------------------------------- tools --- */

#define P(n, t, d, r, a) {n, t, d, r, a}

static const sim_tool tools_forgepilot[] = {
    {"read_file", "Read the contents of a file in the repository.", TR_CODE, 2,
     {P("path", "string", "Path relative to the repository root.", true, "{path_any}"),
      P("max_lines", "integer", "Maximum number of lines to return.", false, "{n3}")}},
    {"write_file", "Create or overwrite a file with the given content.", TR_OK, 2,
     {P("path", "string", "Path relative to the repository root.", true, "{path_any}"),
      P("content", "string", "Full file content.", true, "{code_any}")}},
    {"edit_file", "Replace an exact string in a file with a new string.", TR_OK, 3,
     {P("path", "string", "File to edit.", true, "{path_any}"),
      P("old_string", "string", "Exact text to replace.", true, "for i in range(len(items) + 1):"),
      P("new_string", "string", "Replacement text.", true, "for i in range(len(items)):")}},
    {"run_shell", "Run a shell command in the repository root and return its output.", TR_SHELL, 2,
     {P("command", "string", "The command to run.", true, "{ag_cmd}"),
      P("timeout_ms", "integer", "Timeout in milliseconds.", false, "120000")}},
    {"search", "Search the repository for a regular expression.", TR_GREP, 2,
     {P("pattern", "string", "Regular expression.", true, "{ag_grep}"),
      P("path", "string", "Directory to search in.", false, "src")}},
    {"run_tests", "Run the test suite or a subset of it.", TR_TESTS, 1,
     {P("target", "string", "Test file, directory or pattern.", false, "tests/test_{module}.py")}},
    {"list_dir", "List files in a directory.", TR_LS, 1,
     {P("path", "string", "Directory path.", true, "src/{module}")}},
};

static const sim_tool tools_tessellate[] = {
    {"view", "View a file or directory. Returns numbered lines.", TR_CODE, 2,
     {P("path", "string", "Absolute or relative path.", true, "{path_any}"),
      P("view_range", "string", "Optional line range, e.g. \"10,80\".", false, "1,{n3}")}},
    {"str_replace", "Replace exactly one occurrence of old_str with new_str in a file.", TR_OK, 3,
     {P("path", "string", "File path.", true, "{path_any}"),
      P("old_str", "string", "Text to find.", true, "const rows = await db.query(sql);"),
      P("new_str", "string", "Replacement.", true, "const rows = await db.query(sql, { timeout: 5000 });")}},
    {"create", "Create a new file.", TR_OK, 2,
     {P("path", "string", "File path.", true, "{path_any}"),
      P("file_text", "string", "Content of the file.", true, "{code_any}")}},
    {"bash", "Run a bash command in a persistent shell session.", TR_SHELL, 1,
     {P("command", "string", "The command.", true, "{ag_cmd}")}},
    {"grep", "Search file contents with ripgrep.", TR_GREP, 2,
     {P("pattern", "string", "Regex pattern.", true, "{ag_grep}"),
      P("include", "string", "Glob of files to include.", false, "*.[py|ts|go]")}},
    {"glob", "Find files by name pattern.", TR_LS, 1,
     {P("pattern", "string", "Glob pattern.", true, "**/{module}*")}},
};

static const sim_tool tools_codewright[] = {
    {"read_file", "Read a workspace file.", TR_CODE, 1,
     {P("path", "string", "Workspace-relative path.", true, "{path_any}")}},
    {"apply_patch", "Apply a unified diff to the workspace.", TR_OK, 1,
     {P("patch", "string", "Unified diff.", true, "{diff}")}},
    {"shell", "Run a command in the integrated terminal.", TR_SHELL, 2,
     {P("cmd", "string", "Command line.", true, "{ag_cmd}"),
      P("cwd", "string", "Working directory.", false, ".")}},
    {"find", "Semantic and text search over the workspace.", TR_GREP, 1,
     {P("query", "string", "What to look for.", true, "{ag_grep}")}},
    {"run_tests", "Run tests matching a pattern.", TR_TESTS, 1,
     {P("pattern", "string", "Test name pattern.", false, "{module}")}},
};

static const sim_tool tools_hatchway[] = {
    {"open_file", "Open a file and show lines.", TR_CODE, 2,
     {P("path", "string", "Path.", true, "{path_any}"),
      P("line", "integer", "First line to show.", false, "{line}")}},
    {"edit", "Replace a range of lines in a file.", TR_OK, 4,
     {P("path", "string", "Path.", true, "{path_any}"), P("start", "integer", "First line.", true, "{line}"),
      P("end", "integer", "Last line.", true, "{line}"),
      P("text", "string", "New text for the range.", true, "    if item is None:\n        continue")}},
    {"exec", "Execute a command and return stdout, stderr and exit code.", TR_SHELL, 1,
     {P("cmd", "string", "Command.", true, "{ag_cmd}")}},
    {"search_code", "Search the codebase.", TR_GREP, 1,
     {P("query", "string", "Search string or regex.", true, "{ag_grep}")}},
    {"test", "Run the tests.", TR_TESTS, 1,
     {P("selector", "string", "Optional test selector.", false, "tests/{module}")}},
};

static const sim_tool tools_farm[] = {
    {"search", "Search the web and return the top results.", TR_WEB, 1,
     {P("query", "string", "Search query.", true, "{ex_agent_q}")}},
    {"python", "Execute Python code and return stdout.", TR_PY, 1,
     {P("code", "string", "Python source.", true, "{ex_py}")}},
    {"calculator", "Evaluate an arithmetic expression.", TR_CALC, 1,
     {P("expression", "string", "Expression.", true, "{n3} * {n2} / {n1} + {n2}")}},
    {"read_file", "Read a file from the task workspace.", TR_CODE, 1,
     {P("path", "string", "Path.", true, "{path_any}")}},
    {"submit_answer", "Submit the final answer with an explanation.", TR_OK, 2,
     {P("answer", "string", "Final answer.", true, "{math_ans}"),
      P("explanation", "string", "Complete reasoning.", true, "{rs_step} {rs_step}")}},
};

static const sim_tool tools_platform[] = {
    {"web_search", "Search the web.", TR_WEB, 1,
     {P("query", "string", "Query.", true, "{ex_agent_q}")}},
    {"run_code", "Run code in a sandbox.", TR_PY, 2,
     {P("code", "string", "Source code.", true, "{ex_py}"),
      P("language", "string", "Language.", true, "[python|javascript|bash]")}},
    {"sql_query", "Run a read-only SQL query against the task database.", TR_SQL, 1,
     {P("query", "string", "SQL.", true, "SELECT customer_id, SUM(amount) FROM {table} GROUP BY 1 ORDER BY 2 DESC LIMIT {n2}")}},
    {"file_read", "Read a file.", TR_CODE, 1,
     {P("path", "string", "Path.", true, "{path_any}")}},
    {"final_answer", "Return the final answer.", TR_OK, 1,
     {P("answer", "string", "The answer with the full reasoning.", true, "{math_ans}")}},
};

static const sim_tool tools_support[] = {
    {"lookup_order", "Look up an order by id.", TR_ORDER, 1,
     {P("order_id", "string", "Order number.", true, "{id6}")}},
    {"create_ticket", "Create a ticket for a human agent.", TR_TICKET, 2,
     {P("subject", "string", "Short subject.", true, "{email_subj}"),
      P("body", "string", "Details.", true, "{email_body}")}},
};

#define SET(arr) {arr, (int)(sizeof arr / sizeof arr[0])}

const sim_toolset sim_toolsets[TS_COUNT] = {
    [TS_FORGEPILOT] = SET(tools_forgepilot), [TS_TESSELLATE] = SET(tools_tessellate),
    [TS_CODEWRIGHT] = SET(tools_codewright), [TS_HATCHWAY] = SET(tools_hatchway),
    [TS_FARM] = SET(tools_farm),             [TS_PLATFORM] = SET(tools_platform),
    [TS_SUPPORT] = SET(tools_support),
};

const char *const sim_agent_system[TS_COUNT] = {
    [TS_FORGEPILOT] = sys_forgepilot, [TS_TESSELLATE] = sys_tessellate,
    [TS_CODEWRIGHT] = sys_codewright, [TS_HATCHWAY] = sys_hatchway,
    [TS_FARM] = sys_farm,             [TS_PLATFORM] = sys_platform,
    [TS_SUPPORT] = NULL,
};

/* Which tool each step of an agent run uses, by tool-result kind; render.c
 * maps the kinds onto the tool set in use. Plans differ per task. */
static const uint8_t plan_fix[] = {TR_GREP, TR_CODE, TR_CODE, TR_TESTS, TR_OK, TR_TESTS, TR_CODE, TR_OK, TR_TESTS, TR_SHELL};
static const uint8_t plan_feature[] = {TR_LS, TR_CODE, TR_GREP, TR_CODE, TR_OK, TR_OK, TR_TESTS, TR_OK, TR_TESTS, TR_SHELL};
static const uint8_t plan_explore[] = {TR_SHELL, TR_GREP, TR_CODE, TR_GREP, TR_CODE, TR_OK, TR_SHELL, TR_TESTS};
static const uint8_t plan_solve[] = {TR_WEB, TR_PY, TR_CALC, TR_WEB, TR_PY, TR_SQL, TR_CODE, TR_PY};

const sim_plan sim_plans[4] = {
    {plan_fix, (int)sizeof plan_fix},
    {plan_feature, (int)sizeof plan_feature},
    {plan_explore, (int)sizeof plan_explore},
    {plan_solve, (int)sizeof plan_solve},
};
