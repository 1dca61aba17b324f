#!/usr/bin/env bash
# Reach and coverage (issue #4) against PostgreSQL's own count(distinct) over the same links, in one run.
#
#   bench/reach-vs-count-distinct.sh [CALLS]      (default 50 dashboard calls for the p95)
#
# Needs a PostgreSQL 15+ on 127.0.0.1:5432 where user postgres (password postgres) may create databases,
# curl and python3. Rerunnable: it drops and recreates the database counterpart_reach_bench each time
# (KEEP=1 keeps the database afterwards, for EXPLAIN; BENCH_DB names another database, BENCH_PORT another port). Steps:
#   1. start Counterpart against the empty database (demo off): the application migrates it itself and
#      creates its first administrator, whose password the script reads from the terminal output
#   2. generate with SQL (generate_series) the registry of one year, 2018: 300,000 households (75,000 in
#      each of the Liupanshui counties 520201, 520203, 520204, 520281, real village codes), 1,000,000
#      members; 133,000 ledger records of the six kinds that reach people, placed in those counties; and
#      3,000,000 beneficiary links between them (80 % of each county's members reached, the rest not)
#   3. build reach_person with the application's own code path: POST /reach/rebuild as the administrator
#      (insight.ReachRows.rebuild, from the links as BeneficiaryLinks reads them)
#   4. time (a) the reference: count(distinct person_id) by county and ledger, and by county, over
#      beneficiary_link, in psql; (b) GET /api/reach?year=2018&place=5202 (the whole helped city: reach,
#      coverage, money per person by county and by kind) over real HTTP, signed in with a session; and
#      (c) the dashboard-sized GET /api/reach?year=2018&place=520201 repeated CALLS times, p50 and p95
#      (target p95 < 200 ms); then checks that (a) and (b) give the same counts and prints the ratios.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

calls=${1:-50}
db=${BENCH_DB:-counterpart_reach_bench}   # BENCH_DB: another database, when several people bench on one server
port=${BENCH_PORT:-18089}
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

echo "== empty database $db, migrated by Counterpart itself"
psql_pg -d postgres -c "drop database if exists $db" -c "create database $db"
: > "$work/app.log"
COUNTERPART_HOME="$work/home" COUNTERPART_DEMO=false PORT=$port \
    COUNTERPART_DB_URL=jdbc:postgresql://127.0.0.1:5432/$db COUNTERPART_DB_USER=postgres COUNTERPART_DB_PASSWORD=postgres \
    ./counterpart >"$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 180); do
    grep -q "Counterpart is running" "$work/app.log" && break
    kill -0 "$app_pid" 2>/dev/null || { cat "$work/app.log"; exit 1; }
    sleep 1
done
password=$(sed -n "s/.*created administrator 'admin' with the password \([A-Za-z0-9]*\).*/\1/p" "$work/app.log")
[ -n "$password" ] || { echo "no administrator password in the log"; cat "$work/app.log"; exit 1; }

echo "== generating the registry, the records and 3,000,000 links with SQL"
start=$(now)
psql_pg -d "$db" -f bench/sql/registry-1m.sql
printf 'generated in %.1f s: ' "$(echo "$(now) - $start" | bc)"
psql_pg -d "$db" -tAc "select (select count(*) from membership) || ' members, ' || (select count(*) from household_year) || ' households, '
    || (select count(*) from beneficiary_link) || ' links'"

echo "== signing in as the administrator (a session, as the pages and the API use it)"
jar="$work/cookies"
csrf() { sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1; }
token=$(curl -s -c "$jar" -b "$jar" "$base/login" | csrf)
curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "username=admin" --data-urlencode "password=$password" \
    --data-urlencode "_csrf=$token" "$base/login"

echo "== reach_person built by the application (POST /reach/rebuild, insight.ReachRows.rebuild)"
token=$(curl -s -c "$jar" -b "$jar" "$base/reach?year=2018&place=5202" | csrf)
rebuild=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -c "$jar" -b "$jar" --data-urlencode "year=2018" \
    --data-urlencode "_csrf=$token" "$base/reach/rebuild")
echo "HTTP ${rebuild% *}, ${rebuild#* } s"
[ "${rebuild% *}" = 302 ] || { echo "rebuild refused"; exit 1; }
psql_pg -d "$db" -c "vacuum analyze reach_person"   # what autovacuum does after a bulk insert: the visibility map that index-only scans need
psql_pg -d "$db" -tAc "select count(*) || ' people reached' from reach_person where reg_year = 2018"

