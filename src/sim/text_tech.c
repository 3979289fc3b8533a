/*
 * text_tech.c — phrase banks for software work: small code questions, the
 * content of coding-agent sessions (tasks, file paths, code excerpts, test
 * output, stack traces, diffs, shell output), the documents that batch
 * pipelines send for extraction or classification, and the system prompts
 * and user messages of app backends.
 *
 * Code is stored as plain text; the grammar only treats "{name}" (lower
 * case, no spaces) as a slot and "[...|...]" as a choice, so the snippets
 * below avoid exactly those two shapes where they mean code (no Python
 * f-strings with bare names, no "|" inside square brackets).
 */
#include "sim/simint.h"

/* ------------------------------------------------------------ identifiers --- */

static const char *const b_ident[] = {
    "parse_config", "load_user", "fetch_orders", "normalize_email", "compute_total",
    "retry_request", "build_index", "flush_cache", "validate_token", "render_invoice",
    "sync_inventory", "resolve_path", "merge_settings", "send_webhook", "paginate",
    "schedule_job", "hash_password", "encode_cursor", "apply_discount", "refresh_session",
    "read_manifest", "diff_snapshots", "update_status", "load_fixtures", "rate_limit",
};

static const char *const b_cls[] = {
    "OrderService", "UserRepository", "ConfigLoader", "InvoiceRenderer", "CacheClient",
    "JobScheduler", "PaymentGateway", "SessionStore", "EventBus", "ReportBuilder",
    "InventorySync", "AuthMiddleware", "RateLimiter", "WebhookDispatcher", "SearchIndex",
};

static const char *const b_field[] = {
    "user_id", "created_at", "status", "total_cents", "email", "expires_at", "retry_count",
    "tenant_id", "sku", "quantity", "currency", "updated_at", "is_active", "parent_id",
};

static const char *const b_module[] = {
    "orders", "billing", "auth", "users", "inventory", "notifications", "search", "reports",
    "payments", "sessions", "webhooks", "scheduler", "config", "api", "storage", "metrics",
};

static const char *const b_path_py[] = {
    "src/{module}/service.py", "src/{module}/models.py", "app/{module}/views.py",
    "app/{module}/serializers.py", "tests/test_{module}.py", "src/{module}/utils.py",
    "{module}/handlers.py", "app/core/{module}.py", "tests/{module}/test_api.py",
};

static const char *const b_path_ts[] = {
    "src/{module}/index.ts", "src/{module}/{module}.service.ts", "src/routes/{module}.ts",
    "src/components/{cls}.tsx", "tests/{module}.test.ts", "packages/core/src/{module}.ts",
    "src/lib/{module}.ts", "apps/web/src/pages/{module}.tsx",
};

static const char *const b_path_go[] = {
    "internal/{module}/service.go", "internal/{module}/store.go", "cmd/server/main.go",
    "pkg/{module}/{module}.go", "internal/{module}/handler_test.go", "internal/api/{module}.go",
};

static const char *const b_path_rs[] = {
    "src/{module}/mod.rs", "src/{module}.rs", "src/bin/server.rs", "crates/core/src/{module}.rs",
    "tests/{module}_test.rs", "src/lib.rs",
};

static const char *const b_path_java[] = {
    "src/main/java/com/acme/{module}/{cls}.java", "src/test/java/com/acme/{module}/{cls}Test.java",
    "src/main/resources/application.yml", "src/main/java/com/acme/api/{cls}Controller.java",
};

static const char *const b_lib[] = {
    "pandas", "numpy", "requests", "FastAPI", "Django", "Flask", "SQLAlchemy", "pytest", "React",
    "Next.js", "Express", "Prisma", "TypeScript", "Tailwind", "Go's net/http", "tokio", "serde",
    "Spring Boot", "Kotlin coroutines", "PostgreSQL", "Redis", "Docker", "Kubernetes", "Terraform",
    "GitHub Actions", "matplotlib", "scikit-learn", "PyTorch", "git", "bash", "regex", "SQL",
};

static const char *const b_table[] = {
    "orders", "users", "payments", "events", "sessions", "products", "invoices", "customers",
};

/* ------------------------------------------------ small code questions --- */

static const char *const b_ind_code[] = {
    "How do I [reverse a string|remove duplicates from a list|read a CSV file|sort a dictionary by value|merge two lists] in [Python|JavaScript|Java|C#|Go]?",
    "What's the difference between {lib} and {lib}?",
    "Why does this give me an error?\n\n{snippet_bug}",
    "Can you explain what this code does?\n\n{snippet_any}",
    "Write a {lib} snippet that [counts words in a file|downloads a web page|groups rows by {field}|renames all files in a folder].",
    "How do I undo my last git commit without losing changes?",
    "SQL question: how do I get the top {small} {table} by total per month?",
    "Regex to match [an email address|a US phone number|a date like 2024-05-01|a hex color]?",
    "What does `{err_short}` mean in {lib}?",
    "Is it better to learn Python or JavaScript first?",
    "How do I center a div? I've tried everything lol",
    "Explain recursion with a simple example.",
    "My Excel macro keeps failing at line {line}. What could it be?",
    "What's a good project to practice {lib}?",
    "Convert this to a list comprehension:\n\nresult = []\nfor x in items:\n    if x > 0:\n        result.append(x * 2)",
    "How do I make a GET request with headers in {lib}?",
};

static const char *const b_err_short[] = {
    "TypeError: 'NoneType' object is not subscriptable", "KeyError: 'id'",
    "IndentationError: unexpected indent", "Uncaught TypeError: Cannot read properties of undefined (reading 'map')",
    "fatal: refusing to merge unrelated histories", "segmentation fault (core dumped)",
    "ModuleNotFoundError: No module named 'requests'", "CORS policy: No 'Access-Control-Allow-Origin' header",
    "error[E0382]: borrow of moved value", "NullPointerException", "panic: runtime error: index out of range",
};

