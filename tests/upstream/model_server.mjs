#!/usr/bin/env node
// model_server.mjs — an honest stand-in for a model provider's inference
// server, for the gateway's end-to-end tests and benchmarks. Node only, no
// packages.
//
// It speaks the wire formats the official clients expect:
//   POST /v1/chat/completions   OpenAI chat (plain, or SSE chunks; a final
//                               usage chunk when stream_options.include_usage;
//                               "data: [DONE]")
//   POST /v1/completions        OpenAI legacy completions (same framing)
//   POST /v1/responses          OpenAI Responses API (plain, or typed events)
//   POST /v1/messages           Anthropic Messages (plain, or message_start,
//                               content_block_start/delta/stop, message_delta
//                               with usage, message_stop)
//   GET  /v1/models             model list (Anthropic shape when the request
//                               carries anthropic-version)
//   GET  /healthz               200 "ok"
//   GET  /control               current settings, counters and the model
//                               requests still open (JSON)
//   POST /control               change settings: {"fail": MODE, "fail_count": N,
//                               "delay_ms": D, "tokens": T, "reasoning": bool,
//                               "reasoning_tokens": R, "reset_after": K}
//   POST /control/reset         back to the start-up settings, counters zeroed
//
// Answers are deterministic: the words come from a generator seeded with a
// hash of the prompt, so one prompt always gets one answer. A streamed answer
// sends one word per chunk with delay_ms between chunks, so a stream of T
// tokens lasts about T × delay_ms. Usage is honest: prompt tokens are the
// prompt's characters / 4 (rounded up), completion tokens the words sent
// (reasoning words included, as the real APIs count them). max_tokens (or
// max_completion_tokens, max_output_tokens) caps the words sent, with
// finish_reason "length" / stop_reason "max_tokens" / status "incomplete".
// Reasoning text is produced when the request asks for it (reasoning_effort,
// reasoning.effort, thinking.type = "enabled") or when --reasoning is given:
// "reasoning_content" in chat, a reasoning item with a summary in Responses,
// a thinking block in Messages.
//
// Failure modes (--fail MODE or POST /control), applied to the next
// fail_count model requests (all of them when fail_count is absent):
//   hang       read the request, never answer
//   hang_mid   stream headers and reset_after chunks, then never send more
//   reset      plain: reset the connection without answering; streaming:
//              reset it after reset_after chunks
//   500 | 502 | 503 | 429 | 529 | any 4xx/5xx
//              answer with that status and the API's error shape
//   sse_error  streaming: after reset_after chunks, an error event
//   short      plain: announce the whole answer's length, send half of it,
//              close the connection (a server that died mid-answer)
//
// Every request received (model endpoints and others) is appended, as one
// JSON line, to the --log file before it is answered: time, method, path,
// headers, the body as parsed JSON (or the raw text when it is not JSON), the
// failure mode applied. Tests read it to see what the gateway forwarded.
//
// Flags (or environment): --port P (MODEL_SERVER_PORT, 0 = a free port),
// --host H (127.0.0.1), --delay-ms D (MODEL_SERVER_DELAY_MS, 0), --tokens T
// (MODEL_SERVER_TOKENS, 16: words per answer before max_tokens), --log FILE
// (MODEL_SERVER_LOG), --reasoning, --reasoning-tokens R (8), --fail MODE,
// --fail-count N, --reset-after K (3), --models a,b,c.
// Prints "listening PORT" on stdout once it accepts connections.

import http from 'node:http';
import crypto from 'node:crypto';
import fs from 'node:fs';

