#pragma once
// The lease lock as the agent uses it: owner "<rsc>_<node>", lock "distlock_lockname", TTL
// "distlock_ttl". The holder-side deadline (monotonic time taken before the request + TTL −
// margin) is kept in the state directory, so the next monitor knows whether the lease it
// holds still protects it even if the previous invocation was the last to renew it.

#include "agent/actions/context.hpp"
#include "agent/actions/state_file.hpp"
#include "agent/core/lock_failure.hpp"
#include "agent/core/lock_policy.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace pgha::agent {

struct LeaseResult {
  core::LockAttempt attempt = core::LockAttempt::unreachable;
  std::optional<std::uint64_t> term; // fencing term when acquired
  std::string detail;                // holder or error, for the log and exit reasons
  core::LockFailure failure = core::LockFailure::none; // why, when unreachable
};

class Lease {
 public:
  Lease(ActionContext& ctx, StateFile& state);

  // Take (or renew) the lease, waiting for a rival's lease to expire until `wait_until`.
  LeaseResult acquire(Deadline wait_until);
  // Renew the lease this node holds; take it when nobody holds it. One attempt.
  LeaseResult renew();
  // Release the lease if this node holds it; errors are logged (the lease then expires).
  void release();
  // True while the last successful acquire/renew's local deadline has not passed.
  bool locally_valid() const;
  std::optional<std::uint64_t> stored_term() const;

 private:
  LeaseResult from(const distlock::AcquireResult& result);
  distlock::LeaseRequest request() const;

  ActionContext& m_ctx;
  StateFile& m_state;
};

} // namespace pgha::agent
