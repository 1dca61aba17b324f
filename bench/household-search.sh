#!/usr/bin/env bash
# Household search on a registry of about 1,000,000 members (issue #3: under 200 ms at the 95th
# percentile), over real HTTP, next to PostgreSQL's own time for the same queries, measured in one run.
#
#   bench/household-search.sh [HOUSEHOLDS] [REQUESTS]
#       HOUSEHOLDS  default 100000 (× 2016-2018 = about 1,000,000 member rows, as bench/import-vs-copy.sh)
#       REQUESTS    default 600 measured requests, after 60 to warm up
#   KEEP=1 bench/household-search.sh   reuses the database of an earlier run when it holds the registry
#
# Needs a PostgreSQL 15+ on 127.0.0.1:5432 where user postgres (password postgres) may create databases,
# curl and psql. Steps:
#   1. generate a registry export with ./counterpart generate (the import bench's file) and import it
#      with ./counterpart import into an empty database counterpart_search_bench
#   2. start Counterpart on that database on a free port and sign in as the administrator the first
#      start created (a session, as the household list page has; HTTP Basic would add a password hash
#      to every request)
#   3. send a fixed mix of household list requests (GET /api/registry/households) one after another:
#      the list page's filters - year, county, town or village, poverty status, attribute, cause, exit
#      readiness, household number - on the first pages mostly and deeper pages sometimes, 50 a page
#   4. the reference: the same filters as SQL (the count and the page of ids the list needs), sent by
#      psql to PostgreSQL directly, each timed by psql
# and prints p50, p95 and p99 of both and the ratio of the 95th percentiles.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

households=${1:-100000}
requests=${2:-600}
warmup=60
db=counterpart_search_bench
work=$(mktemp -d)
export PGPASSWORD=postgres
psql_pg() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres "$@"; }
app_pid=
cleanup() {
    if [ -n "$app_pid" ]; then kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

./counterpart --help >/dev/null   # builds the jar when needed
home=${SEARCH_BENCH_HOME:-target/search-bench}
mkdir -p "$home"
env_db=(COUNTERPART_HOME="$home" COUNTERPART_DEMO=false COUNTERPART_DB_URL=jdbc:postgresql://127.0.0.1:5432/$db
        COUNTERPART_DB_USER=postgres COUNTERPART_DB_PASSWORD=postgres)

have=0
if [ "${KEEP:-0}" = 1 ] && [ -f "$home/admin-password" ] \
        && psql_pg -d postgres -tAc "select 1 from pg_database where datname = '$db'" | grep -q 1; then
    have=$(psql_pg -d $db -tAc "select count(*) from membership" 2>/dev/null || echo 0)
fi
if [ "$have" -gt 0 ]; then
    echo "== reusing $db ($have members)"
else
    echo "== generating $households households (2016-2018) and importing them into $db"
    COUNTERPART_HOME="$work/gen" COUNTERPART_DEMO=false ./counterpart generate households \
        --count "$households" --year 2016-2018 --out "$work/registry.csv" --seed 2018 | tail -1
    psql_pg -d postgres -c "drop database if exists $db" -c "create database $db"
    rm -rf "$home"; mkdir -p "$home"
    env "${env_db[@]}" JAVA_OPTS="-Xmx1g" ./counterpart import households "$work/registry.csv" > "$work/import.log" 2>&1 || true
    tail -1 "$work/import.log" | tr '\r' '\n' | tail -1
    sed -n "s/.*created administrator 'admin' with the password \([^ ]*\).*/\1/p" "$work/import.log" > "$home/admin-password"
    rm -f "$work/registry.csv"
fi
password=$(cat "$home/admin-password")
members=$(psql_pg -d $db -tAc "select count(*) from membership")
psql_pg -d $db -c "vacuum analyze"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo 18573)
echo "== starting Counterpart on port $port"
env "${env_db[@]}" PORT=$port java -Xmx1g -jar target/counterpart.jar > "$work/app.log" 2>&1 &
app_pid=$!
base=http://127.0.0.1:$port
for _ in $(seq 1 120); do
    curl -s -o /dev/null "$base/login" && break
    sleep 1
done
jar="$work/cookies"
csrf=$(curl -s -c "$jar" -b "$jar" "$base/login" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1)
curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode username=admin --data-urlencode "password=$password" \
    --data-urlencode "_csrf=$csrf" "$base/login"

