#pragma once
// A PostgreSQL timeline id (1 after initdb, +1 or more at each promotion).

#include "common/base/strings.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace pgha::model {

using TimelineId = std::uint32_t;

// Parse a decimal timeline id (1 … 2^32−1); nullopt for 0, garbage or overflow.
// Callers that accept the "never promoted" record `node|0|…` check for "0" themselves.
inline std::optional<TimelineId> parse_timeline(std::string_view text) {
  auto v = parse_int(text);
  if (!v || *v < 1 || *v > 0xFFFFFFFFLL) {
    return std::nullopt;
  }
  return static_cast<TimelineId>(*v);
}

} // namespace pgha::model
