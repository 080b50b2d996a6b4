#pragma once
// The `<rsc>-data-status` values (permanent node attribute): the durable "is this node's data
// complete" marker. LATEST (the primary), DISCONNECT, or `<STATE>|<SYNC_STATE>` as the primary
// saw the standby in pg_stat_replication (upper case), e.g. STREAMING|SYNC.

#include <optional>
#include <string>
#include <string_view>

namespace pgha::agent::core {

struct DataStatus {
  enum class Kind { latest, disconnect, replication };
  Kind kind = Kind::disconnect;
  std::string state;      // replication only: STREAMING, CATCHUP, STARTUP, BACKUP, STOPPING
  std::string sync_state; // replication only: SYNC, ASYNC, POTENTIAL, QUORUM

  static DataStatus latest() { return {Kind::latest, {}, {}}; }
  static DataStatus disconnect() { return {Kind::disconnect, {}, {}}; }
  static DataStatus replication(std::string state, std::string sync_state);

  bool is_streaming(std::string_view sync) const {
    return kind == Kind::replication && state == "STREAMING" && sync_state == sync;
  }

  friend bool operator==(const DataStatus&, const DataStatus&) = default;
};

// Parse an attribute value; nullopt for an empty or unrecognised value.
std::optional<DataStatus> parse_data_status(std::string_view text);

// "LATEST", "DISCONNECT", "STREAMING|SYNC", …
std::string to_string(const DataStatus& status);

} // namespace pgha::agent::core
