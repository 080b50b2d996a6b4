#pragma once
// The process environment as a plain map, so the pure core never calls getenv. The shell
// builds it once from `environ` (agent/main.cpp); tests write it literally.

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace pgha::agent::core {

// Same type as pgha::agent::EnvMap (agent/ocf/env_reader.hpp).
using EnvMap = std::map<std::string, std::string>;

// The value of `key`, or nullopt when absent.
inline std::optional<std::string> env_get(const EnvMap& env, std::string_view key) {
  auto it = env.find(std::string(key));
  if (it == env.end()) {
    return std::nullopt;
  }
  return it->second;
}

} // namespace pgha::agent::core
