#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs what the tests need (PostgreSQL 15, tmux and
# the ncurses headers from Debian's packages; pglast, jsonschema, Alembic, SQLAlchemy and psycopg from PyPI), starts a throwaway PostgreSQL cluster, and runs
# `swift test` with the PostgreSQL, pglast and tmux tests required (they fail, never skip, when their
# tools are missing).
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
[ -x /usr/lib/postgresql/15/bin/initdb ] || need_apt+=(postgresql-15)
command -v psql >/dev/null || need_apt+=(postgresql-client-15)
command -v tmux >/dev/null || need_apt+=(tmux)
[ -f /usr/include/ncursesw/curses.h ] || need_apt+=(libncurses-dev)
command -v patch >/dev/null || need_apt+=(patch)
[ -x /usr/bin/time ] || need_apt+=(time)  # GNU time: the benchmark's peak memory and CPU time
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "== installing ${need_apt[*]} from Debian's packages"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if ! python3 -c 'import pglast, jsonschema, alembic, sqlalchemy, psycopg' 2>/dev/null; then
  echo "== installing the Python test packages from PyPI"
  python3 -m pip install --quiet --disable-pip-version-check -r scripts/requirements-test.txt
fi

sandbox=$(mktemp -d /tmp/concur-pg.XXXXXX)
cleanup() { scripts/pg-sandbox.sh stop "$sandbox"; rm -rf "$sandbox"; }
trap cleanup EXIT
echo "== starting a throwaway PostgreSQL 15 in $sandbox"
eval "$(scripts/pg-sandbox.sh start "$sandbox")"
export CONCUR_TEST_PGHOST CONCUR_TEST_PGPORT CONCUR_TEST_PGUSER
export CONCUR_REQUIRE_INTEGRATION=1

echo "== fuzzing for ${CONCUR_FUZZ_SECONDS:-10} s per target: the SQL engine, the Alembic scanner, the settings readers"
echo "   (libFuzzer + AddressSanitizer, invariants checked)"
scripts/fuzz.sh "${CONCUR_FUZZ_SECONDS:-10}"

# The command line's own threads (the analysis pipeline, the caches the workers share, the
# reviewer's scan, a large file's two pieces) under ThreadSanitizer: check, fix and the
# reviewer's scan over a few hundred files, a data race failing the run (exit status 66).
echo "== ThreadSanitizer: check, fix and the reviewer's scan"
swift build --sanitize=thread --scratch-path .build-tsan --product concur
tsan_work=$(mktemp -d /tmp/concur-tsan.XXXXXX)
cp -r Tests/Fixtures Examples "$tsan_work/"
[ -d ../shared/corpus/sql ] && cp -r ../shared/corpus/sql "$tsan_work/corpus"
# A file over SQLAnalyzer.concurrentFileSize (4 MiB), read and checked in two pieces at once.
python3 -c '
import sys
part = "SELECT 1;\n" * 200 + "DROP INDEX a_{0};\nBEGIN;\nALTER TABLE t ADD c int;\nDROP INDEX b_{0}, c_{0};\nCOMMIT;\n"
sys.stdout.write("".join(part.format(n) for n in range(2200)))' > "$tsan_work/large.sql"
chmod -R u+w "$tsan_work"
tsan_run() {
  local status=0
  TSAN_OPTIONS="halt_on_error=1 exitcode=66" .build-tsan/debug/concur "$@" >/dev/null 2>"$tsan_work/stderr" || status=$?
  if [ "$status" -gt 2 ]; then
    grep -A30 'ThreadSanitizer' "$tsan_work/stderr" | head -60 || tail -20 "$tsan_work/stderr"
    echo "ThreadSanitizer run failed (exit status $status): concur $*" >&2
    exit 1
  fi
}
tsan_run check --format json "$tsan_work"
tsan_run bench-ui "$tsan_work"
tsan_run fix "$tsan_work"
rm -rf "$tsan_work"

# The benchmark in its quick mode (200 files, 100 revisions, one run each): it must work end to end
# from a clean clone (the release build the README installs, the generated corpora, Squawk when it
# is installed, the reviewer's figures); its timings are printed, never checked.
echo "== the benchmark, quick mode (timings not checked)"
python3 scripts/benchmark.py --quick

# The suite runs against an AddressSanitizer build, the concur binary the CLI, tmux, PostgreSQL,
# pglast and Alembic tests start included: a read past a buffer then fails the test that made it
# every time, instead of crashing one run in many where the bytes after it happen to be unmapped.
# Leak detection is off: the test host's own Foundation.Process leaks a few blocks per child it
# starts, which would fail the run at exit. Bad reads and writes are still caught.
echo "== swift test, built with AddressSanitizer"
export ASAN_OPTIONS=${ASAN_OPTIONS-detect_leaks=0}
swift build --build-tests --sanitize=address --scratch-path .build-asan
swift test --skip-build --sanitize=address --scratch-path .build-asan "$@"

# The end-to-end tests once more, on the binary the README installs (the static PIE the benchmark
# built above): its terminal reviewer in tmux, PostgreSQL and Alembic runs of its rewrites, every
# report format. The test host is the AddressSanitizer build's; the concur it starts is not.
echo "== the end-to-end tests on the release binary"
CONCUR_BINARY="$(scripts/build-release.sh)" \
  swift test --skip-build --sanitize=address --scratch-path .build-asan --filter ConcurCLITests "$@"
