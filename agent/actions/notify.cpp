// notify: the clean-ups of pha4pgsql §1.7 that keep the election and the baselines honest.
// Pacemaker ignores notify failures, so every failure here is logged and the answer is 0.

#include "agent/actions/monitor.hpp"
#include "agent/actions/runtime.hpp"
#include "agent/core/notify_env.hpp"
#include "common/base/error.hpp"
#include "common/base/log.hpp"

namespace pgha::agent {

core::Outcome action_notify(ActionContext& ctx) {
  auto n = core::parse_notify_env(ctx.env);
  log::info("notify {}-{}", core::to_string(n.type), core::to_string(n.operation));
  if (n.type != core::NotifyType::post)
    return {core::OcfRc::success, {}};
  try {
    Runtime rt(ctx);
    using core::NotifyEnv;
    switch (n.operation) {
    case core::NotifyOperation::promote:
      // A primary exists again: this node's election position and baseline are stale.
      rt.writer.delete_attribute(ctx.node, ctx.names.xlog_loc, cluster::Lifetime::reboot);
      if (!NotifyEnv::contains(n.promote_unames, ctx.node))
        rt.writer.delete_attribute(ctx.node, ctx.names.master_baseline, cluster::Lifetime::reboot);
      rt.state.erase("election:history");
      break;
    case core::NotifyOperation::demote:
      if (!NotifyEnv::contains(n.demote_unames, ctx.node) &&
          !NotifyEnv::contains(n.promoted_unames, ctx.node) && ctx.world.ctl().postmaster_alive()) {
        if (auto lsn = standby_position(ctx))
          rt.writer.set_attribute(ctx.node, ctx.names.master_baseline, lsn->to_hex16(),
                                  cluster::Lifetime::reboot);
      }
      break;
    case core::NotifyOperation::start:
      rt.writer.forget_all();
      // Why an election pass here: every started instance published its position at the end
      // of its start, so with no primary this round can decide at once instead of waiting for
      // the next monitor of the winner.
      if (n.promoted_unames.empty() && ctx.world.ctl().postmaster_alive() &&
          ctx.world.postgres().is_in_recovery(ctx.deadline)) {
        auto outcome = standby_pass(ctx, rt);
        if (outcome.rc != core::OcfRc::success)
          log::warn("election pass after the start: {}", outcome.reason);
      }
      break;
    case core::NotifyOperation::stop:
      // Peers changed: read their attributes from the CIB again on the next pass.
      rt.writer.forget_all();
      break;
    case core::NotifyOperation::none:
      break;
    }
  } catch (const Error& e) {
    log::warn("notify bookkeeping failed: {}", e.what());
  }
  return {core::OcfRc::success, {}};
}

} // namespace pgha::agent
