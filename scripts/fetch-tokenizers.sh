#!/usr/bin/env bash
# Writes the tiktoken rank files (cl100k_base, o200k_base) into data/tiktoken/
# from the js-tiktoken package of tests/node, with their patterns and special
# tokens beside them (NAME.json). The files are not committed: they are
# generated here, checked against the SHA-256 that tiktoken publishes for
# the official files, and left alone on later runs (idempotent, no network
# once tests/node/node_modules is installed).
# Usage: scripts/fetch-tokenizers.sh [DIR]   (default: data/tiktoken; SW_TIKTOKEN_DIR also works)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
dir=${1:-${SW_TIKTOKEN_DIR:-$root/data/tiktoken}}

# The SHA-256 of the official rank files, as tiktoken's loader checks them.
declare -A sha=(
  [cl100k_base]=223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7
  [o200k_base]=446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d
)

need=()
for name in cl100k_base o200k_base; do
  [ -s "$dir/$name.tiktoken" ] && [ -s "$dir/$name.json" ] || need+=("$name")
done
[ ${#need[@]} -eq 0 ] && exit 0

if [ ! -d "$root/tests/node/node_modules/js-tiktoken" ]; then
  echo "fetch-tokenizers: js-tiktoken is missing; run 'npm ci' in tests/node (scripts/setup.sh does)" >&2
  exit 1
fi
echo "fetch-tokenizers: writing ${need[*]} into $dir" >&2
mkdir -p "$dir"
(cd "$root/tests/node" && node tiktoken_ranks.mjs "$dir" "${need[@]}")
for name in "${need[@]}"; do
  got=$(sha256sum "$dir/$name.tiktoken" | cut -d' ' -f1)
  if [ "$got" != "${sha[$name]}" ]; then
    echo "fetch-tokenizers: $dir/$name.tiktoken has SHA-256 $got, expected ${sha[$name]}" >&2
    rm -f "$dir/$name.tiktoken" "$dir/$name.json"
    exit 1
  fi
done
