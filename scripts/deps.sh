#!/usr/bin/env bash
# Installs the system packages the build and tests need when they are missing: the SQLite and
# PostgreSQL client libraries the binary links, and the PostgreSQL server for the test leg.
set -euo pipefail
need=()
for pkg in libsqlite3-dev libpq-dev postgresql "$@"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
[ ${#need[@]} -eq 0 ] && exit 0
echo "deps: installing ${need[*]}" >&2
sudo_=""
[ "$(id -u)" = 0 ] || sudo_="sudo"
$sudo_ apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq "${need[@]}" >/dev/null
