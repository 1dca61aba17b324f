#!/usr/bin/env bash
# Registry import speed against PostgreSQL's own COPY of the same file, measured in one run.
#
#   bench/import-vs-copy.sh [HOUSEHOLDS]      (default 100000 households = about 1,000,000 member rows)
#
# Needs a PostgreSQL 15+ on 127.0.0.1:5432 where user postgres (password postgres) may create databases
# (.ci/run prepares exactly that). Two files are fed, each about 1,000,000 member rows: the three-year
# one (HOUSEHOLDS households in 2016-2018) and a one-year one (3 x HOUSEHOLDS households, all in 2018:
# a whole city's list of a year). For each file:
#   1. generate a registry export (CSV, Liupanshui villages) with ./counterpart generate
#   2. COPY it into an unindexed table of text columns (the reference: no validation at all)
#   3. import it with full validation, encryption and de-duplication into an empty Counterpart database
#      on PostgreSQL, with the heap limited to 512 MB, and once more on the embedded H2 database; the
#      JVM logs its collections, and the script reports the largest heap left after a collection
#   4. (three-year file only; the floor) load the rows the import wrote, in PostgreSQL's binary format,
#      into an empty copy of the schema, with and without its foreign keys: the best any import into
#      this schema could do
# and prints rows per second and the ratio import speed / COPY speed for each.
#
# Environment: FILES="three one" (the default; either alone also works), H2=0 to leave out the
# embedded database, BENCH_DB=counterpart_bench (the prefix of the databases the script creates and drops).
#
# The import reads the file once (rows checked on every core), keeps the checked rows of each year
# in temporary files, and writes each year in slices of whole households in one transaction: with
# COPY on PostgreSQL, with batched inserts on H2. The machine's load is printed with the results: on
# a shared machine both timings move with it, the ratio less so.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

households=${1:-100000}
files=${FILES:-three one}
db=${BENCH_DB:-counterpart_bench}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PGPASSWORD=postgres
psql_pg() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres "$@"; }
now() { date +%s.%N; }

./counterpart --help >/dev/null   # builds the jar when needed, outside the timings

# the largest heap left after a collection, in MB, from a JVM's GC log (an upper bound of what was
# live: after a young collection the old generation may still hold garbage), and how many full
# collections the JVM needed (0: it never ran short)
peak_after_gc() {
    echo "$(grep -o '[0-9]*M->[0-9]*M' "$1" | sed 's/.*->\([0-9]*\)M/\1/' | sort -n | tail -1) MB, $(grep -c 'Pause Full' "$1") full GC"
}

import_run() { # $1 file; $2 label; remaining: environment for the run
    local csv=$1 label=$2; shift 2
    local start out secs inner peak
    start=$(now)
    out=$(env "$@" COUNTERPART_DEMO=false JAVA_OPTS="-Xmx512m -Xlog:gc:file=$work/$label.gc" \
        ./counterpart import households "$csv" 2>&1 | tail -1)
    secs=$(echo "$(now) - $start" | bc)
    inner=$(echo "$out" | sed -n 's/.*(\([0-9.]*\) s)$/\1/p')
    peak=$(peak_after_gc "$work/$label.gc")
    echo "$label: $out"
    printf '%s|%s|%s|%s\n' "$label" "$secs" "${inner:-$secs}" "${peak:-?}" >> "$work/results"
}

bench_file() { # $1 name (three or one); $2 households; $3 years
    local name=$1 count=$2 years=$3 csv="$work/registry-$1.csv"
    echo "== $name: generating $count households ($years)"
    COUNTERPART_HOME="$work/gen" COUNTERPART_DEMO=false ./counterpart generate households \
        --count "$count" --year "$years" --out "$csv" --seed 2018 | tail -1
    local rows copy_s copied start
    rows=$(($(wc -l < "$csv") - 1))

    echo "== $name: PostgreSQL COPY into an unindexed text table"
    psql_pg -d postgres -c "drop database if exists ${db}" -c "create database ${db}"
    cols=$(for i in $(seq 1 32); do printf 'c%d text,' "$i"; done)
    psql_pg -d "${db}" -c "create table raw_registry (${cols%,})"
    start=$(now)
    psql_pg -d "${db}" -c "\\copy raw_registry from '$csv' with (format csv, header true, encoding 'UTF8')"
    copy_s=$(echo "$(now) - $start" | bc)
    copied=$(psql_pg -d "${db}" -tAc "select count(*) from raw_registry")
    printf '%s|%s|%s|%s\n' "$name" "$rows" "$copy_s" "$copied" >> "$work/copies"

    echo "== $name: Counterpart import into PostgreSQL (heap 512 MB)"
    psql_pg -d postgres -c "drop database if exists ${db}_app" -c "create database ${db}_app"
    import_run "$csv" "$name-postgresql" COUNTERPART_HOME="$work/pg-$name" COUNTERPART_DB_URL="jdbc:postgresql://127.0.0.1:5432/${db}_app" \
        COUNTERPART_DB_USER=postgres COUNTERPART_DB_PASSWORD=postgres

    if [ "$name" = three ]; then
        floor
    fi

    if [ "${H2:-1}" != 0 ]; then
        echo "== $name: Counterpart import into the embedded H2 database (heap 512 MB)"
        import_run "$csv" "$name-h2" COUNTERPART_HOME="$work/h2-$name"
    fi
    psql_pg -d postgres -c "drop database if exists ${db}" -c "drop database if exists ${db}_app"
}

