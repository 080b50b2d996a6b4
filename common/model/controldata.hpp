#pragma once
// `pg_controldata <pgdata>` output (run with LC_ALL=C exactly; other locales translate the
// labels). Only the fields pgha decides on are kept; labels are stable from PostgreSQL 12 to 18 (18
// adds lines pgha does not read; tests/fixtures/agent/controldata/ has one text per supported
// major).

#include "common/model/lsn.hpp"
#include "common/model/timeline.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pgha::model {

// "Database cluster state".
enum class ClusterState {
  starting_up,           // "starting up"
  shut_down,             // "shut down": cleanly stopped primary
  shut_down_in_recovery, // "shut down in recovery": cleanly stopped standby
  shutting_down,         // "shutting down"
  in_crash_recovery,     // "in crash recovery"
  in_archive_recovery,   // "in archive recovery": standby running or crashed
  in_production,         // "in production": primary running or crashed
  unknown,               // anything else
};

std::string_view to_string(ClusterState state);

struct ControlData {
  ClusterState state = ClusterState::unknown;
  std::string state_text; // verbatim value
  std::optional<std::uint64_t> system_identifier;
  std::optional<Lsn> checkpoint_lsn;              // "Latest checkpoint location"
  std::optional<Lsn> redo_lsn;                    // "Latest checkpoint's REDO location"
  std::optional<TimelineId> checkpoint_tli;       // "Latest checkpoint's TimeLineID"
  std::optional<TimelineId> prev_tli;             // "Latest checkpoint's PrevTimeLineID"
  std::optional<Lsn> min_recovery_end_lsn;        // "Minimum recovery ending location" (0/0 = none)
  std::optional<TimelineId> min_recovery_end_tli; // "Min recovery ending loc's timeline" (0 = none)
  std::optional<int> version;                     // "pg_control version number"
  std::optional<bool> wal_log_hints;              // "wal_log_hints setting"
  std::optional<int> data_checksum_version;       // "Data page checksum version" (0 = off)
  std::optional<std::uint64_t> wal_segment_size;  // "Bytes per WAL segment"

  // True when a cleanly stopped instance was shut down (primary or standby).
  bool cleanly_shut_down() const {
    return state == ClusterState::shut_down || state == ClusterState::shut_down_in_recovery;
  }
};

// Parse the output. Unknown lines are ignored; a field whose value does not parse stays
// empty. Throws pgha::StateError (a node-local problem) when the output has no
// "Database cluster state" line at all (wrong locale or not pg_controldata output).
ControlData parse_controldata(std::string_view text);

} // namespace pgha::model