function parseArgs(argv) {
  const env = process.env;
  const o = {
    port: Number(env.MODEL_SERVER_PORT ?? 0),
    host: env.MODEL_SERVER_HOST ?? '127.0.0.1',
    delayMs: Number(env.MODEL_SERVER_DELAY_MS ?? 0),
    tokens: Number(env.MODEL_SERVER_TOKENS ?? 16),
    log: env.MODEL_SERVER_LOG ?? '',
    reasoning: env.MODEL_SERVER_REASONING === '1',
    reasoningTokens: Number(env.MODEL_SERVER_REASONING_TOKENS ?? 8),
    fail: env.MODEL_SERVER_FAIL ?? 'none',
    failCount: env.MODEL_SERVER_FAIL_COUNT ? Number(env.MODEL_SERVER_FAIL_COUNT) : null,
    resetAfter: Number(env.MODEL_SERVER_RESET_AFTER ?? 3),
    models: (env.MODEL_SERVER_MODELS ?? 'sw-small,sw-large,sw-reasoner').split(','),
  };
  const need = (i) => {
    if (i + 1 >= argv.length) usage(`${argv[i]} needs a value`);
    return argv[i + 1];
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    switch (a) {
      case '--port': o.port = Number(need(i)); i++; break;
      case '--host': o.host = need(i); i++; break;
      case '--delay-ms': o.delayMs = Number(need(i)); i++; break;
      case '--tokens': o.tokens = Number(need(i)); i++; break;
      case '--log': o.log = need(i); i++; break;
      case '--reasoning': o.reasoning = true; break;
      case '--reasoning-tokens': o.reasoningTokens = Number(need(i)); i++; break;
      case '--fail': o.fail = need(i); i++; break;
      case '--fail-count': o.failCount = Number(need(i)); i++; break;
      case '--reset-after': o.resetAfter = Number(need(i)); i++; break;
      case '--models': o.models = need(i).split(','); i++; break;
      case '-h': case '--help': usage(null); break;
      default: usage(`unknown option '${a}'`);
    }
  }
  for (const k of ['port', 'delayMs', 'tokens', 'reasoningTokens', 'resetAfter'])
    if (!Number.isInteger(o[k]) || o[k] < 0) usage(`--${k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())} must be a non-negative integer`);
  if (!validFail(o.fail)) usage(`unknown failure mode '${o.fail}'`);
  return o;
}

function usage(msg) {
  const text = 'usage: model_server.mjs [--port P] [--host H] [--delay-ms D] [--tokens T] [--log FILE]\n' +
    '         [--reasoning] [--reasoning-tokens R] [--fail MODE] [--fail-count N] [--reset-after K]\n' +
    '         [--models a,b,c]\n' +
    'MODE: none hang hang_mid reset sse_error or an HTTP status 400-599\n';
  if (msg) { process.stderr.write(`model_server: ${msg}\n${text}`); process.exit(2); }
  process.stdout.write(text);
  process.exit(0);
}

function validFail(m) {
  return ['none', 'hang', 'hang_mid', 'reset', 'sse_error', 'short'].includes(m) ||
    (/^[45]\d\d$/.test(String(m)));
}

const start = parseArgs(process.argv.slice(2));
let settings = freshSettings();
let counters = freshCounters();
const hung = new Set();
const activeRequests = new Map(); // request id -> what a stuck request was

function freshSettings() {
  return {
    delay_ms: start.delayMs, tokens: start.tokens, reasoning: start.reasoning,
    reasoning_tokens: start.reasoningTokens, fail: start.fail, fail_count: start.failCount,
    reset_after: start.resetAfter,
  };
}
function freshCounters() {
  return { requests: 0, model_requests: 0, completed: 0, client_aborted: 0, failed: 0, active: 0 };
}

// ---- deterministic text ----------------------------------------------------

const WORDS = ('the a of to and in that is for it as with on by this be are from at or an ' +
  'which one we can all there their has more if will would each about how up out them then so ' +
  'value step result first next term sum number prime factor proof case order set graph node edge ' +
  'function loop array index cost bound limit series ratio angle area length point line vector ' +
  'matrix root square cube even odd equal greater less total count check hence therefore thus ' +
  'because since given assume consider let note follows gives holds yields compute solve answer').split(' ');

function prng(seedHex) {
  // xorshift128+ over a 128-bit seed from SHA-256
  let s0 = BigInt('0x' + seedHex.slice(0, 16)) | 1n, s1 = BigInt('0x' + seedHex.slice(16, 32)) | 2n;
  const M = (1n << 64n) - 1n;
  return () => {
    let x = s0; const y = s1;
    s0 = y; x ^= (x << 23n) & M; x ^= x >> 17n; x ^= y ^ (y >> 26n); s1 = x;
    return Number(((s0 + s1) & M) >> 11n) / 2 ** 53;
  };
}

