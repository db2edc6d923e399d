#!/usr/bin/env bash
# Usage: bench/server-digest.sh [PG_ROWS] [GP_ROWS]     (defaults 5000000 and 2000000)
#
# The server-side digest (extension/, issue "A server-side digest"): budgets >= 4x faster than
# the md5 SQL checksum and within 2x of count(*). On one table of 7 columns (bigint key, int,
# numeric(12,2), float8, text, timestamptz, date), loaded on a throwaway PostgreSQL 15 server
# (scripts/with-servers) with PG_ROWS rows and on the real Greenplum 6 and 7 clusters
# (../shared/greenplum, or GPPARITY_TEST_GP6/GP7) with GP_ROWS rows, it measures in one run,
# best of BENCH_REPEAT (default 3), every method reading the table twice concurrently (source
# and target are the same database, as a verification reads it):
#   count(*)             SELECT count(*)
#   md5 SQL checksum     the sums of both 64-bit halves of md5(t::text) (per segment on
#                        Greenplum): greenplum.md's usual DBA checksum
#   extension query      the extension's aggregate, per segment on Greenplum; and the same call
#                        with every column ignored (the floor of any aggregate over them)
#   count(*) per segment SELECT gp_segment_id, count(*) ... GROUP BY 1 (the shape of the digest
#                        query on Greenplum; plain count(*) on PostgreSQL)
#   gpparity SQL push.   gpparity data --strategy pushdown without the extension (SQL, p1)
#   gpparity ext. push.  gpparity data --strategy pushdown with it (c1 digests)
#   gpparity stream      gpparity data --strategy stream
# It builds and installs the extension (extension/build-install) and gpparity (Release, into
# build/bench) unless GPPARITY_BIN names a binary. Not part of scripts/test.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
export BENCH_PG_ROWS=${1:-5000000} BENCH_GP_ROWS=${2:-2000000}

source "$here/lib.sh"
bench_greenplum_clusters
source "$root/scripts/lib/common.sh"
install_digest_extension
bench_binary
export GPPARITY_BIN
"$root/scripts/with-servers" 1 -- bash -c '"$0" postgres "$GPPARITY_TEST_PG1" "$BENCH_PG_ROWS"' \
    "$here/server-digest-run.sh"
"$here/server-digest-run.sh" gp6 "$GPPARITY_TEST_GP6" "$BENCH_GP_ROWS"
"$here/server-digest-run.sh" gp7 "$GPPARITY_TEST_GP7" "$BENCH_GP_ROWS"
