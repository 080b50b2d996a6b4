#pragma once
// How long a lease protects its holder, and whether a monitor schedule keeps it protected.
// Shared by the agent (validate-all and every action) and config.ini's checks, so both refuse
// the same schedules.

#include <chrono>
#include <optional>
#include <string>

namespace pgha::model {

// The safety margin kept between the holder's local deadline and the server-side expiry:
// max(1 s, ttl / 4), so clock-rate differences and the renewal round trip are covered.
std::chrono::milliseconds lease_margin(std::chrono::seconds ttl);

// The longest a primary's monitor waits for its renewal: max(1 s, ttl / 5).
std::chrono::milliseconds renew_bound(std::chrono::seconds ttl);

// Time a monitor needs after its renewal to block writes (reload of the server settings).
inline constexpr std::chrono::milliseconds k_fence_allowance{1000};

// Why the promoted-role monitor interval does not keep the lease protected, or nullopt when it
// does: interval + renew_bound + fence allowance must fit in ttl − margin. Otherwise a
// primary acknowledging alone could go on after a rival may already hold the lease, because
// nothing runs on the primary between two monitors.
std::optional<std::string> lease_schedule_problem(std::chrono::milliseconds promoted_interval,
                                                  std::chrono::seconds ttl);

} // namespace pgha::model
