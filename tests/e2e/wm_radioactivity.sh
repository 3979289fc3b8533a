#!/usr/bin/env bash
# `stillwatch wm radioactivity` against a real HTTP server speaking the
# OpenAI completion API (tests/tools/oai_server.js, Node's http only). The
# server answers with the generations of two n-gram "students" prepared by
# tests/tools/wm_lm: one trained on watermarked teacher output, which must
# be found radioactive (p < 1e-6), and one trained on clean teacher output,
# which must not (p > 0.01).
. "$(dirname "$0")/common.bash"
LM=${SW_WM_LM:?SW_WM_LM must name the wm_lm tool}
KEY=3f9a0c5d7e21b4680f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778
"$LM" "$WORK" "$KEY"
T="words:$WORK/vocab.txt"
node tests/tools/oai_server.js "$WORK/completions.jsonl" "$WORK/port" sk-test &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in $(seq 100); do [ -s "$WORK/port" ] && break; sleep 0.1; done
[ -s "$WORK/port" ] || fail "server did not start"
URL="http://127.0.0.1:$(cat "$WORK/port")/v1"
export OAI_TEST_KEY=sk-test
radio() {
  "$BIN" wm radioactivity --key "$KEY" --scheme kgw --tokenizer "$T" --endpoint "$URL" \
    --api-key-env OAI_TEST_KEY --prompts "$WORK/prompts.txt" --samples 2 --max-tokens 200 "$@"
}
radio --model student-wm --save "$WORK/wm_outputs.jsonl" > "$WORK/r1.json"
python3 - "$WORK/r1.json" <<'PY' || fail "watermarked student not found radioactive: $(cat "$WORK/r1.json")"
import json, sys
d = json.load(open(sys.argv[1]))
print("student-wm:", d["scored"], "tuples,", d["repeats"], "repeats, p =", d["p_value"], "log10 p =", d["log10_p"])
assert d["responses"] == 60 and d["failed"] == 0
assert d["radioactive"] and d["p_value"] < 1e-6
PY
[ "$(wc -l < "$WORK/wm_outputs.jsonl")" -eq 60 ] || fail "--save wrote $(wc -l < "$WORK/wm_outputs.jsonl") lines"
radio --model student-clean --chat > "$WORK/r2.json"
python3 - "$WORK/r2.json" <<'PY' || fail "clean student found radioactive: $(cat "$WORK/r2.json")"
import json, sys
d = json.load(open(sys.argv[1]))
print("student-clean:", d["scored"], "tuples,", d["repeats"], "repeats, p =", d["p_value"])
assert d["responses"] == 60 and not d["radioactive"] and d["p_value"] > 0.01
PY
set +e
radio --model no-such-model > /dev/null 2> "$WORK/e1"; [ $? -eq 1 ] || fail "unknown model must fail"
grep -q "HTTP 404" "$WORK/e1" || fail "HTTP error not reported: $(head -3 "$WORK/e1")"
OAI_TEST_KEY=wrong radio --model student-wm > /dev/null 2> "$WORK/e2"; [ $? -eq 1 ] || fail "bad API key must fail"
grep -q "HTTP 401" "$WORK/e2" || fail "401 not reported"
"$BIN" wm radioactivity --key "$KEY" --scheme kgw --tokenizer "$T" --endpoint "ftp://x" --model m \
  --prompts "$WORK/prompts.txt" > /dev/null 2> "$WORK/e3"; [ $? -eq 1 ] || fail "bad URL must fail"
"$BIN" wm radioactivity --key "$KEY" --scheme kgw --tokenizer "$T" --model m > /dev/null 2>&1; [ $? -eq 2 ] \
  || fail "missing --endpoint must exit 2"
set -e
echo "wm_radioactivity: ok"
