# fleet.bash — what the fleet's end-to-end tests share, sourced after
# harness.bash: a real redis-server on a free loopback port (its own
# directory, AOF on, no RDB snapshots), gateways that share it, and the
# detect worker. Every process is stopped on exit with the harness's.
command -v redis-server > /dev/null || fail "redis-server is not installed (scripts/setup.sh installs it)"
command -v redis-cli > /dev/null || fail "redis-cli is not installed (scripts/setup.sh installs it)"

# start_redis: sets RPID, RPORT, REDIS_URL; data in $WORK/redis.
start_redis() {
  RPORT=${RPORT:-$(free_port)}
  mkdir -p "$WORK/redis"
  redis-server --port "$RPORT" --bind 127.0.0.1 --dir "$WORK/redis" --appendonly yes --save '' \
    --daemonize no --logfile "$WORK/redis.log" &
  RPID=$!
  SW_PIDS+=("$RPID")
  REDIS_URL=redis://127.0.0.1:$RPORT
  local i
  for i in $(seq 100); do
    [ "$(redis-cli -p "$RPORT" ping 2> /dev/null)" = PONG ] && return 0
    sleep 0.05
  done
  fail "redis-server did not answer on port $RPORT within 5 s: $(tail -n 5 "$WORK/redis.log")"
}

# stop_redis [SIGNAL]: KILL by default (the AOF is written before replies).
stop_redis() {
  kill -"${1:-KILL}" "$RPID" 2> /dev/null || true
  wait "$RPID" 2> /dev/null || true
}

rcli() { redis-cli -p "$RPORT" "$@"; }

# Secrets every gateway of the fleet shares: one pepper, one token key,
# created by the first administration command and copied to each gateway.
SECRETS=$WORK/secrets
mkdir -p "$SECRETS"

# fleet_account ID VERIFICATION TIER [extra account options]
fleet_account() {
  local id=$1 ver=$2 tier=$3
  shift 3
  "$BIN" account create --state "$REDIS_URL" --id "$id" --verification "$ver" --tier "$tier" "$@" \
    > "$WORK/account-$id.out" 2>&1 || fail "account create $id failed: $(cat "$WORK/account-$id.out")"
}

# fleet_key ACCOUNT: prints a new API key of ACCOUNT.
fleet_key() {
  local k
  k=$("$BIN" key create --state "$REDIS_URL" --secrets "$SECRETS" --account "$1" 2> "$WORK/key.err") \
    || fail "key create --account $1 failed: $(cat "$WORK/key.err")"
  printf '%s\n' "$k"
}

# start_fleet_gateway N [serve options]: gateway N (1, 2, …) on the shared
# Redis with its own state directory (secrets copied in); sets GW_N, GPID_N.
start_fleet_gateway() {
  local n=$1
  shift
  local dir=$WORK/gw$n port
  mkdir -p "$dir"
  chmod 700 "$dir"
  [ -f "$SECRETS/pepper" ] && cp -p "$SECRETS/pepper" "$dir/pepper"
  [ -f "$SECRETS/token.key" ] && cp -p "$SECRETS/token.key" "$dir/token.key"
  port=$(free_port)
  "$BIN" serve --listen "127.0.0.1:$port" --upstream "$UPSTREAM" --state "$REDIS_URL" --state-dir "$dir" \
    --threads 2 --drain-timeout 5 "$@" > "$WORK/gateway$n.log" 2>&1 &
  local pid=$!
  SW_PIDS+=("$pid")
  printf -v "GW_$n" '%s' "http://127.0.0.1:$port"
  printf -v "GPID_$n" '%s' "$pid"
  local i code
  for i in $(seq 150); do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$port/healthz" || true)
    if [ "$code" = 200 ]; then
      # the first gateway made the fleet's token key: the others get a copy
      [ -f "$SECRETS/token.key" ] || cp -p "$dir/token.key" "$SECRETS/token.key"
      return 0
    fi
    kill -0 "$pid" 2> /dev/null || fail "gateway $n exited before it was ready: $(tail -n 20 "$WORK/gateway$n.log")"
    sleep 0.1
  done
  fail "gateway $n not ready within 15 s: $(tail -n 20 "$WORK/gateway$n.log")"
}

# stop_fleet_gateway N: as stop_gateway, for gateway N.
stop_fleet_gateway() {
  local n=$1 pid_var=GPID_$1
  GPID=${!pid_var}
  cp "$WORK/gateway$n.log" "$WORK/gateway.log"
  stop_gateway
}

# start_worker [detect options]: sets WPID.
start_worker() {
  "$BIN" detect --state "$REDIS_URL" "$@" > "$WORK/worker.log" 2>&1 &
  WPID=$!
  SW_PIDS+=("$WPID")
}

# post GW KEY BODY: prints the HTTP status of a chat completion.
post() {
  curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$1/v1/chat/completions" \
    -H "authorization: Bearer $2" -H 'content-type: application/json' -d "$3"
}
