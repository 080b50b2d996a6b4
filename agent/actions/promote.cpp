// promote: the lease first, then restart (recorded primary) or pg_ctl promote, then the
// record: REPL_INFO with the fencing term, the other nodes marked, own attributes.

#include "agent/core/promote.hpp"

#include "agent/actions/execute_plan.hpp"
#include "agent/actions/runtime.hpp"
#include "agent/actions/slots.hpp"
#include "common/base/error.hpp"
#include "common/base/log.hpp"

namespace pgha::agent {

namespace {

// Best effort: the primary's first monitor writes the same record when this one fails. A
// restart as primary ended the session opened before it: one retry reconnects.
void record_after_promote(ActionContext& ctx, Lease& lease, std::uint64_t term) {
  auto& pg = ctx.world.postgres();
  for (int attempt = 1; attempt <= 2; ++attempt) {
    try {
      auto rec =
          core::leader_after_promote(core::lock_owner(ctx.resource(), ctx.node), term,
                                     pg.timeline(ctx.deadline), pg.current_lsn(ctx.deadline));
      auto r = lease.record(rec);
      log::info("lock row: {}: {}", core::describe(rec),
                r.attempt == core::LockAttempt::acquired ? "recorded"
                                                         : "not recorded: " + r.detail);
      return;
    } catch (const Error& e) {
      log::warn("lock row not recorded after the promotion (attempt {}): {}", attempt, e.what());
    }
  }
}

} // namespace

core::Outcome action_promote(ActionContext& ctx) {
  Runtime rt(ctx);
  auto& ctl = ctx.world.ctl();
  if (!ctl.postmaster_alive())
    return {core::OcfRc::err_generic, "postgresql is not running"};
  auto& pg = ctx.world.postgres();

  core::PromoteSnapshot s;
  s.me = ctx.node;
  s.node_list = ctx.params.node_list;
  s.names = ctx.names;
  s.in_recovery = pg.is_in_recovery(ctx.deadline);
  s.repl_info = rt.repl_info(true);
  s.enable_distlock = ctx.params.enable_distlock;
  if (s.in_recovery)
    s.own_lsn = standby_position(ctx);

  std::optional<std::uint64_t> term;
  std::optional<LeaseResult> taken;
  auto eligibility = [&](const std::optional<core::LeaderFacts>& record) {
    core::EligibilitySnapshot e;
    e.me = ctx.node;
    e.me_owner = core::lock_owner(ctx.resource(), ctx.node);
    e.rep_mode = ctx.params.rep_mode;
    e.record = record;
    e.my_timeline = s.timeline;
    e.my_lsn = s.own_lsn;
    auto verdict = core::decide_eligibility(e);
    log::info("lock row: {}; {}", record ? core::describe(*record) : "no record", verdict.reason);
    return verdict;
  };
  if (s.in_recovery && rt.lease() != nullptr) {
    s.me_owner = core::lock_owner(ctx.resource(), ctx.node);
    s.timeline = standby_timeline(ctx);
    // Read first: an ineligible node must not take the lease over (a takeover moves the term,
    // which fences a leader whose lease merely lapsed for a moment).
    auto seen = rt.lease()->status();
    if (seen.attempt != core::LockAttempt::unreachable) {
      if (auto verdict = eligibility(seen.leader); !verdict.eligible) {
        s.lock = core::LockDecision{core::LockVerdict::proceed, "lease not taken"};
        s.eligibility = verdict;
      }
    }
    if (!s.eligibility &&
        core::may_take_over(ctx.params.rep_mode, ctx.node, s.me_owner, seen.leader)) {
      // Why no wait: the leader recorded this node as its synchronous standby, so it cannot
      // acknowledge a commit without it, nor drop it without writing the row first — which the
      // takeover (a new term) makes fail. Failover is then bounded by membership + promote.
      taken = rt.lease()->take_over_as_standby();
      log::info("lease \"{}\" taken over as the recorded synchronous standby: {}",
                ctx.params.distlock_lockname,
                taken->attempt == core::LockAttempt::acquired ? taken->detail
                                                              : "no (" + taken->detail + ")");
      if (taken->attempt != core::LockAttempt::acquired)
        taken.reset();
    }
  }
  if (s.in_recovery && rt.lease() != nullptr && !s.eligibility) {
    // Waits at most distlock_wait for a rival's lease to run out (never past the deadline).
    auto r = taken ? *taken
                   : rt.lease()->acquire(
                         ctx.deadline.capped(std::chrono::seconds(ctx.params.distlock_wait)));
    core::LockSnapshot lock;
    lock.purpose = core::LockPurpose::promote;
    lock.attempt = r.attempt;
    lock.ttl = std::chrono::seconds(ctx.params.distlock_ttl);
    s.lock = core::decide_lock(lock);
    if (r.failure != core::LockFailure::none)
      s.lock->reason =
          core::lock_failure_reason(r.failure, r.detail) + " (promotion needs the lease)";
    term = r.term;
    log::info("lease \"{}\" for promotion: {} ({})", ctx.params.distlock_lockname, r.detail,
              s.lock->reason);
    if (r.attempt == core::LockAttempt::acquired) {
      // The record the lock row held when this node took the lease: the authority on who may
      // be promoted, whatever this node's CIB says (read again: it may have changed since).
      s.term = r.term;
      s.eligibility = eligibility(r.leader);
    }
  }

  auto decision = core::decide_promote(s);
  log::info("promote method: {}", core::to_string(decision.method));
  PlanExecutor exec(ctx, rt.writer, rt.lease());
  if (!decision.outcome.ok() || decision.method == core::PromoteMethod::refuse) {
    exec.set_bookkeeping_best_effort(true);
    exec.run(decision.plan);
    return decision.outcome.ok() ? core::Outcome{core::OcfRc::err_generic, "promotion refused"}
                                 : decision.outcome;
  }
  exec.run(decision.plan);
  if (decision.method == core::PromoteMethod::already_primary)
    return decision.outcome;
  if (exec.term())
    term = exec.term();

  core::AfterPromoteInput after;
  after.me = ctx.node;
  after.node_list = ctx.params.node_list;
  after.names = ctx.names;
  after.method = decision.method;
  after.term = term;
  after.repl_info = s.repl_info;
  after.baseline = s.own_lsn;
  if (decision.method == core::PromoteMethod::pg_ctl_promote)
    after.new_history = read_history(ctx, pg.timeline(ctx.deadline));
  auto recorded = core::after_promote(after);
  // The record is on every failover's path: its writes go out at once (their order does not
  // matter; all of them are in before the promote returns).
  exec.run_together(recorded.plan);
  // The standbys' slots before they reconnect to the new primary.
  keep_slots(ctx, rt);
  if (term && rt.lease() != nullptr)
    record_after_promote(ctx, *rt.lease(), *term);
  if (recorded.outcome.ok())
    rt.state.set(k_promoted_key, "1");
  return recorded.outcome;
}

} // namespace pgha::agent
