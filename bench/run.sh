#!/usr/bin/env bash
# Runs every benchmark under bench/ against the build in $1 (default build/).
set -euo pipefail
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
"$here/scan.sh" "$build"
