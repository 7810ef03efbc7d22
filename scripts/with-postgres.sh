#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster: initdb in a temp dir (as the postgres
# user when run as root, since initdb refuses root), trust auth, a free loopback port, the socket
# in the temp dir. Exports ID06_TEST_POSTGRES_URL for the command; stops and removes the cluster
# on exit, whatever happens. ID06_TEST_POSTGRES_CTL names a script that stops and starts it.
set -euo pipefail

pg_bin=""
for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && pg_bin="$d"; done
if [ -z "$pg_bin" ]; then
  echo "with-postgres: PostgreSQL server binaries not found; installing the Debian package" >&2
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && pg_bin="$d"; done
fi
[ -n "$pg_bin" ] || { echo "with-postgres: no initdb" >&2; exit 1; }

dir=$(mktemp -d /tmp/id06-pg.XXXXXX)
as_pg=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$dir"
  as_pg=(runuser -u postgres --)
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

cleanup() {
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$dir/data" stop -m immediate >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT INT TERM

"${as_pg[@]}" "$pg_bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-sync >/dev/null
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null

# A control script for tests that stop and start the server under load (make test-faults).
cat > "$dir/pgctl" <<CTL
#!/usr/bin/env bash
set -euo pipefail
case "\$1" in
  stop) ${as_pg[*]:-} "$pg_bin/pg_ctl" -D "$dir/data" -w stop -m fast >/dev/null ;;
  start) ${as_pg[*]:-} "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null ;;
esac
CTL
chmod +x "$dir/pgctl"
export ID06_TEST_POSTGRES_CTL="$dir/pgctl"
export ID06_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres"
echo "with-postgres: throwaway PostgreSQL on 127.0.0.1:$port" >&2
"$@"
