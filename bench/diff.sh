#!/usr/bin/env bash
# Usage: bench/diff.sh [RELATIONS]     (default 100000)
#
# Catalog diff speed (DESIGN.md §5): builds the catalog library (Release) into
# build/bench-diff, compiles bench/diff_bench.cpp against it and runs it: two in-memory
# snapshots (GP6 source, GP7 target) of RELATIONS relations, timed through catalog::diff and
# the recreate script. No server needed. Not part of scripts/test. Results: bench/RESULTS-diff.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
relations=${1:-100000}
build=$root/build/bench-diff
# WERROR off: GCC 12 reports a -Wrestrict false positive in extract_common.cpp at -O2.
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DGPPARITY_TESTS=OFF -DGPPARITY_WERROR=OFF >/dev/null
cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)" --target diff_bench >/dev/null
"$build/bench/diff_bench" "$relations"
