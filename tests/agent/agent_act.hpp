#pragma once
// Run one agent action and keep its result in the test's failure output.

#include "tests/agent/agent_harness.hpp"

#include <catch2/catch.hpp>

#include <string>

namespace pgha::test {

inline AgentResult act(const std::string& action, const Env& env) {
  auto r = run_agent(action, env);
  UNSCOPED_INFO(action << ": " << r.describe());
  return r;
}

} // namespace pgha::test
