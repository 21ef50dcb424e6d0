#!/usr/bin/env bash
# The read-replica path, end to end, on one machine (make bench-replica):
#   1. allow replication connections from loopback on the primary (127.0.0.1:5432), one marked
#      line in its pg_hba.conf, removed again at the end;
#   2. a second PostgreSQL 15 cluster on 127.0.0.1:$REPLICA_PORT, cloned with
#      `pg_basebackup -R` (streaming replication, hot standby);
#   3. a scratch database on the primary, migrated and filled by bench/bench_reports.py's builder,
#      then the report pages measured with REPLICA_DATABASE_URL pointing at the replica
#      (bench/replica_scenarios.py), and a row written on the primary timed until it is replayed;
#   4. cleanup: the replica cluster stopped and dropped, the pg_hba line removed, the scratch
#      database dropped. KEEP_REPLICA=1 leaves the cluster and the database for a look.
# Needs root (it runs pg_* as the postgres user) and the primary running on 127.0.0.1:5432.
# Usage: bench/replica.sh [COMMUNES] [HOUSEHOLDS_PER_COMMUNE]   (defaults 20 × 500)
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=15
PRIMARY_PORT=${PRIMARY_PORT:-5432}
REPLICA_PORT=${REPLICA_PORT:-5433}
CLUSTER=${REPLICA_CLUSTER:-gn_replica}
DB=${REPLICA_BENCH_DB:-gn_deploy_replica}
COMMUNES=${1:-20}
HOUSEHOLDS=${2:-500}
HBA=$(su postgres -c "psql -h 127.0.0.1 -p $PRIMARY_PORT -Atc 'SHOW hba_file'")
MARK="# giamngheo bench/replica.sh (removed at the end)"
as_pg() { su postgres -s /bin/sh -c "$*"; }
primary_sql() { as_pg "psql -h 127.0.0.1 -p $PRIMARY_PORT -d postgres -Atqc \"$1\""; }

cleanup() {
    if [ "${KEEP_REPLICA:-0}" = 1 ]; then
        echo "== KEEP_REPLICA=1: replica cluster $CLUSTER on port $REPLICA_PORT and database $DB left running"
        echo "   drop them with: pg_dropcluster --stop $VERSION $CLUSTER; dropdb -h 127.0.0.1 -U postgres $DB"
        return
    fi
    echo "== cleanup"
    if pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$VERSION $CLUSTER"; then
        pg_dropcluster --stop "$VERSION" "$CLUSTER"
    fi
    if grep -qF "$MARK" "$HBA"; then
        # the marked line and the rule after it; cat > keeps the file's owner and mode
        kept=$(awk -v m="$MARK" '$0 == m {skip = 1; next} skip {skip = 0; next} {print}' "$HBA")
        printf '%s\n' "$kept" >"$HBA"
        primary_sql "SELECT pg_reload_conf()" >/dev/null
    fi
    primary_sql "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null || true
}
trap cleanup EXIT

echo "== primary on 127.0.0.1:$PRIMARY_PORT: $(primary_sql 'SHOW wal_level') WAL, $(primary_sql 'SHOW max_wal_senders') WAL senders"
if ! grep -qF "$MARK" "$HBA"; then
    printf '%s\nhost replication postgres 127.0.0.1/32 trust\n' "$MARK" >>"$HBA"
    primary_sql "SELECT pg_reload_conf()" >/dev/null
fi

if pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$VERSION $CLUSTER"; then
    pg_dropcluster --stop "$VERSION" "$CLUSTER"
fi
start=$(date +%s%N)
pg_createcluster -q "$VERSION" "$CLUSTER" -p "$REPLICA_PORT" -- --auth=trust >/dev/null
DATA=/var/lib/postgresql/$VERSION/$CLUSTER
rm -rf "${DATA:?}"/*
as_pg "pg_basebackup -h 127.0.0.1 -p $PRIMARY_PORT -U postgres -D $DATA -R -X stream -c fast"
cat >>"/etc/postgresql/$VERSION/$CLUSTER/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
hot_standby = on
# A replica for reports: a long report query wins over replay for up to 30 s.
max_standby_streaming_delay = 30s
CONF
pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$CLUSTER" start
for _ in $(seq 1 40); do pg_isready -q -h 127.0.0.1 -p "$REPLICA_PORT" && break; sleep 0.25; done
echo "== replica on 127.0.0.1:$REPLICA_PORT up in $((($(date +%s%N) - start) / 1000000)) ms," \
    "in recovery: $(as_pg "psql -h 127.0.0.1 -p $REPLICA_PORT -d postgres -Atc 'SELECT pg_is_in_recovery()'")," \
    "primary sees: $(primary_sql "SELECT application_name || ' ' || state || ' ' || sync_state FROM pg_stat_replication")"

primary_sql "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null
primary_sql "CREATE DATABASE $DB" >/dev/null
export DATABASE_URL=postgres://postgres@127.0.0.1:$PRIMARY_PORT/$DB
export REPLICA_DATABASE_URL=postgres://postgres@127.0.0.1:$REPLICA_PORT/$DB
.venv/bin/python manage.py migrate --noinput -v 0
.venv/bin/python bench/replica_scenarios.py "$COMMUNES" "$HOUSEHOLDS"
