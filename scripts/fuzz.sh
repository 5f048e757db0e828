#!/usr/bin/env bash
# Builds the libFuzzer targets with AddressSanitizer and runs each for a while.
#   scripts/fuzz.sh [SECONDS] [TARGET…]   (default 60 s each; targets: sql alembic settings)
#   FUZZ_RUNS=N scripts/fuzz.sh 0 sql     runs N executions instead of a time limit
# Targets: the SQL engine (Fuzz/SQLEngineFuzz.swift), the Python/Alembic scanner
# (Fuzz/AlembicFuzz.swift), and the configuration and theme readers (Fuzz/SettingsFuzz.swift).
# Seeds come from the test fixtures, examples and themes; crashes are left in .fuzz/crashes/ and
# become regression tests. The last lines of each run (executions, speed) are printed.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(sql alembic settings)
work=.fuzz
# A crash should end the run at once, not wait for the Swift runtime to symbolicate it.
export SWIFT_BACKTRACE=enable=no
# AddressSanitizer still finds every bad access; it just does not record where each block was
# allocated, which gave 1.2-1.8x the executions per second of these allocation-heavy targets. To see
# an allocation's stack in a crash report, replay the input with ASAN_OPTIONS= set empty.
export ASAN_OPTIONS=${ASAN_OPTIONS-malloc_context_size=0}
mkdir -p "$work/crashes"
core=$(find Sources/ConcurCore -name '*.swift')
ui=$(find Sources/ConcurUI -name '*.swift')
# MappedFile needs the SIGBUS handler of the C target CConcurSignals; nothing the fuzzers run maps a file.
system=$(find Sources/ConcurSystem -name '*.swift' ! -name MappedFile.swift)
flags=(-O -sanitize=fuzzer,address -parse-as-library)

seed() {  # seed DIR PATTERN…
  local dir=$1
  shift
  mkdir -p "$dir"
  for pattern in "$@"; do
    find Tests/Fixtures Examples Fuzz/seeds themes -name "$pattern" -exec cp {} "$dir/" \; 2>/dev/null || true
  done
}

build() {  # build TARGET
  case "$1" in
    sql) swiftc "${flags[@]}" -module-name ConcurFuzz $core Fuzz/FuzzInvariants.swift Fuzz/SQLEngineFuzz.swift -o "$work/sql-fuzzer" ;;
    alembic) swiftc "${flags[@]}" -module-name ConcurFuzz $core Fuzz/FuzzInvariants.swift Fuzz/AlembicFuzz.swift -o "$work/alembic-fuzzer" ;;
    settings)
      # ConcurUI imports ConcurCore and ConcurSystem: build them as modules of their own first.
      mkdir -p "$work/modules"
      swiftc "${flags[@]}" -module-name ConcurCore -emit-module -emit-module-path "$work/modules/ConcurCore.swiftmodule" \
        -emit-library -static $core -o "$work/modules/libConcurCore.a"
      swiftc "${flags[@]}" -module-name ConcurSystem -emit-module \
        -emit-module-path "$work/modules/ConcurSystem.swiftmodule" -emit-library -static $system \
        -o "$work/modules/libConcurSystem.a"
      swiftc "${flags[@]}" -module-name ConcurUI -I "$work/modules" $ui Fuzz/SettingsFuzz.swift \
        "$work/modules/libConcurCore.a" "$work/modules/libConcurSystem.a" -o "$work/settings-fuzzer"
      ;;
    *) echo "unknown fuzz target $1 (sql, alembic, settings)" >&2; exit 64 ;;
  esac
}

for target in "${targets[@]}"; do
  corpus="$work/corpus-$target"
  case "$target" in
    sql) seed "$corpus" '*.sql' ;;
    alembic) seed "$corpus" '*.py' ;;
    settings) seed "$corpus" '*.toml' ;;
  esac
  # A target already built from the current sources is not built again.
  binary="$work/$target-fuzzer"
  if [ ! -x "$binary" ] || [ -n "$(find Sources Fuzz/*.swift -newer "$binary" -name '*.swift' | head -n 1)" ]; then
    build "$target"
  fi
  limit=(-max_total_time="$seconds")
  [ -n "${FUZZ_RUNS:-}" ] && limit=(-runs="$FUZZ_RUNS")
  echo "== fuzzing $target"
  "$work/$target-fuzzer" "$corpus" "${limit[@]}" -max_len=4096 \
    -artifact_prefix="$work/crashes/$target-" -print_final_stats=1 2>&1 | tail -n 6
done
