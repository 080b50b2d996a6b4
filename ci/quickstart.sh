#!/usr/bin/env bash
# Quick start on a fresh Debian 12 machine (as root): install the dependencies, build, install,
# bring up a two-node sandbox cluster (namespaces on this machine) and print its status.
#   ci/quickstart.sh [--nodes 3]    (as root)
# Tear it down with: cls_sandbox down
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "error: run as root (log in as root: sudo is not needed)" >&2; exit 1; }
[ "${PGHA_SKIP_DEPS:-0}" = 1 ] || ci/install-deps.sh
build=${PGHA_BUILD_DIR:-build-quickstart}
# Pacemaker finds OCF agents under /usr/lib/ocf: install with prefix /usr.
cmake -S . -B "$build" -DCMAKE_INSTALL_PREFIX=/usr -DPGHA_BUILD_TESTS=OFF -DPGHA_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" -j"$(nproc)"
cmake --install "$build"
if [ -e "${PGHA_SANDBOX_DIR:-/var/lib/pgha-sandbox}/config" ]; then
  echo "a sandbox is already up; replacing it" >&2
  cls_sandbox down
fi
cls_sandbox up "$@"
cls_sandbox status
