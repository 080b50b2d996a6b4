#!/usr/bin/env bash
# The installed pgha package (ci/test.sh builds it with CPack and installs it with apt-get):
# dpkg knows it, Pacemaker finds ocf:pgha:expgsql and reads its meta-data, and the commands,
# the lock schema and the example config are where the documentation says.
set -euo pipefail
fail() { echo "installed.sh: FAIL: $*" >&2; exit 1; }

version=$(dpkg-query -W -f '${Version} ${db:Status-Status}' pgha 2>/dev/null) ||
  fail "the pgha package is not installed (HINT: cd build && cpack -G DEB && apt-get install ./pgha_*.deb)"
[[ $version == *" installed" ]] || fail "pgha package state is '$version'"
meta=$(crm_resource --show-metadata ocf:pgha:expgsql) || fail "crm_resource --show-metadata ocf:pgha:expgsql failed"
xmllint --noout - <<<"$meta" || fail "the meta-data is not XML"
grep -q '<resource-agent name="expgsql"' <<<"$meta" || fail "the meta-data does not name expgsql"
[ "$(dpkg-query -S /usr/lib/ocf/resource.d/pgha/expgsql | cut -d: -f1)" = pgha ] ||
  fail "the agent is not owned by the package"
for c in distlock cls cls_setup cls_status cls_online_switch cls_repair_slave cls_rebuild_slave cls_history cls_sandbox; do
  p=$(command -v "$c") || fail "$c is not in PATH"
  [ "$(dpkg-query -S "$p" 2>/dev/null | cut -d: -f1)" = pgha ] ||
    fail "$p is not owned by the package"
done
ls /usr/share/pgha/sql/distlock_*.sql >/dev/null || fail "no lock schema in /usr/share/pgha/sql"
[ -f /usr/share/doc/pgha/config.ini.example ] || fail "no /usr/share/doc/pgha/config.ini.example"
cls config --example | cmp -s - /usr/share/doc/pgha/config.ini.example ||
  fail "the installed config.ini.example differs from 'cls config --example'"
echo "pgha $version: agent, commands, schema and example config in place"
