# harness.bash — what the gateway's end-to-end tests share, sourced after
# tests/e2e/common.bash (which sets BIN, WORK and fail): the model server
# stand-in, a gateway in front of it, accounts and keys, and the client
# scripts under tests/node. Every process started here is stopped on exit,
# whatever the outcome.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
NODE_DIR=$ROOT/tests/node
STATE=$WORK/state
mkdir -p "$STATE"

command -v node > /dev/null || fail "node is not installed (scripts/setup.sh installs it)"
command -v curl > /dev/null || fail "curl is not installed (scripts/setup.sh installs it)"
for m in openai @anthropic-ai/sdk paseto; do
  [ -f "$NODE_DIR/node_modules/$m/package.json" ] || fail "tests/node/node_modules/$m is missing: run scripts/setup.sh"
done

SW_PIDS=()
sw_cleanup() {
  local p
  for p in "${SW_PIDS[@]}"; do kill "$p" 2> /dev/null || true; done
  for p in "${SW_PIDS[@]}"; do wait "$p" 2> /dev/null || true; done
}
trap sw_cleanup EXIT

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_listening PID OUT ERR WHAT: waits for the server started as PID to print
# "listening PORT" to OUT (its stderr in ERR); sets LISTEN_PORT.
wait_listening() {
  local pid=$1 out=$2 err=$3 what=$4 i
  for i in $(seq 200); do
    grep -q '^listening ' "$out" && break
    kill -0 "$pid" 2> /dev/null || fail "$what did not start: $(cat "$err")"
    sleep 0.05
  done
  LISTEN_PORT=$(awk '/^listening /{print $2}' "$out")
  [ -n "$LISTEN_PORT" ] || fail "$what printed no port within 10 s"
}

# start_upstream [model_server options]: sets UPID, UPORT, UPSTREAM, ULOG.
start_upstream() {
  ULOG=$WORK/upstream.jsonl
  : > "$ULOG"
  node "$ROOT/tests/upstream/model_server.mjs" --port 0 --log "$ULOG" "$@" > "$WORK/upstream.out" 2> "$WORK/upstream.err" &
  UPID=$!
  SW_PIDS+=("$UPID")
  wait_listening "$UPID" "$WORK/upstream.out" "$WORK/upstream.err" "model server stand-in"
  UPORT=$LISTEN_PORT
  UPSTREAM=http://127.0.0.1:$UPORT
}

# start_gateway [serve options]: sets GPID, GPORT, GW; waits for /healthz.
# Open streams get 5 s to drain at stop.
start_gateway() {
  GPORT=$(free_port)
  GW=http://127.0.0.1:$GPORT
  "$BIN" serve --listen "127.0.0.1:$GPORT" --upstream "$UPSTREAM" --state "$STATE" \
    --drain-timeout 5 "$@" > "$WORK/gateway.log" 2>&1 &
  GPID=$!
  SW_PIDS+=("$GPID")
  local i code
  for i in $(seq 150); do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$GW/healthz" || true)
    [ "$code" = 200 ] && return 0
    kill -0 "$GPID" 2> /dev/null || fail "stillwatch serve exited before it was ready: $(tail -n 20 "$WORK/gateway.log")"
    sleep 0.1
  done
  fail "stillwatch serve not ready (GET /healthz) within 15 s; last status $code: $(tail -n 20 "$WORK/gateway.log")"
}

# stop_gateway: SIGTERM, wait (10 s at most). SIGTERM drains and exits 0;
# any other exit, or a sanitizer report (leaks are reported at exit under
# AddressSanitizer), fails the test — at its end (sw_done), so that the
# checks after a stop still run and report.
stop_gateway() {
  kill -TERM "$GPID" 2> /dev/null || true
  local i
  for i in $(seq 100); do kill -0 "$GPID" 2> /dev/null || break; sleep 0.1; done
  if kill -0 "$GPID" 2> /dev/null; then
    kill -KILL "$GPID" 2> /dev/null || true
    fail "stillwatch serve did not stop within 10 s of SIGTERM"
  fi
  local status=0
  wait "$GPID" 2> /dev/null || status=$?
  local why=
  if grep -q 'Sanitizer' "$WORK/gateway.log"; then
    why="sanitizer report from stillwatch serve: $(grep -A 30 'Sanitizer' "$WORK/gateway.log" | head -n 40)"
  elif [ "$status" -ne 0 ]; then
    why="stillwatch serve exited with status $status on SIGTERM, not 0: $(tail -n 3 "$WORK/gateway.log")"
  fi
  if [ -n "$why" ]; then
    echo "FAIL (reported at the end): $why" >&2
    SW_STOP_FAILURES+=("$why")
  fi
}
SW_STOP_FAILURES=()

# sw_done NAME: the test's last word; fails if a stop went wrong.
sw_done() {
  [ ${#SW_STOP_FAILURES[@]} -eq 0 ] || fail "${SW_STOP_FAILURES[*]}"
  echo "$1: ok"
}

# clear_of_minute_edge: waits until the wall clock is at least 1 s past a
# minute's start and 15 s before its end. A sliding window (this minute plus
# the previous one, weighted by how much of it is left) rounds at a minute's
# edge, so a burst that straddles it may see one request more or fewer; the
# tests that count a limit to the request run clear of the edge.
clear_of_minute_edge() {
  local s
  s=$(date +%S)
  s=${s#0}
  if [ "$s" -ge 45 ]; then sleep $((61 - s)); elif [ "$s" -lt 1 ]; then sleep 1; fi
}

# account ID VERIFICATION TIER
account() {
  "$BIN" account create --state "$STATE" --id "$1" --verification "$2" --tier "$3" > "$WORK/account-$1.out" 2>&1 \
    || fail "account create $1 failed: $(cat "$WORK/account-$1.out")"
}

# new_key ACCOUNT: prints a new API key of ACCOUNT.
new_key() {
  local k
  k=$("$BIN" key create --state "$STATE" --account "$1" 2> "$WORK/key.err") \
    || fail "key create --account $1 failed: $(cat "$WORK/key.err")"
  [[ "$k" =~ ^sk-sw-[0-9a-f]{8}[A-Za-z0-9_-]{43}$ ]] || fail "key create printed '$k', not a key alone"
  printf '%s\n' "$k"
}

# run_node SCRIPT [args]: runs tests/node/SCRIPT with the test's settings in
# the environment (SW_BASE defaults to the gateway).
run_node() {
  local script=$1
  shift
  (cd "$NODE_DIR" && SW_BASE=${SW_BASE:-$GW} SW_UPSTREAM=$UPSTREAM SW_UPSTREAM_LOG=$ULOG node "$script" "$@") \
    || fail "$script: checks failed (see above)"
}

# write_config FILE [YAML]: the tiers the tests use, then YAML appended.
# free has its built-in 20 requests/min and may use two of the stand-in's models;
# tier2 may use every model, with limits far above what a test sends.
write_config() {
  {
    cat << 'YAML'
tiers:
  free:
    models: ["sw-small", "sw-large"]
    requests_per_minute: 20
  tier2:
    models: ["*"]
    requests_per_minute: 100000
    tokens_per_minute: 0
YAML
    [ $# -lt 2 ] || printf '%s\n' "$2"
  } > "$1"
}
