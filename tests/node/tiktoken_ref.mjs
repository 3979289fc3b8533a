// tiktoken_ref.mjs — reference encodings from js-tiktoken, for the C tokeniser
// to match token for token (tests/e2e/tokenizer_tiktoken.sh).
//
// Usage: node tiktoken_ref.mjs OUTDIR [COUNT] [SEED]
// Writes OUTDIR/cl100k_base.ref and OUTDIR/o200k_base.ref: one case per line,
// "HEX(UTF-8 bytes of the text) TAB ids separated by spaces".
//
// The strings come from a seeded generator (the same seed gives the same
// file), drawn from families that stress different parts of a tokeniser:
// prose, code, numbers, whitespace runs, emoji sequences, CJK, Cyrillic and
// other scripts, accents precomposed and combining, contractions, long runs
// of one character (long pieces exercise the merge heap), special-token
// text, unusual spaces (U+0085, U+00A0, U+FEFF, U+2028, U+3000), controls,
// lone surrogates (which UTF-8 turns into U+FFFD) and random code points from
// long-established blocks (both Unicode tables agree there), plus mixtures.
// Special-token text is encoded as ordinary text, as the C side does.

import { getEncoding } from "js-tiktoken";
import fs from "node:fs";
import path from "node:path";

// A small deterministic PRNG (xorshift32), so failures are reproducible.
function makeRng(seed) {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  const pick = (a) => a[int(a.length)];
  return { next, int, pick };
}

const WORDS = (
  "the of and to in is was that for it with as on be at by this had not are but from or have an they which " +
  "one you were her all she there would their we him been has when who will more no if out so said what up " +
  "its about into than them can only other new some could time these two may then do first any my now such " +
  "like our over man me even most made after also did many before must through back years where much your way " +
  "well down should because each just those people Mr how too little state good very make world still own see " +
  "men work long get here between both life being under never day same another know while last might us great " +
  "old year off come since against go came right used take three distillation watermark tokenizer gateway " +
  "antidisestablishmentarianism pneumonoultramicroscopicsilicovolcanoconiosis don't can't I'm you're it's " +
  "we've they'll she'd O'Brien rock'n'roll"
).split(" ");

const SCRIPTS = {
  cjk: "的一是不了人我在有他这为之大来以个中上们到说国和地也子时道出而要于就下得可你年生自会那后能对着事其里所去行过家十用发天如然作方成者多日都三小军二无同么经法当起与好看学进种将还分此心前面又定见只主没公从",
  kana: "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをんアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲンー",
  hangul: "가나다라마바사아자차카타파하한국어대한민국서울부산사랑해요감사합니다안녕하세요",
  cyrillic: "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ",
  greek: "αβγδεζηθικλμνξοπρστυφχψωΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩάέήίόύώ",
  arabic: "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأؤإئ٠١٢٣٤٥٦٧٨٩",
  hebrew: "אבגדהוזחטיכלמנסעפצקרשת",
  devanagari: "अआइईउऊएऐओऔकखगघङचछजझञटठडढणतथदधनपफबभमयरलवशषसहािीुूेैोौं्०१२३",
  thai: "กขคงจฉชซญดตถทธนบปผพฟภมยรลวศสหอฮะัาำิีึืุูเแโใไ่้๊๋",
  accented: "àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝßœŒšŠžŽłŁńŃőŐűŰ",
};

const EMOJI = [
  "😀", "😂", "🥲", "👍", "👍🏽", "❤️", "🔥", "🎉", "🚀", "🤖", "🇺🇸", "🇯🇵", "👨‍👩‍👧‍👦", "🧑🏿‍💻", "🏳️‍🌈", "✅", "⚠️", "©️", "1️⃣", "🫠",
];

const ODD = [
  "\u0085", "\u00a0", "\ufeff", "\u2028", "\u2029", "\u3000", "\u200b", "\u200d", "\u2009", "\u1680", "\u000b",
  "\u000c", "\u0000", "\u0001", "\u001b", "\u007f", "\ud800", "\udfff", "\ufffd", "\u2019", "\u00ad",
];

const SPECIAL = ["<|endoftext|>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>", "<|endofprompt|>", "<|im_start|>"];

const CODE = [
  "int main(int argc, char **argv) {\n    return 0;\n}\n",
  "def f(x):\n\tif x > 0:\n\t\treturn x ** 2\n\treturn -x\n",
  "const xs = [1, 2, 3].map((x) => x * 2); // doubled\n",
  "for (size_t i = 0; i < n; i++) { sum += a[i] * b[i]; }",
  "SELECT id, name FROM users WHERE created_at >= '2024-01-01' ORDER BY id DESC;",
  "<div class=\"row\"><span id='x'>&nbsp;Hello&amp;bye</span></div>",
  "{\"model\": \"gpt-4o\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"temperature\": 0.7}",
  "#!/bin/sh\nset -eu\nfor f in *.txt; do wc -l \"$f\"; done 2>/dev/null | sort -n\n",
  "    }\n\n    fn parse(&self) -> Result<Vec<u8>, Error> {\r\n        Ok(vec![])\r\n    }",
  "x=1;y=2;z=x+y;print(f\"{z:08.3f}\")",
];

