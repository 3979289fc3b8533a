// gw_errors.mjs — the gateway's refusals as the official clients see them:
// each must raise the client library's own error class for its status, with
// a JSON body in the shape of the endpoint's API (OpenAI {"error":{...}};
// Anthropic {"type":"error","error":{"type":...,"message":...}}).
//
//   node gw_errors.mjs policy         bad keys (401), a model outside the
//                                     tier (403), the free tier's 20
//                                     requests per minute (429, Retry-After)
//   node gw_errors.mjs upstream-down  the model server refuses connections (502)
//   node gw_errors.mjs upstream-hang  the model server never answers (504)
//
// Environment: SW_BASE, SW_KEY (a free-tier key), SW_KEY_RL (a key of another,
// unused free-tier account, for the rate limit), SW_MODEL (allowed for free),
// SW_MODEL_DENIED (not allowed for free), SW_KEY_OK (any working key, for the
// upstream phases).
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import crypto from 'node:crypto';
import { env, check, finish, assert, eq, expectError, upstreamLog } from './lib.mjs';

const base = env('SW_BASE');
const phase = process.argv[2];
const model = env('SW_MODEL', 'sw-small');
const oa = (key) => new OpenAI({ apiKey: key, baseURL: `${base}/v1`, maxRetries: 0, timeout: 30000 });
const an = (key) => new Anthropic({ apiKey: key, baseURL: base, maxRetries: 0, timeout: 30000 });
const chat = (key, extra = {}) => oa(key).chat.completions.create({
  model, max_tokens: 16, messages: [{ role: 'user', content: 'What is the capital of France?' }], ...extra });
const msg = (key, extra = {}) => an(key).messages.create({
  model, max_tokens: 16, messages: [{ role: 'user', content: 'What is the capital of France?' }], ...extra });

function openaiShape(err, what) {
  const e = err.error;
  assert(e && typeof e === 'object', `${what}: the error body is not {"error":{...}}: ${JSON.stringify(err.error)}`);
  assert(typeof e.message === 'string' && e.message.length > 0, `${what}: error.message missing: ${JSON.stringify(e)}`);
  assert(typeof e.type === 'string' && e.type.length > 0, `${what}: error.type missing: ${JSON.stringify(e)}`);
}

// The Anthropic client keeps the whole body in err.error.
function anthropicShape(err, type, what) {
  const b = err.error;
  assert(b && b.type === 'error' && b.error && typeof b.error === 'object',
    `${what}: body is not {"type":"error","error":{...}}: ${JSON.stringify(b)}`);
  eq(b.error.type, type, `${what}: error.type`);
  assert(typeof b.error.message === 'string' && b.error.message.length > 0, `${what}: error.message missing`);
}

// A response header of a client error (a plain object in the OpenAI client,
// a Headers in the Anthropic one).
const header = (err, name) => (err.headers && typeof err.headers.get === 'function' ? err.headers.get(name) : err.headers?.[name]) ?? undefined;

// A key with the right shape that was never issued.
const forgedKey = () => 'sk-sw-' + crypto.randomBytes(4).toString('hex') + crypto.randomBytes(32).toString('base64url');

