#pragma once
// Stop and demote as plans: fast shutdown, escalated to immediate within the action's timeout.

#include "agent/core/names.hpp"
#include "agent/core/plan.hpp"

#include <chrono>
#include <optional>

namespace pgha::agent::core {

struct StopInput {
  std::string me;
  AttributeNames names;
  std::optional<std::chrono::milliseconds> timeout; // CRM_meta_timeout; nullopt → 120 s
  std::chrono::seconds escalate{90};                // stop_escalate(_in_slave)
  bool running = true;
};

// The part of the timeout kept for the steps around the shutdown (attributes, lock):
// max(2 s, timeout / 10), at most 10 s.
std::chrono::milliseconds stop_reserve(std::chrono::milliseconds timeout);

// The shutdown phases (budget = timeout − reserve): fast for min(escalate, ¾ of the budget
// before the kill), immediate for the rest, then the kill phase (a tenth of the budget,
// 0.5–5 s: SIGKILL of the postmaster and its children if still running); escalate 0 → no fast
// phase. Nothing when not running.
Plan shutdown_phases(const StopInput& input);

// stop: score -INFINITY, delete xlog-loc, shutdown phases, VerifyStopped, status STOP,
// delete master-baseline. Never releases the lock: a stop may follow a failed demote whose
// primary state is unknown.
Plan stop_plan(const StopInput& input);

// demote: score -INFINITY, delete master-baseline, shutdown phases, VerifyStopped,
// ReleaseLock (only with enable_distlock, and only after PostgreSQL is verified down:
// releasing while the old primary may still accept writes lets a rival promote beside it),
// StartStandby, status HS:alone.
Plan demote_plan(const StopInput& input, bool enable_distlock);

} // namespace pgha::agent::core
