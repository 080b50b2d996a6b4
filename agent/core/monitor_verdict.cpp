#include "agent/core/monitor_verdict.hpp"

#include <fmt/format.h>

namespace pgha::agent::core {

Outcome decide_monitor(const MonitorProbes& p) {
  using model::ClusterState;
  if (!p.pgdata_present) {
    // Why: a probe on a node whose data directory is absent (unmounted, never set up) must not
    // be a hard error, or Pacemaker bans a node that merely does not run the resource.
    return {OcfRc::not_running, {}};
  }
  if (!p.postmaster_running) {
    if (p.stopped_by_agent) {
      return {OcfRc::not_running, {}};
    }
    if (!p.controldata) {
      return {OcfRc::err_generic, "PostgreSQL is not running and pg_controldata failed"};
    }
    switch (p.controldata->state) {
    case ClusterState::shut_down:
    case ClusterState::shut_down_in_recovery:
      return {OcfRc::not_running, {}};
    case ClusterState::in_production:
      // Why: pg_basebackup copies the source primary's control file; until the copy's first
      // start (which consumes backup_label) it says "in production" on a node that never ran.
      if (p.backup_label)
        return {OcfRc::not_running, {}};
      // Why: a primary that died without a clean shutdown may hold WAL no standby has; 9 makes
      // Pacemaker demote (and thereby release the primary role) before it restarts anything,
      // where 7 would let it treat the node as cleanly stopped.
      return {OcfRc::failed_promoted, "PostgreSQL primary crashed (control data says \"in "
                                      "production\" and no postmaster runs)"};
    default:
      return {OcfRc::err_generic,
              fmt::format("PostgreSQL is not running and its control data says \"{}\"",
                          p.controldata->state_text)};
    }
  }
  switch (p.sql) {
  case SqlProbe::in_recovery:
    return {OcfRc::success, {}};
  case SqlProbe::primary:
    if (p.monitor_sql_ok.has_value() && !*p.monitor_sql_ok) {
      return {OcfRc::failed_promoted, "the primary runs but \"monitor_sql\" failed"};
    }
    return {OcfRc::running_promoted, {}};
  case SqlProbe::unreachable:
    return {OcfRc::err_generic, "the postmaster runs but does not accept connections"};
  case SqlProbe::not_tried:
    break;
  }
  return {OcfRc::err_generic, "the postmaster runs but was not queried"};
}

} // namespace pgha::agent::core
