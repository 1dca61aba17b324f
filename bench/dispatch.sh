#!/usr/bin/env bash
# The monthly dispatch report (issue 12) against the same metrics computed by plain SQL over the same tables,
# in one run, at two sizes:
#   (1) the reference scenario on PostgreSQL (20,000 demo households, the 2018 list and its reports):
#       target: the page under 500 ms;
#   (2) 1,000,000 registered members and 3,000,000 beneficiary links (bench/sql/registry-1m.sql) with a 2018
#       list of ten computed tasks over them (bench/sql/dispatch-plan.sql): target: the page under 2 s.
#
#   bench/dispatch.sh [CALLS]      (default 10 timed page calls at each size, after two warm-up calls)
#
# Needs PostgreSQL 15+ on 127.0.0.1:5432 where user postgres (password postgres) may create databases, curl,
# bc and python3. Drops and recreates the databases counterpart_dispatch_scenario and counterpart_dispatch_1m
# (KEEP=1 keeps them). The reference (bench/sql/dispatch-reference.sql) is every metric the list asks, month by
# month for every county and recording side at once, one statement per metric, timed by psql (best and median of 3).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

calls=${1:-10}
port=${BENCH_PORT:-18097}
base="http://127.0.0.1:$port"
work=$(mktemp -d)
app_pid=
cleanup() {
    if [ -n "$app_pid" ]; then kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
export PGPASSWORD=postgres
psql_pg() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres "$@"; }
now() { date +%s.%N; }

./counterpart --help >/dev/null   # builds the jar when needed, outside the timings

start_app() { # $1 database, $2 demo on/off, $3 line of the log that says it is ready
    psql_pg -d postgres -c "drop database if exists $1" -c "create database $1"
    : > "$work/app.log"
    COUNTERPART_HOME="$work/home-$1" COUNTERPART_DEMO=$2 PORT=$port \
        COUNTERPART_DB_URL=jdbc:postgresql://127.0.0.1:5432/$1 COUNTERPART_DB_USER=postgres COUNTERPART_DB_PASSWORD=postgres \
        ./counterpart >"$work/app.log" 2>&1 &
    app_pid=$!
    for _ in $(seq 1 900); do
        grep -q "$3" "$work/app.log" && return 0
        kill -0 "$app_pid" 2>/dev/null || { cat "$work/app.log"; exit 1; }
        sleep 1
    done
    echo "not ready: $3"; tail -20 "$work/app.log"; exit 1
}
stop_app() {
    kill "$app_pid"; wait "$app_pid" 2>/dev/null || true; app_pid=
}
jar="$work/cookies"
csrf() { sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1; }
sign_in() { # $1 user, $2 password
    rm -f "$jar"
    local token
    token=$(curl -s -c "$jar" -b "$jar" "$base/login" | csrf)
    curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "username=$1" --data-urlencode "password=$2" \
        --data-urlencode "_csrf=$token" "$base/login"
}
get_ms() { # $1 path: time_total in ms of one call; fails on anything but 200
    local r
    r=$(curl -s -o "$work/last" -w '%{http_code} %{time_total}' -b "$jar" "$base$1")
    [ "${r% *}" = 200 ] || { echo "GET $1 -> ${r% *}" >&2; head -c 2000 "$work/last" >&2; exit 1; }
    echo "${r#* } * 1000" | bc -l
}
reference() { # $1 database: total of the statements' medians, in ms
    local out=()
    for _ in 1 2 3; do
        out+=("$(printf '\\timing on\n\\i bench/sql/dispatch-reference.sql\n' | psql_pg -d "$1" -o /dev/null 2>&1 \
            | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | paste -sd+ | bc)")
    done
    printf '%s\n' "${out[@]}" | sort -n | sed -n 2p
}
measure() { # $1 label, $2 database, $3 page path; prints one line for the summary
    get_ms "$3" >/dev/null; get_ms "$3" >/dev/null
    : > "$work/times"
    for _ in $(seq 1 "$calls"); do get_ms "$3" >> "$work/times"; done
    cp "$work/last" "$work/page-$2.html"
    local ref
    ref=$(reference "$2")
    python3 - "$1" "$ref" "$work/times" "$4" <<'PY'
import statistics, sys
label, ref, path, target = sys.argv[1], float(sys.argv[2]), sys.argv[3], float(sys.argv[4])
t = sorted(float(x) for x in open(path))
p95 = t[max(0, int(round(0.95 * len(t))) - 1)]
med = statistics.median(t)
print(f"{label}: page p50 {med:.0f} ms, p95 {p95:.0f} ms, max {t[-1]:.0f} ms ({len(t)} calls) -> target < {target:.0f} ms "
      f"{'met' if p95 < target else 'NOT met'}; plain SQL of the same metrics {ref:.0f} ms; ratio page / SQL {med / ref:.1f}")
PY
}

