#!/usr/bin/env bash
# The part of bench/pushdown.sh that runs inside scripts/with-servers (GPPARITY_TEST_PG1 set).
set -euo pipefail
pg="$GPPARITY_TEST_PG1"
psql -X -q "$pg" -c "CREATE DATABASE bench"
db="$pg dbname=bench"
echo "loading $BENCH_ROWS rows..." >&2
psql -X -q "$db" <<SQL
CREATE TABLE t (id bigint PRIMARY KEY, qty integer, price numeric(12,2), ratio double precision,
                name text, created timestamptz, day date, flag boolean, ref uuid, note varchar(40));
INSERT INTO t SELECT g, (g % 1000)::int, (g % 100000) * 0.01, g / 7.0, 'name-' || g,
       timestamptz '2020-01-01 00:00+00' + g * interval '1 second', date '2000-01-01' + (g % 9000)::int,
       g % 2 = 0, md5(g::text)::uuid, repeat('x', (g % 30)::int)
FROM generate_series(1, $BENCH_ROWS) g;
VACUUM ANALYZE t;
SQL
# Warm the cache so every method reads from shared buffers / the OS cache alike.
psql -X -q "$db" -c "SELECT count(*) FROM t" > /dev/null

# The exact pushdown query gpparity sends, taken from the server's statement log.
psql -X -q "$db" -c "ALTER DATABASE bench SET log_statement = 'all'"
"$GPPARITY_BIN" data --source "$db" --target "$db" --strategy pushdown --jobs 1 --format json > /dev/null
psql -X -q "$db" -c "ALTER DATABASE bench RESET log_statement"
# scripts/with-servers keeps each server's log next to its data directory.
log=$(dirname "$(psql -X -A -t "$pg" -c "SHOW data_directory")")/server.log
push_sql=$(mktemp)
grep -a -o 'statement: SELECT -1, pg_catalog.count(\*), pg_catalog.sum.*' "$log" | tail -n 1 \
    | sed 's/^statement: //' > "$push_sql" || true
[ -s "$push_sql" ] || { echo "could not find gpparity's pushdown query in the server log" >&2; exit 2; }

now() { date +%s.%N; }
repeat=${BENCH_REPEAT:-3}
min() { echo "if ($1 < $2) $1 else $2" | bc -l; }
# Server CPU seconds used so far: the postmaster's own and its reaped children's (every backend
# and parallel worker that has exited), plus the live children. Unlike wall time, this does not
# depend on what else the machine is doing.
datadir=$(psql -X -A -t "$pg" -c "SHOW data_directory")
postmaster=$(head -n 1 "$datadir/postmaster.pid")
ticks=$(getconf CLK_TCK)
server_cpu() {
    local total
    total=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$postmaster/stat")
    for child in $(pgrep -P "$postmaster"); do
        total=$((total + $(awk '{print $14 + $15}' "/proc/$child/stat" 2>/dev/null || echo 0)))
    done
    echo "$total"
}
measure() { # name command concurrency: updates best wall (W_name) and CPU (C_name)
    local name=$1 cmd=$2 n=$3 start end c0 c1 pids=() i wall cpu
    c0=$(server_cpu); start=$(now)
    for i in $(seq 1 "$n"); do bash -c "$cmd" & pids+=($!); done
    for i in "${pids[@]}"; do wait "$i"; done
    end=$(now); sleep 0.2; c1=$(server_cpu)
    wall=$(echo "$end - $start" | bc -l); cpu=$(echo "($c1 - $c0) / $ticks" | bc -l)
    eval "W_$name=\$(min \${W_$name:-1000000} $wall); C_$name=\$(min \${C_$name:-1000000} $cpu)"
}

count_sql=$(mktemp); echo "SELECT count(*) FROM t" > "$count_sql"
half_sql=$(mktemp); echo "SELECT sum(('x' || substr(md5(t::text), 1, 16))::bit(64)::bigint) FROM t" > "$half_sql"
# greenplum.md's "usual DBA checksum": both halves (md5 computed once, with the same fence).
halves_sql=$(mktemp); echo "SELECT count(*), sum(('x' || substr(h, 1, 16))::bit(64)::bigint), sum(('x' || substr(h, 17, 16))::bit(64)::bigint) FROM (SELECT md5(t::text) AS h FROM t OFFSET 0) x" > "$halves_sql"
q() { echo "psql -X -q -A -t \"$db\" -f $1 > /dev/null"; }
# PostgreSQL runs the plain checksum with parallel workers; gpparity's query cannot use them (its
# OFFSET 0 fence). The same checksum without workers compares like with like on wall time.
serial() { echo "PGOPTIONS='-c max_parallel_workers_per_gather=0' psql -X -q -A -t \"$db\" -f $1 > /dev/null"; }
g() { echo "\"$GPPARITY_BIN\" data --source \"$db\" --target \"$db\" --jobs 1 --format json $1 > /tmp/gpparity-pushdown-bench.json"; }

for i in $(seq 1 "$repeat"); do
    measure count "$(q "$count_sql")" 2
    measure half "$(q "$half_sql")" 2
    measure halfserial "$(serial "$half_sql")" 2
    measure halves "$(q "$halves_sql")" 2
    measure pushsql "$(q "$push_sql")" 2
    measure push "$(g "--strategy pushdown")" 1
    grep -q '"verdict": "pass"' /tmp/gpparity-pushdown-bench.json || { echo "gpparity pushdown did not pass" >&2; exit 2; }
    measure cnt "$(g "--mode count")" 1
    grep -q '"verdict": "pass"' /tmp/gpparity-pushdown-bench.json || { echo "gpparity count did not pass" >&2; exit 2; }
done

report() { # label name
    local w c; eval "w=\$W_$2; c=\$C_$2"
    printf "%-22s %7.2f s %6.2fx %6.2fx %6.1fx   %7.2f s %6.2fx %6.2fx\n" "$1" "$w" \
        "$(echo "$w / $W_half" | bc -l)" "$(echo "$w / $W_halves" | bc -l)" "$(echo "$w / $W_count" | bc -l)" \
        "$c" "$(echo "$c / $C_half" | bc -l)" "$(echo "$c / $C_halves" | bc -l)"
}
echo "rows: $BENCH_ROWS per side, each method reads the table twice concurrently (best of $repeat)"
echo "$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), PostgreSQL $(psql -X -A -t "$pg" -c "SHOW server_version")"
echo "                        wall  /1half /halves /count(*)   server CPU  /1half /halves"
report "count(*)" count
report "SQL checksum, 1 half" half
report "  the same, no workers" halfserial
report "SQL checksum, halves" halves
report "pushdown SQL" pushsql
report "gpparity pushdown" push
report "gpparity count" cnt
echo "pushdown query: $(cut -c1-400 "$push_sql")..."
