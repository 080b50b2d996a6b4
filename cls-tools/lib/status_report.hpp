#pragma once
// What cls_status shows, as a plain value built from the cluster view, REPL_INFO, the
// primary's pg_stat_replication and the lock row; rendered for people or as JSON. Pure.

#include "common/cluster/view.hpp"
#include "common/config/cluster_config.hpp"

#include <pgha/distlock/lock.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pgha::cls {

// One standby as the primary's pg_stat_replication shows it.
struct StandbyReplication {
  std::string application_name;
  std::string state;
  std::string sync_state;
  std::optional<std::string> flush_lsn;
  std::optional<std::string> replay_lsn;
  std::optional<std::uint64_t> lag_bytes; // primary's current LSN - replay LSN
};

struct ReplicationReport {
  bool available = false;
  std::string error;       // why not, when unavailable
  std::string current_lsn; // the primary's
  std::vector<StandbyReplication> standbys;
};

struct LockReport {
  bool enabled = false;
  bool reachable = false;
  std::string error;
  std::string lockname;
  std::string holder; // "" when free
  std::int64_t term = 0;
  long long remaining_ms = 0;
  std::optional<distlock::LeaderRecord> leader; // the leadership record of the lock row
};

struct NodeReport {
  std::string name;
  bool online = false;
  bool standby = false;
  bool maintenance = false;
  bool configured = true; // listed in config.ini
  std::string role;       // Promoted / Unpromoted / Stopped
  std::string status;     // <rsc>-status
  std::string data_status;
  std::string xlog_loc;
  std::string master_baseline;
  std::string slots;    // <rsc>-slots: slots holding back too much WAL (on the primary)
  std::string receiver; // <rsc>-receiver: WAL receiver state (standbys, check_wal_receiver)
  std::string promotion_score;
  int fail_count = 0;
  std::optional<std::uint64_t> lag_bytes; // from the primary's view, when known
  std::string sync_state;                 // from the primary's view, when known
};

struct ResourceReport {
  std::string id;
  std::string agent;
  std::vector<std::string> running_on; // "node" or "node (Promoted)"
  bool managed = true;
  bool disabled = false;
};

struct StatusReport {
  std::string cluster_type;
  std::optional<std::string> dc;
  bool have_quorum = false;
  bool maintenance_mode = false;
  bool stonith_enabled = false;
  std::optional<std::string> primary;
  std::vector<NodeReport> nodes;
  std::vector<ResourceReport> resources;
  std::string repl_info; // raw property value, "" when unset
  ReplicationReport replication;
  LockReport lock;
};

// Assemble the report: configured nodes first (in config order), then other cluster nodes.
StatusReport make_status_report(const cluster::ClusterView& view,
                                const config::ClusterConfig& config, std::string repl_info,
                                ReplicationReport replication, LockReport lock);

// Text in the spirit of pha4pgsql's cls_status (crm_mon plus REPL_INFO), ending with a line
// "<resource>_REPL_INFO:<value>".
std::string render_status_text(const StatusReport& report, const config::ClusterConfig& config);

// One JSON object, the schema of docs/cls-json.md (keys: cluster_type, dc, quorum,
// maintenance_mode, stonith_enabled, primary, nodes[], resources[], repl_info, replication,
// lock).
std::string render_status_json(const StatusReport& report);

// JSON string literal of `s` (quotes included).
std::string json_string(std::string_view s);

// One line for people: who leads, on which timeline, with which synchronous standby.
std::string describe_leader(const std::optional<distlock::LeaderRecord>& leader);
// The record as a JSON object, or null.
std::string leader_json(const std::optional<distlock::LeaderRecord>& leader);

} // namespace pgha::cls
