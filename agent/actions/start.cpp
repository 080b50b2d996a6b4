// start: refuse a data directory that conflicts with REPL_INFO (before PostgreSQL runs, so a
// diverged node never joins), then run PostgreSQL as a standby.

#include "agent/actions/execute_plan.hpp"
#include "agent/actions/runtime.hpp"
#include "agent/core/repl_info_check.hpp"
#include "agent/core/start_plan.hpp"
#include "common/base/error.hpp"
#include "common/base/log.hpp"

namespace pgha::agent {

namespace {

core::ReplInfoCheck check_conflict(ActionContext& ctx, Runtime& rt) {
  core::ReplInfoCheckInput in;
  in.me = ctx.node;
  in.repl_info = rt.repl_info(true);
  if (!in.repl_info || !in.repl_info->has_position())
    return {};
  in.controldata = ctx.world.ctl().controldata(ctx.deadline);
  auto tli = in.controldata.checkpoint_tli.value_or(1);
  if (in.controldata.min_recovery_end_tli && *in.controldata.min_recovery_end_tli > tli)
    tli = *in.controldata.min_recovery_end_tli;
  if (in.controldata.redo_lsn)
    in.wal_end = local_wal_end(ctx, tli, *in.controldata.redo_lsn);
  if (tli > 1)
    in.local_history = read_history(ctx, tli);
  log::detail("conflict check: timeline {}, end of wal {}, record \"{}\"", tli,
              in.wal_end ? in.wal_end->to_string() : "unknown",
              model::render_repl_info(*in.repl_info));
  return core::check_repl_info(in);
}

} // namespace

core::Outcome action_start(ActionContext& ctx) {
  Runtime rt(ctx);
  auto& ctl = ctx.world.ctl();
  // The values other nodes (a new primary) wrote since our last pass must be re-read.
  rt.writer.forget_all();
  if (ctl.postmaster_alive()) {
    if (ctx.world.postgres().is_in_recovery(ctx.deadline)) {
      log::info("postgresql already runs as a standby");
      return {core::OcfRc::success, {}};
    }
    return {core::OcfRc::err_generic,
            "postgresql already runs as a primary outside the cluster's control"};
  }
  auto check = check_conflict(ctx, rt);
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
  return {core::OcfRc::success, {}};
}

} // namespace pgha::agent
