#!/usr/bin/env bash
# The part of bench/stream.sh that runs inside scripts/with-servers (GPPARITY_TEST_PG1 set).
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
psql -X -q "$db" -c "COPY t TO STDOUT" > /dev/null
bytes=$(psql -X -q "$db" -c "COPY t TO STDOUT" | wc -c)

now() { date +%s.%N; }
repeat=${BENCH_REPEAT:-3}
min() { echo "if ($1 < $2) $1 else $2" | bc -l; }
pair() { # runs the command twice concurrently, best of $repeat; prints the elapsed seconds
    local best=1000000 start end a b i
    for i in $(seq 1 "$repeat"); do
        start=$(now)
        bash -c "$1" & a=$!
        bash -c "$1" & b=$!
        wait $a; wait $b
        end=$(now)
        best=$(min "$best" "$(echo "$end - $start" | bc -l)")
    done
    echo "$best"
}
raw=$(pair "psql -X -q \"$db\" -c \"COPY t TO STDOUT\" > /dev/null")
rawbin=$(pair "psql -X -q \"$db\" -c \"COPY t TO STDOUT (FORMAT binary)\" > /dev/null")
sum_sql=$(mktemp)
echo "SELECT sum(('x' || substr(md5(t::text), 1, 16))::bit(64)::bigint) FROM t" > "$sum_sql"
sqlsum=$(pair "psql -X -q -A -t \"$db\" -f $sum_sql > /dev/null")
gp=1000000
rss=0
for i in $(seq 1 "$repeat"); do
    start=$(now)
    /usr/bin/time -f "%M" -o /tmp/gpparity-bench-rss "$GPPARITY_BIN" data --source "$db" --target "$db" --jobs 1 --format json > /tmp/gpparity-bench.json
    end=$(now)
    gp=$(min "$gp" "$(echo "$end - $start" | bc -l)")
    r=$(cat /tmp/gpparity-bench-rss)
    [ "$r" -gt "$rss" ] && rss=$r
done
verdict=$(grep -o "\"verdict\": \"[a-z]*\"" /tmp/gpparity-bench.json)
total=$((2 * BENCH_ROWS))
report() { # name seconds
    printf "%-14s %8.2f s  %10.0f rows/s  %8.1f MB/s  %5.2fx raw COPY\n" "$1" "$2" \
        "$(echo "$total / $2" | bc -l)" "$(echo "2 * $bytes / $2 / 1000000" | bc -l)" "$(echo "$raw / $2" | bc -l)"
}
echo "rows: $BENCH_ROWS per side (best of $repeat), text COPY size $((bytes / 1000000)) MB, $(nproc) cores, $(psql -X -A -t "$pg" -c "SHOW server_version")"
report "raw COPY" "$raw"
report "raw COPY bin" "$rawbin"
report "SQL checksum" "$sqlsum"
report "gpparity" "$gp"
echo "gpparity peak RSS: $((rss / 1024)) MB; $verdict"


# Second part: the same table with a money column, which gpparity reads as m::numeric, so every
# table read goes through COPY (SELECT ...) instead of COPY table (columns).
psql -X -q "$db" -c "ALTER TABLE t ADD COLUMN m money DEFAULT 1.5" -c "VACUUM ANALYZE t"
psql -X -q "$db" -c "COPY t TO STDOUT" > /dev/null
bytes=$(psql -X -q "$db" -c "COPY t TO STDOUT" | wc -c)
raw=$(pair "psql -X -q \"$db\" -c \"COPY t TO STDOUT\" > /dev/null")
gp=1000000
for i in $(seq 1 "$repeat"); do
    start=$(now)
    "$GPPARITY_BIN" data --source "$db" --target "$db" --jobs 1 --format json > /tmp/gpparity-bench.json
    end=$(now)
    gp=$(min "$gp" "$(echo "$end - $start" | bc -l)")
done
echo "with a money column (read as m::numeric through COPY (SELECT ...)), text COPY size $((bytes / 1000000)) MB:"
report "raw COPY" "$raw"
report "gpparity" "$gp"
