#!/usr/bin/env bash
# Usage: bench/backup-digest.sh [ROWS]     (default 2000000)
#
# Digesting a gpbackup backup set against decompressing it (issue 16; budget: >= 0.7x the raw
# decompression rate per core). On the real GP6 cluster (../shared/greenplum, or
# GPPARITY_TEST_GP6): a table of ROWS rows and 8 columns of mixed value classes (bigint, int,
# numeric, text, timestamptz, double precision, boolean, date), backed up exactly as gpbackup
# backs it up (`COPY ... TO PROGRAM 'gzip -c -1 > .../gpbackup_<SEGID>_<ts>_<oid>.gz' WITH CSV
# DELIMITER ',' ON SEGMENT` under its session settings, config.yaml, toc.yaml, metadata.sql).
# Then, best of BENCH_REPEAT (default 3), on one core:
#   baseline   gzip -dc of every data file into /dev/null, one after the other
#   digest     bench/backup_digest_bench with --jobs 1: decompress, parse the CSV, encode each
#              value canonically, hash, sum (what `gpparity data --source DIR` does per file)
# and prints the seconds and the ratio baseline / digest (the share of gzip's rate).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
rows=${1:-2000000}
repeat=${BENCH_REPEAT:-3}

source "$here/lib.sh"
bench_greenplum_clusters
bench_binary
bench_program=$(dirname "$GPPARITY_BIN")/../bench/backup_digest_bench
psql=$(command -v psql || ls /usr/lib/postgresql/*/bin/psql | sort -V | tail -n 1)

base=$GPPARITY_TEST_GP6
db="$base dbname=gpparity_bench_backup"
dir=/tmp/gpparity-bench-backup
ts=20261204101500
rm -rf "$dir" && mkdir -p "$dir" && chmod 777 "$dir"
"$psql" -X -q "$base" -c "DROP DATABASE IF EXISTS gpparity_bench_backup" -c "CREATE DATABASE gpparity_bench_backup"
echo "GP6: loading $rows rows..." >&2
"$psql" -X -q "$db" <<SQL
CREATE TABLE public.t (id bigint, qty integer, price numeric(12,2), name text, created timestamp with time zone, ratio double precision, flag boolean, day date) DISTRIBUTED BY (id);
INSERT INTO public.t SELECT g, g % 1000, (g % 100000) * 0.01, 'name-' || g, timestamptz '2020-01-01 00:00+00' + g * interval '1 second', g / 7.0, g % 3 = 0, date '2000-01-01' + g % 9000 FROM generate_series(1, $rows) g;
SQL
oid=$("$psql" -X -At "$db" -c "SELECT 'public.t'::regclass::oid")
seg="$dir/gpseg<SEGID>/backups/${ts:0:8}/$ts"
copied=$("$psql" -X -At "$db" <<SQL | tail -n 1
SET search_path TO pg_catalog; SET DATESTYLE = ISO; SET INTERVALSTYLE = POSTGRES;
SELECT set_config('extra_float_digits', '3', false) \g /dev/null
COPY public.t TO PROGRAM 'umask 022; mkdir -p $seg && gzip -c -1 > $seg/gpbackup_<SEGID>_${ts}_$oid.gz' WITH CSV DELIMITER ',' ON SEGMENT;
SQL
)
copied=${copied#COPY }
coord="$dir/gpseg-1/backups/${ts:0:8}/$ts"
mkdir -p "$coord"
statement=$'\n\nCREATE TABLE public.t (\n\tid bigint,\n\tqty integer,\n\tprice numeric(12,2),\n\tname text,\n\tcreated timestamp with time zone,\n\tratio double precision,\n\tflag boolean,\n\tday date\n) DISTRIBUTED BY (id);'
printf "%s" "$statement" > "$coord/gpbackup_${ts}_metadata.sql"
cat > "$coord/gpbackup_${ts}_toc.yaml" <<YAML
globalentries: []
predataentries:
- schema: public
  name: t
  objecttype: TABLE
  referenceobject: ""
  startbyte: 0
  endbyte: ${#statement}
postdataentries: []
statisticsentries: []
dataentries:
- schema: public
  name: t
  oid: $oid
  attributestring: (id,qty,price,name,created,ratio,flag,day)
  rowscopied: $copied
  partitionroot: ""
  isreplicated: false
YAML
cat > "$coord/gpbackup_${ts}_config.yaml" <<YAML
backupversion: 1.30.3
compressed: true
compressiontype: gzip
databasename: gpparity_bench_backup
databaseversion: "$("$psql" -X -At "$db" -c 'SELECT version()')"
segmentcount: 2
singledatafile: false
timestamp: "$ts"
status: Success
YAML
files=$(ls "$dir"/gpseg[0-9]*/backups/*/"$ts"/*.gz)
echo "backup: $(du -sh "$dir" | cut -f1) in $(echo "$files" | wc -l) files, $copied rows" >&2

best() { sort -n | head -n 1; }
baseline=$(for _ in $(seq "$repeat"); do
    s=$(date +%s.%N); for f in $files; do gzip -dc "$f" > /dev/null; done; e=$(date +%s.%N)
    echo "$e - $s" | bc
done | best)
digest=$(for _ in $(seq "$repeat"); do
    "$bench_program" "$dir" "$db" 1 | awk '{print $2}'
done | best)
"$bench_program" "$dir" "$db" 1
printf 'gzip -dc (1 core):            %8.3f s\n' "$baseline"
printf 'backup digest (--jobs 1):     %8.3f s\n' "$digest"
printf 'digest rate / gzip -dc rate:  %8.2f   (budget >= 0.70)\n' "$(echo "$baseline / $digest" | bc -l)"
"$psql" -X -q "$base" -c "DROP DATABASE IF EXISTS gpparity_bench_backup"
