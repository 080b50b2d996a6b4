#!/usr/bin/env bash
# One failure scenario against a fresh sandbox, under the write checker:
#   scenario.sh smoke|A|B|C|D|E|F|G|H|CLS|PHA4PGSQL
# Appends one line to $PGHA_RESULTS_DIR/results.tsv (see report.sh) and exits non-zero when
# an expectation fails. Each records RTO (fault -> first acknowledged write through the writer
# VIP), writes lost (must be 0) and two-primary windows (must be 0).
set -euo pipefail
SCENARIO=${1:?usage: scenario.sh smoke|A|B|C|D|E|F|G|H|CLS|PHA4PGSQL}
[ "$(id -u)" = 0 ] || { echo "scenario.sh: error: run as root" >&2; exit 1; }
# shellcheck source=tests/cluster/lib.sh
source "$(dirname "$0")/lib.sh"

# F (and smoke): the primary's node is powered off -> the standby is promoted.
scenario_F() {
  sandbox_up 2
  start_checker
  local p s
  p=$(primary)
  s=$(first_other "$p")
  say "powering off primary $p"
  "$SB" kill-node "$p"
  mark_fault
  wait_until "$s to be promoted" 120 primary_is "$s"
  wait_until "a write acknowledged after the fault" 120 acked_after_fault
  finish
}

# A: the primary's PostgreSQL is killed once -> restarted in place, no failover.
scenario_A() {
  sandbox_up 2
  start_checker
  local p s tli
  p=$(primary)
  s=$(first_other "$p")
  tli=$(node_timeline "$p")
  say "killing PostgreSQL on primary $p"
  "$SB" kill-pg "$p"
  mark_fault
  wait_until "a write acknowledged after the fault" 180 acked_after_fault
  primary_is "$p" || fail "primary moved from $p to '$(primary)' (expected a restart in place)"
  ! node_accepts_writes "$s" || fail "$s accepts writes: it was promoted"
  [ "$(node_timeline "$p")" = "$tli" ] || NOTE="timeline changed on restart in place"
  finish
}

# B: the primary's PostgreSQL is killed up to migration-threshold (3) -> failover, timeline+1,
# REPL_INFO names the new primary, the old node is not started again until repaired.
scenario_B() {
  sandbox_up 2
  start_checker
  local p s tli i
  p=$(primary)
  s=$(first_other "$p")
  tli=$(node_timeline "$p")
  for i in 1 2; do
    wait_until "the cluster to be steady before kill $i" 180 steady
    say "kill $i of PostgreSQL on $p"
    "$SB" kill-pg "$p"
    wait_until "$p to accept writes again after kill $i" 180 node_accepts_writes "$p"
    wait_until "writes through the VIP after kill $i" 120 acked_recently 2
  done
  wait_until "the cluster to be steady before kill 3" 180 steady
  say "kill 3 of PostgreSQL on $p"
  "$SB" kill-pg "$p"
  mark_fault
  wait_until "$s to be promoted" 180 primary_is "$s"
  wait_until "a write acknowledged after the fault" 120 acked_after_fault
  local new_tli info
  new_tli=$(node_timeline "$s")
  [ "$new_tli" -gt "$tli" ] || fail "timeline of $s is $new_tli, expected > $tli"
  info=$(repl_info) || fail "no ${RSC}_REPL_INFO after the failover"
  [[ $info == "$s|"* ]] || fail "${RSC}_REPL_INFO is '$info', expected it to name $s"
  # The old node is banned (fail-count reached the threshold): it must not run PostgreSQL.
  holds_for 10 pg_down_on "$p" || fail "PostgreSQL runs again on $p without repair"
  NOTE="timeline $tli->$new_tli; REPL_INFO=$info"
  finish
}

# C: the primary is isolated from its peer and the lock server -> it stops accepting writes,
# the standby is promoted; after healing the old primary must not come back as primary: if it
# wrote past the fork point it is refused at start and cls_repair_slave rewinds it, otherwise
# it rejoins as is; either way it ends as the synchronous standby.
scenario_C() {
  sandbox_up 2
  start_checker
  local p s
  p=$(primary)
  s=$(first_other "$p")
  say "isolating primary $p"
  "$SB" partition "$p"
  mark_fault
  wait_until "$s to accept writes" 180 node_accepts_writes "$s"
  wait_until "a write acknowledged after the fault" 120 acked_after_fault
  say "healing $p"
  "$SB" heal "$p"
  wait_until "Pacemaker to settle after healing" 180 "$SB" wait-idle 30
  primary_is "$s" || fail "after healing the primary is '$(primary)', expected $s"
  ! node_accepts_writes "$p" || fail "old primary $p accepts writes after healing"
  wait_until "$p to rejoin or be refused" 180 rejoined_or_refused "$s" "$p"
  if standby_streams "$s" "$p"; then
    NOTE="$p had not diverged: it rejoined without repair"
  else
    pg_down_on "$p" || fail "$p has a fail-count but runs PostgreSQL"
    say "repairing $p with cls_repair_slave"
    on "$p" cls_repair_slave >"$OUT/repair.txt" 2>&1 || fail "cls_repair_slave failed: $(tail -n3 "$OUT/repair.txt")"
    NOTE="$p diverged: refused at start, repaired with cls_repair_slave"
  fi
  wait_until "$p to stream synchronously from $s" 240 standby_streams_sync "$s" "$p"
  finish
}

