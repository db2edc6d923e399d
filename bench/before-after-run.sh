#!/usr/bin/env bash
# The part of bench/before-after.sh that runs inside scripts/with-servers.
set -euo pipefail
repeat=${BENCH_REPEAT:-5}
now() { date +%s.%N; }
min() { echo "if ($1 < $2) $1 else $2" | bc -l; }

load() { # conninfo of a database: one table with mixed types
    psql -X -q "$1" <<SQL
DROP TABLE IF EXISTS t;
CREATE TABLE t (id bigint PRIMARY KEY, qty integer, price numeric(12,2), ratio double precision,
                name text, created timestamptz, day date, flag boolean, note varchar(40));
INSERT INTO t SELECT g, (g % 1000)::int, (g % 100000) * 0.01, g / 7.0, 'name-' || g,
       timestamptz '2020-01-01 00:00+00' + g * interval '1 second',
       date '2000-01-01' + (g % 9000)::int, g % 2 = 0, repeat('x', (g % 30)::int)
FROM generate_series(1, $BENCH_ROWS) g;
VACUUM ANALYZE t;
SQL
    psql -X -q "$1" -c "COPY t TO STDOUT" > /dev/null # warm the cache
}

measure() { # label conninfo
    local label=$1 db=$2 raw=1000000 i start end
    for i in $(seq 1 "$repeat"); do
        start=$(now)
        psql -X -q "$db" -c "COPY t TO STDOUT" > /dev/null &
        psql -X -q "$db" -c "COPY t TO STDOUT" > /dev/null &
        wait
        end=$(now)
        raw=$(min "$raw" "$(echo "$end - $start" | bc -l)")
    done
    printf "%s: %s rows per side, best of %s, baseline two concurrent raw COPY %.2f s\n" \
        "$label" "$BENCH_ROWS" "$repeat" "$raw"
    local strategy
    for strategy in stream pushdown; do
        local old=1000000 new=1000000 t
        for i in $(seq 1 "$repeat"); do
            for which in old new; do
                local bin=$BENCH_OLD
                [ $which = new ] && bin=$BENCH_NEW
                start=$(now)
                "$bin" data --source "$db" --target "$db" --strategy "$strategy" --jobs 1 \
                    --format json > /tmp/gpparity-ba.json
                end=$(now)
                grep -q '"verdict": "pass"' /tmp/gpparity-ba.json ||
                    { echo "$which $strategy did not pass" >&2; exit 1; }
                t=$(echo "$end - $start" | bc -l)
                if [ $which = old ]; then old=$(min "$old" "$t"); else new=$(min "$new" "$t"); fi
            done
        done
        printf "  %-8s before %6.2f s (%.2fx raw COPY)  after %6.2f s (%.2fx raw COPY)  after/before %.3f\n" \
            "$strategy" "$old" "$(echo "$raw / $old" | bc -l)" "$new" "$(echo "$raw / $new" | bc -l)" \
            "$(echo "$new / $old" | bc -l)"
    done
}

pg="$GPPARITY_TEST_PG1"
psql -X -q "$pg" -c "CREATE DATABASE bench"
load "$pg dbname=bench"
measure "PostgreSQL $(psql -X -A -t "$pg" -c 'SHOW server_version')" "$pg dbname=bench"
if [ -n "${GPPARITY_BENCH_GP:-}" ]; then
    psql -X -q "$GPPARITY_BENCH_GP" -c "DROP DATABASE IF EXISTS gpparity_bench_ba" \
        -c "CREATE DATABASE gpparity_bench_ba"
    gp="$GPPARITY_BENCH_GP dbname=gpparity_bench_ba"
    load "$gp"
    measure "Greenplum $(psql -X -A -t "$gp" -c 'SELECT version()' | grep -o 'Greenplum Database [0-9.a-z+_-]*')" "$gp"
    psql -X -q "$GPPARITY_BENCH_GP" -c "DROP DATABASE gpparity_bench_ba"
fi
