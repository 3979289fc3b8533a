// tiktoken_hf.mjs — a Hugging Face tokenizer.json equivalent to a tiktoken
// encoding, for testing the tokenizer.json loader against js-tiktoken's
// encodings (tests/e2e/tokenizer_hf.sh).
//
// Usage: node tiktoken_hf.mjs RANKDIR NAME OUT.json [array|string]
//
// The conversion is the usual one: the vocabulary is every rank file token
// written in ByteLevel's alphabet (one printable code point per byte), and
// the merge that makes a token is found by running tiktoken's BPE on the
// token's bytes with only lower ranks allowed, which leaves exactly two
// parts; merges are listed in rank order. The pre-tokeniser is
// Split(pat_str, Isolated) then ByteLevel without its own regex, with
// ignore_merges so that a piece which is a token is taken whole, as tiktoken
// does. The pattern's \s and \S are written out as ECMAScript's set so that
// the file means what js-tiktoken's pattern means. The last argument picks
// the merges' form ("a b" strings or ["a", "b"] pairs); both exist in the wild.

import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

function byteLevelAlphabet() {
  const map = new Array(256);
  let moved = 0;
  for (let b = 0; b < 256; b++) {
    const printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
    map[b] = String.fromCodePoint(printable ? b : 256 + moved++);
  }
  return map;
}

const JS_SPACES = "\\t\\n\\x0b\\f\\r\\p{Z}\\x{feff}";

function explicitSpaces(pat) {
  let out = "";
  let inClass = false;
  for (let i = 0; i < pat.length; i++) {
    const c = pat[i];
    if (c === "\\" && i + 1 < pat.length) {
      const e = pat[++i];
      if (e === "s") out += inClass ? JS_SPACES : `[${JS_SPACES}]`;
      else if (e === "S" && !inClass) out += `[^${JS_SPACES}]`;
      else out += c + e;
      continue;
    }
    if (c === "[" && !inClass) inClass = true;
    else if (c === "]" && inClass) inClass = false;
    out += c;
  }
  return out;
}

// tiktoken's merge restricted to ranks below maxRank; returns the parts.
function mergeBelow(bytes, ranks, maxRank) {
  let parts = Array.from(bytes, (b) => String.fromCharCode(b));
  for (;;) {
    let best = -1;
    let bestRank = maxRank;
    for (let i = 0; i + 1 < parts.length; i++) {
      const r = ranks.get(parts[i] + parts[i + 1]);
      if (r !== undefined && r < bestRank) {
        bestRank = r;
        best = i;
      }
    }
    if (best < 0) return parts;
    parts.splice(best, 2, parts[best] + parts[best + 1]);
  }
}

// The tokenizer.json object for encoding NAME of RANKDIR.
export function buildTokenizerJson(dir, name, form = "array") {
  const meta = JSON.parse(fs.readFileSync(path.join(dir, `${name}.json`), "utf8"));
  const ranks = new Map(); // latin1 string of the bytes -> rank
  for (const line of fs.readFileSync(path.join(dir, `${name}.tiktoken`), "utf8").split("\n")) {
    if (!line) continue;
    const [b64, r] = line.split(" ");
    ranks.set(Buffer.from(b64, "base64").toString("latin1"), Number(r));
  }
  const alpha = byteLevelAlphabet();
  const bl = (latin1) => Array.from(latin1, (ch) => alpha[ch.charCodeAt(0)]).join("");
  const vocab = {};
  const merges = [];
  const byRank = [...ranks.entries()].sort((a, b) => a[1] - b[1]);
  for (const [tok, rank] of byRank) {
    vocab[bl(tok)] = rank;
    if (tok.length < 2) continue;
    const parts = mergeBelow(Buffer.from(tok, "latin1"), ranks, rank);
    if (parts.length !== 2) throw new Error(`${name}: token of rank ${rank} is not the merge of two tokens`);
    merges.push(form === "string" ? `${bl(parts[0])} ${bl(parts[1])}` : [bl(parts[0]), bl(parts[1])]);
  }
  const added = Object.entries(meta.special_tokens).map(([content, id]) => ({
    id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true,
  }));
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: added,
    normalizer: null,
    pre_tokenizer: {
      type: "Sequence",
      pretokenizers: [
        { type: "Split", pattern: { Regex: explicitSpaces(meta.pat_str) }, behavior: "Isolated", invert: false },
        { type: "ByteLevel", add_prefix_space: false, trim_offsets: true, use_regex: false },
      ],
    },
    post_processor: null,
    decoder: { type: "ByteLevel", add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: "BPE", dropout: null, unk_token: null, continuing_subword_prefix: null, end_of_word_suffix: null,
      fuse_unk: false, byte_fallback: false, ignore_merges: true, vocab, merges,
    },
  };
}

function main() {
  const [dir, name, out, form = "array"] = process.argv.slice(2);
  if (!out) {
    console.error("usage: node tiktoken_hf.mjs RANKDIR NAME OUT.json [array|string]");
    process.exit(2);
  }
  const json = buildTokenizerJson(dir, name, form);
  fs.writeFileSync(out, JSON.stringify(json));
  console.error(`tiktoken_hf: ${name}: ${Object.keys(json.model.vocab).length} tokens, ` +
    `${json.model.merges.length} merges -> ${out}`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) main();
