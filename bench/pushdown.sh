#!/usr/bin/env bash
# Usage: bench/pushdown.sh [ROWS]     (default 5000000)
#
# Pushdown checksum cost (DESIGN.md §5: within 1.2x of the usual md5(row::text) SQL checksum)
# and count mode. Builds gpparity (Release) into build/bench-pushdown unless GPPARITY_BIN names
# a binary, starts one throwaway PostgreSQL server (scripts/with-servers), loads a table of ROWS
# rows with mixed types, and measures in one run, each reading the table once per side (source
# and target are the same database, so every method reads it twice, concurrently, like a
# verification does; best of BENCH_REPEAT, default 3, methods interleaved):
#   count(*)              two concurrent SELECT count(*)
#   SQL checksum, 1 half  two concurrent sum(('x'||substr(md5(t::text),1,16))::bit(64)::bigint)
#                         (the baseline of bench/stream.sh), with PostgreSQL's parallel
#                         workers and without them (gpparity's query runs without)
#   SQL checksum, halves  both 64-bit halves of md5(t::text) summed (greenplum.md's "usual DBA
#                         checksum"), md5 computed once per row
#   pushdown SQL          two concurrent runs of the exact query gpparity sends (server log)
#   gpparity pushdown     `gpparity data --strategy pushdown --jobs 1` end to end
#   gpparity count        `gpparity data --mode count --jobs 1` end to end
# and prints wall seconds and server CPU seconds (postmaster and all backends, from /proc, so
# the figure does not depend on other load on the machine), with their ratios. Run as root or
# as the server's OS user (it reads the server's /proc entries). Not part of scripts/test.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
rows=${1:-5000000}

if [ -z "${GPPARITY_BIN:-}" ]; then
    source "$root/scripts/lib/common.sh"
    # A benchmark measures; it does not gate on warnings (GCC 12 reports a -Wrestrict false
    # positive in catalog/ under -O3).
    export GPPARITY_CMAKE_ARGS="${GPPARITY_CMAKE_ARGS:--DGPPARITY_WERROR=OFF}"
    build_gpparity "$root/build/bench-pushdown" Release >/dev/null
    GPPARITY_BIN=$root/build/bench-pushdown/cli/gpparity
fi
export GPPARITY_BIN BENCH_ROWS=$rows

exec "$root/scripts/with-servers" 1 -- "$here/pushdown-run.sh"
