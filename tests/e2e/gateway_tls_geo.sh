#!/usr/bin/env bash
# TLS and where a request comes from:
#  - with a certificate and key the gateway speaks HTTPS, HTTP/2 by ALPN and
#    HTTP/1.1, and an official SDK talks to it through the certificate;
#  - the client's country and network come from a MaxMind DB looked up with
#    libmaxminddb (a database written by tests/tools/mmdb_write.py), and a
#    tier's country and ASN lists refuse with 403 region_not_allowed;
#  - X-Forwarded-For counts only when the peer is a trusted proxy: the same
#    header from an untrusted peer is ignored, and the traffic log records
#    the address that was believed.
. "$(dirname "$0")/common.bash"
. "$(dirname "$0")/../upstream/harness.bash"
command -v openssl > /dev/null || fail "openssl is not installed"

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=localhost \
  -addext subjectAltName=IP:127.0.0.1,DNS:localhost -keyout "$WORK/key.pem" -out "$WORK/cert.pem" \
  > "$WORK/openssl.out" 2>&1 || fail "could not make a test certificate: $(cat "$WORK/openssl.out")"
python3 "$ROOT/tests/tools/mmdb_write.py" "$WORK/mmdb" > /dev/null || fail "could not write the test GeoIP databases"

start_upstream --tokens 6 --delay-ms 5
# In the test databases 10.0.0.0/8 is France and AS3215 (both.mmdb), 81.2.69.0/24 is AS20712 (asn.mmdb)
write_config "$WORK/gw.yaml" "$(cat << YAML
  geo:
    models: ["*"]
    requests_per_minute: 100000
    countries:
      deny: [FR]
  netdeny:
    models: ["*"]
    requests_per_minute: 100000
    asns:
      deny: [20712]
tls:
  cert: $WORK/cert.pem
  key: $WORK/key.pem
geoip_db: $WORK/mmdb/both.mmdb
geoip_asn_db: $WORK/mmdb/asn.mmdb
trusted_proxies: ["127.0.0.1/32"]
YAML
)"

# The harness's readiness check speaks plain HTTP; this gateway only speaks TLS.
GPORT=$(free_port)
GW=https://127.0.0.1:$GPORT
"$BIN" serve --listen "127.0.0.1:$GPORT" --upstream "$UPSTREAM" --state "$STATE" --config "$WORK/gw.yaml" \
  --drain-timeout 5 > "$WORK/gateway.log" 2>&1 &
GPID=$!
SW_PIDS+=("$GPID")
for i in $(seq 150); do
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 --cacert "$WORK/cert.pem" "$GW/healthz" || true)
  [ "$code" = 200 ] && break
  kill -0 "$GPID" 2> /dev/null || fail "stillwatch serve exited before it was ready: $(tail -n 20 "$WORK/gateway.log")"
  sleep 0.1
done
[ "$code" = 200 ] || fail "the TLS listener did not answer /healthz: $(tail -n 20 "$WORK/gateway.log")"

account paris business geo
account london business netdeny
PKEY=$(new_key paris)
LKEY=$(new_key london)
chat='{"model":"sw-small","messages":[{"role":"user","content":"Where am I?"}]}'
req() { # KEY [curl options...]: prints "HTTP_VERSION STATUS"
  local key=$1
  shift
  curl -s --cacert "$WORK/cert.pem" --max-time 20 -o "$WORK/body" -w '%{http_version} %{http_code}' \
    -H "authorization: Bearer $key" -H 'content-type: application/json' "$@" "$GW/v1/chat/completions" -d "$chat"
}

