#include "common/model/node_status.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <string>

using namespace pgha::model;

TEST_CASE("node status values round-trip") {
  std::set<std::string> seen;
  for (auto s : k_node_statuses) {
    std::string text(to_string(s));
    SECTION(text) {
      CHECK(parse_node_status(text) == s);
    }
    seen.insert(text);
  }
  CHECK(seen == std::set<std::string>{"STOP", "UNKNOWN", "HS:alone", "HS:sync", "HS:async",
                                      "HS:potential", "HS:connected", "PRI"});
  CHECK_FALSE(parse_node_status("hs:sync"));
  CHECK_FALSE(parse_node_status(""));
}

TEST_CASE("the statuses that serve reads are the primary and streaming standbys") {
  CHECK(serves_reads(NodeStatus::pri));
  CHECK(serves_reads(NodeStatus::hs_sync));
  CHECK(serves_reads(NodeStatus::hs_potential));
  CHECK(serves_reads(NodeStatus::hs_async));
  CHECK_FALSE(serves_reads(NodeStatus::hs_alone));
  CHECK_FALSE(serves_reads(NodeStatus::hs_connected));
  CHECK_FALSE(serves_reads(NodeStatus::stop));
  CHECK_FALSE(serves_reads(NodeStatus::unknown));
}
