#!/usr/bin/env bash
# A newcomer's first start on a built jar (issue 10: the whole reference scenario in place within 20 s of the
# command, on the embedded H2 database), beside the JVM's own start of the same jar, measured in one run.
#
#   bench/first-start.sh [RUNS]      (default 3 first starts, each on a new empty data directory)
#
# For each run: a new data directory, then `java -jar target/counterpart.jar` as the README's command runs it,
# and the seconds from the command until
#   - the sign-in page answers 200 over HTTP,
#   - the demo registry is in (20,000 Liupanshui households of 2016-2018, the log's "Loaded the demo registry"),
#   - its ledgers are in (the log's "Loaded the demo ledgers"): the whole scenario.
# The reference is `java -jar target/counterpart.jar --help` (the JVM and the jar starting, no application
# context), median of 3. JAVA_OPTS passes options to both, as the launcher does.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

runs=${1:-3}
port=${BENCH_PORT:-18095}
work=$(mktemp -d)
app_pid=
cleanup() {
    if [ -n "$app_pid" ]; then kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc; }

./counterpart --help >/dev/null   # builds the jar when needed, outside the timings
jar=target/counterpart.jar

ref=()
for _ in 1 2 3; do
    t0=$(now); java ${JAVA_OPTS:-} -jar "$jar" --help >/dev/null; ref+=("$(since "$t0")")
done
reference=$(printf '%s\n' "${ref[@]}" | sort -n | sed -n 2p)
echo "reference: java -jar $jar --help, median of 3: ${reference} s"
echo "load average before the runs: $(cut -d' ' -f1-3 /proc/loadavg)"

for run in $(seq 1 "$runs"); do
    home="$work/home-$run"
    log="$work/app-$run.log"
    t0=$(now)
    # shellcheck disable=SC2086
    COUNTERPART_HOME="$home" java ${JAVA_OPTS:-} -jar "$jar" --server.port="$port" >"$log" 2>&1 &
    app_pid=$!
    login= registry= ledgers=
    while [ -z "$ledgers" ]; do
        if ! kill -0 "$app_pid" 2>/dev/null; then echo "the server stopped:"; tail -20 "$log"; exit 1; fi
        if [ -z "$login" ] && [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/login")" = 200 ]; then login=$(since "$t0"); fi
        if [ -z "$registry" ] && grep -q "Loaded the demo registry" "$log"; then registry=$(since "$t0"); fi
        if grep -q "Loaded the demo ledgers" "$log"; then ledgers=$(since "$t0"); fi
        if grep -q "could not be loaded" "$log"; then echo "the demo failed:"; tail -20 "$log"; exit 1; fi
        if [ "$(echo "$(since "$t0") > 600" | bc)" = 1 ]; then echo "not in place after 600 s"; exit 1; fi
        sleep 0.2
    done
    printf 'run %d: sign-in page %6.1f s, registry %6.1f s, whole scenario %6.1f s (%.1f x the reference)\n' \
        "$run" "$login" "$registry" "$ledgers" "$(echo "$ledgers / $reference" | bc -l)"
    grep -E "administrative divisions|reference scenario in|Started Counterpart|Loaded the demo" "$log" | sed 's/^/    /'
    kill "$app_pid"; wait "$app_pid" 2>/dev/null || true; app_pid=
done
echo "load average after the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
