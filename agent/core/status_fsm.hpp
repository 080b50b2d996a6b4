#pragma once
// The `<rsc>-status` node attribute as a state machine (pha4pgsql §3.2): values, who may write
// them, and the legal transitions, as a commented table (printable for documentation).

#include "common/model/node_status.hpp"

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace pgha::agent::core {

// The values and their spelling are the shared vocabulary (common/model/node_status.hpp).
using model::NodeStatus;
using model::parse_node_status;
using model::to_string;

// Who writes the attribute: the node itself (start, stop, promote, demote, own monitor) or the
// primary's monitor writing a standby's value.
enum class StatusWriter { self, primary };

struct StatusTransition {
  std::optional<NodeStatus> from; // nullopt = attribute absent
  NodeStatus to;
  StatusWriter writer;
  std::string_view why;
};

// The full table.
std::span<const StatusTransition> status_transitions();

// True when `writer` may move the attribute from `from` to `to`. Writing the current value
// again is always allowed (and a no-op).
bool status_transition_allowed(std::optional<NodeStatus> from, NodeStatus to, StatusWriter writer);

// The table as a mermaid stateDiagram (for docs and `expgsql --print-fsm`).
std::string status_fsm_mermaid();

} // namespace pgha::agent::core