# PHA4PGSQL: C with the operations of the dual-node template users migrating from pha4pgsql
# keep (cls_sandbox up --ops pha4pgsql: demote on-fail=stop, stop on-fail=block, monitor
# 3 s / 4 s). Issue 14: the old primary's refused demote used to make Pacemaker stop the whole
# clone, the healthy new primary included. Now: one writable primary after the heal and for a
# while after it, the old primary refused (or rejoined) on its node only, 0 writes lost.
scenario_PHA4PGSQL() {
  PGHA_SANDBOX_UP_ARGS="${PGHA_SANDBOX_UP_ARGS:-} --ops pha4pgsql"
  sandbox_up 2
  local resources
  resources=$("$SB" exec node1 cibadmin --query --scope resources) || fail "cibadmin --query failed"
  [[ $resources == *'name="demote"'*'on-fail="stop"'* ]] ||
    fail "the pha4pgsql operations were not loaded (no demote on-fail=stop)"
  start_checker
  local p s
  p=$(primary)
  s=$(first_other "$p")
  say "isolating primary $p (demote on-fail=stop, stop on-fail=block)"
  "$SB" partition "$p"
  mark_fault
  wait_until "$s to accept writes" 180 node_accepts_writes "$s"
  wait_until "a write acknowledged after the fault" 120 acked_after_fault
  say "healing $p"
  "$SB" heal "$p"
  wait_until "Pacemaker to settle after healing" 180 "$SB" wait-idle 30
  primary_is "$s" || fail "after healing the primary is '$(primary)', expected $s"
  node_accepts_writes "$s" || fail "the new primary $s was stopped after the heal (clone-wide on-fail)"
  ! node_accepts_writes "$p" || fail "old primary $p accepts writes after healing"
  # The node-local failure must stay local: the new primary keeps running and acknowledging.
  holds_for 30 node_accepts_writes "$s" || fail "the new primary $s stopped accepting writes after the heal"
  wait_until "writes through the VIP after the heal" 60 acked_recently 2
  wait_until "$p to rejoin or be refused" 180 rejoined_or_refused "$s" "$p"
  if standby_streams "$s" "$p"; then
    NOTE="pha4pgsql ops: $p had not diverged, rejoined without repair"
  else
    pg_down_on "$p" || fail "$p has a fail-count but runs PostgreSQL"
    primary_is "$s" || fail "the refusal of $p moved the primary away from $s"
    say "repairing $p with cls_repair_slave"
    on "$p" cls_repair_slave >"$OUT/repair.txt" 2>&1 || fail "cls_repair_slave failed: $(tail -n3 "$OUT/repair.txt")"
    NOTE="pha4pgsql ops: $p diverged, refused on its node only, repaired with cls_repair_slave"
  fi
  wait_until "$p to stream synchronously from $s" 240 standby_streams_sync "$s" "$p"
  finish
}

# D: the standby is killed -> the primary continues (async only with the lease); the standby
# comes back -> synchronous again.
scenario_D() {
  sandbox_up 2
  start_checker
  local p s
  p=$(primary)
  s=$(first_other "$p")
  wait_until "$s to be the synchronous standby" 120 standby_streams_sync "$p" "$s"
  say "killing PostgreSQL on standby $s"
  "$SB" kill-pg "$s"
  mark_fault
  wait_until "a write acknowledged after the fault" 120 acked_after_fault
  primary_is "$p" || fail "primary moved from $p"
  wait_until "$s back as synchronous standby" 180 standby_streams_sync "$p" "$s"
  wait_until "writes through the VIP with $s back" 60 acked_recently 2
  wait_until "a fail-count for $s" 60 eval '! no_fail_count "$p" "$s"'
  on "$p" cls_cleanup || fail "cls_cleanup failed"
  wait_until "the fail-count of $s to be gone" 60 no_fail_count "$p" "$s"
  finish
}

