// tiktoken_hfref.mjs — reference encodings from Hugging Face's own tokenizers
// library (its Rust code, through the @anush008/tokenizers Node binding), for
// the tokenizer.json features that the js-tiktoken comparison cannot reach:
// GPT-2's ByteLevel regex and prefix space, every Split behaviour, invert,
// String patterns, ignore_merges on and off, and Oniguruma's reading of \s.
//
// Usage: node tiktoken_hfref.mjs RANKDIR STRINGS.ref OUTDIR
// Each variant is the cl100k_base vocabulary and merges (tiktoken_hf.mjs)
// with a different pre-tokeniser; for each, OUTDIR gets VARIANT.json and
// VARIANT.ref ("HEX(text) TAB ids" for every text of STRINGS.ref, encoded by
// Hugging Face without special tokens). Added tokens are left out: the
// reference matches them inside the text, which stillwatch deliberately does not.
// Exits 3 when the binding is not installed, so the caller can say so.

import fs from "node:fs";
import path from "node:path";
import { buildTokenizerJson } from "./tiktoken_hf.mjs";

const LLAMA3 =
  "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

const byteLevel = (prefix, regex) => ({ type: "ByteLevel", add_prefix_space: prefix, trim_offsets: true, use_regex: regex });
const split = (pattern, behavior, invert = false, kind = "Regex") =>
  ({ type: "Split", pattern: { [kind]: pattern }, behavior, invert });
const seq = (...p) => ({ type: "Sequence", pretokenizers: p });

// name -> [pre_tokenizer, ignore_merges]
function variants(patStr) {
  return {
    gpt2_prefix: [byteLevel(true, true), false],
    gpt2_noprefix_ignore: [byteLevel(false, true), true],
    onig_cl100k: [seq(split(patStr, "Isolated"), byteLevel(false, false)), true],
    llama3: [seq(split(LLAMA3, "Isolated"), byteLevel(false, false)), true],
    llama3_merges_only: [seq(split(LLAMA3, "Isolated"), byteLevel(false, false)), false],
    ws_merged_prev: [seq(split("\\s+", "MergedWithPrevious"), byteLevel(true, true)), false],
    ws_merged_next: [seq(split("\\s+", "MergedWithNext"), byteLevel(false, true)), false],
    digits_contiguous: [seq(split("\\p{N}", "Contiguous"), byteLevel(false, false)), false],
    letters_removed_inverted: [seq(split("\\p{L}+", "Removed", true), byteLevel(true, false)), false],
    space_string_merged_next: [seq(split(" ", "MergedWithNext", false, "String"), byteLevel(false, true)), true],
    e_string_isolated_inverted: [seq(split("e", "Isolated", true, "String"), byteLevel(true, false)), false],
  };
}

async function main() {
  const [dir, strings, out] = process.argv.slice(2);
  if (!out) {
    console.error("usage: node tiktoken_hfref.mjs RANKDIR STRINGS.ref OUTDIR");
    process.exit(2);
  }
  let tk;
  try {
    tk = (await import("@anush008/tokenizers")).default;
  } catch {
    console.error("tiktoken_hfref: @anush008/tokenizers is not installed in tests/node");
    process.exit(3);
  }
  fs.mkdirSync(out, { recursive: true });
  const base = buildTokenizerJson(dir, "cl100k_base");
  base.added_tokens = [];
  const meta = JSON.parse(fs.readFileSync(path.join(dir, "cl100k_base.json"), "utf8"));
  const texts = fs.readFileSync(strings, "utf8").split("\n").filter(Boolean).map((l) => l.split("\t")[0]);
  for (const [name, [pre, ignoreMerges]] of Object.entries(variants(meta.pat_str))) {
    const json = { ...base, pre_tokenizer: pre, model: { ...base.model, ignore_merges: ignoreMerges } };
    const file = path.join(out, `${name}.json`);
    fs.writeFileSync(file, JSON.stringify(json));
    const tok = tk.Tokenizer.fromFile(file);
    const lines = [];
    for (const hex of texts) {
      const enc = await tok.encode(Buffer.from(hex, "hex").toString("utf8"), null, { addSpecialTokens: false });
      lines.push(`${hex}\t${enc.getIds().join(" ")}`);
    }
    fs.writeFileSync(path.join(out, `${name}.ref`), lines.join("\n") + "\n");
  }
  console.error(`tiktoken_hfref: ${Object.keys(variants("")).length} variants x ${texts.length} texts -> ${out}`);
}

main();
