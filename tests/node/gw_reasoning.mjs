// gw_reasoning.mjs — raw reasoning is withheld from a tier that does not
// expose it, and passed on to one that does. The stand-in is started with
// --reasoning, so every answer it writes carries reasoning: chat
// reasoning_content, a Responses reasoning item with its summary events, an
// Anthropic thinking block with its deltas and signature. Through the
// gateway, with SW_KEY (a tier with expose.reasoning false) the official
// clients must get the answers, usage and well-formed streams without any of
// it — the Anthropic and OpenAI stream helpers accumulate by index, so they
// also prove that the remaining indexes were renumbered; with SW_KEY_SHOWN
// (expose.reasoning true) the reasoning must arrive.
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { env, check, finish, assert, eq } from './lib.mjs';

const base = env('SW_BASE');
const model = env('SW_MODEL', 'sw-small');
const clients = (key) => ({
  openai: new OpenAI({ apiKey: key, baseURL: `${base}/v1`, maxRetries: 0, timeout: 30000 }),
  anthropic: new Anthropic({ apiKey: key, baseURL: base, maxRetries: 0, timeout: 30000 }),
});
const hidden = clients(env('SW_KEY'));
const shown = clients(env('SW_KEY_SHOWN'));
const msgs = [{ role: 'user', content: 'Explain why the sky is blue.' }];

// Every key anywhere in a value that names reasoning.
function reasoningKeys(v, path = '$', out = []) {
  if (Array.isArray(v)) v.forEach((x, i) => reasoningKeys(x, `${path}[${i}]`, out));
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (['reasoning_content', 'reasoning', 'thinking', 'signature'].includes(k) && x !== null && typeof x !== 'object')
        out.push(`${path}.${k}`);
      if (k === 'type' && typeof x === 'string' && /reasoning|thinking/.test(x)) out.push(`${path}.type=${x}`);
      reasoningKeys(x, `${path}.${k}`, out);
    }
  }
  return out;
}

function none(v, what) {
  const found = reasoningKeys(v);
  assert(found.length === 0, `${what}: reasoning reached the client at ${found.slice(0, 4).join(', ')}`);
}

// ---- withheld ----

await check('chat plain: answer and usage, no reasoning', async () => {
  const r = await hidden.openai.chat.completions.create({ model, messages: msgs, reasoning_effort: 'high' });
  none(r, 'chat');
  assert(r.choices[0].message.content.length > 0, 'empty answer');
  eq(r.choices[0].finish_reason, 'stop', 'finish_reason');
  assert(r.usage.completion_tokens_details.reasoning_tokens > 0, 'usage lost its reasoning token count');
});

await check('chat stream: answer chunks and usage, no reasoning', async () => {
  const s = await hidden.openai.chat.completions.create({ model, messages: msgs, stream: true,
    stream_options: { include_usage: true } });
  let text = '', usage = null, finishReason = null;
  for await (const c of s) {
    none(c, 'chat chunk');
    for (const ch of c.choices) {
      text += ch.delta.content ?? '';
      finishReason = ch.finish_reason ?? finishReason;
    }
    usage = c.usage ?? usage;
  }
  assert(text.length > 0, 'no answer text');
  eq(finishReason, 'stop', 'finish_reason');
  assert(usage && usage.completion_tokens > 0, `usage: ${JSON.stringify(usage)}`);
});

await check('chat stream helper: final completion without reasoning', async () => {
  // the stream helper lives under beta in the 4.x clients
  const chat = hidden.openai.chat.completions.stream ? hidden.openai.chat.completions : hidden.openai.beta.chat.completions;
  const s = chat.stream({ model, messages: msgs });
  const fc = await s.finalChatCompletion();
  none(fc, 'chat final');
  assert(fc.choices[0].message.content.length > 0, 'no answer');
});

await check('responses plain: output without reasoning items', async () => {
  const r = await hidden.openai.responses.create({ model, input: 'Why is the sky blue?', reasoning: { effort: 'high' } });
  none(r.output, 'responses output');
  eq(r.output.length, 1, 'output items');
  assert(r.output_text.length > 0, 'no output_text');
  assert(r.usage.output_tokens > 0, 'usage');
});

