// promote: the lease first, then restart (recorded primary) or pg_ctl promote, then the
// record: REPL_INFO with the fencing term, the other nodes marked, own attributes.

#include "agent/core/promote.hpp"

#include "agent/actions/execute_plan.hpp"
#include "agent/actions/runtime.hpp"
#include "agent/actions/slots.hpp"
#include "common/base/error.hpp"
#include "common/base/log.hpp"

namespace pgha::agent {

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
  if (s.in_recovery && rt.lease() != nullptr) {
    // Waits at most distlock_wait for a rival's lease to run out (never past the deadline).
    auto r =
        rt.lease()->acquire(ctx.deadline.capped(std::chrono::seconds(ctx.params.distlock_wait)));
    core::LockSnapshot lock;
    lock.purpose = core::LockPurpose::promote;
    lock.attempt = r.attempt;
    lock.ttl = std::chrono::seconds(ctx.params.distlock_ttl);
    s.lock = core::decide_lock(lock);
    term = r.term;
    log::info("lease \"{}\" for promotion: {} ({})", ctx.params.distlock_lockname, r.detail,
              s.lock->reason);
  }

  auto decision = core::decide_promote(s);
  log::info("promote method: {}", core::to_string(decision.method));
  if (!decision.outcome.ok() || decision.method == core::PromoteMethod::refuse)
    return decision.outcome.ok() ? core::Outcome{core::OcfRc::err_generic, "promotion refused"}
                                 : decision.outcome;
  PlanExecutor exec(ctx, rt.writer, rt.lease());
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
  if (decision.method == core::PromoteMethod::pg_ctl_promote)
    after.new_history = read_history(ctx, pg.timeline(ctx.deadline));
  auto recorded = core::after_promote(after);
  exec.run(recorded.plan);
  // The standbys' slots before they reconnect to the new primary.
  keep_slots(ctx, rt);
  return recorded.outcome;
}

} // namespace pgha::agent
