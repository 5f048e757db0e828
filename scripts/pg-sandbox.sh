#!/usr/bin/env bash
# Start or stop a throwaway PostgreSQL 15 cluster for concur's tests.
#
#   scripts/pg-sandbox.sh start DIR   initdb into DIR/data, listen only on a Unix socket in DIR,
#                                     print `export CONCUR_TEST_PG…=…` lines for the test run
#   scripts/pg-sandbox.sh stop DIR    stop it (the caller removes DIR)
#
# initdb refuses to run as root, so as root the cluster belongs to the `postgres` user.
set -euo pipefail
action=${1:?usage: pg-sandbox.sh start|stop DIR}
dir=${2:?usage: pg-sandbox.sh start|stop DIR}
bin=${PG_BIN:-/usr/lib/postgresql/15/bin}

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$action" in
  start)
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    port=$(( 20000 + RANDOM % 20000 ))
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-c listen_addresses='' -k $dir -p $port -c fsync=off" start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    echo "export CONCUR_TEST_PGHOST=$dir CONCUR_TEST_PGPORT=$port CONCUR_TEST_PGUSER=postgres"
    ;;
  stop)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    ;;
  *) echo "usage: pg-sandbox.sh start|stop DIR" >&2; exit 64 ;;
esac
