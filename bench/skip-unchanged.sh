#!/usr/bin/env bash
# Usage: bench/skip-unchanged.sh [TABLES [ROWS]]     (default 200 tables of 20000 rows)
#
# --skip-unchanged on the real clusters (../shared/greenplum, or GPPARITY_TEST_GP6 / GP7): the
# same TABLES append-optimized tables (half AO row, half AO column; ROWS rows and 5 columns
# each, distributed by the key) on GP6 and GP7, and in one run, best of BENCH_REPEAT (default 3):
#   plain      gpparity data GP6 -> GP7, every table read (the baseline)
#   night 1    the same with --history DIR --skip-unchanged and an empty DIR: every table is
#              read, and the signatures and digests are kept (the overhead of the option)
#   night 2    after 5 tables were written on both sides: the same command again; only those 5
#              are read, the others reuse night 1's digests
# and prints the seconds, the ratios night 2 / plain and night 1 / plain, and what night 2
# reports it did not read. GPPARITY_BIN names the binary; otherwise it is built (Release) into
# build/bench. Not part of scripts/test.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
tables=${1:-200}
rows=${2:-20000}
repeat=${BENCH_REPEAT:-3}
jobs=${BENCH_JOBS:-4}
changed=5

source "$here/lib.sh"
bench_greenplum_clusters
bench_binary
psql=$(command -v psql || ls /usr/lib/postgresql/*/bin/psql | sort -V | tail -n 1)

load() { # conninfo version
    local base=$1 version=$2 db i
    "$psql" -X -q "$base" -c "DROP DATABASE IF EXISTS gpparity_bench_skip" -c "CREATE DATABASE gpparity_bench_skip"
    db="$base dbname=gpparity_bench_skip"
    echo "GP$version: loading $tables AO tables of $rows rows..." >&2
    {
        echo "CREATE SCHEMA b;"
        for i in $(seq 1 "$tables"); do
            local storage="appendonly=true"
            [ $((i % 2)) = 0 ] && storage="appendonly=true, orientation=column"
            echo "CREATE TABLE b.t$i (id bigint, qty int, price numeric(12,2), name text, created timestamptz) WITH ($storage) DISTRIBUTED BY (id);"
            echo "INSERT INTO b.t$i SELECT g, g % 1000, (g % 100000) * 0.01, 'name-' || g, timestamptz '2020-01-01 00:00+00' + g * interval '1 second' FROM generate_series(1, $rows) g;"
        done
    } | "$psql" -X -q "$db"
}
write_some() { # conninfo round
    local db="$1 dbname=gpparity_bench_skip" i
    for i in $(seq 1 "$changed"); do
        echo "INSERT INTO b.t$((i * tables / changed)) VALUES ($rows + $2, 1, 1, 'late', timestamptz '2026-01-01 00:00+00');"
    done | "$psql" -X -q "$db"
}

load "$GPPARITY_TEST_GP6" 6
load "$GPPARITY_TEST_GP7" 7
src="$GPPARITY_TEST_GP6 dbname=gpparity_bench_skip"
dst="$GPPARITY_TEST_GP7 dbname=gpparity_bench_skip"
run() { # seconds of one gpparity data run with extra arguments; its JSON report in $out
    local start end
    start=$(date +%s.%N)
    "$GPPARITY_BIN" data --source "$src" --target "$dst" --jobs "$jobs" --format json --output "$out" "$@" || true
    end=$(date +%s.%N)
    echo "$end - $start" | bc -l
}
out=$(mktemp)
"$GPPARITY_BIN" data --source "$src" --target "$dst" --jobs "$jobs" --quiet || true # warm caches
best_plain=1000000 best_first=1000000 best_second=1000000
for round in $(seq 1 "$repeat"); do
    dir=$(mktemp -d)
    plain=$(run)
    first=$(run --history "$dir" --skip-unchanged)
    write_some "$GPPARITY_TEST_GP6" "$round"
    write_some "$GPPARITY_TEST_GP7" "$round"
    second=$(run --history "$dir" --skip-unchanged)
    reused=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["data"]; print(r["reuse"]["tables"], r["reuse"]["rows_not_reread"], r["summary"])' "$out")
    echo "round $round: plain ${plain} s, night 1 ${first} s, night 2 ${second} s (reused tables, rows not read again, statuses: $reused)" >&2
    best_plain=$(echo "if ($plain < $best_plain) $plain else $best_plain" | bc -l)
    best_first=$(echo "if ($first < $best_first) $first else $best_first" | bc -l)
    best_second=$(echo "if ($second < $best_second) $second else $best_second" | bc -l)
    rm -rf "$dir"
done
rm -f "$out"
printf '%s AO tables x %s rows, %s written between the nights, jobs %s, best of %s\n' "$tables" "$rows" "$changed" "$jobs" "$repeat"
printf '  plain data run       %8.2f s\n' "$best_plain"
printf '  night 1 (all read)   %8.2f s   %.2fx plain (signatures + store)\n' "$best_first" "$(echo "$best_first / $best_plain" | bc -l)"
printf '  night 2 (5 read)     %8.2f s   %.2fx plain\n' "$best_second" "$(echo "$best_second / $best_plain" | bc -l)"
