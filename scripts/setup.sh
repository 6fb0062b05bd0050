#!/usr/bin/env bash
# Installs what Firebreak needs to build and test on Debian 12, then configures and builds the given
# CMake preset. Idempotent: packages already present are not fetched again.
set -euo pipefail
preset="${1:-release}"
with_lab="${2:-}" # --with-lab: also the real Prometheus and Alertmanager the integration tests and the lab run
cd "$(dirname "$0")/.."

packages=(
    build-essential cmake ninja-build ccache pkg-config
    qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite qt6-charts-dev qt6-websockets-dev qt6-httpserver-dev
    qt6-svg-dev libqt6svg6 qt6-qpa-plugins libgl-dev
    libyaml-cpp-dev libsqlite3-dev sqlite3
    openssl # the executor tests make a throwaway TLS certificate with it
    fonts-dejavu-core
    poppler-utils # pdfinfo and pdftotext read back the PDF review exports in tests/unit/tst_reviewpdf
)
[[ "$with_lab" == --with-lab ]] && packages+=(prometheus prometheus-alertmanager)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
    echo "firebreak setup: installing ${missing[*]}"
    as_root=()
    [[ $(id -u) -eq 0 ]] || as_root=(sudo)
    "${as_root[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j "$(nproc)"
