#!/usr/bin/env bash
# Throughput through a real HTTP server (make bench-load): gunicorn on 127.0.0.1 with the
# production settings (DEBUG off, manifest static files, deploy/gunicorn.conf.py) over a scratch
# PostgreSQL database holding the demo commune (`seed_demo`), loaded by locust, headless and
# bounded: USERS simulated people (spawned SPAWN a second), for DURATION seconds, stopping
# early after REQUESTS requests. Prints requests per second and latency percentiles per page,
# and leaves the CSV files in $OUT. The scratch database is dropped at the end (KEEP_DB=1 keeps).
set -euo pipefail
cd "$(dirname "$0")/.."

USERS=${USERS:-20}
SPAWN=${SPAWN:-5}
DURATION=${DURATION:-60}
REQUESTS=${REQUESTS:-20000}
PORT=${LOAD_PORT:-8765}
DB=${LOAD_DB:-gn_deploy_load}
OUT=${OUT:-$(mktemp -d /tmp/giamngheo-load.XXXXXX)}
PG="psql -h 127.0.0.1 -U postgres -d postgres -Atqc"

export DATABASE_URL=postgres://postgres@127.0.0.1:5432/$DB
export SECRET_KEY="load-$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 60)"
export ALLOWED_HOSTS=127.0.0.1 CSRF_TRUSTED_ORIGINS=http://127.0.0.1:$PORT
# plain HTTP on loopback: no HTTPS redirect, cookies without the Secure flag
export SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0 SECURE_HSTS_SECONDS=0
export STATIC_MANIFEST=1 STATIC_ROOT=$OUT/static MEDIA_ROOT=$OUT/media PRIVATE_ROOT=$OUT/private
export GUNICORN_BIND=127.0.0.1:$PORT GUNICORN_ACCESS_LOG=0 LOG_LEVEL=WARNING
# many people sign in as the same demo user from 127.0.0.1: no lockout from a typo in here
export LOGIN_FAILURE_LIMIT=1000
export LOAD_MAX_REQUESTS=$REQUESTS

server=""
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    [ "${KEEP_DB:-0}" = 1 ] || $PG "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null || true
}
trap cleanup EXIT

start=$(date +%s)
$PG "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null
$PG "CREATE DATABASE $DB" >/dev/null
.venv/bin/python manage.py migrate --noinput -v 0
.venv/bin/python manage.py load_places >/dev/null
.venv/bin/python manage.py seed_demo >/dev/null
.venv/bin/python manage.py collectstatic --noinput -v 0
.venv/bin/python manage.py check --deploy --fail-level ERROR >/dev/null
export LOAD_SESSIONS=$OUT/sessions.json
# Sign the demo users in before the clock: a login is one PBKDF2 hash (about a second of CPU by
# design) and would otherwise be most of what a short run measures. Each simulated person
# starts with the session cookie of its user, as someone who signed in this morning.
.venv/bin/python manage.py shell -v 0 -c '
import json, os
from django.conf import settings
from django.test import Client
from giamngheo.models import User
cookies = {}
for name in ("canbo.xa", "truongthon.hathuong", "chutich.xa"):
    client = Client()
    client.force_login(User.objects.get(username=name))
    cookies[name] = client.cookies[settings.SESSION_COOKIE_NAME].value
with open(os.environ["LOAD_SESSIONS"], "w") as out:
    json.dump({"cookie": settings.SESSION_COOKIE_NAME, "sessions": cookies}, out)
'
households=$(psql -h 127.0.0.1 -U postgres -d "$DB" -Atqc "SELECT count(*) FROM households_household")
echo "== demo data ready in $(($(date +%s) - start)) s: $households households"

.venv/bin/gunicorn -c deploy/gunicorn.conf.py giamngheo.wsgi >"$OUT/gunicorn.log" 2>&1 &
server=$!
for _ in $(seq 1 60); do
    curl -fsS -o /dev/null "http://127.0.0.1:$PORT/dang-nhap/" 2>/dev/null && break
    sleep 0.5
done
workers=$(pgrep -P "$server" | wc -l)
echo "== gunicorn on 127.0.0.1:$PORT, $workers workers; locust: $USERS users, ${DURATION}s, at most $REQUESTS requests"

.venv/bin/locust -f bench/locustfile.py --headless --only-summary \
    -u "$USERS" -r "$SPAWN" -t "${DURATION}s" --stop-timeout 5 \
    --host "http://127.0.0.1:$PORT" --csv "$OUT/load" --exit-code-on-error 1 \
    2>"$OUT/locust.log" || status=$?

.venv/bin/python - "$OUT/load_stats.csv" "$USERS" "$workers" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
print(f"\n{sys.argv[2]} users, {sys.argv[3]} gunicorn workers")
print("| page | requests | failures | req/s | p50 ms | p95 ms | p99 ms |")
print("|---|---|---|---|---|---|---|")
for r in sorted(rows, key=lambda r: (r["Name"] == "Aggregated", r["Name"])):
    name = "**all pages**" if r["Name"] == "Aggregated" else r["Name"]
    print(f"| {name} | {r['Request Count']} | {r['Failure Count']} | {float(r['Requests/s']):.1f} "
          f"| {r['50%']} | {r['95%']} | {r['99%']} |")
PY
echo "(CSV and logs in $OUT)"
exit "${status:-0}"
