#pragma once
// validate-all, which is also the first step of every other action: parameters from the
// core's table, the clone configuration, the local node's membership of node_list and, at
// check level 10, the local files. No side effects: nothing is created, edited or started.

#include "agent/core/env_map.hpp"
#include "agent/core/ocf_env.hpp"
#include "agent/core/params.hpp"
#include "agent/core/rc.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace pgha::agent {

struct FrameValidation {
  core::Outcome outcome;              // success, or the code + reason naming the parameter
  std::optional<core::Params> params; // set when the parameters parsed
  std::string node;                   // local node name
  bool answered = false;              // the outcome is already the action's answer (or a failure)
  bool node_local = false;            // answered with 2 or 5 from a check of this node only
};

// Validate for `action` (its check level decides whether local files are looked at; a probe
// whose data directory is absent answers 7, a stopped node with unmounted storage is normal).
FrameValidation validate_frame(std::string_view action, const core::EnvMap& env,
                               const core::OcfEnv& ocf);

} // namespace pgha::agent
