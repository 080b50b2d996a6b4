#include "agent/core/stop_plan.hpp"

#include "agent/core/status_fsm.hpp"

#include <algorithm>

namespace pgha::agent::core {

namespace {

using std::chrono::milliseconds;

constexpr milliseconds k_default_timeout{120000};

} // namespace

milliseconds stop_reserve(milliseconds timeout) {
  return std::clamp(timeout / 10, milliseconds(2000), milliseconds(10000));
}

Plan shutdown_phases(const StopInput& in) {
  Plan plan;
  if (!in.running) {
    return plan;
  }
  auto timeout = in.timeout.value_or(k_default_timeout);
  auto budget = std::max(timeout - stop_reserve(timeout), milliseconds(1000));
  // Why a kill phase: a postmaster that is paused (SIGSTOP) or hung ignores pg_ctl's signals;
  // a stop that times out blocks the resource (on-fail=block) or fences the node.
  auto kill = std::clamp(budget / 10, milliseconds(500), milliseconds(5000));
  auto rest = budget - kill;
  auto escalate = std::chrono::duration_cast<milliseconds>(in.escalate);
  if (escalate.count() == 0) {
    plan.push_back(StopPostgres{StopMode::immediate, rest});
    plan.push_back(StopPostgres{StopMode::kill, kill});
    return plan;
  }
  // Why the cap: an escalation delay longer than the budget would let Pacemaker's timeout kill
  // the agent mid-stop, and stop failing blocks the resource (or fences the node).
  // Keep at least a quarter of what precedes the kill for the immediate phase.
  auto fast = std::min(escalate, rest - rest / 4);
  plan.push_back(StopPostgres{StopMode::fast, fast});
  plan.push_back(StopPostgres{StopMode::immediate, rest - fast});
  plan.push_back(StopPostgres{StopMode::kill, kill});
  return plan;
}

Plan stop_plan(const StopInput& in) {
  Plan plan;
  plan.push_back(SetPromotionScore{in.me, k_score_never});
  plan.push_back(DeleteNodeAttribute{in.names.xlog_loc, in.me, Lifetime::reboot});
  for (auto& s : shutdown_phases(in)) {
    plan.push_back(std::move(s));
  }
  plan.push_back(VerifyStopped{});
  plan.push_back(SetNodeAttribute{in.names.status, in.me, std::string(to_string(NodeStatus::stop)),
                                  Lifetime::reboot});
  plan.push_back(DeleteNodeAttribute{in.names.master_baseline, in.me, Lifetime::reboot});
  return plan;
}

Plan demote_plan(const StopInput& in, bool enable_distlock) {
  Plan plan;
  plan.push_back(SetPromotionScore{in.me, k_score_never});
  plan.push_back(DeleteNodeAttribute{in.names.master_baseline, in.me, Lifetime::reboot});
  for (auto& s : shutdown_phases(in)) {
    plan.push_back(std::move(s));
  }
  plan.push_back(VerifyStopped{});
  if (enable_distlock) {
    // Why after VerifyStopped: releasing while the old primary may still accept writes lets a
    // rival take the lease and promote beside it (pha4pgsql §13 item 8).
    plan.push_back(ReleaseLock{});
  }
  plan.push_back(StartStandby{});
  plan.push_back(SetNodeAttribute{in.names.status, in.me,
                                  std::string(to_string(NodeStatus::hs_alone)), Lifetime::reboot});
  return plan;
}

} // namespace pgha::agent::core
