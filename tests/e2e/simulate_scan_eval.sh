#!/usr/bin/env bash
# simulate → scan → eval on a small fixed-seed week: the quality figures the
# detector promises must hold (recall, per-campaign recall, false positives
# overall and per population, median time to flag), and the verdicts file
# must follow the spec.
. "$(dirname "$0")/common.bash"
"$BIN" simulate --out "$WORK" --seed 42 --scale 0.3 --days 7 > "$WORK/simulate.txt"
"$BIN" scan --events "$WORK/events.jsonl" --accounts "$WORK/accounts.jsonl" --out "$WORK/verdicts.jsonl" \
  > "$WORK/summary.txt"
grep -q "clusters of coordinated accounts" "$WORK/summary.txt" || fail "scan printed no cluster summary"
"$BIN" eval --labels "$WORK/labels.json" --verdicts "$WORK/verdicts.jsonl" --events "$WORK/events.jsonl" \
  --min-recall 0.95 --min-campaign-recall 0.90 --max-fpr 0.01 --max-population-fpr 0.05 --max-median-hours 6 \
  | tee "$WORK/eval.txt" || fail "quality figures not met (see above)"
python3 - "$WORK" <<'PY' || fail "verdicts file does not follow the spec"
import json, sys
d = sys.argv[1]
accounts = set()
for line in open(f"{d}/events.jsonl"):
    accounts.add(json.loads(line)["account"])
seen = set()
for n, line in enumerate(open(f"{d}/verdicts.jsonl"), 1):
    v = json.loads(line)
    assert set(v) >= {"account", "score", "verdict", "reasons", "cluster", "first_flagged_at", "events"}, n
    assert 0 <= v["score"] <= 1, n
    assert v["verdict"] in ("allow", "monitor", "throttle", "challenge", "block"), n
    flagged = v["verdict"] in ("throttle", "challenge", "block")
    assert not flagged or v["first_flagged_at"], f"line {n}: flagged without first_flagged_at"
    w = [r["weight"] for r in v["reasons"]]
    assert w == sorted(w, reverse=True), f"line {n}: reasons not strongest first"
    assert all(r["signal"] and r["detail"] for r in v["reasons"]), n
    seen.add(v["account"])
assert seen == accounts, "one verdict per account seen in the events"
PY
echo "simulate_scan_eval: ok"
