#!/usr/bin/env bash
# Builds the libFuzzer targets with AddressSanitizer and runs each for a while.
#   scripts/fuzz.sh [SECONDS]     (default 60; CI runs a short pass)
# Seeds come from the test fixtures and examples; crashes are left in .fuzz/crashes/ and become
# regression tests.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
work=.fuzz
mkdir -p "$work/corpus-sql" "$work/crashes"
find Tests/Fixtures Examples Fuzz/seeds -name '*.sql' -exec cp {} "$work/corpus-sql/" \; 2>/dev/null || true
sources=$(find Sources/ConcurCore -name '*.swift')
swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name ConcurFuzz \
  $sources Fuzz/SQLEngineFuzz.swift -o "$work/sql-engine-fuzzer"
"$work/sql-engine-fuzzer" "$work/corpus-sql" -max_total_time="$seconds" -max_len=4096 \
  -artifact_prefix="$work/crashes/" -print_final_stats=1 2>&1 | tail -n 15
