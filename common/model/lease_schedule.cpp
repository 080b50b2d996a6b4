#include "common/model/lease_schedule.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace pgha::model {

using std::chrono::milliseconds;

milliseconds lease_margin(std::chrono::seconds ttl) {
  return std::max(milliseconds(1000), std::chrono::duration_cast<milliseconds>(ttl) / 4);
}

milliseconds renew_bound(std::chrono::seconds ttl) {
  return std::max(milliseconds(1000), std::chrono::duration_cast<milliseconds>(ttl) / 5);
}

std::optional<std::string> lease_schedule_problem(milliseconds promoted_interval,
                                                  std::chrono::seconds ttl) {
  auto protects = std::chrono::duration_cast<milliseconds>(ttl) - lease_margin(ttl);
  auto needs = promoted_interval + renew_bound(ttl) + k_fence_allowance;
  if (needs <= protects)
    return std::nullopt;
  return fmt::format("the promoted monitor interval ({} ms) plus the renewal bound ({} ms) and "
                     "{} ms to block writes is {} ms, more than the {} ms a lease of "
                     "\"distlock_ttl\" {} s protects its holder\n"
                     "HINT: lower the promoted-role monitor interval to at most {} ms or raise "
                     "distlock_ttl",
                     promoted_interval.count(), renew_bound(ttl).count(), k_fence_allowance.count(),
                     needs.count(), protects.count(), ttl.count(),
                     (protects - renew_bound(ttl) - k_fence_allowance).count());
}

} // namespace pgha::model
