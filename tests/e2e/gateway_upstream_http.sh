#!/usr/bin/env bash
# The gateway's own HTTP/1.1 client to the model servers (src/gateway/upstream.c)
# against a raw server that answers in the bytes each request asks for
# (tests/upstream/raw_http.py): bodies framed by Content-Length, chunked and
# by the close; keep-alive reuse counted in the upstream's accepted
# connections; a pooled connection gone stale, retried on a fresh one; a
# status line that is not HTTP, a bad status code and a reset answered 502
# in JSON; an upstream that stalls answered 504; an event stream that
# reaches the client before the upstream has finished; an https:// upstream
# (name resolved, certificate checked) with its connections reused too, and
# refused when its certificate is not trusted.
. "$(dirname "$0")/common.bash"
. "$(dirname "$0")/../upstream/harness.bash"

# start_raw [--tls CERT KEY]: sets RPID and RPORT
start_raw() {
  python3 "$ROOT/tests/upstream/raw_http.py" "$@" > "$WORK/raw.out" 2> "$WORK/raw.err" &
  RPID=$!
  SW_PIDS+=("$RPID")
  wait_listening "$RPID" "$WORK/raw.out" "$WORK/raw.err" "raw_http.py"
  RPORT=$LISTEN_PORT
}
stop_raw() {
  kill "$RPID" 2> /dev/null || true
  wait "$RPID" 2> /dev/null || true
}

# stat NAME [CURL_OPTS]: one count of the raw server (asked directly)
stat() {
  local name=$1
  shift
  curl -s --max-time 5 "$@" "$RAW/stats" | python3 -c "import json, sys; print(json.load(sys.stdin)['$name'])"
}

# post MODE [CURL_OPTS]: a chat completion through the gateway with x-raw-mode MODE;
# the body in $WORK/body, the headers in $WORK/headers, prints the status
post() {
  local mode=$1
  shift
  curl -s --max-time 20 -o "$WORK/body" -D "$WORK/headers" -w '%{http_code}' "$GW/v1/chat/completions" \
    -H "authorization: Bearer $KEY" -H 'content-type: application/json' -H "x-raw-mode: $mode" \
    -d '{"model":"sw-small","messages":[{"role":"user","content":"hello"}]}' "$@" || true
}

# answered MODE: the raw server's answer for MODE reached the client whole
answered() {
  local status
  status=$(post "$1")
  [ "$status" = 200 ] || fail "mode $1: status $status: $(cat "$WORK/body")"
  python3 - "$WORK/body" "$1" << 'PY' || fail "mode $1: the body did not arrive whole: $(cat "$WORK/body")"
import json, sys
b = json.load(open(sys.argv[1]))
assert b["choices"][0]["message"]["content"] == "raw " + sys.argv[2], b
PY
  grep -qi "^x-raw-mode: $1" "$WORK/headers" || fail "mode $1: the upstream's own header was not passed on"
  ! grep -qi '^keep-alive:' "$WORK/headers" || fail "mode $1: a hop-by-hop header was passed on: $(cat "$WORK/headers")"
}

# refused STATUS CODE MODE: the gateway answered STATUS with error code CODE in JSON
refused() {
  local status
  status=$(post "$3")
  [ "$status" = "$1" ] || fail "mode $3: status $status, want $1: $(cat "$WORK/body")"
  python3 - "$WORK/body" "$2" << 'PY' || fail "mode $3: not the JSON error $2: $(cat "$WORK/body")"
import json, sys
e = json.load(open(sys.argv[1]))["error"]
assert e["code"] == sys.argv[2] and e["type"] == "api_error" and e["message"], e
PY
}

start_raw
RAW=http://127.0.0.1:$RPORT
UPSTREAM=$RAW
write_config "$WORK/gw.yaml" 'threads: 1'
start_gateway --config "$WORK/gw.yaml" --upstream-timeout 3
account raw business tier2
KEY=$(new_key raw)

# the three framings
answered length
answered chunked
answered close

# sequential MODE...: requests back to back from one client (well within the
# gateway's 2 s idle timeout), each answered whole
sequential() {
  python3 - "$GW" "$KEY" "$@" << 'PY' || fail "sequential requests ($*) were not all answered"
import http.client, json, sys, urllib.parse
u = urllib.parse.urlparse(sys.argv[1])
c = http.client.HTTPConnection(u.hostname, u.port, timeout=20)
for i, mode in enumerate(sys.argv[3:]):
    c.request("POST", "/v1/chat/completions", body='{"model":"sw-small","messages":[{"role":"user","content":"n"}]}',
              headers={"authorization": "Bearer " + sys.argv[2], "content-type": "application/json", "x-raw-mode": mode})
    r = c.getresponse()
    body = r.read()
    assert r.status == 200, (i, mode, r.status, body)
    assert json.loads(body)["choices"][0]["message"]["content"] == "raw " + mode, body
PY
}

