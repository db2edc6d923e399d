#!/usr/bin/env bash
# Usage: bench/greenplum.sh [ROWS]     (default 2000000)
#
# gpparity on the real Greenplum 6 and Greenplum 7 clusters (../shared/greenplum, or any
# clusters named by GPPARITY_TEST_GP6 / GPPARITY_TEST_GP7). On each cluster it loads one table of
# ROWS rows and 7 columns (bigint key, int, numeric, float8, text, timestamptz, date; distributed
# by the key) and measures in one run, best of BENCH_REPEAT (default 3), every method reading
# the table once per side (source and target are the same database, so every method reads it
# twice, concurrently, as a verification does):
#   count(*)             two concurrent SELECT count(*) through the coordinator
#   md5 SQL checksum     two concurrent per-segment sums of md5(t::text) halves
#                        (greenplum.md "Cost on those clusters": the usual DBA checksum)
#   COPY coordinator     two concurrent COPY t TO STDOUT through the coordinator into /dev/null
#   COPY utility         COPY t TO STDOUT from every primary in utility mode, all primaries of
#                        both sides at once, into /dev/null
#   stream segments      gpparity data --strategy stream --via segments
#   stream coordinator   gpparity data --strategy stream --via coordinator
#   pushdown             gpparity data --strategy pushdown
#   count mode           gpparity data --mode count
# and prints the seconds and the ratios the budgets are stated in (stream via segments >= 0.9x
# the utility-mode COPY; pushdown <= 1.2x the md5 SQL checksum). GPPARITY_BIN names the binary;
# otherwise it is built (Release) into build/bench. Not part of scripts/test.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
rows=${1:-2000000}
repeat=${BENCH_REPEAT:-3}
jobs=${BENCH_JOBS:-4}

source "$here/lib.sh"
bench_greenplum_clusters
bench_binary

now() { date +%s.%N; }
min() { echo "if ($1 < $2) $1 else $2" | bc -l; }
best() { # runs "$1" (a shell command line) $repeat times; prints the best elapsed seconds
    local b=1000000 start end i
    for i in $(seq 1 "$repeat"); do
        start=$(now)
        bash -c "$1"
        end=$(now)
        b=$(min "$b" "$(echo "$end - $start" | bc -l)")
    done
    echo "$b"
}
twice() { echo "($1) & a=\$!; ($1) & b=\$!; wait \$a; wait \$b"; }

bench_cluster() { # version conninfo
    local version=$1 base=$2 db
    psql -X -q "$base" -c "DROP DATABASE IF EXISTS gpparity_bench" -c "CREATE DATABASE gpparity_bench" 2>/dev/null
    db="$base dbname=gpparity_bench"
    echo "GP$version: loading $rows rows..." >&2
    psql -X -q "$db" <<SQL
CREATE TABLE t (id bigint, qty integer, price numeric(12,2), ratio double precision, name text,
                created timestamptz, day date) DISTRIBUTED BY (id);
INSERT INTO t SELECT g, (g % 1000)::int, (g % 100000) * 0.01, g / 7.0, 'name-' || g,
       timestamptz '2020-01-01 00:00+00' + g * interval '1 second', date '2000-01-01' + (g % 9000)::int
FROM generate_series(1, $rows) g;
ANALYZE t;
SQL
    local role=gp_role
    [ "$version" = 6 ] && role=gp_session_role
    local utility=""
    while read -r host port; do
        [ -n "$host" ] || continue
        for side in a b; do
            utility+="psql -X -q \"$db host=$host port=$port options='-c $role=utility'\" -c 'COPY t TO STDOUT' > /dev/null & "
        done
    done < <(psql -X -A -t -F ' ' "$base" -c "SELECT address, port FROM gp_segment_configuration WHERE role = 'p' AND content >= 0")
    utility+="wait"
    local md5="SELECT gp_segment_id, count(*), sum(('x' || substr(h, 1, 16))::bit(64)::bigint::numeric), sum(('x' || substr(h, 17, 16))::bit(64)::bigint::numeric) FROM (SELECT gp_segment_id, md5(t::text) AS h FROM t) x GROUP BY 1"
    # Warm the caches.
    psql -X -q "$db" -c "COPY t TO STDOUT" > /dev/null

    local count copy_coord copy_util sqlsum seg coord push cnt
    count=$(best "$(twice "psql -X -q -A -t \"$db\" -c 'SELECT count(*) FROM t' > /dev/null")")
    sqlsum=$(best "$(twice "psql -X -q -A -t \"$db\" -c \"$md5\" > /dev/null")")
    copy_coord=$(best "$(twice "psql -X -q \"$db\" -c 'COPY t TO STDOUT' > /dev/null")")
    copy_util=$(best "$utility")
    local gp="$GPPARITY_BIN data --source \"$db\" --target \"$db\" --jobs $jobs --format json"
    seg=$(best "$gp --strategy stream --via segments > /tmp/gpparity-bench-gp.json")
    grep -q '"verdict": "pass"' /tmp/gpparity-bench-gp.json || { echo "stream did not pass" >&2; exit 1; }
    coord=$(best "$gp --strategy stream --via coordinator > /dev/null")
    push=$(best "$gp --strategy pushdown > /tmp/gpparity-bench-gp.json")
    grep -q '"verdict": "pass"' /tmp/gpparity-bench-gp.json || { echo "pushdown did not pass" >&2; exit 1; }
    cnt=$(best "$gp --mode count > /dev/null")

    local server
    server=$(psql -X -A -t "$base" -c "SELECT version()" | sed -e 's/ build commit.*//' -e 's/ compiled.*//')
    echo
    echo "GP$version: $rows rows, 7 columns, $(psql -X -A -t "$base" -c "SELECT count(*) FROM gp_segment_configuration WHERE role = 'p' AND content >= 0") primaries, $(nproc) cores, best of $repeat, --jobs $jobs"
    echo "  $server"
    printf "  %-30s %7.2f s\n" "count(*)" "$count" "md5 SQL checksum per segment" "$sqlsum" \
        "COPY through the coordinator" "$copy_coord" "COPY utility, all primaries" "$copy_util" \
        "gpparity stream --via segments" "$seg" "gpparity stream --via coord." "$coord" \
        "gpparity pushdown" "$push" "gpparity --mode count" "$cnt"
    printf "  stream --via segments:    %5.2fx the rate of the utility-mode COPY (budget >= 0.90)\n" "$(echo "$copy_util / $seg" | bc -l)"
    printf "  stream --via coordinator: %5.2fx the rate of the coordinator COPY\n" "$(echo "$copy_coord / $coord" | bc -l)"
    printf "  pushdown:                 %5.2fx the md5 SQL checksum's time (budget <= 1.20)\n" "$(echo "$push / $sqlsum" | bc -l)"
    printf "  count mode:               %5.2fx count(*)'s time\n" "$(echo "$cnt / $count" | bc -l)"
    psql -X -q "$base" -c "DROP DATABASE IF EXISTS gpparity_bench"
}

bench_cluster 6 "$GPPARITY_TEST_GP6"
bench_cluster 7 "$GPPARITY_TEST_GP7"
