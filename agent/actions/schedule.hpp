#pragma once
// The lease must fit the schedule: with enable_distlock, the promoted-role monitor interval
// plus the renewal bound and the time to block writes must fit in what a lease of distlock_ttl
// protects (model::lease_schedule_problem). Checked by validate-all, start and promote (the
// interval read from the CIB) and by the promoted monitor (its own CRM_meta_interval).

#include "agent/core/ocf_env.hpp"
#include "agent/core/params.hpp"
#include "agent/core/rc.hpp"
#include "agent/world.hpp"
#include "common/base/deadline.hpp"

#include <string_view>

namespace pgha::agent {

// Success, or err_configured (6) with a reason naming both numbers. A CIB that cannot be read
// (no cluster, e.g. ocf-tester) or that has no promoted monitor is not judged here.
core::Outcome check_lease_schedule(std::string_view action, const core::OcfEnv& ocf,
                                   const core::Params& params, World& world, Deadline deadline);

} // namespace pgha::agent
