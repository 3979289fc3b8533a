#!/usr/bin/env bash
# The tiktoken encodings (cl100k_base, o200k_base) against js-tiktoken, token
# for token, on a few thousand varied strings (tests/node/tiktoken_ref.mjs):
# every mismatch is printed with its text. The rank files are generated from
# js-tiktoken when they are missing (scripts/fetch-tokenizers.sh).
. "$(dirname "$0")/common.bash"
ref_tool=$(dirname "$BIN")/tests/test_tokenizer_ref
[ -x "$ref_tool" ] || fail "$ref_tool not built"
[ -d tests/node/node_modules/js-tiktoken ] || fail "js-tiktoken missing: run scripts/setup.sh"
scripts/fetch-tokenizers.sh || fail "could not write the rank files"
(cd tests/node && node tiktoken_ref.mjs "$WORK" 4000) || fail "js-tiktoken reference failed"
for enc in cl100k_base o200k_base; do
  "$ref_tool" --ref "$enc" "$WORK/$enc.ref" || fail "$enc differs from js-tiktoken"
done
echo "tokenizer_tiktoken: ok"
