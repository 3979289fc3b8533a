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
# the fleet's detect worker reads the same settings the same way
"$BIN" detect --state redis://127.0.0.1:1 --config "$WORK/bad.conf" 2> "$WORK/e6.txt"; [ $? -eq 2 ] || fail "detect: bad config must exit 2"
grep -q "bad.conf:1: setting 'w_bias' needs a number" "$WORK/e6.txt" || fail "detect: bad config line not reported: $(cat "$WORK/e6.txt")"
"$BIN" detect --state redis://127.0.0.1:1 --set t_block=1.5 2> "$WORK/e7.txt"; [ $? -eq 2 ] || fail "detect: bad thresholds must exit 2"
grep -q "thresholds must satisfy" "$WORK/e7.txt" || fail "detect: threshold order not explained: $(cat "$WORK/e7.txt")"
printf 't_block = 0.95 # stricter\n' > "$WORK/good.conf"
"$BIN" detect --config "$WORK/good.conf" --print-config > "$WORK/p.txt" || fail "detect --print-config failed"
grep -q "^t_block *= 0.95 " "$WORK/p.txt" || fail "detect --print-config does not show the file's value: $(grep t_block "$WORK/p.txt")"
set -e
echo "scan_errors: ok"
