#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server on a loopback port and
# COMPANION_TEST_POSTGRES pointing at its admin database. The cluster lives in a temporary
# folder and is stopped and removed afterwards, whatever the command's outcome.
# Usage: scripts/with-postgres.sh COMMAND [ARGS...]
set -euo pipefail

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
  echo "with-postgres: PostgreSQL is not installed (Debian package 'postgresql')" >&2
  exit 1
fi
# A free port unless one is given: a stale server on a fixed port would fail the run.
port=${PG_TEST_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
root=$(mktemp -d /tmp/companion-pg.XXXXXX)
run_as_pg() {
  if [ "$(id -u)" = 0 ]; then
    chown -R postgres:postgres "$root"
    su postgres -s /bin/bash -c "$*"
  else
    bash -c "$*"
  fi
}
cleanup() {
  run_as_pg "'$pg_bin/pg_ctl' -D '$root/data' -m immediate stop" >/dev/null 2>&1 || true
  rm -rf "$root"
}
trap cleanup EXIT
run_as_pg "'$pg_bin/initdb' -D '$root/data' -A trust -U postgres --no-sync" >/dev/null
if ! run_as_pg "'$pg_bin/pg_ctl' -D '$root/data' -l '$root/server.log' -w start \
  -o \"-p $port -k '$root' -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off\"" >/dev/null; then
  echo "with-postgres: PostgreSQL did not start on port $port; its log:" >&2
  cat "$root/server.log" >&2 || true
  exit 1
fi
export COMPANION_TEST_POSTGRES="postgres://postgres@127.0.0.1:$port/postgres"
echo "with-postgres: PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
"$@"