await check('responses stream: no reasoning events, consecutive output_index', async () => {
  const s = hidden.openai.responses.stream({ model, input: 'Why is the sky blue?' });
  const types = [];
  s.on('event', (e) => {
    types.push(e.type);
    if (e.output_index !== undefined) eq(e.output_index, 0, `${e.type}: output_index`);
  });
  const r = await s.finalResponse();
  assert(!types.some((t) => /reasoning/.test(t)), `reasoning events: ${types.filter((t) => /reasoning/.test(t))}`);
  assert(types.includes('response.output_text.delta') && types.includes('response.completed'), `events: ${types}`);
  none(r.output, 'responses final');
  eq(r.output.length, 1, 'output items');
  assert(r.output[0].content[0].text.length > 0, 'no output text');
});

await check('messages plain: text block only', async () => {
  const m = await hidden.anthropic.messages.create({ model, max_tokens: 1024, messages: msgs,
    thinking: { type: 'enabled', budget_tokens: 512 } });
  none(m, 'message');
  eq(m.content.length, 1, 'content blocks');
  eq(m.content[0].type, 'text', 'block type');
  assert(m.usage.output_tokens > 0, 'usage');
});

await check('messages stream: thinking events dropped, indexes renumbered', async () => {
  const raw = await hidden.anthropic.messages.create({ model, max_tokens: 1024, messages: msgs, stream: true });
  const idx = [];
  for await (const e of raw) {
    none(e, `event ${e.type}`);
    if (e.index !== undefined) idx.push(e.index);
  }
  assert(idx.length > 0 && idx.every((i) => i === 0), `indexes: ${idx}`);
  const s = hidden.anthropic.messages.stream({ model, max_tokens: 1024, messages: msgs });
  let thinking = 0;
  s.on('thinking', () => thinking++);
  const fm = await s.finalMessage();
  eq(thinking, 0, 'thinking events');
  eq(fm.content.length, 1, 'content blocks');
  eq(fm.content[0].type, 'text', 'block type');
  assert(fm.content[0].text.length > 0, 'no text');
  eq(fm.stop_reason, 'end_turn', 'stop_reason');
});

await check('plain answer: its exact length, after the reasoning went', async () => {
  const r = await fetch(`${base}/v1/chat/completions`, { method: 'POST',
    headers: { authorization: `Bearer ${env('SW_KEY')}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: msgs }) });
  const text = await r.text();
  const cl = r.headers.get('content-length');
  // the model server announced a length; the shorter answer goes with its own, not in chunks
  assert(cl !== null && Number(cl) === Buffer.byteLength(text), `content-length ${cl} for ${Buffer.byteLength(text)} bytes`);
  eq(r.headers.get('transfer-encoding'), null, 'transfer-encoding');
  none(JSON.parse(text), 'raw chat');
});

// ---- exposed ----

await check('exposing tier: reasoning passed on', async () => {
  const c = await shown.openai.chat.completions.create({ model, messages: msgs });
  assert(c.choices[0].message.reasoning_content, 'chat: no reasoning_content');
  const s = shown.openai.responses.stream({ model, input: 'x' });
  const types = [];
  s.on('event', (e) => types.push(e.type));
  const r = await s.finalResponse();
  assert(types.includes('response.reasoning_summary_text.delta'), 'responses: no reasoning summary deltas');
  eq(r.output[0].type, 'reasoning', 'responses: first item');
  const m = await shown.anthropic.messages.create({ model, max_tokens: 1024, messages: msgs });
  eq(m.content[0].type, 'thinking', 'messages: first block');
  const ms = shown.anthropic.messages.stream({ model, max_tokens: 1024, messages: msgs });
  let thinking = '';
  ms.on('thinking', (d) => { thinking += d; });
  const fm = await ms.finalMessage();
  assert(thinking.length > 0 && fm.content[0].thinking === thinking, 'messages stream: thinking text');
});

finish();
