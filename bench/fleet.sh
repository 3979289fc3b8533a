#!/usr/bin/env bash
# bench/fleet — what sharing state through Redis costs, on loopback, in one
# run: requests/s of two gateways on one Redis (wrk on each at once, summed)
# beside one gateway on its embedded SQLite state, and the latency a single
# request sees through each (one connection), whose difference is the added
# cost of the Redis round trips (credentials, admission, end of exchange).
# The upstream is nginx answering a fixed chat completion (bench/nginx).
#
#   bench/fleet.sh [BUILD_DIR]     DURATION=10 CONNS=32 THREADS=1
set -euo pipefail
build=${1:-build}
bin=$build/stillwatch
here=$(cd "$(dirname "$0")" && pwd)
duration=${DURATION:-10}
conns=${CONNS:-32}
threads=${THREADS:-1}
[ -x "$bin" ] || { echo "bench/fleet: $bin not built" >&2; exit 1; }
for t in wrk nginx curl redis-server redis-cli python3; do
  command -v "$t" > /dev/null || { echo "bench/fleet: $t is not installed (scripts/setup.sh)" >&2; exit 1; }
done
BENCH_NAME=fleet
. "$here/lib.bash"
mkdir -p "$dir/tmp" "$dir/sqlite" "$dir/gw1" "$dir/gw2" "$dir/redis" "$dir/secrets"
chmod 700 "$dir/sqlite" "$dir/gw1" "$dir/gw2" "$dir/secrets"
up_port=$(port) r_port=$(port) sq_port=$(port) g1_port=$(port) g2_port=$(port)
sed -e "s#@PREFIX@#$dir#g" -e "s#@PORT@#$up_port#g" -e "s#@UPSTREAM_PORT@#$up_port#g" -e "s#@WORKERS@#1#g" \
  "$here/nginx/upstream.conf" > "$dir/upstream.conf"
nginx -p "$dir" -c "$dir/upstream.conf" -g 'daemon off;' 2> "$dir/upstream.log" &
pids+=($!)
wait_http "http://127.0.0.1:$up_port/" "${pids[-1]}" "upstream nginx"
redis-server --port "$r_port" --bind 127.0.0.1 --dir "$dir/redis" --appendonly yes --save '' \
  --logfile "$dir/redis.log" &
pids+=($!)
for i in $(seq 100); do [ "$(redis-cli -p "$r_port" ping 2> /dev/null)" = PONG ] && break; sleep 0.05; done
url=redis://127.0.0.1:$r_port

gateway_config "$dir/gw.yaml" "$threads"
KEY_SQ=$(bench_account "$dir/sqlite")
KEY_R=$(bench_account "$url" --secrets "$dir/secrets")
cp -p "$dir/secrets/pepper" "$dir/gw1/pepper"
cp -p "$dir/secrets/pepper" "$dir/gw2/pepper"

"$bin" serve --listen "127.0.0.1:$sq_port" --upstream "http://127.0.0.1:$up_port" --state "$dir/sqlite" \
  --config "$dir/gw.yaml" > "$dir/sqlite.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$sq_port/healthz" "${pids[-1]}" "gateway (sqlite)"
for n in 1 2; do
  p=$([ $n = 1 ] && echo "$g1_port" || echo "$g2_port")
  "$bin" serve --listen "127.0.0.1:$p" --upstream "http://127.0.0.1:$up_port" --state "$url" --state-dir "$dir/gw$n" \
    --config "$dir/gw.yaml" > "$dir/gw$n.log" 2>&1 &
  pids+=($!)
  wait_http "http://127.0.0.1:$p/healthz" "${pids[-1]}" "gateway $n (redis)"
done

for pk in "$sq_port:$KEY_SQ" "$g1_port:$KEY_R" "$g2_port:$KEY_R"; do
  code=$(curl -s -o "$dir/probe.json" -w '%{http_code}' "http://127.0.0.1:${pk%%:*}/v1/chat/completions" \
    -H "authorization: Bearer ${pk#*:}" -H 'content-type: application/json' \
    -d '{"model":"sw-small","max_tokens":16,"messages":[{"role":"user","content":"What is the capital of France?"}]}')
  [ "$code" = 200 ] || { echo "bench/fleet: probe of port ${pk%%:*} answered $code: $(cat "$dir/probe.json")" >&2; exit 1; }
