#!/usr/bin/env bash
# The main job on the embedded default: simulate a week of labelled traffic,
# scan it with the detector, print the analyst's summary and the evaluation.
set -euo pipefail
bin=${1:-build/stillwatch}
out=${DEMO_DIR:-out/demo}
mkdir -p "$out"
echo "== simulating a week of traffic into $out"
"$bin" simulate --out "$out" --seed 7 --days 7
echo
echo "== scanning"
"$bin" scan --events "$out/events.jsonl" --accounts "$out/accounts.jsonl" --out "$out/verdicts.jsonl"
echo
echo "== evaluation against the simulator's labels"
"$bin" eval --labels "$out/labels.json" --verdicts "$out/verdicts.jsonl" --events "$out/events.jsonl"