# E: lock server down with every node healthy -> no disruption; then the primary's node is
# powered off -> no promotion while the lock is unreachable; lock back -> failover.
scenario_E() {
  sandbox_up 2
  start_checker
  local p s
  p=$(primary)
  s=$(first_other "$p")
  say "stopping the lock server"
  "$SB" stop-lock
  holds_for 30 primary_is "$p" || fail "primary changed while only the lock server was down"
  acked_recently 5 || fail "writes stopped while only the lock server was down"
  wait_until "the cluster to be steady with the lock server down" 60 steady
  say "powering off primary $p with the lock server down"
  "$SB" kill-node "$p"
  mark_fault
  # Pacemaker tries to promote the survivor and the agent refuses without the lease. The check
  # is that the survivor never runs as a primary, not what crm_mon lists: the powered-off node
  # shows as promoted until the cluster notices it is gone, and the survivor as "Promoted"
  # with failed="true" after its refused promote until Pacemaker recovers the instance.
  holds_for 45 survivor_not_writable "$s" ||
    fail "$s accepts writes while the lock server is unreachable"
  say "starting the lock server"
  "$SB" start-lock
  wait_until "$s to be promoted once the lock is back" 180 primary_is "$s"
  wait_until "a write acknowledged after the lock came back" 120 acked_after_fault
  NOTE="RTO includes 45 s with the lock server down"
  finish
}

# G: planned switchover to the standby and back.
scenario_G() {
  sandbox_up 2
  start_checker
  local p s
  p=$(primary)
  s=$(first_other "$p")
  say "switchover $p -> $s"
  mark_fault
  "$SB" exec "$p" crm_resource --move --promoted --resource msPostgresql --node "$s" >/dev/null ||
    fail "crm_resource --move failed"
  wait_until "$s to be promoted" 180 primary_is "$s"
  wait_until "a write acknowledged after the switchover" 120 acked_after_fault
  "$SB" exec "$s" crm_resource --clear --resource msPostgresql >/dev/null
  wait_until "$p back as synchronous standby" 180 standby_streams_sync "$s" "$p"
  wait_until "the cluster to be steady before switching back" 120 steady
  say "switchover $s -> $p"
  "$SB" exec "$s" crm_resource --move --promoted --resource msPostgresql --node "$p" >/dev/null ||
    fail "crm_resource --move back failed"
  wait_until "$p to be promoted again" 180 primary_is "$p"
  "$SB" exec "$p" crm_resource --clear --resource msPostgresql >/dev/null
  wait_until "writes through the VIP after switching back" 120 acked_recently 2
  finish
}

# H: three nodes, the primary is isolated -> the quorate side promotes, the isolated one stops.
scenario_H() {
  sandbox_up 3
  start_checker
  local p
  p=$(primary)
  say "isolating primary $p of three"
  "$SB" partition "$p"
  mark_fault
  wait_until "another node to be promoted" 180 primary_is_not "$p"
  wait_until "a write acknowledged after the fault" 120 acked_after_fault
  wait_until "PostgreSQL to stop on the isolated $p" 180 pg_down_on "$p"
  "$SB" heal "$p"
  finish
}

