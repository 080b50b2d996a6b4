#include "common/model/lsn.hpp"

#include <catch2/catch.hpp>

using pgha::model::Lsn;

TEST_CASE("Lsn parses PostgreSQL's X/Y form") {
  struct Row {
    const char* text;
    std::uint64_t value;
  };
  const Row rows[] = {
      {"0/0", 0},
      {"0/70000D0", 0x70000D0},
      {"0/70000d0", 0x70000D0},
      {"1/0", 0x100000000ULL},
      {"16/B374D848", 0x16B374D848ULL},
      {"FFFFFFFF/FFFFFFFF", 0xFFFFFFFFFFFFFFFFULL},
  };
  for (const auto& r : rows) {
    SECTION(r.text) {
      auto lsn = Lsn::parse(r.text);
      REQUIRE(lsn);
      CHECK(lsn->value() == r.value);
    }
  }
}

TEST_CASE("Lsn rejects malformed X/Y") {
  for (const char* bad : {"", "/", "0/", "/0", "0x/0", "123456789/0", "0/123456789", "0/1/2", "g/0",
                          " 0/1", "0/1 "}) {
    SECTION(bad) {
      CHECK_FALSE(Lsn::parse(bad));
    }
  }
}

TEST_CASE("Lsn renders both forms") {
  SECTION("16 hex, zero padded, upper case") {
    CHECK(Lsn::parse("0/70000d0")->to_hex16() == "00000000070000D0");
    CHECK(Lsn::parse("16/B374D848")->to_hex16() == "00000016B374D848");
  }
  SECTION("X/Y like PostgreSQL") {
    CHECK(Lsn(0x70000D0).to_string() == "0/70000D0");
    CHECK(Lsn(0x100000000ULL).to_string() == "1/0");
  }
  SECTION("round trip") {
    for (std::uint64_t v : {0ULL, 1ULL, 0xABCDEF0123456789ULL}) {
      CHECK(Lsn::parse(Lsn(v).to_string()) == Lsn(v));
      CHECK(Lsn::parse_hex16(Lsn(v).to_hex16()) == Lsn(v));
    }
  }
}

TEST_CASE("Lsn parses the 16-hex form strictly") {
  CHECK(Lsn::parse_hex16("00000000070000D0") == Lsn(0x70000D0));
  CHECK(Lsn::parse_hex16("00000000070000d0") == Lsn(0x70000D0));
  CHECK_FALSE(Lsn::parse_hex16("70000D0"));
  CHECK_FALSE(Lsn::parse_hex16("00000000070000D00"));
  CHECK_FALSE(Lsn::parse_hex16("0000000007000ZD0"));
  CHECK(Lsn::parse_any("0/70000D0") == Lsn(0x70000D0));
  CHECK(Lsn::parse_any("00000000070000D0") == Lsn(0x70000D0));
}

TEST_CASE("Lsn compares numerically, not as text") {
  // As text "9/0" > "10/0"; numerically it is smaller.
  CHECK(*Lsn::parse("9/0") < *Lsn::parse("10/0"));
  CHECK(*Lsn::parse("0/FFFFFFFF") < *Lsn::parse("1/0"));
  CHECK(*Lsn::parse("0/A") > *Lsn::parse("0/9"));
  CHECK(*Lsn::parse("0/A") == *Lsn::parse("0/a"));
}