static const char *const b_snippet_bug[] = {
    "def avg(nums):\n    return sum(nums) / len(nums)\n\nprint(avg([]))",
    "const total = items.map(i => i.price).reduce((a, b) => a + b);\nconsole.log(total.toFixed(2));",
    "for i in range(len(names)):\n    if names[i] == target:\n        names.remove(names[i])",
    "let user = await getUser(id)\nconsole.log(user.profile.name)",
    "int arr[5];\nfor (int i = 0; i <= 5; i++) arr[i] = i * 2;",
    "x = input('Enter a number: ')\nprint(x + 10)",
    "SELECT name, COUNT(*) FROM orders GROUP BY customer_id;",
};

static const char *const b_snippet_any[] = {
    "df.groupby('{field}').agg(total=('amount', 'sum')).sort_values('total', ascending=False).head(10)",
    "const debounce = (fn, ms) => { let t; return (...a) => { clearTimeout(t); t = setTimeout(() => fn(...a), ms); }; };",
    "git rebase -i HEAD~3",
    "awk -F, 'NR>1 { s += $3 } END { print s }' data.csv",
    "with open(path) as f:\n    lines = [l.strip() for l in f if l.strip()]",
    "SELECT u.email, MAX(o.created_at) FROM users u LEFT JOIN orders o ON o.user_id = u.id GROUP BY u.email;",
};

/* ------------------------------------------------------- coding agents --- */

static const char *const b_ag_task[] = {
    "Fix the failing test in {path_any}. It started failing after the last merge.",
    "Add pagination to the /{module} endpoint. Use cursor-based pagination like we do in /{module}.",
    "The {ident} function is too slow for large inputs. Profile it and make it faster without changing behaviour.",
    "Refactor {cls} so it no longer depends on the global config. Keep the public API the same.",
    "We get an intermittent `{err_short}` in production when calling {ident}. Find the root cause and fix it.",
    "Write unit tests for {path_any}. Aim for the edge cases: empty input, unicode, very large values.",
    "Migrate the {module} module from callbacks to async/await.",
    "Add a `--dry-run` flag to the CLI that prints what would change without writing anything.",
    "Rename `{field}` to `{field}` across the codebase, including the database migration.",
    "The CI build is red on main: {ci_fail}. Please fix.",
    "Implement rate limiting for the {module} API: {n2} requests per minute per tenant, return 429 with Retry-After.",
    "Update {lib} to the latest major version and fix whatever breaks.",
    "Add structured logging to {cls}; include request id and tenant id in every line.",
    "There's a memory leak in the {module} worker. Memory grows ~{n2}MB/hour. Investigate.",
    "Add input validation to the {ident} handler and return proper 400 errors.",
    "Can you review the changes in the current branch and fix anything that looks wrong?",
    "Implement the TODO in {path_any} (the retry with exponential backoff).",
    "Make the {module} tests run in parallel without flaking.",
    "Add a health check endpoint that verifies the database and cache connections.",
    "Port {ident} from Python to {pl_other} and keep the same tests passing.",
    "Set up a GitHub Actions workflow that runs lint and tests on every PR.",
    "Our Docker image is {n3}MB. Get it under 200MB.",
    "The date parsing in {ident} breaks for timestamps with a timezone offset. Fix and add tests.",
};

static const char *const b_pl_other[] = {"Go", "TypeScript", "Rust", "Kotlin"};

static const char *const b_ci_fail[] = {
    "3 tests failing in tests/{module}", "type errors after the dependency bump",
    "lint step fails on unused imports", "timeout in the integration suite",
    "snapshot mismatch in {cls}", "coverage dropped below the threshold",
};

static const char *const b_path_any[] = {
    "{path_py}", "{path_py}", "{path_ts}", "{path_ts}", "{path_go}", "{path_rs}", "{path_java}",
};

static const char *const b_ag_think[] = {
    "Let me look at the relevant code first.", "I'll start by searching for where this is defined.",
    "Let me run the tests to see the current failure.", "I'll check how this is called.",
    "Now I'll make the change.", "Let me verify the fix by running the test suite.",
    "The issue is in the loop bounds; I'll update it.", "I need to see the config loader as well.",
    "", "", "",
};

static const char *const b_ag_grep[] = {
    "{ident}", "def {ident}", "class {cls}", "{field}", "TODO", "import {module}", "{cls}(",
    "raise ", "await {ident}", "func {ident}", "fn {ident}",
};

static const char *const b_ag_cmd[] = {
    "pytest -x -q tests/test_{module}.py", "npm test -- {module}", "go test ./internal/{module}/...",
    "cargo test {module}", "git status", "git diff --stat", "ls -la src/{module}",
    "python -m mypy src/{module}", "npm run lint", "make build", "git log --oneline -5",
    "docker build -t app:dev .", "rg -n \"{ident}\" src", "cat package.json",
    "./gradlew test --tests '*{cls}*'", "pip install -e .",
};

static const char *const b_code_py[] = {
    "def {ident}(self, items, *, limit=None):\n    \"\"\"Return the processed items.\"\"\"\n    out = []\n    for item in items:\n        if item.{field} is None:\n            continue\n        out.append(self._transform(item))\n        if limit and len(out) >= limit:\n            break\n    return out\n",
    "class {cls}:\n    def __init__(self, client, cache=None):\n        self.client = client\n        self.cache = cache or {}\n\n    def get(self, key):\n        if key in self.cache:\n            return self.cache[key]\n        value = self.client.fetch(key)\n        self.cache[key] = value\n        return value\n",
    "import logging\nfrom datetime import datetime, timezone\n\nlog = logging.getLogger(__name__)\n\n\ndef {ident}(raw: str) -> datetime:\n    # TODO: handle offsets\n    return datetime.strptime(raw, '%Y-%m-%dT%H:%M:%S').replace(tzinfo=timezone.utc)\n",
    "@router.get('/{module}')\nasync def list_{module}(cursor: str | None = None, limit: int = 50, db=Depends(get_db)):\n    q = select(Model).order_by(Model.id).limit(limit + 1)\n    if cursor:\n        q = q.where(Model.id > decode_cursor(cursor))\n    rows = (await db.execute(q)).scalars().all()\n    return page(rows, limit)\n",
    "def test_{ident}_handles_empty():\n    svc = {cls}(FakeClient())\n    assert svc.{ident}([]) == []\n\n\ndef test_{ident}_limit():\n    svc = {cls}(FakeClient())\n    assert len(svc.{ident}(make_items(10), limit=3)) == 3\n",
};

