#pragma once
// The lease lock as the agent uses it: owner "<rsc>_<node>", lock "distlock_lockname", TTL
// "distlock_ttl". The holder-side deadline (monotonic time taken before the request + TTL −
// margin) is kept in the state directory, so the next monitor knows whether the lease it
// holds still protects it even if the previous invocation was the last to renew it.

#include "agent/actions/context.hpp"
#include "agent/actions/state_file.hpp"
#include "agent/core/leadership.hpp"
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
  // The lock row's leadership record as the service returned it (when it answered).
  std::optional<core::LeaderFacts> leader;
  core::LockFailure failure = core::LockFailure::none; // why, when unreachable
};

class Lease {
 public:
  Lease(ActionContext& ctx, StateFile& state);

  // Take (or renew) the lease, waiting for a rival's lease to expire until `wait_until`.
  LeaseResult acquire(Deadline wait_until);
  // As the lock row's recorded synchronous standby, take the lease over from the leader that
  // recorded this node, without waiting for its lease to end. One attempt.
  LeaseResult take_over_as_standby();
  // Renew the lease this node holds, at the term it stored; never takes a new term, except
  // when this node stored none (its state was lost) and the row is free with a record that is
  // absent or its own. One attempt. held_by_other: the row is at another owner or term.
  LeaseResult renew();
  // Renew and write `record` into the lock row at the stored term (one statement). acquired
  // only when written; refused without a stored term or once the local deadline has passed.
  LeaseResult record(const core::LeaderFacts& record);
  // The lock row as it stands (attempt held_by_other when the service answered, with its
  // leadership record; unreachable otherwise). Changes nothing.
  LeaseResult status();
  // Release the lease if this node holds it; errors are logged (the lease then expires).
  void release();
  // True while the last successful acquire/renew's local deadline has not passed.
  bool locally_valid() const;
  std::optional<std::uint64_t> stored_term() const;

 private:
  LeaseResult from(const distlock::AcquireResult& result);
  distlock::LeaseRequest request() const;
  template <class Call>
  LeaseResult guarded(Call&& call);

  ActionContext& m_ctx;
  StateFile& m_state;
};

} // namespace pgha::agent
