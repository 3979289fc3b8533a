#!/usr/bin/env bash
# Several detect workers on one consumer group, with a real redis-server:
# 1. two workers started at once: one leads, the other stands by, and every
#    event is consumed exactly once, by the leader;
# 2. the leader killed (SIGKILL) mid-stream, with a batch it read and never
#    acknowledged: the standby takes over within the lease and a margin,
#    rebuilds the engine from the stream, claims that batch, and judges the
#    events sent after the kill — every event in its engine exactly once,
#    nothing left pending;
# 3. the leader stopped (SIGTERM) hands the lease over at once.
# Events are traffic-log lines from `stillwatch simulate`, added to the
# stream as gateways add them (tests/tools/stream_feed.py). The lease is
# short (SW_TEST_LEASE_MS, 2 s by default) and every wait is generous, for
# sanitizer builds on a loaded two-core machine.
. "$(dirname "$0")/common.bash"
. "$(dirname "$0")/../upstream/harness.bash"
. "$(dirname "$0")/../upstream/fleet.bash"
LEASE=${SW_TEST_LEASE_MS:-2000}
FEED=$ROOT/tests/tools/stream_feed.py
GROUP=stillwatch-detect
start_redis
"$BIN" simulate --out "$WORK/sim" --scale 0.05 --days 1 > "$WORK/simulate.out" 2>&1 \
  || fail "simulate: $(cat "$WORK/simulate.out")"
LINES=$WORK/sim/events.jsonl
[ "$(wc -l < "$LINES")" -ge 4000 ] || fail "simulate wrote fewer than 4000 events"

# start_w NAME: a worker named NAME (pid in WPID_NAME, log in $WORK/NAME.log)
start_w() {
  "$BIN" detect --state "$REDIS_URL" --consumer "$1" --lease-ms "$LEASE" > "$WORK/$1.log" 2>&1 &
  printf -v "WPID_$1" '%s' "$!"
  SW_PIDS+=("$!")
}
# feed FIRST COUNT [stream_feed options]: lines FIRST.. of the simulated log
feed() {
  local first=$1 count=$2
  shift 2
  python3 "$FEED" "$RPORT" "$LINES" --from "$first" --count "$count" "$@" > /dev/null || fail "stream_feed failed"
}
# wstat NAME FIELD: a field of worker NAME's status (detect --status)
wstat() {
  "$BIN" detect --state "$REDIS_URL" --status 2> /dev/null \
    | python3 -c 'import json, sys
d = json.load(sys.stdin)
w = [x for x in d["workers"] if x["consumer"] == sys.argv[1]]
print(w[0][sys.argv[2]] if w else "")' "$1" "$2"
}
# ginfo FIELD: a field of the group (XINFO GROUPS)
ginfo() { rcli xinfo groups sw:events | awk -v f="$1" 'prev == f {print; exit} {prev = $0}'; }
# settled N WHO: waits (60 s at most) until the group has delivered N
# entries and acknowledged all of them, and worker WHO's status says so
settled() {
  local i
  for i in $(seq 600); do
    if [ "$(ginfo entries-read)" = "$1" ] && [ "$(ginfo pending)" = 0 ] && [ "$(ginfo lag)" = 0 ] \
      && [ "$(wstat "$2" role)" = leader ] && [ "$(wstat "$2" events)" = "$3" ]; then
      return 0
    fi
    sleep 0.1
  done
  fail "not settled at $1 entries within 60 s: group read $(ginfo entries-read), pending $(ginfo pending), lag $(ginfo lag); $2: $("$BIN" detect --state "$REDIS_URL" --status); logs: $(tail -n 5 "$WORK"/w*.log)"
}
no_sanitizer_report() {
  ! grep -l 'Sanitizer' "$WORK"/w*.log > /dev/null 2>&1 || fail "sanitizer report: $(grep -A 20 Sanitizer "$WORK"/w*.log | head -n 40)"
}

# 1. two workers at once: exactly one consumes
start_w w1
start_w w2
leader=
for i in $(seq 300); do
  holder=$("$BIN" detect --state "$REDIS_URL" --status 2> /dev/null \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["leader"].split("/")[0])' || true)
  [ -n "$holder" ] && [ "$(wstat "$holder" role)" = leader ] && { leader=$holder; break; }
  sleep 0.1
done
[ -n "$leader" ] || fail "no worker became the leader within 30 s: $(cat "$WORK"/w*.log)"
standby=$([ "$leader" = w1 ] && echo w2 || echo w1)
feed 0 1500
settled 1500 "$leader" 1500
for i in $(seq 50); do [ "$(wstat "$leader" acked)" = 1500 ] && break; sleep 0.1; done
[ "$(wstat "$leader" consumed)" = 1500 ] && [ "$(wstat "$leader" acked)" = 1500 ] \
  || fail "leader $leader consumed $(wstat "$leader" consumed), acknowledged $(wstat "$leader" acked) of 1500"
