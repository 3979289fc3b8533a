#!/usr/bin/env bash
# The gateway with curl alone: its own endpoints (/healthz, /metrics,
# /v1/models), 404 and 405 in JSON, a proxied chat completion plain and
# streamed, SIGHUP reloading a good configuration (a tier's models change at
# once) and keeping the running one when the new file is bad, and `stillwatch
# scan` over the gateway's own log reproducing the verdict the gateway acted
# on.
. "$(dirname "$0")/common.bash"
. "$(dirname "$0")/../upstream/harness.bash"
start_upstream --tokens 6
write_config "$WORK/gw.yaml" 'upstreams:
  "*": '"$UPSTREAM"'
  sw-small: '"$UPSTREAM"'
  sw-large: '"$UPSTREAM"
start_gateway --config "$WORK/gw.yaml" --threads 2
account smoke business tier2
KEY=$(new_key smoke)
auth=(-H "authorization: Bearer $KEY" -H 'content-type: application/json')

# status BODYFILE METHOD PATH [curl args]: prints the status, body into BODYFILE
status() {
  local out=$1 method=$2 path=$3
  shift 3
  curl -s -o "$out" -w '%{http_code}' -X "$method" "$GW$path" "$@"
}
json_has() { # FILE PYTHON-EXPRESSION-ON-b
  python3 -c 'import json,sys; b=json.load(open(sys.argv[1])); sys.exit(0 if eval(sys.argv[2]) else 1)' "$1" "$2"
}

[ "$(status "$WORK/h" GET /healthz)" = 200 ] || fail "/healthz"
json_has "$WORK/h" 'b == {"status": "ok"}' || fail "/healthz body: $(cat "$WORK/h")"

[ "$(status "$WORK/b" GET /v1/nothing-here "${auth[@]}")" = 404 ] || fail "unknown path is not 404"
json_has "$WORK/b" 'b["error"]["type"] == "invalid_request_error"' || fail "404 body: $(cat "$WORK/b")"
[ "$(status "$WORK/b" GET /v1/chat/completions "${auth[@]}")" = 405 ] || fail "GET on chat/completions is not 405"
json_has "$WORK/b" 'isinstance(b["error"]["message"], str)' || fail "405 body: $(cat "$WORK/b")"
[ "$(status "$WORK/b" GET /v1/messages "${auth[@]}")" = 405 ] || fail "GET on /v1/messages is not 405"
json_has "$WORK/b" 'b["type"] == "error" and b["error"]["type"] == "invalid_request_error"' \
  || fail "405 on /v1/messages not in Anthropic's shape: $(cat "$WORK/b")"
[ "$(status "$WORK/b" GET /v1/models)" = 401 ] || fail "/v1/models without a key is not 401"

# the tier's models (tier2 may use every model: the list names the configured ones it can)
[ "$(status "$WORK/m" GET /v1/models "${auth[@]}")" = 200 ] || fail "/v1/models: $(cat "$WORK/m")"
json_has "$WORK/m" 'b["object"] == "list" and isinstance(b["data"], list)' || fail "/v1/models shape: $(cat "$WORK/m")"
json_has "$WORK/m" '{m["id"] for m in b["data"]} >= {"sw-small", "sw-large"}' || fail "/v1/models list: $(cat "$WORK/m")"

chat='{"model":"sw-small","max_tokens":6,"messages":[{"role":"user","content":"hello"}]}'
[ "$(status "$WORK/c" POST /v1/chat/completions "${auth[@]}" -d "$chat")" = 200 ] || fail "chat: $(cat "$WORK/c")"
json_has "$WORK/c" 'b["usage"]["completion_tokens"] == 6' || fail "chat answer: $(cat "$WORK/c")"
curl -sN "$GW/v1/chat/completions" "${auth[@]}" \
  -d '{"model":"sw-small","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]}' \
  > "$WORK/s"
grep -q '^data: \[DONE\]' "$WORK/s" || fail "stream did not end with [DONE]: $(tail -n 3 "$WORK/s")"

curl -s "$GW/metrics" > "$WORK/metrics"
grep -q '^stillwatch_requests_total{status="200",tier="tier2",verdict="allow"} [1-9]' "$WORK/metrics" \
  || fail "metrics: no allowed tier2 requests: $(grep requests_total "$WORK/metrics")"
grep -q '^stillwatch_request_duration_seconds_count [1-9]' "$WORK/metrics" || fail "metrics: no latency histogram"
grep -q '^stillwatch_open_streams 0$' "$WORK/metrics" || fail "metrics: open streams not back to 0"
grep -q '^stillwatch_detector_events_total 2$' "$WORK/metrics" || fail "metrics: detector events: $(grep detector "$WORK/metrics")"

