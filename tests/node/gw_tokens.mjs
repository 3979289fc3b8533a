// gw_tokens.mjs — short-lived, device-bound access tokens (src/auth/token.h):
// an API key and a device's Ed25519 public key are exchanged at
// POST /v1/auth/token for a PASETO v4.public token; each use of the token
// carries an SW-Proof header signed by the device key over the method, path,
// time, a nonce and the body's SHA-256. Proofs cannot be replayed, moved to
// another body or path, made by another key, or left out. The token verifies
// with the reference `paseto` package under the gateway's public key.
//
// Environment: SW_BASE, SW_KEY, SW_ACCOUNT (the key's account), SW_MODEL,
// SW_TOKEN_KEY_FILE (the gateway's DIR/token.key: seed then public key).
import crypto from 'node:crypto';
import fs from 'node:fs';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { V4 } from 'paseto';
import { env, check, finish, assert, eq, jsonBody } from './lib.mjs';

const base = env('SW_BASE');
const apiKey = env('SW_KEY');
const account = env('SW_ACCOUNT');
const model = env('SW_MODEL', 'sw-small');
const keyFile = env('SW_TOKEN_KEY_FILE');

const device = crypto.generateKeyPairSync('ed25519');
const devicePub = device.publicKey.export({ format: 'jwk' }).x; // raw 32 bytes, base64url
const b64u = (b) => Buffer.from(b).toString('base64url');

function proof(priv, method, path, body, { t = Math.floor(Date.now() / 1000), nonce = b64u(crypto.randomBytes(18)) } = {}) {
  const h = crypto.createHash('sha256').update(body ?? '').digest('hex');
  const msg = `sw-proof-v1\n${method}\n${path}\n${t}\n${nonce}\n${h}`;
  const s = crypto.sign(null, Buffer.from(msg), priv);
  return `t=${t};n=${nonce};s=${b64u(s)}`;
}

async function exchange(key, publicKey) {
  return fetch(`${base}/v1/auth/token`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ public_key: publicKey }),
  });
}

// A fetch for the client libraries that signs each request's exact body.
function provingFetch(priv) {
  return async (url, init = {}) => {
    const u = new URL(url);
    const body = typeof init.body === 'string' ? init.body : init.body == null ? '' : Buffer.from(init.body);
    const headers = new Headers(init.headers);
    headers.set('sw-proof', proof(priv, (init.method ?? 'GET').toUpperCase(), u.pathname + u.search, body));
    return fetch(url, { ...init, headers });
  };
}

let token = null;

await check('POST /v1/auth/token: API key + device key → v4.public token', async () => {
  const r = await exchange(apiKey, devicePub);
  const b = await jsonBody(r, 'token exchange');
  eq(r.status, 200, `status (${JSON.stringify(b)})`);
  token = b.access_token;
  assert(typeof token === 'string' && token.startsWith('v4.public.'), `access_token is not a v4.public token: ${JSON.stringify(b)}`);
  const raw = Buffer.from(token.slice('v4.public.'.length).split('.')[0], 'base64url');
  const claims = JSON.parse(raw.subarray(0, raw.length - 64).toString('utf8'));
  eq(claims.iss, 'stillwatch', 'iss');
  eq(claims.sub, account, 'sub');
  eq(claims.cnf && claims.cnf.okp, devicePub, 'cnf.okp');
  assert(apiKey.startsWith(claims.kid), `kid '${claims.kid}' is not the key's id`);
  assert(typeof claims.jti === 'string' && claims.jti.length >= 16, 'jti');
  const life = Date.parse(claims.exp) - Date.parse(claims.iat);
  assert(life > 0 && life <= 3600e3, `lifetime ${life} ms`);
  assert(Math.abs(Date.parse(claims.iat) - Date.now()) < 60e3, `iat ${claims.iat} is not now`);
});

await check('the token verifies with the paseto package under the gateway\'s public key', async () => {
  assert(token, 'no token');
  const sk = fs.readFileSync(keyFile);
  eq(sk.length, 64, `${keyFile} size`);
  const pub = crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: b64u(sk.subarray(32)) }, format: 'jwk' });
  const claims = await V4.verify(token, pub, { issuer: 'stillwatch', subject: account });
  eq(claims.cnf.okp, devicePub, 'cnf.okp');
  const other = crypto.generateKeyPairSync('ed25519').publicKey;
  let refused = false;
  try { await V4.verify(token, other); } catch { refused = true; }
  assert(refused, 'the token verified under an unrelated key');
});

