#!/usr/bin/env bash
# The fault nemesis: seeded random schedules of two or three faults against a fresh sandbox
# each, under the write checker (on demand, like the scenario matrix):
#   nemesis.sh [--seed S] [--trials N] [--nodes 2|3] [--faults 2|3]
#   nemesis.sh --sequence async-fallback|stale-repl-info
# Faults: isolate a node (with or without the lock server), heal, flip a partition, power a
# node off, kill PostgreSQL, stop the lock server, pause every process of a node for longer
# than the lease. After the last fault everything is restored (healed, resumed, powered on,
# lock server started); then the cluster must have one writable primary within 300 s, or no
# primary and a refusal in the agents' logs that names the command to run; the nemesis then
# runs that command as the operator would (cls_cleanup, every node being back) and the cluster
# must recover. Either way no acknowledged write may be lost (checked on the primary behind the
# writer VIP) and no two primaries may have accepted writes at the same time.
# Trial i of seed S uses seed S+i, so one trial is reproduced with --seed S+i --trials 1.
# Each trial appends a line to $PGHA_RESULTS_DIR/results.tsv (scenario NEM<nodes>.<faults>,
# or the sequence's name; PASS, with "refused ... recovered after cls_cleanup" in the note when
# the operator's command was needed, or FAIL).
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "nemesis.sh: error: run as root" >&2; exit 1; }
here=$(cd "$(dirname "$0")" && pwd)
seed=${PGHA_NEMESIS_SEED:-$(date +%s)}
trials=1
nodes=2
faults=2
sequence=
while [ $# -gt 0 ]; do
  case $1 in
    --seed) seed=${2:?--seed needs a number}; shift 2 ;;
    --trials) trials=${2:?--trials needs a number}; shift 2 ;;
    --nodes) nodes=${2:?--nodes needs 2 or 3}; shift 2 ;;
    --faults) faults=${2:?--faults needs 2 or 3}; shift 2 ;;
    --sequence) sequence=${2:?--sequence needs a name}; shift 2 ;;
    -h | --help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "nemesis.sh: error: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
for v in "$seed" "$trials"; do
  [[ $v =~ ^[0-9]+$ ]] || { echo "nemesis.sh: error: --seed and --trials take numbers" >&2; exit 2; }
done
[[ $nodes =~ ^[23]$ && $faults =~ ^[23]$ ]] ||
  { echo "nemesis.sh: error: --nodes and --faults take 2 or 3" >&2; exit 2; }
case $sequence in
  '' | async-fallback | stale-repl-info) ;;
  *) echo "nemesis.sh: error: unknown sequence '$sequence'" >&2; exit 2 ;;
esac

if [ -z "${NEMESIS_TRIAL:-}" ]; then
  # The driver: one child process per trial (each sources lib.sh with its own traps).
  rc=0
  if [ -n "$sequence" ]; then
    NEMESIS_TRIAL=1 "$0" --sequence "$sequence" || rc=1
  else
    for ((i = 0; i < trials; i++)); do
      NEMESIS_TRIAL=1 "$0" --seed "$((seed + i))" --nodes "$nodes" --faults "$faults" || rc=1
    done
  fi
  exit "$rc"
fi

SCENARIO=${sequence:-NEM$nodes.$faults}
# shellcheck source=tests/cluster/lib.sh
source "$here/lib.sh"

LOCK_CONNINFO="host=$("$SB" ip lock) port=5432 dbname=postgres user=postgres connect_timeout=3"
lock_sql() { "$SB" exec client psql "$LOCK_CONNINFO" -qAtX -c "$*"; }
# The node the lock row records as the leader ("" when none).
recorded_leader() {
  local owner
  owner=$(lock_sql "select coalesce(leader_owner, '') from distlock where lockname = 'pgha_sandbox'") || return 1
  printf '%s\n' "${owner#"${RSC}"_}"
}

declare -A powered_off=() partitioned=()
lock_down=0

