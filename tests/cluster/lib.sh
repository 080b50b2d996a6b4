# shellcheck shell=bash
# Shared steps of the cluster scenarios (sourced by scenario.sh). Every wait is bounded.
# Environment: CLS_SANDBOX (path of cls_sandbox), PGHA_WRITE_CHECKER (path of the checker),
# PGHA_RESULTS_DIR (where runs and results.tsv go), PGHA_KEEP_SANDBOX=1 (leave it up).

SB=${CLS_SANDBOX:-cls_sandbox}
WC=${PGHA_WRITE_CHECKER:?PGHA_WRITE_CHECKER must name the pgha_write_checker binary}
RESULTS=${PGHA_RESULTS_DIR:-/var/lib/pgha-results}
RSC=pgsql
CHECKER_PID=
OUT=
NOTE=

now_ms() { local t; t=$(date +%s%N); printf '%s\n' "$((t / 1000000))"; }
say() { printf '[%s] %s: %s\n' "$(date +%T)" "$SCENARIO" "$*" >&2; }

record() {
  local verdict=$1 s=${OUT:-/nonexistent}/summary.txt
  local rto=-1 lost=-1 tpw=-1 gap=-1 acked=0
  if [ -f "$s" ]; then
    rto=$(sed -n 's/^rto_ms=//p' "$s" | tail -n1)
    lost=$(sed -n 's/^lost=//p' "$s" | tail -n1)
    tpw=$(sed -n 's/^two_primary_windows=//p' "$s" | tail -n1)
    gap=$(sed -n 's/^max_gap_ms=//p' "$s" | tail -n1)
    acked=$(sed -n 's/^acked=//p' "$s" | tail -n1)
  fi
  mkdir -p "$RESULTS"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$SCENARIO" "$verdict" \
    "${rto:--1}" "${lost:--1}" "${tpw:--1}" "${gap:--1}" "${acked:-0}" "$OUT" "$NOTE" \
    >>"$RESULTS/results.tsv"
}

fail() {
  say "FAIL: $*"
  NOTE="$*"
  stop_checker || true
  record FAIL
  say "run directory: $OUT (sandbox logs copied to $OUT/sandbox)"
  exit 1
}

# wait_until DESC SECONDS CMD...: poll every 0.5 s, fail the scenario at the deadline.
wait_until() {
  local desc=$1 secs=$2
  shift 2
  local deadline=$(($(now_ms) + secs * 1000))
  until "$@" >/dev/null 2>&1; do
    [ "$(now_ms)" -lt "$deadline" ] || fail "timed out after ${secs}s waiting for $desc"
    sleep 0.5
  done
}
# holds_for SECONDS CMD...: CMD must succeed at every poll for SECONDS.
holds_for() {
  local secs=$1
  shift
  local deadline=$(($(now_ms) + secs * 1000))
  while [ "$(now_ms)" -lt "$deadline" ]; do
    "$@" >/dev/null 2>&1 || return 1
    sleep 0.5
  done
}

save_logs() {
  [ -n "$OUT" ] || return 0
  local d=${PGHA_SANDBOX_DIR:-/var/lib/pgha-sandbox} n
  mkdir -p "$OUT/sandbox"
  for n in "$d"/nodes/*; do
    [ -d "$n" ] || continue
    mkdir -p "$OUT/sandbox/${n##*/}"
    cp -a "$n/var-log-pacemaker/pacemaker.log" "$n/var-log-corosync/corosync.log" \
      "$n/var-lib-postgresql/15/postgresql.log" "$OUT/sandbox/${n##*/}/" 2>/dev/null || true
  done
  "$SB" status >"$OUT/sandbox/status.txt" 2>&1 || true
}

cleanup() {
  local rc=$?
  if [ -n "$CHECKER_PID" ] && kill -0 "$CHECKER_PID" 2>/dev/null; then
    kill -TERM "$CHECKER_PID" 2>/dev/null || true
  fi
  save_logs
  if [ "${PGHA_KEEP_SANDBOX:-0}" != 1 ]; then "$SB" down >/dev/null 2>&1 || true; fi
  exit "$rc"
}

sandbox_up() {
  local nodes=$1
  OUT=$RESULTS/runs/$SCENARIO-$(date -u +%Y%m%dT%H%M%SZ)-$$
  mkdir -p "$OUT"
  trap cleanup EXIT
  if [ -e "${PGHA_SANDBOX_DIR:-/var/lib/pgha-sandbox}/config" ]; then "$SB" down; fi
  local -a extra=()
  read -r -a extra <<<"${PGHA_SANDBOX_UP_ARGS:-}"
  "$SB" up --nodes "$nodes" "${extra[@]}" || fail "cls_sandbox up failed"
  wait_until "a primary" 120 has_primary
  # Faults are injected into the steady state an operator expects: the writer VIP up, every
  # standby streaming and one of them recorded as synchronous (and so promotable).
  wait_until "every standby streaming, one synchronous" 180 steady
}

primary() { "$SB" primary 2>/dev/null; }
has_primary() { [ -n "$(primary)" ]; }
primary_is() { [ "$(primary)" = "$1" ]; }
primary_is_not() { local p; p=$(primary); [ -n "$p" ] && [ "$p" != "$1" ]; }
not_primary() { ! primary_is "$1"; }
others() { "$SB" nodes | grep -vx "$1"; }
first_other() { others "$1" | head -n1; }