function words(seedText, salt, n) {
  const rnd = prng(crypto.createHash('sha256').update(salt + '\0' + seedText).digest('hex'));
  const out = [];
  for (let i = 0; i < n; i++) {
    let w = WORDS[Math.floor(rnd() * WORDS.length)];
    if (i === 0) w = w[0].toUpperCase() + w.slice(1);
    out.push((i === 0 ? '' : ' ') + w + (i === n - 1 ? '.' : ''));
  }
  return out;
}

const promptTokens = (text) => Math.ceil(text.length / 4);

// ---- request shapes ----------------------------------------------------------

function partsText(content) {
  if (content == null) return '';
  if (typeof content === 'string') return content;
  if (Array.isArray(content))
    return content.map((p) => (typeof p === 'string' ? p : p && typeof p.text === 'string' ? p.text : '')).join('\n');
  return '';
}

// Each endpoint: the prompt text, the output cap, whether reasoning is asked,
// or an error message when the body does not have the endpoint's shape.
const SHAPES = {
  '/v1/chat/completions': (b) => {
    if (!Array.isArray(b.messages) || b.messages.length === 0) return { error: "'messages' must be a non-empty array" };
    return {
      prompt: b.messages.map((m) => partsText(m && m.content)).join('\n'),
      cap: b.max_completion_tokens ?? b.max_tokens,
      reasoning: b.reasoning_effort != null,
    };
  },
  '/v1/completions': (b) => {
    if (b.prompt == null) return { error: "'prompt' is required" };
    const p = Array.isArray(b.prompt) ? b.prompt.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join('\n') : String(b.prompt);
    return { prompt: p, cap: b.max_tokens ?? 16, reasoning: false };
  },
  '/v1/responses': (b) => {
    if (b.input == null) return { error: "'input' is required" };
    const inp = typeof b.input === 'string' ? b.input
      : Array.isArray(b.input) ? b.input.map((it) => partsText(it && it.content)).join('\n') : '';
    return {
      prompt: (b.instructions ? b.instructions + '\n' : '') + inp,
      cap: b.max_output_tokens,
      reasoning: !!(b.reasoning && b.reasoning.effort),
    };
  },
  '/v1/messages': (b) => {
    if (!Number.isInteger(b.max_tokens) || b.max_tokens < 1) return { error: 'max_tokens: Field required' };
    if (!Array.isArray(b.messages) || b.messages.length === 0) return { error: 'messages: Field required' };
    return {
      prompt: partsText(b.system) + (b.system ? '\n' : '') + b.messages.map((m) => partsText(m && m.content)).join('\n'),
      cap: b.max_tokens,
      reasoning: !!(b.thinking && b.thinking.type === 'enabled'),
    };
  },
};

const isAnthropic = (path) => path === '/v1/messages';

function errorBody(path, status, message) {
  if (isAnthropic(path)) {
    const type = { 400: 'invalid_request_error', 401: 'authentication_error', 403: 'permission_error',
      404: 'not_found_error', 413: 'request_too_large', 429: 'rate_limit_error', 529: 'overloaded_error' }[status]
      ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
    return { type: 'error', error: { type, message } };
  }
  const type = status === 429 ? 'rate_limit_exceeded' : status >= 500 ? 'server_error' : 'invalid_request_error';
  return { error: { message, type, param: null, code: null } };
}

// ---- answers -----------------------------------------------------------------

function plan(path, body, shape) {
  const wantReasoning = shape.reasoning || settings.reasoning;
  const cap = Number.isInteger(shape.cap) && shape.cap >= 0 ? shape.cap : Infinity;
  const nr = wantReasoning ? Math.min(settings.reasoning_tokens, Math.floor(cap / 2)) : 0;
  const nt = Math.min(settings.tokens, cap - nr);
  const truncated = settings.tokens > cap - nr;
  const n = Number.isInteger(body.n) && body.n > 1 && path !== '/v1/messages' && path !== '/v1/responses' ? Math.min(body.n, 8) : 1;
  const choices = [];
  for (let i = 0; i < n; i++)
    choices.push({ text: words(shape.prompt, 'text' + i, nt), reasoning: words(shape.prompt, 'reason' + i, nr) });
  return {
    model: typeof body.model === 'string' ? body.model : 'unknown',
    choices, truncated,
    prompt_tokens: promptTokens(shape.prompt),
    completion_tokens: n * (nt + nr),
    reasoning_tokens: n * nr,
    logprobs: path === '/v1/chat/completions' ? body.logprobs === true : path === '/v1/completions' && Number.isInteger(body.logprobs),
    top: Number.isInteger(body.top_logprobs) ? body.top_logprobs : Number.isInteger(body.logprobs) ? body.logprobs : 0,
  };
}

