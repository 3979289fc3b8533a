// oai_server.js — a minimal OpenAI-compatible completion server for the
// watermark end-to-end test. It serves the generations of the test's n-gram
// "student" models, prepared by wm_lm: for a (model, prompt) pair it answers
// the prepared completions in turn. No dependencies beyond Node's http.
//
//   node oai_server.js COMPLETIONS.jsonl PORTFILE [API_KEY]
//
// Listens on 127.0.0.1 on a free port and writes the port to PORTFILE.
// POST /v1/completions {model, prompt} and /v1/chat/completions {model,
// messages}; 404 for an unknown model, 401 without the API key when one is set.
'use strict';
const http = require('http');
const fs = require('fs');

const [file, portFile, apiKey] = process.argv.slice(2);
const table = new Map();
for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
  if (!line) continue;
  const c = JSON.parse(line);
  const k = c.model + '\u0000' + c.prompt;
  if (!table.has(k)) table.set(k, { texts: [], next: 0 });
  table.get(k).texts.push(c.text);
}
const models = new Set([...table.keys()].map((k) => k.split('\u0000')[0]));

function reply(res, status, obj) {
  const body = JSON.stringify(obj);
  // chunked on purpose: clients must handle it
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.write(body.slice(0, 10));
  res.end(body.slice(10));
}

const server = http.createServer((req, res) => {
  let data = '';
  req.on('data', (d) => { data += d; });
  req.on('end', () => {
    if (apiKey && req.headers.authorization !== 'Bearer ' + apiKey)
      return reply(res, 401, { error: { message: 'bad API key' } });
    const chat = req.url === '/v1/chat/completions';
    if (req.method !== 'POST' || (!chat && req.url !== '/v1/completions'))
      return reply(res, 404, { error: { message: 'no such route ' + req.url } });
    let body;
    try { body = JSON.parse(data); } catch (e) { return reply(res, 400, { error: { message: 'bad JSON' } }); }
    if (!models.has(body.model))
      return reply(res, 404, { error: { message: 'model ' + body.model + ' does not exist' } });
    const prompt = chat ? body.messages[body.messages.length - 1].content : body.prompt;
    const entry = table.get(body.model + '\u0000' + prompt);
    const text = entry ? entry.texts[entry.next++ % entry.texts.length] : '';
    const choice = chat ? { index: 0, message: { role: 'assistant', content: text }, finish_reason: 'length' }
                        : { index: 0, text, finish_reason: 'length' };
    reply(res, 200, { id: 'cmpl-test', object: chat ? 'chat.completion' : 'text_completion',
                      model: body.model, choices: [choice] });
  });
});
server.listen(0, '127.0.0.1', () => fs.writeFileSync(portFile, String(server.address().port)));
