#!/usr/bin/env bash
# `stillwatch wm detect` and `wm scan` on texts of the test's n-gram model
# (tests/tools/wm_lm): watermarked texts are detected, clean ones are not,
# a corpus gets per-document results and pooled and Fisher aggregates,
# key files and standard input work, and usage errors exit 2, failures 1.
. "$(dirname "$0")/common.bash"
LM=${SW_WM_LM:?SW_WM_LM must name the wm_lm tool}
KEY=3f9a0c5d7e21b4680f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778
"$LM" "$WORK" "$KEY"
T="words:$WORK/vocab.txt"
jq_() { python3 -c "import json,sys; d=[json.loads(l) for l in open(sys.argv[1])]; print(eval(sys.argv[2]))" "$@"; }

"$BIN" wm detect --key "$KEY" --scheme kgw --tokenizer "$T" "$WORK/wm.txt" > "$WORK/d1.json"
jq_ "$WORK/d1.json" "d[0]['p_value'] < 1e-6 and d[0]['z'] > 4 and d[0]['scored'] > 100" | grep -q True \
  || fail "watermarked text not detected: $(cat "$WORK/d1.json")"
"$BIN" wm detect --key "$KEY" --scheme kgw --tokenizer "$T" "$WORK/clean.txt" > "$WORK/d2.json"
jq_ "$WORK/d2.json" "d[0]['p_value'] > 1e-3" | grep -q True || fail "clean text flagged: $(cat "$WORK/d2.json")"
"$BIN" wm detect --key "$KEY" --scheme gumbel --tokenizer "$T" "$WORK/gumbel.txt" > "$WORK/d3.json"
jq_ "$WORK/d3.json" "d[0]['p_value'] < 1e-6 and d[0]['scheme'] == 'gumbel'" | grep -q True \
  || fail "gumbel text not detected: $(cat "$WORK/d3.json")"
# a different key sees nothing
"$BIN" wm detect --key "${KEY/3f9a/3f9b}" --scheme kgw --tokenizer "$T" "$WORK/wm.txt" > "$WORK/d4.json"
jq_ "$WORK/d4.json" "d[0]['p_value'] > 1e-3" | grep -q True || fail "wrong key detects: $(cat "$WORK/d4.json")"
# key file and standard input give the same answer
echo "$KEY" > "$WORK/key.hex"
"$BIN" wm detect --key-file "$WORK/key.hex" --scheme kgw --tokenizer "$T" - < "$WORK/wm.txt" > "$WORK/d5.json"
jq_ "$WORK/d5.json" "d[0]['log10_p']" > "$WORK/a" && jq_ "$WORK/d1.json" "d[0]['log10_p']" > "$WORK/b"
cmp -s "$WORK/a" "$WORK/b" || fail "stdin/key-file result differs"
# a text repeated ten times scores the same tuples once
for i in 1 2 3 4 5 6 7 8 9 10; do cat "$WORK/clean.txt"; done > "$WORK/rep.txt"
"$BIN" wm detect --key "$KEY" --scheme kgw --tokenizer "$T" "$WORK/rep.txt" > "$WORK/d6.json"
jq_ "$WORK/d6.json" "d[0]['repeats'] > 9 * 190 and d[0]['p_value'] > 1e-3" | grep -q True \
  || fail "repeats not deduplicated: $(cat "$WORK/d6.json")"

# scan: per-document lines and one aggregate
{ cat "$WORK/corpus.jsonl"; echo '{"id":"broken"'; echo '{"id":"no-text"}'; } > "$WORK/corpus2.jsonl"
"$BIN" wm scan --key "$KEY" --scheme kgw --tokenizer "$T" "$WORK/corpus2.jsonl" > "$WORK/s.jsonl" 2> "$WORK/s.err" \
  || fail "scan failed: $(cat "$WORK/s.err")"
[ "$(wc -l < "$WORK/s.jsonl")" -eq 21 ] || fail "scan: expected 20 documents and an aggregate"
grep -q "corpus2.jsonl:21: invalid JSON object" "$WORK/s.err" || fail "malformed line not reported: $(cat "$WORK/s.err")"
grep -q "corpus2.jsonl:22: no string field text" "$WORK/s.err" || fail "missing field not reported"
jq_ "$WORK/s.jsonl" "sum(1 for x in d[:10] if x['p_value'] < 1e-4) >= 9 and all(x['id'].startswith('wm') for x in d[:10])" \
  | grep -q True || fail "watermarked documents not detected"
