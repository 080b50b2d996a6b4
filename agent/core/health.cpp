#include "agent/core/health.hpp"

#include "common/base/strings.hpp"

#include <algorithm>

namespace pgha::agent::core {

bool health_query_due(const EnvMap& env) {
  auto level = env_get(env, "OCF_CHECK_LEVEL");
  if (!level)
    level = env_get(env, "OCF_RESKEY_OCF_CHECK_LEVEL");
  if (!level || trim(*level).empty())
    return true;
  auto n = parse_int(trim(*level));
  return !n || *n >= k_health_check_level;
}

std::chrono::milliseconds health_query_budget(std::chrono::milliseconds remaining) {
  return std::max(std::chrono::milliseconds(1000), remaining / 2);
}

Outcome health_verdict(HealthResult result, const std::string& detail) {
  switch (result) {
  case HealthResult::ok:
    return {};
  case HealthResult::failed:
    return {OcfRc::err_generic, "health query (monitor_sql) failed: " + detail};
  case HealthResult::unreachable:
    return {OcfRc::err_generic, "health query (monitor_sql) got no answer: " + detail};
  }
  return {OcfRc::err_generic, "health query (monitor_sql): unknown result"};
}

} // namespace pgha::agent::core
