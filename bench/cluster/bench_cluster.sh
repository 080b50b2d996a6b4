#!/usr/bin/env bash
# bench_cluster.sh: expgsql and PAF side by side in the sandbox, same machine, same run.
#
#   bench_cluster.sh [--runs N] [--agents "expgsql paf"] [--tokens "3000 1000"]
#                    [--cases "cold poweroff killpg"] [--out DIR]
#
# Per agent, corosync token and run, on a fresh 2-node sandbox (cls_sandbox up --bare):
#   cold      configuration loaded → a commit through the writer VIP while the primary shows a
#             synchronous standby (expgsql manages synchronous_standby_names) or a streaming
#             one (PAF leaves replication asynchronous, as its documentation sets it up);
#   poweroff  the primary's node powered off (cls_sandbox kill-node) → first commit through
#             the writer VIP; also, from the survivor's pacemaker.log, when it learnt that the
#             node was lost (membership), when the promote was requested and ended and when
#             the VIP started, and the time after membership split at the promote request;
#   killpg    PostgreSQL of the primary SIGKILLed (token 3000 only, its own sandbox) → first
#             commit through the writer VIP.
# Every failover run also verifies that no acknowledged write was lost (the write checker,
# writing through the VIP with a 300 ms timeout per attempt, of which at most 100 ms to connect:
# a connection attempt made while the VIP is nowhere gets no answer, so the first commit after
# the VIP's move is seen at most about 100 ms late). PAF runs asynchronous, as its
# documentation sets it up: writes it loses on a failover are reported, not a failure.
# Prints one row per measurement, then median and spread per agent, token and case.
# Needs root, the installed package (expgsql), resource-agents-paf and the write checker.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
SB=${CLS_SANDBOX:-$here/../../cls-tools/sandbox/cls_sandbox}
WC=${PGHA_WRITE_CHECKER:-$here/../../${PGHA_BUILD_DIR:-build}/tests/cluster/pgha_write_checker}
PSQL=/usr/lib/postgresql/15/bin/psql
runs=3
agents="expgsql paf"
tokens="3000 1000"
cases="cold poweroff killpg"
out=/var/lib/pgha-bench/$(date -u +%Y%m%dT%H%M%SZ)

die() {
  printf 'bench_cluster: error: %s\n' "$1" >&2
  [ $# -lt 2 ] || printf 'HINT: %s\n' "$2" >&2
  exit 1
}
say() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
now_ms() { local t; t=$(date +%s%N); printf '%s\n' "$((t / 1000000))"; }

while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=${2:-}; shift 2 ;;
    --agents) agents=${2:-}; shift 2 ;;
    --tokens) tokens=${2:-}; shift 2 ;;
    --cases) cases=${2:-}; shift 2 ;;
    --out) out=${2:-}; shift 2 ;;
    -h | --help) sed -n '2,20p' "$0"; exit 0 ;;
    *) die "unknown option '$1'" "see: $0 --help" ;;
  esac
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive number"
for a in $agents; do [[ $a =~ ^(expgsql|paf)$ ]] || die "unknown agent '$a'" "use expgsql and/or paf"; done
for t in $tokens; do [[ $t =~ ^[0-9]+$ ]] || die "--tokens takes milliseconds"; done
for c in $cases; do [[ $c =~ ^(cold|poweroff|killpg)$ ]] || die "unknown case '$c'"; done
[ "$(id -u)" = 0 ] || die "must run as root"
[ -x "$WC" ] || die "no write checker at $WC" "build the target pgha_write_checker or set PGHA_WRITE_CHECKER"
[ ! -e "${PGHA_SANDBOX_DIR:-/var/lib/pgha-sandbox}/config" ] || die "a sandbox is up" "run: $SB down"
mkdir -p "$out"
rows=$out/rows.tsv
: >"$rows"
cleanup() { "$SB" down >/dev/null 2>&1 || true; }
trap cleanup EXIT

# poll SECONDS CMD...: run CMD every 0.1 s until it succeeds; 1 at the deadline.
poll() {
  local deadline=$(($(now_ms) + $1 * 1000))
  shift
  until "$@" >/dev/null 2>&1; do
    [ "$(now_ms)" -lt "$deadline" ] || return 1
    sleep 0.1
  done
}

vip_conninfo() { printf 'host=%s port=5432 user=postgres dbname=postgres connect_timeout=1\n' "$("$SB" ip vip-rw)"; }

