#pragma once
// The primary's monitor pass (pha4pgsql §6.1, control_slave_status): classify every standby,
// publish its data status, status and promotion score, choose the one synchronous standby, fall
// back to async only with a valid lease, and block writes when the lease lapsed while async.

#include "agent/core/data_status.hpp"
#include "agent/core/leadership.hpp"
#include "agent/core/lock_policy.hpp"
#include "agent/core/names.hpp"
#include "agent/core/params.hpp"
#include "agent/core/plan.hpp"
#include "agent/core/rc.hpp"
#include "agent/core/status_fsm.hpp"
#include "common/model/fence.hpp"
#include "common/model/lsn.hpp"
#include "common/model/repl_info.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pgha::agent::core {

// The value synchronous_standby_names takes to block all commits (common/model/fence.hpp).
inline constexpr std::string_view k_fence_standby_name = model::k_fence_sync_names;

// One row of pg_stat_replication.
struct ReplicationRow {
  std::string application_name;
  SenderState state = SenderState::startup;
  SyncState sync_state = SyncState::async;
  std::optional<model::Lsn> flush_lsn;
};

// What the cluster currently holds for a peer (so only changes are written).
struct PeerState {
  bool online = true;
  std::optional<DataStatus> data_status;
  std::optional<NodeStatus> status;
  std::optional<int> score;
};

// The lease as the primary's monitor sees it after its one renewal of this pass.
enum class LeaseState {
  not_used,    // enable_distlock=false
  valid,       // renewed; local deadline not passed
  unprotected, // not renewed (service unreachable) but still locally valid, or kept by the
               // "lock service dead" rule: the primary stays, synchronous only
  lost,        // renewal refused or failed, or the local deadline passed
  taken,       // the lock row is at another owner or term: a rival took over (fence at once)
};

struct PrimarySnapshot {
  std::string me;
  RepMode rep_mode = RepMode::sync;
  std::vector<std::string> node_list;
  AttributeNames names;
  std::vector<ReplicationRow> replication;
  std::string sync_standby_names;          // current value of the agent's include file
  model::Lsn current_lsn;                  // pg_current_wal_lsn()
  std::optional<model::Lsn> sync_baseline; // "<rsc>-sync-baseline" on me
  LeaseState lease = LeaseState::not_used;
  std::optional<std::uint64_t> lock_term;   // term of the lease I hold
  std::string me_owner;                     // my lock owner string
  std::optional<LeaderFacts> leader_record; // the lock row's record, as the renewal returned it
  model::TimelineId timeline = 0;           // the timeline this primary writes on
  std::string lease_detail;                 // why the lease is not valid (for the exit reason)
  bool has_quorum = true;
  std::map<std::string, PeerState> peers; // by node; missing = nothing known
  PeerState self;
  std::optional<model::ReplInfo> repl_info;
  std::optional<model::ReplInfo> own_record; // what this node would record (from its history)
};

// The classification of one standby for this pass.
struct StandbyAssessment {
  std::string node;
  DataStatus data_status;
  std::optional<NodeStatus> status; // nullopt = leave the attribute alone
  int score = k_score_never;
  friend bool operator==(const StandbyAssessment&, const StandbyAssessment&) = default;
};

struct PrimaryDecision {
  Plan plan;
  Outcome outcome; // rc running_promoted, or err_generic with the reason
  std::vector<StandbyAssessment> standbys;
  std::string sync_standby; // who is (or becomes) the sync standby; empty = none
};

// The whole pass. See docs/agent-core.md "Primary monitor" for the table.
PrimaryDecision decide_primary_monitor(const PrimarySnapshot& snapshot);

// The node named in a synchronous_standby_names value written by pgha ('"node"' or 'node');
// empty for '', for the fence value and for lists pgha did not write.
std::string sync_name_of(std::string_view sync_standby_names);

// The synchronous_standby_names value naming `node`.
std::string sync_names_for(std::string_view node);

} // namespace pgha::agent::core
