// tiktoken_bench.mjs — js-tiktoken's encoding speed on a file, the peer figure
// printed beside bench/tokenize.c's (docs/tokenizers.md).
// Usage: node tiktoken_bench.mjs ENCODING FILE [ROUNDS]   (best of ROUNDS, default 3)

import { getEncoding } from "js-tiktoken";
import fs from "node:fs";

const [name, file, roundsArg] = process.argv.slice(2);
if (!file) {
  console.error("usage: node tiktoken_bench.mjs ENCODING FILE [ROUNDS]");
  process.exit(2);
}
const enc = getEncoding(name);
const text = fs.readFileSync(file, "utf8");
const bytes = Buffer.byteLength(text);
let best = Infinity;
let n = 0;
for (let r = 0; r < Number(roundsArg ?? 3); r++) {
  const t0 = performance.now();
  n = enc.encode(text, [], []).length;
  best = Math.min(best, (performance.now() - t0) / 1000);
}
console.log(`js-tiktoken ${name}: ${bytes} bytes, ${n} tokens, ${best.toFixed(3)} s, ` +
  `${(n / best / 1e6).toFixed(2)} Mtokens/s, ${(bytes / best / 1e6).toFixed(1)} MB/s`);
