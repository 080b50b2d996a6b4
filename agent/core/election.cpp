#include "agent/core/election.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace pgha::agent::core {

std::string_view to_string(ElectionOutcome outcome) {
  switch (outcome) {
  case ElectionOutcome::primary_exists:
    return "primary exists";
  case ElectionOutcome::recorded_primary:
    return "recorded primary";
  case ElectionOutcome::ineligible:
    return "ineligible";
  case ElectionOutcome::waiting:
    return "waiting";
  case ElectionOutcome::won:
    return "won";
  case ElectionOutcome::lost:
    return "lost";
  case ElectionOutcome::error:
    break;
  }
  return "error";
}

bool election_eligible(const std::optional<DataStatus>& status, RepMode mode) {
  if (!status) {
    return true; // fresh cluster or after cls_reset_master
  }
  if (status->kind == DataStatus::Kind::latest || status->is_streaming(SyncState::sync)) {
    return true;
  }
  // Why sync mode excludes ASYNC: an async standby may miss acknowledged commits; only the sync
  // standby (or the former primary) is known to hold them all.
  return mode == RepMode::async && status->is_streaming(SyncState::async);
}

namespace {

void set_score(StandbyDecision& d, const StandbySnapshot& s, int score) {
  if (s.own_score != score) {
    d.plan.push_back(SetPromotionScore{s.me, score});
  }
}

void set_alone(StandbyDecision& d, const StandbySnapshot& s) {
  if (s.own_status != NodeStatus::hs_alone &&
      status_transition_allowed(s.own_status, NodeStatus::hs_alone, StatusWriter::self)) {
    d.plan.push_back(SetNodeAttribute{
        s.names.status, s.me, std::string(to_string(NodeStatus::hs_alone)), Lifetime::reboot});
  }
}

// Position in node_list (unknown nodes last): the deterministic tie-break.
std::size_t rank(const StandbySnapshot& s, const std::string& node) {
  auto it = std::find(s.node_list.begin(), s.node_list.end(), node);
  return static_cast<std::size_t>(it - s.node_list.begin());
}

} // namespace

StandbyDecision decide_standby_monitor(const StandbySnapshot& s) {
  StandbyDecision d;
  if (s.primary_exists) {
    d.outcome = ElectionOutcome::primary_exists;
    if (s.own_data_status == DataStatus::disconnect()) {
      set_alone(d, s);
    }
    if (s.published_lsn) {
      d.plan.push_back(DeleteNodeAttribute{s.names.xlog_loc, s.me, Lifetime::reboot});
    }
    return d;
  }
  set_alone(d, s);

  if (s.repl_info && s.repl_info->node == s.me) {
    d.outcome = ElectionOutcome::recorded_primary;
    d.reason = "REPL_INFO names this node: it is promoted without an election";
    set_score(d, s, k_score_promote_me);
    return d;
  }
  if (s.repl_info && !s.repl_info->node.empty()) {
    auto it = std::find_if(s.peers.begin(), s.peers.end(),
                           [&](const ElectionPeer& p) { return p.node == s.repl_info->node; });
    if (it != s.peers.end() && it->online && it->running) {
      d.outcome = ElectionOutcome::lost;
      d.reason = fmt::format("the recorded primary \"{}\" runs: it is promoted", it->node);
      set_score(d, s, k_score_never);
      return d;
    }
  }
  if (!election_eligible(s.own_data_status, s.rep_mode)) {
    d.outcome = ElectionOutcome::ineligible;
    d.reason = fmt::format("my data status \"{}\" says my data may be incomplete",
                           to_string(*s.own_data_status));
    set_score(d, s, k_score_never);
    return d;
  }
  if (!s.own_lsn) {
    d.outcome = ElectionOutcome::error;
    d.reason = "cannot read my own WAL position";
    return d;
  }
  if (s.published_lsn != s.own_lsn) {
    d.plan.push_back(
        SetNodeAttribute{s.names.xlog_loc, s.me, s.own_lsn->to_hex16(), Lifetime::reboot});
  }

  Observation obs;
  obs[s.me] = *s.own_lsn;
  // Complete: every other node of node_list is a running member whose position is known (or
  // whose data could never win). Then nothing is left to wait for and one observation decides.
  bool complete = true;
  for (const auto& node : s.node_list) {
    if (node == s.me) {
      continue;
    }
    auto it = std::find_if(s.peers.begin(), s.peers.end(),
                           [&](const ElectionPeer& p) { return p.node == node; });
    if (it == s.peers.end() || !it->online || !it->running) {
      complete = false;
    }
  }
  for (const auto& p : s.peers) {
    if (!p.online || !p.running || !election_eligible(p.data_status, s.rep_mode)) {
      continue; // cannot publish, or could never win
    }
    if (!p.xlog_loc) {
      // Why wait: skipping a running peer that has not published yet (pha4pgsql §13 item 9)
      // lets a node with older data win because it happened to look first.
      d.outcome = ElectionOutcome::waiting;
      d.reason = fmt::format("waiting for \"{}\" to publish its WAL position", p.node);
      if (s.own_score == k_score_election_won) {
        set_score(d, s, k_score_never);
      }
      return d;
    }
    obs[p.node] = *p.xlog_loc;
  }

  d.history = s.history;
  if (!d.history.empty() && d.history.back() != obs) {
    d.history.clear();
  }
  d.history.push_back(obs);
  // Why the count only when incomplete: a node that is not a running member may come back with
  // newer data; repeated identical observations give it time. With every node's position
  // known (and no primary, so no position moves) a repeat observes nothing new.
  auto count =
      complete ? std::size_t{1} : static_cast<std::size_t>(std::max(1, s.xlog_check_count));
  while (d.history.size() > count) {
    d.history.erase(d.history.begin());
  }
  if (d.history.size() < count) {
    d.outcome = ElectionOutcome::waiting;
    d.reason = fmt::format("observation {} of {} of the WAL positions", d.history.size(), count);
    if (s.own_score == k_score_election_won) {
      set_score(d, s, k_score_never);
    }
    return d;
  }

  // Stable: the highest LSN wins, ties to the node listed first.
  std::string winner;
  for (const auto& [node, lsn] : obs) {
    if (winner.empty() || lsn > obs.at(winner) ||
        (lsn == obs.at(winner) && rank(s, node) < rank(s, winner))) {
      winner = node;
    }
  }
  if (winner == s.me) {
    d.outcome = ElectionOutcome::won;
    d.reason = fmt::format("my WAL position {} is the most advanced", s.own_lsn->to_string());
    set_score(d, s, k_score_election_won);
  } else {
    d.outcome = ElectionOutcome::lost;
    d.reason = fmt::format("\"{}\" is ahead or first at {}", winner, obs.at(winner).to_string());
    set_score(d, s, k_score_never);
  }
  return d;
}

} // namespace pgha::agent::core