# the mix: the places, codes and household numbers the registry holds, chosen with a fixed seed
year=$(psql_pg -d $db -tAc "select max(reg_year) from household_year")
mapfile -t counties < <(psql_pg -d $db -tAc "select distinct county_code from household_year order by 1")
mapfile -t towns < <(psql_pg -d $db -tAc "select distinct substr(village_code, 1, 9) from household_year order by 1")
mapfile -t villages < <(psql_pg -d $db -tAc "select distinct village_code from household_year order by 1")
mapfile -t numbers < <(psql_pg -d $db -tAc "select household_no from household order by id limit 2000")
statuses=(未脱贫 预脱贫 已脱贫 返贫)
attributes=(一般贫困户 低保贫困户 五保贫困户)
causes=(因病 因残 因学 缺技术 缺劳力 缺资金)
line=$(psql_pg -d $db -tAc "select amount from poverty_line where reg_year = $year order by province desc limit 1")
ready_sql="(case when ${line:-null} is not null and ((hy.income_wage + hy.income_business + hy.income_transfer + hy.income_property - hy.production_costs) / hy.member_count) > ${line:-0} and hy.dangerous_housing = false and hy.safe_water = true and hy.members_ready = true then 1 else 0 end)"
urlencode() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n' | sed 's/\(..\)/%\1/g'; }
next_code() { # the first code after every code that begins with $1
    local p=$1 i
    for ((i = ${#p} - 1; i >= 0; i--)); do
        if [ "${p:i:1}" != 9 ]; then printf '%s%d' "${p:0:i}" $((${p:i:1} + 1)); return; fi
    done
}

RANDOM=2018
total=$((warmup + requests))
: > "$work/urls"; : > "$work/sql"
for ((n = 0; n < total; n++)); do
    q="year=$year"; w="hy.reg_year = $year"; join=""
    place=$((RANDOM % 10))
    prefix=""
    if [ $place -lt 3 ]; then prefix=${counties[RANDOM % ${#counties[@]}]}
    elif [ $place -lt 5 ]; then prefix=${towns[RANDOM % ${#towns[@]}]}
    elif [ $place -lt 7 ]; then prefix=${villages[RANDOM % ${#villages[@]}]}
    fi
    if [ -n "$prefix" ]; then
        q+="&region=$prefix"; w+=" and hy.village_code >= '$prefix' and hy.county_code = '${prefix:0:6}'"
        to=$(next_code "$prefix"); [ -n "$to" ] && w+=" and hy.village_code < '$to'"
    fi
    if [ $((RANDOM % 4)) = 0 ]; then s=${statuses[RANDOM % 4]}; q+="&status=$(urlencode "$s")"; w+=" and hy.poverty_status = '$s'"; fi
    if [ $((RANDOM % 5)) = 0 ]; then a=${attributes[RANDOM % 3]}; q+="&attribute=$(urlencode "$a")"; w+=" and hy.poverty_attribute = '$a'"; fi
    if [ $((RANDOM % 5)) = 0 ]; then c=${causes[RANDOM % 6]}; q+="&cause=$(urlencode "$c")"; w+=" and (hy.main_cause = '$c' or hy.other_causes like '%$c%')"; fi
    if [ $((RANDOM % 3)) = 0 ]; then r=$((RANDOM % 2)); q+="&ready=$([ $r = 1 ] && echo true || echo false)"; w+=" and $ready_sql = $r"; fi
    if [ $((RANDOM % 10)) = 0 ]; then no=${numbers[RANDOM % ${#numbers[@]}]}; q+="&no=$no"; w+=" and h.household_no = '$no'"; join=" join household h on h.id = hy.household_id"; fi
    depth=$((RANDOM % 10))
    page=0
    if [ $depth -ge 6 ] && [ $depth -lt 9 ]; then page=$((1 + RANDOM % 10)); elif [ $depth = 9 ]; then page=$((10 + RANDOM % 90)); fi
    q+="&page=$page&size=50"
    echo "$base/api/registry/households?$q" >> "$work/urls"
    {
        echo "select count(*) from household_year hy$join where $w;"
        echo "select hy.household_id from household_year hy join household h on h.id = hy.household_id where $w order by hy.village_code, h.household_no offset $((page * 50)) rows fetch next 50 rows only;"
    } >> "$work/sql"
done

echo "== $total requests ($warmup to warm up), one after another"
# one curl for all, so the connection is kept as a browser keeps it; time_total is each response's
args=()
while read -r url; do args+=(-o /dev/null "$url"); done < "$work/urls"
curl -s -b "$jar" -w '%{http_code} %{time_total}\n' "${args[@]}" > "$work/http"
if grep -qv '^200 ' "$work/http"; then
    echo "some requests failed:"; grep -v '^200 ' "$work/http" | sort | uniq -c | head; exit 1
fi
tail -n "$requests" "$work/http" | awk '{printf "%.3f\n", $2 * 1000}' > "$work/app-ms"

echo "== the same queries in psql"
{ echo '\timing on'; cat "$work/sql"; } | psql -X -h 127.0.0.1 -U postgres -d $db -o /dev/null 2>&1 \
    | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | paste -d' ' - - | awk '{printf "%.3f\n", $1 + $2}' | tail -n "$requests" > "$work/sql-ms"

echo "slowest requests (ms):"
paste -d' ' <(awk '{printf "%.1f\n", $2 * 1000}' "$work/http") "$work/urls" | tail -n "$requests" | sort -rn | awk 'NR <= 5' \
    | sed "s|$base/api/registry/households?||" | sed 's/^/  /'

pct() { sort -n "$1" | awk -v p="$2" '{v[NR] = $1} END {i = int(NR * p / 100 + 0.999999); if (i < 1) i = 1; printf "%.1f", v[i]}'; }
a50=$(pct "$work/app-ms" 50); a95=$(pct "$work/app-ms" 95); a99=$(pct "$work/app-ms" 99)
s50=$(pct "$work/sql-ms" 50); s95=$(pct "$work/sql-ms" 95); s99=$(pct "$work/sql-ms" 99)
echo
echo "registry: $members members; $requests requests measured, year $year, 50 households a page"
printf 'Counterpart over HTTP:        p50 %7.1f ms  p95 %7.1f ms  p99 %7.1f ms\n' "$a50" "$a95" "$a99"
printf 'PostgreSQL, same SQL (psql):  p50 %7.1f ms  p95 %7.1f ms  p99 %7.1f ms\n' "$s50" "$s95" "$s99"
printf 'ratio of p95 (Counterpart / PostgreSQL): %.2f; target p95 < 200 ms: %s\n' "$(echo "$a95 / $s95" | bc -l)" \
    "$(echo "$a95 < 200" | bc -l | sed 's/1/met/;s/0/NOT met/')"