# SIGHUP with a good file: tier2 loses sw-large at once
write_config "$WORK/gw.yaml" 'upstreams:
  "*": '"$UPSTREAM"'
  sw-small: '"$UPSTREAM"'
  sw-large: '"$UPSTREAM"
sed -i 's/models: \["\*"\]/models: ["sw-small"]/' "$WORK/gw.yaml"
kill -HUP "$GPID"
for i in $(seq 50); do grep -q 'configuration reloaded' "$WORK/gateway.log" && break; sleep 0.1; done
grep -q 'configuration reloaded' "$WORK/gateway.log" || fail "no reload logged: $(tail -n 3 "$WORK/gateway.log")"
large='{"model":"sw-large","max_tokens":3,"messages":[{"role":"user","content":"x"}]}'
[ "$(status "$WORK/c" POST /v1/chat/completions "${auth[@]}" -d "$large")" = 403 ] \
  || fail "after the reload sw-large should be refused: $(cat "$WORK/c")"

# SIGHUP with a bad file: logged, and the running configuration stays
printf 'tiers:\n  tier2:\n    requests_per_minute: ten\n' > "$WORK/gw.yaml"
kill -HUP "$GPID"
for i in $(seq 50); do grep -q 'reload failed' "$WORK/gateway.log" && break; sleep 0.1; done
grep -q 'reload failed: .*requests_per_minute' "$WORK/gateway.log" || fail "bad reload not reported: $(tail -n 3 "$WORK/gateway.log")"
[ "$(status "$WORK/c" POST /v1/chat/completions "${auth[@]}" -d "$chat")" = 200 ] || fail "after a bad reload: $(cat "$WORK/c")"
[ "$(status "$WORK/c" POST /v1/chat/completions "${auth[@]}" -d "$large")" = 403 ] || fail "the good config did not stay"

# SIGHUP with detector settings: they apply from each account's next request.
# An e-mail-verified account is allowed under the defaults; with the weight
# of weak verification raised past every threshold, its next request is
# scored under the new settings and the one after it is refused.
account weakling email tier2
WKEY=$(new_key weakling)
wauth=(-H "authorization: Bearer $WKEY" -H 'content-type: application/json')
[ "$(status "$WORK/c" POST /v1/chat/completions "${wauth[@]}" -d "$chat")" = 200 ] || fail "weakling before: $(cat "$WORK/c")"
[ "$(status "$WORK/c" POST /v1/chat/completions "${wauth[@]}" -d "$chat")" = 200 ] || fail "weakling before: $(cat "$WORK/c")"
write_config "$WORK/gw.yaml" 'upstreams:
  "*": '"$UPSTREAM"'
detection:
  settings:
    w_weak_verification: 15'
sed -i 's/models: \["\*"\]/models: ["sw-small"]/' "$WORK/gw.yaml"
kill -HUP "$GPID"
for i in $(seq 50); do [ "$(grep -c 'configuration reloaded' "$WORK/gateway.log")" -ge 2 ] && break; sleep 0.1; done
[ "$(grep -c 'configuration reloaded' "$WORK/gateway.log")" -ge 2 ] || fail "settings reload not logged: $(tail -n 3 "$WORK/gateway.log")"
status "$WORK/c" POST /v1/chat/completions "${wauth[@]}" -d "$chat" > /dev/null
code=$(status "$WORK/c" POST /v1/chat/completions "${wauth[@]}" -d "$chat")
[ "$code" = 403 ] || fail "after raising w_weak_verification the account should be refused, got $code: $(cat "$WORK/c")"
[ "$(status "$WORK/c" POST /v1/chat/completions "${auth[@]}" -d "$chat")" = 200 ] \
  || fail "a business account is not weakly verified: $(cat "$WORK/c")"

stop_gateway
# the gateway's log through scan: every line read, and the verdict it acted on
"$BIN" scan --events "$STATE/traffic.jsonl" --out "$WORK/verdicts.jsonl" > "$WORK/scan.out" 2> "$WORK/scan.err" \
  || fail "scan: $(cat "$WORK/scan.err")"
[ ! -s "$WORK/scan.err" ] || fail "scan complained: $(head -n 3 "$WORK/scan.err")"
grep -q '"account":"smoke".*"verdict":"allow"' "$WORK/verdicts.jsonl" || fail "verdict: $(cat "$WORK/verdicts.jsonl")"
sw_done gateway_smoke
