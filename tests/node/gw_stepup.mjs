// gw_stepup.mjs — step-up verification with passkeys, in a real browser.
//
// Two accounts act like a naive scraper until the detector's verdict is
// "challenge". The 403 names a step-up URL (with a ticket in its fragment)
// on the host the client addressed, "localhost": browsers refuse IP
// addresses as WebAuthn relying party ids, so the scrapers' requests go to
// 127.0.0.1 with Host: localhost:PORT. Headless Chromium opens that URL with
// a CDP virtual authenticator: one that verifies its user registers a
// passkey and passes, after which the account is served again; one that
// does not verify its user is refused, and its account stays challenged.
//
// Environment: SW_BASE, SW_KEY_A, SW_KEY_B, SW_MODEL, SW_CHROMIUM.
import http from 'node:http';
import puppeteer from 'puppeteer-core';
import { env, check, finish, assert, eq, sleep } from './lib.mjs';

const base = new URL(env('SW_BASE'));
const host = `localhost:${base.port}`;
const model = env('SW_MODEL', 'sw-large');

function post(path, key, body) {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = http.request({ host: '127.0.0.1', port: base.port, path, method: 'POST', setHost: false,
      headers: { host, authorization: `Bearer ${key}`, 'content-type': 'application/json',
        'content-length': Buffer.byteLength(data), 'user-agent': 'python-requests/2.31.0' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(data);
  });
}

const chat = (key, content, max_tokens) => post('/v1/chat/completions', key,
  { model, max_tokens, temperature: 0, messages: [{ role: 'user', content }] });

// Scrapes until refused; returns the step-up URL of the refusal.
async function scrapeUntilChallenged(key, who) {
  for (let i = 1; i <= 200; i++) {
    const r = await chat(key, `Solve step by step and show all your reasoning: problem ${i}: ` +
      `find the number of primes below ${1000 + i * 7} (${who}).`, 32768);
    if (r.status === 200) continue;
    eq(r.status, 403, `${who}: refusal status (${r.text.slice(0, 200)})`);
    const b = JSON.parse(r.text);
    eq(b.error.code, 'step_up_required', `${who}: refusal code`);
    const m = /(http:\/\/\S+\/stepup#ticket=swt1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(b.error.message);
    assert(m, `${who}: the refusal names no step-up URL: ${b.error.message}`);
    eq(r.headers['sw-step-up-url'], m[1], `${who}: sw-step-up-url header`);
    assert(m[1].startsWith(`http://${host}/stepup#`), `${who}: URL ${m[1]} is not on ${host}`);
    console.log(`     ${who} challenged at request ${i}`);
    return m[1];
  }
  throw new Error(`${who}: not challenged within 200 requests`);
}

let urlA, urlB;
await check('two scrapers are challenged with a step-up URL', async () => {
  urlA = await scrapeUntilChallenged(env('SW_KEY_A'), 'verified-scraper');
  urlB = await scrapeUntilChallenged(env('SW_KEY_B'), 'unverified-scraper');
});

const browser = await puppeteer.launch({ executablePath: env('SW_CHROMIUM'), headless: true,
  args: ['--no-sandbox', '--host-resolver-rules=MAP localhost 127.0.0.1', '--disable-gpu', '--no-first-run'] });

// Opens url in a fresh browser context with a virtual authenticator, clicks
// the button and returns the page's final state and text.
async function ceremony(url, isUserVerified) {
  const ctx = await browser.createBrowserContext();
  try {
    const page = await ctx.newPage();
    const cdp = await page.createCDPSession();
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', { options: { protocol: 'ctap2', transport: 'internal',
      hasResidentKey: true, hasUserVerification: true, isUserVerified, automaticPresenceSimulation: true } });
    const res = await page.goto(url, { waitUntil: 'load' });
    eq(res.status(), 200, 'GET /stepup');
    assert(/script-src 'nonce-/.test(res.headers()['content-security-policy'] ?? ''), 'the page has no CSP with a nonce');
    await page.click('#go');
    // polled from here: a waitForFunction poller left behind in the page
    // rejects unhandled once the context closes
    for (const until = Date.now() + 20000; Date.now() < until; await sleep(100)) {
      const s = await page.$eval('#status', (e) => ({ state: e.dataset.state, text: e.textContent }));
      if (s.state === 'ok' || s.state === 'error') return s;
    }
    throw new Error('the page did not finish within 20 s');
  } finally {
    await ctx.close();
  }
}

await check('a user-verifying passkey lifts the challenge', async () => {
  const r = await ceremony(urlA, true);
  console.log(`     page: ${r.state}: ${r.text}`);
  eq(r.state, 'ok', 'the page\'s outcome');
  for (let i = 0; i < 3; i++) {
    const a = await chat(env('SW_KEY_A'), `What is a good name for a bakery? (${i})`, 64);
    eq(a.status, 200, `verified-scraper's request ${i} after step-up (${a.text.slice(0, 200)})`);
    assert(JSON.parse(a.text).choices[0].message.content.length > 0, 'empty answer');
  }
});

await check('an authenticator without user verification is refused', async () => {
  const r = await ceremony(urlB, false);
  console.log(`     page: ${r.state}: ${r.text}`);
  eq(r.state, 'error', 'the page\'s outcome');
  const b = await chat(env('SW_KEY_B'), 'What is a good name for a bakery?', 64);
  eq(b.status, 403, `unverified-scraper's request after the failed step-up (${b.text.slice(0, 200)})`);
  eq(JSON.parse(b.text).error.code, 'step_up_required', 'its refusal');
});

await check('a ticket is good for its own account only, and the page needs one', async () => {
  const ticketA = new URL(urlA).hash.replace('#ticket=', '');
  const opts = await post('/v1/stepup/options', ticketA, {});
  eq(opts.status, 200, 'options with verified-scraper\'s ticket');
  const forged = ticketA.slice(0, -2) + (ticketA.endsWith('AA') ? 'BB' : 'AA');
  eq((await post('/v1/stepup/options', forged, {})).status, 401, 'options with a forged ticket');
  eq((await post('/v1/stepup/register/options', ticketA, {})).status, 200,
    'another passkey while stepped up');
  const ticketB = new URL(urlB).hash.replace('#ticket=', '');
  const noKey = await post('/v1/stepup/options', ticketB, {});
  eq(noKey.status, 404, 'options for an account without a passkey');
  eq(JSON.parse(noKey.text).error.code, 'no_passkey', 'its code');
});

await browser.close();
finish();
