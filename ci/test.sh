#!/usr/bin/env bash
# The test command of the README: install dependencies, build with warnings as errors,
# check formatting, run every ctest tier. Run as root (the PostgreSQL fixtures run servers as
# the `postgres` user; the cluster tier creates network namespaces).
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "error: run as root (sudo $0)" >&2; exit 1; }
[ "${PGHA_SKIP_DEPS:-0}" = 1 ] || ci/install-deps.sh
build=${PGHA_BUILD_DIR:-build}
# Debug: -O0 builds about three times faster than -O2 here and keeps libstdc++ assertions on.
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DPGHA_WARNINGS_AS_ERRORS=ON >/dev/null
cmake --build "$build" -j"$(nproc)"
cmake --build "$build" --target check_format
# The cluster smoke test runs the installed agent in the sandbox: Pacemaker finds OCF agents
# under /usr/lib/ocf, so the build is installed with prefix /usr (as the quick start does).
cmake --install "$build" --prefix /usr >/dev/null
cd "$build"
# The full scenario matrix (label cluster_matrix, about an hour) runs on demand with
# tests/cluster/report.sh; CI runs the smoke failover.
ctest --output-on-failure --timeout 900 -j"${PGHA_TEST_JOBS:-2}" -LE cluster_matrix "$@"
