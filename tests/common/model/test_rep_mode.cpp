#include "common/model/rep_mode.hpp"

#include <catch2/catch.hpp>

using namespace pgha::model;

TEST_CASE("replication modes round-trip") {
  for (auto m : {RepMode::sync, RepMode::async})
    CHECK(parse_rep_mode(to_string(m)) == m);
  CHECK(to_string(RepMode::sync) == "sync");
  CHECK(to_string(RepMode::async) == "async");
  CHECK_FALSE(parse_rep_mode("none"));
  CHECK_FALSE(parse_rep_mode("SYNC"));
  CHECK_FALSE(parse_rep_mode(""));
}