done

# wrk_to NAME PORT KEY CONNS SECONDS (background-able)
wrk_to() {
  SW_KEY=$3 wrk -t 1 -c "$4" -d "${5}s" --latency -s "$here/nginx/chat.lua" "http://127.0.0.1:$2" > "$dir/wrk-$1.txt" 2>&1
}
SW_KEY=$KEY_SQ wrk -t 1 -c "$conns" -d 2s -s "$here/nginx/chat.lua" "http://127.0.0.1:$sq_port" > /dev/null 2>&1
SW_KEY=$KEY_R wrk -t 1 -c "$conns" -d 2s -s "$here/nginx/chat.lua" "http://127.0.0.1:$g1_port" > /dev/null 2>&1

wrk_to sqlite-load "$sq_port" "$KEY_SQ" "$conns" "$duration"
wrk_to fleet1-load "$g1_port" "$KEY_R" $((conns / 2)) "$duration" &
w1=$!
wrk_to fleet2-load "$g2_port" "$KEY_R" $((conns / 2)) "$duration"
wait "$w1"
wrk_to sqlite-one "$sq_port" "$KEY_SQ" 1 "$duration"
wrk_to redis-one "$g1_port" "$KEY_R" 1 "$duration"

read -r sq_rps sq50 sq99 sqbad _ <<< "$(wrk_numbers "$dir/wrk-sqlite-load.txt")"
read -r f1_rps f150 f199 f1bad _ <<< "$(wrk_numbers "$dir/wrk-fleet1-load.txt")"
read -r f2_rps f250 f299 f2bad _ <<< "$(wrk_numbers "$dir/wrk-fleet2-load.txt")"
read -r so_rps so50 so99 sobad _ <<< "$(wrk_numbers "$dir/wrk-sqlite-one.txt")"
read -r ro_rps ro50 ro99 robad _ <<< "$(wrk_numbers "$dir/wrk-redis-one.txt")"
echo "bench/fleet: $(nproc) CPUs ($(lscpu 2> /dev/null | sed -n 's/^Model name: *//p' | head -n 1)); everything on loopback, unpinned"
echo "  gateways: --threads $threads each; load: wrk -t 1 -c $conns (sqlite) vs -c $((conns / 2)) on each of two (redis), ${duration}s; latency: one connection, ${duration}s"
printf '  %-34s %10s %9s %9s\n' "" "req/s" "p50 µs" "p99 µs"
printf '  %-34s %10s %9s %9s\n' "one gateway, SQLite (load)" "$sq_rps" "$sq50" "$sq99"
printf '  %-34s %10s %9s %9s\n' "two gateways, one Redis (load, sum)" "$((f1_rps + f2_rps))" "$f150/$f250" "$f199/$f299"
printf '  %-34s %10s %9s %9s\n' "one gateway, SQLite (1 conn)" "$so_rps" "$so50" "$so99"
printf '  %-34s %10s %9s %9s\n' "one gateway, Redis (1 conn)" "$ro_rps" "$ro50" "$ro99"
echo "  added p50 latency of the Redis round trips: $((ro50 - so50)) µs"
echo "  redis: $(redis-cli -p "$r_port" info memory | sed -n 's/^used_memory_human://p' | tr -d '\r') used; stream length $(redis-cli -p "$r_port" xlen sw:events)"
echo "  per active account: $(redis-cli -p "$r_port" --scan --pattern 'sw:{bench}:*' | while read -r k; do redis-cli -p "$r_port" memory usage "$k"; done | awk '{s += $1} END {print s}') bytes in sw:{bench}:* keys"
[ "$sqbad$f1bad$f2bad$sobad$robad" = 00000 ] || { echo "  INVALID run: non-2xx answers"; exit 1; }
