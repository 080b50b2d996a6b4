#include "agent/core/promote.hpp"

#include "agent/core/data_status.hpp"
#include "agent/core/status_fsm.hpp"

#include <fmt/format.h>

namespace pgha::agent::core {

std::string_view to_string(PromoteMethod method) {
  switch (method) {
  case PromoteMethod::already_primary:
    return "already primary";
  case PromoteMethod::restart:
    return "restart as primary";
  case PromoteMethod::pg_ctl_promote:
    return "pg_ctl promote";
  case PromoteMethod::refuse:
    break;
  }
  return "refuse";
}

PromoteDecision decide_promote(const PromoteSnapshot& s) {
  PromoteDecision d;
  if (!s.in_recovery) {
    d.method = PromoteMethod::already_primary;
    return d;
  }
  if (s.enable_distlock) {
    // Why: promotion without the lease can make a second primary beside an old one that is
    // still within its lease (partition, slow stop).
    if (!s.lock) {
      d.outcome = {OcfRc::err_generic, "promotion needs the lease: acquire it first"};
      return d;
    }
    if (s.lock->verdict != LockVerdict::proceed) {
      d.outcome = {OcfRc::err_generic, fmt::format("cannot promote: {}", s.lock->reason)};
      return d;
    }
  }
  const bool restart = s.repl_info && s.repl_info->node == s.me;
  if (s.enable_distlock && s.eligibility) {
    if (!s.eligibility->eligible) {
      // Why refuse even with the lease: the lock row says another node may hold commits this
      // one lacks; the CIB (REPL_INFO, scores) may be a stale half of a split cluster.
      d.outcome = {OcfRc::err_generic, fmt::format("promotion refused: {}", s.eligibility->reason)};
      d.plan.push_back(ReleaseLock{});
      d.plan.push_back(SetPromotionScore{s.me, k_score_never});
      return d;
    }
    if (!s.term) {
      d.outcome = {OcfRc::err_generic, "promotion needs the lease's term: acquire it first"};
      return d;
    }
    LeaderFacts promoting;
    promoting.owner = s.me_owner;
    promoting.term = *s.term;
    if (restart)
      promoting.timeline = s.timeline;
    promoting.sync_standby = std::string();
    promoting.sync_lsn = s.own_lsn;
    promoting.note = "promote";
    d.plan.push_back(RecordLeader{promoting});
  }
  if (restart) {
    // Why restart: this node is the recorded primary being promoted again (cluster restart,
    // in-place recovery); a pg_ctl promote would fork a new timeline needlessly and make every
    // standby's conflict check compare against a switch that never mattered.
    d.method = PromoteMethod::restart;
    d.plan.push_back(RestartAsPrimary{});
  } else {
    d.method = PromoteMethod::pg_ctl_promote;
    d.plan.push_back(PgCtlPromote{});
  }
  return d;
}

LeaderFacts leader_after_promote(std::string_view me_owner, std::uint64_t term,
                                 model::TimelineId timeline, std::optional<model::Lsn> position) {
  LeaderFacts f;
  f.owner = std::string(me_owner);
  f.term = term;
  f.timeline = timeline;
  f.sync_standby = std::string();
  f.sync_lsn = position;
  f.note = "promoted";
  return f;
}

std::optional<model::ReplInfo>
repl_info_after_promote(std::string_view me, const std::vector<model::HistoryEntry>& history,
                        std::optional<std::uint64_t> term) {
  if (history.empty()) {
    return std::nullopt;
  }
  // The last entry of the new timeline's history is the switch this promotion made: its parent
  // is the timeline before the promotion (not "current − 1": PostgreSQL may skip timelines whose
  // history files already exist, pha4pgsql §13 item 7).
  const auto& last = history.back();
  model::ReplInfo info;
  info.node = std::string(me);
  info.timeline = last.parent;
  info.switch_lsn = last.switch_lsn;
  info.term = term;
  return info;
}

PromoteDecision after_promote(const AfterPromoteInput& in) {
  PromoteDecision d;
  d.method = in.method;
  if (in.method == PromoteMethod::pg_ctl_promote) {
    std::optional<model::ReplInfo> info;
    if (in.new_history) {
      info = repl_info_after_promote(in.me, *in.new_history, in.term);
    }
    if (!info) {
      d.outcome = {OcfRc::err_generic,
                   "promoted, but the new timeline's history file is missing or empty: cannot "
                   "record REPL_INFO"};
      return d;
    }
    // Why in the promote: the record is what every other node's start-time conflict check
    // compares against; it must exist before anyone can restart against the new timeline.
    d.plan.push_back(SetReplInfo{*info});
  } else if (in.method == PromoteMethod::restart && in.repl_info && in.term &&
             in.repl_info->has_position() && in.repl_info->term != in.term) {
    // Restart path: the timeline is kept; only the fencing term is refreshed.
    auto info = *in.repl_info;
    info.term = in.term;
    d.plan.push_back(SetReplInfo{info});
  }
  // Why only now (pha4pgsql marked the others before promoting, §13 item 11): if the promotion
  // fails, the former sync standby must still be an eligible candidate for the next attempt.
  // Why the scores now: a demoted former primary still carrying 1000 would otherwise make
  // Pacemaker move the role back to it.
  for (const auto& node : in.node_list) {
    if (node == in.me) {
      continue;
    }
    d.plan.push_back(SetPromotionScore{node, k_score_never});
  }
  d.plan.push_back(SetPromotionScore{in.me, k_score_promote_me});
  if (in.baseline) {
    d.plan.push_back(SetNodeAttribute{in.names.master_baseline, in.me, in.baseline->to_hex16(),
                                      Lifetime::reboot});
  }
  return d;
}

} // namespace pgha::agent::core
