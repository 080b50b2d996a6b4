#include "agent/core/lock_policy.hpp"

#include "common/base/strings.hpp"
#include "common/model/lease_schedule.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace pgha::agent::core {

namespace {

constexpr std::string_view k_report_ok = "ok";
constexpr std::string_view k_report_unreachable = "unreachable";

} // namespace

LockDecision decide_lock(const LockSnapshot& s) {
  switch (s.attempt) {
  case LockAttempt::acquired:
    return {LockVerdict::proceed, "lease held"};
  case LockAttempt::held_by_other:
    // Why: a rival holds an unexpired lease; it may be promoting right now, and acting
    // beside it would make two primaries.
    return {LockVerdict::refuse, "the lease is held by another node"};
  case LockAttempt::unreachable:
    break;
  }
  if (s.purpose == LockPurpose::promote) {
    // Why: without an answer from the lock service this node cannot know that the old primary
    // has stopped relying on its lease; promoting could create a second primary.
    return {LockVerdict::refuse, "lock service unreachable: promotion needs the lease"};
  }
  if (s.purpose == LockPurpose::go_async) {
    // Why: a partitioned primary that drops its synchronous standby would acknowledge commits
    // that the standby being promoted on the other side never receives (lost writes).
    return {LockVerdict::refuse, "lock service unreachable: the fallback to async needs the lease"};
  }
  // keep_primary: the "lock service dead" rule.
  if (s.deadcheck_nodes.empty()) {
    return {LockVerdict::refuse,
            "lock service unreachable and no \"distlock_lockservice_deadcheck_nodelist\""};
  }
  auto fresh_limit = 2 * s.ttl;
  for (const auto& node : s.deadcheck_nodes) {
    auto it = std::find_if(s.reports.begin(), s.reports.end(),
                           [&](const PeerLockReport& r) { return r.node == node; });
    // Why: a peer that still reaches the lock service (or did not say) may be taking the
    // lease right now; only when every listed peer confirms the outage is the primary the
    // only candidate, and even then it stays synchronous (go_async is refused above).
    if (it == s.reports.end() || !it->reaches_service.has_value() || !it->age.has_value()) {
      return {LockVerdict::refuse,
              fmt::format("lock service unreachable and node \"{}\" has not reported", node)};
    }
    if (*it->age > fresh_limit) {
      return {LockVerdict::refuse,
              fmt::format("lock service unreachable and the report of node \"{}\" is stale", node)};
    }
    if (*it->reaches_service) {
      return {
          LockVerdict::refuse,
          fmt::format("lock service unreachable from here but reachable from node \"{}\"", node)};
    }
  }
  return {LockVerdict::proceed_unprotected,
          "lock service unreachable from every listed node: primary kept, synchronous only"};
}

std::chrono::milliseconds lease_deadline(std::chrono::milliseconds request_start,
                                         std::chrono::seconds ttl) {
  return request_start + std::chrono::duration_cast<std::chrono::milliseconds>(ttl) -
         model::lease_margin(ttl);
}

std::string lock_owner(std::string_view resource_name, std::string_view node) {
  return fmt::format("{}_{}", resource_name, node);
}

std::string lockservice_report_value(bool reaches_service, std::int64_t unix_s) {
  return fmt::format("{}@{}", reaches_service ? k_report_ok : k_report_unreachable, unix_s);
}

PeerLockReport parse_lockservice_report(std::string node, const std::optional<std::string>& value,
                                        std::int64_t now_unix_s, std::chrono::seconds ttl) {
  PeerLockReport r;
  r.node = std::move(node);
  if (!value)
    return r;
  auto at = value->find('@');
  auto answer = std::string_view(*value).substr(0, at);
  if (answer == k_report_ok)
    r.reaches_service = true;
  else if (answer == k_report_unreachable)
    r.reaches_service = false;
  else
    return r;
  if (at == std::string::npos)
    return r;
  auto stamp = parse_int(std::string_view(*value).substr(at + 1));
  if (!stamp || *stamp <= 0 || *stamp > now_unix_s + ttl.count())
    return r;
  r.age = std::chrono::seconds(std::max<std::int64_t>(0, now_unix_s - *stamp));
  return r;
}

bool lockservice_report_due(const std::optional<std::string>& published, bool reaches_service,
                            std::int64_t now_unix_s, std::chrono::seconds ttl) {
  auto r = parse_lockservice_report({}, published, now_unix_s, ttl);
  return !r.reaches_service || *r.reaches_service != reaches_service || !r.age || *r.age >= ttl;
}

} // namespace pgha::agent::core
