#!/usr/bin/env bash
# Administration while the gateway runs (several threads, each with its own
# database connection): keys and accounts created after start are accepted
# on every thread, a revoked key and a suspended account are refused within
# the credential cache's second. A regression test: the database file was
# once opened and closed outside SQLite at every connection, which dropped
# the other connections' locks, let the admin command delete the WAL index
# under the running gateway, and left keys created after start invisible.
. "$(dirname "$0")/common.bash"
. "$(dirname "$0")/../upstream/harness.bash"
start_upstream --tokens 3 --delay-ms 1
write_config "$WORK/gw.yaml"
start_gateway --config "$WORK/gw.yaml" --threads 3
chat='{"model":"sw-small","messages":[{"role":"user","content":"hello"}]}'
code() { curl -s -o "$WORK/body" -w '%{http_code}' --max-time 10 -H "authorization: Bearer $1" \
  -H 'content-type: application/json' "$GW/v1/chat/completions" -d "$chat"; }
# each curl is a new connection, spread over the threads by SO_REUSEPORT
all() { local k=$1 want=$2 i c; for i in $(seq 12); do c=$(code "$k"); [ "$c" = "$want" ] || return 1; done; }

account early business tier2
for n in 1 2 3 4; do
  k=$(new_key early)
  all "$k" 200 || fail "key $n created after start: got $(cat "$WORK/body")"
done
account late business tier2
k=$(new_key late)
all "$k" 200 || fail "a key of an account created after start: got $(cat "$WORK/body")"
# revocation and suspension take effect within the credential cache's TTL (1 s)
id=${k:0:14}
"$BIN" key revoke --state "$STATE" --id "$id" > /dev/null || fail "key revoke failed"
sleep 1.2
all "$k" 401 || fail "a revoked key was still accepted: $(cat "$WORK/body")"
k2=$(new_key late)
all "$k2" 200 || fail "the account's new key: $(cat "$WORK/body")"
"$BIN" account set --state "$STATE" --id late --suspended yes > /dev/null || fail "account set failed"
sleep 1.2
all "$k2" 403 || fail "a suspended account was still served: $(cat "$WORK/body")"
grep -q '"code":"account_suspended"' "$WORK/body" || fail "suspension refused with: $(cat "$WORK/body")"
[ -e "$STATE/stillwatch.db-wal" ] || fail "the WAL file vanished under the running gateway"
stop_gateway
sw_done gateway_admin_live