static const char *const b_code_ts[] = {
    "export async function {ident}(id: string): Promise<Result> {\n  const res = await fetch(`/api/v1/items/` + id);\n  if (!res.ok) throw new Error('request failed: ' + res.status);\n  const data = await res.json();\n  return data.items.map(normalize);\n}\n",
    "export class {cls} {\n  private cache = new Map<string, Entry>();\n\n  constructor(private readonly client: Client) {}\n\n  async get(key: string) {\n    const hit = this.cache.get(key);\n    if (hit && hit.expires > Date.now()) return hit.value;\n    const value = await this.client.load(key);\n    this.cache.set(key, { value, expires: Date.now() + 60_000 });\n    return value;\n  }\n}\n",
    "describe('{ident}', () => {\n  it('returns an empty list for no input', async () => {\n    expect(await {ident}([])).toEqual([]);\n  });\n  it('rejects invalid ids', async () => {\n    await expect({ident}(['x'])).rejects.toThrow('invalid');\n  });\n});\n",
    "router.get('/{module}', async (req, res) => {\n  const limit = Math.min(Number(req.query.limit) || 50, 200);\n  const rows = await db.{module}.findMany({ take: limit, orderBy: { id: 'asc' } });\n  res.json({ data: rows });\n});\n",
};

static const char *const b_code_go[] = {
    "func (s *Service) {ident}(ctx context.Context, id string) (*Item, error) {\n\tif id == \"\" {\n\t\treturn nil, ErrInvalidID\n\t}\n\titem, err := s.store.Get(ctx, id)\n\tif err != nil {\n\t\treturn nil, fmt.Errorf(\"get %s: %w\", id, err)\n\t}\n\treturn item, nil\n}\n",
    "type {cls} struct {\n\tmu    sync.Mutex\n\tcache map[string]entry\n\tttl   time.Duration\n}\n\nfunc New{cls}(ttl time.Duration) *{cls} {\n\treturn &{cls}{cache: make(map[string]entry), ttl: ttl}\n}\n",
    "func Test{cls}(t *testing.T) {\n\ts := newTestService(t)\n\tgot, err := s.Get(context.Background(), \"abc\")\n\tif err != nil {\n\t\tt.Fatalf(\"unexpected error: %v\", err)\n\t}\n\tif got.ID != \"abc\" {\n\t\tt.Errorf(\"got %q\", got.ID)\n\t}\n}\n",
};

static const char *const b_code_rs[] = {
    "pub fn {ident}(input: &str) -> Result<Config, Error> {\n    let mut cfg = Config::default();\n    for line in input.lines().filter(|l| !l.trim().is_empty()) {\n        let (k, v) = line.split_once('=').ok_or(Error::Syntax)?;\n        cfg.set(k.trim(), v.trim())?;\n    }\n    Ok(cfg)\n}\n",
    "impl {cls} {\n    pub async fn get(&self, key: &str) -> Option<Bytes> {\n        let guard = self.inner.read().await;\n        guard.get(key).cloned()\n    }\n}\n",
};

static const char *const b_code_any[] = {
    "{code_py}", "{code_py}", "{code_ts}", "{code_ts}", "{code_go}", "{code_rs}",
};

static const char *const b_test_out[] = {
    "============================= test session starts ==============================\ncollected {n2} items\n\ntests/test_{module}.py ..F.\n\n=================================== FAILURES ===================================\n___________________ test_{ident} ___________________\n\n    def test_{ident}():\n>       assert result == expected\nE       AssertionError: assert {n2} == {n2}\n\ntests/test_{module}.py:{line}: AssertionError\n=========================== short test summary info ============================\nFAILED tests/test_{module}.py::test_{ident} - AssertionError\n========================= 1 failed, {n2} passed in 1.{n2}s =========================",
    "============================= test session starts ==============================\ncollected {n2} items\n\ntests/test_{module}.py ........................\n\n============================== {n2} passed in 2.{n2}s ==============================",
    " FAIL  tests/{module}.test.ts\n  ● {ident} › returns an empty list for no input\n\n    expect(received).toEqual(expected)\n\n    Expected: []\n    Received: undefined\n\n      at Object.<anonymous> (tests/{module}.test.ts:{line}:{n2})\n\nTests:       1 failed, {n2} passed, {n2} total",
    " PASS  tests/{module}.test.ts\n  {ident}\n    ✓ returns an empty list for no input ({n1} ms)\n    ✓ rejects invalid ids ({n1} ms)\n\nTests:       {n2} passed, {n2} total\nTime:        {n1}.{n3} s",
    "--- FAIL: Test{cls} (0.00s)\n    {module}_test.go:{line}: unexpected error: context deadline exceeded\nFAIL\nFAIL\tgithub.com/acme/app/internal/{module}\t0.{n3}s",
    "ok  \tgithub.com/acme/app/internal/{module}\t0.{n3}s",
    "running {n2} tests\ntest {module}::tests::parses_empty ... ok\ntest {module}::tests::rejects_bad_line ... FAILED\n\nfailures:\n\n---- {module}::tests::rejects_bad_line stdout ----\nthread 'main' panicked at src/{module}.rs:{line}:{n1}:\nassertion `left == right` failed\n\ntest result: FAILED. {n2} passed; 1 failed",
};

