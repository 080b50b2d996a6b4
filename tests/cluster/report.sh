#!/usr/bin/env bash
# Report over N runs of the cluster scenarios:
#   report.sh [--runs N] [--only] [SCENARIO...]   run each scenario N times (default 1), then
#                                                 print the table; --only prints without running
# Per scenario: runs, passes, passes that needed the operator's command after a refusal (the
# nemesis), RTO min/median/max (ms, passing runs), writes lost and two-primary windows summed
# over all runs. Results accumulate in
# $PGHA_RESULTS_DIR/results.tsv (default /var/lib/pgha-results).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
RESULTS=${PGHA_RESULTS_DIR:-/var/lib/pgha-results}
export CLS_SANDBOX=${CLS_SANDBOX:-$here/../../cls-tools/sandbox/cls_sandbox}
export PGHA_WRITE_CHECKER=${PGHA_WRITE_CHECKER:-$here/../../${PGHA_BUILD_DIR:-build}/tests/cluster/pgha_write_checker}
runs=1
only=0
scenarios=()
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=${2:?--runs needs a number}; shift 2 ;;
    --only) only=1; shift ;;
    -h | --help) sed -n '2,7p' "$0"; exit 0 ;;
    *) scenarios+=("$1"); shift ;;
  esac
done
[[ $runs =~ ^[0-9]+$ ]] || { echo "report.sh: error: --runs must be a number" >&2; exit 2; }
[ "${#scenarios[@]}" -gt 0 ] || scenarios=(F A D G B C E H)
rc=0
if [ "$only" = 0 ]; then
  [ -x "$PGHA_WRITE_CHECKER" ] || { echo "report.sh: error: no write checker at $PGHA_WRITE_CHECKER" >&2
    echo "HINT: build the target pgha_write_checker or set PGHA_WRITE_CHECKER" >&2; exit 1; }
  for s in "${scenarios[@]}"; do
    for ((i = 1; i <= runs; i++)); do
      "$here/scenario.sh" "$s" || rc=1
    done
  done
fi
[ -f "$RESULTS/results.tsv" ] || { echo "report.sh: error: no results in $RESULTS" >&2; exit 1; }
want=$(printf '%s ' "${scenarios[@]}")
printf 'machine: %s, %s CPUs, %s\n' "$(uname -n)" "$(nproc)" "$(uname -r)"
awk -F'\t' -v want=" $want" '
  index(want, " " $2 " ") == 0 { next }
  { n[$2]++; if ($3 == "PASS") { p[$2]++; r[$2] = r[$2] " " $4 }
    if ($3 == "PASS" && $10 ~ /refused \(named/) ref[$2]++
    if ($5 > 0) lost[$2] += $5; if ($6 > 0) tp[$2] += $6 }
  END {
    printf "%-16s %5s %5s %8s %9s %9s %9s %10s %12s\n", "scenario", "runs", "pass", "refused", "rto_min", "rto_med", "rto_max", "lost", "two_primary"
    for (s in n) {
      m = split(substr(r[s], 2), v, " ")
      for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t }
      med = m ? (m % 2 ? v[(m + 1) / 2] : int((v[m / 2] + v[m / 2 + 1]) / 2)) : "-"
      printf "%-16s %5d %5d %8d %9s %9s %9s %10d %12d\n", s, n[s], p[s], ref[s], m ? v[1] : "-", med, m ? v[m] : "-", lost[s], tp[s]
    }
  }' "$RESULTS/results.tsv" | { read -r header; echo "$header"; sort; }
exit "$rc"
