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
  pacemaker pacemaker-cli-utils corosync resource-agents \
  iproute2 iptables arptables procps psmisc util-linux libxml2-utils xsltproc hyperfine strace python3
