#!/usr/bin/env bash
# The test command of the README: install dependencies, build with warnings as errors,
# check formatting, run every ctest tier. Run as root (the PostgreSQL fixtures run servers as
# the `postgres` user; the cluster tier creates network namespaces).
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "error: run as root (log in as root: sudo is not needed)" >&2; exit 1; }
[ "${PGHA_SKIP_DEPS:-0}" = 1 ] || ci/install-deps.sh
build=${PGHA_BUILD_DIR:-build}
# Server binaries of every supported major for the version tier (cached; a failure here fails
# the run: the tier must not pass by skipping a major).
pg_cache=${PGHA_PG_CACHE:-/var/cache/pgha}
ci/fetch-pg-majors.sh "$pg_cache"
# Debug: -O0 builds about three times faster than -O2 here and keeps libstdc++ assertions on;
# -g1 (line tables only) keeps objects and links small: CI has a time limit.
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-g1 -DPGHA_WARNINGS_AS_ERRORS=ON \
  -DCMAKE_INSTALL_PREFIX=/usr -DPGHA_BUILD_TESTS=ON -DPGHA_BUILD_BENCH=ON \
  -DPGHA_PG_CACHE="$pg_cache" >/dev/null
cmake --build "$build" -j"$(nproc)"
cmake --build "$build" --target check_format
# The unit tier again under AddressSanitizer and UndefinedBehaviorSanitizer, in a build tree of
# its own: only the unit-test executables and what they link are built (target unit_tests), no
# expgsql, cls, benchmarks or integration tests. PGHA_SKIP_SANITIZERS=1 leaves it out locally.
if [ "${PGHA_SKIP_SANITIZERS:-0}" != 1 ]; then
  san_build=${PGHA_SAN_BUILD_DIR:-$build-san}
  cmake -S . -B "$san_build" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-g1 \
    -DPGHA_WARNINGS_AS_ERRORS=ON -DPGHA_BUILD_TESTS=ON -DPGHA_BUILD_BENCH=OFF \
    -DPGHA_ENABLE_ASAN=ON -DPGHA_ENABLE_UBSAN=ON >/dev/null
  cmake --build "$san_build" --target unit_tests -j"$(nproc)"
  (cd "$san_build" && ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest -L unit -j"$(nproc)" --output-on-failure --timeout 300)
fi
# Install the way an operator does: the Debian package built by CPack, through apt-get. The
# package test checks it, and the cluster smoke test runs the installed ocf:pgha:expgsql
# (Pacemaker finds OCF agents under /usr/lib/ocf).
deb_dir=$(cd "$build" && pwd)
(cd "$deb_dir" && rm -f pgha_*.deb && cpack -G DEB >/dev/null)
apt-get install -y -q --reinstall "$deb_dir"/pgha_*.deb >/dev/null
cd "$build"
# The full scenario matrix (label cluster_matrix, about an hour) runs on demand with
# tests/cluster/report.sh; CI runs the smoke failover. The version tier (label pgmajor, one
# entry per major 14-18, about 2 minutes with -j2) runs in full.
ctest --output-on-failure --timeout 900 -j"${PGHA_TEST_JOBS:-2}" -LE cluster_matrix "$@"