role_node() { # primary|standby -> a node name, resolved now; anything else is a node name
  local p
  case $1 in primary | standby) ;; *) printf '%s\n' "$1"; return ;; esac
  p=$(primary)
  [ -n "$p" ] || p=$("$SB" nodes | head -n1)
  if [ "$1" = primary ]; then printf '%s\n' "$p"; else first_other "$p"; fi
}

apply() { # one fault, by name and role
  local fault=$1 role=$2 n
  n=$(role_node "$role")
  case $fault in
    isolate)
      say "fault: isolate $role $n (lock server too)"
      "$SB" partition "$n" && partitioned[$n]=1 ;;
    isolate-keep-lock)
      say "fault: isolate $role $n (lock server still reachable)"
      "$SB" partition "$n" --keep-lock && partitioned[$n]=1 ;;
    heal)
      for n in "${!partitioned[@]}"; do say "fault: heal $n"; "$SB" heal "$n"; unset "partitioned[$n]"; done ;;
    flip)
      local healed=
      for healed in "${!partitioned[@]}"; do say "fault: flip: heal $healed"; "$SB" heal "$healed"; unset "partitioned[$healed]"; done
      [ -n "$healed" ] && n=$(first_other "$healed")
      say "fault: flip: isolate $n"
      "$SB" partition "$n" && partitioned[$n]=1 ;;
    power-off)
      [ -z "${powered_off[$n]:-}" ] || return 0
      say "fault: power off $role $n"
      "$SB" kill-node "$n" && powered_off[$n]=1 ;;
    power-on)
      for n in "${!powered_off[@]}"; do say "fault: power on $n"; "$SB" start-node "$n"; unset "powered_off[$n]"; done ;;
    kill-pg)
      [ -z "${powered_off[$n]:-}" ] || return 0
      say "fault: kill PostgreSQL on $role $n"
      "$SB" kill-pg "$n" || true ;;
    stop-lock)
      [ "$lock_down" = 0 ] || return 0 # already down: stopping it again is no fault
      say "fault: stop the lock server"
      "$SB" stop-lock && lock_down=1 ;;
    pause)
      [ -z "${powered_off[$n]:-}" ] || return 0
      local secs=$((12 + RANDOM % 9))
      say "fault: pause $role $n for ${secs}s (longer than the 9 s lease)"
      "$SB" pause-node "$n"
      sleep "$secs" # the fault's own duration, not a wait for a condition
      "$SB" resume-node "$n" ;;
  esac
}

restore() {
  local n
  say "restoring: heal, power on, start the lock server"
  for n in "${!partitioned[@]}"; do "$SB" heal "$n"; done
  partitioned=()
  for n in "${!powered_off[@]}"; do "$SB" start-node "$n" || fail "start-node $n failed"; done
  powered_off=()
  if [ "$lock_down" = 1 ]; then "$SB" start-lock; lock_down=0; fi
  mark_fault
}

