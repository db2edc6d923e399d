#!/usr/bin/env bash
# One server of bench/server-digest.sh: server-digest-run.sh postgres|gp6|gp7 CONNINFO ROWS.
set -euo pipefail
kind=$1 base=$2 rows=$3
repeat=${BENCH_REPEAT:-3}
psql -X -q "$base" -c "DROP DATABASE IF EXISTS gpparity_bench_digest" \
    -c "CREATE DATABASE gpparity_bench_digest" 2>/dev/null
db="$base dbname=gpparity_bench_digest"
distributed=""
[ "$kind" = postgres ] || distributed="DISTRIBUTED BY (id)"
echo "$kind: loading $rows rows..." >&2
psql -X -q "$db" <<SQL
CREATE TABLE t (id bigint, qty integer, price numeric(12,2), ratio double precision, name text,
                created timestamptz, day date) $distributed;
INSERT INTO t SELECT g, (g % 1000)::int, (g % 100000) * 0.01, g / 7.0, 'name-' || g,
       timestamptz '2020-01-01 00:00+00' + g * interval '1 second', date '2000-01-01' + (g % 9000)::int
FROM generate_series(1, $rows) g;
VACUUM ANALYZE t;
SQL
psql -X -q "$db" -c "COPY t TO STDOUT" > /dev/null # warm the caches

# The columns as gpparity's stream plan reads them, and their codec descriptor
# (checksum/server_digest.hpp): int8, int4, numeric, float8, text, timestamptz, date.
digest="gpparity.c1_digest('c1:01l01i03n02F05t0bS07d'::text, id, qty, price, ratio, name, created, day)"
# The floor of any aggregate over these columns: the same call with every column ignored.
noop_digest="gpparity.c1_digest('c1:00-00-00-00-00-00-00-'::text, id, qty, price, ratio, name, created, day)"
if [ "$kind" = postgres ]; then
    md5="SELECT count(*), sum(('x' || substr(h, 1, 16))::bit(64)::bigint), sum(('x' || substr(h, 17, 16))::bit(64)::bigint) FROM (SELECT md5(t::text) AS h FROM t OFFSET 0) x"
    ext="SELECT encode($digest, 'hex') FROM t"
    noop="SELECT encode($noop_digest, 'hex') FROM t"
    segcount="SELECT count(*) FROM t"
else
    md5="SELECT gp_segment_id, count(*), sum(('x' || substr(h, 1, 16))::bit(64)::bigint::numeric), sum(('x' || substr(h, 17, 16))::bit(64)::bigint::numeric) FROM (SELECT gp_segment_id, md5(t::text) AS h FROM t) x GROUP BY 1"
    ext="SELECT gp_segment_id, encode($digest, 'hex') FROM t GROUP BY 1"
    noop="SELECT gp_segment_id, encode($noop_digest, 'hex') FROM t GROUP BY 1"
    segcount="SELECT gp_segment_id, count(*) FROM t GROUP BY 1"
fi

now() { date +%s.%N; }
min() { echo "if ($1 < $2) $1 else $2" | bc -l; }
measure() { # name command: updates the best wall time W_name
    local start end
    start=$(now); bash -c "$2"; end=$(now)
    eval "W_$1=\$(min \${W_$1:-1000000} $(echo "$end - $start" | bc -l))"
}
twice() { echo "($1) & a=\$!; ($1) & b=\$!; wait \$a; wait \$b"; }
q() { echo "psql -X -q -A -t \"$db\" -c \"$1\" > /dev/null"; }
g() { echo "\"$GPPARITY_BIN\" data --source \"$db\" --target \"$db\" --jobs 2 --format json $1 > /tmp/gpparity-bench-digest.json"; }
passed() { # digest: the report passed and used that digest
    grep -q '"verdict": "pass"' /tmp/gpparity-bench-digest.json &&
        grep -q "\"digest\": \"$1\"" /tmp/gpparity-bench-digest.json ||
        { echo "$kind: gpparity pushdown did not pass with digest $1" >&2; exit 2; }
}
ext_on() { psql -X -q "$db" -c "CREATE SCHEMA IF NOT EXISTS gpparity" -c "CREATE EXTENSION IF NOT EXISTS gpparity SCHEMA gpparity"; }
ext_off() { psql -X -q "$db" -c "DROP EXTENSION IF EXISTS gpparity"; }

for i in $(seq 1 "$repeat"); do
    ext_on
    measure count "$(twice "$(q "SELECT count(*) FROM t")")"
    measure md5 "$(twice "$(q "$md5")")"
    measure ext "$(twice "$(q "$ext")")"
    measure noop "$(twice "$(q "$noop")")"
    measure segcount "$(twice "$(q "$segcount")")"
    measure push "$(g "--strategy pushdown")"; passed "gpparity extension 1.0"
    measure stream "$(g "--strategy stream")"
    ext_off
    measure sqlpush "$(g "--strategy pushdown")"; passed sql
done

server=$(psql -X -A -t "$base" -c "SELECT version()" | sed -e 's/ build commit.*//' -e 's/ compiled.*//' -e 's/ on x86_64.*//')
echo
echo "$kind: $rows rows, 7 columns, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), best of $repeat; $server"
printf "  %-34s %7.2f s\n" "count(*)" "$W_count" "count(*) per segment" "$W_segcount" \
    "md5 SQL checksum" "$W_md5" "extension query" "$W_ext" \
    "extension, every column ignored" "$W_noop" "gpparity pushdown, SQL (p1)" "$W_sqlpush" \
    "gpparity pushdown, extension (c1)" "$W_push" "gpparity stream" "$W_stream"
printf "  extension query: %5.2fx faster than the md5 SQL checksum (budget >= 4), %5.2fx count(*)'s time (budget <= 2)\n" \
    "$(echo "$W_md5 / $W_ext" | bc -l)" "$(echo "$W_ext / $W_count" | bc -l)"
printf "  extension query: %5.2fx the per-segment count(*); the call alone (no column encoded) %5.2fx count(*)\n" \
    "$(echo "$W_ext / $W_segcount" | bc -l)" "$(echo "$W_noop / $W_count" | bc -l)"
printf "  gpparity pushdown: %5.2fx faster with the extension than in SQL; %5.2fx faster than stream\n" \
    "$(echo "$W_sqlpush / $W_push" | bc -l)" "$(echo "$W_stream / $W_push" | bc -l)"
psql -X -q "$base" -c "DROP DATABASE IF EXISTS gpparity_bench_digest"