static const char *const b_trace[] = {
    "Traceback (most recent call last):\n  File \"/app/{path_py}\", line {line}, in {ident}\n    return self._client.get(key)[\"data\"]\n  File \"/app/src/clients/http.py\", line {line}, in get\n    resp.raise_for_status()\nrequests.exceptions.HTTPError: 502 Server Error: Bad Gateway for url: https://internal-api/v2/{module}",
    "TypeError: Cannot read properties of undefined (reading '{field}')\n    at {ident} ({path_ts}:{line}:{n2})\n    at processTicksAndRejections (node:internal/process/task_queues:95:5)\n    at async Promise.all (index {n1})",
    "panic: runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x{hex}]\n\ngoroutine {n2} [running]:\ngithub.com/acme/app/internal/{module}.(*Service).{cls}(...)\n\t/src/{path_go}:{line} +0x{n2}",
    "java.lang.IllegalStateException: {cls} not initialized\n\tat com.acme.{module}.{cls}.get({cls}.java:{line})\n\tat com.acme.api.{cls}Controller.handle({cls}Controller.java:{line})",
};

static const char *const b_diff[] = {
    "--- a/{path_py}\n+++ b/{path_py}\n@@ -{line},7 +{line},9 @@\n-    for i in range(len(items) + 1):\n+    for i in range(len(items)):\n         item = items[i]\n+        if item is None:\n+            continue\n         out.append(transform(item))",
    "--- a/{path_ts}\n+++ b/{path_ts}\n@@ -{n2},6 +{n2},8 @@\n-  const rows = await db.query(sql);\n+  const rows = await db.query(sql, { timeout: 5000 });\n+  if (!rows) return [];\n   return rows.map(normalize);",
    "--- a/{path_go}\n+++ b/{path_go}\n@@ -{n2},5 +{n2},7 @@\n-\titem, err := s.store.Get(ctx, id)\n+\tctx, cancel := context.WithTimeout(ctx, 2*time.Second)\n+\tdefer cancel()\n+\titem, err := s.store.Get(ctx, id)",
};

static const char *const b_ls_out[] = {
    "total {n2}\ndrwxr-xr-x  {n1} dev dev 4096 Oct {n2} 10:{n2} .\n-rw-r--r--  1 dev dev {n4} Oct {n2} 09:{n2} __init__.py\n-rw-r--r--  1 dev dev {n4} Oct {n2} 11:{n2} service.py\n-rw-r--r--  1 dev dev {n4} Oct {n2} 11:{n2} models.py\n-rw-r--r--  1 dev dev {n3} Oct {n2} 08:{n2} utils.py",
    "On branch feature/{module}-{ident}\nChanges not staged for commit:\n  modified:   {path_any}\n  modified:   {path_any}\n\nno changes added to commit",
    "{sha} Fix {module} pagination edge case\n{sha} Add retry to {ident}\n{sha} Bump {lib}\n{sha} Merge pull request #{n4} from acme/{module}\n{sha} Refactor {cls}",
};

static const char *const b_grep_out[] = {
    "{path_any}:{line}:    result = {ident}(payload)\n{path_any}:{line}:def {ident}(data, strict=False):\n{path_any}:{line}:        return {ident}(item)",
    "{path_any}:{line}:class {cls}:\n{path_any}:{line}:from .{module} import {cls}\n{path_any}:{line}:    svc = {cls}(client)",
    "{path_any}:{line}:    # TODO: retry with backoff\n{path_any}:{line}:    # TODO: handle timezone offsets",
};

static const char *const b_ag_ok[] = {
    "File updated successfully.", "Applied edit to {path_any} (1 hunk).", "Wrote {n3} bytes to {path_any}.",
    "Edit applied. {n1} lines changed.",
};

static const char *const b_ag_done[] = {
    "I've fixed the issue. The root cause was {ag_cause}. I updated {path_any} and added a regression test; the full test suite passes now.",
    "Done. Summary of changes:\n- {^ag_change}\n- {^ag_change}\n- {^ag_change}\n\nAll {n2} tests pass.",
    "The change is in place. {^ag_change}, and {ag_change}. I ran the tests and linters; everything is green. Let me know if you'd like me to open a PR.",
    "I found the problem: {ag_cause}. I've applied a minimal fix and verified it with the existing tests plus {n1} new ones.",
};

static const char *const b_ag_cause[] = {
    "an off-by-one error in the loop bounds", "a missing await on the database call",
    "the cache never expiring entries", "timezone offsets being dropped during parsing",
    "a race between the two workers updating the same row", "a stale mock in the test fixture",
    "the connection pool being exhausted under load", "an unchecked None returned by the client",
};

static const char *const b_ag_change[] = {
    "replaced the manual loop in {ident} with a bounded iterator", "added a timeout to the store calls",
    "moved config loading into the constructor of {cls}", "added tests for empty and unicode input",
    "introduced cursor encoding helpers", "removed the unused {module} import",
    "added exponential backoff with jitter", "updated the migration for the renamed column",
};

static const char *const b_ag_summary[] = {
    "[Context summary] So far: located {ident} in {path_any}, reproduced the failure with the test suite, identified {ag_cause}, and drafted a fix. Remaining: apply the edit and re-run tests.",
    "Summary of earlier steps: explored {path_any} and {path_any}; {ag_change}; tests were failing in tests/{module}.",
};

static const char *const b_ag_env[] = {
    "<environment>\nWorking directory: /home/{dev_user}/code/{repo}\nPlatform: [darwin|linux]\nGit branch: [main|feature/{module}|fix/{ident}]\nToday's date: {date}\n</environment>",
    "<env>cwd=/Users/{dev_user}/src/{repo} os=[macOS 15.1|Ubuntu 24.04|Debian 12] shell=[zsh|bash]</env>",
    "Repository: {repo} (branch [main|develop|wip-{module}])",
};

