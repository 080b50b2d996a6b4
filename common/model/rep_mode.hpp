#pragma once
// The replication mode of a pgha cluster: expgsql's `rep_mode` parameter and config.ini's
// `pgsql_rep_mode`, written by cls_setup from the one into the other.

#include <optional>
#include <string_view>

namespace pgha::model {

enum class RepMode { sync, async };

// "sync" / "async" (constexpr: the parameter and key tables take their default from here).
constexpr std::string_view to_string(RepMode mode) {
  return mode == RepMode::async ? "async" : "sync";
}
// The accepted values as config.ini's key table lists choices.
inline constexpr std::string_view k_rep_mode_choices = "sync|async";
// Exactly "sync" or "async"; nullopt otherwise.
std::optional<RepMode> parse_rep_mode(std::string_view text);

} // namespace pgha::model
