#include "agent/core/primary_monitor.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace pgha::agent::core {

namespace {

const ReplicationRow* row_of(const PrimarySnapshot& s, std::string_view node) {
  for (const auto& r : s.replication) {
    if (r.application_name == node) {
      return &r;
    }
  }
  return nullptr;
}

PeerState peer_of(const PrimarySnapshot& s, const std::string& node) {
  auto it = s.peers.find(node);
  if (it == s.peers.end()) {
    PeerState unknown;
    unknown.online = true;
    return unknown;
  }
  return it->second;
}

std::optional<NodeStatus> status_for(const DataStatus& d) {
  if (d.kind != DataStatus::Kind::replication) {
    return std::nullopt; // DISCONNECT: leave the standby's own value alone
  }
  if (d.state == SenderState::streaming) {
    if (d.sync_state == SyncState::sync) {
      return NodeStatus::hs_sync;
    }
    if (d.sync_state == SyncState::async) {
      return NodeStatus::hs_async;
    }
    if (d.sync_state == SyncState::potential) {
      return NodeStatus::hs_potential;
    }
  }
  return NodeStatus::hs_connected;
}

// The best standby to name as synchronous: streaming, highest flush position, ties to the node
// listed first. Why not node_list order alone (pha4pgsql): the most advanced standby has the
// shortest catch-up before it may be granted a promotion score.
std::string best_candidate(const PrimarySnapshot& s, std::string_view exclude) {
  std::string best;
  std::optional<model::Lsn> best_lsn;
  for (const auto& node : s.node_list) {
    if (node == s.me || node == exclude) {
      continue;
    }
    const auto* r = row_of(s, node);
    if (r == nullptr || r->state != SenderState::streaming) {
      continue;
    }
    auto lsn = r->flush_lsn.value_or(model::Lsn(0));
    if (best.empty() || lsn > *best_lsn) {
      best = node;
      best_lsn = lsn;
    }
  }
  return best;
}

} // namespace

std::string sync_name_of(std::string_view v) {
  if (v == k_fence_standby_name) {
    return {};
  }
  std::string name(v);
  if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
    name = name.substr(1, name.size() - 2);
  }
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok) {
      return {};
    }
  }
  return name;
}

std::string sync_names_for(std::string_view node) {
  return fmt::format("\"{}\"", node);
}

