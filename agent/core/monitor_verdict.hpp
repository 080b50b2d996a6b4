#pragma once
// The OCF answer of monitor from the probes the shell took (OCF 1.1 promotable semantics):
// 0 standby, 8 primary, 7 cleanly stopped, 9 crashed primary, 1 anything undeterminable.

#include "agent/core/rc.hpp"
#include "common/model/controldata.hpp"

#include <optional>
#include <string>

namespace pgha::agent::core {

enum class SqlProbe {
  not_tried,   // postmaster not running, no connection attempted
  unreachable, // connection failed or timed out
  in_recovery, // pg_is_in_recovery() = true
  primary,     // pg_is_in_recovery() = false
};

struct MonitorProbes {
  bool pgdata_present = true;                    // the data directory exists (PG_VERSION readable)
  bool postmaster_running = false;               // postmaster.pid names a live postmaster
  std::optional<model::ControlData> controldata; // nullopt = pg_controldata failed
  SqlProbe sql = SqlProbe::not_tried;
  std::optional<bool> monitor_sql_ok; // primary only, check level ≥ 10; nullopt = not run
  bool backup_label = false;          // a base backup not yet started (its control file is a copy)
  bool stopped_by_agent = false;      // this agent's stop brought it down; no postmaster ran since
};

// Decide:
//  - pgdata absent → 7 (unmounted storage on a node that does not run it is normal);
//  - postmaster not running after this agent's stop → 7, whatever the control data says (a
//    stop of a crashed instance does not repair it; Pacemaker expects 7 after a stop);
//  - postmaster not running: controldata "shut down"/"shut down in recovery" → 7;
//    "in production" → 7 with a backup_label (a fresh base backup: the control file is the
//    source primary's copy), else 9 (crashed primary: Pacemaker must demote before anything else,
//    and the data may hold WAL no standby has); any other state, or no control data → 1;
//  - postmaster running: in recovery → 0; primary → 8, or 9 when monitor_sql failed;
//    unreachable → 1.
Outcome decide_monitor(const MonitorProbes& probes);

} // namespace pgha::agent::core
