#include "agent/core/data_status.hpp"

#include "common/base/strings.hpp"

namespace pgha::agent::core {

namespace {

bool upper_word(std::string_view s) {
  if (s.empty()) {
    return false;
  }
  for (char c : s) {
    if (c < 'A' || c > 'Z') {
      return false;
    }
  }
  return true;
}

} // namespace

DataStatus DataStatus::replication(std::string state, std::string sync_state) {
  return {Kind::replication, std::move(state), std::move(sync_state)};
}

std::optional<DataStatus> parse_data_status(std::string_view text) {
  auto t = trim(text);
  if (t == "LATEST") {
    return DataStatus::latest();
  }
  if (t == "DISCONNECT") {
    return DataStatus::disconnect();
  }
  auto bar = t.find('|');
  if (bar == std::string_view::npos) {
    return std::nullopt;
  }
  auto state = t.substr(0, bar);
  auto sync = t.substr(bar + 1);
  if (!upper_word(state) || !upper_word(sync)) {
    return std::nullopt;
  }
  return DataStatus::replication(std::string(state), std::string(sync));
}

std::string to_string(const DataStatus& status) {
  switch (status.kind) {
  case DataStatus::Kind::latest:
    return "LATEST";
  case DataStatus::Kind::disconnect:
    return "DISCONNECT";
  case DataStatus::Kind::replication:
    break;
  }
  return status.state + "|" + status.sync_state;
}

} // namespace pgha::agent::core
