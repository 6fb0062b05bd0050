#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to Firebreak running on its built-in sandbox.
# Extra arguments go to firebreak, e.g. `bash scripts/demo.sh --scenario memory-leak`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh release
exec ./build/release/app/firebreak --demo "$@"