static const char *const b_dev_user[] = {
    "dev", "alex", "mchen", "priya", "jsmith", "kwame", "lucia", "tom", "yuki", "ana", "build",
};

static const char *const b_repo[] = {
    "api-server", "webapp", "billing-service", "monorepo", "platform", "mobile-backend",
    "data-pipeline", "checkout", "infra", "dashboard", "core", "ingest",
};

/* --------------------------------------------------------- batch inputs --- */

static const char *const b_doc_invoice[] = {
    "INVOICE #{n5}\nDate: {date}\nBill to: {company_x}, {n3} {street}, {city}\nFrom: {company_x}\n\nItem                     Qty   Unit     Total\n{item_line}\n{item_line}\n{item_line}\n\nSubtotal: {money}\nTax ({n1}%): {money}\nTOTAL DUE: {money} USD\nPayment terms: Net {n2}",
    "Rechnung Nr. {n5}\nDatum: {date}\nKunde: {company_x}\nLeistung: {item_line}\nNetto: {money} EUR\nMwSt 19%: {money} EUR\nBrutto: {money} EUR",
    "Receipt {upper}{n4}\n{company_x} - {city}\n{item_line}\n{item_line}\nTotal {money}\nPaid by card ending {n4}",
};

static const char *const b_item_line[] = {
    "Consulting hours            {n2}   {money}   {money}", "Widget A (SKU-{n4})     {n1}   {money}   {money}",
    "Annual license              1    {money}   {money}", "Shipping                    1    {money}   {money}",
    "Office chairs               {n1}   {money}   {money}", "Cloud hosting ({month})      1    {money}   {money}",
};

static const char *const b_street[] = {
    "Main St", "Harbor Rd", "Elm Avenue", "Kingsway", "Rue de la Paix", "Industriestraße",
    "Market Street", "Station Road", "Oak Lane",
};

static const char *const b_doc_email[] = {
    "From: {name} {surname} <{name_l}@{mail_dom}>\nSubject: {email_subj}\n\nHi team,\n\n{email_body}\n\nBest,\n{name}",
    "Subject: Re: {email_subj}\n\n{email_body}\n\nThanks,\n{name} {surname}\n{job}, {company_x}",
};

static const char *const b_name_l[] = {"anna", "j.smith", "mike", "sara.k", "l.nguyen", "tom.b", "info", "orders"};
static const char *const b_mail_dom[] = {"gmail.com", "outlook.com", "acme-corp.com", "yahoo.com", "company.de"};

static const char *const b_email_subj[] = {
    "Order #{id6} not delivered", "Request for quote", "Meeting next {weekday}", "Invoice {n5} overdue",
    "Cancel my subscription", "Partnership inquiry", "Damaged item", "Change of address",
    "Urgent: login not working", "Feedback on the new release",
};

static const char *const b_email_body[] = {
    "I ordered {n1} items on {date} and still haven't received them. The tracking number {upper}{upper}{n5} shows no updates for a week. Please advise.",
    "Could you send me a quote for {n3} units of your standard package, delivered to {city} by the end of {month}?",
    "Our payment for invoice {n5} was sent on {date}. Please confirm receipt and update your records.",
    "I've been a customer for {n1} years but I'd like to cancel my subscription effective immediately. Please confirm.",
    "The product arrived with a cracked screen. I've attached photos. I'd like a replacement rather than a refund.",
    "I can't log in since the update; the app says my password is wrong even after resetting it twice.",
    "We'd love to explore a partnership with your team around {lib} integrations. Are you free for a call?",
};

static const char *const b_doc_ticket[] = {
    "Ticket #{n5} | Priority: [low|medium|high|urgent] | Channel: [email|chat|phone]\nCustomer: {name} {surname}\nMessage: {email_body}",
    "[{date} {clock}] user={n5} plan=[free|pro|team] \"{email_body}\"",
};

static const char *const b_doc_review[] = {
    "{n1}/5 stars. {review_body}",
    "Review of {product}: {review_body}",
    "\"{review_body}\" - verified buyer, {city}",
};

static const char *const b_review_body[] = {
    "Arrived quickly and works exactly as described. Battery life is great.",
    "Terrible quality, broke after two days. Customer service never replied.",
    "It's okay for the price, but the instructions were confusing.",
    "Absolutely love it, already ordered a second one for my {relation}.",
    "Smaller than expected and the color is off compared to the photos.",
    "Decent product but shipping took {n2} days, way longer than promised.",
    "Five stars, would recommend. Setup took less than {n1} minutes.",
    "The app keeps disconnecting. Returned it.",
    "Good value, sturdy build, a bit noisy at night.",
};

static const char *const b_doc_product[] = {
    "Title: {prod_adj} {prod_noun} - {n2}cm, {color}\nBrand: {company_x}\nDescription: {prod_adj} {prod_noun} made from {material}. Ideal for {prod_use}. Dimensions {n2}x{n2}x{n1} cm. Weight {n3} g.",
    "{prod_noun} | {material} | {color} | {money} | in stock: {n3}",
};

static const char *const b_prod_adj[] = {"Premium", "Compact", "Foldable", "Eco-friendly", "Waterproof", "Ergonomic", "Vintage", "Smart"};
static const char *const b_prod_noun[] = {"Desk Lamp", "Backpack", "Water Bottle", "Yoga Mat", "Throw Blanket", "Phone Stand", "Kettle", "Plant Pot", "Running Jacket", "Cutting Board"};
static const char *const b_color[] = {"black", "white", "navy", "sage green", "terracotta", "charcoal", "sand", "red"};
static const char *const b_material[] = {"recycled plastic", "bamboo", "stainless steel", "organic cotton", "oak", "ceramic", "aluminium"};
static const char *const b_prod_use[] = {"home offices", "hiking trips", "small kitchens", "gifts", "daily commutes", "kids' rooms"};

