#!/usr/bin/env bash
# Usage: bench/drilldown.sh [ROWS]     (default 5000000)
#
# Drill-down cost (issue 8): how much `gpparity data --show-rows N` re-reads to find a few
# differing rows in a large table. Builds gpparity (Release) into build/bench unless
# GPPARITY_BIN names a binary, starts two throwaway PostgreSQL servers (scripts/with-servers),
# loads the same ROWS-row table on both — once with a primary key, once without any key — and
# plants 3 differences on the target (a changed value, a lost row, an extra row). Then, for each
# table, it runs `gpparity data` without and with `--show-rows 10` and prints the time, peak
# RSS, and the drill-down line of the report: differing buckets, rows re-read, rows kept in
# memory, rows found. Not part of scripts/test.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
rows=${1:-5000000}

source "$here/lib.sh"
bench_binary
export GPPARITY_BIN BENCH_ROWS=$rows

exec "$root/scripts/with-servers" 2 -- "$here/drilldown-run.sh"
