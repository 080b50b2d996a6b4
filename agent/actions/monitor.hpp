#pragma once
// monitor's two bookkeeping passes after the verdict: the primary's (standbys, sync standby,
// lease) and the standby's (recorded primary, WAL-position election).

#include "agent/actions/context.hpp"
#include "agent/actions/runtime.hpp"

#include <cstdint>

namespace pgha::agent {

// The primary's pass; returns 8, or 1 with the reason (lease lost, REPL_INFO names another).
core::Outcome primary_pass(ActionContext& ctx, Runtime& rt);

// The standby's pass; returns 0, or 1 when its own position is unreadable.
core::Outcome standby_pass(ActionContext& ctx, Runtime& rt);

// Wall-clock seconds since the epoch: the stamp of the "<rsc>-lockservice" reports, which
// are compared across nodes (the monotonic clock is per machine).
std::int64_t unix_now();

} // namespace pgha::agent