# ready AGENT: a commit through the writer VIP, and the primary shows the standby it needs.
readonly Q_STREAMING="SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'"
readonly Q_SYNC="SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming' AND sync_state IN ('sync', 'quorum')"
ready() {
  local q=$Q_SYNC n
  [ "$1" != paf ] || q=$Q_STREAMING
  n=$("$SB" exec client timeout 5 "$PSQL" "$(vip_conninfo)" -qAt -v ON_ERROR_STOP=1 \
    -c "CREATE TABLE IF NOT EXISTS pgha_bench (at timestamptz)" \
    -c "INSERT INTO pgha_bench VALUES (now())" -c "$q" 2>/dev/null | tail -n1) || return 1
  [ "${n:-0}" -ge 1 ]
}

row() { # AGENT TOKEN CASE RUN NAME VALUE (ms, or a count for writes_lost/two_primary_windows)
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$rows"
  say "$1 token=$2 $3 run $4: $5 = $6"
}

# Epoch ms of the first line of NODE's pacemaker.log at or after SINCE matching PATTERN.
log_ms() {
  local node=$1 since=$2 pattern=$3 line
  while IFS= read -r line; do
    local stamp ms
    # "Dec 06 05:57:41.827 node2 …", local time
    stamp=$(date -d "$(cut -c1-15 <<<"$line")" +%s 2>/dev/null) || continue
    ms=$((10#$(cut -c17-19 <<<"$line")))
    ms=$((stamp * 1000 + ms))
    if [ "$ms" -ge "$since" ]; then printf '%s\n' "$ms"; return 0; fi
  done < <("$SB" exec "$node" grep -E "$pattern" /var/log/pacemaker/pacemaker.log 2>/dev/null)
  return 1
}

# left NODE PEER_ID: corosync on NODE no longer counts PEER_ID as a member.
left() {
  local s
  s=$("$SB" exec "$1" corosync-cmapctl -g "runtime.members.$2.status" 2>/dev/null) || return 1
  [[ $s != *joined* ]]
}

start_checker() { # DIR
  local d=$1 args=() n
  for n in $("$SB" nodes); do args+=(--node "$n=$("$SB" ip "$n")"); done
  "$SB" exec client "$WC" prepare --host "$("$SB" ip vip-rw)" >"$d/prepare.log" 2>&1 || return 1
  "$SB" exec client "$WC" run --vip "$("$SB" ip vip-rw)" "${args[@]}" --out "$d" \
    --stop-file "$d/stop" --fault-file "$d/fault" --max-seconds 600 --op-timeout-ms 300 --connect-timeout-ms 100 \
    >"$d/checker.log" 2>&1 &
  CHECKER=$!
  poll 60 acked_at_least "$d" 20
}
acked_at_least() { [ -f "$1/acked.txt" ] && [ "$(wc -l <"$1/acked.txt")" -ge "$2" ]; }
# First acknowledgement through the VIP of a write sent at or after the fault mark.
first_ack_after() {
  awk -F'\t' -v f="$(cat "$1/fault")" '$3 == "vip" && $5 == "ack" && $1 >= f && (m == "" || $2 < m) { m = $2 }
    END { if (m == "") exit 1; print m }' "$1/events.tsv"
}
stop_and_verify() { # DIR
  local d=$1
  touch "$d/stop"
  wait "$CHECKER" || return 1
  # verify exits non-zero when writes were lost (the summary says how many) and when the VIP
  # does not answer yet (the cluster may still be recovering): poll until it has a verdict.
  poll 120 verified "$d"
}
verified() {
  "$SB" exec client "$WC" verify --host "$("$SB" ip vip-rw)" --out "$1" >"$1/verify.log" 2>&1 || true
  grep -q '^lost=' "$1/summary.txt"
}

# failover AGENT TOKEN CASE RUN: kill-node or kill-pg of the primary, then the figures.
failover() {
  local agent=$1 token=$2 kase=$3 run=$4 d p s t0 ack mem
  d=$out/$agent-$token-$kase-$run
  mkdir -p "$d"
  p=$("$SB" primary)
  [ -n "$p" ] || { row "$agent" "$token" "$kase" "$run" error 0; return 1; }
  s=$("$SB" nodes | grep -vx "$p" | head -n1)
  start_checker "$d" || { say "write checker did not start"; return 1; }
  t0=$(now_ms)
  if [ "$kase" = poweroff ]; then
    # Membership is watched from the survivor while the node goes down.
    (poll 60 left "$s" "${p#node}" && now_ms >"$d/membership") &
    local watcher=$!
    "$SB" kill-node "$p" 2>>"$d/sandbox.log"
  else
    "$SB" kill-pg "$p" 2>>"$d/sandbox.log"
  fi
  now_ms >"$d/fault"
  poll 120 first_ack_after "$d" || { say "no commit through the VIP within 120 s"; return 1; }
  ack=$(first_ack_after "$d")
  row "$agent" "$token" "$kase" "$run" first_commit $((ack - t0))
  if [ "$kase" = poweroff ]; then
    wait "$watcher" || true
    local m
    # Membership as Pacemaker on the survivor learnt it (its log has milliseconds); the
    # corosync poll above is the fallback.
    if m=$(log_ms "$s" "$t0" "Node $p state is now lost"); then
      mem=$m
    elif [ -f "$d/membership" ]; then
      mem=$(cat "$d/membership")
    else
      mem=
    fi
    if [ -n "$mem" ]; then
      row "$agent" "$token" "$kase" "$run" membership $((mem - t0))
      row "$agent" "$token" "$kase" "$run" commit_after_membership $((ack - mem))
    fi
    if m=$(log_ms "$s" "$t0" "Requesting local execution of promote operation for pgsql on $s"); then
      row "$agent" "$token" "$kase" "$run" promote_requested $((m - t0))
      # Split at the promote request: before it is Pacemaker's (membership, scheduler, the
      # pre-promote notification), after it the agent's promote, the VIP and the client.
      if [ -n "$mem" ]; then
        row "$agent" "$token" "$kase" "$run" promote_requested_after_membership $((m - mem))
        row "$agent" "$token" "$kase" "$run" commit_after_promote_requested $((ack - m))
      fi
    fi
    if m=$(log_ms "$s" "$t0" "Result of promote operation for pgsql on $s"); then
      row "$agent" "$token" "$kase" "$run" promote_done $((m - t0))
    fi
    if m=$(log_ms "$s" "$t0" "Result of start operation for vip-master on $s"); then
      row "$agent" "$token" "$kase" "$run" vip_started $((m - t0))
    fi
  fi
  "$SB" exec "$s" cat /var/log/pacemaker/pacemaker.log >"$d/pacemaker-$s.log" 2>/dev/null || true
  stop_and_verify "$d" || { say "verification did not run: see $d"; return 1; }
  row "$agent" "$token" "$kase" "$run" writes_lost "$(sed -n 's/^lost=//p' "$d/summary.txt" | tail -n1)"
  row "$agent" "$token" "$kase" "$run" two_primary_windows \
    "$(sed -n 's/^two_primary_windows=//p' "$d/summary.txt" | tail -n1)"
}

one_run() { # AGENT TOKEN RUN CASES...
  local agent=$1 token=$2 run=$3 t0 t1
  shift 3
  "$SB" up --agent "$agent" --token "$token" --bare >"$out/up-$agent-$token-$run.log" 2>&1 ||
    die "cls_sandbox up failed (see $out/up-$agent-$token-$run.log)"
  t0=$(now_ms)
  "$SB" configure --no-wait >>"$out/up-$agent-$token-$run.log" 2>&1 || die "configure failed"
  if poll 180 ready "$agent"; then
    t1=$(now_ms)
    [[ " $* " != *" cold "* ]] || row "$agent" "$token" cold "$run" ready $((t1 - t0))
  else
    say "$agent token=$token run $run: not ready within 180 s"
    row "$agent" "$token" cold "$run" timeout 180000
  fi
  # The failover cases start from the settled state every operator would wait for.
  "$SB" settle >>"$out/up-$agent-$token-$run.log" 2>&1 || say "$agent token=$token run $run: not settled"
  local k
  for k in "$@"; do
    case $k in
      poweroff | killpg) failover "$agent" "$token" "$k" "$run" || say "$agent $k run $run failed" ;;
    esac
  done
  "$SB" down >/dev/null 2>&1
}

say "results in $out"
for run in $(seq 1 "$runs"); do
  for token in $tokens; do
    for agent in $agents; do
      want=()
      for c in cold poweroff; do [[ " $cases " != *" $c "* ]] || want+=("$c"); done
      [ "${#want[@]}" -eq 0 ] || one_run "$agent" "$token" "$run" "${want[@]}"
    done
  done
  if [[ " $cases " == *" killpg "* ]]; then
    for agent in $agents; do one_run "$agent" 3000 "$run" killpg; done
  fi
done

# The table: median (min–max) per agent, token, case and figure (ms; counts for writes_lost and
# two_primary_windows).
printf '\n%-8s %-6s %-9s %-24s %5s %9s %17s\n' agent token case figure runs median "min-max"
sort -t$'\t' -k1,1 -k2,2nr -k3,3 -k5,5 "$rows" | awk -F'\t' '
  function flush() {
    if (key == "") return
    n = asort(v)
    med = (n % 2) ? v[(n + 1) / 2] : int((v[n / 2] + v[n / 2 + 1]) / 2)
    printf "%-8s %-6s %-9s %-24s %5d %9d %8d-%-8d\n", a, t, c, f, n, med, v[1], v[n]
    delete v
    cnt = 0
  }
  { k = $1 FS $2 FS $3 FS $5
    if (k != key) { flush(); key = k; a = $1; t = $2; c = $3; f = $5 }
    v[++cnt] = $6 }
  END { flush() }'
printf '\nrows: %s\n' "$rows"
