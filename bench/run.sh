#!/usr/bin/env bash
# Runs every benchmark under bench/ against the build in $1 (default build/):
# each prints its figures beside its peer or floor, measured in the same run.
set -euo pipefail
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
"$here/scan.sh" "$build"
"$here/gateway.sh" "$build"
"$here/wm.sh" "$build"
