#pragma once
// The `<rsc>-status` node attribute as a state machine (pha4pgsql §3.2): values, who may write
// them, and the legal transitions, as a commented table (printable for documentation).

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace pgha::agent::core {

enum class NodeStatus {
  stop,         // "STOP": PostgreSQL stopped by the agent
  unknown,      // "UNKNOWN": stopping failed, state unknown
  hs_alone,     // "HS:alone": standby without a primary it streams from
  hs_sync,      // "HS:sync": the primary's synchronous standby
  hs_async,     // "HS:async": streaming asynchronously
  hs_potential, // "HS:potential": streaming, listed as potential sync standby
  hs_connected, // "HS:connected": connected, not streaming (catchup, startup, backup …)
  pri,          // "PRI": primary
};

std::string_view to_string(NodeStatus status);
std::optional<NodeStatus> parse_node_status(std::string_view text);

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