jq_ "$WORK/s.jsonl" "sum(1 for x in d[10:20] if x['p_value'] < 1e-4)" | grep -q '^0$' || fail "clean documents flagged"
jq_ "$WORK/s.jsonl" "d[20]['aggregate'] and d[20]['pooled']['p_value'] < 1e-10 and d[20]['fisher']['p_value'] < 1e-10 and d[20]['malformed'] == 2" \
  | grep -q True || fail "corpus aggregate: $(tail -n 1 "$WORK/s.jsonl")"
"$BIN" wm scan --key "$KEY" --scheme kgw --tokenizer "$T" --summary - < "$WORK/clean_corpus.jsonl" > "$WORK/s2.jsonl"
[ "$(wc -l < "$WORK/s2.jsonl")" -eq 1 ] || fail "--summary prints one line"
jq_ "$WORK/s2.jsonl" "d[0]['pooled']['p_value'] > 1e-3 and d[0]['fisher']['p_value'] > 1e-3" | grep -q True \
  || fail "clean corpus flagged: $(cat "$WORK/s2.jsonl")"

# usage errors exit 2, failures 1
set +e
"$BIN" wm detect --scheme kgw --tokenizer "$T" "$WORK/wm.txt" 2> "$WORK/e1"; [ $? -eq 2 ] || fail "no key must exit 2"
grep -q "give the key" "$WORK/e1" || fail "missing key not explained"
"$BIN" wm detect --key abcd --scheme kgw --tokenizer "$T" "$WORK/wm.txt" 2> /dev/null; [ $? -eq 2 ] || fail "short key must exit 2"
"$BIN" wm detect --key "$KEY" --scheme nope --tokenizer "$T" "$WORK/wm.txt" 2> /dev/null; [ $? -eq 2 ] || fail "bad scheme must exit 2"
"$BIN" wm detect --key "$KEY" --scheme kgw --gamma 1.5 --tokenizer "$T" "$WORK/wm.txt" 2> /dev/null; [ $? -eq 2 ] || fail "bad gamma must exit 2"
"$BIN" wm detect --key "$KEY" --scheme kgw --context window:99 --tokenizer "$T" "$WORK/wm.txt" 2> /dev/null; [ $? -eq 2 ] || fail "bad window must exit 2"
"$BIN" wm detect --key "$KEY" --scheme kgw --tokenizer "$T" "$WORK/absent.txt" 2> "$WORK/e2"; [ $? -eq 1 ] || fail "missing input must exit 1"
grep -q "cannot read" "$WORK/e2" || fail "missing input not explained"
"$BIN" wm detect --key "$KEY" --scheme kgw --tokenizer "words:$WORK/absent" "$WORK/wm.txt" 2> /dev/null; [ $? -eq 1 ] || fail "missing vocabulary must exit 1"
"$BIN" wm scan --key "$KEY" --scheme kgw --tokenizer "$T" 2> /dev/null; [ $? -eq 2 ] || fail "scan without corpus must exit 2"
"$BIN" wm bogus 2> /dev/null; [ $? -eq 2 ] || fail "unknown subcommand must exit 2"
set -e
[ "$("$BIN" wm keygen | tr -d '\n' | wc -c)" -eq 64 ] || fail "keygen prints 32 bytes of hex"
# the integration examples of docs/watermarking.md run and detect their own output
if [ -n "${SW_WM_EXAMPLE:-}" ]; then
  "$SW_WM_EXAMPLE" | grep -q "generated 61 tokens" || fail "C sampling-loop example"
fi
# (a sanitizer build's shared library cannot be loaded into a plain python3)
if [ -n "${SW_WM_SO:-}" ] && ! ldd "$SW_WM_SO" | grep -q libasan && ! nm -D "$SW_WM_SO" | grep -q __asan; then
  python3 docs/examples/wm_ctypes.py "$SW_WM_SO" > "$WORK/py.txt" || fail "ctypes example: $(cat "$WORK/py.txt")"
fi
echo "wm_cli: ok"
