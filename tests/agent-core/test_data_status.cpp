#include "agent/core/data_status.hpp"
#include "agent/core/names.hpp"

#include <catch2/catch.hpp>

using namespace pgha::agent::core;

TEST_CASE("data status values round-trip") {
  for (const char* v : {"LATEST", "DISCONNECT", "STREAMING|SYNC", "STREAMING|ASYNC",
                        "STREAMING|POTENTIAL", "CATCHUP|ASYNC"}) {
    SECTION(v) {
      auto d = parse_data_status(v);
      REQUIRE(d);
      CHECK(to_string(*d) == v);
    }
  }
  for (const char* bad : {"", "streaming|sync", "STREAMING", "|SYNC", "STREAMING|"}) {
    SECTION(std::string("invalid ") + bad) {
      CHECK_FALSE(parse_data_status(bad));
    }
  }
  CHECK(parse_data_status("STREAMING|SYNC")->is_streaming("SYNC"));
  CHECK_FALSE(parse_data_status("CATCHUP|SYNC")->is_streaming("SYNC"));
}

TEST_CASE("attribute names derive from the resource name") {
  auto n = attribute_names("pgsql");
  CHECK(n.status == "pgsql-status");
  CHECK(n.data_status == "pgsql-data-status");
  CHECK(n.xlog_loc == "pgsql-xlog-loc");
  CHECK(n.master_baseline == "pgsql-master-baseline");
  CHECK(n.promotion == "master-pgsql");
  CHECK(n.repl_info == "pgsql_REPL_INFO");
}
