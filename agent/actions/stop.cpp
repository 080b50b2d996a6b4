// stop and demote: the core's shutdown plans (fast, escalated to immediate within the
// timeout; demote releases the lease only once PostgreSQL is verified down, then runs the
// instance on as a standby).

#include "agent/actions/execute_plan.hpp"
#include "agent/actions/runtime.hpp"
#include "agent/core/stop_plan.hpp"
#include "common/base/error.hpp"
#include "common/base/log.hpp"

#include <algorithm>

namespace pgha::agent {

namespace {

core::StopInput stop_input(ActionContext& ctx, bool primary) {
  core::StopInput in;
  in.me = ctx.node;
  in.names = ctx.names;
  // The action's own deadline already keeps a reserve; the plan splits what is left.
  in.timeout = ctx.deadline.remaining();
  in.escalate =
      std::chrono::seconds(primary ? ctx.params.stop_escalate : ctx.params.stop_escalate_in_slave);
  in.running = ctx.world.ctl().postmaster_alive();
  return in;
}

bool running_standby(ActionContext& ctx) {
  auto& ctl = ctx.world.ctl();
  if (!ctl.postmaster_alive() || !ctl.has_standby_signal())
    return false;
  try {
    return ctx.world.postgres().is_in_recovery(ctx.deadline.capped(std::chrono::seconds(5)));
  } catch (const Error&) {
    return false;
  }
}

} // namespace

core::Outcome action_stop(ActionContext& ctx) {
  Runtime rt(ctx);
  bool primary = !ctx.world.ctl().has_standby_signal();
  auto plan = core::stop_plan(stop_input(ctx, primary));
  PlanExecutor exec(ctx, rt.writer, rt.lease());
  exec.set_bookkeeping_best_effort(true);
  exec.run(plan);
  return {core::OcfRc::success, {}};
}

core::Outcome action_demote(ActionContext& ctx) {
  Runtime rt(ctx);
  // Already a standby (e.g. demote right after start): only make sure it is not promoted.
  if (running_standby(ctx)) {
    try {
      rt.writer.set_score(ctx.node, core::k_score_never);
    } catch (const ClusterError& e) {
      log::warn("promotion score of \"{}\" not written: {}", ctx.node, e.what());
    }
    log::info("already running as a standby");
    return {core::OcfRc::success, {}};
  }
  auto plan = core::demote_plan(stop_input(ctx, true), ctx.params.enable_distlock);
  // Why the restart is held back: a primary that crashed may have written past the point where
  // another node was promoted meanwhile; it may run again only after the same REPL_INFO check
  // as start (a demoted primary that REPL_INFO names passes it).
  auto start = std::find_if(plan.begin(), plan.end(), [](const core::Step& s) {
    return std::holds_alternative<core::StartStandby>(s);
  });
  core::Plan before(plan.begin(), start);
  core::Plan from_start(start, plan.end());
  PlanExecutor exec(ctx, rt.writer, rt.lease());
  exec.set_bookkeeping_best_effort(true);
  exec.run(before);
  if (from_start.empty())
    return {core::OcfRc::success, {}};
  rt.writer.forget_all(); // REPL_INFO may have been rewritten by a new primary
  auto check = check_repl_info_conflict(ctx, rt);
  if (check.verdict != core::ReplInfoVerdict::pass)
    return {core::OcfRc::err_generic, "demoted and left stopped: " + check.reason};
  exec.run(from_start);
  return {core::OcfRc::success, {}};
}

} // namespace pgha::agent
