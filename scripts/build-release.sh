#!/usr/bin/env bash
# Builds the release binary the README installs and the benchmark measures, one static,
# position-independent executable (docs/DECISIONS.md, "How the release binary is linked"), and
# prints its path.
set -euo pipefail
cd "$(dirname "$0")/.."
# --disable-local-rpath: SwiftPM gives executables a run path ($ORIGIN), and glibc's start-up code
# for a static PIE stops on an assertion (a crash before main) when the binary carries one.
release=(swift build -c release --static-swift-stdlib --disable-local-rpath --scratch-path .build-release
  -Xswiftc -static-executable -Xswiftc -Xclang-linker -Xswiftc -static-pie)
"${release[@]}" --product concur >&2
echo "$("${release[@]}" --show-bin-path)/concur"
