#pragma once
// The `<rsc>-data-status` values (permanent node attribute): the durable "is this node's data
// complete" marker. LATEST (the primary), DISCONNECT, or `<STATE>|<SYNC_STATE>` as the primary
// saw the standby in pg_stat_replication (upper case), e.g. STREAMING|SYNC.

#include <optional>
#include <string>
#include <string_view>

namespace pgha::model {

// pg_stat_replication.state of a WAL sender.
enum class SenderState { startup, catchup, streaming, backup, stopping };
// pg_stat_replication.sync_state.
enum class SyncState { async, potential, sync, quorum };

// Upper case as the attribute spells it: "STREAMING", "SYNC".
std::string_view to_string(SenderState state);
std::string_view to_string(SyncState state);
// Either case (PostgreSQL reports lower case, the attribute upper case); nullopt when unknown.
std::optional<SenderState> parse_sender_state(std::string_view text);
std::optional<SyncState> parse_sync_state(std::string_view text);

struct DataStatus {
  enum class Kind { latest, disconnect, replication };
  Kind kind = Kind::disconnect;
  SenderState state = SenderState::startup; // replication only
  SyncState sync_state = SyncState::async;  // replication only

  static DataStatus latest() { return {Kind::latest, {}, {}}; }
  static DataStatus disconnect() { return {Kind::disconnect, {}, {}}; }
  static DataStatus replication(SenderState state, SyncState sync_state) {
    return {Kind::replication, state, sync_state};
  }

  // STREAMING|<sync>.
  bool is_streaming(SyncState sync) const {
    return kind == Kind::replication && state == SenderState::streaming && sync_state == sync;
  }
  // STREAMING|anything.
  bool is_streaming() const { return kind == Kind::replication && state == SenderState::streaming; }

  friend bool operator==(const DataStatus& a, const DataStatus& b) {
    if (a.kind != b.kind)
      return false;
    return a.kind != Kind::replication || (a.state == b.state && a.sync_state == b.sync_state);
  }
};

// Parse an attribute value (blanks around it ignored); nullopt for an empty or unrecognised
// value.
std::optional<DataStatus> parse_data_status(std::string_view text);

// "LATEST", "DISCONNECT", "STREAMING|SYNC", …
std::string to_string(const DataStatus& status);

} // namespace pgha::model