const newId = (prefix) => prefix + crypto.randomBytes(12).toString('hex');
const nowS = () => Math.floor(Date.now() / 1000);

function tokenLogprob(w, top) {
  const lp = -((crypto.createHash('md5').update(w).digest()[0] % 200) / 100);
  return {
    token: w, logprob: lp, bytes: [...Buffer.from(w)],
    top_logprobs: Array.from({ length: top }, (_, k) => ({ token: k === 0 ? w : w + k, logprob: lp - k, bytes: [...Buffer.from(k === 0 ? w : w + k)] })),
  };
}

function chatUsage(p) {
  return {
    prompt_tokens: p.prompt_tokens, completion_tokens: p.completion_tokens,
    total_tokens: p.prompt_tokens + p.completion_tokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: p.reasoning_tokens, audio_tokens: 0,
      accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

function responsesUsage(p) {
  return {
    input_tokens: p.prompt_tokens, input_tokens_details: { cached_tokens: 0 },
    output_tokens: p.completion_tokens, output_tokens_details: { reasoning_tokens: p.reasoning_tokens },
    total_tokens: p.prompt_tokens + p.completion_tokens,
  };
}

function anthropicUsage(p, output) {
  return { input_tokens: p.prompt_tokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0,
    output_tokens: output, service_tier: 'standard' };
}

function plainAnswer(path, body, p) {
  const finish = p.truncated ? 'length' : 'stop';
  const join = (a) => a.join('');
  if (path === '/v1/chat/completions') {
    return {
      id: newId('chatcmpl-'), object: 'chat.completion', created: nowS(), model: p.model,
      system_fingerprint: 'fp_standin',
      choices: p.choices.map((c, index) => ({
        index,
        message: { role: 'assistant', content: join(c.text), refusal: null,
          ...(c.reasoning.length ? { reasoning_content: join(c.reasoning) } : {}) },
        logprobs: p.logprobs ? { content: c.text.map((w) => tokenLogprob(w, p.top)), refusal: null } : null,
        finish_reason: finish,
      })),
      usage: chatUsage(p),
    };
  }
  if (path === '/v1/completions') {
    return {
      id: newId('cmpl-'), object: 'text_completion', created: nowS(), model: p.model,
      choices: p.choices.map((c, index) => ({
        text: join(c.text), index, finish_reason: finish,
        logprobs: p.logprobs ? {
          tokens: c.text, token_logprobs: c.text.map((w) => tokenLogprob(w, 0).logprob),
          top_logprobs: c.text.map((w) => ({ [w]: tokenLogprob(w, 0).logprob })),
          text_offset: c.text.reduce((a, w, i) => (a.push(i ? a[i - 1] + c.text[i - 1].length : 0), a), []),
        } : null,
      })),
      usage: { prompt_tokens: p.prompt_tokens, completion_tokens: p.completion_tokens,
        total_tokens: p.prompt_tokens + p.completion_tokens },
    };
  }
  if (path === '/v1/responses') {
    const r = responseObject(body, p, p.truncated ? 'incomplete' : 'completed');
    r.output = responseOutput(p, 'completed');
    r.usage = responsesUsage(p);
    return r;
  }
  const c = p.choices[0];
  const content = [];
  if (c.reasoning.length) content.push({ type: 'thinking', thinking: join(c.reasoning), signature: signature(c.reasoning) });
  content.push({ type: 'text', text: join(c.text) });
  return {
    id: newId('msg_'), type: 'message', role: 'assistant', model: p.model, content,
    stop_reason: p.truncated ? 'max_tokens' : 'end_turn', stop_sequence: null,
    usage: anthropicUsage(p, p.completion_tokens),
  };
}

const signature = (ws) => crypto.createHash('sha256').update(ws.join('')).digest('base64');

function responseObject(body, p, status) {
  return {
    id: p.respId ??= newId('resp_'), object: 'response', created_at: nowS(), status,
    error: null,
    incomplete_details: status === 'incomplete' ? { reason: 'max_output_tokens' } : null,
    instructions: body.instructions ?? null, max_output_tokens: body.max_output_tokens ?? null,
    model: p.model, output: [], parallel_tool_calls: true, previous_response_id: null,
    reasoning: { effort: body.reasoning?.effort ?? null, summary: null }, store: false,
    temperature: body.temperature ?? 1, text: { format: { type: 'text' } }, tool_choice: 'auto',
    tools: [], top_p: body.top_p ?? 1, truncation: 'disabled', usage: null, user: null, metadata: {},
  };
}

function responseOutput(p, status) {
  const c = p.choices[0];
  const out = [];
  p.reasoningItemId ??= newId('rs_');
  p.messageItemId ??= newId('msg_');
  if (c.reasoning.length)
    out.push({ id: p.reasoningItemId, type: 'reasoning', summary: [{ type: 'summary_text', text: c.reasoning.join('') }] });
  out.push({ id: p.messageItemId, type: 'message', status, role: 'assistant',
    content: [{ type: 'output_text', text: c.text.join(''), annotations: [] }] });
  return out;
}

// ---- streaming ---------------------------------------------------------------

// A stream is a list of frames; the writer sends the first at once and each
// later one after delay_ms, and applies mid-stream failure modes.
function streamFrames(path, body, p) {
  const frames = [];
  const sse = (obj, tok = false) => ({ s: `data: ${JSON.stringify(obj)}\n\n`, tok });
  const ev = (type, obj, tok = false) => ({ s: `event: ${type}\ndata: ${JSON.stringify({ type, ...obj })}\n\n`, tok });
  const finish = p.truncated ? 'length' : 'stop';
  const includeUsage = !!(body.stream_options && body.stream_options.include_usage);
  if (path === '/v1/chat/completions' || path === '/v1/completions') {
    const chat = path === '/v1/chat/completions';
    const base = { id: newId(chat ? 'chatcmpl-' : 'cmpl-'), object: chat ? 'chat.completion.chunk' : 'text_completion',
      created: nowS(), model: p.model, ...(chat ? { system_fingerprint: 'fp_standin' } : {}) };
    const chunk = (choices, tok = false) => sse({ ...base, choices, ...(includeUsage ? { usage: null } : {}) }, tok);
    if (chat)
      frames.push(chunk(p.choices.map((_, index) => ({ index, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null }))));
    const steps = Math.max(...p.choices.map((c) => c.reasoning.length + c.text.length));
    for (let s = 0; s < steps; s++) {
      const choices = [];
      p.choices.forEach((c, index) => {
        if (s < c.reasoning.length) {
          if (chat) choices.push({ index, delta: { reasoning_content: c.reasoning[s] }, logprobs: null, finish_reason: null });
          return;
        }
        const w = c.text[s - c.reasoning.length];
        if (w === undefined) return;
        if (chat) choices.push({ index, delta: { content: w },
          logprobs: p.logprobs ? { content: [tokenLogprob(w, p.top)], refusal: null } : null, finish_reason: null });
        else choices.push({ text: w, index, logprobs: null, finish_reason: null });
      });
      if (choices.length) frames.push(chunk(choices, true));
    }
    frames.push(chunk(p.choices.map((_, index) => chat
      ? { index, delta: {}, logprobs: null, finish_reason: finish }
      : { text: '', index, logprobs: null, finish_reason: finish })));
    if (includeUsage) {
      const usage = chat ? chatUsage(p) : { prompt_tokens: p.prompt_tokens, completion_tokens: p.completion_tokens,
        total_tokens: p.prompt_tokens + p.completion_tokens };
      frames.push(sse({ ...base, choices: [], usage }));
    }
    frames.push({ s: 'data: [DONE]\n\n', tok: false });
    return frames;
  }
  if (path === '/v1/responses') {
    let seq = 0;
    const rev = (type, obj, tok = false) => ev(type, { sequence_number: seq++, ...obj }, tok);
    const c = p.choices[0];
    frames.push(rev('response.created', { response: responseObject(body, p, 'in_progress') }));
    frames.push(rev('response.in_progress', { response: responseObject(body, p, 'in_progress') }));
    const final = responseOutput(p, 'completed');
    let oi = 0;
    if (c.reasoning.length) {
      const item = final[0];
      frames.push(rev('response.output_item.added', { output_index: oi, item: { id: item.id, type: 'reasoning', summary: [] } }));
      frames.push(rev('response.reasoning_summary_part.added', { item_id: item.id, output_index: oi, summary_index: 0, part: { type: 'summary_text', text: '' } }));
      for (const w of c.reasoning)
        frames.push(rev('response.reasoning_summary_text.delta', { item_id: item.id, output_index: oi, summary_index: 0, delta: w }, true));
      frames.push(rev('response.reasoning_summary_text.done', { item_id: item.id, output_index: oi, summary_index: 0, text: item.summary[0].text }));
      frames.push(rev('response.reasoning_summary_part.done', { item_id: item.id, output_index: oi, summary_index: 0, part: item.summary[0] }));
      frames.push(rev('response.output_item.done', { output_index: oi, item }));
      oi++;
    }
    const msg = final[final.length - 1];
    const text = msg.content[0].text;
    frames.push(rev('response.output_item.added', { output_index: oi, item: { id: msg.id, type: 'message', status: 'in_progress', role: 'assistant', content: [] } }));
    frames.push(rev('response.content_part.added', { item_id: msg.id, output_index: oi, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } }));
    for (const w of c.text)
      frames.push(rev('response.output_text.delta', { item_id: msg.id, output_index: oi, content_index: 0, delta: w }, true));
    frames.push(rev('response.output_text.done', { item_id: msg.id, output_index: oi, content_index: 0, text }));
    frames.push(rev('response.content_part.done', { item_id: msg.id, output_index: oi, content_index: 0, part: msg.content[0] }));
    frames.push(rev('response.output_item.done', { output_index: oi, item: msg }));
    const done = responseObject(body, p, p.truncated ? 'incomplete' : 'completed');
    done.output = final;
    done.usage = responsesUsage(p);
    frames.push(rev(p.truncated ? 'response.incomplete' : 'response.completed', { response: done }));
    return frames;
  }
  // Anthropic Messages
  const c = p.choices[0];
  const msg = { id: newId('msg_'), type: 'message', role: 'assistant', model: p.model, content: [],
    stop_reason: null, stop_sequence: null, usage: anthropicUsage(p, 1) };
  frames.push(ev('message_start', { message: msg }));
  let index = 0;
  if (c.reasoning.length) {
    frames.push(ev('content_block_start', { index, content_block: { type: 'thinking', thinking: '', signature: '' } }));
    for (const w of c.reasoning) frames.push(ev('content_block_delta', { index, delta: { type: 'thinking_delta', thinking: w } }, true));
    frames.push(ev('content_block_delta', { index, delta: { type: 'signature_delta', signature: signature(c.reasoning) } }));
    frames.push(ev('content_block_stop', { index }));
    index++;
  }
  frames.push(ev('content_block_start', { index, content_block: { type: 'text', text: '' } }));
  frames.push(ev('ping', {}));
  for (const w of c.text) frames.push(ev('content_block_delta', { index, delta: { type: 'text_delta', text: w } }, true));
  frames.push(ev('content_block_stop', { index }));
  frames.push(ev('message_delta', { delta: { stop_reason: p.truncated ? 'max_tokens' : 'end_turn', stop_sequence: null },
    usage: { output_tokens: p.completion_tokens } }));
  frames.push(ev('message_stop', {}));
  return frames;
}

// Frames that carry a token (tok) get the delay before them; bookkeeping
// frames (created, part added, block start/stop, ping) go out at once.
function writeStream(req, res, path, frames, fail, state) {
  const headers = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache',
    connection: 'keep-alive', [isAnthropic(path) ? 'request-id' : 'x-request-id']: state.requestId };
  res.writeHead(200, headers);
  if (typeof res.flushHeaders === 'function') res.flushHeaders();
  let i = 0, sentTokens = 0;
  const next = () => {
    if (state.closed) return;
    if (i >= frames.length) { state.outcome = 'completed'; counters.completed++; res.end(); return; }
    if (fail === 'reset' && sentTokens >= settings.reset_after) {
      state.outcome = 'reset'; counters.failed++;
      req.socket.resetAndDestroy ? req.socket.resetAndDestroy() : req.socket.destroy();
      return;
    }
    if (fail === 'hang_mid' && sentTokens >= settings.reset_after) {
      state.outcome = 'hang_mid'; counters.failed++; hung.add(res); return;
    }
    if (fail === 'sse_error' && sentTokens >= settings.reset_after) {
      state.outcome = 'sse_error'; counters.failed++;
      if (isAnthropic(path))
        res.end(`event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } })}\n\n`);
      else
        res.end(`data: ${JSON.stringify({ error: { message: 'The server had an error while processing your request.', type: 'server_error', param: null, code: null } })}\n\n`);
      return;
    }
    const f = frames[i++];
    res.write(f.s);
    if (f.tok) sentTokens++;
    const following = frames[i];
    const wait = following !== undefined && following.tok ? settings.delay_ms : 0;
    if (wait > 0) state.timer = setTimeout(next, wait);
    else setImmediate(next);
  };
  next();
}

