#!/usr/bin/env bash
# Registry import speed against PostgreSQL's own COPY of the same file, measured in one run.
#
#   bench/import-vs-copy.sh [HOUSEHOLDS]      (default 100000 households = about 1,000,000 member rows)
#
# Needs a PostgreSQL 15+ on 127.0.0.1:5432 where user postgres (password postgres) may create databases
# (.ci/run prepares exactly that). Steps:
#   1. generate a registry export (CSV, 3 years, Liupanshui villages) with ./counterpart generate
#   2. COPY it into an unindexed table of text columns (the reference: no validation at all)
#   3. import it with full validation, encryption and de-duplication into an empty Counterpart database
#      on PostgreSQL, with the heap limited to 512 MB, and once more on the embedded H2 database
#   4. (the floor) load the rows the import wrote, in PostgreSQL's binary format, into an empty copy of
#      the schema, with and without its foreign keys: the best any import into this schema could do
# and prints rows per second and the ratio import speed / COPY speed for each.
#
# The import reads the file once (rows checked on every core), keeps the checked rows of each year
# in temporary files, and writes year by year in one transaction: with COPY on PostgreSQL, with
# batched inserts on H2. The machine's load is printed with the results: on a shared machine both
# timings move with it, the ratio less so.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

households=${1:-100000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PGPASSWORD=postgres
psql_pg() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres "$@"; }
now() { date +%s.%N; }

./counterpart --help >/dev/null   # builds the jar when needed, outside the timings

echo "== generating $households households (2016-2018)"
COUNTERPART_HOME="$work/gen" COUNTERPART_DEMO=false ./counterpart generate households \
    --count "$households" --year 2016-2018 --out "$work/registry.csv" --seed 2018 | tail -1
rows=$(($(wc -l < "$work/registry.csv") - 1))

echo "== PostgreSQL COPY into an unindexed text table"
psql_pg -d postgres -c "drop database if exists counterpart_bench" -c "create database counterpart_bench"
cols=$(for i in $(seq 1 32); do printf 'c%d text,' "$i"; done)
psql_pg -d counterpart_bench -c "create table raw_registry (${cols%,})"
start=$(now)
psql_pg -d counterpart_bench -c "\\copy raw_registry from '$work/registry.csv' with (format csv, header true, encoding 'UTF8')"
copy_s=$(echo "$(now) - $start" | bc)
copied=$(psql_pg -d counterpart_bench -tAc "select count(*) from raw_registry")

import_run() { # $1 label; remaining: environment for the run
    local label=$1; shift
    local start out secs
    start=$(now)
    out=$(env "$@" COUNTERPART_DEMO=false JAVA_OPTS="-Xmx512m" ./counterpart import households "$work/registry.csv" 2>&1 | tail -1)
    secs=$(echo "$(now) - $start" | bc)
    local inner
    inner=$(echo "$out" | sed -n 's/.*(\([0-9.]*\) s)$/\1/p')
    echo "$label: $out"
    printf '%s|%s|%s\n' "$label" "$secs" "${inner:-$secs}" >> "$work/results"
}

echo "== Counterpart import into PostgreSQL (heap 512 MB)"
psql_pg -d postgres -c "drop database if exists counterpart_bench_app" -c "create database counterpart_bench_app"
import_run postgresql COUNTERPART_HOME="$work/pg" COUNTERPART_DB_URL=jdbc:postgresql://127.0.0.1:5432/counterpart_bench_app \
    COUNTERPART_DB_USER=postgres COUNTERPART_DB_PASSWORD=postgres

echo "== The floor: the finished rows alone, binary COPY into an empty copy of the schema"
# What the import writes, taken back out of the imported database in PostgreSQL's binary format, then
# loaded again into an empty database with the same schema in one transaction: no parsing, no checks,
# no encryption, no look-ups. Timed once with the schema's foreign keys and once without them; no
# import into this schema can be faster than that on this machine.
tables="household person household_year membership"
for t in $tables; do
    psql_pg -d counterpart_bench_app -c "\\copy $t to '$work/$t.bin' with (format binary)"
done
floor_load() { # $1 database
    local start
    start=$(now)
    { echo "begin;"; for t in $tables; do echo "\\copy $t from '$work/$t.bin' with (format binary)"; done; echo "commit;"; } \
        | psql_pg -d "$1" >/dev/null
    echo "$(now) - $start" | bc
}
pg_dump -h 127.0.0.1 -U postgres --schema-only --no-owner counterpart_bench_app > "$work/schema.sql"
psql_pg -d counterpart_bench_app -c "\\copy region to '$work/region.bin' with (format binary)"
psql_pg -d postgres -c "drop database if exists counterpart_bench_floor" -c "create database counterpart_bench_floor"
psql_pg -d counterpart_bench_floor -f "$work/schema.sql" >/dev/null
psql_pg -d counterpart_bench_floor -c "\\copy region from '$work/region.bin' with (format binary)"
floor_keys=$(floor_load counterpart_bench_floor)
psql_pg -d counterpart_bench_floor -c "truncate household, person, household_year, membership cascade" 2>/dev/null
psql_pg -d counterpart_bench_floor -tAc "select format('alter table %s drop constraint %I;', conrelid::regclass, conname) from pg_constraint
    where contype = 'f' and conrelid::regclass::text in ('household', 'household_year', 'membership')" | psql_pg -d counterpart_bench_floor
floor_bare=$(floor_load counterpart_bench_floor)
psql_pg -d postgres -c "drop database if exists counterpart_bench_floor"

echo "== Counterpart import into the embedded H2 database (heap 512 MB)"
import_run h2 COUNTERPART_HOME="$work/h2"

echo
echo "rows: $rows (COPY loaded $copied); load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
printf 'COPY (PostgreSQL): %.1f s, %.0f rows/s\n' "$copy_s" "$(echo "$rows / $copy_s" | bc -l)"
printf 'floor, the finished rows by binary COPY with the foreign keys: %.1f s, ratio at best %.2f\n' "$floor_keys" "$(echo "$copy_s / $floor_keys" | bc -l)"
printf 'floor, the same without the foreign keys: %.1f s, ratio at best %.2f\n' "$floor_bare" "$(echo "$copy_s / $floor_bare" | bc -l)"
while IFS='|' read -r label whole inner; do
    printf 'import (%s): %.1f s for the import (%.1f s with JVM start), %.0f rows/s, speed ratio import/COPY = %.2f\n' \
        "$label" "$inner" "$whole" "$(echo "$rows / $inner" | bc -l)" "$(echo "$copy_s / $inner" | bc -l)"
done < "$work/results"
psql_pg -d postgres -c "drop database if exists counterpart_bench" -c "drop database if exists counterpart_bench_app"
