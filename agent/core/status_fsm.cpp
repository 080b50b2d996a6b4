#include "agent/core/status_fsm.hpp"

#include <fmt/format.h>

#include <array>

namespace pgha::agent::core {

namespace {

using S = NodeStatus;
using W = StatusWriter;
constexpr std::optional<NodeStatus> k_absent = std::nullopt;

// The transition table. Self-transitions (writing the current value) are always allowed and not
// listed. The primary's rows deliberately have no source STOP or UNKNOWN: only a node may move
// itself out of those (a stopped standby must not be relabelled as streaming by a primary that
// still sees a stale pg_stat_replication row), and none with source PRI (a primary never
// relabels another primary as its standby; that would hide a second primary).
constexpr StatusTransition k_table[] = {
    // start
    {k_absent, S::stop, W::self, "start begins: not yet usable"},
    {S::stop, S::hs_alone, W::self, "start succeeded as standby"},
    // stop
    {S::hs_alone, S::stop, W::self, "stop succeeded"},
    {S::hs_sync, S::stop, W::self, "stop succeeded"},
    {S::hs_async, S::stop, W::self, "stop succeeded"},
    {S::hs_potential, S::stop, W::self, "stop succeeded"},
    {S::hs_connected, S::stop, W::self, "stop succeeded"},
    {S::pri, S::stop, W::self, "stop succeeded (primary stopped without demote)"},
    {S::unknown, S::stop, W::self, "stop (or the next start) after an earlier failure"},
    {k_absent, S::unknown, W::self, "stop failed: state unknown"},
    {S::stop, S::unknown, W::self, "stop failed: state unknown"},
    {S::hs_alone, S::unknown, W::self, "stop failed: state unknown"},
    {S::hs_sync, S::unknown, W::self, "stop failed: state unknown"},
    {S::hs_async, S::unknown, W::self, "stop failed: state unknown"},
    {S::hs_potential, S::unknown, W::self, "stop failed: state unknown"},
    {S::hs_connected, S::unknown, W::self, "stop failed: state unknown"},
    {S::pri, S::unknown, W::self, "stop or demote failed: state unknown"},
    // standby's own monitor and notifications
    {S::hs_sync, S::hs_alone, W::self, "no primary, or my data status is DISCONNECT"},
    {S::hs_async, S::hs_alone, W::self, "no primary, or my data status is DISCONNECT"},
    {S::hs_potential, S::hs_alone, W::self, "no primary, or my data status is DISCONNECT"},
    {S::hs_connected, S::hs_alone, W::self, "no primary, or my data status is DISCONNECT"},
    {k_absent, S::hs_alone, W::self, "probe found a running standby"},
    // promote / demote
    {S::hs_alone, S::pri, W::self, "promoted"},
    {S::hs_sync, S::pri, W::self, "promoted"},
    {S::hs_async, S::pri, W::self, "promoted"},
    {S::hs_potential, S::pri, W::self, "promoted"},
    {S::hs_connected, S::pri, W::self, "promoted"},
    {k_absent, S::pri, W::self, "probe or monitor found a running primary"},
    {S::stop, S::pri, W::self, "restarted as primary (recorded primary)"},
    {S::pri, S::hs_alone, W::self, "demoted: restarted as standby"},
    // the primary's bookkeeping of its standbys
    {k_absent, S::hs_sync, W::primary, "standby streams synchronously"},
    {S::hs_alone, S::hs_sync, W::primary, "standby streams synchronously"},
    {S::hs_async, S::hs_sync, W::primary, "standby became the sync standby"},
    {S::hs_potential, S::hs_sync, W::primary, "standby became the sync standby"},
    {S::hs_connected, S::hs_sync, W::primary, "standby caught up as sync standby"},
    {k_absent, S::hs_async, W::primary, "standby streams asynchronously"},
    {S::hs_alone, S::hs_async, W::primary, "standby streams asynchronously"},
    {S::hs_sync, S::hs_async, W::primary, "sync standby replaced or fallback to async"},
    {S::hs_potential, S::hs_async, W::primary, "standby streams asynchronously"},
    {S::hs_connected, S::hs_async, W::primary, "standby caught up"},
    {k_absent, S::hs_potential, W::primary, "standby listed as potential"},
    {S::hs_alone, S::hs_potential, W::primary, "standby listed as potential"},
    {S::hs_sync, S::hs_potential, W::primary, "standby listed as potential"},
    {S::hs_async, S::hs_potential, W::primary, "standby listed as potential"},
    {S::hs_connected, S::hs_potential, W::primary, "standby listed as potential"},
    {k_absent, S::hs_connected, W::primary, "standby connected, not streaming"},
    {S::hs_alone, S::hs_connected, W::primary, "standby connected, not streaming"},
    {S::hs_sync, S::hs_connected, W::primary, "standby fell behind (catchup)"},
    {S::hs_async, S::hs_connected, W::primary, "standby fell behind (catchup)"},
    {S::hs_potential, S::hs_connected, W::primary, "standby fell behind (catchup)"},
};

} // namespace

std::span<const StatusTransition> status_transitions() {
  return k_table;
}

bool status_transition_allowed(std::optional<NodeStatus> from, NodeStatus to, StatusWriter writer) {
  if (from == to) {
    return true;
  }
  for (const auto& t : k_table) {
    if (t.from == from && t.to == to && t.writer == writer) {
      return true;
    }
  }
  return false;
}

std::string status_fsm_mermaid() {
  std::string out = "stateDiagram-v2\n";
  for (const auto& t : k_table) {
    auto node = [](std::optional<NodeStatus> s) -> std::string {
      if (!s) {
        return "[*]";
      }
      std::string id(to_string(*s));
      for (auto& c : id) {
        if (c == ':') {
          c = '_';
        }
      }
      return id;
    };
    out += fmt::format("  {} --> {} : {} ({})\n", node(t.from), node(t.to), t.why,
                       t.writer == StatusWriter::self ? "self" : "primary");
  }
  return out;
}

} // namespace pgha::agent::core