static const char *const b_doc_news[] = {
    "{city} - Officials announced on {weekday} that the {module} project will be delayed until {month}, citing rising costs. The city council had approved a budget of {n3} million last year. Critics say the delay will affect {n2},000 residents.",
    "Shares of {company_x} rose {n1}.{n1}% after the company reported quarterly revenue of {n3} million, beating expectations. The CEO said demand in {country_n} remained strong.",
    "A new study from researchers in {city} suggests that {concept} may play a larger role in daily life than previously thought. The team surveyed {n4} participants over {n1} years.",
};

static const char *const b_doc_resume[] = {
    "{name} {surname}\n{job} | {city}\nExperience: {n1} years at {company_x} as {job}; {n1} years at {company_x}.\nSkills: {lib}, {lib}, {lib}, communication.\nEducation: B.Sc. in {field_acad}, {year}.",
};

static const char *const b_field_acad[] = {
    "Computer Science", "Economics", "Biology", "Mechanical Engineering", "Psychology", "Mathematics",
    "Business Administration", "Chemistry", "Nursing", "Physics",
};

/* ------------------------------------------------------------ app backends --- */

static const char *const b_app_sys_tutor[] = {
    "You are {$app}, a friendly tutor for middle and high school students. Explain concepts clearly and patiently, use simple language, and encourage the student. When a student asks for the answer to a homework problem, guide them with hints and show the steps instead of only giving the final answer. Never be condescending. If a question is not about school subjects, gently steer back. Keep answers under 250 words unless the student asks for more detail.",
    "You are {$app}'s study assistant. Students use you to practice math, science and languages. Always: (1) restate the question, (2) work through it step by step, (3) check the answer, (4) suggest a similar practice problem. Format math with plain text, not LaTeX.",
};

static const char *const b_app_sys_support[] = {
    "You are the customer support assistant for {$app}. Be concise, polite and helpful. You can answer questions about orders, shipping, returns, billing and accounts. Shipping takes 3-5 business days; returns are accepted within 30 days with the receipt. Never promise refunds above the order value. If the customer is angry, apologize once and focus on solving the problem. If you cannot help, offer to create a ticket for a human agent. Do not discuss competitors. Do not invent order details.",
    "You are {$app} Support. Answer only questions related to {$app} products and services. Use the customer's first name if known. Keep replies under 120 words. Escalate to a human agent for legal threats, chargebacks or safety issues.",
};

static const char *const b_app_sys_writer[] = {
    "You are {$app}, an AI writing assistant. Help users draft, rewrite, shorten and proofread text while keeping their voice. Match the requested tone (professional, friendly, persuasive). Return only the rewritten text unless the user asks for an explanation.",
    "You are a writing helper inside {$app}. The user will paste text and an instruction. Apply the instruction faithfully; preserve facts, names and numbers; do not add new claims.",
};

static const char *const b_app_sys_companion[] = {
    "You are {$persona}, a warm and witty companion in the {$app} app. You remember that the user likes {hobby} and {genre} books. Be supportive, playful and curious; ask follow-up questions; keep messages short like a text conversation. Never claim to be human. If the user mentions self-harm, respond with care and share crisis resources.",
};

static const char *const b_app_sys_recipe[] = {
    "You are the cooking assistant of {$app}. Suggest recipes based on the ingredients the user has, respect dietary restrictions, give metric and imperial amounts, and keep steps numbered and short.",
};

static const char *const b_app_sys_travel[] = {
    "You are {$app}'s trip planner. Build realistic day-by-day itineraries with travel times, opening hours caveats and a rough budget. Ask about dates, budget and interests if missing. Do not book anything.",
};

static const char *const b_app_sys_fitness[] = {
    "You are {$app} Coach, a certified-trainer-style fitness assistant. Create safe, progressive workout and nutrition suggestions. Always remind users to consult a doctor for injuries or medical conditions. Use short bullet points.",
};

static const char *const b_app_sys_lang[] = {
    "You are {$app}, a language practice partner. Reply in the target language the user is learning, at their level, then add a short English note correcting their mistakes. Be encouraging.",
};

static const char *const b_app_name[] = {
    "Brightstep", "Tutorly", "Quillmate", "HelpHub", "Nestly", "Chefbot", "Wanderly", "FitFlow",
    "Lingo Loop", "Penwise", "Sparkmate", "StudyPal", "Orbit Shop", "Kindred", "Mealmind",
    "Roamwise", "PulseCoach", "Parlo", "Homeroom", "Draftly",
};

static const char *const b_persona[] = {"Mika", "Juniper", "Sol", "Rowan", "Kai", "Nova", "Sage", "Remy"};

static const char *const b_app_q_support[] = {
    "my order #{id6} hasn't arrived yet, it's been {n1} days",
    "How do I return {prod_noun}? I lost the receipt.",
    "I was charged twice this month!!",
    "can i change my delivery address after ordering",
    "The {prod_noun} I got is {color} but I ordered {color}.",
    "How do I cancel my subscription?",
    "Do you ship to {country_n}?",
    "I forgot my password and the reset email never comes",
    "Is the {prod_adj} {prod_noun} back in stock soon?",
    "why is my account locked",
    "I want a refund. This is the third time the delivery is late.",
    "What's your return policy for sale items?",
};

static const char *const b_app_q_companion[] = {
    "hey, long day at work. you there?", "i finally finished that {genre} book!!",
    "can you help me pick a movie for tonight", "i'm nervous about {a_event} tomorrow",
    "tell me something that'll make me smile", "what would you do on a rainy {weekday}?",
    "guess what, I tried {hobby} today", "i can't sleep", "do you think people can change?",
    "my {pet} did the funniest thing", "good morning :)", "ugh, mondays",
};

