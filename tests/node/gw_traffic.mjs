// gw_traffic.mjs — the gateway's traffic log (spec/traffic-log.md) against
// what the clients really did.
//
//   node gw_traffic.mjs run RECORD.json
//       makes a known set of exchanges through the gateway with the official
//       clients (every endpoint, plain and streamed, and one refused by
//       policy) and records, per exchange, the body sent, the status, the
//       text and usage received
//   node gw_traffic.mjs verify RECORD.json TRAFFIC.jsonl
//       checks that the log has exactly one valid line per exchange with the
//       spec's required fields, that each line matches its exchange, and that
//       no API key secret was written
//
// Environment: SW_BASE, SW_KEY, SW_ACCOUNT, SW_MODEL, SW_MODEL_DENIED,
// SW_DELAY_MS, SW_TOKENS.
import fs from 'node:fs';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { env, check, finish, assert, eq, marker } from './lib.mjs';

const [mode, recordFile, trafficFile] = process.argv.slice(2);
const key = env('SW_KEY');

if (mode === 'run') {
  const base = env('SW_BASE');
  const model = env('SW_MODEL');
  const denied = env('SW_MODEL_DENIED');
  const sent = new Map(); // marker -> {endpoint, body, user_agent}
  const capture = async (url, init = {}) => {
    const m = /"[^"]*(ex-[a-z0-9]+-[a-z0-9]+)/.exec(typeof init.body === 'string' ? init.body : '');
    if (m) sent.set(m[1], { endpoint: new URL(url).pathname, body: JSON.parse(init.body),
      user_agent: new Headers(init.headers).get('user-agent') });
    return fetch(url, init);
  };
  const openai = new OpenAI({ apiKey: key, baseURL: `${base}/v1`, maxRetries: 0, fetch: capture });
  const anthropic = new Anthropic({ apiKey: key, baseURL: base, maxRetries: 0, fetch: capture });
  const record = [];
  const t0 = new Date().toISOString();
  const done = (mark, status, text, usage) => record.push({ marker: mark, ...sent.get(mark), status, text, usage });
  const say = (m) => `Explain what a ${m.split('-')[1]} is, briefly. [${m}]`;
  const ex = () => marker('ex');

  await check('exchanges through the gateway', async () => {
    let m = ex();
    let r = await openai.chat.completions.create({ model, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: say(m) }] });
    done(m, 200, r.choices[0].message.content, { prompt_tokens: r.usage.prompt_tokens, completion_tokens: r.usage.completion_tokens });

    m = ex();
    const s = await openai.chat.completions.create({ model, stream: true, stream_options: { include_usage: true },
      temperature: 0.2, messages: [{ role: 'user', content: [{ type: 'text', text: say(m) }] }] });
    let text = '', usage = null;
    for await (const c of s) { text += c.choices[0]?.delta?.content ?? ''; if (c.usage) usage = c.usage; }
    done(m, 200, text, { prompt_tokens: usage.prompt_tokens, completion_tokens: usage.completion_tokens });

    m = ex();
    const c = await openai.completions.create({ model, prompt: say(m), max_tokens: 6 });
    done(m, 200, c.choices[0].text, { prompt_tokens: c.usage.prompt_tokens, completion_tokens: c.usage.completion_tokens });

    m = ex();
    const rp = await openai.responses.create({ model, input: say(m), instructions: 'Be brief.' });
    done(m, 200, rp.output_text, { prompt_tokens: rp.usage.input_tokens, completion_tokens: rp.usage.output_tokens });

    m = ex();
    const rs = await openai.responses.create({ model, input: [{ role: 'user', content: say(m) }], stream: true });
    let rt = '', ru = null;
    for await (const e of rs) { if (e.type === 'response.output_text.delta') rt += e.delta; if (e.type === 'response.completed') ru = e.response.usage; }
    done(m, 200, rt, { prompt_tokens: ru.input_tokens, completion_tokens: ru.output_tokens });

    m = ex();
    const a = await anthropic.messages.create({ model, max_tokens: 512, system: 'Be brief.', messages: [{ role: 'user', content: say(m) }] });
    done(m, 200, a.content[0].text, { prompt_tokens: a.usage.input_tokens, completion_tokens: a.usage.output_tokens });

    m = ex();
    const as = anthropic.messages.stream({ model, max_tokens: 512, messages: [{ role: 'user', content: [{ type: 'text', text: say(m) }] }] });
    const am = await as.finalMessage();
    done(m, 200, am.content[0].text, { prompt_tokens: am.usage.input_tokens, completion_tokens: am.usage.output_tokens });

    m = ex();
    try {
      await openai.chat.completions.create({ model: denied, messages: [{ role: 'user', content: say(m) }] });
      throw new Error(`model ${denied} was not refused`);
    } catch (e) {
      eq(e.status, 403, `status for model ${denied}`);
    }
    done(m, 403, null, null);
  });
  fs.writeFileSync(recordFile, JSON.stringify({ started: t0, ended: new Date().toISOString(), exchanges: record }, null, 1));
} else if (mode === 'verify') {
  const account = env('SW_ACCOUNT');
  const delayMs = Number(env('SW_DELAY_MS'));
  const tokens = Number(env('SW_TOKENS'));
  const rec = JSON.parse(fs.readFileSync(recordFile, 'utf8'));
  const raw = fs.existsSync(trafficFile) ? fs.readFileSync(trafficFile, 'utf8') : null;
  const lines = [];

  await check('the traffic log exists and every line is a JSON object', async () => {
    assert(raw !== null, `${trafficFile} does not exist`);
    assert(raw.length === 0 || raw.endsWith('\n'), 'the last line is not \\n-terminated');
    raw.split('\n').slice(0, -1).forEach((l, i) => {
      let o;
      try { o = JSON.parse(l); } catch (e) { throw new Error(`line ${i + 1} is not JSON: ${l.slice(0, 200)}`); }
      assert(o && typeof o === 'object' && !Array.isArray(o), `line ${i + 1} is not an object`);
      lines.push(o);
    });
  });

  await check('no API key secret is written', async () => {
    assert(raw !== null && !raw.includes(key), 'the API key secret appears in the traffic log');
    assert(!raw.includes(key.slice(14)), 'the secret part of the API key appears in the traffic log');
  });

  await check('one line per exchange, with the spec\'s required fields', async () => {
    const required = { ts: 'string', account: 'string', ip: 'string', endpoint: 'string', model: 'string', request: 'object', status: 'number' };
    lines.forEach((o, i) => {
      for (const [f, t] of Object.entries(required))
        assert(typeof o[f] === t && o[f] !== null, `line ${i + 1}: required field '${f}' missing or not a ${t}: ${JSON.stringify(o).slice(0, 300)}`);
      assert(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(o.ts), `line ${i + 1}: ts '${o.ts}' is not RFC 3339 UTC with milliseconds`);
      assert(Number.isInteger(o.status), `line ${i + 1}: status is not an integer`);
      assert(['/v1/chat/completions', '/v1/completions', '/v1/responses', '/v1/messages'].includes(o.endpoint), `line ${i + 1}: endpoint '${o.endpoint}'`);
    });
    const ts = lines.map((o) => o.ts);
    assert(ts.every((t, i) => i === 0 || ts[i - 1] <= t), 'lines are not in time order');
    assert(ts.every((t) => t >= rec.started.slice(0, 19) && t <= rec.ended), `times outside the run (${rec.started} … ${rec.ended}): ${ts}`);
    for (const ex of rec.exchanges) {
      const hits = lines.filter((o) => JSON.stringify(o.request).includes(ex.marker));
      eq(hits.length, 1, `log lines for the ${ex.endpoint} exchange ${ex.marker} (status ${ex.status})`);
    }
    eq(lines.length, rec.exchanges.length, 'lines in the log');
  });

  await check('each line says what happened', async () => {
    for (const ex of rec.exchanges) {
      const o = lines.find((l) => JSON.stringify(l.request).includes(ex.marker));
      if (!o) continue;
      const what = `${ex.endpoint} ${ex.marker}`;
      eq(o.account, account, `${what}: account`);
      eq(o.ip, '127.0.0.1', `${what}: ip`);
      eq(o.endpoint, ex.endpoint, `${what}: endpoint`);
      eq(o.model, ex.body.model, `${what}: model`);
      eq(o.status, ex.status, `${what}: status`);
      eq(JSON.stringify(o.request), JSON.stringify(ex.body), `${what}: request (must be the body exactly as sent)`);
      if (o.key !== undefined) eq(o.key, key.slice(0, 14), `${what}: key id`);
      if (o.user_agent !== undefined && ex.user_agent) eq(o.user_agent, ex.user_agent, `${what}: user_agent`);
      if (ex.status !== 200) continue;
      if (o.usage !== undefined) {
        eq(o.usage.prompt_tokens, ex.usage.prompt_tokens, `${what}: usage.prompt_tokens`);
        eq(o.usage.completion_tokens, ex.usage.completion_tokens, `${what}: usage.completion_tokens`);
      }
      if (o.response !== undefined && o.response.text !== undefined) eq(o.response.text, ex.text, `${what}: response.text`);
      if (o.latency_ms !== undefined) {
        assert(Number.isInteger(o.latency_ms) && o.latency_ms >= 0, `${what}: latency_ms ${o.latency_ms}`);
        const min = ex.usage.completion_tokens * delayMs * 0.8;
        assert(o.latency_ms >= min, `${what}: latency_ms ${o.latency_ms} is less than the model server took (${min})`);
      }
    }
    assert(tokens > 0, 'SW_TOKENS');
  });
} else {
  console.error('usage: node gw_traffic.mjs run RECORD.json | verify RECORD.json TRAFFIC.jsonl');
  process.exit(2);
}

finish();
