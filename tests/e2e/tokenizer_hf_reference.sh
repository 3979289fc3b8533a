#!/usr/bin/env bash
# The tokenizer.json loader against Hugging Face's own library (its Rust
# code through the @anush008/tokenizers Node binding): eleven pre-tokeniser
# variants over the cl100k_base vocabulary (GPT-2's ByteLevel regex and
# prefix space, every Split behaviour, invert, String patterns, ignore_merges
# on and off, Oniguruma's \s), token for token on varied strings
# (tests/node/tiktoken_hfref.mjs). The binding is one of the test clients
# that scripts/setup.sh installs in tests/node.
. "$(dirname "$0")/common.bash"
ref_tool=$(dirname "$BIN")/tests/test_tokenizer_ref
[ -x "$ref_tool" ] || fail "$ref_tool not built"
if [ ! -d tests/node/node_modules/@anush008/tokenizers ]; then
  fail "@anush008/tokenizers is not installed in tests/node: run scripts/setup.sh"
fi
scripts/fetch-tokenizers.sh || fail "could not write the rank files"
dir=$(cd "${SW_TIKTOKEN_DIR:-data/tiktoken}" && pwd)
(cd tests/node && node tiktoken_ref.mjs "$WORK" 1500 11) || fail "js-tiktoken strings failed"
(cd tests/node && node tiktoken_hfref.mjs "$dir" "$WORK/cl100k_base.ref" "$WORK/hf") || fail "Hugging Face reference failed"
n=0
for json in "$WORK"/hf/*.json; do
  # Several variants drop or add text (Removed, prefix spaces): compare tokens only.
  "$ref_tool" --ref "hf:$json" "${json%.json}.ref" --tokens-only || fail "$(basename "$json" .json) differs from Hugging Face"
  n=$((n + 1))
done
[ "$n" -ge 11 ] || fail "only $n variants were compared"
echo "tokenizer_hf_reference: ok"