# best and median of repeated runs of one statement, timed by psql itself (no client start-up)
reference() { # $1 label, $2 sql
    local out
    out=$(printf '\\timing on\n%s;\n%s;\n%s;\n' "$2" "$2" "$2" | psql_pg -d "$db" -o /dev/null 2>&1 | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p')
    echo "$out" | sort -n | awk -v l="$1" '{ t[NR] = $1 } END { printf "%s|%.1f|%.1f\n", l, t[1], t[2] }'
}
api() { # $1 path: prints time_total in ms of one call, fails on anything but 200
    local r
    r=$(curl -s -o "$work/last.json" -w '%{http_code} %{time_total}' -b "$jar" "$base$1")
    [ "${r% *}" = 200 ] || { echo "GET $1 -> ${r% *}" >&2; cat "$work/last.json" >&2; exit 1; }
    echo "${r#* } * 1000" | bc -l
}

echo "== (a) reference: count(distinct) over beneficiary_link"
{
    reference "by county and ledger" "select county_code, ledger, count(distinct person_id) from beneficiary_link where reg_year = 2018 group by county_code, ledger"
    reference "by county" "select county_code, count(distinct person_id) from beneficiary_link where reg_year = 2018 group by county_code"
    reference "one county (520201), by ledger and in total" "select ledger, count(distinct person_id) from beneficiary_link where reg_year = 2018 and county_code = '520201' group by rollup (ledger)"
} > "$work/reference"
psql_pg -d "$db" -tA -F, -c "select county_code, ledger, count(distinct person_id) from beneficiary_link where reg_year = 2018 group by county_code, ledger" > "$work/ref-kinds.csv"
psql_pg -d "$db" -tA -F, -c "select county_code, count(distinct person_id) from beneficiary_link where reg_year = 2018 group by county_code" > "$work/ref-counties.csv"
psql_pg -d "$db" -tA -F, -c "select county_code, sum(member_count) from household_year where reg_year = 2018 group by county_code" > "$work/ref-registered.csv"

echo "== (b) Counterpart: GET /api/reach?year=2018&place=5202 (reach, coverage and money by county and kind)"
api "/api/reach?year=2018&place=5202" >/dev/null   # warm-up
city=()
for _ in 1 2 3 4 5; do city+=("$(api "/api/reach?year=2018&place=5202")"); done
cp "$work/last.json" "$work/city.json"

echo "== (c) dashboard: GET /api/reach?year=2018&place=520201, $calls calls"
for _ in 1 2 3 4 5; do api "/api/reach?year=2018&place=520201" >/dev/null; done
: > "$work/dashboard"
for _ in $(seq 1 "$calls"); do api "/api/reach?year=2018&place=520201" >> "$work/dashboard"; done

python3 - "$work" "${city[@]}" <<'PY'
import csv, json, statistics, sys, os
work, city = sys.argv[1], sorted(float(x) for x in sys.argv[2:])
ref = {}
for line in open(os.path.join(work, "reference")):
    label, best, median = line.strip().split("|")
    ref[label] = (float(best), float(median))
data = json.load(open(os.path.join(work, "city.json")))
kinds = {(r[0], r[1]): int(r[2]) for r in csv.reader(open(os.path.join(work, "ref-kinds.csv"))) if r}
counties = {r[0]: int(r[1]) for r in csv.reader(open(os.path.join(work, "ref-counties.csv"))) if r}
registered = {r[0]: int(r[1]) for r in csv.reader(open(os.path.join(work, "ref-registered.csv"))) if r}
same = True
for c in data["counties"]:
    code = c["county"]
    same &= c["reachedPeople"] == counties.get(code, 0) and c["registeredPeople"] == registered.get(code, 0)
    for kind, n in c["peopleByKind"].items():
        same &= n == kinds.get((code, kind), 0)
same &= len(data["counties"]) == len(counties)
dash = sorted(float(x) for x in open(os.path.join(work, "dashboard")))
p95 = dash[max(0, int(round(0.95 * len(dash))) - 1)]
city_median = statistics.median(city)
ref_city = ref["by county and ledger"][1] + ref["by county"][1]
ref_county = ref["one county (520201), by ledger and in total"][1]
print()
print(f"registered {data['registeredPeople']:,} people in {data['registeredHouseholds']:,} households; reached "
      f"{data['reachedPeople']:,} people ({float(data['coverage']) * 100:.1f} %), {data['reachedHouseholds']:,} households; "
      f"money per person {data['moneyPerPerson']} yuan")
print(f"counts agree with count(distinct): {'yes' if same else 'NO'}")
for label, (best, median) in ref.items():
    print(f"reference, {label}: best {best:.0f} ms, median {median:.0f} ms (SQL only, in psql)")
print(f"reference for the city, both statements: {ref_city:.0f} ms")
print(f"Counterpart, whole city by county and kind over HTTP: median {city_median:.0f} ms (best {city[0]:.0f} ms of {len(city)})"
      f" -> speed ratio reference / Counterpart = {ref_city / city_median:.1f}")
print(f"Counterpart, one county (dashboard) over HTTP, {len(dash)} calls: p50 {statistics.median(dash):.0f} ms, p95 {p95:.0f} ms, "
      f"max {dash[-1]:.0f} ms -> target p95 < 200 ms {'met' if p95 < 200 else 'NOT met'}; "
      f"reference for one county {ref_county:.0f} ms, ratio {ref_county / statistics.median(dash):.1f}")
PY

if [ "${KEEP:-0}" != 1 ]; then
    kill "$app_pid"; wait "$app_pid" 2>/dev/null || true; app_pid=
    psql_pg -d postgres -c "drop database if exists $db"
fi
