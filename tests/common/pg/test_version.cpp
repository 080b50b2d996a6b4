// The supported range, the per-major differences and pg_waldump's end-of-WAL texts of every
// supported major (tests/fixtures/pg/waldump/README.md says where each text comes from).
#include "common/base/error.hpp"
#include "common/pg/version.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using namespace pgha;
using namespace pgha::pg;

namespace {

std::string waldump_fixture(const std::string& name) {
  std::ifstream in(std::string(PGHA_PG_FIXTURES) + "/waldump/" + name);
  REQUIRE(in);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

constexpr std::uint64_t k_seg = 16 * 1024 * 1024;

} // namespace

TEST_CASE("the supported majors are 14 to 18, others are refused with a reason") {
  CHECK(k_oldest_major == 14);
  CHECK(k_newest_major == 18);
  for (int major = 14; major <= 18; ++major)
    CHECK(unsupported_major_reason(major, "x").empty());
  CHECK_THAT(unsupported_major_reason(13, "PGDATA/PG_VERSION"),
             Catch::Contains("PostgreSQL 13 (PGDATA/PG_VERSION) is older") &&
                 Catch::Contains("14 to 18"));
  CHECK_THAT(unsupported_major_reason(19, "server"), Catch::Contains("newer"));
  CHECK(major_of_version_num(140023) == 14);
  CHECK(major_of_version_num(180004) == 18);
}

TEST_CASE("pg_rewind --config-file only from 15 on") {
  CHECK_FALSE(rewind_has_config_file(14));
  for (int major = 15; major <= 18; ++major)
    CHECK(rewind_has_config_file(major));
}

TEST_CASE("pg_waldump's end of WAL in each major's wording") {
  for (int major = 14; major <= 18; ++major) {
    INFO("major " << major);
    auto text = waldump_fixture("pg" + std::to_string(major) + "_end_of_wal.txt");
    CHECK(parse_waldump_end(text, major, k_seg).to_string() == "0/1527B90");
  }
  CHECK(parse_waldump_end(waldump_fixture("pg15_recycled_segment.txt"), 15, k_seg).to_string() ==
        "0/3000000");
  CHECK(parse_waldump_end(waldump_fixture("pg16_recycled_segment.txt"), 16, k_seg).to_string() ==
        "0/3000000");
  CHECK(parse_waldump_end(waldump_fixture("pg15_segment_missing.txt"), 15, k_seg).to_string() ==
        "0/4000000");
  CHECK(parse_waldump_end(waldump_fixture("pg17_prev_link.txt"), 17, k_seg).to_string() ==
        "0/30000D8");
}

TEST_CASE("pg_waldump text of another major's wording or none at all fails loudly") {
  // Why: a silent fallback to the checkpoint would let a diverged node start as a standby.
  auto pg16 = waldump_fixture("pg16_end_of_wal.txt");
  CHECK_THROWS_AS(parse_waldump_end(pg16, 15, k_seg), StateError);
  CHECK_THROWS_AS(parse_waldump_end(waldump_fixture("pg15_end_of_wal.txt"), 16, k_seg), StateError);
  CHECK_THROWS_AS(parse_waldump_end(waldump_fixture("pg15_end_of_wal.txt"), 14, k_seg), StateError);
  CHECK_THROWS_WITH(parse_waldump_end("pg_waldump: error: something new\n", 17, k_seg),
                    Catch::Contains("something new") && Catch::Contains("PostgreSQL 17"));
  CHECK_THROWS_AS(parse_waldump_end("", 15, k_seg), StateError);
}