# CLS: every cls_* command against the sandbox (issue 5), under the write checker. cls_setup
# has already configured the cluster inside `cls_sandbox up`.
on() {
  local n=$1
  shift
  "$SB" exec "$n" "$@"
}
fail_count_of() { "$SB" exec "$1" crm_failcount --query --quiet --resource "$RSC" --node "$2" 2>/dev/null; }
no_fail_count() { local c; c=$(fail_count_of "$1" "$2") || return 0; [ -z "$c" ] || [ "$c" = 0 ]; }
is_unmanaged() {
  [ "$("$SB" exec "$1" crm_resource --resource msPostgresql --meta --get-parameter is-managed 2>/dev/null)" = false ]
}
# refused ASK_NODE NODE: NODE failed for good (a start or demote refused by the REPL_INFO check
# sets the fail-count to INFINITY) and runs no PostgreSQL.
refused() {
  local c
  c=$(fail_count_of "$1" "$2") || return 1
  { [ "$c" = INFINITY ] || [ "$c" = 1000000 ]; } && pg_down_on "$2"
}
# PostgreSQL on NODE does not run as a primary (a standby, or down).
survivor_not_writable() { ! node_accepts_writes "$1"; }
# Judged only with no transition in progress: between a recovery's stop and its start the node
# runs no PostgreSQL and may carry a failed probe's fail-count, which looked like a refusal (CLS
# then ran cls_repair_slave on a node that had not diverged, and pg_rewind failed).
rejoined_or_refused() {
  "$SB" wait-idle 30 >/dev/null 2>&1 || return 1
  standby_streams "$1" "$2" || refused "$1" "$2"
}
stopped_everywhere() { local n; for n in $("$SB" nodes); do pg_down_on "$n" || return 1; done; }
scenario_CLS() {
  sandbox_up 2
  start_checker
  local p s out
  p=$(primary)
  s=$(first_other "$p")
  say "cls_master, cls_status (text and JSON)"
  out=$(on "$s" cls_master) || fail "cls_master failed"
  [ "$out" = "$p" ] || fail "cls_master printed '$out', expected $p"
  on "$s" cls_status >"$OUT/cls_status.txt" || fail "cls_status failed"
  grep -q "${RSC}_REPL_INFO:$p|" "$OUT/cls_status.txt" || fail "cls_status shows no REPL_INFO naming $p"
  on "$s" cls_status --json >"$OUT/cls_status.json" || fail "cls_status --json failed"
  python3 - "$OUT/cls_status.json" "$p" "$s" <<'PY' || fail "cls_status --json does not describe the cluster"
import json, sys
r = json.load(open(sys.argv[1])); p, s = sys.argv[2], sys.argv[3]
assert r["primary"] == p, r["primary"]
roles = {n["name"]: n["role"] for n in r["nodes"]}
assert roles[p] == "Promoted" and roles[s] == "Unpromoted", roles
assert any(x["application_name"] == s and x["sync_state"] == "sync" for x in r["replication"]["standbys"]), r["replication"]
assert r["lock"]["owner"] == "pgsql_" + p and r["lock"]["term"] > 0, r["lock"]
PY

  say "cls_online_switch $p -> $s and back"
  wait_until "$s to be the synchronous standby" 120 data_status_is "$p" "$s" "STREAMING|SYNC"
  on "$p" cls_online_switch "$s" || fail "cls_online_switch $s failed"
  primary_is "$s" || fail "after cls_online_switch the primary is '$(primary)', expected $s"
  wait_until "writes through the VIP after the switchover" 120 acked_recently 2
  wait_until "$p to be the synchronous standby of $s" 180 data_status_is "$s" "$p" "STREAMING|SYNC"
  on "$s" cls_online_switch "$p" || fail "cls_online_switch back to $p failed"
  primary_is "$p" || fail "after switching back the primary is '$(primary)', expected $p"
  wait_until "$s to be the synchronous standby again" 180 standby_streams_sync "$p" "$s"

  say "cls_standby_node / cls_unstandby_node $s"
  on "$p" cls_standby_node "$s" || fail "cls_standby_node $s failed"
  wait_until "PostgreSQL to stop on $s" 120 pg_down_on "$s"
  wait_until "writes through the VIP with $s in standby" 60 acked_recently 2
  on "$p" cls_unstandby_node "$s" || fail "cls_unstandby_node $s failed"
  wait_until "$s to stream synchronously again" 180 standby_streams_sync "$p" "$s"

  say "cls_unmanage, a failure Pacemaker must leave alone, cls_manage, cls_cleanup"
  on "$p" cls_unmanage || fail "cls_unmanage failed"
  is_unmanaged "$p" || fail "the clone is still managed after cls_unmanage"
  "$SB" kill-pg "$s"
  holds_for 15 pg_down_on "$s" || fail "PostgreSQL on $s was restarted while unmanaged"
  on "$p" cls_manage || fail "cls_manage failed"
  ! is_unmanaged "$p" || fail "the clone is still unmanaged after cls_manage"
  wait_until "$s to stream again once managed" 180 standby_streams_sync "$p" "$s"
  wait_until "a fail-count for $s" 60 eval '! no_fail_count "$p" "$s"'
  on "$p" cls_cleanup || fail "cls_cleanup failed"
  wait_until "the fail-count of $s to be gone" 60 no_fail_count "$p" "$s"

  say "failover: $p powered off, $s promoted, $p back as a standby (repaired if it diverged)"
  # The cleanup re-probes; until the primary's monitor records $s as synchronous again, $s
  # rightly refuses to take over, so the fault waits for that.
  wait_until "the cluster to be steady before the fault" 120 steady
  "$SB" kill-node "$p"
  mark_fault
  wait_until "$s to be promoted" 120 primary_is "$s"
  wait_until "a write acknowledged after the fault" 120 acked_after_fault
  "$SB" start-node "$p"
  # A primary powered off may have flushed WAL (a commit its standby never confirmed, so never
  # acknowledged) past the fork point: then the cluster rightly refuses it.
  wait_until "$p to rejoin or be refused" 240 rejoined_or_refused "$s" "$p"
  if ! standby_streams "$s" "$p"; then
    say "$p wrote past the fork point before the power-off: cls_repair_slave"
    on "$p" cls_repair_slave >"$OUT/repair-failover.txt" 2>&1 ||
      fail "cls_repair_slave after the failover failed: $(tail -n3 "$OUT/repair-failover.txt")"
  fi
  wait_until "$p back as synchronous standby of $s" 240 standby_streams_sync "$s" "$p"
  out=$(on "$p" cls_repair_slave 2>&1) && fail "cls_repair_slave repaired a healthy standby"
  [[ $out == *"nothing to repair"* ]] || fail "cls_repair_slave on a healthy standby said: $out"

  say "$p diverges (promoted outside the cluster), is refused at start, cls_repair_slave"
  on "$s" cls_standby_node "$p" || fail "cls_standby_node $p failed"
  wait_until "PostgreSQL to stop on $p" 120 pg_down_on "$p"
  local pgctl=/usr/lib/postgresql/15/bin/pg_ctl pgd=/var/lib/postgresql/15/main
  # Listening on the Unix socket only: the diverged server is a deliberate second primary, and
  # the write checker must not count this test's own doing as a two-primary window.
  on "$p" runuser -u postgres -- "$pgctl" -D "$pgd" -l /var/lib/postgresql/15/diverge.log -w -t 60 \
    -o "-c listen_addresses=" start >/dev/null || fail "could not start $p by hand"
  on "$p" runuser -u postgres -- "$pgctl" -D "$pgd" -w -t 60 promote >/dev/null || fail "could not promote $p by hand"
  node_sql "$p" "CREATE TABLE pgha_diverged AS SELECT 1 AS x" >/dev/null || fail "no write on the diverged $p"
  on "$p" runuser -u postgres -- "$pgctl" -D "$pgd" -w -t 60 -m fast stop >/dev/null || fail "could not stop $p"
  on "$s" cls_unstandby_node "$p" || fail "cls_unstandby_node $p failed"
  holds_for 20 pg_down_on "$p" || fail "the diverged $p was started by the cluster"
  on "$p" cls_repair_slave >"$OUT/repair.txt" 2>&1 || fail "cls_repair_slave failed: $(tail -n3 "$OUT/repair.txt")"
  wait_until "$p to stream synchronously after repair" 180 standby_streams_sync "$s" "$p"
  [ "$(node_sql "$s" "SELECT count(*) FROM pg_class WHERE relname = 'pgha_diverged'")" = 0 ] ||
    fail "the diverged table reached the primary"

  say "cls_rebuild_slave on $p"
  on "$s" cls_standby_node "$p" || fail "cls_standby_node $p failed"
  wait_until "PostgreSQL to stop on $p" 120 pg_down_on "$p"
  on "$p" mv /var/lib/postgresql/15/main /var/lib/postgresql/15/main.old
  on "$p" cls_rebuild_slave >"$OUT/rebuild.txt" 2>&1 || fail "cls_rebuild_slave failed: $(tail -n3 "$OUT/rebuild.txt")"
  wait_until "$p to stream synchronously after rebuild" 180 standby_streams_sync "$s" "$p"
  on "$p" rm -rf /var/lib/postgresql/15/main.old

  say "cls_history"
  on "$p" cls_history >"$OUT/history.txt" || fail "cls_history failed"
  grep -q "$p" "$OUT/history.txt" && grep -q "$s" "$OUT/history.txt" ||
    fail "cls_history does not name both primaries"

  say "cls_stop, cls_start, cls_stop, cls_reset_master $s"
  on "$p" cls_stop || fail "cls_stop failed"
  stopped_everywhere || fail "PostgreSQL still runs after cls_stop"
  on "$p" cls_start || fail "cls_start failed"
  primary_is "$s" || fail "after cls_start the primary is '$(primary)', expected $s (REPL_INFO)"
  on "$p" cls_stop || fail "the second cls_stop failed"
  on "$p" cls_reset_master "$s" || fail "cls_reset_master $s failed"
  wait_until "$s to be primary after cls_reset_master" 120 primary_is "$s"
  wait_until "writes through the VIP after cls_reset_master" 120 acked_recently 2
  finish
}

case $SCENARIO in
  smoke | F) scenario_F ;;
  A | B | C | D | E | G | H | CLS | PHA4PGSQL) "scenario_$SCENARIO" ;;
  *) echo "scenario.sh: error: unknown scenario '$SCENARIO'" >&2; exit 2 ;;
esac
