#!/usr/bin/env bash
# Regenerates docs/screenshots/*.png from the sandbox, without a display. Build first
# (bash scripts/setup.sh release), or name another binary in FIREBREAK_BINARY. Each view gets its
# own store, so one does not depend on another.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${FIREBREAK_BINARY:-./build/release/app/firebreak}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export QT_QPA_PLATFORM=offscreen
shot() { # NAME ARGS...
    local name=$1
    shift
    "$binary" --screenshot "docs/screenshots/$name.png" --demo --db "$tmp/$name.db" "$@"
    echo "wrote docs/screenshots/$name.png"
}
shot main --view main --after 1100
# The multi-region partition asks two commanders to fail a region over: a high-risk approval.
shot approval --view approval --scenario multi-region --after 900
# The disk cleanup runs by itself in the demo and verifies; its run window has steps and samples.
shot run --view run --scenario disk-full --after 900
shot wall --view wall --after 1100