// ---- HTTP --------------------------------------------------------------------

function logLine(obj) {
  if (!start.log) return;
  fs.appendFileSync(start.log, JSON.stringify(obj) + '\n');
}

function sendJson(res, status, obj, extra = {}) {
  const data = JSON.stringify(obj);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), ...extra });
  res.end(data);
}

function takeFailure() {
  if (settings.fail === 'none') return 'none';
  if (settings.fail_count === 0) return 'none';
  const f = settings.fail;
  if (settings.fail_count != null) {
    settings.fail_count--;
    if (settings.fail_count === 0) { settings.fail = 'none'; settings.fail_count = null; }
  }
  return f;
}

function control(req, res, path, raw) {
  if (req.method === 'GET' && path === '/control')
    return sendJson(res, 200, { settings, counters, active_requests: [...activeRequests.values()] });
  if (req.method === 'POST' && path === '/control/reset') {
    settings = freshSettings(); counters = freshCounters();
    return sendJson(res, 200, { settings, counters });
  }
  if (req.method === 'POST' && path === '/control') {
    let b;
    try { b = JSON.parse(raw || '{}'); } catch { return sendJson(res, 400, { error: 'control body is not JSON' }); }
    const next = { ...settings };
    for (const [k, v] of Object.entries(b)) {
      if (k === 'fail') {
        if (!validFail(String(v))) return sendJson(res, 400, { error: `unknown failure mode '${v}'` });
        next.fail = String(v);
      } else if (k === 'fail_count') {
        if (v !== null && (!Number.isInteger(v) || v < 0)) return sendJson(res, 400, { error: 'fail_count: non-negative integer or null' });
        next.fail_count = v;
      } else if (k === 'reasoning') next.reasoning = !!v;
      else if (['delay_ms', 'tokens', 'reasoning_tokens', 'reset_after'].includes(k)) {
        if (!Number.isInteger(v) || v < 0) return sendJson(res, 400, { error: `${k}: non-negative integer` });
        next[k] = v;
      } else return sendJson(res, 400, { error: `unknown setting '${k}'` });
    }
    if ('fail' in b && !('fail_count' in b)) next.fail_count = null;
    settings = next;
    return sendJson(res, 200, { settings, counters });
  }
  return sendJson(res, 405, { error: 'method not allowed' });
}

