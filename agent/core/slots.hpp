#pragma once
// Replication slots of the primary (replication_slot_name): which physical slots to create and
// drop, and which ones to report for holding back too much WAL. Pure: the shell lists the slots
// (pg_replication_slots), executes the plan and publishes the report.
//
// The naming scheme: the slot of node N is model::slot_name_for(prefix, N). Every physical slot
// whose name starts with "<prefix>_" is pgha's; nothing else is ever dropped.

#include "common/model/lsn.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pgha::agent::core {

// One row of pg_replication_slots.
struct SlotRow {
  std::string name;
  bool physical = true;
  bool active = false;
  std::string wal_status; // "reserved", "extended", "unreserved", "lost" or "" (unknown)
  std::optional<model::Lsn> restart_lsn;
};

struct SlotSnapshot {
  std::string prefix; // replication_slot_name (non-empty)
  std::string me;     // this node, the primary
  std::vector<std::string> node_list;
  std::vector<SlotRow> existing;
  std::optional<model::Lsn> current_lsn; // the primary's WAL position
};

struct SlotIssue {
  std::string slot;
  std::string wal_status;
  std::optional<std::uint64_t> retained_bytes; // current_lsn - restart_lsn
};

struct SlotPlan {
  std::vector<std::string> create; // slots of the other nodes of node_list that are missing
  std::vector<std::string> drop;   // inactive pgha slots of nodes no longer in node_list (and
                                   // this node's own: a primary never streams from itself)
  std::vector<std::string> busy;   // such slots still in use: dropped once released
  // Slots that hold back more WAL than max_wal_size (wal_status "extended"), may lose it
  // ("unreserved") or lost it ("lost"): reported, never dropped (the standby still needs it,
  // or needs a rebuild; either way a person decides).
  std::vector<SlotIssue> issues;
  std::string report; // the value of <rsc>-slots, "" when there is nothing to report
};

SlotPlan plan_slots(const SlotSnapshot& snapshot);

// On a standby: its pgha slots left from a time it was primary, to drop. Why: a standby's slot
// that nobody uses keeps its restart_lsn, so the standby keeps all WAL from there on until its
// disk fills (pgha standbys stream from the primary only, never from each other). Active ones
// are left alone.
std::vector<std::string> standby_slots_to_drop(const std::string& prefix,
                                               const std::vector<SlotRow>& existing);

} // namespace pgha::agent::core
