#!/usr/bin/env bash
# The detector on traffic written independently of its own simulator
# (tests/heldout/gen.py: other phrasings, parameters, models and networks):
# the same quality bounds as on the simulator's own traffic, on a full-size
# week (smaller samples make single accounts decide a population's rate).
. "$(dirname "$0")/common.bash"
python3 tests/heldout/gen.py --out "$WORK" --seed 1 --scale 1 --days 7 2> /dev/null
python3 tests/heldout/gen.py --check "$WORK" > /dev/null || fail "held-out set does not follow the spec"
"$BIN" scan --quiet --events "$WORK/events.jsonl" --accounts "$WORK/accounts.jsonl" --out "$WORK/verdicts.jsonl"
"$BIN" eval --labels "$WORK/labels.json" --verdicts "$WORK/verdicts.jsonl" --events "$WORK/events.jsonl" \
  --min-recall 0.95 --min-campaign-recall 0.90 --max-fpr 0.01 --max-population-fpr 0.05 --max-median-hours 6 \
  || fail "held-out quality figures not met"
echo "heldout: ok"
