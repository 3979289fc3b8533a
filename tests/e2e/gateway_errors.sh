#!/usr/bin/env bash
# The gateway's refusals, each with the status the API clients expect and a
# JSON body in the endpoint's own error shape: unknown keys 401, a model
# outside the tier 403, the free tier's 21st request in a minute 429 with
# Retry-After, malformed JSON 400, a body over the limit 413, the model server
# down 502, the model server silent past --upstream-timeout 504. The official
# clients must raise their own error classes for each (tests/node/gw_errors.mjs).
. "$(dirname "$0")/common.bash"
. "$(dirname "$0")/../upstream/harness.bash"
start_upstream --tokens 8
write_config "$WORK/gw.yaml"
start_gateway --config "$WORK/gw.yaml"
account free-a email free
account free-b email free
account paid business tier2
export SW_KEY SW_KEY_RL SW_KEY_OK SW_MODEL=sw-small SW_MODEL_DENIED=sw-reasoner
SW_KEY=$(new_key free-a)
SW_KEY_RL=$(new_key free-b)
SW_KEY_OK=$(new_key paid)
clear_of_minute_edge
run_node gw_errors.mjs policy

# error_is STATUS SHAPE FILE WHAT: the response in FILE had STATUS and a JSON
# body of SHAPE (openai, or anthropic:TYPE).
error_is() {
  python3 - "$@" << 'PY' || exit 1
import json, sys
want, shape, path, what = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
raw = open(path, "rb").read()
body, _, status = raw.rpartition(b"\n")
status = status.decode().strip()
def fail(msg):
    print(f"FAIL: {what}: {msg}; status {status}, body {body[:300]!r}", file=sys.stderr)
    sys.exit(1)
if status != want:
    fail(f"expected status {want}")
try:
    b = json.loads(body)
except ValueError:
    fail("body is not JSON")
if shape == "openai":
    e = b.get("error") if isinstance(b, dict) else None
    if not isinstance(e, dict) or not isinstance(e.get("message"), str) or not isinstance(e.get("type"), str):
        fail('not {"error":{"message":...,"type":...}}')
else:
    t = shape.split(":", 1)[1]
    if not isinstance(b, dict) or b.get("type") != "error" or not isinstance(b.get("error"), dict):
        fail('not {"type":"error","error":{...}}')
    if b["error"].get("type") != t or not isinstance(b["error"].get("message"), str):
        fail(f'expected error.type "{t}" and a message')
PY
}
post() { # PATH BODY_ARGS... → status after the body, on its own line
  local path=$1
  shift
  curl -s -o "$WORK/body" -w '%{http_code}' "$GW$path" -H "authorization: Bearer $SW_KEY_OK" \
    -H "x-api-key: $SW_KEY_OK" -H 'content-type: application/json' "$@" > "$WORK/status" || true
  { cat "$WORK/body"; printf '\n'; cat "$WORK/status"; } > "$WORK/resp"
}

# malformed JSON: 400, in each API's shape; nothing reaches the model server
before=$(wc -l < "$ULOG")
post /v1/chat/completions --data-binary '{"model":"sw-small","messages":[{"role":"user","content":"x"}'
error_is 400 openai "$WORK/resp" "truncated JSON on /v1/chat/completions"
post /v1/chat/completions --data-binary 'model=sw-small'
error_is 400 openai "$WORK/resp" "form data on /v1/chat/completions"
post /v1/responses --data-binary '{"model":"sw-small","input":"x",}'
error_is 400 openai "$WORK/resp" "trailing comma on /v1/responses"
post /v1/messages -H 'anthropic-version: 2023-06-01' --data-binary '{"model":"sw-small","max_tokens":5,"messages":['
error_is 400 anthropic:invalid_request_error "$WORK/resp" "truncated JSON on /v1/messages"
[ "$(wc -l < "$ULOG")" -eq "$before" ] || fail "malformed requests reached the model server: $(tail -n 2 "$ULOG")"

# a body over the limit (4 MiB by default): 413, with and without Content-Length
python3 - "$WORK/big.json" << 'PY'
import json, sys
json.dump({"model": "sw-small", "messages": [{"role": "user", "content": "a" * (5 << 20)}]}, open(sys.argv[1], "w"))
PY
post /v1/chat/completions --data-binary "@$WORK/big.json"
error_is 413 openai "$WORK/resp" "5 MiB body on /v1/chat/completions"
post /v1/chat/completions -H 'transfer-encoding: chunked' --data-binary "@$WORK/big.json"
error_is 413 openai "$WORK/resp" "5 MiB chunked body on /v1/chat/completions"
post /v1/messages -H 'anthropic-version: 2023-06-01' --data-binary "@$WORK/big.json"
error_is 413 anthropic:request_too_large "$WORK/resp" "5 MiB body on /v1/messages"
[ "$(wc -l < "$ULOG")" -eq "$before" ] || fail "an oversized request reached the model server"
# the gateway still answers after all that
post /v1/chat/completions --data-binary '{"model":"sw-small","max_tokens":4,"messages":[{"role":"user","content":"x"}]}'
[ "$(cat "$WORK/status")" = 200 ] || fail "a good request after the refusals: $(cat "$WORK/resp")"

# the model server hanging: 504 once --upstream-timeout passes without a
# byte from it; then the model server is served again
stop_gateway
start_gateway --config "$WORK/gw.yaml" --upstream-timeout 2
curl -sf -X POST "$UPSTREAM/control" -d '{"fail":"hang"}' > /dev/null || fail "stand-in control"
SW_HANG_LIMIT_MS=8000 run_node gw_errors.mjs upstream-hang
curl -sf -X POST "$UPSTREAM/control" -d '{"fail":"none"}' > /dev/null || fail "stand-in control"
post /v1/chat/completions --data-binary '{"model":"sw-small","max_tokens":4,"messages":[{"role":"user","content":"x"}]}'
[ "$(cat "$WORK/status")" = 200 ] || fail "a good request after the 504s: $(cat "$WORK/resp")"

# the model server down: 502
kill "$UPID"
wait "$UPID" 2> /dev/null || true
run_node gw_errors.mjs upstream-down
stop_gateway
sw_done gateway_errors
