#include "common/base/error.hpp"
#include "common/model/timeline_history.hpp"
#include "tests/support/agent_fixtures.hpp"

#include <catch2/catch.hpp>

using namespace pgha::model;

TEST_CASE("timeline history of a real PostgreSQL 15 promotion") {
  auto h = parse_timeline_history(pgha::test::read_fixture("00000002.history"));
  REQUIRE(h.size() == 1);
  CHECK(h[0].parent == 1U);
  CHECK(h[0].switch_lsn == *Lsn::parse("0/3000110"));
  CHECK(h[0].reason == "no recovery target specified");
}

TEST_CASE("timeline history with several switches, comments and blank lines") {
  auto h = parse_timeline_history("# comment\n1\t0/3000110\tno recovery target specified\n\n"
                                  "2\t0/5000000\tbefore 2026-01-01\n3\t1/0\t\n");
  REQUIRE(h.size() == 3);
  CHECK(h[2].parent == 3U);
  CHECK(h[2].switch_lsn == Lsn(0x100000000ULL));
}

TEST_CASE("malformed history lines are refused") {
  for (const char* bad : {"1\n", "x\t0/1\tr\n", "1\tzz\tr\n", "0\t0/1\tr\n"}) {
    SECTION(bad) {
      CHECK_THROWS_AS(parse_timeline_history(bad), pgha::ConfigError);
    }
  }
  CHECK(history_file_name(2) == "00000002.history");
  CHECK(history_file_name(0x1A) == "0000001A.history");
}

TEST_CASE("WAL segment file names as PostgreSQL spells them") {
  const std::uint64_t mb16 = 16ULL * 1024 * 1024;
  CHECK(wal_file_name(1, Lsn(0x2000028), mb16) == "000000010000000000000002");
  CHECK(wal_file_name(2, Lsn(0x30000A0), mb16) == "000000020000000000000003");
  // The high 32 bits of the LSN are the "log" part; 256 segments of 16 MB per log.
  CHECK(wal_file_name(3, Lsn(0x1FF000000ULL), mb16) == "0000000300000001000000FF");
  // 1 GB segments: 4 per log.
  CHECK(wal_file_name(0x1A, Lsn(0x2C0000000ULL), 1024ULL * 1024 * 1024) ==
        "0000001A0000000200000003");
}
