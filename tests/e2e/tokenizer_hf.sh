#!/usr/bin/env bash
# The Hugging Face tokenizer.json loader on full-size byte-level BPE models:
# tokenizer.json files equivalent to cl100k_base (merges as ["a","b"] pairs)
# and o200k_base (merges as "a b" strings) are derived from the rank files
# (tests/node/tiktoken_hf.mjs) and must encode like js-tiktoken, token for
# token, and decode back to the input.
. "$(dirname "$0")/common.bash"
ref_tool=$(dirname "$BIN")/tests/test_tokenizer_ref
[ -x "$ref_tool" ] || fail "$ref_tool not built"
[ -d tests/node/node_modules/js-tiktoken ] || fail "js-tiktoken missing: run scripts/setup.sh"
scripts/fetch-tokenizers.sh || fail "could not write the rank files"
dir=$(cd "${SW_TIKTOKEN_DIR:-data/tiktoken}" && pwd)
(cd tests/node && node tiktoken_ref.mjs "$WORK" 1500 7) || fail "js-tiktoken reference failed"
(cd tests/node && node tiktoken_hf.mjs "$dir" cl100k_base "$WORK/cl100k.json" array) || fail "conversion failed"
(cd tests/node && node tiktoken_hf.mjs "$dir" o200k_base "$WORK/o200k.json" string) || fail "conversion failed"
"$ref_tool" --ref "hf:$WORK/cl100k.json" "$WORK/cl100k_base.ref" || fail "hf cl100k differs from js-tiktoken"
"$ref_tool" --ref "hf:$WORK/o200k.json" "$WORK/o200k_base.ref" || fail "hf o200k differs from js-tiktoken"
echo "tokenizer_hf: ok"
