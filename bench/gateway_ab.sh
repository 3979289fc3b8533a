#!/usr/bin/env bash
# bench/gateway_ab.sh — is build B's gateway faster than build A's?
#
# On this kind of machine the speed of the whole box drifts by tens of
# percent within a minute, so two bench/gateway.sh runs made a minute apart
# cannot tell a 5% change from the drift. Here both gateways run at once
# behind the same upstream (nginx answering a fixed chat completion), each
# pinned to the same proxy CPU, and wrk loads them in turn for short runs,
# alternating which goes first; the figure is the median of the per-pair
# ratios B/A. Run A against itself to see the noise floor (it should be
# within a few percent of 1.00).
#
#   bench/gateway_ab.sh A_BINARY B_BINARY      PAIRS=12 SECONDS_EACH=2 CONNS=64
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: bench/gateway_ab.sh A_BINARY B_BINARY" >&2; exit 2; }
a_bin=$1 b_bin=$2
pairs=${PAIRS:-12} secs=${SECONDS_EACH:-2} conns=${CONNS:-64}
here=$(cd "$(dirname "$0")" && pwd)
for t in wrk nginx curl taskset python3; do
  command -v "$t" > /dev/null || { echo "bench/gateway_ab: $t is not installed (scripts/setup.sh)" >&2; exit 1; }
done
[ -x "$a_bin" ] && [ -x "$b_bin" ] || { echo "bench/gateway_ab: both binaries must exist" >&2; exit 1; }
ncpu=$(nproc)
proxy_cpu=$((ncpu - 1)) load_cpus=0
[ "$ncpu" -ge 2 ] && load_cpus="0-$((ncpu > 2 ? ncpu - 2 : 0))"

BENCH_NAME=gateway_ab
. "$here/lib.bash"
up_port=$(port) a_port=$(port) b_port=$(port)
mkdir -p "$dir/tmp" "$dir/a" "$dir/b"
sed -e "s#@PREFIX@#$dir#g" -e "s#@PORT@#$up_port#g" -e "s#@WORKERS@#1#g" "$here/nginx/upstream.conf" > "$dir/upstream.conf"
taskset -c "$load_cpus" nginx -p "$dir" -c "$dir/upstream.conf" -g 'daemon off;' 2> "$dir/upstream.log" &
pids+=($!)
wait_http "http://127.0.0.1:$up_port/" "${pids[-1]}" "upstream nginx"
gateway_config "$dir/gw.yaml" 1
start() { # start BINARY NAME PORT: the account's key goes to $dir/NAME.key
  bin=$1
  bench_account "$dir/$2" > "$dir/$2.key"
  taskset -c "$proxy_cpu" "$1" serve --listen "127.0.0.1:$3" --upstream "http://127.0.0.1:$up_port" \
    --state "$dir/$2" --config "$dir/gw.yaml" > "$dir/$2.log" 2>&1 &
  pids+=($!)
  wait_http "http://127.0.0.1:$3/healthz" "${pids[-1]}" "gateway $2"
}
start "$a_bin" a "$a_port"
start "$b_bin" b "$b_port"
a_key=$(cat "$dir/a.key") b_key=$(cat "$dir/b.key")
load() { # load PORT KEY SECONDS → requests/s
  SW_KEY=$2 taskset -c "$load_cpus" wrk -t 2 -c "$conns" -d "${3}s" -s "$here/nginx/chat.lua" \
    "http://127.0.0.1:$1" > "$dir/wrk.txt" 2>&1
  grep -q "Non-2xx" "$dir/wrk.txt" && { echo "bench/gateway_ab: errors from port $1:" >&2; cat "$dir/wrk.txt" >&2; exit 1; }
  awk '/Requests\/sec/ {print $2}' "$dir/wrk.txt"
}
load "$a_port" "$a_key" 2 > /dev/null
load "$b_port" "$b_key" 2 > /dev/null
echo "bench/gateway_ab: A=$a_bin B=$b_bin; gateways on CPU $proxy_cpu, wrk and upstream on CPUs $load_cpus; $pairs pairs of ${secs}-s runs, wrk -t 2 -c $conns"
ratios=()
for ((r = 1; r <= pairs; r++)); do
  if ((r % 2)); then a=$(load "$a_port" "$a_key" "$secs"); b=$(load "$b_port" "$b_key" "$secs")
  else b=$(load "$b_port" "$b_key" "$secs"); a=$(load "$a_port" "$a_key" "$secs"); fi
  ratio=$(python3 -c "print(f'{$b / $a:.3f}')")
  ratios+=("$ratio")
  echo "  pair $r: A $a, B $b requests/s (B/A $ratio)"
done
printf '%s\n' "${ratios[@]}" | python3 -c '
import statistics, sys
v = sorted(float(x) for x in sys.stdin)
print(f"  median B/A {statistics.median(v):.3f} (range {v[0]:.3f}-{v[-1]:.3f}, {len(v)} pairs)")'
