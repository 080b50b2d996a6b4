// start: refuse a data directory that conflicts with REPL_INFO (before PostgreSQL runs, so a
// diverged node never joins), then run PostgreSQL as a standby.

#include "agent/actions/execute_plan.hpp"
#include "agent/actions/runtime.hpp"
#include "agent/core/repl_info_check.hpp"
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

  rt.writer.set_attribute(ctx.node, ctx.names.status, "STOP", cluster::Lifetime::reboot);
  rt.writer.delete_attribute(ctx.node, ctx.names.master_baseline, cluster::Lifetime::reboot);
  rt.writer.delete_attribute(ctx.node, ctx.names.xlog_loc, cluster::Lifetime::reboot);
  rt.writer.set_score(ctx.node, core::k_score_never);

  start_as_standby(ctx);
  if (!ctx.world.postgres().is_in_recovery(ctx.deadline))
    return {core::OcfRc::err_generic, "postgresql came up as a primary instead of a standby"};

  rt.writer.set_attribute(ctx.node, ctx.names.status, "HS:alone", cluster::Lifetime::reboot);
  // The recorded primary is promoted again first (by restart, timeline kept).
  auto record = rt.repl_info(false);
  if (record && record->node == ctx.node)
    rt.writer.set_score(ctx.node, core::k_score_promote_me);
  return {core::OcfRc::success, {}};
}

} // namespace pgha::agent
