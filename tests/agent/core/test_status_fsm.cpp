#include "agent/core/status_fsm.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <tuple>

using namespace pgha::agent::core;
using S = NodeStatus;
using W = StatusWriter;

TEST_CASE("status values round-trip") {
  for (const char* v : {"STOP", "UNKNOWN", "HS:alone", "HS:sync", "HS:async", "HS:potential",
                        "HS:connected", "PRI"}) {
    SECTION(v) {
      CHECK(to_string(*parse_node_status(v)) == v);
    }
  }
  CHECK_FALSE(parse_node_status("hs:alone"));
}

TEST_CASE("only a node moves itself out of STOP and UNKNOWN") {
  for (auto to : {S::hs_sync, S::hs_async, S::hs_potential, S::hs_connected}) {
    SECTION(std::string(to_string(to))) {
      CHECK_FALSE(status_transition_allowed(S::stop, to, W::primary));
      CHECK_FALSE(status_transition_allowed(S::unknown, to, W::primary));
    }
  }
  CHECK(status_transition_allowed(S::stop, S::hs_alone, W::self));
}

TEST_CASE("a primary never relabels another primary") {
  for (auto to : {S::hs_sync, S::hs_async, S::hs_potential, S::hs_connected, S::hs_alone}) {
    CHECK_FALSE(status_transition_allowed(S::pri, to, W::primary));
  }
}

TEST_CASE("the primary's bookkeeping transitions") {
  CHECK(status_transition_allowed(S::hs_alone, S::hs_sync, W::primary));
  CHECK(status_transition_allowed(S::hs_sync, S::hs_async, W::primary));
  CHECK(status_transition_allowed(std::nullopt, S::hs_async, W::primary));
  CHECK(status_transition_allowed(S::hs_connected, S::hs_sync, W::primary));
  SECTION("writing the same value is allowed") {
    CHECK(status_transition_allowed(S::stop, S::stop, W::primary));
  }
}

TEST_CASE("the node's own lifecycle") {
  CHECK(status_transition_allowed(std::nullopt, S::stop, W::self));
  CHECK(status_transition_allowed(S::hs_sync, S::pri, W::self));
  CHECK(status_transition_allowed(S::pri, S::hs_alone, W::self));
  CHECK(status_transition_allowed(S::pri, S::unknown, W::self));
  CHECK_FALSE(status_transition_allowed(S::stop, S::hs_sync, W::self));
}

TEST_CASE("the table has no duplicate edges and every row has a reason") {
  std::set<std::tuple<int, int, int>> seen;
  for (const auto& t : status_transitions()) {
    auto key = std::make_tuple(t.from ? static_cast<int>(*t.from) : -1, static_cast<int>(t.to),
                               static_cast<int>(t.writer));
    CHECK(seen.insert(key).second);
    CHECK_FALSE(t.why.empty());
    CHECK(t.from != t.to);
  }
  auto mermaid = status_fsm_mermaid();
  CHECK_THAT(mermaid, Catch::StartsWith("stateDiagram-v2\n"));
  CHECK_THAT(mermaid, Catch::Contains("STOP --> HS_alone : start succeeded as standby (self)"));
}
