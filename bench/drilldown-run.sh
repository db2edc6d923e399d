#!/usr/bin/env bash
# The part of bench/drilldown.sh that runs inside scripts/with-servers (GPPARITY_TEST_PG1/2 set).
set -euo pipefail
for pg in "$GPPARITY_TEST_PG1" "$GPPARITY_TEST_PG2"; do
    psql -X -q "$pg" -c "CREATE DATABASE bench"
    echo "loading $BENCH_ROWS rows on $pg..." >&2
    psql -X -q "$pg dbname=bench" <<SQL
CREATE TABLE keyed (id bigint PRIMARY KEY, qty integer, price numeric(12,2), ratio double precision,
                    name text, created timestamptz, note varchar(40));
INSERT INTO keyed SELECT g, (g % 1000)::int, (g % 100000) * 0.01, g / 7.0, 'name-' || g,
       timestamptz '2020-01-01 00:00+00' + g * interval '1 second', repeat('x', (g % 30)::int)
FROM generate_series(1, $BENCH_ROWS) g;
CREATE TABLE heap AS SELECT * FROM keyed;
VACUUM ANALYZE keyed;
VACUUM ANALYZE heap;
SQL
done
tgt="$GPPARITY_TEST_PG2 dbname=bench"
for t in keyed heap; do
    psql -X -q "$tgt" <<SQL
UPDATE $t SET note = 'changed' WHERE id = 11;
DELETE FROM $t WHERE id = 777;
INSERT INTO $t VALUES ($BENCH_ROWS + 1, 1, 1.00, 1, 'new', now(), 'new');
SQL
done
src="$GPPARITY_TEST_PG1 dbname=bench"
now() { date +%s.%N; }
run() { # table, extra args...; prints seconds, RSS (KB)
    local table=$1; shift
    local start end
    start=$(now)
    /usr/bin/time -f "%M" -o /tmp/gpparity-drill-rss "$GPPARITY_BIN" data --source "$src" \
        --target "$tgt" --include "public.$table" --jobs 2 --format json "$@" \
        > /tmp/gpparity-drill.json || true
    end=$(now)
    echo "$(echo "$end - $start" | bc -l) $(tail -n 1 /tmp/gpparity-drill-rss)"
}
echo "rows: $BENCH_ROWS per side, 3 planted differences, $(nproc) cores, $(psql -X -A -t "$src" -c "SHOW server_version")"
for t in keyed heap; do
    read -r plain_s plain_rss < <(run $t)
    read -r drill_s drill_rss < <(run $t --show-rows 10)
    line=$(python3 -c 'import json,re,sys; r=json.load(open("/tmp/gpparity-drill.json"));
w=next((w for w in r["warnings"] if w.startswith("drill-down")), "no drill-down line"); print(w)
t=r["data"]["tables"][0]; total=t["source_rows"]+t["target_rows"]
m=re.search(r"([\d,]+) rows re-read", w)
if m: n=int(m.group(1).replace(",", "")); print("re-read fraction: %d of %d rows (both sides) = %.4f %%" % (n, total, 100.0 * n / total))
print("rows found:", [ (x["change"], x["key"] or x["source"] or x["target"]) for x in t.get("rows", [])])')
    printf "%-6s  data: %6.2f s, %4d MB RSS   data --show-rows 10: %6.2f s, %4d MB RSS (%.2fx the time)\n" \
        "$t" "$plain_s" "$((plain_rss / 1024))" "$drill_s" "$((drill_rss / 1024))" \
        "$(echo "$drill_s / $plain_s" | bc -l)"
    echo "$line" | sed 's/^/        /'
done
