#!/usr/bin/env bash
# By hand, not in CI: the site against a real streaming replica of this machine's PostgreSQL.
#
# Makes a database on the local primary (port 5432), a standby of it on port 5433 with
# pg_basebackup (a second cluster under /tmp), runs the site with DATABASE_REPLICA_URL pointing
# at the standby and shows where each request's queries land (log_statement on both), then
# pauses the standby's replay (lag), stops it (down) and starts it again. Everything it made is
# removed when it ends, and pg_hba.conf is restored if it had to allow replication.
#
# Run as root (it starts PostgreSQL as the postgres user) from anywhere:
#   sudo deploy/replica-check.sh
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
HBA=$(ls /etc/postgresql/*/main/pg_hba.conf | sort -V | tail -1)
PRIMARY_LOG=$(pg_lsclusters -h | sort -V | tail -1 | awk '{print $7}')
DB=registry_replica_check
DATA=/tmp/registry-replica-check
REPLICA_LOG=/tmp/registry-replica-check.log
SITE_LOG=/tmp/registry-replica-check-site.log
SITE=http://127.0.0.1:8765
MAX_LAG=3

as_postgres() { runuser -u postgres -- "$@"; }
psql_on() { psql -h 127.0.0.1 -p "$1" -U postgres -d "$2" -XAtq -c "$3"; }

SITE_PID=""
HBA_CHANGED=""
cleanup() {
    set +e
    [ -n "$SITE_PID" ] && kill "$SITE_PID" && wait "$SITE_PID" 2>/dev/null
    [ -f "$DATA/postmaster.pid" ] && as_postgres "$PG_BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
    rm -rf "$DATA" "$REPLICA_LOG" "$SITE_LOG"
    dropdb -h 127.0.0.1 -U postgres --if-exists "$DB"
    if [ -n "$HBA_CHANGED" ]; then
        cp "$HBA.before-replica-check" "$HBA" && rm "$HBA.before-replica-check"
        psql_on 5432 postgres "SELECT pg_reload_conf()" >/dev/null
        echo "pg_hba.conf restored"
    fi
}
trap cleanup EXIT

echo "== The primary: a database for the check, its statements logged"
if ! grep -Eq '^host\s+replication\s+all\s+127\.0\.0\.1/32\s+trust' "$HBA"; then
    cp -p "$HBA" "$HBA.before-replica-check"
    HBA_CHANGED=1
    echo "host replication all 127.0.0.1/32 trust  # replica-check.sh" >>"$HBA"
    psql_on 5432 postgres "SELECT pg_reload_conf()" >/dev/null
fi
dropdb -h 127.0.0.1 -U postgres --if-exists "$DB"
createdb -h 127.0.0.1 -U postgres "$DB"
export SECRET_KEY=replica-check-only DEBUG=true ALLOWED_HOSTS=127.0.0.1 CACHE_URL=dummycache://
export TASKS_BACKEND=immediate LOG_LEVEL=WARNING REPLICA_MAX_LAG_SECONDS=$MAX_LAG
export DATABASE_URL=postgres://postgres@127.0.0.1:5432/$DB
(cd "$ROOT" && .venv/bin/python manage.py migrate -v 0)
psql_on 5432 "$DB" "ALTER DATABASE $DB SET log_statement = 'all'"

echo "== The standby: pg_basebackup into $DATA, port 5433"
rm -rf "$DATA"
install -d -o postgres -g postgres -m 700 "$DATA"
as_postgres "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p 5432 -U postgres -D "$DATA" -R -X stream
# Debian keeps the primary's configuration out of its data directory: the standby's own.
cat >"$DATA/postgresql.conf" <<EOF
port = 5433
listen_addresses = '127.0.0.1'
unix_socket_directories = '/tmp'
hot_standby = on
log_statement = 'all'
EOF
printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' >"$DATA/pg_hba.conf"
touch "$DATA/pg_ident.conf"
chown postgres:postgres "$DATA"/*.conf
install -o postgres -g postgres -m 600 /dev/null "$REPLICA_LOG"
as_postgres "$PG_BIN/pg_ctl" -D "$DATA" -l "$REPLICA_LOG" -w start >/dev/null
echo "in recovery: $(psql_on 5433 "$DB" "SELECT pg_is_in_recovery()")"

echo "== The site, reading public pages from the standby"
export DATABASE_REPLICA_URL=postgres://postgres@127.0.0.1:5433/$DB
(cd "$ROOT" && exec .venv/bin/python manage.py runserver 127.0.0.1:8765 --noreload) \
    >"$SITE_LOG" 2>&1 &
SITE_PID=$!
for _ in $(seq 50); do curl -fs "$SITE/livez" >/dev/null && break || sleep 0.2; done

replica_count() { grep -c awards_emulationtitle "$REPLICA_LOG" || true; }
primary_count() { grep "@$DB " "$PRIMARY_LOG" | grep -c awards_emulationtitle || true; }
# A request, and how many of the catalogue's queries each database ran for it.
request() {
    local before_replica before_primary status
    before_replica=$(replica_count)
    before_primary=$(primary_count)
    status=$(curl -s -o /dev/null -w '%{http_code}' "$@")
    sleep 0.5  # the logs written
    echo "  $* -> $status; catalogue queries on the replica:" \
        "$(($(replica_count) - before_replica)), on the primary: $(($(primary_count) - before_primary))"
}
health() { echo "  /healthz -> $(curl -s "$SITE/healthz" | tr '\n' ' ')"; }

echo "A visitor reads the catalogue:"
request "$SITE/en/titles/"
health
echo "The same visitor posts (any form), then reads again within the window:"
JAR=$(mktemp)
request -c "$JAR" -X POST "$SITE/en/search/"
grep -o 'wrote_at.*' "$JAR" | cut -c1-24 | sed 's/^/  cookie: /'
request -b "$JAR" "$SITE/en/titles/"
rm -f "$JAR"

echo "== The standby's replay paused while the primary writes: lag"
psql_on 5432 "$DB" "CREATE TABLE replica_check (n int)"
sleep 1
psql_on 5433 "$DB" "SELECT pg_wal_replay_pause()" >/dev/null
psql_on 5432 "$DB" "INSERT INTO replica_check VALUES (1)"
sleep $((MAX_LAG + 6))
request "$SITE/en/titles/"
health
psql_on 5433 "$DB" "SELECT pg_wal_replay_resume()" >/dev/null
sleep 6
echo "Replay resumed:"
request "$SITE/en/titles/"
health

echo "== The standby stopped"
# The first request may still be sent to it (the last check said it answered): it fails and
# is not retried (with DEBUG on here, Django's 500 page; in production the site's 503), and
# has the next request check again, which finds the standby down and reads the primary.
as_postgres "$PG_BIN/pg_ctl" -D "$DATA" -m immediate -w stop >/dev/null
for _ in 1 2 3; do request "$SITE/en/titles/"; done
health
echo "== The standby started again"
as_postgres "$PG_BIN/pg_ctl" -D "$DATA" -l "$REPLICA_LOG" -w start >/dev/null
sleep 6
request "$SITE/en/titles/"
health
echo "== What the site logged about the replica"
grep -o 'Replica [a-z]*: .*' "$SITE_LOG" | sed 's/^/  /' || true
