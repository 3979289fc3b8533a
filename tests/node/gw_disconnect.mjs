// gw_disconnect.mjs — clients that go away in the middle of an exchange: a
// streamed answer aborted after a few chunks (OpenAI and Anthropic clients),
// right after the headers, while the gateway still waits for the model
// server, a request whose body never finishes, and many streams aborted at
// once. After each, the gateway must still answer /healthz and serve the
// next request. The stand-in streams slowly (SW_DELAY_MS between chunks), so
// every abort lands mid-stream.
import net from 'node:net';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { env, check, finish, assert, eq, sleep, upstreamControl } from './lib.mjs';

const base = env('SW_BASE');
const key = env('SW_KEY');
const model = env('SW_MODEL', 'sw-small');
const openai = new OpenAI({ apiKey: key, baseURL: `${base}/v1`, maxRetries: 0, timeout: 30000 });
const anthropic = new Anthropic({ apiKey: key, baseURL: base, maxRetries: 0, timeout: 30000 });
const messages = [{ role: 'user', content: 'Tell me a long story about a lighthouse.' }];

async function stillServing(what) {
  const h = await fetch(`${base}/healthz`);
  eq(h.status, 200, `${what}: /healthz afterwards`);
  const r = await openai.chat.completions.create({ model, max_tokens: 3, messages: [{ role: 'user', content: 'Say hi.' }] });
  eq(r.usage.completion_tokens, 3, `${what}: the next request's completion tokens`);
}

const aborted = (e) => e && (e.name === 'AbortError' || e.constructor?.name === 'APIUserAbortError' || /abort/i.test(e.message));

await check('OpenAI stream aborted after three chunks', async () => {
  const ac = new AbortController();
  const stream = await openai.chat.completions.create({ model, messages, stream: true }, { signal: ac.signal });
  let n = 0;
  try {
    for await (const c of stream) {
      if (c.choices[0]?.delta?.content && ++n === 3) ac.abort();
    }
    throw new Error('the stream ended without the abort taking effect');
  } catch (e) {
    if (!aborted(e)) throw e;
  }
  eq(n, 3, 'chunks before the abort');
  await stillServing('after the OpenAI abort');
});

await check('Anthropic stream aborted after three chunks', async () => {
  const s = anthropic.messages.stream({ model, max_tokens: 1024, messages });
  let n = 0;
  s.on('text', () => { if (++n === 3) s.abort(); });
  try { await s.finalMessage(); } catch (e) { if (!aborted(e)) throw e; }
  assert(n >= 3, `only ${n} chunks arrived`);
  await stillServing('after the Anthropic abort');
});

await check('aborted right after the response headers', async () => {
  const ac = new AbortController();
  const r = await fetch(`${base}/v1/chat/completions`, { method: 'POST', signal: ac.signal,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages, stream: true }) });
  eq(r.status, 200, 'status');
  ac.abort();
  await stillServing('after an abort at the headers');
});

await check('aborted while the gateway waits for the model server', async () => {
  await upstreamControl({ fail: 'hang', fail_count: 1 });
  const ac = new AbortController();
  const p = fetch(`${base}/v1/chat/completions`, { method: 'POST', signal: ac.signal,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages, stream: true }) });
  await sleep(300);
  ac.abort();
  try { await p; } catch (e) { if (!aborted(e)) throw e; }
  await stillServing('after an abort before any answer');
});

await check('a request body that never finishes', async () => {
  const u = new URL(base);
  await new Promise((resolve, reject) => {
    const s = net.connect(Number(u.port), u.hostname, () => {
      s.write(`POST /v1/chat/completions HTTP/1.1\r\nHost: ${u.host}\r\nAuthorization: Bearer ${key}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"model":"' + model + '","messages":[');
      setTimeout(() => { s.destroy(); resolve(); }, 200);
    });
    s.on('error', reject);
  });
  await stillServing('after a half-sent body');
});

await check('thirty streams aborted at once, at different points', async () => {
  const runs = Array.from({ length: 30 }, async (_, i) => {
    const ac = new AbortController();
    const stream = await openai.chat.completions.create(
      { model, stream: true, messages: [{ role: 'user', content: `Story number ${i}` }] }, { signal: ac.signal });
    let n = 0;
    try {
      for await (const c of stream) if (c.choices[0]?.delta?.content && ++n === 1 + (i % 5)) ac.abort();
    } catch (e) {
      if (!aborted(e)) throw e;
    }
  });
  await Promise.all(runs);
  await stillServing('after thirty aborts');
});

await check('the model server\'s streams for aborted clients are closed', async () => {
  let c = null;
  for (let i = 0; i < 30; i++) {
    c = await upstreamControl();
    if (c.counters.active === 0) break;
    await sleep(100);
  }
  assert(c.counters.active === 0, `${c.counters.active} requests still open at the model server 3 s after their clients left: ` +
    JSON.stringify(c.active_requests));
});

finish();
