#!/usr/bin/env bash
# The traffic log the gateway writes (DIR/traffic.jsonl, spec/traffic-log.md):
# after a run of known exchanges on every endpoint, plain and streamed, and
# one refused by policy, it has exactly one valid line per exchange, each
# matching what the client sent and received, no key secret, and
# `stillwatch scan` reads it without a single complaint.
. "$(dirname "$0")/common.bash"
. "$(dirname "$0")/../upstream/harness.bash"
start_upstream --delay-ms 10 --tokens 10
write_config "$WORK/gw.yaml"
start_gateway --config "$WORK/gw.yaml"
account logger email free
export SW_KEY SW_ACCOUNT=logger SW_MODEL=sw-small SW_MODEL_DENIED=sw-reasoner SW_DELAY_MS=10 SW_TOKENS=10
SW_KEY=$(new_key logger)
run_node gw_traffic.mjs run "$WORK/record.json"
stop_gateway
run_node gw_traffic.mjs verify "$WORK/record.json" "$STATE/traffic.jsonl"
"$BIN" scan --events "$STATE/traffic.jsonl" --out "$WORK/verdicts.jsonl" > "$WORK/scan.out" 2> "$WORK/scan.err" \
  || fail "stillwatch scan failed on the gateway's log: $(cat "$WORK/scan.err")"
[ ! -s "$WORK/scan.err" ] || fail "stillwatch scan complained about the gateway's log: $(head -n 5 "$WORK/scan.err")"
grep -Eq 'malformed|out of time order' "$WORK/scan.out" && fail "stillwatch scan: $(head -n 1 "$WORK/scan.out")"
n=$(wc -l < "$STATE/traffic.jsonl")
grep -q "^stillwatch scan: $n events from 1 accounts" "$WORK/scan.out" || fail "scan did not read all $n events: $(head -n 1 "$WORK/scan.out")"
[ "$(wc -l < "$WORK/verdicts.jsonl")" -eq 1 ] || fail "one verdict expected (account logger): $(cat "$WORK/verdicts.jsonl")"
grep -q '"account":"logger"' "$WORK/verdicts.jsonl" || fail "the verdict is not for account logger"
sw_done gateway_traffic_log
