// gw_sdk.mjs — the official OpenAI and Anthropic client libraries, used as
// customers use them, through the gateway (or, with SW_DIRECT=1, against the
// model server stand-in itself, which proves the stand-in's wire format):
// chat completions plain and streamed, legacy completions, the Responses API
// and Anthropic Messages, plain and streamed. Streams must be passed on as
// they are produced: the stand-in spaces its chunks (SW_DELAY_MS × tokens),
// and the first chunk has to reach the client long before the last.
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { env, check, finish, assert, eq, findForwarded, marker } from './lib.mjs';

const base = env('SW_BASE');
const key = env('SW_KEY');
const model = env('SW_MODEL', 'sw-small');
const delayMs = Number(env('SW_DELAY_MS'));
const tokens = Number(env('SW_TOKENS'));
const direct = env('SW_DIRECT', '0') === '1';
const upstreamLogged = env('SW_UPSTREAM_LOG', '') !== '';

const openai = new OpenAI({ apiKey: key, baseURL: `${base}/v1`, maxRetries: 0, timeout: 30000 });
const anthropic = new Anthropic({ apiKey: key, baseURL: base, maxRetries: 0, timeout: 30000 });

// The stand-in saw the request carrying this marker, with the body the client sent.
function forwarded(mark, what, fields = {}) {
  if (!upstreamLogged) return null;
  const seen = findForwarded(mark);
  eq(seen.length, 1, `${what}: requests carrying the marker that reached the model server`);
  const b = seen[0].body;
  for (const [k, v] of Object.entries(fields)) eq(JSON.stringify(b[k]), JSON.stringify(v), `${what}: forwarded ${k}`);
  return seen[0];
}

// Times a stream: when the first piece of text arrived and when it ended.
async function timed(stream, textOf) {
  const t0 = performance.now();
  let first = null, n = 0, text = '';
  const events = [];
  for await (const ev of stream) {
    events.push(ev);
    const t = textOf(ev);
    if (t) {
      if (first === null) first = performance.now() - t0;
      n++;
      text += t;
    }
  }
  return { first, total: performance.now() - t0, n, text, events };
}

function assertIncremental(r, what) {
  const expected = tokens * delayMs;
  assert(r.first !== null, `${what}: no text arrived`);
  assert(r.total >= expected * 0.8,
    `${what}: the stream took ${r.total.toFixed(0)} ms, less than the ${expected} ms the model server spends on it`);
  assert(r.first < Math.min(r.total / 4, 1500),
    `${what}: first text after ${r.first.toFixed(0)} ms of ${r.total.toFixed(0)} ms — the stream was held back, not passed on as produced`);
  console.log(`     ${what}: first text ${r.first.toFixed(0)} ms, end ${r.total.toFixed(0)} ms, ${r.n} text chunks`);
}

const prompt = (m) => `Name three prime numbers and say why they are prime. (${m})`;

let plainChatText = null;
const chatMark = marker('chat');

await check('chat completion, plain', async () => {
  const r = await openai.chat.completions.create({
    model, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: prompt(chatMark) }],
  });
  eq(r.object, 'chat.completion', 'object');
  eq(r.choices.length, 1, 'choices');
  eq(r.choices[0].message.role, 'assistant', 'role');
  assert(typeof r.choices[0].message.content === 'string' && r.choices[0].message.content.length > 0, 'empty content');
  eq(r.choices[0].finish_reason, 'stop', 'finish_reason');
  assert(r.usage && r.usage.prompt_tokens > 0, `usage.prompt_tokens missing: ${JSON.stringify(r.usage)}`);
  eq(r.usage.completion_tokens, tokens, 'usage.completion_tokens');
  eq(r.usage.total_tokens, r.usage.prompt_tokens + r.usage.completion_tokens, 'usage.total_tokens');
  plainChatText = r.choices[0].message.content;
  forwarded(chatMark, 'chat', { model });
});

