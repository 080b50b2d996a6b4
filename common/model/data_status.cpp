#include "common/model/data_status.hpp"

#include "common/base/strings.hpp"

#include <array>
#include <utility>

namespace pgha::model {

namespace {

constexpr std::array<std::pair<SenderState, std::string_view>, 5> k_sender{{
    {SenderState::startup, "STARTUP"},
    {SenderState::catchup, "CATCHUP"},
    {SenderState::streaming, "STREAMING"},
    {SenderState::backup, "BACKUP"},
    {SenderState::stopping, "STOPPING"},
}};

constexpr std::array<std::pair<SyncState, std::string_view>, 4> k_sync{{
    {SyncState::async, "ASYNC"},
    {SyncState::potential, "POTENTIAL"},
    {SyncState::sync, "SYNC"},
    {SyncState::quorum, "QUORUM"},
}};

constexpr std::string_view k_latest = "LATEST";
constexpr std::string_view k_disconnect = "DISCONNECT";

template <class Table, class Value>
std::string_view name_of(const Table& table, Value v) {
  for (const auto& [value, name] : table)
    if (value == v)
      return name;
  return table.front().second;
}

bool equal_upper(std::string_view text, std::string_view upper) {
  if (text.size() != upper.size())
    return false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= 'a' && c <= 'z')
      c = static_cast<char>(c - 'a' + 'A');
    if (c != upper[i])
      return false;
  }
  return true;
}

template <class Table>
auto parse_in(const Table& table, std::string_view text)
    -> std::optional<typename Table::value_type::first_type> {
  for (const auto& [value, name] : table)
    if (equal_upper(text, name))
      return value;
  return std::nullopt;
}

} // namespace

std::string_view to_string(SenderState state) {
  return name_of(k_sender, state);
}

std::string_view to_string(SyncState state) {
  return name_of(k_sync, state);
}

std::optional<SenderState> parse_sender_state(std::string_view text) {
  return parse_in(k_sender, text);
}

std::optional<SyncState> parse_sync_state(std::string_view text) {
  return parse_in(k_sync, text);
}

std::optional<DataStatus> parse_data_status(std::string_view text) {
  auto t = trim(text);
  if (t == k_latest)
    return DataStatus::latest();
  if (t == k_disconnect)
    return DataStatus::disconnect();
  auto bar = t.find('|');
  if (bar == std::string_view::npos)
    return std::nullopt;
  auto state = t.substr(0, bar);
  auto sync = t.substr(bar + 1);
  // The attribute is written in upper case only: a lower-case value is not ours.
  for (char c : t)
    if (c >= 'a' && c <= 'z')
      return std::nullopt;
  auto s = parse_sender_state(state);
  auto y = parse_sync_state(sync);
  if (!s || !y)
    return std::nullopt;
  return DataStatus::replication(*s, *y);
}

std::string to_string(const DataStatus& status) {
  switch (status.kind) {
  case DataStatus::Kind::latest:
    return std::string(k_latest);
  case DataStatus::Kind::disconnect:
    return std::string(k_disconnect);
  case DataStatus::Kind::replication:
    break;
  }
  return std::string(to_string(status.state)) + "|" + std::string(to_string(status.sync_state));
}

} // namespace pgha::model