PrimaryDecision decide_primary_monitor(const PrimarySnapshot& s) {
  PrimaryDecision d;
  d.outcome = {OcfRc::running_promoted, {}};
  const bool sync_mode = s.rep_mode == RepMode::sync;
  const bool fenced = s.sync_standby_names == k_fence_standby_name;
  const std::string current_sync = sync_name_of(s.sync_standby_names);
  const bool running_async = !fenced && current_sync.empty();

  // 1. REPL_INFO.
  if (s.repl_info && !s.repl_info->node.empty() && s.repl_info->node != s.me) {
    bool stale = s.repl_info->term && s.lock_term && *s.lock_term > *s.repl_info->term &&
                 s.lease == LeaseState::valid && s.own_record;
    if (!stale) {
      // Why: after a partition heals, only the recorded primary may stay primary; a second
      // one would accept writes that the recorded line of history never sees.
      d.outcome = {OcfRc::err_generic,
                   fmt::format("REPL_INFO names \"{}\" as the primary; \"{}\" must not run as "
                               "primary",
                               s.repl_info->node, s.me)};
      return d;
    }
    // Why: the record carries an older fencing term than the lease this node holds, so it is a
    // copy that won a CIB merge after a partition (pha4pgsql §13 item 5); restore ours.
    auto rec = *s.own_record;
    rec.term = s.lock_term;
    d.plan.push_back(SetReplInfo{rec});
  } else if ((!s.repl_info || !s.repl_info->has_position()) && s.own_record) {
    auto rec = *s.own_record;
    rec.term = s.lock_term;
    d.plan.push_back(SetReplInfo{rec});
  }

  // 2. The lease.
  bool async_allowed =
      (s.lease == LeaseState::valid) || (s.lease == LeaseState::not_used && s.has_quorum);
  // Why unprotected is not enough for rep_mode=async: the rule keeps a primary only because
  // its commits wait for a synchronous standby; an async primary acknowledges alone, and a
  // peer whose "unreachable" report is still fresh here may already hold the lease again.
  const bool unprotected_async = s.lease == LeaseState::unprotected && !sync_mode;
  if (s.lease == LeaseState::taken) {
    // Why at once, even while synchronous: the row moved to another owner or term, so a rival
    // may be promoting now; this primary must not acknowledge one more commit.
    if (!fenced)
      d.plan.push_back(SetSyncStandbyNames{std::string(k_fence_standby_name)});
    d.outcome = {OcfRc::err_generic,
                 "the lock row is held by another owner or term" +
                     (s.lease_detail.empty() ? std::string() : " (" + s.lease_detail + ")") +
                     ": writes blocked, the primary must be demoted"};
    return d;
  }
  if (s.lease == LeaseState::lost || unprotected_async ||
      (s.lease == LeaseState::not_used && !s.has_quorum)) {
    // Why: a primary whose lease lapsed while it acknowledges commits without a synchronous
    // standby could keep writing while a rival takes the lease and promotes; naming a standby
    // that cannot exist makes commits wait instead of being acknowledged.
    if (!sync_mode || running_async) {
      d.plan.push_back(SetSyncStandbyNames{std::string(k_fence_standby_name)});
    }
    std::string why = s.lease == LeaseState::lost ? "lost the lease"
                      : unprotected_async         ? "an async primary needs the lease"
                                                  : "no quorum";
    if (s.lease != LeaseState::not_used && !s.lease_detail.empty())
      why += " (" + s.lease_detail + ")";
    d.outcome = {OcfRc::err_generic, why + ": writes blocked, the primary must be demoted"};
    return d;
  }

  // 3. Own attributes.
  if (s.self.data_status != DataStatus::latest()) {
    d.plan.push_back(SetNodeAttribute{s.names.data_status, s.me, to_string(DataStatus::latest()),
                                      Lifetime::forever});
  }
  if (s.self.status != NodeStatus::pri) {
    d.plan.push_back(SetNodeAttribute{s.names.status, s.me, std::string(to_string(NodeStatus::pri)),
                                      Lifetime::reboot});
  }
  if (s.self.score != k_score_promote_me) {
    d.plan.push_back(SetPromotionScore{s.me, k_score_promote_me});
  }

  // 4. The synchronous standby.
  // Why the record gates every change: the lock row names who may be promoted; changing the
  // standby without first recording "alone" could let the one it replaces be promoted without
  // commits only the new one confirmed.
  const bool records = s.lease == LeaseState::valid && s.lock_term.has_value();
  const bool may_change = s.lease == LeaseState::not_used || records;
  std::string next_sync = current_sync;
  std::optional<std::string> new_names; // set when synchronous_standby_names changes
  if (sync_mode) {
    const auto* cur = current_sync.empty() ? nullptr : row_of(s, current_sync);
    bool cur_ok = cur != nullptr && cur->state == SenderState::streaming;
    if (!cur_ok) {
      auto candidate = best_candidate(s, current_sync);
      if (!candidate.empty() && !may_change) {
        d.outcome.reason = "the synchronous standby is gone and the lock row cannot be written: "
                           "staying synchronous, commits wait";
      } else if (!candidate.empty()) {
        // Naming another streaming standby keeps every commit protected: no lease needed.
        next_sync = candidate;
        new_names = sync_names_for(candidate);
      } else if (!current_sync.empty() || fenced) {
        if (async_allowed) {
          next_sync.clear();
          new_names = "";
        } else {
          // Why: dropping the sync standby without the lease could let a partitioned primary
          // acknowledge commits the standby promoted on the other side never gets.
          d.outcome.reason = "no synchronous standby and no lease: staying synchronous, commits "
                             "wait";
        }
      } else if (!async_allowed) {
        // Running async without the lease ("lock service dead" rule keeps only a synchronous
        // primary): block writes until a standby can be named.
        new_names = std::string(k_fence_standby_name);
        d.outcome.reason = "running async without the lease: writes blocked until a standby "
                           "streams";
      }
    }
  }
  d.sync_standby = next_sync;

  // The sync baseline: the primary's position when the sync standby was named.
  std::optional<model::Lsn> baseline = s.sync_baseline;
  bool renamed = new_names.has_value() && !next_sync.empty();
  if (renamed || (!next_sync.empty() && !baseline)) {
    // Why: `sync` only makes new commits wait; commits acknowledged before the standby was
    // named may be missing on it (pha4pgsql §13 item 15). Conservative when the baseline was
    // lost (primary's attributes cleared): take the current position.
    baseline = s.current_lsn;
  }

  // The lock row's record, before any score or synchronous_standby_names change of this pass.
  if (records) {
    RecordInput in;
    in.me_owner = s.me_owner;
    in.my_term = *s.lock_term;
    in.my_timeline = s.timeline;
    in.record = s.leader_record;
    in.current_sync = current_sync;
    in.next_sync = sync_mode ? next_sync : std::string();
    const auto* r = next_sync.empty() ? nullptr : row_of(s, next_sync);
    in.next_sync_confirmed =
        sync_mode && !renamed && r != nullptr && r->state == SenderState::streaming &&
        r->sync_state == SyncState::sync && r->flush_lsn && baseline && *r->flush_lsn >= *baseline;
    in.current_lsn = s.current_lsn;
    if (auto rec = record_needed(in))
      d.plan.push_back(RecordLeader{*rec});
  }

  // 5. Each standby.
  for (const auto& node : s.node_list) {
    if (node == s.me) {
      continue;
    }
    const auto* r = row_of(s, node);
    StandbyAssessment a;
    a.node = node;
    a.data_status = r ? DataStatus::replication(r->state, r->sync_state) : DataStatus::disconnect();
    a.status = status_for(a.data_status);
    a.score = k_score_never;
    if (sync_mode) {
      // Why 100 only for the caught-up sync standby: it is the only node known to hold every
      // acknowledged commit, so a failover to it loses nothing.
      if (node == current_sync && !renamed && a.data_status.is_streaming(SyncState::sync) &&
          r->flush_lsn && baseline && *r->flush_lsn >= *baseline) {
        a.score = k_score_can_promote;
      }
    } else if (a.data_status.is_streaming(SyncState::async) && s.node_list.size() <= 2) {
      // Async with two nodes: the only standby is the only candidate. With more, the agent
      // cannot tell which async standby is newest; the election decides after a failure.
      a.score = k_score_can_promote;
    }
    auto peer = peer_of(s, node);
    if (peer.data_status != a.data_status) {
      d.plan.push_back(
          SetNodeAttribute{s.names.data_status, node, to_string(a.data_status), Lifetime::forever});
    }
    if (peer.online) {
      if (peer.score != a.score) {
        d.plan.push_back(SetPromotionScore{node, a.score});
      }
      if (a.status && peer.status != a.status &&
          status_transition_allowed(peer.status, *a.status, StatusWriter::primary)) {
        d.plan.push_back(SetNodeAttribute{s.names.status, node, std::string(to_string(*a.status)),
                                          Lifetime::reboot});
      }
    }
    d.standbys.push_back(std::move(a));
  }

  // 6. Change synchronous_standby_names last: a failed standby's score is already -INFINITY
  // when the primary stops waiting for it.
  if (new_names) {
    d.plan.push_back(SetSyncStandbyNames{*new_names});
  }
  if (baseline && !next_sync.empty() && baseline != s.sync_baseline) {
    d.plan.push_back(
        SetNodeAttribute{s.names.sync_baseline, s.me, baseline->to_hex16(), Lifetime::reboot});
  } else if (next_sync.empty() && s.sync_baseline) {
    d.plan.push_back(DeleteNodeAttribute{s.names.sync_baseline, s.me, Lifetime::reboot});
  }
  return d;
}

} // namespace pgha::agent::core
