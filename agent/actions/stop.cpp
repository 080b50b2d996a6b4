// stop and demote: the core's shutdown plans (fast, escalated to immediate within the
// timeout; demote releases the lease only once PostgreSQL is verified down, then runs the
// instance on as a standby).

#include "agent/actions/execute_plan.hpp"
#include "agent/actions/runtime.hpp"
#include "agent/core/status_fsm.hpp"
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

// Demote's answer when the instance is down but cannot run on as a standby: success, score
// -INFINITY (already set by the plan; repeated in case that write was skipped), status STOP and
// the reason logged as an error.
core::Outcome left_stopped(Runtime& rt, ActionContext& ctx, const std::string& why) {
  try {
    rt.writer.set_score(ctx.node, core::k_score_never);
    rt.writer.set_attribute(ctx.node, ctx.names.status,
                            std::string(core::to_string(core::NodeStatus::stop)),
                            cluster::Lifetime::reboot);
  } catch (const Error& e) {
    log::warn("attributes of \"{}\" not written: {}", ctx.node, e.what());
  }
  // Probes report 7 from now on (not 9 from a crashed primary's control data).
  rt.state.set(k_stopped_key, stop_marker(ctx));
  log::error("demoted and left stopped: {}", why);
  return {core::OcfRc::success, "demoted and left stopped: " + why};
}

} // namespace

core::Outcome action_stop(ActionContext& ctx) {
  Runtime rt(ctx);
  bool primary = !ctx.world.ctl().has_standby_signal();
  auto plan = core::stop_plan(stop_input(ctx, primary));
  PlanExecutor exec(ctx, rt.writer, rt.lease());
  exec.set_bookkeeping_best_effort(true);
  exec.run(plan);
  // Verified down (the plan's VerifyStopped): probes say 7 from now on, even when the control
  // data still tells of a crash.
  rt.state.set(k_stopped_key, stop_marker(ctx));
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
  // A primary that crashed (no postmaster) is not run here: Pacemaker's recovery (demote,
  // stop, start) starts it as a standby right after, so starting it now as well would run
  // PostgreSQL twice (start, stop, start) for nothing.
  const bool crashed = !ctx.world.ctl().postmaster_alive();
  auto plan = core::demote_plan(stop_input(ctx, true), ctx.params.enable_distlock);
  const bool unfit = !ctx.local_defect.empty();
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
  if (unfit)
    return left_stopped(rt, ctx, ctx.local_defect);
  if (crashed && !from_start.empty())
    return left_stopped(rt, ctx,
                        "it had crashed; the start of Pacemaker's recovery runs it once, as a "
                        "standby, after the REPL_INFO check");
  if (from_start.empty())
    return {core::OcfRc::success, {}};
  // From here on the instance is verified down, so demote's contract (no longer a primary) is
  // met: whatever keeps it from running as a standby is this node's problem and is reported
  // through its monitor (7) and a refused start. Why not an error code: Pacemaker applies
  // demote's on-fail to the whole clone (on-fail=stop, the pha4pgsql template's) and would stop
  // the healthy new primary too.
  try {
    rt.writer.forget_all(); // REPL_INFO may have been rewritten by a new primary
    auto check = check_repl_info_conflict(ctx, rt);
    if (check.verdict != core::ReplInfoVerdict::pass)
      return left_stopped(rt, ctx, check.reason);
    exec.run(from_start);
  } catch (const Error& e) {
    return left_stopped(rt, ctx, e.what());
  }
  return {core::OcfRc::success, {}};
}

} // namespace pgha::agent
