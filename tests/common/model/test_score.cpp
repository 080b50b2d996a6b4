#include "common/model/score.hpp"

#include <catch2/catch.hpp>

using namespace pgha::model;

TEST_CASE("scores round-trip and clamp at INFINITY") {
  for (int v : {0, 1, -1, k_score_can_promote, k_score_election_won, k_score_promote_me,
                k_score_infinity, k_score_never, 999999, -999999})
    CHECK(parse_score(format_score(v)) == v);
  CHECK(format_score(k_score_infinity) == "INFINITY");
  CHECK(format_score(k_score_never) == "-INFINITY");
  CHECK(format_score(5000000) == "INFINITY");
  CHECK(format_score(-100) == "-100");
  CHECK(parse_score("+INFINITY") == k_score_infinity);
  CHECK(parse_score("+5") == 5);
  CHECK(parse_score(" 7 ") == 7);
  CHECK(parse_score("12345678") == k_score_infinity);
  CHECK_FALSE(parse_score("infinite"));
  CHECK_FALSE(parse_score(""));
}
