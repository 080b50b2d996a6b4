#pragma once
// The agent's only window onto the process environment: Pacemaker passes everything an
// action needs (OCF_*, OCF_RESKEY_*, HA_*) as environment variables, and this reader copies
// them into a plain map once in main. Everything after that works on the map, so decisions
// and tests never touch the environment.

#include "agent/core/env_map.hpp"

#include <string>

namespace pgha::agent {

using EnvMap = core::EnvMap;

// A copy of the whole process environment. Variables without "=" are skipped.
EnvMap read_process_env();

// The value of `key` in `env`, or `fallback` when absent.
std::string env_or(const EnvMap& env, const std::string& key, const std::string& fallback = {});

} // namespace pgha::agent
