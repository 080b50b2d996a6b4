#!/usr/bin/env bash
# One failure scenario against a fresh sandbox, under the write checker:
#   scenario.sh smoke|A|B|C|D|E|F|G|H
# Appends one line to $PGHA_RESULTS_DIR/results.tsv (see report.sh) and exits non-zero when
# an expectation fails. Each records RTO (fault -> first acknowledged write through the writer
# VIP), writes lost (must be 0) and two-primary windows (must be 0).
set -euo pipefail
SCENARIO=${1:?usage: scenario.sh smoke|A|B|C|D|E|F|G|H}
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
  mark_fault
  "$SB" kill-node "$p"
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
  mark_fault
  "$SB" kill-pg "$p"
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
    say "kill $i of PostgreSQL on $p"
    "$SB" kill-pg "$p"
    wait_until "$p to accept writes again after kill $i" 180 node_accepts_writes "$p"
    wait_until "writes through the VIP after kill $i" 120 acked_recently 2
  done
  say "kill 3 of PostgreSQL on $p"
  mark_fault
  "$SB" kill-pg "$p"
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
# the standby is promoted; after healing the old primary must not come back as primary.
scenario_C() {
  sandbox_up 2
  start_checker
  local p s
  p=$(primary)
  s=$(first_other "$p")
  say "isolating primary $p"
  mark_fault
  "$SB" partition "$p"
  wait_until "$s to accept writes" 180 node_accepts_writes "$s"
  wait_until "a write acknowledged after the fault" 120 acked_after_fault
  say "healing $p"
  "$SB" heal "$p"
  wait_until "Pacemaker to settle after healing" 180 "$SB" wait-idle 30
  primary_is "$s" || fail "after healing the primary is '$(primary)', expected $s"
  ! node_accepts_writes "$p" || fail "old primary $p accepts writes after healing"
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
  mark_fault
  "$SB" kill-pg "$s"
  wait_until "a write acknowledged after the fault" 120 acked_after_fault
  primary_is "$p" || fail "primary moved from $p"
  wait_until "$s back as synchronous standby" 180 standby_streams_sync "$p" "$s"
  wait_until "writes through the VIP with $s back" 60 acked_recently 2
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
  say "powering off primary $p with the lock server down"
  mark_fault
  "$SB" kill-node "$p"
  holds_for 45 no_primary || fail "$s was promoted while the lock server was unreachable"
  ! node_accepts_writes "$s" || fail "$s accepts writes without the lease"
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
  mark_fault
  "$SB" partition "$p"
  wait_until "another node to be promoted" 180 primary_is_not "$p"
  wait_until "a write acknowledged after the fault" 120 acked_after_fault
  wait_until "PostgreSQL to stop on the isolated $p" 180 pg_down_on "$p"
  "$SB" heal "$p"
  finish
}

case $SCENARIO in
  smoke | F) scenario_F ;;
  A | B | C | D | E | G | H) "scenario_$SCENARIO" ;;
  *) echo "scenario.sh: error: unknown scenario '$SCENARIO'" >&2; exit 2 ;;
esac
