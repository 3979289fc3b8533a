// fleet_hydra.mjs — a hydra-like campaign spread over a fleet: many weakly
// verified accounts paying with one card, each firing templated,
// extraction-grade prompts from a generic HTTP library, every account's
// requests alternating between two gateways so that neither sees the whole
// of any account. Stops at the first refusal of each account (the fleet's
// verdict reached it) or after PER requests.
//
// Environment: SW_GW1, SW_GW2, SW_KEYS (space-separated keys), SW_PER.
import { env, check, finish } from './lib.mjs';

const gws = [env('SW_GW1'), env('SW_GW2')];
const keys = env('SW_KEYS').split(' ').filter(Boolean);
const per = Number(env('SW_PER', '40'));
const problems = ['the integral of x^N', 'the N-th prime', 'the roots of x^2 - N', 'the derivative of sin(Nx)'];

await check(`${keys.length} accounts × up to ${per} requests over two gateways`, async () => {
  const refusedAt = new Array(keys.length).fill(-1);
  for (let i = 0; i < per; i++) {
    await Promise.all(keys.map(async (key, k) => {
      if (refusedAt[k] >= 0) return;
      const body = JSON.stringify({ model: 'sw-small', max_tokens: 32768, temperature: 0,
        messages: [{ role: 'user', content: `Solve step by step and show all your reasoning: problem ${i}: find ${problems[(i + k) % problems.length].replace('N', String(1000 + i * 7 + k))}.` }] });
      const r = await fetch(`${gws[(i + k) % 2]}/v1/chat/completions`, { method: 'POST', body,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'user-agent': 'python-requests/2.31.0' } });
      await r.text();
      if (r.status === 403) refusedAt[k] = i;
    }));
  }
  console.log(`refused at request: ${refusedAt.join(' ')}`);
});

finish();
