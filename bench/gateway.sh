#!/usr/bin/env bash
# bench/gateway — what stillwatch serve costs in front of a model server, on
# loopback, measured with wrk in one run beside its peer:
#
#   direct      wrk → fast upstream (nginx answering a fixed chat completion)
#   stillwatch  wrk → stillwatch serve (API key, tier policy, rate limiter,
#               online detection, traffic log, all on) → the same upstream
#   nginx       wrk → nginx proxy_pass with a keepalive pool → the same upstream
#
# Each target is measured twice: under load (CONNS connections, for
# requests/s) and with one connection (for the latency a single request
# sees, which is what "added latency" means). Under load the CPU time the
# server under test used is read from /proc and shown per request, with how
# busy it was (1.00: one CPU saturated): a proxy that is not saturated was
# held back by wrk or the upstream, and its requests/s says little. Targets: stillwatch ≥ 0.9× the
# requests/s of nginx, and ≤ 100 µs added to the direct p50.
#
# CPUs: the proxies under test (stillwatch, nginx) get PROXY_CPUS and as many
# threads/workers as it has CPUs; wrk and the upstream share LOAD_CPUS. By
# default the upper half of the online CPUs is PROXY_CPUS, the rest
# LOAD_CPUS (with 2 CPUs: proxy on 1, load on 0).
#
# Drift: on a shared or virtual machine the speed of the whole box drifts
# by tens of percent within a minute (the same proxy's CPU time per request
# doubles and halves), which would bias a ratio taken from one stillwatch run
# and one nginx run made a minute apart. So the throughput is measured in
# PAIRS pairs of short runs (SECONDS_EACH), alternating which proxy goes
# first, and the ratio reported is the median of the per-pair ratios; the
# single-connection latency in ROUNDS alternating rounds of DURATION. Each
# proxy's figures in the table are its medians.
#
#   bench/gateway.sh [BUILD_DIR]    PAIRS=12 SECONDS_EACH=2 DURATION=10 ROUNDS=3
#                                   CONNS=64 WRK_THREADS=2 PROXY_CPUS=… LOAD_CPUS=…
set -euo pipefail
build=${1:-build}
bin=$build/stillwatch
here=$(cd "$(dirname "$0")" && pwd)
duration=${DURATION:-10}
conns=${CONNS:-64}
wrk_threads=${WRK_THREADS:-2}
rounds=${ROUNDS:-3}
pairs=${PAIRS:-12}
pair_secs=${SECONDS_EACH:-2}
[ -x "$bin" ] || { echo "bench/gateway: $bin not built" >&2; exit 1; }
for t in wrk nginx curl taskset python3; do
  command -v "$t" > /dev/null || { echo "bench/gateway: $t is not installed (scripts/setup.sh)" >&2; exit 1; }
done

ncpu=$(nproc)
if [ -z "${PROXY_CPUS:-}" ] || [ -z "${LOAD_CPUS:-}" ]; then
  if [ "$ncpu" -ge 2 ]; then
    half=$((ncpu / 2))
    span() { if [ "$1" -eq "$2" ]; then echo "$1"; else echo "$1-$2"; fi; }
    LOAD_CPUS=$(span 0 $((ncpu - half - 1)))
    PROXY_CPUS=$(span $((ncpu - half)) $((ncpu - 1)))
  else
    LOAD_CPUS=0 PROXY_CPUS=0
  fi
