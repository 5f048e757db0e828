#!/usr/bin/env bash
# Opens the reviewer on a copy of Examples/, so that accepting and writing rewrites never touches
# the project's own files. The copy's path is printed at the end, to look at what was written.
set -euo pipefail
cd "$(dirname "$0")/.."
copy=$(mktemp -d /tmp/concur-demo.XXXXXX)
cp -R Examples/. "$copy/"
swift build --product concur >/dev/null
"$(swift build --show-bin-path)/concur" review "$copy" "$@"
echo "The demo's files are in $copy"
