#pragma once
// Per-action state shared by the actions: the state file, the caching cluster writer and the
// lease (when enable_distlock), plus the reads of the local server several actions need.

#include "agent/actions/cluster_writer.hpp"
#include "agent/actions/context.hpp"
#include "agent/actions/lease.hpp"
#include "agent/actions/state_file.hpp"
#include "agent/core/repl_info_check.hpp"
#include "common/model/controldata.hpp"
#include "common/model/lsn.hpp"
#include "common/model/repl_info.hpp"
#include "common/model/timeline_history.hpp"

#include <chrono>
#include <optional>
#include <vector>

namespace pgha::agent {

// State-file key the promote sets and the first promoted monitor consumes (it then waits,
// bounded, for a standby to stream; see monitor_primary.cpp).
inline constexpr const char* k_promoted_key = "promote:first-monitor-pending";

struct Runtime {
  explicit Runtime(ActionContext& ctx);
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  // nullptr unless enable_distlock.
  Lease* lease() { return m_ctx.params.enable_distlock ? &m_lease : nullptr; }

  // REPL_INFO (fresh: read from the CIB now, or taken from this action's own CIB read when
  // that is younger than k_fresh_cib). A malformed record throws ConfigError.
  std::optional<model::ReplInfo> repl_info(bool fresh);
  static constexpr std::chrono::milliseconds k_fresh_cib{500};

  ActionContext& m_ctx;
  StateFile state;
  ClusterWriter writer;

 private:
  Lease m_lease;
};

// The state-file key recording a completed stop; its value is stop_marker() at that moment.
inline constexpr const char* k_stopped_key = "stopped:pidfile";

// What postmaster.pid holds now ("absent" without one). Why: a stop leaves a crashed instance's
// control data as it was ("in production", "in archive recovery"); the probe after the stop
// must still say 7. The record is trusted only while postmaster.pid is unchanged: any later
// postmaster rewrites it, so a crash after a manual start is not hidden.
std::string stop_marker(const ActionContext& ctx);

// max(receive, replay) of a standby; nullopt when neither is known.
std::optional<model::Lsn> standby_position(ActionContext& ctx);

// The history file of timeline `tli` in pg_wal; nullopt when absent (timeline 1) or unreadable.
std::optional<std::vector<model::HistoryEntry>> read_history(const ActionContext& ctx,
                                                             model::TimelineId tli);

// The timeline a standby's WAL has reached: the server's answer (the checkpoint's and the WAL
// receiver's, both of which lag or vanish after a timeline switch the standby followed) or the
// newest timeline history file in pg_wal, whichever is higher.
model::TimelineId standby_timeline(ActionContext& ctx);

// The end of the local WAL on timeline `tli`, read with pg_waldump from `from`. Throws
// StateError when pg_waldump's text names no end (pg::parse_waldump_end).
model::Lsn local_wal_end(ActionContext& ctx, model::TimelineId tli, model::Lsn from,
                         std::uint64_t segment_size);

// The REPL_INFO conflict check of a stopped data directory (end of local WAL and timeline
// history against the recorded fork point): pass, or a refusal with its exit reason.
core::ReplInfoCheck check_repl_info_conflict(ActionContext& ctx, Runtime& rt);

} // namespace pgha::agent