static const char *const b_app_q_tutor[] = {
    "how do i solve 3x + {n1} = {n2}", "what's the difference between mitosis and meiosis",
    "can you explain fractions divided by fractions", "help with my essay on {hist}",
    "whats the formula for the area of a circle", "I don't get {concept} at all",
    "Solve for x: x^2 - {n1}x + {n1} = 0, show the steps", "what is a metaphor, give examples",
    "how do you balance H2 + O2 -> H2O", "explain the causes of {hist} for my test tomorrow",
    "what's 15% of {n3}? how do I do it in my head", "can you check my answer: {n2} x {n2} = {n4}",
    "explain photosynthesis step by step", "why is the sky blue, simple answer please",
};

static const char *const b_app_q_fitness[] = {
    "I have {n2} minutes, give me a workout", "what should I eat after a run",
    "how many rest days per week?", "my knees hurt when I squat", "beginner 3-day split please",
    "how do I get my first pull-up", "is it ok to train when sore",
};

static const char *const b_app_q_lang[] = {
    "Hola! Ayer yo ir al mercado con mi amigo.", "Bonjour, je suis allé au cinéma hier soir.",
    "Ich habe gestern viel gearbeitet und bin müde.", "Watashi wa sushi ga suki desu.",
    "How do I say 'I would like a coffee' in {lang}?", "Can we practice ordering food in {lang}?",
    "Correct me: 'Yo soy cansado hoy'",
};

static const char *const b_app_q_writer[] = {
    "Make this more professional: {w_draft}", "Shorten to 50 words: {w_draft}",
    "Fix grammar: {w_draft}", "Make it sound friendlier: {w_draft}",
    "Write a tagline for a {prod_adj} {prod_noun}", "Rewrite for LinkedIn: {w_notes}",
    "Turn this into bullet points: {w_notes}",
};

/* ---------------------------------------------------------------- answers --- */

static const char *const b_resp_code[] = {
    "{r_open} Here's one way to do it:\n\n```python\n{code_py}```\n\n{code_expl} {r_close}",
    "The problem is {ag_cause}. Here's a fixed version:\n\n```\n{code_any}```\n\n{code_expl}",
    "{code_expl} For example:\n\n```\n{code_any}```\n\n{r_close}",
    "You can use {lib} for this. {code_expl}\n\n```\n{code_any}```",
};

static const char *const b_code_expl[] = {
    "This walks the list once, so it's O(n).", "The key change is checking for an empty input before dividing.",
    "Using a dictionary here avoids the nested loop.", "The async version lets other requests run while waiting on the database.",
    "Note that this mutates the list in place, so copy it first if you need the original.",
    "I added type hints so your editor can catch mistakes earlier.", "The regex is anchored so it won't match partial strings.",
};

static const char *const b_resp_extract[] = {
    "{\"vendor\": \"{company_x}\", \"invoice_number\": \"{n5}\", \"date\": \"{date}\", \"total\": {money}, \"currency\": \"[USD|EUR|GBP]\"}",
    "{\"intent\": \"[refund|delivery_status|cancel|billing|other]\", \"urgency\": \"[low|medium|high]\", \"order_id\": \"{id6}\"}",
    "{\"name\": \"{name} {surname}\", \"title\": \"{job}\", \"years_experience\": {n1}, \"skills\": [\"{lib}\", \"{lib}\"]}",
    "{\"category\": \"[Home & Kitchen|Sports|Outdoors|Office|Electronics]\", \"tags\": [\"{color}\", \"{material}\", \"{prod_use}\"]}",
};

static const char *const b_resp_label[] = {
    "positive", "negative", "neutral", "mixed", "POSITIVE", "NEGATIVE", "complaint", "question",
    "billing", "shipping", "spam", "not_spam", "urgent", "Category: {module}",
};

static const char *const b_resp_summary[] = {
    "{^doc_gist}. {r_sent}", "Summary: {doc_gist}; follow-up needed by {weekday}.",
    "- {^doc_gist}\n- Amount involved: {money}\n- Next step: reply to customer",
};

static const char *const b_doc_gist[] = {
    "the customer reports a delayed delivery and asks for an update",
    "the article reports a project delay caused by rising costs",
    "a company beat revenue expectations thanks to strong demand",
    "the sender requests a quote for a bulk order",
    "the reviewer is unhappy with quality and support",
    "the customer wants to cancel and asks for confirmation",
};

static const char *const b_resp_support[] = {
    "I'm sorry about that, {name}! I've checked and your order is on its way; it should arrive within 2 business days. {r_close}",
    "I understand how frustrating that is. I've opened ticket #{n5} so a teammate can review the duplicate charge within 24 hours.",
    "You can return it within 30 days from the Orders page: choose the item, select \"Return\", and print the label. No receipt needed if you ordered online.",
    "Yes, we ship to most countries. Delivery usually takes 5-10 business days.",
};

static const char *const b_resp_companion[] = {
    "Aww, that sounds like a lot. Want to tell me about it? I'm all ears. 💛",
    "No way, you finished it?! What did you think of the ending?",
    "Ooh, {hobby}! How did it go? I want details.",
    "Here's a little something: {r_sent} And also, you're doing better than you think. 😊",
    "Rainy {weekday}? Blanket, tea, and a {genre} story. You?",
};

static const char *const b_order_out[] = {
    "{\"order_id\": \"{id6}\", \"status\": \"[shipped|processing|delivered|delayed]\", \"eta\": \"{date}\", \"carrier\": \"[UPS|DHL|USPS|FedEx]\"}",
    "{\"error\": \"order not found\"}",
};

static const char *const b_ticket_out[] = {"Ticket #{n5} created; a human agent will reply within 24 hours."};

/* Instructions of batch pipelines, by pipeline kind; the choices are
 * resolved once per account, so each pipeline sends one fixed text. */
