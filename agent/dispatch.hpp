#pragma once
// The agent's frame: answer meta-data/methods/usage at once, otherwise set up logging, parse
// and validate the parameters, run the action within the deadline from the operation timeout,
// map every failure to an OCF code with an exit reason, and log one start and one end line.

#include "agent/core/env_map.hpp"

namespace pgha::agent {

// Run the action named by argv[1] (further arguments are ignored, as OCF requires) with the
// environment `env`. Returns the process exit code.
int run(int argc, const char* const* argv, const core::EnvMap& env);

} // namespace pgha::agent
