#!/usr/bin/env bash
# Fuzzes one target of fuzz/CalfMonitor.Fuzz with AFL++ and SharpFuzz (docs/robustness.md).
#   fuzz/run.sh TARGET SECONDS     e.g. fuzz/run.sh native 600
#   fuzz/run.sh list               the targets
# Installs afl++ (apt) and the SharpFuzz instrumenter (a local dotnet tool) when missing, builds
# the targets in Release, instruments CalfMonitor.Core.dll and calfmon.dll, writes seed inputs
# and runs afl-fuzz for SECONDS. Results: fuzz/.work/TARGET/findings (crashes/, hangs/,
# fuzzer_stats). Prints execs_done and the number of crashes; exits 1 when there are crashes.
# Not part of CI (too slow); crashing inputs go into tests/corpus/fuzz/TARGET/ (FuzzRegressionTests).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
targets="native hugadb ipol ipol-json gaitmap gaitmap-strides convert record config-json sidecar ble-decode insole-pressure ble-live ble-alert ble-config ble-control ble-history ble-time config-image"
if [ "${1:-}" = list ]; then echo "$targets"; exit 0; fi
[ $# -eq 2 ] || { echo "usage: fuzz/run.sh TARGET SECONDS | list" >&2; exit 2; }
target=$1; seconds=$2
case " $targets " in *" $target "*) ;; *) echo "unknown target '$target' (one of: $targets)" >&2; exit 2;; esac

if ! command -v afl-fuzz >/dev/null; then
  echo "fuzz: installing afl++"
  apt-get update -qq && apt-get install -y -qq afl++ >/dev/null
fi
tools=$root/fuzz/.tools
if [ ! -x "$tools/sharpfuzz" ]; then
  echo "fuzz: installing SharpFuzz.CommandLine 2.3.0"
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$tools" >/dev/null
fi

work=$root/fuzz/.work
bin=$work/bin
# One instrumented build shared by all targets; rebuilt when the sources are newer
# (FUZZ_KEEP_BUILD=1 keeps it, e.g. while a series of targets runs).
stamp=$bin/.instrumented
if [ ! -f "$stamp" ] || { [ -z "${FUZZ_KEEP_BUILD:-}" ] && [ -n "$(find firmware simulator fuzz/CalfMonitor.Fuzz -name '*.cs' -newer "$stamp" -print -quit)" ]; }; then
  echo "fuzz: building and instrumenting"
  rm -rf "$bin" "$work/plain"
  dotnet publish fuzz/CalfMonitor.Fuzz -c Release -o "$work/plain" --nologo -v quiet >/dev/null
  cp -r "$work/plain" "$bin"
  "$tools/sharpfuzz" "$bin/CalfMonitor.Core.dll"
  "$tools/sharpfuzz" "$bin/calfmon.dll"
  touch "$stamp"
fi

dir=$work/$target
rm -rf "$dir/seeds"
# Seeds come from the plain build: instrumented code runs only under afl-fuzz.
dotnet "$work/plain/calfmon-fuzz.dll" seeds "$target" "$dir/seeds"
rm -rf "$dir/findings"

export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
       AFL_NO_AFFINITY=1 AFL_FORKSRV_INIT_TMOUT=60000 AFL_TRY_AFFINITY=0
echo "fuzz: $target for $seconds s"
# -t: a single input may take up to 5 s (the readers replay what they read through the core).
afl-fuzz -i "$dir/seeds" -o "$dir/findings" -V "$seconds" -t 5000 -m none \
  -- dotnet "$bin/calfmon-fuzz.dll" "$target" > "$dir/afl.log" 2>&1 || true

# afl-fuzz ends its target with SIGKILL, which skips the target's removal of its folder in
# tmpfs (FuzzTargets.Dir, /dev/shm/calfmon-fuzz-PID): remove the folders whose process is gone.
for d in /dev/shm/calfmon-fuzz-*; do
  [ -d "$d" ] && [ ! -e "/proc/${d##*-}" ] && rm -rf "$d"
done

stats=$dir/findings/default/fuzzer_stats
[ -f "$stats" ] || { echo "fuzz: afl-fuzz did not start; see $dir/afl.log" >&2; tail -20 "$dir/afl.log" >&2; exit 2; }
execs=$(awk -F: '/^execs_done/ {gsub(/ /,"",$2); print $2}' "$stats")
crashes=$(find "$dir/findings/default/crashes" -type f -name 'id:*' | wc -l)
hangs=$(find "$dir/findings/default/hangs" -type f -name 'id:*' | wc -l)
speed=$(awk -F: '/^execs_per_sec/ {gsub(/ /,"",$2); print $2}' "$stats")
echo "fuzz: target=$target seconds=$seconds execs_done=$execs execs_per_sec=$speed crashes=$crashes hangs=$hangs"
echo "$target $seconds $execs $crashes $hangs" >> "$work/summary.txt"
if [ "$crashes" -gt 0 ]; then
  echo "fuzz: crashing inputs in $dir/findings/default/crashes; replay with:"
  echo "  dotnet $work/plain/calfmon-fuzz.dll $target $dir/findings/default/crashes/id:*"
  exit 1
fi
