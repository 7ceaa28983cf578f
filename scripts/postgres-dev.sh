#!/usr/bin/env bash
# A PostgreSQL for trying the postgres backend locally: data in ./.pgdata, port 5433, trust auth on
# loopback only. `scripts/postgres-dev.sh start|stop|url`. (Tests start their own; see test/support/postgres.ts.)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$BIN" ] || BIN=$(dirname "$(command -v initdb)")
DIR="$PWD/.pgdata"
PORT=${PGPORT:-5433}
AS=()
if [ "$(id -u)" -eq 0 ]; then AS=(runuser -u postgres --); fi
case "${1:-}" in
  start)
    if [ ! -d "$DIR/data" ]; then
      mkdir -p "$DIR"; chmod 700 "$DIR"
      [ "$(id -u)" -eq 0 ] && chown postgres "$DIR"
      "${AS[@]}" "$BIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
      "${AS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1" start >/dev/null
      "${AS[@]}" "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres planbook
    else
      "${AS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1" start >/dev/null
    fi
    echo "postgres://postgres@127.0.0.1:$PORT/planbook"
    ;;
  stop) "${AS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop ;;
  url) echo "postgres://postgres@127.0.0.1:$PORT/planbook" ;;
  *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
