// tiktoken_ranks.mjs — writes standard tiktoken rank files from js-tiktoken's data.
//
// js-tiktoken ships each encoding as one JS module holding the
// pre-tokenisation pattern (pat_str), the special tokens and the ranks in a
// compact form: lines of "<prefix> <first rank> <base64 token> <base64 token> ...",
// where consecutive tokens of a line take consecutive ranks. This script
// expands that form into the format every tiktoken implementation reads
// (`base64(token bytes) rank`, one token per line, rank order) and writes the
// pattern and special tokens beside it as JSON, so that the C loader needs no
// copy of either:
//
//   DIR/NAME.tiktoken   base64 rank
//   DIR/NAME.json       {"name", "pat_str", "special_tokens", "source"}
//
// It then checks its own output against js-tiktoken's encoder on a sample, so
// a change of the compact format cannot produce silently wrong files.
// Usage: node tiktoken_ranks.mjs DIR [NAME...]   (default: cl100k_base o200k_base)
// Files are written through a temporary name and renamed, so an interrupted run
// never leaves a truncated rank file behind.

import { Tiktoken } from "js-tiktoken/lite";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

function expandRanks(compact) {
  const out = [];
  for (const line of compact.split("\n")) {
    if (!line) continue;
    const [, offsetStr, ...tokens] = line.split(" ");
    const offset = Number.parseInt(offsetStr, 10);
    tokens.forEach((tok, i) => out.push([tok, offset + i]));
  }
  out.sort((a, b) => a[1] - b[1]);
  return out;
}

function writeAtomic(file, text) {
  const tmp = `${file}.tmp${process.pid}`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

// Re-encodes a sample with a Tiktoken built from the expanded ranks and with
// js-tiktoken's own loader; any difference means the expansion is wrong.
function selfCheck(name, data, ranks) {
  const lines = ranks.map(([tok, r]) => `! ${r} ${tok}`).join("\n");
  const rebuilt = new Tiktoken({ ...data, bpe_ranks: lines });
  const original = new Tiktoken(data);
  const sample = "Hello, world! 12345 naïve café — 日本語のテキスト 🙂\n\n  def f(x):\n\treturn x**2";
  const a = rebuilt.encode(sample).join(",");
  const b = original.encode(sample).join(",");
  if (a !== b) throw new Error(`${name}: expanded ranks disagree with js-tiktoken`);
}

function main() {
  const dir = process.argv[2];
  if (!dir) {
    console.error("usage: node tiktoken_ranks.mjs DIR [NAME...]");
    process.exit(2);
  }
  const names = process.argv.length > 3 ? process.argv.slice(3) : ["cl100k_base", "o200k_base"];
  fs.mkdirSync(dir, { recursive: true });
  // package.json is not exported by js-tiktoken; read it beside the module.
  const pkgDir = path.dirname(path.dirname(require.resolve("js-tiktoken/lite")));
  const version = JSON.parse(fs.readFileSync(path.join(pkgDir, "package.json"), "utf8")).version;
  for (const name of names) {
    const data = require(`js-tiktoken/ranks/${name}`);
    const ranks = expandRanks(data.bpe_ranks);
    selfCheck(name, data, ranks);
    const text = ranks.map(([tok, r]) => `${tok} ${r}\n`).join("");
    const meta = {
      name,
      pat_str: data.pat_str,
      special_tokens: data.special_tokens,
      source: `js-tiktoken@${version}`,
    };
    writeAtomic(path.join(dir, `${name}.json`), JSON.stringify(meta, null, 2) + "\n");
    writeAtomic(path.join(dir, `${name}.tiktoken`), text);
    console.error(`tiktoken_ranks: ${name}: ${ranks.length} ranks -> ${dir}`);
  }
}

main();
