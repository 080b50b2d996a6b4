#pragma once
// The promote decision (pha4pgsql §7, fixed): restart when the recorded primary is promoted
// again (timeline kept), pg_ctl promote otherwise (timeline + 1, REPL_INFO rewritten with the
// fencing term); the lease first; other nodes are marked only after the promotion succeeded.

#include "agent/core/leadership.hpp"
#include "agent/core/lock_policy.hpp"
#include "agent/core/names.hpp"
#include "agent/core/plan.hpp"
#include "agent/core/rc.hpp"
#include "common/model/lsn.hpp"
#include "common/model/repl_info.hpp"
#include "common/model/timeline_history.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pgha::agent::core {

enum class PromoteMethod { already_primary, restart, pg_ctl_promote, refuse };

std::string_view to_string(PromoteMethod method);

struct PromoteSnapshot {
  std::string me;
  std::vector<std::string> node_list;
  AttributeNames names;
  bool in_recovery = true;
  std::optional<model::ReplInfo> repl_info;
  bool enable_distlock = false;
  std::optional<LockDecision> lock;  // decide_lock(promote) after AcquireLock; unset = not tried
  std::optional<model::Lsn> own_lsn; // position before promotion (master-baseline)
  // With the lease taken: my owner string and term, my timeline, and decide_eligibility's
  // answer against the record the lock row held when the lease was taken.
  std::string me_owner;
  std::optional<std::uint64_t> term;
  model::TimelineId timeline = 0;
  std::optional<Eligibility> eligibility;
};

struct PromoteDecision {
  PromoteMethod method = PromoteMethod::refuse;
  Plan plan;       // execute in order; ends with the method step
  Outcome outcome; // success, or the refusal
};

// Phase 1, before the promotion. With enable_distlock the shell first runs AcquireLock and
// feeds decide_lock's answer in `lock`; without a proceed verdict the promotion is refused with
// OCF_ERR_GENERIC (soft: Pacemaker may retry elsewhere or later; pha4pgsql's 5 banned the node
// until a manual cleanup after a transient lock-service hiccup). With the lease held, the lock
// row's record decides (`eligibility`): a refusal's plan gives the lease back and sets this
// node's promotion score to -INFINITY; an eligible node records "promoting, alone since
// own_lsn" in the row before the method step, so a crash half-way leaves no other node
// eligible.
PromoteDecision decide_promote(const PromoteSnapshot& snapshot);

struct AfterPromoteInput {
  std::string me;
  std::vector<std::string> node_list;
  AttributeNames names;
  PromoteMethod method = PromoteMethod::pg_ctl_promote;
  // pg_ctl path: the history file of the new timeline; its last entry is the switch.
  std::optional<std::vector<model::HistoryEntry>> new_history;
  std::optional<std::uint64_t> term;        // fencing term of the lease taken for this promotion
  std::optional<model::ReplInfo> repl_info; // current record (restart path: kept)
  std::optional<model::Lsn> baseline;       // my position when the promotion began
};

// Phase 2, after the method step succeeded: record REPL_INFO (pg_ctl path; with the term),
// every other node's score -INFINITY, own 1000, then the master baseline. The data statuses
// and own PRI are left to the first promoted monitor, which runs right after and writes them
// from pg_stat_replication: they decide nothing before it (the lock row decides eligibility),
// and each CIB write here delays the writer VIP.
// Outcome err_generic when the pg_ctl path has no readable history (nothing would record the
// switch and the conflict check of the other nodes would be blind).
PromoteDecision after_promote(const AfterPromoteInput& input);

// What the new primary records in the lock row once promoted: its timeline, alone since
// `position` (no standby is confirmed yet).
LeaderFacts leader_after_promote(std::string_view me_owner, std::uint64_t term,
                                 model::TimelineId timeline, std::optional<model::Lsn> position);

// The record for a promotion into a timeline whose history is `history` (last entry = the
// switch this promotion made); nullopt when the history is empty.
std::optional<model::ReplInfo>
repl_info_after_promote(std::string_view me, const std::vector<model::HistoryEntry>& history,
                        std::optional<std::uint64_t> term);

} // namespace pgha::agent::core
