# Shared helpers of the end-to-end tests: each test gets the binary and a
# scratch directory, and fails with a message naming what did not hold.
set -euo pipefail
BIN=$1
WORK=$2
rm -rf "$WORK"
mkdir -p "$WORK"
fail() { echo "FAIL: $*" >&2; exit 1; }
