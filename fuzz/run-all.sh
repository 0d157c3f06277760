#!/usr/bin/env bash
# Runs every fuzz target one after another (2-core machines: one afl-fuzz at a time).
#   fuzz/run-all.sh [SECONDS_PER_TEXT_TARGET] [SECONDS_PER_BINARY_TARGET]
# Summary lines (target seconds execs crashes hangs) accumulate in fuzz/.work/summary.txt.
set -uo pipefail
cd "$(dirname "$0")/.."
text=${1:-300}; binary=${2:-60}
status=0
for t in ble-live ble-alert ble-config ble-control ble-history ble-time config-image; do
  FUZZ_KEEP_BUILD=1 fuzz/run.sh "$t" "$binary" || status=1
done
for t in hugadb ipol ipol-json gaitmap gaitmap-strides native convert record config-json sidecar ble-decode insole-pressure; do
  FUZZ_KEEP_BUILD=1 fuzz/run.sh "$t" "$text" || status=1
done
exit $status
