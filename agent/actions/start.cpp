// start: refuse a data directory that conflicts with REPL_INFO (before PostgreSQL runs, so a
// diverged node never joins), then run PostgreSQL as a standby.

#include "agent/actions/execute_plan.hpp"
#include "agent/actions/runtime.hpp"
#include "agent/core/repl_info_check.hpp"
#include "agent/core/start_plan.hpp"
#include "common/base/error.hpp"
#include "common/base/log.hpp"

namespace pgha::agent {

core::Outcome action_start(ActionContext& ctx) {
  Runtime rt(ctx);
  auto& ctl = ctx.world.ctl();
  // The values other nodes (a new primary) wrote since our last pass must be re-read.
  rt.writer.forget_all();
  if (ctl.postmaster_alive()) {
    if (ctx.world.postgres().is_in_recovery(ctx.deadline)) {
      // Why the check here too: the running standby may have been started while REPL_INFO
      // was stale (a partition) and hold WAL past the recorded fork point.
      auto check = check_repl_info_conflict(ctx, rt);
      if (check.verdict == core::ReplInfoVerdict::conflict)
        return {core::OcfRc::err_generic,
                "running as a standby that cannot follow: " + check.reason};
      log::info("postgresql already runs as a standby");
      return {core::OcfRc::success, {}};
    }
    return {core::OcfRc::err_generic,
            "postgresql already runs as a primary outside the cluster's control"};
  }
  auto check = check_repl_info_conflict(ctx, rt);
  if (check.verdict != core::ReplInfoVerdict::pass)
    return {core::OcfRc::err_generic, check.reason};

  core::StartInput input{ctx.node, ctx.names, rt.repl_info(false)};
  PlanExecutor exec(ctx, rt.writer, rt.lease());
  exec.run(core::start_prepare_plan(input));

  start_as_standby(ctx);
  auto& pg = ctx.world.postgres();
  if (!pg.is_in_recovery(ctx.deadline))
    return {core::OcfRc::err_generic, "postgresql came up as a primary instead of a standby"};
  if (auto sync = core::check_standby_sync_names(pg.synchronous_standby_names(ctx.deadline));
      !sync.ok())
    return sync;
  exec.run(core::start_finish_plan(input));
  // Why publish now: with no primary, the election decides once every node's position is
  // known; the post-start notification then finds them all without waiting for a monitor. A
  // primary that exists makes the first monitor pass delete it again.
  if (auto lsn = standby_position(ctx))
    rt.writer.set_attribute(ctx.node, ctx.names.xlog_loc, lsn->to_hex16(),
                            cluster::Lifetime::reboot);
  return {core::OcfRc::success, {}};
}

} // namespace pgha::agent
