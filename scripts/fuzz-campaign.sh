#!/usr/bin/env bash
# A long fuzzing campaign: WORKERS libFuzzer processes of one target on one shared corpus (each
# picks up the others' new inputs as it goes), stopped once their executions add up to RUNS.
#   scripts/fuzz-campaign.sh TARGET RUNS [WORKERS]      e.g. scripts/fuzz-campaign.sh sql 10000000 2
# Builds the target as scripts/fuzz.sh does (and replays its seeds once), then prints each
# worker's count and the total every minute, and at the end the figures for docs/RELIABILITY.md.
# A crash stops the campaign: its input is in .fuzz/crashes/, the worker logs in .fuzz/logs/.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: scripts/fuzz-campaign.sh TARGET RUNS [WORKERS]}
runs=${2:?usage: scripts/fuzz-campaign.sh TARGET RUNS [WORKERS]}
workers=${3:-2}
mkdir -p .fuzz/logs
if ! FUZZ_RUNS=1 scripts/fuzz.sh 0 "$target" >".fuzz/logs/build-$target.log" 2>&1; then
  grep -v 'ld.gold' ".fuzz/logs/build-$target.log" | tail -n 20
  exit 1
fi
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS=${ASAN_OPTIONS-malloc_context_size=0}
pids=()
for worker in $(seq 1 "$workers"); do
  .fuzz/"$target"-fuzzer .fuzz/corpus-"$target" -runs="$runs" -max_len=4096 \
    -artifact_prefix=.fuzz/crashes/"$target"- -print_final_stats=1 >".fuzz/logs/$target-$worker.log" 2>&1 &
  pids+=($!)
done
trap 'kill -INT "${pids[@]}" 2>/dev/null || true' EXIT
started=$(date +%s)

count() {  # the executions a worker has reported so far
  local log=".fuzz/logs/$target-$1.log"
  local final
  final=$(grep -o 'number_of_executed_units: [0-9]*' "$log" | grep -o '[0-9]*$' || true)
  if [ -n "$final" ]; then echo "$final"; return; fi
  (grep -o '^#[0-9]*' "$log" || echo '#0') | tail -n 1 | tr -d '#'
}

running() {
  for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && return 0; done
  return 1
}

crashed=no
last_report=$started
while running; do
  sleep 5
  total=0
  for worker in $(seq 1 "$workers"); do total=$((total + $(count "$worker"))); done
  if grep -l 'ERROR: libFuzzer\|ERROR: AddressSanitizer\|Fatal error' .fuzz/logs/"$target"-*.log >/dev/null 2>&1; then
    crashed=yes
    break
  fi
  [ "$total" -ge "$runs" ] && break
  if [ $(($(date +%s) - last_report)) -ge 60 ]; then
    echo "$(date +%H:%M) $target: $total executions"
    last_report=$(date +%s)
  fi
done
kill -INT "${pids[@]}" 2>/dev/null || true
wait 2>/dev/null || true
trap - EXIT
seconds=$(($(date +%s) - started))
total=0
for worker in $(seq 1 "$workers"); do
  executions=$(count "$worker")
  total=$((total + executions))
  echo "worker $worker: $executions executions"
done
echo "$target: $total executions in $((seconds / 60)) min ($((total / (seconds > 0 ? seconds : 1)))/s), $workers workers, commit $(git rev-parse --short HEAD)"
if [ "$crashed" = yes ]; then
  grep -h -A3 'Fatal error\|ERROR: ' .fuzz/logs/"$target"-*.log | head -n 20
  ls .fuzz/crashes/
  exit 1
fi
