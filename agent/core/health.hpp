#pragma once
// The primary's health query (monitor_sql, as monitor_user): when it runs, how long it may take
// and what its failure means. Pure; the shell runs the query through the PostgreSQL seam.

#include "agent/core/env_map.hpp"
#include "agent/core/rc.hpp"

#include <chrono>
#include <string>

namespace pgha::agent::core {

// The check depth at which the query runs: 10, the monitor's default. An explicit
// OCF_CHECK_LEVEL below 10 on the monitor op (0 included, which the frame otherwise reads as
// "not set") turns it off.
inline constexpr int k_health_check_level = 10;
bool health_query_due(const EnvMap& env);

// Its own deadline: half of what is left of the monitor's budget, at least 1 s (a query that
// hangs — a lock, a full disk — must leave the monitor time to answer itself).
std::chrono::milliseconds health_query_budget(std::chrono::milliseconds remaining);

enum class HealthResult { ok, failed, unreachable };

// ok → success; failed, or not answering within its deadline → OCF_ERR_GENERIC (1) with an exit
// reason naming monitor_sql: the server runs but does not do its job, which Pacemaker recovers like
// any failed primary (demote/stop, then the standby with the lease takes over).
Outcome health_verdict(HealthResult result, const std::string& detail);

} // namespace pgha::agent::core
