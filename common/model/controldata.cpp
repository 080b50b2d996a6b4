#include "common/model/controldata.hpp"

#include "common/base/error.hpp"
#include "common/base/strings.hpp"

#include <array>

namespace pgha::model {

namespace {

struct StateName {
  ClusterState state;
  std::string_view text;
};

constexpr std::array<StateName, 7> k_states{{
    {ClusterState::starting_up, "starting up"},
    {ClusterState::shut_down, "shut down"},
    {ClusterState::shut_down_in_recovery, "shut down in recovery"},
    {ClusterState::shutting_down, "shutting down"},
    {ClusterState::in_crash_recovery, "in crash recovery"},
    {ClusterState::in_archive_recovery, "in archive recovery"},
    {ClusterState::in_production, "in production"},
}};

std::optional<std::uint64_t> parse_u64(std::string_view s) {
  if (s.empty() || s.size() > 20) {
    return std::nullopt;
  }
  std::uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    auto next = v * 10 + static_cast<std::uint64_t>(c - '0');
    if (next / 10 != v) {
      return std::nullopt;
    }
    v = next;
  }
  return v;
}

std::optional<int> parse_small(std::string_view s) {
  auto v = parse_int(s);
  if (!v || *v < -2147483647LL || *v > 2147483647LL) {
    return std::nullopt;
  }
  return static_cast<int>(*v);
}

} // namespace

std::string_view to_string(ClusterState state) {
  for (const auto& s : k_states) {
    if (s.state == state) {
      return s.text;
    }
  }
  return "unknown";
}

ControlData parse_controldata(std::string_view text) {
  ControlData cd;
  bool have_state = false;
  for (const auto& raw : split(text, '\n')) {
    auto colon = raw.find(':');
    if (colon == std::string::npos) {
      continue;
    }
    auto label = trim(std::string_view(raw).substr(0, colon));
    auto value = trim(std::string_view(raw).substr(colon + 1));
    if (label == "Database cluster state") {
      have_state = true;
      cd.state_text = std::string(value);
      cd.state = ClusterState::unknown;
      for (const auto& s : k_states) {
        if (s.text == value) {
          cd.state = s.state;
        }
      }
    } else if (label == "Database system identifier") {
      cd.system_identifier = parse_u64(value);
    } else if (label == "pg_control version number") {
      cd.version = parse_small(value);
    } else if (label == "Latest checkpoint location") {
      cd.checkpoint_lsn = Lsn::parse(value);
    } else if (label == "Latest checkpoint's REDO location") {
      cd.redo_lsn = Lsn::parse(value);
    } else if (label == "Latest checkpoint's TimeLineID") {
      cd.checkpoint_tli = parse_timeline(value);
    } else if (label == "Latest checkpoint's PrevTimeLineID") {
      cd.prev_tli = parse_timeline(value);
    } else if (label == "Minimum recovery ending location") {
      cd.min_recovery_end_lsn = Lsn::parse(value);
    } else if (label == "Min recovery ending loc's timeline") {
      auto v = parse_int(value);
      if (v && *v >= 0 && *v <= 0xFFFFFFFFLL) {
        cd.min_recovery_end_tli = static_cast<TimelineId>(*v);
      }
    } else if (label == "wal_log_hints setting") {
      if (value == "on") {
        cd.wal_log_hints = true;
      } else if (value == "off") {
        cd.wal_log_hints = false;
      }
    } else if (label == "Data page checksum version") {
      cd.data_checksum_version = parse_small(value);
    } else if (label == "Bytes per WAL segment") {
      cd.wal_segment_size = parse_u64(value);
    }
  }
  if (!have_state) {
    // StateError, not ConfigError: unreadable control data is this node's problem; 6 (from
    // start, via the REPL_INFO check) would make Pacemaker stop the resource everywhere.
    throw StateError("pg_controldata output has no \"Database cluster state\" line"
                     " (run it with LC_ALL=C)");
  }
  return cd;
}

} // namespace pgha::model
