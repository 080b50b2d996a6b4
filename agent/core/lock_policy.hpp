#pragma once
// What the lease means for each risky action, including when the lock service is unreachable.
// Safety invariant: at any time at most one node may (a) be primary with its writes not
// protected by a synchronous standby, or (b) be promoting. Both need the lease.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pgha::agent::core {

// What the lease is needed for.
enum class LockPurpose {
  keep_primary, // the primary's monitor renewing its lease while it stays synchronous
  go_async,     // dropping synchronous replication (or running async, rep_mode=async)
  promote,      // a standby becoming primary
};

// What the lock service said to the acquire/renew request.
enum class LockAttempt {
  acquired,      // we hold the lease now
  held_by_other, // the service answered: someone else holds an unexpired lease
  unreachable,   // no answer in time (connection failed, timeout)
};

// What a peer reported about its own view of the lock service (attribute "<rsc>-lockservice").
struct PeerLockReport {
  std::string node;
  std::optional<bool> reaches_service;     // nullopt = no report
  std::optional<std::chrono::seconds> age; // how old the report is; nullopt = unknown
};

struct LockSnapshot {
  LockPurpose purpose = LockPurpose::keep_primary;
  LockAttempt attempt = LockAttempt::unreachable;
  std::chrono::seconds ttl{9};
  std::vector<std::string> deadcheck_nodes; // distlock_lockservice_deadcheck_nodelist minus me
  std::vector<PeerLockReport> reports;      // what the peers published
};

enum class LockVerdict {
  proceed,             // lease held: go ahead
  proceed_unprotected, // no lease, but the "lock service dead" rule keeps the primary running
  refuse,              // do not do it
};

struct LockDecision {
  LockVerdict verdict = LockVerdict::refuse;
  std::string reason; // why (for the log and, on refuse, the exit reason)
  friend bool operator==(const LockDecision&, const LockDecision&) = default;
};

// Decide. Rules, in order:
//  1. acquired → proceed.
//  2. held_by_other → refuse (a rival holds the lease; it may be promoting right now).
//  3. unreachable, purpose promote or go_async → refuse, always: without the lease this node
//     cannot know that no rival is promoting (promote) or that the lease it last held has not
//     passed to a rival that is promoting now (go_async).
//  4. unreachable, purpose keep_primary → proceed_unprotected only when the dead-check node
//     list is non-empty and every listed peer has a fresh report (age ≤ 2 × ttl) saying it
//     cannot reach the service either; otherwise refuse.
LockDecision decide_lock(const LockSnapshot& snapshot);

// The holder-side deadline of a lease acquired by a request sent at `request_start` (a
// monotonic time point expressed as a duration since an arbitrary epoch): request_start +
// ttl − model::lease_margin(ttl). Measured from before the request, so network delay only shortens
// the lease.
std::chrono::milliseconds lease_deadline(std::chrono::milliseconds request_start,
                                         std::chrono::seconds ttl);

// True when a lease with `deadline` still protects actions at monotonic time `now`.
inline bool lease_valid(std::chrono::milliseconds now, std::chrono::milliseconds deadline) {
  return now < deadline;
}

// The owner string written into the lock row: "<rsc>_<node>".
std::string lock_owner(std::string_view resource_name, std::string_view node);

// The report a node publishes in "<rsc>-lockservice": "ok@<unix s>" when the lock service
// answered its probe, "unreachable@<unix s>" when it did not. The stamp lets a reader tell a
// fresh report from one left behind (an agent no longer running, or a partition that keeps a
// peer's last value on this side), so node clocks must agree within a few seconds (NTP).
std::string lockservice_report_value(bool reaches_service, std::int64_t unix_s);

// A published report of `node` read at `now_unix_s`. No value: no report. A value without a
// readable stamp, or stamped more than `ttl` ahead of this clock: the report has no age, which
// decide_lock refuses.
PeerLockReport parse_lockservice_report(std::string node, const std::optional<std::string>& value,
                                        std::int64_t now_unix_s, std::chrono::seconds ttl);

// True when a node whose probe found `reaches_service` must publish again: nothing or a
// different answer published, or the published report is `ttl` old or older (so, with a
// monitor interval up to ttl, a reader never sees a live node's report older than 2 × ttl).
bool lockservice_report_due(const std::optional<std::string>& published, bool reaches_service,
                            std::int64_t now_unix_s, std::chrono::seconds ttl);

} // namespace pgha::agent::core