fi
count_cpus() { python3 -c '
import sys
n = 0
for part in sys.argv[1].split(","):
    a, _, b = part.partition("-")
    n += int(b or a) - int(a) + 1
print(n)' "$1"; }
proxy_threads=$(count_cpus "$PROXY_CPUS")

BENCH_NAME=gateway
. "$here/lib.bash"
mkdir -p "$dir/tmp" "$dir/state"
up_port=$(port) proxy_port=$(port) sw_port=$(port)

fill() {
  sed -e "s#@PREFIX@#$dir#g" -e "s#@PORT@#$2#g" -e "s#@UPSTREAM_PORT@#$up_port#g" -e "s#@WORKERS@#$3#g" "$1"
}
fill "$here/nginx/upstream.conf" "$up_port" "$(count_cpus "$LOAD_CPUS")" > "$dir/upstream.conf"
fill "$here/nginx/proxy.conf" "$proxy_port" "$proxy_threads" > "$dir/proxy.conf"


taskset -c "$LOAD_CPUS" nginx -p "$dir" -c "$dir/upstream.conf" -g 'daemon off;' 2> "$dir/upstream.log" &
pids+=($!)
wait_http "http://127.0.0.1:$up_port/" "${pids[-1]}" "upstream nginx"
taskset -c "$PROXY_CPUS" nginx -p "$dir" -c "$dir/proxy.conf" -g 'daemon off;' 2> "$dir/proxy.log" &
pids+=($!)
wait_http "http://127.0.0.1:$proxy_port/" "${pids[-1]}" "nginx proxy"
ng_pids="${pids[-1]} $(pgrep -P "${pids[-1]}" | tr '\n' ' ')" # master and workers
up_pids="${pids[0]} $(pgrep -P "${pids[0]}" | tr '\n' ' ')"

gateway_config "$dir/gw.yaml" "$proxy_threads"
SW_KEY=$(bench_account "$dir/state")
export SW_KEY
taskset -c "$PROXY_CPUS" "$bin" serve --listen "127.0.0.1:$sw_port" --upstream "http://127.0.0.1:$up_port" \
  --state "$dir/state" --config "$dir/gw.yaml" > "$dir/stillwatch.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$sw_port/healthz" "${pids[-1]}" "stillwatch serve"
sw_pids=${pids[-1]}

# one request through each, so that a broken setup fails here and not in the figures
for p in "$up_port" "$proxy_port" "$sw_port"; do
  code=$(curl -s -o "$dir/probe.json" -w '%{http_code}' "http://127.0.0.1:$p/v1/chat/completions" \
    -H "authorization: Bearer $SW_KEY" -H 'content-type: application/json' \
    -d '{"model":"sw-small","max_tokens":16,"messages":[{"role":"user","content":"What is the capital of France?"}]}')
  [ "$code" = 200 ] || { echo "bench/gateway: probe of port $p answered $code: $(cat "$dir/probe.json")" >&2; exit 1; }
done

# cpu_ticks PID...: user + system clock ticks used so far by these processes (all threads)
cpu_ticks() {
  local p t=0 u s
  for p in "$@"; do
    read -r u s < <(awk '{print $14, $15}' "/proc/$p/stat")
    t=$((t + u + s))
  done
  echo "$t"
}

# run NAME PORT CONNS THREADS SECONDS PIDS [WARMUP] → "rps p50_us p99_us non2xx errors|clean
# cpu_us_per_request busy" on stdout (PIDS: the server measured, whose CPU
# time per request is counted; busy: its CPU seconds per second, 1.00 when
# one saturated CPU is the limit; WARMUP: seconds of load first, default 2);
# wrk's output kept
run() {
  local out=$dir/wrk-$1-$3.txt t0 t1
  if [ "${7:-2}" != 0 ]; then
    taskset -c "$LOAD_CPUS" wrk -t "$4" -c "$3" -d "${7:-2}s" -s "$here/nginx/chat.lua" "http://127.0.0.1:$2" > /dev/null 2>&1
  fi
  # shellcheck disable=SC2086
  t0=$(cpu_ticks $6)
  taskset -c "$LOAD_CPUS" wrk -t "$4" -c "$3" -d "${5}s" --latency -s "$here/nginx/chat.lua" "http://127.0.0.1:$2" > "$out" 2>&1
  # shellcheck disable=SC2086
  t1=$(cpu_ticks $6)
  python3 -c "
import sys
rps, rest = sys.argv[1].split(' ', 1)
ticks, secs, hz = int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
cpu = ticks / hz
n = float(rps) * secs
print(f'{rps} {rest} {cpu / n * 1e6 if n else 0:.1f} {cpu / secs:.2f}')" "$(wrk_numbers "$out")" "$((t1 - t0))" "$5" "$(getconf CLK_TCK)"
}

# median_by FIELD LINE...: the line whose FIELD-th number is the median
median_by() {
  local field=$1
  shift
  printf '%s\n' "$@" | sort -n -k "$field" | sed -n "$((($# + 1) / 2))p"
}

echo "bench/gateway: $ncpu CPUs ($(lscpu 2> /dev/null | sed -n 's/^Model name: *//p' | head -n 1)); proxies on CPUs $PROXY_CPUS ($proxy_threads threads/workers), wrk and upstream on CPUs $LOAD_CPUS"
echo "  load: wrk -t $wrk_threads -c $conns --latency -s bench/nginx/chat.lua in $pairs pairs of ${pair_secs}-s runs, alternating which proxy goes first (2 s warm-up each at the start)"
echo "  latency: wrk -t 1 -c 1 -d ${duration}s --latency, 2 s warm-up, in $rounds alternating rounds; medians shown"
declare -A R
R[direct-load]=$(run direct "$up_port" "$conns" "$wrk_threads" "$duration" "$up_pids")
R[direct-one]=$(run direct "$up_port" 1 1 "$duration" "$up_pids")
sw_load=() ng_load=() sw_one=() ng_one=() round_ratios=() cpu_ratios=()
run stillwatch "$sw_port" "$conns" "$wrk_threads" 1 "$sw_pids" > /dev/null
run nginx "$proxy_port" "$conns" "$wrk_threads" 1 "$ng_pids" > /dev/null
for ((r = 1; r <= pairs; r++)); do
  if ((r % 2)); then order="stillwatch nginx"; else order="nginx stillwatch"; fi
  for name in $order; do
    if [ "$name" = stillwatch ]; then
      sw_load+=("$(run stillwatch "$sw_port" "$conns" "$wrk_threads" "$pair_secs" "$sw_pids" 0)")
    else
      ng_load+=("$(run nginx "$proxy_port" "$conns" "$wrk_threads" "$pair_secs" "$ng_pids" 0)")
    fi
  done
  read -r a _ _ _ _ acpu abusy <<< "${sw_load[-1]}"
  read -r b _ _ _ _ bcpu bbusy <<< "${ng_load[-1]}"
  # a pair counts only when both proxies used their whole CPU: otherwise wrk
  # or the upstream was the limit and the ratio says nothing of the proxies
  if python3 -c "import sys; sys.exit(0 if $abusy >= 0.95 and $bbusy >= 0.95 else 1)"; then
    round_ratios+=("$(python3 -c "print(f'{$a / $b:.3f}' if $b else '0')")")
  fi
  cpu_ratios+=("$(python3 -c "print(f'{$bcpu / $acpu:.3f}' if $acpu else '0')")")
  echo "  pair $r ($order first): stillwatch $a, nginx $b requests/s ($(python3 -c "print(f'{$a / $b:.2f}x' if $b else '-')")); CPU per request $acpu vs $bcpu us, busy $abusy vs $bbusy CPUs"
done
for ((r = 1; r <= rounds; r++)); do
  if ((r % 2)); then
    sw_one+=("$(run stillwatch "$sw_port" 1 1 "$duration" "$sw_pids")")
    ng_one+=("$(run nginx "$proxy_port" 1 1 "$duration" "$ng_pids")")
  else
    ng_one+=("$(run nginx "$proxy_port" 1 1 "$duration" "$ng_pids")")
    sw_one+=("$(run stillwatch "$sw_port" 1 1 "$duration" "$sw_pids")")
  fi
done
R[stillwatch-load]=$(median_by 1 "${sw_load[@]}")
R[nginx-load]=$(median_by 1 "${ng_load[@]}")
R[stillwatch-one]=$(median_by 2 "${sw_one[@]}")
R[nginx-one]=$(median_by 2 "${ng_one[@]}")

printf '  %-12s %12s %10s %10s %10s %6s   %12s %10s %10s\n' "" "load req/s" "p50 µs" "p99 µs" "CPU µs/req" "busy" "1-conn req/s" "p50 µs" "p99 µs"
status=0
for name in direct stillwatch nginx; do
  read -r lr l50 l99 _ _ lcpu lbusy <<< "${R[$name-load]}"
  read -r or o50 o99 _ _ <<< "${R[$name-one]}"
  printf '  %-12s %12s %10s %10s %10s %6s   %12s %10s %10s\n' "$name" "$lr" "$l50" "$l99" "$lcpu" "$lbusy" "$or" "$o50" "$o99"
done
for line in "${R[direct-load]}" "${R[direct-one]}" "${sw_load[@]}" "${sw_one[@]}" "${ng_load[@]}" "${ng_one[@]}"; do
  read -r _ _ _ bad err _ <<< "$line"
  if [ "$bad" != 0 ] || [ "$err" != clean ]; then
    echo "  INVALID run: $bad answers were not 2xx, socket errors: $err (see wrk output below)"
    grep -h -e 'statuses' -e 'Socket errors' -e 'Non-2xx' "$dir/wrk-"*.txt | sed 's/^/    /'
    status=1
    break
  fi
done
read -r sw_rps _ <<< "${R[stillwatch-load]}"
read -r ng_rps _ <<< "${R[nginx-load]}"
read -r _ d50 _ <<< "${R[direct-one]}"
read -r _ s50 _ <<< "${R[stillwatch-one]}"
read -r _ n50 _ <<< "${R[nginx-one]}"
CPU_RATIOS="${cpu_ratios[*]}" python3 - "$sw_rps" "$ng_rps" "$d50" "$s50" "$n50" "${round_ratios[@]}" << 'PY'
import os, statistics, sys
sw, ng, d50, s50, n50 = map(float, sys.argv[1:6])
rounds = sorted(float(x) for x in sys.argv[6:])
cpu = sorted(float(x) for x in os.environ["CPU_RATIOS"].split())
added = s50 - d50
# each pair's two runs are seconds apart, so their ratio is the least
# touched by the machine's drift; only pairs in which both proxies were
# saturated count; the ratio of the two medians is shown too
if len(rounds) >= 3:
    ratio = statistics.median(rounds)
    print(f"  stillwatch / nginx requests/s, median of the {len(rounds)} pairs with both proxies saturated: {ratio:.2f}x "
          f"(range {rounds[0]:.2f}-{rounds[-1]:.2f}x; ratio of all medians {sw / ng if ng else 0:.2f}x)   "
          f"(target >= 0.90x: {'met' if ratio >= 0.9 else 'NOT met'})")
else:
    print(f"  stillwatch / nginx requests/s: only {len(rounds)} pairs saturated both proxies (wrk or the upstream was "
          f"the limit): no figure (ratio of all medians {sw / ng if ng else 0:.2f}x)")
# requests per CPU-second of the proxy: what a saturated proxy CPU would
# serve, untouched by whether wrk or the upstream was the limit in a round
print(f"  requests per proxy CPU-second, stillwatch / nginx: median {statistics.median(cpu):.2f}x, range {cpu[0]:.2f}-{cpu[-1]:.2f}x")
print(f"  stillwatch added p50, one connection: {added:.0f} us over direct   (target <= 100 us: {'met' if added <= 100 else 'NOT met'}); nginx adds {n50 - d50:.0f} us")
PY
echo "  command: bench/gateway.sh $build   (PAIRS=$pairs SECONDS_EACH=$pair_secs DURATION=$duration ROUNDS=$rounds CONNS=$conns WRK_THREADS=$wrk_threads PROXY_CPUS=$PROXY_CPUS LOAD_CPUS=$LOAD_CPUS)"
exit $status
