#!/usr/bin/env bash
# Usage: bench/stream.sh [ROWS]     (default 5000000)
#
# Stream checksum throughput (DESIGN.md §5: >= 0.9x a plain COPY into /dev/null). Builds
# gpparity (Release) into build/bench unless GPPARITY_BIN names a binary, starts one throwaway
# PostgreSQL server (scripts/with-servers), loads a table of ROWS rows with mixed types, and
# measures in one run, each reading the table once per side (source and target are the same
# database, so every method reads it twice, concurrently, like a verification does):
#   raw COPY       two concurrent `COPY t TO STDOUT` into /dev/null (psql)
#   raw COPY bin   the same with (FORMAT binary)
#   SQL checksum   two concurrent sum(('x'||substr(md5(t::text),1,16))::bit(64)::bigint)
#   gpparity       `gpparity data --source DB --target DB --jobs 1` (one stream per side)
# and prints rows/s, MB/s (of the text COPY size) and the ratios, plus gpparity's peak RSS.
# Not part of scripts/test.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
rows=${1:-5000000}

source "$here/lib.sh"
bench_binary
export GPPARITY_BIN BENCH_ROWS=$rows

exec "$root/scripts/with-servers" 1 -- "$here/stream-run.sh"
