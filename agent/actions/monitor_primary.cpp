// The primary's monitor pass: one lease renewal, the standbys from pg_stat_replication, what
// the cluster holds for them (from the writer's cache, so an unchanged pass runs no process),
// then the core's plan.

#include "agent/actions/execute_plan.hpp"
#include "agent/actions/monitor.hpp"
#include "agent/core/primary_monitor.hpp"
#include "agent/core/promote.hpp"
#include "common/base/error.hpp"
#include "common/base/log.hpp"
#include "common/base/strings.hpp"

#include <chrono>
#include <optional>
#include <thread>
#include <variant>

namespace pgha::agent {

namespace {

// Longer than a standby's reconnect interval (wal_retrieve_retry_interval, 1 s by default)
// plus the writer VIP's start.
constexpr std::chrono::seconds k_first_standby_wait{3};

// A pg_stat_replication row in the core's terms. A state this agent does not know (a newer
// server) counts as connected but not streaming: no promotion score for that standby.
core::ReplicationRow replication_row(const pg::ReplicationRow& row) {
  auto state = model::parse_sender_state(row.state);
  auto sync = model::parse_sync_state(row.sync_state);
  if (!state || !sync)
    log::warn("unknown replication state \"{}\"/\"{}\" of \"{}\": taken as not streaming",
              row.state, row.sync_state, row.application_name);
  return {to_lower(row.application_name), state.value_or(model::SenderState::startup),
          sync.value_or(model::SyncState::async), row.flush_lsn};
}

core::PeerState peer_state(ActionContext& ctx, Runtime& rt, const std::string& node) {
  core::PeerState p;
  if (auto v = rt.writer.attribute(node, ctx.names.data_status, cluster::Lifetime::forever))
    p.data_status = core::parse_data_status(*v);
  if (auto v = rt.writer.attribute(node, ctx.names.status, cluster::Lifetime::reboot))
    p.status = core::parse_node_status(*v);
  p.score = rt.writer.score(node);
  return p;
}

core::LeaseState renew_lease(ActionContext& ctx, Runtime& rt, core::PrimarySnapshot& s) {
  auto& term = s.lock_term;
  auto& detail = s.lease_detail;
  auto* lease = rt.lease();
  if (lease == nullptr)
    return core::LeaseState::not_used;
  auto r = lease->renew();
  s.leader_record = r.leader;
  if (r.attempt == core::LockAttempt::held_by_other) {
    // The service answered and the row is not this node's at its term: a takeover happened.
    log::warn("lease \"{}\": {}", ctx.params.distlock_lockname, r.detail);
    detail = r.detail;
    return core::LeaseState::taken;
  }
  if (r.attempt == core::LockAttempt::unreachable && lease->locally_valid()) {
    // Why: no rival can hold the lease before its local deadline, so one failed renewal is no
    // reason to give up the role; but only an async primary needs the lease to acknowledge, a
    // synchronous one stays synchronous (no fallback to async on a lease not renewed now).
    log::warn("lease \"{}\" not renewed ({}); still valid here", ctx.params.distlock_lockname,
              r.detail);
    term = lease->stored_term();
    detail = "not renewed: " + r.detail;
    return ctx.params.rep_mode == core::RepMode::async ? core::LeaseState::valid
                                                       : core::LeaseState::unprotected;
  }
  core::LockSnapshot snap;
  snap.purpose = core::LockPurpose::keep_primary;
  snap.attempt = r.attempt;
  snap.ttl = std::chrono::seconds(ctx.params.distlock_ttl);
  for (const auto& n : ctx.params.distlock_lockservice_deadcheck_nodelist)
    if (n != ctx.node)
      snap.deadcheck_nodes.push_back(n);
  // The peers' reports (published by their monitors) matter only when the service did not
  // answer here; read fresh from the CIB, their stamps say how old they are.
  for (const auto& n : r.attempt == core::LockAttempt::unreachable ? snap.deadcheck_nodes
                                                                   : std::vector<std::string>{}) {
    auto v =
        ctx.world.cluster().get_node_attribute(n, ctx.names.lockservice, cluster::Lifetime::reboot,
                                               ctx.deadline.capped(std::chrono::seconds(5)));
    snap.reports.push_back(core::parse_lockservice_report(n, v, unix_now(), snap.ttl));
  }
  auto decision = core::decide_lock(snap);
  switch (decision.verdict) {
  case core::LockVerdict::proceed:
    log::detail("lease \"{}\": {}", ctx.params.distlock_lockname, r.detail);
    term = r.term;
    // The lease protects this pass only while the local deadline has not passed.
    if (lease->locally_valid())
      return core::LeaseState::valid;
    detail = "renewed too late: its local deadline passed";
    return core::LeaseState::lost;
  case core::LockVerdict::proceed_unprotected:
    log::warn("lease \"{}\": {}; {}", ctx.params.distlock_lockname, r.detail, decision.reason);
    return core::LeaseState::unprotected;
  case core::LockVerdict::refuse:
    log::warn("lease \"{}\": {}; {}", ctx.params.distlock_lockname, r.detail, decision.reason);
    detail = decision.reason;
    break;
  }
  return core::LeaseState::lost;
}

} // namespace

namespace {

core::PrimaryDecision one_pass(ActionContext& ctx, Runtime& rt) {
  auto& pg = ctx.world.postgres();
  core::PrimarySnapshot s;
  s.me = ctx.node;
  s.rep_mode = ctx.params.rep_mode;
  s.node_list = ctx.params.node_list;
  s.names = ctx.names;
  s.me_owner = core::lock_owner(ctx.resource(), ctx.node);
  s.lease = renew_lease(ctx, rt, s);
  for (const auto& row : pg.replication_status(ctx.deadline))
    s.replication.push_back(replication_row(row));
  s.sync_standby_names = sync_names_from_server(pg.synchronous_standby_names(ctx.deadline));
  s.current_lsn = pg.current_lsn(ctx.deadline);
  if (auto v = rt.writer.attribute(ctx.node, ctx.names.sync_baseline, cluster::Lifetime::reboot))
    s.sync_baseline = model::Lsn::parse_any(*v);
  for (const auto& n : ctx.params.node_list)
    if (n != ctx.node)
      s.peers[n] = peer_state(ctx, rt, n);
  s.self = peer_state(ctx, rt, ctx.node);
  s.repl_info = rt.repl_info(false);
  auto tli = pg.timeline(ctx.deadline);
  s.timeline = tli;
  if (auto history = read_history(ctx, tli))
    s.own_record = core::repl_info_after_promote(ctx.node, *history, s.lock_term);

  auto decision = core::decide_primary_monitor(s);
  PlanExecutor exec(ctx, rt.writer, rt.lease());
  exec.run(decision.plan);
  return decision;
}

// The standby this pass named synchronous (synchronous_standby_names changed to it), if any.
std::optional<std::string> newly_named(const core::PrimaryDecision& d) {
  for (const auto& step : d.plan)
    if (const auto* names = std::get_if<core::SetSyncStandbyNames>(&step))
      if (!d.sync_standby.empty() && core::sync_name_of(names->value) == d.sync_standby)
        return d.sync_standby;
  return std::nullopt;
}

// Whether `standby` confirms as synchronous, flushed to where the primary was when it was
// named, within `wait` (polled, never past the action's deadline).
bool confirms_soon(ActionContext& ctx, const std::string& standby, std::chrono::milliseconds wait) {
  auto& pg = ctx.world.postgres();
  auto until = ctx.deadline.capped(wait);
  auto target = pg.current_lsn(until);
  while (true) {
    for (const auto& row : pg.replication_status(until))
      if (to_lower(row.application_name) == standby &&
          model::parse_sync_state(row.sync_state) == model::SyncState::sync && row.flush_lsn &&
          *row.flush_lsn >= target)
        return true;
    if (until.remaining() <= std::chrono::milliseconds(50))
      return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

// Right after a promotion the standbys still look for the new primary behind master_ip, which
// starts with this monitor. The first monitor after the promotion waits (bounded) for one of
// them to stream when another node of node_list is up, so the synchronous standby is named in
// this pass instead of a monitor interval later. A node powered off is not up: its transient
// attributes left with it, so a failover with nobody to wait for does not wait.
void await_first_standby(ActionContext& ctx, Runtime& rt) {
  if (!rt.state.get(k_promoted_key))
    return;
  rt.state.erase(k_promoted_key);
  if (ctx.params.rep_mode != core::RepMode::sync)
    return;
  auto& pg = ctx.world.postgres();
  auto until = ctx.deadline.capped(k_first_standby_wait);
  // Up: a standby is connected already, or a peer's status attribute exists now. Read from the
  // CIB, not through the writer's cache: a read made before the peer's start (the election
  // pass) keeps "absent" there for up to a minute, and the wait would be skipped.
  bool peer_up = !pg.replication_status(until).empty();
  for (const auto& n : ctx.params.node_list) {
    if (peer_up || n == ctx.node)
      continue;
    try {
      peer_up = ctx.world.cluster()
                    .get_node_attribute(n, ctx.names.status, cluster::Lifetime::reboot, until)
                    .has_value();
    } catch (const ClusterError& e) {
      log::detail("not waiting for a standby: cannot read the status of \"{}\" ({})", n, e.what());
      return;
    }
  }
  if (!peer_up)
    return;
  while (true) {
    for (const auto& row : pg.replication_status(until))
      if (model::parse_sender_state(row.state) == model::SenderState::streaming) {
        log::detail("\"{}\" streams: naming the synchronous standby in this pass",
                    row.application_name);
        return;
      }
    if (until.remaining() <= std::chrono::milliseconds(50)) {
      log::detail("no standby streams yet: it is named by a later monitor");
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

} // namespace

core::Outcome primary_pass(ActionContext& ctx, Runtime& rt) {
  await_first_standby(ctx, rt);
  auto decision = one_pass(ctx, rt);
  // Why a second pass: the standby named now is recorded (lock row, score 100) only once it
  // confirms as synchronous; it usually does within milliseconds, so waiting a little here
  // names it in this pass instead of one monitor interval later.
  if (auto named = newly_named(decision);
      named && decision.outcome.rc == core::OcfRc::running_promoted) {
    if (confirms_soon(ctx, *named, std::chrono::seconds(2))) {
      log::detail("\"{}\" confirmed as synchronous standby: recording it in this pass", *named);
      decision = one_pass(ctx, rt);
    }
  }
  return decision.outcome;
}

} // namespace pgha::agent
