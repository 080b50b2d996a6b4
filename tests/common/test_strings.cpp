#include "common/base/strings.hpp"

#include <catch2/catch.hpp>

using namespace pgha;

TEST_CASE("parse_int accepts whole integers only") {
  CHECK(parse_int("42") == 42);
  CHECK(parse_int("-7") == -7);
  CHECK_FALSE(parse_int("").has_value());
  CHECK_FALSE(parse_int("4x").has_value());
  CHECK_FALSE(parse_int(" 4").has_value());
  CHECK_FALSE(parse_int("99999999999999999999").has_value());
}

TEST_CASE("parse_bool is strict") {
  CHECK(parse_bool("true") == true);
  CHECK(parse_bool("YES") == true);
  CHECK(parse_bool("off") == false);
  CHECK(parse_bool("0") == false);
  CHECK_FALSE(parse_bool("maybe").has_value());
  CHECK_FALSE(parse_bool("").has_value());
}

TEST_CASE("redact_conninfo hides every password") {
  CHECK(redact_conninfo("host=a password=secret user=b") == "host=a password=***** user=b");
  CHECK(redact_conninfo("password = 'se cret' host=a") == "password = ***** host=a");
  CHECK(redact_conninfo("host=a") == "host=a");
}

TEST_CASE("split keeps empty fields") {
  CHECK(split("a|b||c", '|') == std::vector<std::string>{"a", "b", "", "c"});
  CHECK(split("", '|') == std::vector<std::string>{""});
}
