#!/usr/bin/env bash
# SentencePiece models through the C shim: tiny models (unigram, and BPE with
# byte fallback) are trained on a text Debian ships, and our encoding of
# varied lines must equal `spm_encode --output_format=id` line for line.
. "$(dirname "$0")/common.bash"
ref_tool=$(dirname "$BIN")/tests/test_tokenizer_ref
[ -x "$ref_tool" ] || fail "$ref_tool not built"
command -v spm_train >/dev/null || fail "spm_train missing (Debian package sentencepiece)"
corpus=/usr/share/common-licenses/GPL-3
[ -r "$corpus" ] || fail "$corpus missing"

# Lines to encode: the corpus itself, plus lines the model has never seen.
python3 - "$corpus" > "$WORK/lines.txt" <<'PY'
import random, sys
lines = [l.rstrip("\n") for l in open(sys.argv[1], encoding="utf-8")]
rng = random.Random(5)
extra = ["naïve café Ünïcödé", "中文字符 日本語のテキスト 한국어", "Привет, мир!", "emoji 😀👍🏽🇺🇸",
         "   leading and   inner   spaces", "tabs\tand\tmore", "12345 3.14159 1,000,000", "x" * 300,
         "<s> </s> <unk>", "ﬁ ﬂ ＡＢＣ １２３", "e\u0301 n\u0303", ""]
alphabet = "abcdefghijklmnopqrstuvwxyz ABCXYZ0123456789.,;:!?'\"-éüßçñ中日한ё😀"
for _ in range(300):
    extra.append("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 120))))
for l in lines + extra:
    print(l)
PY

for type in unigram bpe; do
  spm_train --input="$corpus" --model_prefix="$WORK/$type" --vocab_size=400 --model_type=$type \
    --byte_fallback=$([ $type = bpe ] && echo true || echo false) --hard_vocab_limit=false \
    --minloglevel=2 >/dev/null 2>&1 || fail "spm_train ($type) failed"
  spm_encode --model="$WORK/$type.model" --output_format=id < "$WORK/lines.txt" > "$WORK/$type.ids" \
    || fail "spm_encode ($type) failed"
  python3 - "$WORK/lines.txt" "$WORK/$type.ids" > "$WORK/$type.ref" <<'PY'
import sys
texts = open(sys.argv[1], "rb").read().split(b"\n")[:-1]
ids = open(sys.argv[2]).read().split("\n")[:-1]
assert len(texts) == len(ids), (len(texts), len(ids))
for t, i in zip(texts, ids):
    print(t.hex() + "\t" + i)
PY
  "$ref_tool" --ref "spm:$WORK/$type.model" "$WORK/$type.ref" || fail "spm $type differs from spm_encode"
done
"$ref_tool" --ref "spm:$WORK/missing.model" "$WORK/unigram.ref" 2>/dev/null && fail "a missing model was accepted"
echo "tokenizer_spm: ok"