await check('token exchange refuses bad keys and bad device keys', async () => {
  const r1 = await exchange('sk-sw-00000000' + 'A'.repeat(43), devicePub);
  eq(r1.status, 401, 'unknown API key');
  await jsonBody(r1, 'unknown API key');
  for (const bad of ['', 'not base64!', b64u(crypto.randomBytes(31)), b64u(crypto.randomBytes(33))]) {
    const r = await exchange(apiKey, bad);
    eq(r.status, 400, `device key '${bad}'`);
    await jsonBody(r, `device key '${bad}'`);
  }
  const r3 = await fetch(`${base}/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ public_key: devicePub }) });
  eq(r3.status, 401, 'no API key');
});

await check('token + proof: the OpenAI client, plain and streamed', async () => {
  const client = new OpenAI({ apiKey: token, baseURL: `${base}/v1`, maxRetries: 0, fetch: provingFetch(device.privateKey) });
  const r = await client.chat.completions.create({ model, max_tokens: 8, messages: [{ role: 'user', content: 'Capital of Peru?' }] });
  assert(r.choices[0].message.content.length > 0, 'empty answer');
  const s = await client.chat.completions.create({ model, max_tokens: 8, stream: true, messages: [{ role: 'user', content: 'Capital of Chile?' }] });
  let text = '';
  for await (const c of s) text += c.choices[0]?.delta?.content ?? '';
  assert(text.length > 0, 'empty stream');
});

await check('token + proof: the Anthropic client (Authorization: Bearer)', async () => {
  const client = new Anthropic({ authToken: token, apiKey: null, baseURL: base, maxRetries: 0, fetch: provingFetch(device.privateKey) });
  const m = await client.messages.create({ model, max_tokens: 8, messages: [{ role: 'user', content: 'Capital of Ghana?' }] });
  assert(m.content[0].text.length > 0, 'empty answer');
});

const path = '/v1/chat/completions';
const body = JSON.stringify({ model, max_tokens: 8, messages: [{ role: 'user', content: 'Capital of Norway?' }] });
const send = (headers, b = body, p = path) => fetch(`${base}${p}`, {
  method: 'POST', body: b, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
});
async function refused(res, what) {
  const b = await jsonBody(res, what);
  eq(res.status, 401, `${what} (${JSON.stringify(b)})`);
}

await check('a proof is good once: the same proof replayed → 401', async () => {
  const p = proof(device.privateKey, 'POST', path, body);
  const first = await send({ 'sw-proof': p });
  eq(first.status, 200, `first use (${await first.text()})`);
  for (let i = 0; i < 4; i++) await refused(await send({ 'sw-proof': p }, body, path), `replay ${i + 1}`);
});

await check('no proof → 401', async () => {
  await refused(await send({}), 'no SW-Proof');
  await refused(await send({ 'sw-proof': '' }), 'empty SW-Proof');
  await refused(await send({ 'sw-proof': 't=1;n=abc;s=xyz' }), 'malformed SW-Proof');
});

await check('a proof for another body, path, time or key → 401', async () => {
  const other = JSON.stringify({ model, max_tokens: 8, messages: [{ role: 'user', content: 'Capital of Sweden?' }] });
  await refused(await send({ 'sw-proof': proof(device.privateKey, 'POST', path, other) }), 'proof of another body');
  await refused(await send({ 'sw-proof': proof(device.privateKey, 'POST', '/v1/completions', body) }), 'proof of another path');
  await refused(await send({ 'sw-proof': proof(device.privateKey, 'GET', path, body) }), 'proof of another method');
  await refused(await send({ 'sw-proof': proof(device.privateKey, 'POST', path, body, { t: Math.floor(Date.now() / 1000) - 3600 }) }), 'an hour-old proof');
  const thief = crypto.generateKeyPairSync('ed25519');
  await refused(await send({ 'sw-proof': proof(thief.privateKey, 'POST', path, body) }), 'proof by another device key');
});

await check('a forged or altered token → 401', async () => {
  const [head, payload] = [token.slice(0, 10), token.slice(10)];
  const raw = Buffer.from(payload, 'base64url');
  raw[5] ^= 1;
  const forged = head + b64u(raw);
  const r = await fetch(`${base}${path}`, { method: 'POST', body, headers: {
    authorization: `Bearer ${forged}`, 'content-type': 'application/json', 'sw-proof': proof(device.privateKey, 'POST', path, body) } });
  await refused(r, 'altered token');
});

finish();
