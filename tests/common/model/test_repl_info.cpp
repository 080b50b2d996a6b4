#include "common/base/error.hpp"
#include "common/model/repl_info.hpp"

#include <catch2/catch.hpp>

using namespace pgha::model;

TEST_CASE("REPL_INFO parses every accepted form") {
  SECTION("empty means no record") {
    CHECK_FALSE(parse_repl_info(""));
    CHECK_FALSE(parse_repl_info("  "));
  }
  SECTION("bare node name") {
    auto r = parse_repl_info("node1");
    REQUIRE(r);
    CHECK(r->node == "node1");
    CHECK_FALSE(r->has_position());
  }
  SECTION("full record") {
    auto r = parse_repl_info("node1|1|00000000070000D0");
    REQUIRE(r);
    CHECK(r->node == "node1");
    CHECK(r->timeline == 1U);
    CHECK(r->switch_lsn == Lsn(0x70000D0));
    CHECK_FALSE(r->term);
  }
  SECTION("never promoted") {
    auto r = parse_repl_info("node2|0|0000000000000000");
    REQUIRE(r);
    CHECK(r->timeline == 0U);
    CHECK(r->has_position());
  }
  SECTION("with fencing term") {
    auto r = parse_repl_info("node2|3|0000000100000028|17");
    REQUIRE(r);
    CHECK(r->term == 17U);
  }
}

TEST_CASE("REPL_INFO rejects malformed values with a reason") {
  struct Row {
    const char* text;
    const char* why;
  };
  const Row rows[] = {
      {"Node1|1|00000000070000D0", "invalid node name"},
      {"no de|1|00000000070000D0", "invalid node name"},
      {"node1|1", "expected"},
      {"node1|1|0/70000D0", "16 hex digits"},
      {"node1|x|00000000070000D0", "invalid timeline"},
      {"node1|-1|00000000070000D0", "invalid timeline"},
      {"node1|1|00000000070000D0|t", "invalid term"},
      {"node1|1|00000000070000D0|1|2", "expected"},
      {"'; drop table x|1|00000000070000D0", "invalid node name"},
  };
  for (const auto& r : rows) {
    SECTION(r.text) {
      try {
        parse_repl_info(r.text);
        FAIL("accepted " << r.text);
      } catch (const pgha::ConfigError& e) {
        CHECK_THAT(e.what(), Catch::Contains(r.why));
        CHECK(e.key() == "REPL_INFO");
      }
    }
  }
}

TEST_CASE("REPL_INFO renders what it parses") {
  for (const char* text : {"node1", "node1|1|00000000070000D0", "node2|0|0000000000000000",
                           "n.example-3|12|0000001A00000028|5"}) {
    SECTION(text) {
      CHECK(render_repl_info(*parse_repl_info(text)) == text);
    }
  }
}
