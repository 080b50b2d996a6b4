#pragma once
// Plain values returned by the PostgreSQL seam.

#include "common/model/lsn.hpp"
#include "common/model/timeline.hpp"

#include <optional>
#include <string>

namespace pgha::pg {

using model::Lsn;
using model::TimelineId;

// One row of pg_stat_replication (one connected walsender).
struct ReplicationRow {
  int pid = 0;
  std::string application_name;
  std::string state;                      // "startup", "catchup", "streaming", "backup", "stopping"
  std::string sync_state;                 // "async", "potential", "sync", "quorum"
  std::optional<std::string> client_addr; // nullopt for unix-socket clients
  std::optional<Lsn> sent_lsn;
  std::optional<Lsn> write_lsn;
  std::optional<Lsn> flush_lsn;
  std::optional<Lsn> replay_lsn;
};

// The WAL receiver of a standby (pg_stat_wal_receiver).
struct WalReceiver {
  int pid = 0;
  std::string status; // "streaming", "starting", "waiting", "restarting", "stopping"
  TimelineId received_tli = 0;
  std::optional<Lsn> flushed_lsn;
  std::optional<std::string> sender_host;
  std::optional<int> sender_port;
  std::optional<std::string> slot_name;
};

// One row of pg_replication_slots.
struct SlotInfo {
  std::string name;
  std::string type; // "physical" or "logical"
  bool active = false;
  std::optional<Lsn> restart_lsn;
  std::string wal_status; // "reserved", "extended", "unreserved", "lost"; "" when NULL
};

// Throw ConfigError unless `name` is a safe slot name (1–63 characters of [a-z0-9_],
// PostgreSQL's rule) / standby name (application_name = node name, model::is_valid_node_name).
void check_slot_name(const std::string& name);
void check_standby_name(const std::string& name);

} // namespace pgha::pg
