#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to the whole test suite passing: set-up, one build,
# then every CTest label (unit, integration, gui, crash) and the benchmarks, which print figures.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh release --with-lab
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
ctest --preset release -j 2 --label-exclude bench
ctest --preset release --label-regex bench --verbose
