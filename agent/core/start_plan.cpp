#include "agent/core/start_plan.hpp"

#include "agent/core/status_fsm.hpp"

#include <fmt/format.h>

namespace pgha::agent::core {

Plan start_prepare_plan(const StartInput& in) {
  return {
      SetNodeAttribute{in.names.status, in.me, std::string(to_string(NodeStatus::stop)),
                       Lifetime::reboot},
      DeleteNodeAttribute{in.names.master_baseline, in.me, Lifetime::reboot},
      SetPromotionScore{in.me, k_score_never},
      DeleteNodeAttribute{in.names.xlog_loc, in.me, Lifetime::reboot},
  };
}

Plan start_finish_plan(const StartInput& in) {
  Plan plan{SetNodeAttribute{in.names.status, in.me, std::string(to_string(NodeStatus::hs_alone)),
                             Lifetime::reboot}};
  if (in.repl_info && in.repl_info->node == in.me) {
    plan.push_back(SetPromotionScore{in.me, k_score_promote_me});
  }
  return plan;
}

Outcome check_standby_sync_names(std::string_view shown_value) {
  if (shown_value.empty()) {
    return {};
  }
  return {OcfRc::err_args,
          fmt::format("synchronous_standby_names is \"{}\" on this standby (set outside the "
                      "agent, e.g. postgresql.auto.conf); it must be empty",
                      shown_value)};
}

} // namespace pgha::agent::core