static const char *const b_bp_inst[] = {
    "[Extract vendor, invoice_number, date, total and currency from the following invoice. Respond with JSON only.|You are an invoice parser. Return a JSON object with the fields vendor, invoice_number, date, total, currency.]",
    "[Classify the intent and urgency of this customer email. Return JSON with keys intent, urgency, order_id.|Read the email and output JSON: {\"intent\": one of refund/delivery_status/cancel/billing/other, \"urgency\": low/medium/high, \"order_id\": string or null}.]",
    "[Assign exactly one category (billing, shipping, technical, account, other) to this support ticket. Answer with the category only.|Route this ticket. Reply with one word: billing, shipping, technical, account or other.]",
    "[Classify the sentiment of the review as positive, negative, neutral or mixed.|What is the sentiment of this product review? Answer positive, negative, neutral or mixed.]",
    "[Generate a category and up to 5 tags for this product listing. Respond in JSON.|Tag the product. Output JSON with \"category\" and \"tags\" (max 5).]",
    "[Summarize the following article in 2 sentences.|Write a two-sentence summary for a news digest.]",
    "[Extract name, title, years_experience and skills as JSON from this resume.|Parse the CV into JSON with name, title, years_experience, skills.]",
};

const sim_bank sim_banks_tech[] = {
    SIM_BANK("ident", b_ident),
    SIM_BANK("cls", b_cls),
    SIM_BANK("field", b_field),
    SIM_BANK("module", b_module),
    SIM_BANK("path_py", b_path_py),
    SIM_BANK("path_ts", b_path_ts),
    SIM_BANK("path_go", b_path_go),
    SIM_BANK("path_rs", b_path_rs),
    SIM_BANK("path_java", b_path_java),
    SIM_BANK("path_any", b_path_any),
    SIM_BANK("lib", b_lib),
    SIM_BANK("table", b_table),
    SIM_BANK("ind_code", b_ind_code),
    SIM_BANK("err_short", b_err_short),
    SIM_BANK("snippet_bug", b_snippet_bug),
    SIM_BANK("snippet_any", b_snippet_any),
    SIM_BANK("ag_task", b_ag_task),
    SIM_BANK("pl_other", b_pl_other),
    SIM_BANK("ci_fail", b_ci_fail),
    SIM_BANK("ag_think", b_ag_think),
    SIM_BANK("ag_grep", b_ag_grep),
    SIM_BANK("ag_cmd", b_ag_cmd),
    SIM_BANK("code_py", b_code_py),
    SIM_BANK("code_ts", b_code_ts),
    SIM_BANK("code_go", b_code_go),
    SIM_BANK("code_rs", b_code_rs),
    SIM_BANK("code_any", b_code_any),
    SIM_BANK("test_out", b_test_out),
    SIM_BANK("trace", b_trace),
    SIM_BANK("diff", b_diff),
    SIM_BANK("ls_out", b_ls_out),
    SIM_BANK("grep_out", b_grep_out),
    SIM_BANK("ag_ok", b_ag_ok),
    SIM_BANK("ag_done", b_ag_done),
    SIM_BANK("ag_cause", b_ag_cause),
    SIM_BANK("ag_change", b_ag_change),
    SIM_BANK("ag_summary", b_ag_summary),
    SIM_BANK("ag_env", b_ag_env),
    SIM_BANK("dev_user", b_dev_user),
    SIM_BANK("repo", b_repo),
    SIM_BANK("doc_invoice", b_doc_invoice),
    SIM_BANK("item_line", b_item_line),
    SIM_BANK("street", b_street),
    SIM_BANK("doc_email", b_doc_email),
    SIM_BANK("name_l", b_name_l),
    SIM_BANK("mail_dom", b_mail_dom),
    SIM_BANK("email_subj", b_email_subj),
    SIM_BANK("email_body", b_email_body),
    SIM_BANK("doc_ticket", b_doc_ticket),
    SIM_BANK("doc_review", b_doc_review),
    SIM_BANK("review_body", b_review_body),
    SIM_BANK("doc_product", b_doc_product),
    SIM_BANK("prod_adj", b_prod_adj),
    SIM_BANK("prod_noun", b_prod_noun),
    SIM_BANK("color", b_color),
    SIM_BANK("material", b_material),
    SIM_BANK("prod_use", b_prod_use),
    SIM_BANK("doc_news", b_doc_news),
    SIM_BANK("doc_resume", b_doc_resume),
    SIM_BANK("field_acad", b_field_acad),
    SIM_BANK("app_sys_tutor", b_app_sys_tutor),
    SIM_BANK("app_sys_support", b_app_sys_support),
    SIM_BANK("app_sys_writer", b_app_sys_writer),
    SIM_BANK("app_sys_companion", b_app_sys_companion),
    SIM_BANK("app_sys_recipe", b_app_sys_recipe),
    SIM_BANK("app_sys_travel", b_app_sys_travel),
    SIM_BANK("app_sys_fitness", b_app_sys_fitness),
    SIM_BANK("app_sys_lang", b_app_sys_lang),
    SIM_BANK("app_name", b_app_name),
    SIM_BANK("persona", b_persona),
    SIM_BANK("app_q_support", b_app_q_support),
    SIM_BANK("app_q_companion", b_app_q_companion),
    SIM_BANK("app_q_tutor", b_app_q_tutor),
    SIM_BANK("app_q_fitness", b_app_q_fitness),
    SIM_BANK("app_q_lang", b_app_q_lang),
    SIM_BANK("app_q_writer", b_app_q_writer),
    SIM_BANK("resp_code", b_resp_code),
    SIM_BANK("code_expl", b_code_expl),
    SIM_BANK("resp_extract", b_resp_extract),
    SIM_BANK("resp_label", b_resp_label),
    SIM_BANK("resp_summary", b_resp_summary),
    SIM_BANK("doc_gist", b_doc_gist),
    SIM_BANK("resp_support", b_resp_support),
    SIM_BANK("resp_companion", b_resp_companion),
    SIM_BANK("order_out", b_order_out),
    SIM_BANK("ticket_out", b_ticket_out),
    SIM_BANK("bp_inst", b_bp_inst),
    SIM_BANK_END,
};
