#!/usr/bin/env bash
# Raw reasoning is withheld from a tier without expose.reasoning: the stand-in
# writes reasoning into every answer (--reasoning), the official OpenAI and
# Anthropic clients of such a tier get answers without it, plain and
# streamed, and the clients of a tier that exposes it get it. The traffic log
# still records the reasoning the model server sent, and /metrics counts the
# redacted responses.
. "$(dirname "$0")/common.bash"
. "$(dirname "$0")/../upstream/harness.bash"
start_upstream --delay-ms 5 --tokens 12 --reasoning
cat > "$WORK/gw.yaml" << 'YAML'
tiers:
  tier2:
    models: ["*"]
    requests_per_minute: 100000
    tokens_per_minute: 0
    expose:
      reasoning: false
  thinker:
    inherit: tier2
    expose:
      reasoning: true
YAML
start_gateway --config "$WORK/gw.yaml"
account hidden business tier2
account shown business thinker
SW_KEY=$(new_key hidden)
SW_KEY_SHOWN=$(new_key shown)
export SW_KEY SW_KEY_SHOWN SW_MODEL=sw-small
run_node gw_reasoning.mjs
# HTTP/2: withheld events leave gaps in the upstream's stream that must not
# end the client's; a plain answer changes length.
h2() { curl -s --http2-prior-knowledge --max-time 20 -H "x-api-key: $SW_KEY" -H 'anthropic-version: 2023-06-01' \
  -H 'content-type: application/json' "$@"; }
out=$(h2 -N -o "$WORK/h2.sse" -w '%{http_version} %{http_code}' "$GW/v1/messages" \
  -d '{"model":"sw-small","max_tokens":256,"stream":true,"messages":[{"role":"user","content":"h2"}]}') \
  || fail "curl stream over HTTP/2 failed"
[ "$out" = "2 200" ] || fail "streamed messages over HTTP/2: '$out'"
grep -q thinking "$WORK/h2.sse" && fail "thinking reached an HTTP/2 client: $(grep thinking "$WORK/h2.sse" | head -n 2)"
grep -q '"type":"message_stop"' "$WORK/h2.sse" || fail "the HTTP/2 stream did not reach message_stop: $(tail -c 300 "$WORK/h2.sse")"
out=$(h2 -o "$WORK/h2.json" -w '%{http_version} %{http_code}' "$GW/v1/messages" \
  -d '{"model":"sw-small","max_tokens":256,"messages":[{"role":"user","content":"h2"}]}') || fail "curl over HTTP/2 failed"
[ "$out" = "2 200" ] || fail "messages over HTTP/2: '$out'"
python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); assert [b["type"] for b in m["content"]] == ["text"], m' \
  "$WORK/h2.json" || fail "plain messages over HTTP/2: $(head -c 300 "$WORK/h2.json")"
# a whole answer the model server breaks off: the withheld tier's client gets
# a 502 error it can act on, not half an answer with a length that fits it
curl -sf -X POST "$UPSTREAM/control" -H 'content-type: application/json' -d '{"fail":"short","fail_count":1}' \
  > /dev/null || fail "the stand-in refused the short mode"
code=$(curl -s -o "$WORK/short.json" -w '%{http_code}' --max-time 20 "$GW/v1/chat/completions" \
  -H "authorization: Bearer $SW_KEY" -H 'content-type: application/json' \
  -d '{"model":"sw-small","messages":[{"role":"user","content":"cut short"}]}')
[ "$code" = 502 ] || fail "an answer broken off gave $code: $(head -c 300 "$WORK/short.json")"
python3 -c 'import json,sys; e=json.load(open(sys.argv[1]))["error"]; assert e["code"] == "upstream_incomplete", e' \
  "$WORK/short.json" || fail "the broken-off answer's error: $(head -c 300 "$WORK/short.json")"
metrics=$(curl -s "$GW/metrics")
n=$(printf '%s\n' "$metrics" | awk '/^stillwatch_redacted_responses_total /{print $2}')
[ -n "$n" ] && [ "$n" -ge 8 ] || fail "stillwatch_redacted_responses_total is '$n', expected at least 8"
stop_gateway
log=$STATE/traffic.jsonl
[ -s "$log" ] || fail "no traffic log at $log"
python3 - "$log" << 'PY' || fail "the traffic log does not keep the reasoning the model server sent"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
hidden = [l for l in lines if l.get("account") == "hidden" and l.get("response") and l.get("status") == 200]
assert any(l.get("account") == "hidden" and l.get("status") == 502 for l in lines), "the broken-off answer is not logged as 502"
with_reasoning = [l for l in hidden if l["response"].get("reasoning")]
print(f"traffic log: {len(hidden)} exchanges of the withheld tier, {len(with_reasoning)} with reasoning recorded")
sys.exit(0 if hidden and len(with_reasoning) == len(hidden) else 1)
PY
sw_done gateway_reasoning