floor() {
    echo "== The floor: the finished rows alone, binary COPY into an empty copy of the schema"
    # What the import writes, taken back out of the imported database in PostgreSQL's binary format, then
    # loaded again into an empty database with the same schema in one transaction: no parsing, no checks,
    # no encryption, no look-ups. Timed once with the schema's foreign keys and once without them; no
    # import into this schema can be faster than that on this machine.
    tables="household person household_year membership"
    for t in $tables; do
        psql_pg -d "${db}_app" -c "\\copy $t to '$work/$t.bin' with (format binary)"
    done
    floor_load() { # $1 database
        local start
        start=$(now)
        { echo "begin;"; for t in $tables; do echo "\\copy $t from '$work/$t.bin' with (format binary)"; done; echo "commit;"; } \
            | psql_pg -d "$1" >/dev/null
        echo "$(now) - $start" | bc
    }
    pg_dump -h 127.0.0.1 -U postgres --schema-only --no-owner "${db}_app" > "$work/schema.sql"
    psql_pg -d "${db}_app" -c "\\copy region to '$work/region.bin' with (format binary)"
    psql_pg -d postgres -c "drop database if exists ${db}_floor" -c "create database ${db}_floor"
    psql_pg -d "${db}_floor" -f "$work/schema.sql" >/dev/null
    psql_pg -d "${db}_floor" -c "\\copy region from '$work/region.bin' with (format binary)"
    floor_keys=$(floor_load "${db}_floor")
    psql_pg -d "${db}_floor" -c "truncate household, person, household_year, membership cascade" 2>/dev/null
    psql_pg -d "${db}_floor" -tAc "select format('alter table %s drop constraint %I;', conrelid::regclass, conname) from pg_constraint
        where contype = 'f' and conrelid::regclass::text in ('household', 'household_year', 'membership')" | psql_pg -d "${db}_floor"
    floor_bare=$(floor_load "${db}_floor")
    psql_pg -d postgres -c "drop database if exists ${db}_floor"
}

for f in $files; do
    case $f in
        three) bench_file three "$households" 2016-2018 ;;
        one) bench_file one $((households * 3)) 2018 ;;
        *) echo "unknown file: $f (three or one)" >&2; exit 2 ;;
    esac
done

echo
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
while IFS='|' read -r name rows copy_s copied; do
    echo "-- $name: rows $rows (COPY loaded $copied)"
    printf 'COPY (PostgreSQL): %.1f s, %.0f rows/s\n' "$copy_s" "$(echo "$rows / $copy_s" | bc -l)"
    if [ "$name" = three ]; then
        printf 'floor, the finished rows by binary COPY with the foreign keys: %.1f s, ratio at best %.2f\n' "$floor_keys" "$(echo "$copy_s / $floor_keys" | bc -l)"
        printf 'floor, the same without the foreign keys: %.1f s, ratio at best %.2f\n' "$floor_bare" "$(echo "$copy_s / $floor_bare" | bc -l)"
    fi
    while IFS='|' read -r label whole inner peak; do
        case $label in "$name"-*) ;; *) continue ;; esac
        printf 'import (%s): %.1f s for the import (%.1f s with JVM start), %.0f rows/s, speed ratio import/COPY = %.2f, heap after GC at most %s\n' \
            "${label#"$name"-}" "$inner" "$whole" "$(echo "$rows / $inner" | bc -l)" "$(echo "$copy_s / $inner" | bc -l)" "$peak"
    done < "$work/results"
done < "$work/copies"
