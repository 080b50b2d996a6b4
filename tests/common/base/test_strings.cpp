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

TEST_CASE("split keeps empty fields") {
  CHECK(split("a|b||c", '|') == std::vector<std::string>{"a", "b", "", "c"});
  CHECK(split("", '|') == std::vector<std::string>{""});
}

TEST_CASE("split_words splits like a shell without running one") {
  using V = std::vector<std::string>;
  CHECK(split_words("") == V{});
  CHECK(split_words("  -c  work_mem=4MB\t-k /tmp ") == V{"-c", "work_mem=4MB", "-k", "/tmp"});
  CHECK(split_words("-c 'application_name=a b'") == V{"-c", "application_name=a b"});
  CHECK(split_words(R"(-c "search_path=\"x\", public")") == V{"-c", R"(search_path="x", public)"});
  CHECK(split_words(R"(a\ b c'd'"e")") == V{"a b", "cde"});
  CHECK(split_words("''") == V{""});
  // Nothing is expanded: these are literal characters.
  CHECK(split_words("$HOME `id` * ~ ;rm") == V{"$HOME", "`id`", "*", "~", ";rm"});
  CHECK_FALSE(split_words("-c 'unbalanced"));
  CHECK_FALSE(split_words("-c \"unbalanced"));
  CHECK_FALSE(split_words("trailing\\"));
}
