// fleet_nonce.mjs — a proof of possession's nonce is remembered by the
// whole fleet: a token obtained at gateway 1 works at gateway 2 (one
// signing key), and a request whose proof was accepted by gateway 1 is
// refused when replayed, byte for byte, at gateway 2.
//
// Environment: SW_GW1, SW_GW2 (gateways of one fleet), SW_KEY.
import crypto from 'node:crypto';
import { env, check, finish, eq, jsonBody } from './lib.mjs';

const gw1 = env('SW_GW1');
const gw2 = env('SW_GW2');
const apiKey = env('SW_KEY');
const device = crypto.generateKeyPairSync('ed25519');
const devicePub = device.publicKey.export({ format: 'jwk' }).x;
const b64u = (b) => Buffer.from(b).toString('base64url');

function proof(method, path, body, nonce = b64u(crypto.randomBytes(18))) {
  const t = Math.floor(Date.now() / 1000);
  const h = crypto.createHash('sha256').update(body).digest('hex');
  const s = crypto.sign(null, Buffer.from(`sw-proof-v1\n${method}\n${path}\n${t}\n${nonce}\n${h}`), device.privateKey);
  return `t=${t};n=${nonce};s=${b64u(s)}`;
}

const path = '/v1/chat/completions';
const body = JSON.stringify({ model: 'sw-small', messages: [{ role: 'user', content: 'hi' }] });
const call = (base, token, p) =>
  fetch(base + path, {
    method: 'POST',
    body,
    headers: { authorization: `Bearer ${token}`, 'sw-proof': p, 'content-type': 'application/json' },
  });

let token;
await check('token from gateway 1', async () => {
  const r = await fetch(`${gw1}/v1/auth/token`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ public_key: devicePub }),
  });
  const b = await jsonBody(r, 'token exchange');
  eq(r.status, 200, `status (${JSON.stringify(b)})`);
  token = b.access_token;
});

await check('a fresh proof is accepted at gateway 2 (shared signing key)', async () => {
  const r = await call(gw2, token, proof('POST', path, body));
  eq(r.status, 200, `status (${await r.text()})`);
});

await check('a proof used at gateway 1 is refused when replayed at gateway 2', async () => {
  const p = proof('POST', path, body);
  const first = await call(gw1, token, p);
  eq(first.status, 200, `first use at gateway 1 (${await first.text()})`);
  const again = await call(gw2, token, p);
  const b = await jsonBody(again, 'replay');
  eq(again.status, 401, `replay at gateway 2 (${JSON.stringify(b)})`);
  eq(b.error.code, 'invalid_proof', 'error code');
  eq(/replayed nonce/.test(b.error.message), true, `message names the replay: ${b.error.message}`);
});

finish();
