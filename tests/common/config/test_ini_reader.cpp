#include "common/base/error.hpp"
#include "common/config/ini_reader.hpp"

#include <catch2/catch.hpp>

using namespace pgha;
using namespace pgha::config;

namespace {

std::string error_of(std::string_view text) {
  try {
    read_ini(text, "t.ini");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

} // namespace

TEST_CASE("read_ini reads the three quoting forms and comments") {
  auto entries = read_ini("# comment\n\n a=1\nb=\"x y\"  # trailing\nc='p \\\"q\\\"'\nd=\n"
                          "e=\"q\\\"uote\\\\\"\r\nf=a#b\n",
                          "t.ini");
  REQUIRE(entries.size() == 6);
  CHECK(entries[0].key == "a");
  CHECK(entries[0].value == "1");
  CHECK(entries[0].line == 3);
  CHECK(entries[1].value == "x y");
  CHECK(entries[2].value == "p \\\"q\\\"");
  CHECK(entries[3].value.empty());
  CHECK(entries[4].value == "q\"uote\\");
  CHECK(entries[5].value == "a#b");
}

TEST_CASE("read_ini refuses what a shell would not read as an assignment") {
  SECTION("spaces around =") {
    auto e = error_of("a=1\nkey = value\n");
    CHECK(e.find("t.ini:2:") == 0);
    CHECK(e.find("HINT:") != std::string::npos);
  }
  SECTION("text after the value") {
    CHECK(error_of("a=b c\n").find("t.ini:1:") == 0);
  }
  SECTION("unterminated quote") {
    CHECK(error_of("\na='x\n").find("t.ini:2:") == 0);
  }
  SECTION("expansion") {
    CHECK(error_of("a=\"$HOME\"\n").find("expansion") != std::string::npos);
    CHECK(error_of("a=$HOME\n").find("t.ini:1:") == 0);
  }
  SECTION("no key") {
    CHECK(error_of("=x\n").find("t.ini:1:") == 0);
  }
  SECTION("no equals") {
    CHECK(error_of("justaword\n").find("missing \"=\"") != std::string::npos);
  }
  SECTION("export") {
    CHECK(error_of("export a=1\n").find("export") != std::string::npos);
  }
  SECTION("concatenated quotes") {
    CHECK(!error_of("a='x'y\n").empty());
  }
}

TEST_CASE("quote_value round-trips through read_ini") {
  for (std::string v : {"plain", "a b", "it's", "x\"y$z", "", "a#b c"}) {
    auto entries = read_ini("k=" + quote_value(v) + "\n", "t.ini");
    REQUIRE(entries.size() == 1);
    CHECK(entries[0].value == v);
  }
}