# TLS: ALPN picks HTTP/2; HTTP/1.1 works too; plain HTTP on the TLS port does not
[ "$(req "$PKEY" --http2)" = "2 200" ] || fail "HTTPS with HTTP/2: $(cat "$WORK/body")"
[ "$(req "$PKEY" --http1.1)" = "1.1 200" ] || fail "HTTPS with HTTP/1.1: $(cat "$WORK/body")"
plain=$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "http://127.0.0.1:$GPORT/healthz" || true)
[ "$plain" != 200 ] || fail "the TLS listener answered plain HTTP"
# an official SDK through the certificate
(cd "$NODE_DIR" && NODE_EXTRA_CA_CERTS="$WORK/cert.pem" SW_KEY=$PKEY SW_BASE=$GW node --input-type=module -e '
import OpenAI from "openai";
const c = new OpenAI({ apiKey: process.env.SW_KEY, baseURL: process.env.SW_BASE + "/v1", maxRetries: 0 });
const r = await c.chat.completions.create({ model: "sw-small", messages: [{ role: "user", content: "over TLS" }] });
if (!r.choices?.[0]?.message?.content) { console.error("no answer over TLS", r); process.exit(1); }
') || fail "the openai SDK could not talk to the gateway over TLS"

# Geography through X-Forwarded-For from a trusted peer (127.0.0.1)
[ "$(req "$PKEY" -H 'x-forwarded-for: 10.1.2.3')" = "2 403" ] || fail "a French client was not refused: $(cat "$WORK/body")"
grep -q '"code":"region_not_allowed"' "$WORK/body" || fail "refusal is not region_not_allowed: $(cat "$WORK/body")"
[ "$(req "$PKEY" -H 'x-forwarded-for: 81.2.69.10')" = "2 200" ] || fail "a British client was refused: $(cat "$WORK/body")"
# ASN deny (81.2.69.0/24 is AS20712 in the test database)
[ "$(req "$LKEY" -H 'x-forwarded-for: 81.2.69.10')" = "2 403" ] || fail "a denied network was not refused: $(cat "$WORK/body")"
[ "$(req "$LKEY" -H 'x-forwarded-for: 10.9.9.9')" = "2 200" ] || fail "an allowed network was refused: $(cat "$WORK/body")"
# a hop written by an untrusted client is skipped over: the right-most untrusted address counts
[ "$(req "$PKEY" -H 'x-forwarded-for: 10.1.2.3, 81.2.69.10')" = "2 200" ] || fail "X-Forwarded-For was read from the wrong end"
stop_gateway

# The log believed the forwarded addresses, with country and ASN from the database
python3 - "$STATE/traffic.jsonl" << 'PY' || fail "the traffic log does not carry the forwarded addresses and their geography"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
fr = [l for l in lines if l["ip"] == "10.1.2.3"]
gb = [l for l in lines if l["ip"] == "81.2.69.10"]
assert fr and all(l.get("country") == "FR" and l.get("asn") == 3215 for l in fr), fr
assert gb and all(l.get("asn") == 20712 for l in gb), gb  # (that network has no country in these files)
assert any(l["status"] == 403 for l in fr), [l["status"] for l in fr]
PY

# The same header from a peer that is not trusted is ignored
sed -i 's|trusted_proxies: \["127.0.0.1/32"\]|trusted_proxies: ["192.0.2.0/24"]|' "$WORK/gw.yaml"
: > "$WORK/gateway.log"
"$BIN" serve --listen "127.0.0.1:$GPORT" --upstream "$UPSTREAM" --state "$STATE" --config "$WORK/gw.yaml" \
  --drain-timeout 5 > "$WORK/gateway.log" 2>&1 &
GPID=$!
SW_PIDS+=("$GPID")
for i in $(seq 150); do
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 --cacert "$WORK/cert.pem" "$GW/healthz" || true)
  [ "$code" = 200 ] && break
  sleep 0.1
done
[ "$code" = 200 ] || fail "the gateway did not restart: $(tail -n 20 "$WORK/gateway.log")"
[ "$(req "$PKEY" -H 'x-forwarded-for: 10.1.2.3')" = "2 200" ] || fail "X-Forwarded-For from an untrusted peer was believed: $(cat "$WORK/body")"
stop_gateway
sw_done gateway_tls_geo