// Code points from blocks assigned long before Unicode 14, so that PCRE2's
// tables and ECMAScript's agree on every category.
const RANGES = [
  [0x20, 0x7e], [0xa0, 0x24f], [0x370, 0x3ff], [0x400, 0x4ff], [0x590, 0x5ff], [0x600, 0x6ff], [0x900, 0x97f],
  [0xe00, 0xe7f], [0x1100, 0x11ff], [0x1e00, 0x1eff], [0x2000, 0x206f], [0x20a0, 0x20bf], [0x2100, 0x214f],
  [0x2190, 0x23ff], [0x2500, 0x27bf], [0x3000, 0x303f], [0x3040, 0x30ff], [0x4e00, 0x9fa5], [0xac00, 0xd7a3],
  [0xff00, 0xffef], [0x1f300, 0x1f5ff], [0x1f600, 0x1f64f], [0x1d400, 0x1d7ff],
];

function fromSet(rng, set, n) {
  const chars = Array.from(set);
  let s = "";
  for (let i = 0; i < n; i++) s += rng.pick(chars);
  return s;
}

function randomCodePoints(rng, n) {
  let s = "";
  for (let i = 0; i < n; i++) {
    const [lo, hi] = rng.pick(RANGES);
    s += String.fromCodePoint(lo + rng.int(hi - lo + 1));
  }
  return s;
}

function prose(rng, n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    let w = rng.pick(WORDS);
    if (rng.next() < 0.1) w = w[0].toUpperCase() + w.slice(1);
    if (rng.next() < 0.03) w = w.toUpperCase();
    out.push(w + (rng.next() < 0.1 ? rng.pick([",", ".", ";", ":", "!", "?", "...", " —", "\"", "'s", "'S", "'LL"]) : ""));
  }
  return out.join(rng.next() < 0.9 ? " " : "  ");
}

function numbers(rng) {
  const parts = [];
  const n = 1 + rng.int(6);
  for (let i = 0; i < n; i++) {
    const k = rng.int(6);
    if (k === 0) parts.push(String(rng.int(10 ** (1 + rng.int(9)))));
    else if (k === 1) parts.push((rng.next() * 10000).toFixed(rng.int(6)));
    else if (k === 2) parts.push(`${rng.int(1000)},${String(rng.int(1000)).padStart(3, "0")},${rng.int(1000)}`);
    else if (k === 3) parts.push(`+1 (${rng.int(900) + 100}) ${rng.int(900) + 100}-${rng.int(9000) + 1000}`);
    else if (k === 4) parts.push(`${rng.int(30)}/${rng.int(12)}/${1900 + rng.int(200)}`);
    else parts.push("1".repeat(1 + rng.int(40)));
  }
  return parts.join(rng.pick([" ", ", ", "\n", "", "x", "-"]));
}

function whitespace(rng) {
  const pieces = [" ", "  ", "\t", "\n", "\r\n", "\n\n", "   \n", " \t ", "\r", "\u00a0", "\u3000"];
  let s = "";
  const n = 1 + rng.int(12);
  for (let i = 0; i < n; i++) {
    s += rng.pick(pieces).repeat(1 + rng.int(5));
    if (rng.next() < 0.5) s += rng.pick(WORDS);
  }
  return s;
}

function longRun(rng) {
  const unit = rng.pick(["a", "ab", " ", "\n", "0", "9", "!", "=-", "é", "中", "😀", "\t", "xyz", "Ab", "ー", "👍🏽", ".", "'"]);
  const maxBytes = rng.next() < 0.1 ? 1500 : 300; // bytes: a long piece costs js-tiktoken n^2
  const n = 1 + rng.int(Math.max(1, Math.floor(maxBytes / Buffer.byteLength(unit))));
  return (rng.next() < 0.5 ? rng.pick(WORDS) + " " : "") + unit.repeat(n) + (rng.next() < 0.5 ? " end" : "");
}

// Long letter runs without spaces: pieces far beyond the direct-scan limit.
// (Lengths stay in the low thousands: js-tiktoken's merge is quadratic.)
function longWord(rng) {
  const set = rng.pick(["abcdefghijklmnopqrstuvwxyz", "etaoinshrdlu", "ABCDEFabcdef", SCRIPTS.cyrillic, SCRIPTS.cjk, SCRIPTS.accented]);
  const maxBytes = rng.next() < 0.1 ? 1500 : 400;
  return fromSet(rng, set, Math.floor((100 + rng.int(maxBytes)) / Buffer.byteLength(Array.from(set)[0])));
}

