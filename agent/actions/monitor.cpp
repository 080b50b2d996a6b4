// monitor and status: probe the local instance, let the core decide the OCF answer, then run
// the bookkeeping pass of the role found.

#include "agent/actions/monitor.hpp"

#include "agent/actions/runtime.hpp"
#include "agent/actions/slots.hpp"
#include "agent/actions/wal_receiver.hpp"
#include "agent/core/health.hpp"
#include "agent/core/monitor_verdict.hpp"
#include "common/base/error.hpp"
#include "common/base/log.hpp"

#include <filesystem>

namespace pgha::agent {

namespace {

core::MonitorProbes probe(ActionContext& ctx) {
  core::MonitorProbes p;
  auto& ctl = ctx.world.ctl();
  p.pgdata_present =
      std::filesystem::exists(std::filesystem::path(ctx.params.pgdata) / "PG_VERSION");
  if (!p.pgdata_present)
    return p;
  p.postmaster_running = ctl.postmaster_alive();
  if (!p.postmaster_running) {
    StateFile state(ctx.world.state_dir(ctx.resource()) / "state");
    p.stopped_by_agent = state.get(k_stopped_key) == stop_marker(ctx);
    if (p.stopped_by_agent)
      return p;
    // Why it is down decides 7 (clean), 9 (crashed primary) or 1: ask the control file.
    try {
      p.controldata = ctl.controldata(ctx.deadline);
      p.backup_label = ctl.has_backup_label();
    } catch (const Error& e) {
      log::warn("cannot read control data: {}", e.what());
    }
    return p;
  }
  try {
    p.sql = ctx.world.postgres().is_in_recovery(ctx.deadline) ? core::SqlProbe::in_recovery
                                                              : core::SqlProbe::primary;
  } catch (const PgUnreachable& e) {
    log::warn("postgresql does not answer: {}", e.what());
    p.sql = core::SqlProbe::unreachable;
  } catch (const PgQueryError& e) {
    log::warn("postgresql rejected the probe: {}", e.what());
    p.sql = core::SqlProbe::unreachable;
  }
  return p;
}

// The operator's health query on the primary (monitor_sql as monitor_user), with its own
// deadline and its own verdict (core::health_verdict).
core::Outcome health_check(ActionContext& ctx) {
  if (!core::health_query_due(ctx.env))
    return {};
  auto budget = core::health_query_budget(ctx.deadline.remaining());
  try {
    ctx.world.health_postgres().health_query(ctx.params.monitor_sql, ctx.deadline.capped(budget));
  } catch (const PgQueryError& e) {
    return core::health_verdict(core::HealthResult::failed, e.what());
  } catch (const PgUnreachable& e) {
    return core::health_verdict(core::HealthResult::unreachable,
                                fmt::format("{} (budget {} ms)", e.what(), budget.count()));
  }
  log::detail("health query (monitor_sql) ok");
  return {};
}

} // namespace

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

core::Outcome action_status(ActionContext& ctx) {
  if (ctx.world.ctl().postmaster_alive())
    return {core::OcfRc::success, {}};
  return {core::OcfRc::not_running, {}};
}

core::Outcome action_monitor(ActionContext& ctx) {
  auto probes = probe(ctx);
  auto verdict = core::decide_monitor(probes);
  log::debug("monitor verdict {} {}", core::rc_name(verdict.rc), verdict.reason);
  if (verdict.rc != core::OcfRc::success && verdict.rc != core::OcfRc::running_promoted)
    return verdict;
  Runtime rt(ctx);
  try {
    if (verdict.rc == core::OcfRc::running_promoted) {
      auto outcome = primary_pass(ctx, rt);
      if (outcome.rc != core::OcfRc::running_promoted)
        return outcome;
      keep_slots(ctx, rt);
      clear_wal_receiver(ctx, rt);
      auto health = health_check(ctx);
      return health.ok() ? outcome : health;
    }
    publish_wal_receiver(ctx, rt);
    return standby_pass(ctx, rt);
  } catch (const ClusterError& e) {
    // The instance itself is fine; failing the monitor would restart a healthy server because
    // the cluster tools were slow. The next pass retries the bookkeeping.
    log::warn("cluster bookkeeping failed: {}", e.what());
    return verdict;
  }
}

} // namespace pgha::agent
