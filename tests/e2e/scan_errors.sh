#!/usr/bin/env bash
# The reader's error handling through the CLI: malformed lines are reported
# as file:line: reason, counted and skipped; the scan still writes every
# verdict; standard input works; bad usage exits 2.
. "$(dirname "$0")/common.bash"
"$BIN" simulate --out "$WORK/sim" --seed 5 --scale 0.05 --days 1 > /dev/null
ev="$WORK/sim/events.jsonl"
{
  head -n 100 "$ev"
  echo '{"ts":"2026-11-02T00:00:01.000Z","ip":"1.2.3.4"'
  echo '{"ts":"not a time","account":"x","ip":"1.2.3.4","endpoint":"/v1/messages","model":"m","request":{},"status":200}'
  echo ''
  echo '{"ts":"2026-11-02T00:00:01.000Z","account":"x","ip":"300.2.3.4","endpoint":"/v1/messages","model":"m","request":{},"status":200}'
  tail -n +101 "$ev"
} > "$WORK/mixed.jsonl"
"$BIN" scan --events "$WORK/mixed.jsonl" --out "$WORK/v.jsonl" > "$WORK/out.txt" 2> "$WORK/err.txt" \
  || fail "scan must not fail on malformed lines"
grep -q "mixed.jsonl:101: invalid JSON" "$WORK/err.txt" || fail "line 101 not reported: $(cat "$WORK/err.txt")"
grep -q "mixed.jsonl:102: field 'ts' is not an RFC 3339 time" "$WORK/err.txt" || fail "line 102 not reported"
grep -q "mixed.jsonl:104: field 'ip' is not an IPv4 or IPv6 address" "$WORK/err.txt" || fail "line 104 not reported"
grep -q "3 malformed lines skipped" "$WORK/out.txt" || fail "summary does not count the skipped lines"
good=$(python3 -c "import json,sys; print(len({json.loads(l)['account'] for l in open(sys.argv[1])}))" "$ev")
[ "$(wc -l < "$WORK/v.jsonl")" -eq "$good" ] || fail "verdicts missing after malformed lines"
# standard input gives the same verdicts
"$BIN" scan --events - --out "$WORK/v2.jsonl" --quiet < "$WORK/mixed.jsonl" 2> /dev/null
cmp -s "$WORK/v.jsonl" "$WORK/v2.jsonl" || fail "stdin scan differs from file scan"
# usage errors
set +e
"$BIN" scan --events "$ev" > /dev/null 2>&1; [ $? -eq 2 ] || fail "missing --out must exit 2"
"$BIN" scan --events "$ev" --out "$WORK/x" --set nosuch=1 2> "$WORK/e3.txt" > /dev/null; [ $? -eq 2 ] || fail "unknown setting must exit 2"
grep -q "unknown setting 'nosuch'" "$WORK/e3.txt" || fail "unknown setting not named"
"$BIN" scan --events "$WORK/absent.jsonl" --out "$WORK/x" 2> "$WORK/e4.txt"; [ $? -eq 1 ] || fail "missing file must exit 1"
grep -q "cannot open" "$WORK/e4.txt" || fail "missing file not explained"
printf 'w_bias = nope\n' > "$WORK/bad.conf"
"$BIN" scan --events "$ev" --out "$WORK/x" --config "$WORK/bad.conf" 2> "$WORK/e5.txt"; [ $? -eq 2 ] || fail "bad config must exit 2"
grep -q "bad.conf:1: setting 'w_bias' needs a number" "$WORK/e5.txt" || fail "bad config line not reported as file:line"
set -e
echo "scan_errors: ok"