# keep-alive: twenty-five requests back to back, one upstream connection at
# most (the close above ended the last one; /stats itself is one more)
before=$(stat connections)
sequential $(printf 'length %.0s' $(seq 20)) chunked chunked chunked chunked chunked
conns=$(($(stat connections) - before - 1))
[ "$conns" -le 1 ] || fail "25 sequential requests took $conns upstream connections, not one kept alive"

# a pooled connection that went stale: its next request is dropped unanswered,
# and the gateway sends it again on a fresh connection
dropped=$(stat dropped)
sequential doom length
[ "$(stat dropped)" -eq $((dropped + 1)) ] || fail "the stale pooled connection was not used (nothing dropped)"

# broken answers: 502 in JSON; then the gateway still serves
refused 502 upstream_error malformed
refused 502 upstream_error badstatus
refused 502 upstream_error reset
answered length
grep -q 'stillwatch/upstream' "$WORK/gateway.log" || fail "the upstream failures were not logged"

# an upstream that stalls: 504 once --upstream-timeout passes
t0=$(date +%s%N)
refused 504 upstream_timeout stall
took=$((($(date +%s%N) - t0) / 1000000))
[ "$took" -ge 2500 ] && [ "$took" -lt 9000 ] || fail "the 504 came after $took ms, not about 3000"
answered chunked

# an event stream: the first event reaches the client while the upstream is
# still silent (raw_http.py pauses 1.5 s before the rest)
python3 - "$GW" "$KEY" << 'PY' || fail "the first event was held back until the stream ended"
import http.client, sys, time, urllib.parse
u = urllib.parse.urlparse(sys.argv[1])
c = http.client.HTTPConnection(u.hostname, u.port, timeout=20)
c.request("POST", "/v1/chat/completions", body='{"model":"sw-small","stream":true,"messages":[{"role":"user","content":"s"}]}',
          headers={"authorization": "Bearer " + sys.argv[2], "content-type": "application/json", "x-raw-mode": "sse"})
r = c.getresponse()
assert r.status == 200, r.status
start, first, data = time.monotonic(), None, b""
while True:
    piece = r.read1(65536)
    if not piece:
        break
    data += piece
    if first is None and b"first" in data:
        first = time.monotonic()
end = time.monotonic()
assert first is not None and b"second" in data and b"[DONE]" in data, data
assert end - first >= 1.0, f"first event {first - start:.2f} s, end {end - start:.2f} s"
PY
stop_gateway
stop_raw

# an https:// upstream named by host name, its certificate signed by a CA the
# gateway trusts (SSL_CERT_FILE): answered, and its connection kept alive
TLS=$WORK/tls
mkdir -p "$TLS"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj "/CN=raw-test-ca" \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
  -keyout "$TLS/ca.key" -out "$TLS/ca.pem" 2> "$TLS/openssl.err" || fail "openssl: $(cat "$TLS/openssl.err")"
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=localhost" \
  -keyout "$TLS/server.key" -out "$TLS/server.csr" 2> "$TLS/openssl.err" \
  && openssl x509 -req -in "$TLS/server.csr" -CA "$TLS/ca.pem" -CAkey "$TLS/ca.key" -CAcreateserial -days 1 \
    -extfile <(printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n') \
    -out "$TLS/server.pem" 2> "$TLS/openssl.err" || fail "openssl: $(cat "$TLS/openssl.err")"
start_raw --tls "$TLS/server.pem" "$TLS/server.key"
RAW=https://localhost:$RPORT
UPSTREAM=$RAW
SSL_CERT_FILE=$TLS/ca.pem start_gateway --config "$WORK/gw.yaml" --upstream-timeout 3
answered length
answered chunked
before=$(stat connections --cacert "$TLS/ca.pem")
sequential $(printf 'length %.0s' $(seq 12))
conns=$(($(stat connections --cacert "$TLS/ca.pem") - before - 1))
[ "$conns" -le 1 ] || fail "12 requests to a TLS upstream took $conns connections, not one kept alive"
stop_gateway
# the same upstream without its CA: the certificate is not trusted, 502
start_gateway --config "$WORK/gw.yaml" --upstream-timeout 3
refused 502 upstream_error length
grep -q 'certificate\|TLS handshake' "$WORK/body" || fail "the 502 does not say the certificate failed: $(cat "$WORK/body")"
stop_gateway
sw_done gateway_upstream_http