# One writable primary behind the VIP with a write acknowledged after the restore.
recovered() { has_primary && acked_after_fault; }
# The agents refused a promotion and named the command that overrides it.
refusal_logged() {
  local d=${PGHA_SANDBOX_DIR:-/var/lib/pgha-sandbox}
  grep -h "exit-reason:promotion refused" "$d"/nodes/*/var-log-pacemaker/pacemaker.log 2>/dev/null |
    grep -E "cls_cleanup|cls_reset_master|cls_repair_slave" | tail -n1
}

conclude() {
  local deadline=$(($(now_ms) + 150000)) why
  until recovered; do
    if [ "$(now_ms)" -ge "$deadline" ]; then
      why=$(refusal_logged) || true
      [ -n "$why" ] || fail "no writable primary 150 s after the restore, and no refusal naming a command"
      operator_recovery "$why"
      return
    fi
    sleep 0.5
  done
  finish
}

# No primary and a refusal logged: do what its hint says once every node is back (clear the
# failures so that Pacemaker starts the recorded leader again), then the usual verdict.
operator_recovery() {
  local leader
  leader=$(recorded_leader) || fail "cannot read the lock row"
  say "refused: ${1##*exit-reason:}"
  say "operator: cls_cleanup (the recorded leader is \"$leader\")"
  on "$("$SB" nodes | head -n1)" cls_cleanup >"$OUT/cleanup.txt" 2>&1 ||
    fail "cls_cleanup failed: $(tail -n3 "$OUT/cleanup.txt")"
  wait_until "one writable primary after cls_cleanup" 240 recovered
  primary_is "$leader" || NOTE="$NOTE; the new primary $(primary) is not the recorded leader $leader"
  NOTE="$NOTE; refused (named cls_cleanup / cls_reset_master --force), recovered after cls_cleanup"
  finish
}
on() {
  local n=$1
  shift
  "$SB" exec "$n" "$@"
}

# The schedule of seed $seed: $faults faults, each after a pause of 5-40 s.
random_schedule() {
  RANDOM=$seed
  local -a kinds=(isolate isolate-keep-lock heal flip power-off power-on kill-pg stop-lock pause)
  local -a roles=(primary standby)
  local i
  for ((i = 0; i < faults; i++)); do
    printf '%s %s %s\n' "$((5 + RANDOM % 36))" "${kinds[RANDOM % ${#kinds[@]}]}" "${roles[RANDOM % 2]}"
  done
}

run_schedule() {
  local delay fault role
  while read -r delay fault role; do
    sleep "$delay" # the schedule's own spacing between faults
    apply "$fault" "$role"
  done
}

sync_names_of() { node_sql "$1" "show synchronous_standby_names"; }
async_on() { [ -z "$(sync_names_of "$1")" ]; }

# The standby is isolated until the primary drops it (wal_sender_timeout) and acknowledges
# alone, then the partition flips: the stale standby must not be promoted over those commits.
seq_async_fallback() {
  local p s
  p=$(primary)
  s=$(first_other "$p")
  NOTE="sequence async-fallback: primary $p, standby $s"
  mark_fault
  apply isolate "$s"
  wait_until "$p to drop $s and acknowledge alone" 180 async_on "$p"
  wait_until "writes acknowledged by $p alone" 60 acked_recently 2
  say "flip: heal $s, isolate $p"
  apply flip "$s"
  holds_for 40 survivor_not_writable "$s" || fail "$s was promoted without the commits $p acknowledged alone"
}

# node1 isolated, node2 promoted and writing; node1 powered off, node2 powered off, node1
# powered on alone with its half of the CIB (REPL_INFO still names it): it must not lead.
seq_stale_repl_info() {
  local p s
  p=$(primary)
  s=$(first_other "$p")
  NOTE="sequence stale-repl-info: primary $p, standby $s"
  mark_fault
  apply isolate "$p"
  wait_until "$s to accept writes" 180 node_accepts_writes "$s"
  wait_until "a write acknowledged by $s" 120 acked_after_fault
  apply power-off "$p"
  apply power-off "$s"
  say "powering on $p alone"
  "$SB" start-node "$p" || fail "start-node $p failed"
  unset "powered_off[$p]"
  unset "partitioned[$p]"
  holds_for 60 survivor_not_writable "$p" || fail "$p was promoted with a stale REPL_INFO"
}
survivor_not_writable() { ! node_accepts_writes "$1"; }

sandbox_up "$nodes"
start_checker
case $sequence in
  async-fallback) seq_async_fallback ;;
  stale-repl-info) seq_stale_repl_info ;;
  *)
    schedule=$(random_schedule)
    NOTE="seed=$seed schedule=$(printf '%s' "$schedule" | tr '\n' ';')"
    say "schedule: $NOTE"
    mark_fault
    run_schedule <<<"$schedule"
    sleep $((10 + RANDOM % 21)) # let the last fault act before everything is restored
    ;;
esac
restore
conclude
