#pragma once
// What every action gets: the parsed OCF frame and parameters, the local node, the names of
// the cluster state it owns, the deadline derived from the operation timeout, and the world.

#include "agent/core/names.hpp"
#include "agent/core/ocf_env.hpp"
#include "agent/core/params.hpp"
#include "agent/core/rc.hpp"
#include "agent/world.hpp"
#include "common/base/deadline.hpp"

#include <string>

namespace pgha::agent {

struct ActionContext {
  std::string action;
  const core::EnvMap& env;
  const core::OcfEnv& ocf;
  const core::Params& params;
  std::string node;           // local node name, lower-cased
  core::AttributeNames names; // "<rsc>-status", "master-<rsc>", …
  Deadline deadline;          // the whole action must be done by then
  World& world;
  // demote only: a node-local defect the frame found (code 2 or 5: a missing binary or file,
  // this node not in node_list). The instance is still shut down and left stopped: failing
  // the demote would let on-fail=stop stop the clone on every node.
  std::string local_defect = {};

  const std::string& resource() const { return ocf.resource_name; }
};

// An action: gather a snapshot, ask the core, execute the plan. Throws pgha::Error for
// failures the catch ladder in dispatch maps to an OCF code.
using ActionFn = core::Outcome (*)(ActionContext&);

core::Outcome action_start(ActionContext& ctx);
core::Outcome action_stop(ActionContext& ctx);
core::Outcome action_status(ActionContext& ctx);
core::Outcome action_monitor(ActionContext& ctx);
core::Outcome action_promote(ActionContext& ctx);
core::Outcome action_demote(ActionContext& ctx);
core::Outcome action_notify(ActionContext& ctx);

} // namespace pgha::agent