function models(req, res) {
  if (req.headers['anthropic-version']) {
    const data = start.models.map((id) => ({ type: 'model', id, display_name: id, created_at: '2025-01-01T00:00:00Z' }));
    return sendJson(res, 200, { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null });
  }
  return sendJson(res, 200, { object: 'list', data: start.models.map((id) => ({ id, object: 'model', created: 1735689600, owned_by: 'stillwatch-test' })) });
}

function handle(req, res, raw) {
  const url = new URL(req.url, 'http://x');
  const path = url.pathname;
  counters.requests++;
  const state = { requestId: newId('req_'), closed: false, outcome: 'pending', timer: null };
  let body = null, parsed = false;
  if (raw.length) { try { body = JSON.parse(raw); parsed = true; } catch { body = raw; } }
  const model = SHAPES[path] && req.method === 'POST';
  const fail = model ? takeFailure() : 'none';
  logLine({ ts: new Date().toISOString(), method: req.method, path: req.url, headers: req.headers,
    body, body_is_json: parsed, body_bytes: Buffer.byteLength(raw), fail });

  if (path === '/healthz') { res.writeHead(200, { 'content-type': 'text/plain' }); return res.end('ok\n'); }
  if (path === '/control' || path === '/control/reset') return control(req, res, path, raw);
  if (path === '/v1/models' && req.method === 'GET') return models(req, res);
  if (!SHAPES[path]) return sendJson(res, 404, errorBody(path, 404, `Unknown request URL: ${req.method} ${path}`));
  if (req.method !== 'POST') return sendJson(res, 405, errorBody(path, 405, `Method ${req.method} not allowed`));

  counters.model_requests++;
  counters.active++;
  activeRequests.set(state.requestId, { id: state.requestId, path, fail, stream: !!(parsed && body && body.stream === true),
    since: new Date().toISOString(), prompt: JSON.stringify(body).slice(0, 160) });
  let finished = false;
  const done = () => { if (!finished) { finished = true; counters.active--; activeRequests.delete(state.requestId); } };
  res.on('close', () => {
    state.closed = true;
    if (state.timer) clearTimeout(state.timer);
    hung.delete(res);
    if (state.outcome === 'pending') { state.outcome = 'client_aborted'; counters.client_aborted++; }
    done();
  });

  if (fail === 'hang') { state.outcome = 'hang'; hung.add(res); return; }
  if (fail === 'reset' && !(parsed && body.stream === true)) {
    state.outcome = 'reset'; counters.failed++;
    req.socket.resetAndDestroy ? req.socket.resetAndDestroy() : req.socket.destroy();
    return;
  }
  if (/^\d+$/.test(fail)) {
    const status = Number(fail);
    state.outcome = 'failed'; counters.failed++;
    const msg = status === 429 ? 'Rate limit reached' : status === 529 ? 'Overloaded'
      : status >= 500 ? 'The server had an error while processing your request.' : 'Bad request';
    return sendJson(res, status, errorBody(path, status, msg),
      { [isAnthropic(path) ? 'request-id' : 'x-request-id']: state.requestId, ...(status === 429 ? { 'retry-after': '1' } : {}) });
  }
  if (!parsed || body === null || typeof body !== 'object' || Array.isArray(body)) {
    state.outcome = 'failed';
    return sendJson(res, 400, errorBody(path, 400, 'We could not parse the JSON body of your request.'));
  }
  if (typeof body.model !== 'string' || !body.model) {
    state.outcome = 'failed';
    return sendJson(res, 400, errorBody(path, 400, isAnthropic(path) ? 'model: Field required' : "you must provide a model parameter"));
  }
  const shape = SHAPES[path](body);
  if (shape.error) { state.outcome = 'failed'; return sendJson(res, 400, errorBody(path, 400, shape.error)); }
  const p = plan(path, body, shape);
  if (body.stream === true) return writeStream(req, res, path, streamFrames(path, body, p), fail, state);
  const answer = () => {
    if (state.closed) return;
    if (fail === 'short') {
      state.outcome = 'short'; counters.failed++;
      const data = Buffer.from(JSON.stringify(plainAnswer(path, body, p)));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': data.length });
      res.write(data.subarray(0, data.length >> 1), () => req.socket.destroy());
      return;
    }
    state.outcome = 'completed'; counters.completed++;
    sendJson(res, 200, plainAnswer(path, body, p), { [isAnthropic(path) ? 'request-id' : 'x-request-id']: state.requestId });
  };
  // a plain answer takes as long as its stream would have
  const wait = settings.delay_ms * (p.completion_tokens / p.choices.length);
  if (wait > 0) state.timer = setTimeout(answer, wait); else answer();
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
});
server.keepAliveTimeout = 65000;
server.headersTimeout = 66000;
server.requestTimeout = 0;

const sockets = new Set();
server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });

server.listen(start.port, start.host, () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
server.on('error', (e) => { process.stderr.write(`model_server: ${e.message}\n`); process.exit(1); });

function shutdown() {
  server.close();
  for (const s of sockets) s.destroy();
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