await check('chat completion, streamed as produced, with usage', async () => {
  const stream = await openai.chat.completions.create({
    model, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: prompt(chatMark) }],
    stream: true, stream_options: { include_usage: true },
  });
  const r = await timed(stream, (c) => c.choices[0]?.delta?.content);
  assertIncremental(r, 'chat stream');
  eq(r.n, tokens, 'content chunks');
  eq(r.text, plainChatText, 'streamed text (same prompt as the plain request)');
  const last = r.events.at(-1);
  assert(last.usage, `no final usage chunk: ${JSON.stringify(last)}`);
  eq(last.choices.length, 0, 'choices of the usage chunk');
  eq(last.usage.completion_tokens, tokens, 'usage.completion_tokens');
  const fin = r.events.find((c) => c.choices[0]?.finish_reason);
  eq(fin && fin.choices[0].finish_reason, 'stop', 'finish_reason');
});

await check('chat completion, max_tokens honoured', async () => {
  const r = await openai.chat.completions.create({
    model, max_tokens: 4, messages: [{ role: 'user', content: prompt(marker('cap')) }],
  });
  eq(r.usage.completion_tokens, 4, 'usage.completion_tokens');
  eq(r.choices[0].finish_reason, 'length', 'finish_reason');
});

await check('legacy completion, plain and streamed', async () => {
  const m = marker('cmpl');
  const r = await openai.completions.create({ model, prompt: `Once upon a time (${m})`, max_tokens: 8 });
  eq(r.object, 'text_completion', 'object');
  assert(r.choices[0].text.length > 0, 'empty text');
  eq(r.usage.completion_tokens, 8, 'usage.completion_tokens');
  eq(r.choices[0].finish_reason, tokens > 8 ? 'length' : 'stop', 'finish_reason');
  const s = await openai.completions.create({ model, prompt: `Once upon a time (${m})`, max_tokens: 8, stream: true });
  const t = await timed(s, (c) => c.choices[0]?.text);
  eq(t.text, r.choices[0].text, 'streamed text');
  eq(t.n, 8, 'text chunks');
});

await check('responses API, plain', async () => {
  const m = marker('resp');
  const r = await openai.responses.create({ model, input: prompt(m), instructions: 'Be brief.', max_output_tokens: 64 });
  eq(r.object, 'response', 'object');
  eq(r.status, 'completed', 'status');
  assert(r.output_text && r.output_text.length > 0, 'empty output_text');
  eq(r.usage.output_tokens, Math.min(tokens, 64), 'usage.output_tokens');
  assert(r.usage.input_tokens > 0, 'usage.input_tokens');
  forwarded(m, 'responses', { model, max_output_tokens: 64 });
});

await check('responses API, streamed as produced', async () => {
  const stream = await openai.responses.create({ model, input: prompt(marker('resps')), stream: true });
  const r = await timed(stream, (e) => (e.type === 'response.output_text.delta' ? e.delta : ''));
  assertIncremental(r, 'responses stream');
  const types = r.events.map((e) => e.type);
  eq(types[0], 'response.created', 'first event');
  eq(types.at(-1), 'response.completed', 'last event');
  const done = r.events.at(-1).response;
  eq(done.output.find((o) => o.type === 'message').content[0].text, r.text, 'completed text');
  eq(done.usage.output_tokens, tokens, 'usage.output_tokens');
  const seqs = r.events.map((e) => e.sequence_number);
  assert(seqs.every((s, i) => s === i), `sequence numbers not 0..n-1: ${seqs.slice(0, 10)}`);
});

let plainMsgText = null;
const msgMark = marker('msg');

await check('anthropic messages, plain', async () => {
  const r = await anthropic.messages.create({
    model, max_tokens: 1024, system: 'Be brief.', messages: [{ role: 'user', content: prompt(msgMark) }],
  });
  eq(r.type, 'message', 'type');
  eq(r.role, 'assistant', 'role');
  eq(r.content[0].type, 'text', 'content[0].type');
  assert(r.content[0].text.length > 0, 'empty text');
  eq(r.stop_reason, 'end_turn', 'stop_reason');
  assert(r.usage.input_tokens > 0, 'usage.input_tokens');
  eq(r.usage.output_tokens, tokens, 'usage.output_tokens');
  plainMsgText = r.content[0].text;
  forwarded(msgMark, 'messages', { model, max_tokens: 1024 });
});

