#!/usr/bin/env bash
# bench/wm — the watermark's cost on one core: detector tokens/s (scoring
# only; tokenisation reported on its own line), embedding microseconds per
# generated token at vocabularies of 32k, 128k and 200k beside a plain
# softmax sample of the same logits, and `stillwatch wm scan` end to end on a
# JSON Lines corpus (parsing and tokenising included).
#
#   bench/wm.sh [BUILD_DIR]      (QUICK=1 for a short run)
set -euo pipefail
build=${1:-build}
dir=${BENCH_DIR:-out/bench-wm}
mkdir -p "$dir"
echo "bench/wm: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), one core (taskset -c 0)"
taskset -c 0 "$build/bench/wm_bench" ${QUICK:+--quick}
# scan end to end: the test model's corpus, repeated to ~50 MB
key=$("$build/stillwatch" wm keygen)
if [ -x "$build/tests/wm_lm" ]; then
  "$build/tests/wm_lm" "$dir" "$key" > /dev/null
  reps=$([ -n "${QUICK:-}" ] && echo 20 || echo 500)
  for _ in $(seq "$reps"); do cat "$dir/corpus.jsonl" "$dir/clean_corpus.jsonl"; done > "$dir/big.jsonl"
  bytes=$(stat -c %s "$dir/big.jsonl")
  cat "$dir/big.jsonl" > /dev/null
  start=$(date +%s.%N)
  taskset -c 0 "$build/stillwatch" wm scan --key "$key" --scheme kgw --tokenizer "words:$dir/vocab.txt" \
    --summary "$dir/big.jsonl" > "$dir/scan.json"
  end=$(date +%s.%N)
  tokens=$(python3 -c "import json; print(json.load(open('$dir/scan.json'))['pooled']['tokens'])")
  awk -v b="$bytes" -v t="$tokens" -v s="$start" -v e="$end" 'BEGIN{d=e-s;
    printf "scan end to end (stillwatch wm scan --summary, words tokenizer): %.1f MB in %.2f s: %.0f MB/s, %.0f tokens/s\n", b/1e6, d, b/1e6/d, t/d}'
fi
echo "  command: bench/wm.sh $build   (targets: detector >= 50,000,000 tokens/s; embedding a few tens of us at 200k)"
