#include "common/model/node_name.hpp"

#include <catch2/catch.hpp>

using namespace pgha::model;

TEST_CASE("node names are validated") {
  for (const char* ok : {"node1", "n", "pg-1.example.com", "a_b", "1node"}) {
    SECTION(std::string("valid ") + ok) {
      CHECK(is_valid_node_name(ok));
    }
  }
  for (const char* bad : {"", "Node1", "-node", ".node", "no de", "n'1", "n;1", "n|1", "n/1",
                          "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}) {
    SECTION(std::string("invalid ") + bad) {
      CHECK_FALSE(is_valid_node_name(bad));
    }
  }
}

TEST_CASE("slot names follow pha4pgsql's rule") {
  CHECK(slot_name_for("pgha", "Node-1.example") == "pgha_node_1_example");
  CHECK(normalize_node_name("NODE1") == "node1");
}