echo "== (1) the reference scenario on PostgreSQL (20,000 demo households, loaded in the background)"
start_app counterpart_dispatch_scenario true "monthly reports of January to November"
sign_in dalian.office counterpart2018
psql_pg -d counterpart_dispatch_scenario -c "vacuum analyze"
psql_pg -d counterpart_dispatch_scenario -tAc "select (select count(*) from membership) || ' member rows, ' || (select count(*) from beneficiary_link)
    || ' links, ' || (select count(*) from task_target) || ' targets, ' || (select count(*) from monthly_report) || ' monthly reports'"
list=$(psql_pg -d counterpart_dispatch_scenario -tAc "select min(id) from responsibility_list where plan_year = 2018")
measure "reference scenario, September 2018" counterpart_dispatch_scenario "/insight/dispatch?list=$list&month=9" 500 | tee "$work/summary"
stop_app

echo "== (2) 1,000,000 members and 3,000,000 links, generated with SQL, and a list of ten computed tasks"
start_app counterpart_dispatch_1m false "Counterpart is running"
password=$(sed -n "s/.*created administrator 'admin' with the password \([A-Za-z0-9]*\).*/\1/p" "$work/app.log")
start=$(now)
psql_pg -d counterpart_dispatch_1m -f bench/sql/registry-1m.sql
psql_pg -d counterpart_dispatch_1m -f bench/sql/dispatch-plan.sql
printf 'generated in %.0f s: ' "$(echo "$(now) - $start" | bc)"
psql_pg -d counterpart_dispatch_1m -tAc "select (select count(*) from membership) || ' members, ' || (select count(*) from beneficiary_link) || ' links'"
sign_in admin "$password"
token=$(curl -s -c "$jar" -b "$jar" "$base/reach?year=2018&place=5202" | csrf)
curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "year=2018" --data-urlencode "_csrf=$token" "$base/reach/rebuild"
psql_pg -d counterpart_dispatch_1m -c "vacuum analyze"
measure "1,000,000 members, 3,000,000 links, September 2018" counterpart_dispatch_1m "/insight/dispatch?list=1&month=9" 2000 | tee -a "$work/summary"
# the figures agree: funds disbursed by Dalian to the end of September, page (JSON) against SQL
api=$(curl -s -b "$jar" "$base/api/dispatch?month=2018-09" | python3 -c "import json,sys; d=json.load(sys.stdin); print([t['toDate'] for t in d['tasks'] if t['seq']==1][0])")
sql=$(psql_pg -d counterpart_dispatch_1m -tAc "select sum(disbursed) from ledger_fund where reg_year = 2018 and extract(month from disbursed_on) <= 9")
echo "funds disbursed to the end of September: page $api, SQL $sql" | tee -a "$work/summary"
python3 -c "import sys; sys.exit(0 if abs(float('$api') - float('$sql')) < 0.01 else 1)" || { echo "the figures differ"; exit 1; }
stop_app

echo; echo "== summary"; cat "$work/summary"
if [ "${KEEP:-0}" != 1 ]; then
    psql_pg -d postgres -c "drop database if exists counterpart_dispatch_scenario" -c "drop database if exists counterpart_dispatch_1m"
fi
