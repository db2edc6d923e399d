#!/bin/bash
# usage: matrix.sh 6|7
V=$1; Q=/tmp/q$V; SIG=${2:-/tmp/sig$V.sql}
W=/tmp/mx$V; rm -rf $W; mkdir -p $W
$Q -q <<'SQL' >/dev/null 2>&1
drop schema if exists m cascade;
create schema m;
create table m.t_row (id int, a text, b int) with (appendonly=true) distributed by (id);
create table m.ctl (id int, a text, b int) with (appendonly=true) distributed by (id);
create table m.t_col (id int, a text, b int) with (appendonly=true, orientation=column) distributed by (id);
create table m.ctl_col (id int, a text, b int) with (appendonly=true, orientation=column) distributed by (id);
create table m.t_part (id int, a text, d int) with (appendonly=true) distributed by (id)
  partition by range (d) (start (0) end (3) every (1));
create table m.src (id int, a text, b int) distributed by (id);
insert into m.src select g, 'v'||g, g%7 from generate_series(1,1000) g;
insert into m.t_row select * from m.src;
insert into m.ctl select * from m.src;
insert into m.t_col select * from m.src;
insert into m.ctl_col select * from m.src;
insert into m.t_part select g, 'p'||g, g%3 from generate_series(1,300) g;
SQL
n=0
snap() { $Q -At -F'|' -f $SIG | grep '^m|' > $W/$1; $Q -At -F'|' -f ${SIG%.sql}dbg.sql | grep '^m|' > $W/$1.dbg; }
snap s0
step() { # name, target, sql
  local name="$1" tgt="$2" sql="$3"
  n=$((n+1)); snap before$n
  if [ "$sql" = "<repeat>" ]; then :; else
    out=$($Q -v ON_ERROR_STOP=0 -c "$sql" 2>&1 | grep -E 'ERROR|WARN' | tr '\n' ' ' | cut -c1-120); fi
  snap after$n
  local res=""
  local changed=$(join -t'|' -j1 <(awk -F'|' '{print $2"|"$3}' $W/before$n|sort) <(awk -F'|' '{print $2"|"$3}' $W/after$n|sort) | awk -F'|' '$2!=$3{print $1}' | tr '\n' ' ')
  local added=$(comm -13 <(cut -d'|' -f2 $W/before$n|sort) <(cut -d'|' -f2 $W/after$n|sort) | tr '\n' ' ')
  local removed=$(comm -23 <(cut -d'|' -f2 $W/before$n|sort) <(cut -d'|' -f2 $W/after$n|sort) | tr '\n' ' ')
  local tres=unchanged; [[ " $changed " == *" $tgt "* ]] && tres=CHANGED
  local others=$(echo $changed | tr ' ' '\n' | grep -vx "$tgt" | tr '\n' ' ')
  local lok=""; [ $V = 6 ] && lok=" local_ok=$(cut -d'|' -f4 $W/after$n | sort -u | tr '\n' ',')"
  local why=$(paste -d'\n' <(grep "^m|$tgt|" $W/before$n.dbg | tr '|' '\n') <(grep "^m|$tgt|" $W/after$n.dbg | tr '|' '\n') | paste - - | awk -F'\t' 'BEGIN{split("schema name oid relfilenode policy columns segfiles local_ok",nm," ")} $1!=$2{printf "%s ", nm[NR]}')
  printf '%-44s | %-15s %-9s | why: %-28s | others changed: [%s]%s%s%s %s\n' "$name" "$tgt" "$tres" "$why" "$(echo $others)" "${added:+ added: $added}" "${removed:+ removed: $removed}" "$lok" "$out"
}
for T in t_row t_col; do
  [ $T = t_row ] && C=ctl || C=ctl_col
  echo "=== target m.$T (control m.$C; all other m.* tables also compared) ==="
  step "query twice, no writes" $T "<repeat>"
  step "read-only SELECT" $T "select count(*), sum(length(a)) from m.$T"
  step "ANALYZE" $T "analyze m.$T"
  step "INSERT 1 row" $T "insert into m.$T values (5001,'new',1)"
  step "DELETE 1 row" $T "delete from m.$T where id = 10"
  step "UPDATE 1 row" $T "update m.$T set b = b + 100 where id = 20"
  step "aborted INSERT (BEGIN;INSERT;ROLLBACK)" $T "begin; insert into m.$T select * from m.src; rollback;"
  step "aborted DELETE (BEGIN;DELETE;ROLLBACK)" $T "begin; delete from m.$T where id = 30; rollback;"
  step "VACUUM (few dead rows, below threshold)" $T "vacuum m.$T"
  step "DELETE 30% rows" $T "delete from m.$T where id % 10 < 3"
  step "VACUUM (30% dead rows, compaction)" $T "vacuum m.$T"
  step "VACUUM again (nothing to do)" $T "vacuum m.$T"
  step "TRUNCATE" $T "truncate m.$T"
  step "INSERT original 1000 rows" $T "insert into m.$T select * from m.src"
  step "TRUNCATE + re-insert same rows (1 txn)" $T "begin; truncate m.$T; insert into m.$T select * from m.src; commit;"
  step "TRUNCATE + re-insert same rows (2 stmts)" $T "truncate m.$T; insert into m.$T select * from m.src;"
  step "DROP COLUMN b" $T "alter table m.$T drop column b"
  step "RENAME COLUMN a -> a2" $T "alter table m.$T rename column a to a2"
  step "ALTER COLUMN a2 TYPE varchar (from text)" $T "alter table m.$T alter column a2 type varchar"
  step "SET DISTRIBUTED BY (a2)" $T "alter table m.$T set distributed by (a2)"
  step "VACUUM FULL (no dead rows)" $T "vacuum full m.$T"
  step "DELETE 5 rows" $T "delete from m.$T where id between 100 and 104"
  step "VACUUM FULL (5 dead rows)" $T "vacuum full m.$T"
  step "DELETE matching 0 rows" $T "delete from m.$T where id < 0"
  step "INSERT+DELETE same row in one txn" $T "begin; insert into m.$T select 7777, a2 from m.$T limit 1; delete from m.$T where id = 7777; commit;"
  step "query twice, no writes (end)" $T "<repeat>"
done
echo "=== partitions ==="
step "INSERT into leaf t_part_1_prt_2" t_part_1_prt_2 "insert into m.t_part values (9999,'x',1)"
step "DELETE from leaf t_part_1_prt_3 via root" t_part_1_prt_3 "delete from m.t_part where id = 2"
step "UPDATE in leaf t_part_1_prt_1 via root" t_part_1_prt_1 "update m.t_part set a='y' where id = 3"
step "read-only SELECT on root" t_part_1_prt_1 "select count(*) from m.t_part"
step "query twice, no writes" t_part_1_prt_1 "<repeat>"
echo "=== control tables over the whole run ==="
for t in ctl ctl_col; do a=$(grep "|$t|" $W/s0 | cut -d'|' -f3); b=$(grep "|$t|" $W/after$n | cut -d'|' -f3); echo "m.$t first=$a last=$b $([ "$a" = "$b" ] && echo UNCHANGED || echo CHANGED)"; done
