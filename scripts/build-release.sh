#!/usr/bin/env bash
# Builds the release binary the README installs and the benchmark measures: one static,
# position-independent executable (docs/DECISIONS.md, "How the release binary is linked").
#   scripts/build-release.sh                  builds it and prints its path
#   scripts/build-release.sh --show-bin-path  prints the folder it is built in, building nothing
set -euo pipefail
cd "$(dirname "$0")/.."
# --disable-local-rpath: SwiftPM gives executables a run path ($ORIGIN), and glibc's start-up code
# for a static PIE stops on an assertion (a crash before main) when the binary carries one.
release=(swift build -c release --static-swift-stdlib --disable-local-rpath --scratch-path .build-release
  -Xswiftc -static-executable -Xswiftc -Xclang-linker -Xswiftc -static-pie)
if [ "${1-}" = --show-bin-path ]; then
  exec "${release[@]}" --show-bin-path
fi
"${release[@]}" --product concur >&2
echo "$("${release[@]}" --show-bin-path)/concur"