if (phase === 'policy') {
  const key = env('SW_KEY');
  const keyRl = env('SW_KEY_RL');
  const denied = env('SW_MODEL_DENIED');

  await check('unknown key: AuthenticationError 401 (OpenAI shape)', async () => {
    for (const k of [forgedKey(), 'sk-not-a-key', key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A')]) {
      const e = await expectError(() => chat(k), OpenAI.AuthenticationError, 401, `key ${k.slice(0, 14)}…`);
      openaiShape(e, 'unknown key');
    }
  });

  await check('no credentials at all: 401 JSON', async () => {
    const r = await fetch(`${base}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'x' }] }) });
    eq(r.status, 401, 'status');
    const b = await r.json();
    assert(b.error && typeof b.error.message === 'string', `body: ${JSON.stringify(b)}`);
  });

  await check('unknown key on /v1/messages: Anthropic AuthenticationError, authentication_error shape', async () => {
    const e = await expectError(() => msg(forgedKey()), Anthropic.AuthenticationError, 401, 'messages');
    anthropicShape(e, 'authentication_error', 'messages 401');
    const s = await expectError(() => msg(forgedKey(), { stream: true }), Anthropic.AuthenticationError, 401, 'messages stream');
    anthropicShape(s, 'authentication_error', 'messages stream 401');
  });

  await check('the key works for an allowed model', async () => {
    const r = await chat(key);
    assert(r.choices[0].message.content.length > 0, 'empty answer');
  });

  await check('model outside the tier: PermissionDeniedError 403', async () => {
    const e = await expectError(() => chat(key, { model: denied }), OpenAI.PermissionDeniedError, 403, `model ${denied}`);
    openaiShape(e, 'model denied');
    const s = await expectError(() => chat(key, { model: denied, stream: true }), OpenAI.PermissionDeniedError, 403, 'stream');
    openaiShape(s, 'model denied (stream)');
    const a = await expectError(() => msg(key, { model: denied }), Anthropic.PermissionDeniedError, 403, 'messages');
    anthropicShape(a, 'permission_error', 'messages 403');
    assert(!upstreamLog().some((l) => l.body && l.body.model === denied), 'a request for the denied model reached the model server');
  });

  await check('free tier: exactly 20 requests a minute, then RateLimitError 429 with Retry-After', async () => {
    let ok = 0;
    for (let i = 0; i < 20; i++) {
      try {
        await chat(keyRl, { messages: [{ role: 'user', content: `Capital of country number ${i}?` }] });
        ok++;
      } catch (e) {
        throw new Error(`request ${i + 1} of 20 refused: ${e.status} ${e.message}`);
      }
    }
    eq(ok, 20, 'requests admitted');
    const e = await expectError(() => chat(keyRl), OpenAI.RateLimitError, 429, 'request 21');
    openaiShape(e, '429');
    const ra = header(e, 'retry-after');
    assert(ra !== undefined, `no Retry-After header on the 429 (headers: ${JSON.stringify(e.headers)})`);
    // The window slides (this minute plus the previous one, weighted): twenty
    // requests early in a minute keep counting until the minute is over and
    // then fade out, so the wait can exceed 60 s by up to 60/20 = 3 s.
    assert(/^\d+$/.test(ra) && Number(ra) >= 1 && Number(ra) <= 64, `Retry-After '${ra}' is not 1..64 seconds`);
    const a = await expectError(() => msg(keyRl), Anthropic.RateLimitError, 429, 'request 22 (messages)');
    anthropicShape(a, 'rate_limit_error', 'messages 429');
    assert(/^\d+$/.test(header(a, 'retry-after') ?? ''), 'no Retry-After on the Anthropic-shaped 429');
  });

  await check('the rate limit of one account leaves another alone', async () => {
    const r = await chat(key);
    assert(r.choices.length === 1, 'no answer');
  });
} else if (phase === 'upstream-down') {
  const key = env('SW_KEY_OK');
  await check('model server down: APIError 502 with a JSON body', async () => {
    const e = await expectError(() => chat(key), OpenAI.APIError, 502, 'chat');
    openaiShape(e, '502');
    const s = await expectError(() => chat(key, { stream: true }), OpenAI.APIError, 502, 'chat stream');
    openaiShape(s, '502 (stream)');
    const a = await expectError(() => msg(key), Anthropic.APIError, 502, 'messages');
    anthropicShape(a, 'api_error', 'messages 502');
  });
  await check('the gateway itself stays healthy', async () => {
    const r = await fetch(`${base}/healthz`);
    eq(r.status, 200, '/healthz');
  });
} else if (phase === 'upstream-hang') {
  const key = env('SW_KEY_OK');
  const limitMs = Number(env('SW_HANG_LIMIT_MS'));
  await check('model server hangs: APIError 504 with a JSON body, within the configured timeout', async () => {
    const t0 = performance.now();
    const e = await expectError(() => chat(key), OpenAI.APIError, 504, 'chat');
    openaiShape(e, '504');
    const took = performance.now() - t0;
    assert(took < limitMs, `the 504 came after ${took.toFixed(0)} ms, more than ${limitMs} ms`);
    const a = await expectError(() => msg(key), Anthropic.APIError, 504, 'messages');
    anthropicShape(a, 'api_error', 'messages 504');
  });
} else {
  console.error('usage: node gw_errors.mjs policy|upstream-down|upstream-hang');
  process.exit(2);
}

finish();