await check('anthropic messages, streamed as produced', async () => {
  const stream = await anthropic.messages.create({
    model, max_tokens: 1024, system: 'Be brief.', messages: [{ role: 'user', content: prompt(msgMark) }], stream: true,
  });
  const r = await timed(stream, (e) => (e.type === 'content_block_delta' && e.delta.type === 'text_delta' ? e.delta.text : ''));
  assertIncremental(r, 'messages stream');
  eq(r.text, plainMsgText, 'streamed text (same prompt as the plain request)');
  const types = r.events.map((e) => e.type);
  for (const t of ['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop'])
    assert(types.includes(t), `no ${t} event (got ${[...new Set(types)].join(', ')})`);
  eq(types[0], 'message_start', 'first event');
  eq(types.at(-1), 'message_stop', 'last event');
  const md = r.events.find((e) => e.type === 'message_delta');
  eq(md.usage.output_tokens, tokens, 'message_delta usage.output_tokens');
  eq(md.delta.stop_reason, 'end_turn', 'stop_reason');
});

await check('anthropic messages, messages.stream() and max_tokens', async () => {
  const s = anthropic.messages.stream({ model, max_tokens: 5, messages: [{ role: 'user', content: prompt(marker('msgh')) }] });
  let deltas = 0;
  s.on('text', () => deltas++);
  const msg = await s.finalMessage();
  eq(msg.stop_reason, 'max_tokens', 'stop_reason');
  eq(msg.usage.output_tokens, 5, 'usage.output_tokens');
  eq(deltas, 5, 'text events');
});

if (direct) {
  await check('reasoning text when asked (chat, responses, messages)', async () => {
    const c = await openai.chat.completions.create({ model, reasoning_effort: 'high', messages: [{ role: 'user', content: 'x' }] });
    assert(c.choices[0].message.reasoning_content, 'chat: no reasoning_content');
    assert(c.usage.completion_tokens_details.reasoning_tokens > 0, 'chat: no reasoning tokens');
    const r = await openai.responses.create({ model, input: 'x', reasoning: { effort: 'high' }, stream: true });
    const ev = [];
    for await (const e of r) ev.push(e.type);
    assert(ev.includes('response.reasoning_summary_text.delta'), 'responses: no reasoning summary deltas');
    const m = await anthropic.messages.create({ model, max_tokens: 2048, thinking: { type: 'enabled', budget_tokens: 1024 },
      messages: [{ role: 'user', content: 'x' }] });
    eq(m.content[0].type, 'thinking', 'messages: first block');
    const s = anthropic.messages.stream({ model, max_tokens: 2048, thinking: { type: 'enabled', budget_tokens: 1024 },
      messages: [{ role: 'user', content: 'x' }] });
    let thinking = '';
    s.on('thinking', (d) => { thinking += d; });
    const fm = await s.finalMessage();
    eq(fm.content[0].thinking, thinking, 'messages stream: thinking text');
    assert(fm.content[0].signature, 'messages stream: no signature');
  });
  await check('models list in both shapes', async () => {
    const list = [];
    for await (const m of openai.models.list()) list.push(m.id);
    assert(list.includes(model), `openai models: ${list}`);
    const al = [];
    for await (const m of anthropic.models.list()) al.push(m.id);
    assert(al.includes(model), `anthropic models: ${al}`);
  });
  await check('logprobs and n', async () => {
    const c = await openai.chat.completions.create({ model, n: 2, logprobs: true, top_logprobs: 2, max_tokens: 3,
      messages: [{ role: 'user', content: 'x' }] });
    eq(c.choices.length, 2, 'choices');
    eq(c.choices[0].logprobs.content.length, 3, 'logprob entries');
    eq(c.choices[0].logprobs.content[0].top_logprobs.length, 2, 'top logprobs');
  });
}

finish();
