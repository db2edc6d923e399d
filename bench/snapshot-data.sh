#!/usr/bin/env bash
# Usage: bench/snapshot-data.sh [TABLES] [SEGMENTS]     (default 100000 200)
#
# Data snapshot file size, write and read time (DESIGN.md §4 "Snapshots"): builds the libraries
# (Release) into build/bench-snapshot, compiles bench/snapshot_data_bench.cpp against them and runs
# it on a synthetic snapshot where every segment of every table holds rows. No server needed. Not
# part of scripts/test. Results: bench/RESULTS-snapshot-data.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
tables=${1:-100000}
segments=${2:-200}
build=$root/build/bench-snapshot
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DGPPARITY_TESTS=OFF -DGPPARITY_WERROR=OFF >/dev/null
cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)" --target snapshot_data_bench >/dev/null
"$build/bench/snapshot_data_bench" "$tables" "$segments" "${TMPDIR:-/tmp}/gpparity-bench-$$.snapshot"