node_sql() {
  local n=$1
  shift
  "$SB" exec "$n" runuser -u postgres -- /usr/lib/postgresql/15/bin/psql -qAtX -h /run/postgresql \
    -c "$*"
}
# The timeline a node writes (primary: its current WAL file; standby: its last checkpoint). The
# checkpoint's timeline alone lags a promotion until the next checkpoint (B read 1 after 2 -> 3).
node_timeline() {
  node_sql "$1" "SELECT CASE WHEN pg_is_in_recovery() THEN (SELECT timeline_id FROM pg_control_checkpoint()) ELSE ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int END"
}
node_accepts_writes() { [ "$(node_sql "$1" "SELECT NOT pg_is_in_recovery()")" = t ]; }
pg_down_on() { ! "$SB" exec "$1" /usr/lib/postgresql/15/bin/pg_isready -q -h /run/postgresql -t 2; }
standby_streams_sync() {
  [ "$(node_sql "$1" "SELECT count(*) FROM pg_stat_replication WHERE application_name = '$2' AND sync_state = 'sync'")" = 1 ]
}
standby_streams() {
  [ "$(node_sql "$1" "SELECT count(*) FROM pg_stat_replication WHERE application_name = '$2' AND state = 'streaming'")" = 1 ]
}
# data_status_is ASK_NODE NODE VALUE: NODE's <rsc>-data-status attribute, as Pacemaker has it
# (what the cls_* commands judge by; the primary's monitor updates it every few seconds).
data_status_is() {
  [ "$("$SB" exec "$1" crm_attribute --lifetime forever --node "$2" --name "${RSC}-data-status" --query --quiet 2>/dev/null)" = "$3" ]
}
steady() {
  local p n sync=0
  p=$(primary)
  [ -n "$p" ] || return 1
  for n in $(others "$p"); do
    standby_streams "$p" "$n" || return 1
    # Promotable only once the primary's monitor has recorded it as synchronous: before that
    # the standby rightly counts its data as possibly incomplete and does not take over.
    if data_status_is "$p" "$n" "STREAMING|SYNC"; then sync=1; fi
  done
  [ "$sync" = 1 ]
}
repl_info() {
  local n
  for n in $("$SB" nodes); do
    "$SB" exec "$n" crm_attribute --type crm_config --name "${RSC}_REPL_INFO" --query --quiet \
      2>/dev/null && return 0
  done
  return 1
}

start_checker() {
  local vip n args=()
  vip=$("$SB" ip vip-rw)
  for n in $("$SB" nodes); do args+=(--node "$n=$("$SB" ip "$n")"); done
  "$SB" exec client "$WC" prepare --host "$vip" || fail "write checker could not prepare its tables"
  "$SB" exec client "$WC" run --vip "$vip" "${args[@]}" --out "$OUT" --stop-file "$OUT/stop" \
    --fault-file "$OUT/fault" --max-seconds 900 >"$OUT/checker.log" 2>&1 &
  CHECKER_PID=$!
  wait_until "20 acknowledged writes before the fault" 60 acked_at_least 20
}
acked_count() { if [ -f "$OUT/acked.txt" ]; then wc -l <"$OUT/acked.txt"; else echo 0; fi; }
acked_at_least() { [ "$(acked_count)" -ge "$1" ]; }

# mark_fault: the fault's wall-clock time (ms), the origin of RTO; called when the fault
# command has returned, so that writes the old primary acknowledged while the command started
# are not taken for writes after the fault.
mark_fault() { now_ms >"$OUT/fault"; }
# A write sent after the fault was acknowledged through the VIP.
acked_after_fault() {
  local f
  f=$(cat "$OUT/fault")
  awk -F'\t' -v f="$f" '$3 == "vip" && $5 == "ack" && $1 >= f { found = 1 } END { exit !found }' \
    "$OUT/events.tsv"
}
# Writes through the VIP were acknowledged in the last SECONDS seconds.
acked_recently() {
  local since=$(($(now_ms) - $1 * 1000))
  awk -F'\t' -v s="$since" '$3 == "vip" && $5 == "ack" && $2 >= s { found = 1 } END { exit !found }' \
    "$OUT/events.tsv"
}

stop_checker() {
  [ -n "$CHECKER_PID" ] || return 0
  touch "$OUT/stop"
  local deadline=$(($(now_ms) + 30000))
  while kill -0 "$CHECKER_PID" 2>/dev/null; do
    if [ "$(now_ms)" -ge "$deadline" ]; then
      kill -TERM "$CHECKER_PID" 2>/dev/null || true
      CHECKER_PID=
      return 1
    fi
    sleep 0.2
  done
  wait "$CHECKER_PID" || { CHECKER_PID=; return 1; }
  CHECKER_PID=
}

summary_value() { sed -n "s/^$1=//p" "$OUT/summary.txt" | tail -n1; }

# finish: stop the checker, verify on the writer VIP, check RPO = 0 and no two-primary window.
finish() {
  stop_checker || fail "the write checker did not stop cleanly (see $OUT/checker.log)"
  wait_until "a primary behind the writer VIP" 120 has_primary
  "$SB" exec client "$WC" verify --host "$("$SB" ip vip-rw)" --out "$OUT" ||
    fail "verification of acknowledged writes failed"
  [ "$(summary_value verified_on_primary)" = 1 ] || fail "the writer VIP does not lead to a primary"
  [ "$(summary_value lost)" = 0 ] || fail "acknowledged writes lost: $(summary_value lost) ($(summary_value lost_ids))"
  [ "$(summary_value two_primary_windows)" = 0 ] ||
    fail "two primaries accepted writes at the same time ($(summary_value two_primary_ms) ms, see $OUT/checker.log)"
  record PASS
  say "PASS rto_ms=$(summary_value rto_ms) lost=0 two_primary_windows=0 max_gap_ms=$(summary_value max_gap_ms) acked=$(summary_value acked) ${NOTE}"
}
