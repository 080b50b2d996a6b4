#pragma once
// Reading the agent fixture files (tests/fixtures/agent): controldata and timeline history
// outputs, meta-data; PGHA_AGENT_FIXTURES is set by the executable that includes this.

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace pgha::test {

inline std::string fixture_path(const std::string& name) {
  return std::string(PGHA_AGENT_FIXTURES) + "/" + name;
}

inline std::string read_fixture(const std::string& name) {
  std::ifstream in(fixture_path(name), std::ios::binary);
  if (!in) {
    throw std::runtime_error("cannot read fixture " + fixture_path(name));
  }
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

} // namespace pgha::test
