#include "common/config/cluster_config.hpp"
#include "common/config/example.hpp"
#include "common/config/ini_reader.hpp"
#include "common/config/key_table.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using namespace pgha::config;

namespace {

std::string shipped_example() {
  std::ifstream in(std::string(PGHA_SOURCE_DIR) + "/config.ini.example");
  REQUIRE(in);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

} // namespace

TEST_CASE("config.ini.example is the one rendered from the key table") {
  auto text = shipped_example();
  INFO("regenerate with: cls config --example > config.ini.example");
  CHECK(text == render_example());
}

TEST_CASE("config.ini.example documents every key and parses") {
  auto text = shipped_example();
  for (const auto& spec : key_table()) {
    std::string probe = spec.name == "node<N>" ? "node1=" : std::string(spec.name) + "=";
    if (spec.type == KeyType::legacy)
      probe = std::string(spec.name) + ":";
    INFO(spec.name);
    CHECK(text.find(probe) != std::string::npos);
  }
  auto config = parse_config(text, "config.ini.example");
  CHECK(config.nodes.size() == 2);
  CHECK(config.enable_distlock);
}

TEST_CASE("every commented-out key line of the example names a known key") {
  std::istringstream in(shipped_example());
  std::string line;
  int checked = 0;
  while (std::getline(in, line)) {
    if (line.size() < 2 || line[0] != '#' || line[1] == ' ' || line[1] == '#')
      continue;
    auto entries = read_ini(line.substr(1), "example");
    REQUIRE(entries.size() == 1);
    INFO(line);
    CHECK(find_key(entries[0].key) != nullptr);
    ++checked;
  }
  CHECK(checked > 10);
}
