# bench/lib.bash — what the HTTP benchmarks (gateway.sh, fleet.sh) share:
# a scratch directory whose processes are stopped and which is removed on
# exit, free loopback ports, readiness waits, and wrk's report read into
# numbers. Source it after setting BENCH_NAME (used in messages).

dir=$(mktemp -d "${TMPDIR:-/tmp}/sw-bench-$BENCH_NAME.XXXXXX")
pids=()
bench_cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2> /dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2> /dev/null || true; done
  rm -rf "$dir"
}
trap bench_cleanup EXIT

# port: a free loopback TCP port
port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# wait_http URL PID WHAT: until URL answers; exits if PID died or after 10 s
wait_http() {
  local i
  for i in $(seq 100); do
    curl -s -o /dev/null --max-time 1 "$1" && return 0
    kill -0 "$2" 2> /dev/null || { echo "bench/$BENCH_NAME: $3 exited: $(tail -n 5 "$dir"/*.log 2> /dev/null)" >&2; exit 1; }
    sleep 0.1
  done
  echo "bench/$BENCH_NAME: $3 not ready" >&2
  exit 1
}

# gateway_config FILE THREADS: a gateway config whose tier3 has no limit a
# benchmark could reach (the limiter still runs on every request)
gateway_config() {
  cat > "$1" << EOF
threads: $2
tiers:
  tier3:
    models: ["*"]
    requests_per_minute: 1000000000
    tokens_per_minute: 0
    concurrent_streams: 0
EOF
}

# bench_account STATE [KEY OPTIONS]: creates the account "bench" in tier3
# and prints a new key of it
bench_account() {
  local state=$1
  shift
  "$bin" account create --state "$state" --id bench --verification business --tier tier3 > /dev/null
  "$bin" key create --state "$state" "$@" --account bench
}

# wrk_numbers FILE: wrk --latency output → "rps p50_us p99_us non2xx errors|clean"
wrk_numbers() {
  python3 - "$1" << 'PY'
import re, sys
text = open(sys.argv[1]).read()
def us(v):
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", v)
    return float(m.group(1)) * {"us": 1, "ms": 1e3, "s": 1e6, "m": 6e7}[m.group(2)]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p50 = us(re.search(r"^\s+50%\s+(\S+)", text, re.M).group(1))
p99 = us(re.search(r"^\s+99%\s+(\S+)", text, re.M).group(1))
bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
errs = re.search(r"Socket errors:.*", text)
print(f"{rps:.0f} {p50:.0f} {p99:.0f} {bad.group(1) if bad else 0} {'errors' if errs else 'clean'}")
PY
}
