#pragma once
// The values of the `<rsc>-status` node attribute (pha4pgsql §3.2). Who may write which value
// and the legal transitions are the agent's decision (agent/core/status_fsm.hpp).

#include <optional>
#include <string_view>

namespace pgha::model {

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

// Every value, in the order above.
inline constexpr NodeStatus k_node_statuses[] = {
    NodeStatus::stop,     NodeStatus::unknown,      NodeStatus::hs_alone,     NodeStatus::hs_sync,
    NodeStatus::hs_async, NodeStatus::hs_potential, NodeStatus::hs_connected, NodeStatus::pri};

// The attribute value, e.g. "HS:sync".
std::string_view to_string(NodeStatus status);
// The exact attribute value; nullopt for anything else.
std::optional<NodeStatus> parse_node_status(std::string_view text);

// The values of a node whose PostgreSQL serves consistent reads: the primary and a streaming
// standby (sync, potential, async), in the order cls_setup writes its reader-VIP rule.
inline constexpr NodeStatus k_read_statuses[] = {NodeStatus::pri, NodeStatus::hs_sync,
                                                 NodeStatus::hs_potential, NodeStatus::hs_async};
bool serves_reads(NodeStatus status);

} // namespace pgha::model
