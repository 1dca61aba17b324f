#!/usr/bin/env bash
# 200 signed-in sessions doing what officers do, for 60 seconds, on PostgreSQL with the reference scenario
# (issue 10: p99 under 300 ms, no errors, no page above 300 KB), beside the same requests' SQL sent straight
# to PostgreSQL (the floor), measured in one run.
#
#   bench/web-load.sh [SESSIONS] [SECONDS]      (default 200 sessions, 60 seconds)
#
# Needs a PostgreSQL 15+ on 127.0.0.1:5432 where user postgres (password postgres) is a superuser whose server
# logs to /var/log/postgresql (Debian's layout), curl and psql. Loopback only; the load is bounded by each
# session thinking 1 to 3 seconds between requests (an officer reading the page), so 200 sessions send about
# 100 requests a second. Steps:
#   1. start Counterpart with its demo (the reference scenario: 20,000 Liupanshui households of 2016-2018,
#      the thirteen agreements and the ledgers that reach them) on an empty database and wait for its ledgers
#   2. sign in SESSIONS sessions as the demo accounts of both cities (coordinators, reporters, a reviewer, the
#      leader, the assessor, the administrator) and run the mix for SECONDS: home, household lists with filters,
#      a household page, ledger lists, a fund's page, reach, a household's file, monitoring, a ledger export
#   3. the floor: each kind of request once per account, one after another, with PostgreSQL logging every
#      statement of the benchmark database (log_min_duration_statement = 0 for the run only); the log is cut
#      into each request's statements with their values, and those are replayed over JDBC by the same number
#      of sessions with the same think times and a pool of 10 connections, as the application has
# and prints requests per second, p50/p95/p99 per kind and in all, errors and the largest answer of both.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

sessions=${1:-200}
seconds=${2:-60}
db=${BENCH_DB:-counterpart_web_bench}
port=${BENCH_PORT:-18094}
base="http://127.0.0.1:$port"
pglog=${PG_LOG:-$(ls -t /var/log/postgresql/postgresql-*-main.log | head -1)}
work=$(mktemp -d)
app_pid=
cleanup() {
    if [ -n "$app_pid" ]; then kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi
    psql -X -q -h 127.0.0.1 -U postgres -d postgres -c "alter database $db reset log_min_duration_statement" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
export PGPASSWORD=postgres
psql_pg() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres "$@"; }

./counterpart --help >/dev/null   # builds the jar when needed, outside the timings
pgjar=$(ls ~/.m2/repository/org/postgresql/postgresql/*/postgresql-*.jar | grep -v sources | sort -V | tail -1)
jdbc="jdbc:postgresql://127.0.0.1:5432/$db"

start_app() {
    : > "$work/app.log"
    COUNTERPART_HOME="$home" PORT=$port JAVA_OPTS="-Xmx1g" \
        COUNTERPART_DB_URL="$jdbc" COUNTERPART_DB_USER=postgres COUNTERPART_DB_PASSWORD=postgres \
        ./counterpart >"$work/app.log" 2>&1 &
    app_pid=$!
}
stop_app() { kill "$app_pid"; wait "$app_pid" 2>/dev/null || true; app_pid=; }

# KEEP=1: reuse the database and data directory of an earlier run (bench/.web-load-home) when they hold the scenario
home=bench/.web-load-home
if [ "${KEEP:-0}" = 1 ] && [ -d "$home" ] && psql_pg -d "$db" -tAc "select count(*) from beneficiary_link" 2>/dev/null | grep -qv '^0$'; then
    echo "== reusing the reference scenario in $db"
    start_app
    for _ in $(seq 1 120); do grep -q "Counterpart is running" "$work/app.log" && break; sleep 1; done
else
    echo "== the reference scenario on an empty database $db"
    rm -rf "$home"
    psql_pg -d postgres -c "drop database if exists $db" -c "create database $db"
    start=$(date +%s)
    start_app
    for _ in $(seq 1 900); do
        grep -q "Loaded the demo ledgers" "$work/app.log" && break
        if ! kill -0 "$app_pid" 2>/dev/null || grep -q "could not be loaded" "$work/app.log"; then cat "$work/app.log"; exit 1; fi
        sleep 1
    done
    grep -q "Loaded the demo ledgers" "$work/app.log" || { echo "the demo did not load within 15 minutes"; exit 1; }
    echo "scenario in place after $(( $(date +%s) - start )) s"
    psql_pg -d "$db" -c "vacuum analyze" >/dev/null
fi
psql_pg -d "$db" -tAc "select 'households ' || count(*) from household union all select 'links ' || count(*) from beneficiary_link"
echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== $sessions sessions for $seconds s over HTTP"
java -Xss512k bench/WebLoad.java load "$base" "$sessions" "$seconds" | tee "$work/load.txt"
echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== the floor: each request's SQL, from PostgreSQL's log, replayed straight to PostgreSQL"
psql_pg -d postgres -c "alter database $db set log_min_duration_statement = 0"
# the setting reaches connections opened after it: the application's pool is renewed by a restart
stop_app
start_app
for _ in $(seq 1 120); do grep -q "Counterpart is running" "$work/app.log" && break; sleep 1; done
log_from=$(stat -c %s "$pglog")
java -cp "$pgjar" bench/WebLoad.java marks "$base" "$jdbc" "$work/marks.txt"
sleep 1
tail -c +"$((log_from + 1))" "$pglog" > "$work/pg.log"
psql_pg -d postgres -c "alter database $db reset log_min_duration_statement"
stop_app
java bench/WebLoad.java split "$work/pg.log" "$work/marks.txt" "$db" "$work/sql"
java -Xss512k -cp "$pgjar" bench/WebLoad.java floor "$jdbc" "$work/sql" "$sessions" "$seconds" | tee "$work/floor.txt"

echo
echo "== summary ($(nproc) cores, load average now $(cut -d' ' -f1-3 /proc/loadavg))"
grep -E "^Counterpart|^  all|^errors|^largest page" "$work/load.txt"
grep -E "^the same|^  all|^statements" "$work/floor.txt"
p99=$(awk '/^  all/ {print $5}' "$work/load.txt")
floor99=$(awk '/^  all/ {print $5}' "$work/floor.txt")
awk -v a="$p99" -v b="$floor99" 'BEGIN { printf "p99 Counterpart / p99 of its SQL alone: %.1f; target p99 < 300 ms: %s\n", a / b, (a < 300 ? "met" : "not met") }'
