#!/usr/bin/env bash
# Regenerates docs/screenshots/*.png from the sandbox, without a display. Build first
# (bash scripts/setup.sh release).
set -euo pipefail
cd "$(dirname "$0")/.."
binary=./build/release/app/firebreak
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export QT_QPA_PLATFORM=offscreen
"$binary" --screenshot docs/screenshots/main.png --demo --after 1100 --db "$tmp/main.db"
echo "wrote docs/screenshots/main.png"
