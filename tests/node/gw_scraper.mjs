// gw_scraper.mjs — online detection as a customer and a distiller meet it.
//
// A normal user (the official OpenAI client, varied everyday questions,
// default answer lengths) works undisturbed before, during and after. A
// naive scraper on one key (a generic HTTP library, rapid templated
// chain-of-thought prompts "Solve step by step and show all your reasoning:
// <problem N>" with max_tokens 32768) must, within its first 200 requests,
// either be refused (403 or 429 naming a detector decision rather than a
// plain rate limit) or show as flagged in the gateway's /metrics.
//
// Environment: SW_BASE, SW_KEY_USER (tier SW_TIER_USER), SW_KEY_SCRAPER
// (tier SW_TIER_SCRAPER), SW_MODEL.
import OpenAI from 'openai';
import { env, check, finish, assert, eq } from './lib.mjs';

const base = env('SW_BASE');
const model = env('SW_MODEL', 'sw-small');
const userTier = env('SW_TIER_USER');
const scraperTier = env('SW_TIER_SCRAPER');
const user = new OpenAI({ apiKey: env('SW_KEY_USER'), baseURL: `${base}/v1`, maxRetries: 0 });
const scraperKey = env('SW_KEY_SCRAPER');

const topics = ['a good name for a bakery', 'how to say thank you in Japanese', 'a birthday message for my aunt',
  'why the sky is blue', 'a packing list for a weekend hike', 'what to cook with leftover rice',
  'the plot of Hamlet in two sentences', 'how to remove a coffee stain', 'a polite reminder email to a client',
  'the difference between a latte and a flat white', 'tips for a first job interview', 'how tides work',
  'a haiku about autumn', 'how to repot a cactus', 'what time zone Lisbon is in', 'a synonym for happy',
  'how long to boil an egg', 'the rules of chess castling', 'a toast for a wedding', 'how to fix a squeaky door'];
const asks = (i) => [`Can you suggest ${topics[i % topics.length]}?`, `Quick question: ${topics[i % topics.length]}.`,
  `I need help with ${topics[i % topics.length]}, thanks!`][Math.floor(i / topics.length) % 3];

async function userRound(from, n) {
  for (let i = from; i < from + n; i++) {
    const r = await user.chat.completions.create({ model, messages: [
      { role: 'system', content: 'You are a friendly assistant.' }, { role: 'user', content: asks(i) }] });
    assert(r.choices[0].message.content.length > 0, `normal user request ${i}: empty answer`);
  }
}

async function metrics() {
  const r = await fetch(`${base}/metrics`);
  eq(r.status, 200, 'GET /metrics');
  const text = await r.text();
  const flaggedAccounts = Number((/^stillwatch_detector_flagged_accounts(?:\{[^}]*\})?\s+(\S+)/m.exec(text) ?? [])[1]);
  const byTier = {};
  for (const m of text.matchAll(/^stillwatch_requests_total\{([^}]*)\}\s+(\S+)/gm)) {
    const labels = Object.fromEntries([...m[1].matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    const t = (byTier[labels.tier] ??= {});
    t[labels.verdict] = (t[labels.verdict] ?? 0) + Number(m[2]);
  }
  return { text, flaggedAccounts, byTier };
}
const FLAGGED = ['throttle', 'challenge', 'block', 'degrade'];
const flaggedRequests = (m, tier) => FLAGGED.reduce((s, v) => s + ((m.byTier[tier] ?? {})[v] ?? 0), 0);
const RATE_REASONS = /requests per minute|tokens per minute|daily tokens|concurrent streams/i;

await check('a normal user is served and not flagged', async () => {
  await userRound(0, 40);
  const m = await metrics();
  assert(m.flaggedAccounts === 0, `stillwatch_detector_flagged_accounts is ${m.flaggedAccounts} after the normal user alone`);
  assert(flaggedRequests(m, userTier) === 0, `normal user's requests counted under a flagged verdict: ${JSON.stringify(m.byTier[userTier])}`);
});

let refusal = null, sent = 0;
await check('a naive scraper is refused or flagged within its first 200 requests', async () => {
  const problems = ['the sum of the first N odd numbers', 'the number of primes below N', 'N! modulo 1000007',
    'the shortest path in a grid of size N', 'the Nth Fibonacci number', 'the integer solutions of x^2 - N y^2 = 1'];
  const userDone = userRound(40, 20); // the normal user keeps working meanwhile
  for (let i = 1; i <= 200 && !refusal; i++) {
    const body = JSON.stringify({ model, max_tokens: 32768, temperature: 0,
      messages: [{ role: 'user', content: `Solve step by step and show all your reasoning: problem ${i}: find ${problems[i % problems.length].replace('N', String(1000 + i * 7))}.` }] });
    const r = await fetch(`${base}/v1/chat/completions`, { method: 'POST', body,
      headers: { authorization: `Bearer ${scraperKey}`, 'content-type': 'application/json', 'user-agent': 'python-requests/2.31.0' } });
    const text = await r.text();
    sent = i;
    if (r.status === 200) continue;
    refusal = { n: i, status: r.status, text, retryAfter: r.headers.get('retry-after') };
  }
  await userDone;
  const m = await metrics();
  const flaggedInMetrics = m.flaggedAccounts >= 1 && flaggedRequests(m, scraperTier) > 0;
  if (refusal) {
    console.log(`     refused at request ${refusal.n}: ${refusal.status} ${refusal.text.slice(0, 300)}`);
    assert(refusal.status === 403 || refusal.status === 429, `the scraper's request ${refusal.n} got ${refusal.status}, not 403 or 429: ${refusal.text.slice(0, 300)}`);
    let b = null;
    try { b = JSON.parse(refusal.text); } catch { /* checked below */ }
    assert(b && b.error && typeof b.error.message === 'string', `the refusal is not a JSON error: ${refusal.text.slice(0, 300)}`);
    const plainRateLimit = RATE_REASONS.test(b.error.message) || RATE_REASONS.test(String(b.error.code));
    assert(!plainRateLimit || flaggedInMetrics,
      `the scraper was refused by a plain rate limit (${b.error.message}) while the detector had not flagged it`);
  } else {
    console.log(`     ${sent} requests served; /metrics: flagged accounts ${m.flaggedAccounts}, ` +
      `scraper tier ${JSON.stringify(m.byTier[scraperTier] ?? {})}`);
    assert(flaggedInMetrics, `after 200 requests the scraper is neither refused nor flagged in /metrics ` +
      `(stillwatch_detector_flagged_accounts ${m.flaggedAccounts}, requests of tier ${scraperTier}: ${JSON.stringify(m.byTier[scraperTier] ?? {})})`);
  }
});

await check('the normal user is still served and still not flagged', async () => {
  await userRound(60, 10);
  const m = await metrics();
  assert(flaggedRequests(m, userTier) === 0, `normal user's requests under a flagged verdict: ${JSON.stringify(m.byTier[userTier])}`);
  assert(m.flaggedAccounts <= 1, `stillwatch_detector_flagged_accounts is ${m.flaggedAccounts}: more than the scraper`);
});

finish();
