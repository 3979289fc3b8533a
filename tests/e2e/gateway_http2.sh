#!/usr/bin/env bash
# HTTP/2 without TLS (prior knowledge) on a plain listener: health, a chat
# completion and a streamed one, answered over HTTP/2 with the same bodies
# as over HTTP/1.1.
. "$(dirname "$0")/common.bash"
. "$(dirname "$0")/../upstream/harness.bash"
start_upstream --tokens 12 --delay-ms 10
write_config "$WORK/gw.yaml"
start_gateway --config "$WORK/gw.yaml"
account h2 business tier2
KEY=$(new_key h2)
h2() { curl -s --http2-prior-knowledge --max-time 20 -H "authorization: Bearer $KEY" -H 'content-type: application/json' "$@"; }

out=$(h2 -o "$WORK/health" -w '%{http_version} %{http_code}' "$GW/healthz") || fail "curl over HTTP/2 to /healthz failed"
[ "$out" = "2 200" ] || fail "/healthz over HTTP/2: '$out' (want '2 200')"

body='{"model":"sw-small","messages":[{"role":"user","content":"What is HTTP/2? (h2-plain)"}]}'
out=$(h2 -o "$WORK/h2.json" -w '%{http_version} %{http_code}' "$GW/v1/chat/completions" -d "$body") || fail "curl chat over HTTP/2 failed"
[ "$out" = "2 200" ] || fail "chat over HTTP/2: '$out': $(cat "$WORK/h2.json")"
curl -s --http1.1 -o "$WORK/h1.json" -H "authorization: Bearer $KEY" -H 'content-type: application/json' \
  "$GW/v1/chat/completions" -d "$body" || fail "curl chat over HTTP/1.1 failed"
python3 - "$WORK/h2.json" "$WORK/h1.json" << 'PY' || fail "HTTP/2 and HTTP/1.1 answers differ"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
assert a["object"] == "chat.completion", a
assert a["choices"][0]["message"]["content"] == b["choices"][0]["message"]["content"], (a, b)
assert a["usage"]["completion_tokens"] == 12, a["usage"]
PY

out=$(h2 -N -o "$WORK/h2.sse" -w '%{http_version} %{http_code}' "$GW/v1/chat/completions" \
  -d '{"model":"sw-small","stream":true,"messages":[{"role":"user","content":"stream over h2"}]}') || fail "curl stream over HTTP/2 failed"
[ "$out" = "2 200" ] || fail "streamed chat over HTTP/2: '$out'"
[ "$(grep -c '"content":"[^"]' "$WORK/h2.sse")" -eq 12 ] || fail "streamed chat over HTTP/2 lost chunks: $(head -c 600 "$WORK/h2.sse")"
tail -n 2 "$WORK/h2.sse" | grep -q '^data: \[DONE\]' || fail "streamed chat over HTTP/2 did not end with [DONE]"

stop_gateway
sw_done gateway_http2
