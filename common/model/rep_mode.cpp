#include "common/model/rep_mode.hpp"

namespace pgha::model {

std::optional<RepMode> parse_rep_mode(std::string_view text) {
  for (auto m : {RepMode::sync, RepMode::async})
    if (to_string(m) == text)
      return m;
  return std::nullopt;
}

} // namespace pgha::model
