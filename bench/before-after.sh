#!/usr/bin/env bash
# Usage: bench/before-after.sh OLD_GPPARITY NEW_GPPARITY [ROWS]     (default 2000000)
#
# A refactor must not slow the data path: times two gpparity binaries (e.g. the commit before a
# change and after it) on the same table in one run, interleaved, best of BENCH_REPEAT (5), for
# the stream strategy (`data --strategy stream --jobs 1`) and for SQL pushdown
# (`data --strategy pushdown`), against a raw `COPY t TO STDOUT` baseline measured in the same
# run. Prints each time, its ratio to the baseline, and new/old. On PostgreSQL (a throwaway
# server from scripts/with-servers); with GPPARITY_BENCH_GP=conninfo, also on that Greenplum
# cluster (a database gpparity_bench_ba is created there and dropped). Not part of scripts/test.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
[ $# -ge 2 ] || { echo "usage: $0 OLD_GPPARITY NEW_GPPARITY [ROWS]" >&2; exit 2; }
export BENCH_OLD=$(realpath "$1") BENCH_NEW=$(realpath "$2") BENCH_ROWS=${3:-2000000}
exec "$root/scripts/with-servers" 1 -- "$here/before-after-run.sh"
