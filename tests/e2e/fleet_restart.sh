#!/usr/bin/env bash
# Redis killed (SIGKILL) and restarted mid-run, with AOF on. Gateway 1 fails
# closed (503 store_unavailable while Redis is away), gateway 2 fails open
# (served on last-known credentials and local limits); both count it in
# /metrics, log it once per interval, spool their events, and recover by
# themselves when Redis is back; afterwards the stream holds exactly the
# events of both traffic logs: none lost.
. "$(dirname "$0")/common.bash"
. "$(dirname "$0")/../upstream/harness.bash"
. "$(dirname "$0")/../upstream/fleet.bash"
start_redis
start_upstream --tokens 4
write_config "$WORK/closed.yaml" 'redis:
  on_failure: closed
  timeout_ms: 200
  log_interval_s: 30'
write_config "$WORK/open.yaml" 'redis:
  on_failure: open
  timeout_ms: 200
  log_interval_s: 30'
fleet_account acct email tier2
KEY=$(fleet_key acct)
start_fleet_gateway 1 --config "$WORK/closed.yaml"
# one thread: a failing-open gateway serves the credentials that the thread
# taking the connection has already verified (docs/fleet.md), and this test
# must know which thread that is
start_fleet_gateway 2 --config "$WORK/open.yaml" --threads 1
BODY='{"model":"sw-small","messages":[{"role":"user","content":"hello"}]}'
burst() { # burst GW N EXPECTED
  local i c
  for i in $(seq "$2"); do
    c=$(post "$1" "$KEY" "$BODY")
    [ "$c" = "$3" ] || fail "$1: status $c, expected $3 ($4)"
  done
}
metric() { curl -s "$1/metrics" | awk -v m="$2" '$1 == m {print $2}'; }

burst "$GW_1" 5 200 "before the outage"
burst "$GW_2" 5 200 "before the outage"

stop_redis KILL
burst "$GW_1" 5 503 "closed, Redis down"
burst "$GW_2" 5 200 "open, Redis down"
[ "$(metric "$GW_1" stillwatch_redis_up)" = 0 ] || fail "gateway 1 /metrics does not show Redis down"
[ "$(metric "$GW_1" stillwatch_redis_refusals_total)" -ge 5 ] || fail "gateway 1 did not count its 503s"
[ "$(metric "$GW_2" 'stillwatch_redis_fallbacks_total{what="limits"}')" -ge 5 ] || fail "gateway 2 did not count fallbacks"
[ "$(metric "$GW_2" stillwatch_events_spooled_total)" -ge 5 ] || fail "gateway 2 did not spool its events"
n1=$(grep -c 'redis .* unavailable' "$WORK/gateway1.log" || true)
[ "$n1" -ge 1 ] && [ "$n1" -le 2 ] || fail "gateway 1 logged the outage $n1 times (once per 30 s expected)"
echo "outage: gateway 1 refused (503), gateway 2 served locally; both counted and logged once"

start_redis # same port, same directory: the AOF is replayed
# each gateway thread has its own connection and reconnects after its own
# backoff (up to 1 s): recovered means several requests in a row are served
ok=0
for i in $(seq 100); do
  if [ "$(post "$GW_1" "$KEY" "$BODY")" = 200 ]; then ok=$((ok + 1)); else ok=0; fi
  [ "$ok" -ge 6 ] && break
  sleep 0.1
done
burst "$GW_1" 5 200 "after recovery"
burst "$GW_2" 5 200 "after recovery"
grep -q 'reachable again' "$WORK/gateway1.log" || fail "gateway 1 did not log the recovery"
for i in $(seq 50); do
  [ "$(metric "$GW_2" stillwatch_events_spool_pending)" = 0 ] && [ "$(metric "$GW_1" stillwatch_events_spool_pending)" = 0 ] && break
  sleep 0.1
done
sleep 0.2
lines=$(cat "$WORK/gw1/traffic.jsonl" "$WORK/gw2/traffic.jsonl" | wc -l)
xlen=$(rcli xlen sw:events)
[ "$xlen" -eq "$lines" ] || fail "stream holds $xlen events, the gateways logged $lines"
ids=$(rcli xrange sw:events - + | grep -o 'req_[0-9a-f]*' | sort -u | wc -l)
[ "$ids" -eq "$lines" ] || fail "stream has $ids distinct request ids for $lines events"
echo "recovery: both gateways serve again; stream = traffic logs = $lines events"
stop_fleet_gateway 1
stop_fleet_gateway 2
sw_done fleet_restart