[ "$(wstat "$standby" role)" = standby ] && [ "$(wstat "$standby" consumed)" = 0 ] && [ "$(wstat "$standby" events)" = 0 ] \
  || fail "standby $standby: role $(wstat "$standby" role), consumed $(wstat "$standby" consumed)"
consumers=$(rcli xinfo consumers sw:events "$GROUP" | awk 'prev == "name" {print} {prev = $0}')
[ "$consumers" = "$leader" ] || fail "consumers of the group: '$consumers', expected only $leader"
grep -q "$standby stands by: $GROUP is led by $leader/" "$WORK/$standby.log" || fail "standby did not log the leader"
echo "two workers: $leader consumed all 1500 events once, $standby stood by and read nothing"

# 2. the leader dies with a batch read and never acknowledged
feed 1500 5 --deliver "$GROUP" "$leader"
[ "$(rcli xpending sw:events "$GROUP" | head -n 1)" = 5 ] || fail "the leader's unacknowledged batch is not pending"
feed 1505 500
pid_var=WPID_$leader
kill -KILL "${!pid_var}"
t_kill=$(date +%s%N)
feed 2005 1000
feed 3005 20 --account late-account # an account first seen after the kill
for i in $(seq 300); do [ "$(wstat "$standby" role)" = leader ] && break; sleep 0.05; done
took=$((($(date +%s%N) - t_kill) / 1000000))
[ "$(wstat "$standby" role)" = leader ] || fail "$standby did not take over within 15 s: $(cat "$WORK/$standby.log")"
[ "$took" -le $((LEASE + LEASE / 3 + 3000)) ] || fail "$standby took over after $took ms (lease $LEASE ms)"
settled 3025 "$standby" 3025
claimed=$(wstat "$standby" claimed) replayed=$(wstat "$standby" replayed) consumed=$(wstat "$standby" consumed)
[ "$claimed" -ge 5 ] || fail "$standby claimed $claimed pending entries, expected at least the 5 left"
[ $((replayed + consumed)) -eq 3025 ] || fail "$standby replayed $replayed and consumed $consumed: not 3025"
[ "$(wstat "$standby" takeovers)" = 1 ] || fail "$standby did not count its takeover"
grep -q "$standby took over $GROUP after $leader/.*claimed $claimed pending" "$WORK/$standby.log" \
  || fail "takeover not logged: $(cat "$WORK/$standby.log")"
[ "$(rcli xpending sw:events "$GROUP" | head -n 1)" = 0 ] || fail "entries still pending after the takeover"
for i in $(seq 100); do [ -n "$(rcli hget sw:verdicts late-account)" ] && break; sleep 0.1; done
[ -n "$(rcli hget sw:verdicts late-account)" ] || fail "no verdict for the account seen only after the kill"
[ "$(rcli hget 'sw:{late-account}:verdict' events)" = 20 ] \
  || fail "late-account's verdict counts $(rcli hget 'sw:{late-account}:verdict' events) events, not 20"
echo "SIGKILL: $standby took over in $took ms; replayed $replayed, claimed $claimed, consumed $consumed;" \
  "all 3025 events in its engine once, none pending; verdicts written after the kill"

# 3. a clean stop hands the lease over at once
start_w w3
for i in $(seq 100); do [ "$(wstat w3 role)" = standby ] && break; sleep 0.1; done
[ "$(wstat w3 role)" = standby ] || fail "w3 did not stand by"
pid_var=WPID_$standby
t_stop=$(date +%s%N)
kill -TERM "${!pid_var}"
wait "${!pid_var}" || fail "$standby exited with an error on SIGTERM: $(tail -n 5 "$WORK/$standby.log")"
for i in $(seq 300); do [ "$(wstat w3 role)" = leader ] && break; sleep 0.05; done
took=$((($(date +%s%N) - t_stop) / 1000000))
[ "$(wstat w3 role)" = leader ] || fail "w3 did not take over after SIGTERM"
grep -q "$standby released the lease" "$WORK/$standby.log" || fail "$standby did not release the lease"
[ "$(wstat "$standby" role)" = stopped ] || fail "$standby's status is not 'stopped'"
feed 3025 100
settled 3125 w3 3125
[ "$(wstat w3 consumed)" = 100 ] || fail "w3 consumed $(wstat w3 consumed) of the 100 new events"
kill -TERM "$WPID_w3"
wait "$WPID_w3" || fail "w3 exited with an error on SIGTERM"
no_sanitizer_report
echo "SIGTERM: w3 took over in $took ms (lease $LEASE ms) and consumed the next 100 events"
sw_done fleet_detect
