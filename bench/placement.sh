#!/usr/bin/env bash
# Usage: bench/placement.sh [ROWS] [NUMSEGMENTS]     (defaults 2000000, 16)
#
# What the placement check adds to a stream read (issue 9; results in bench/RESULTS-placement.md).
# Builds the checksum library (Release) into build/bench-placement, compiles
# bench/placement_bench.cpp against it, starts one throwaway PostgreSQL server
# (scripts/with-servers), loads the stream bench's table shape (ROWS rows), captures
# `COPY t TO STDOUT (FORMAT binary)` to a temporary file and digests it in process with and
# without the check (see placement_bench.cpp); then times the whole `gpparity placement`
# command on the same table through the test seam (the table treated as hash-distributed by id
# over NUMSEGMENTS, all rows on segment 0) next to a raw binary COPY of the id column.
# Not part of scripts/test.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
rows=${1:-2000000}
segments=${2:-16}
build=$root/build/bench-placement

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j2 --target gpparity placement_bench >/dev/null
export BENCH_ROWS=$rows BENCH_SEGMENTS=$segments BENCH_BUILD=$build
exec "$root/scripts/with-servers" 1 -- bash -c '
set -euo pipefail
db="$GPPARITY_TEST_PG1"
psql "$db" -qX -c "DROP TABLE IF EXISTS t" -c "CREATE TABLE t (id bigint, qty integer,
    price numeric(12,2), ratio double precision, name text, created timestamptz, day date,
    flag boolean, ref uuid, note varchar(40))" -c "INSERT INTO t SELECT g, g % 1000,
    (g % 100000) / 100.0, g / 7.0, '"'"'name '"'"' || g, timestamptz '"'"'2020-01-01'"'"' + g * interval '"'"'1 second'"'"',
    date '"'"'2020-01-01'"'"' + g % 3000, g % 2 = 0, md5(g::text)::uuid, '"'"'note '"'"' || (g % 977)
    FROM generate_series(1, $BENCH_ROWS) g" -c "VACUUM ANALYZE t"
capture=$(mktemp "${TMPDIR:-/tmp}/placement-bench.XXXXXX")
trap "rm -f $capture" EXIT
psql "$db" -qX -c "COPY t TO STDOUT (FORMAT binary)" > "$capture"
"$BENCH_BUILD/bench/placement_bench" "$capture" "$BENCH_SEGMENTS" 5
echo
best() { local b=999999; for i in 1 2 3; do s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); b=$(echo "if ($e - $s < $b) $e - $s else $b" | bc -l); done; printf "%.3f" "$b"; }
echo "raw binary COPY of the id column (psql, wall s, best of 3): $(best psql "$db" -qX -c "COPY t (id) TO STDOUT (FORMAT binary)")"
echo "gpparity placement (key id over $BENCH_SEGMENTS, wall s, best of 3): $(best sh -c "$BENCH_BUILD/cli/gpparity placement --target \"$db\" --include public.t --test-pretend-distribution id:$BENCH_SEGMENTS:0 --format json || true")"
'
