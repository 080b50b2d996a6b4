#include "common/model/score.hpp"

#include "common/base/strings.hpp"

#include <algorithm>

namespace pgha::model {

std::string format_score(int score) {
  if (score >= k_score_infinity)
    return "INFINITY";
  if (score <= -k_score_infinity)
    return "-INFINITY";
  return std::to_string(score);
}

std::optional<int> parse_score(std::string_view text) {
  std::string t(trim(text));
  if (t == "INFINITY" || t == "+INFINITY")
    return k_score_infinity;
  if (t == "-INFINITY")
    return -k_score_infinity;
  if (!t.empty() && t.front() == '+')
    t.erase(0, 1);
  auto v = parse_int(t);
  if (!v)
    return std::nullopt;
  return static_cast<int>(std::clamp<long long>(*v, -k_score_infinity, k_score_infinity));
}

} // namespace pgha::model
