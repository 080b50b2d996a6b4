#include "common/model/node_status.hpp"

namespace pgha::model {

std::string_view to_string(NodeStatus status) {
  switch (status) {
  case NodeStatus::stop:
    return "STOP";
  case NodeStatus::unknown:
    return "UNKNOWN";
  case NodeStatus::hs_alone:
    return "HS:alone";
  case NodeStatus::hs_sync:
    return "HS:sync";
  case NodeStatus::hs_async:
    return "HS:async";
  case NodeStatus::hs_potential:
    return "HS:potential";
  case NodeStatus::hs_connected:
    return "HS:connected";
  case NodeStatus::pri:
    return "PRI";
  }
  return "UNKNOWN";
}

std::optional<NodeStatus> parse_node_status(std::string_view text) {
  for (auto s : k_node_statuses) {
    if (to_string(s) == text) {
      return s;
    }
  }
  return std::nullopt;
}

bool serves_reads(NodeStatus status) {
  for (auto s : k_read_statuses) {
    if (s == status) {
      return true;
    }
  }
  return false;
}

} // namespace pgha::model
