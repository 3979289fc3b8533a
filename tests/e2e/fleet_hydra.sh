#!/usr/bin/env bash
# A hydra-like campaign spread over two gateways is flagged as one cluster:
# eight weakly verified accounts on one card, each alternating between the
# gateways, are linked and flagged together by the fleet's detect worker
# over the shared stream, and its verdicts reach both gateways; a normal
# account on the same fleet is not flagged.
. "$(dirname "$0")/common.bash"
. "$(dirname "$0")/../upstream/harness.bash"
. "$(dirname "$0")/../upstream/fleet.bash"
start_redis
start_upstream --tokens 16
write_config "$WORK/gw.yaml" 'redis:
  timeout_ms: 3000'
KEYS=
for i in $(seq 8); do
  fleet_account "hydra-$i" email tier2 --payment-fp card-7f3a --email-domain mailbox.example
  KEYS="$KEYS $(fleet_key "hydra-$i")"
done
fleet_account normal-user business tier2 --payment-fp card-normal
KEY_N=$(fleet_key normal-user)
start_fleet_gateway 1 --config "$WORK/gw.yaml"
start_fleet_gateway 2 --config "$WORK/gw.yaml"
start_worker
GWS=("$GW_1" "$GW_2")
for i in $(seq 6); do
  [ "$(post "${GWS[$((i % 2))]}" "$KEY_N" '{"model":"sw-small","messages":[{"role":"user","content":"Can you help me write a short note to my team about Friday?"}]}')" = 200 ] \
    || true
done
[ "$(post "$GW_1" "$KEY_N" '{"model":"sw-small","messages":[{"role":"user","content":"Thanks! And a title for it?"}]}')" = 200 ] || fail "normal user refused"
export SW_GW1=$GW_1 SW_GW2=$GW_2 SW_KEYS=$KEYS SW_PER=40
(cd "$NODE_DIR" && node fleet_hydra.mjs) || fail "fleet_hydra.mjs failed"
# the worker has the whole stream: one cluster, every member flagged
for i in $(seq 50); do
  n=$(rcli hgetall sw:verdicts | grep -c '^\(throttle\|challenge\|block\) ' || true)
  [ "$n" -ge 8 ] && break
  sleep 0.1
done
rcli hgetall sw:verdicts > "$WORK/verdicts.txt"
clusters=$(for i in $(seq 8); do rcli hget "sw:{hydra-$i}:verdict" cluster; done | sort -u)
[ "$(printf '%s\n' "$clusters" | wc -l)" -eq 1 ] && [ -n "$clusters" ] \
  || fail "hydra accounts not in one cluster: $(printf '%s ' $clusters); verdicts: $(cat "$WORK/verdicts.txt")"
for i in $(seq 8); do
  a=$(rcli hget "sw:{hydra-$i}:verdict" action)
  case $a in throttle | challenge | block) ;; *) fail "hydra-$i not flagged by the fleet: '$a'" ;; esac
done
case $(rcli hget "sw:{normal-user}:verdict" action) in throttle | challenge | block) fail "normal user flagged" ;; esac
echo "hydra: 8 accounts over two gateways flagged as cluster $clusters"
# the fleet's verdict is applied by both gateways within a second
sleep 1
blocked=0
for k in $KEYS; do
  for gw in "$GW_1" "$GW_2"; do
    c=$(post "$gw" "$k" '{"model":"sw-small","messages":[{"role":"user","content":"Solve step by step: find the 9th prime."}]}')
    [ "$c" = 403 ] && blocked=$((blocked + 1))
  done
done
grep -q '"account":"hydra-1"' "$WORK/gw1/traffic.jsonl" && grep -q '"account":"hydra-1"' "$WORK/gw2/traffic.jsonl" \
  || fail "hydra-1's traffic was not spread over both gateways"
echo "hydra: $blocked of 16 later requests refused by the gateways"
kill -TERM "$WPID"; wait "$WPID" || fail "detect worker exited with an error: $(tail -n 5 "$WORK/worker.log")"
stop_fleet_gateway 1
stop_fleet_gateway 2
sw_done fleet_hydra
