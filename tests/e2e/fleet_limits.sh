#!/usr/bin/env bash
# A fleet of two gateways on one Redis: a per-account limit of N requests a
# minute holds across both to the request; a key revoked through the shared
# state is refused by both at once; a proof nonce used at one gateway is
# refused at the other.
. "$(dirname "$0")/common.bash"
. "$(dirname "$0")/../upstream/harness.bash"
. "$(dirname "$0")/../upstream/fleet.bash"
start_redis
start_upstream --tokens 4
write_config "$WORK/gw.yaml" '  limited:
    inherit: tier2
    requests_per_minute: 7
    tokens_per_minute: 0
state_dir: .
redis:
  timeout_ms: 3000  # sanitizer builds on a loaded CI machine: a slow answer is not an outage here'
fleet_account lim email limited
fleet_account rev email tier2
fleet_account tok email tier2
KEY_LIM=$(fleet_key lim)
KEY_REV=$(fleet_key rev)
KEY_TOK=$(fleet_key tok)
start_fleet_gateway 1 --config "$WORK/gw.yaml"
start_fleet_gateway 2 --config "$WORK/gw.yaml"
BODY='{"model":"sw-small","messages":[{"role":"user","content":"hello"}]}'

# 1. the limit: 7 a minute over both gateways, alternating
clear_of_minute_edge
ok=0 limited=0
for i in $(seq 10); do
  if [ $((i % 2)) -eq 0 ]; then gw=$GW_1; else gw=$GW_2; fi
  code=$(post "$gw" "$KEY_LIM" "$BODY")
  case $code in 200) ok=$((ok + 1)) ;; 429) limited=$((limited + 1)) ;; *) fail "request $i: status $code" ;; esac
done
[ "$ok" -eq 7 ] && [ "$limited" -eq 3 ] || fail "limit of 7/min across two gateways: $ok served, $limited refused"
echo "limit: 7 served, 3 refused across two gateways"

# 2. revocation: both serve the key, then neither once it is revoked
[ "$(post "$GW_1" "$KEY_REV" "$BODY")" = 200 ] || fail "gateway 1 refused a valid key"
[ "$(post "$GW_2" "$KEY_REV" "$BODY")" = 200 ] || fail "gateway 2 refused a valid key"
"$BIN" key revoke --state "$REDIS_URL" --id "${KEY_REV:0:14}" > "$WORK/revoke.out" 2>&1 || fail "key revoke: $(cat "$WORK/revoke.out")"
c2=$(post "$GW_2" "$KEY_REV" "$BODY")
c1=$(post "$GW_1" "$KEY_REV" "$BODY")
[ "$c1" = 401 ] && [ "$c2" = 401 ] || fail "revoked key: gateway 1 answered $c1, gateway 2 $c2 (expected 401 at once)"
echo "revocation: refused by both gateways at once"

# 3. a proof nonce used at gateway 1 is refused at gateway 2
export SW_KEY=$KEY_TOK SW_GW1=$GW_1 SW_GW2=$GW_2
(cd "$NODE_DIR" && node fleet_nonce.mjs) || fail "fleet_nonce.mjs: checks failed"

up=0
for i in $(seq 50); do curl -s "$GW_1/metrics" | grep -q '^stillwatch_redis_up 1' && { up=1; break; }; sleep 0.1; done
[ "$up" = 1 ] || fail "gateway 1 /metrics: redis not up"
stop_fleet_gateway 1
stop_fleet_gateway 2
sw_done fleet_limits
