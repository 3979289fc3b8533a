// paseto_check.mjs — the reference PASETO implementation (the `paseto` npm
// package) and Node's own Ed25519/SHA-256, on the other side of stillwatch's
// tokens and proofs. Keys are hex, as token_tool prints them.
//
//   node paseto_check.mjs verify PK_HEX TOKEN
//       V4.verify with issuer "stillwatch"; prints the payload as JSON
//   node paseto_check.mjs sign ACCOUNT KEY_ID DEVICE_PK_HEX [TTL]
//       a fresh gateway key; prints its public key (hex) and a V4.sign token
//       with stillwatch's claims, one per line
//   node paseto_check.mjs device SEED_HEX
//       the Ed25519 public key (hex) of a 32-byte seed
//   node paseto_check.mjs proof SEED_HEX METHOD PATH BODY [UNIX_SECONDS]
//       an SW-Proof header value, computed as docs/gateway.md describes
import { createHash, createPrivateKey, createPublicKey, randomBytes, sign } from 'node:crypto';
import { V4 } from 'paseto';

const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');

function seedKey(seedHex) {
  const seed = Buffer.from(seedHex, 'hex');
  if (seed.length !== 32) throw new Error('seed must be 32 bytes');
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: 'der', type: 'pkcs8' });
}

function rawPublic(key) {
  return Buffer.from(createPublicKey(key).export({ format: 'jwk' }).x, 'base64url');
}

async function main(argv) {
  const [cmd, ...args] = argv;
  switch (cmd) {
    case 'verify': {
      const [pkHex, token] = args;
      const pk = V4.bytesToKeyObject(Buffer.from(pkHex, 'hex'));
      const payload = await V4.verify(token, pk, { issuer: 'stillwatch' });
      console.log(JSON.stringify(payload));
      return 0;
    }
    case 'sign': {
      const [account, kid, devicePkHex, ttl = '5 minutes'] = args;
      const key = await V4.generateKey('public');
      const okp = Buffer.from(devicePkHex, 'hex').toString('base64url');
      const jti = randomBytes(16).toString('base64url');
      const token = await V4.sign({ sub: account, kid, jti, cnf: { okp } }, key, {
        issuer: 'stillwatch',
        expiresIn: ttl,
      });
      console.log(rawPublic(key).toString('hex'));
      console.log(token);
      return 0;
    }
    case 'device': {
      console.log(rawPublic(seedKey(args[0])).toString('hex'));
      return 0;
    }
    case 'proof': {
      const [seedHex, method, path, body, when] = args;
      const t = when ?? String(Math.floor(Date.now() / 1000));
      const nonce = randomBytes(16).toString('base64url');
      const digest = createHash('sha256').update(body, 'utf8').digest('hex');
      const text = `sw-proof-v1\n${method}\n${path}\n${t}\n${nonce}\n${digest}`;
      const sig = sign(null, Buffer.from(text, 'utf8'), seedKey(seedHex)).toString('base64url');
      console.log(`t=${t};n=${nonce};s=${sig}`);
      return 0;
    }
    default:
      console.error('usage: paseto_check.mjs verify|sign|device|proof ...');
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(`paseto_check: ${err.code ?? ''} ${err.message}`);
    process.exit(1);
  },
);