function mixed(rng) {
  const gens = [
    () => prose(rng, 1 + rng.int(20)),
    () => rng.pick(CODE),
    () => numbers(rng),
    () => whitespace(rng),
    () => rng.pick(EMOJI).repeat(1 + rng.int(3)),
    () => fromSet(rng, SCRIPTS[rng.pick(Object.keys(SCRIPTS))], 1 + rng.int(30)),
    () => rng.pick(ODD),
    () => rng.pick(SPECIAL),
    () => randomCodePoints(rng, 1 + rng.int(10)),
    () => "e\u0301" + rng.pick(WORDS) + "n\u0303",
  ];
  let s = "";
  const n = 2 + rng.int(8);
  for (let i = 0; i < n; i++) s += rng.pick(gens)() + (rng.next() < 0.5 ? " " : "");
  return s;
}

function fixedCases() {
  const out = [
    "", " ", "  ", "\n", "\r\n", "hello world", "Hello, World!", "don't", "DON'T", "I'LL", "we've", "it’s",
    "'s", "'", "''", "'''", " 's", "x's's's", "<|endoftext|>", "a<|endoftext|>b", "<|endofprompt|> <|fim_prefix|>",
    "1", "12", "123", "1234", "12345678901234567890", "3.14159", "-42", "1,000,000", "٣٤٥", "①②③", "Ⅻ",
    "\t\t\t", "   x", "x   ", "x   \n", "x \n\n y", "\n\n\n\n", " \n \n ", "a\u0085b", "a\ufeffb", "\ufeff",
    "\u0085", "a\u00a0b", "a\u2028b", "a\u3000b", "\u0000", "a\u0000b", "\u001b[31mred\u001b[0m", "\ud83d",
    "x\udc00y", "😀", "😀😀😀", "👨‍👩‍👧‍👦", "🇺🇸🇯🇵", "中文字符", "日本語のテキスト", "한국어", "Привет, мир!", "Ελληνικά",
    "naïve café", "e\u0301", "Z\u0351\u0352\u0353algo", "ﬁ ﬂ", "ǅ ǈ ǋ", "ſ", "K", "İstanbul", "ß ẞ", "µ", "ℌ",
    "https://example.com/path?q=1&r=2#frag", "user@example.org", "C:\\Windows\\System32", "a\\nb", "$$\\frac{a}{b}$$",
    "     def f():\n         pass", ")))))))))))", "?!?!?!", "...", "…", "—–-", "a".repeat(2000),
    " ".repeat(2000) + "x", "\n".repeat(2000), "0".repeat(3001), "😀".repeat(200), "ab".repeat(1000),
  ];
  return out;
}

function generate(count, seed) {
  const rng = makeRng(seed);
  const gens = [
    () => prose(rng, 1 + rng.int(60)),
    () => rng.pick(CODE) + (rng.next() < 0.5 ? rng.pick(CODE) : ""),
    () => numbers(rng),
    () => whitespace(rng),
    () => Array.from({ length: 1 + rng.int(8) }, () => rng.pick(EMOJI)).join(rng.pick(["", " ", "\n"])),
    () => fromSet(rng, SCRIPTS.cjk + SCRIPTS.kana, 1 + rng.int(80)),
    () => fromSet(rng, SCRIPTS.hangul, 1 + rng.int(40)),
    () => prose(rng, 3).replace(/ /g, " ") + " " + fromSet(rng, SCRIPTS.cyrillic + "  ,.", 5 + rng.int(80)),
    () => fromSet(rng, SCRIPTS[rng.pick(Object.keys(SCRIPTS))] + " ", 1 + rng.int(60)),
    () => fromSet(rng, SCRIPTS.accented + "abcdefg ", 1 + rng.int(60)),
    () => Array.from({ length: 1 + rng.int(10) }, () => rng.pick(ODD)).join(rng.pick(["", "a", " ", "1"])),
    () => longRun(rng),
    () => longWord(rng),
    () => randomCodePoints(rng, 1 + rng.int(40)),
    () => mixed(rng),
    () => mixed(rng),
  ];
  const out = fixedCases();
  while (out.length < count) out.push(rng.pick(gens)());
  return out;
}

function hex(buf) {
  return buf.toString("hex");
}

function main() {
  const dir = process.argv[2];
  if (!dir) {
    console.error("usage: node tiktoken_ref.mjs OUTDIR [COUNT] [SEED]");
    process.exit(2);
  }
  const count = Number.parseInt(process.argv[3] ?? "4000", 10);
  const seed = Number.parseInt(process.argv[4] ?? "20240611", 10);
  fs.mkdirSync(dir, { recursive: true });
  const cases = generate(count, seed);
  for (const name of ["cl100k_base", "o200k_base"]) {
    const enc = getEncoding(name);
    const lines = [];
    for (const s of cases) {
      const bytes = Buffer.from(s, "utf8"); // lone surrogates become U+FFFD here...
      const text = bytes.toString("utf8"); // ...so encode exactly the text the C side reads
      lines.push(`${hex(bytes)}\t${enc.encode(text, [], []).join(" ")}`);
    }
    fs.writeFileSync(path.join(dir, `${name}.ref`), lines.join("\n") + "\n");
  }
  console.error(`tiktoken_ref: ${cases.length} cases per encoding -> ${dir}`);
}

main();
