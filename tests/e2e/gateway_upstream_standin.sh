#!/usr/bin/env bash
# The model server stand-in that the gateway tests put behind the gateway:
# the official OpenAI and Anthropic clients, pointed straight at it, accept
# its answers plain and streamed (so what the gateway passes on is the real
# wire format), and its failure modes do what the gateway tests rely on.
. "$(dirname "$0")/common.bash"
. "$(dirname "$0")/../upstream/harness.bash"
start_upstream --delay-ms 20 --tokens 30
export SW_BASE=$UPSTREAM SW_KEY=sk-any SW_DELAY_MS=20 SW_TOKENS=30 SW_DIRECT=1
run_node gw_sdk.mjs

chat='{"model":"sw-small","messages":[{"role":"user","content":"hi"}]}'
ctl() { curl -sf -X POST "$UPSTREAM/control" -H 'content-type: application/json' -d "$1" > /dev/null || fail "control $1 refused"; }
curl -sf -X POST "$UPSTREAM/control" -d '{"fail":"bogus"}' > /dev/null && fail "control accepted an unknown failure mode"
ctl '{"delay_ms":0}'

# an HTTP status, in each API's error shape, for fail_count requests only
ctl '{"fail":"500","fail_count":1}'
out=$(curl -s -w ' %{http_code}' "$UPSTREAM/v1/chat/completions" -d "$chat")
[[ "$out" == *'"type":"server_error"'*' 500' ]] || fail "fail 500 (OpenAI shape): $out"
out=$(curl -s -w ' %{http_code}' "$UPSTREAM/v1/chat/completions" -d "$chat")
[[ "$out" == *' 200' ]] || fail "fail_count 1 did not end after one request: $out"
ctl '{"fail":"529","fail_count":1}'
out=$(curl -s -w ' %{http_code}' "$UPSTREAM/v1/messages" -d '{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"}]}')
[[ "$out" == '{"type":"error","error":{"type":"overloaded_error"'*' 529' ]] || fail "fail 529 (Anthropic shape): $out"

# hang: the request is read and never answered
ctl '{"fail":"hang","fail_count":1}'
set +e
curl -s --max-time 1 "$UPSTREAM/v1/chat/completions" -d "$chat" > /dev/null; rc=$?
set -e
[ "$rc" -eq 28 ] || fail "fail hang: curl exit $rc, expected a timeout (28)"

# reset: plain answers are cut before anything is sent; streams after reset_after tokens
ctl '{"fail":"reset","fail_count":2,"reset_after":2}'
set +e
curl -s --max-time 5 "$UPSTREAM/v1/chat/completions" -d "$chat" > /dev/null; rc=$?
curl -sN --max-time 5 "$UPSTREAM/v1/chat/completions" \
  -d '{"model":"m","stream":true,"messages":[{"role":"user","content":"x"}]}' > "$WORK/reset.txt"; rc2=$?
set -e
[ "$rc" -eq 52 ] || [ "$rc" -eq 56 ] || fail "fail reset (plain): curl exit $rc, expected 52 or 56"
[ "$rc2" -eq 56 ] || [ "$rc2" -eq 18 ] || fail "fail reset (stream): curl exit $rc2, expected 56 or 18"
[ "$(grep -c '"content":"[^"]' "$WORK/reset.txt")" -eq 2 ] || fail "fail reset: not cut after 2 tokens: $(cat "$WORK/reset.txt")"
grep -q 'DONE' "$WORK/reset.txt" && fail "fail reset: stream completed"

# every request is in the log with its body, and the counters add up
n=$(wc -l < "$ULOG")
[ "$n" -ge 20 ] || fail "request log has $n lines"
python3 - "$ULOG" << 'PY' || fail "request log lines are not complete"
import json, sys
for n, line in enumerate(open(sys.argv[1]), 1):
    r = json.loads(line)
    assert {"ts", "method", "path", "headers", "body", "fail"} <= set(r), (n, r)
PY
curl -sf "$UPSTREAM/control" | grep -q '"failed":[1-9]' || fail "control counters: $(curl -s "$UPSTREAM/control")"
sw_done gateway_upstream_standin
