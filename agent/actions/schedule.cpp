#include "agent/actions/schedule.hpp"

#include "common/base/error.hpp"
#include "common/base/log.hpp"
#include "common/cluster/crm_parse.hpp"
#include "common/model/lease_schedule.hpp"

namespace pgha::agent {

core::Outcome check_lease_schedule(std::string_view action, const core::OcfEnv& ocf,
                                   const core::Params& params, World& world, Deadline deadline) {
  if (!params.enable_distlock)
    return {};
  std::optional<std::chrono::milliseconds> interval;
  if (action == "monitor") {
    // The promoted monitor knows its own interval; other monitors do not renew the lease.
    bool promoted = ocf.role && (*ocf.role == "Promoted" || *ocf.role == "Master");
    if (!promoted || ocf.is_probe())
      return {};
    interval = ocf.interval;
  } else if (action == "start" || action == "promote" || action == "validate-all") {
    try {
      const auto& cib = world.read_cib(deadline.capped(std::chrono::seconds(5)));
      interval = cluster::parse::promoted_monitor_interval(cib, ocf.resource_name);
    } catch (const Error& e) {
      log::detail("lease schedule not checked: cannot read the CIB ({})", e.what());
      return {};
    }
  }
  if (!interval)
    return {};
  if (auto problem =
          model::lease_schedule_problem(*interval, std::chrono::seconds(params.distlock_ttl)))
    return {core::OcfRc::err_configured, *problem};
  return {};
}

} // namespace pgha::agent
