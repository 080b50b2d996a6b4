#include "tests/cluster/write_analysis.hpp"

#include <catch2/catch.hpp>

using pgha::cluster_test::Ack;
using pgha::cluster_test::longest_gap_ms;
using pgha::cluster_test::recovery_ms;
using pgha::cluster_test::two_primaries;

TEST_CASE("recovery counts only writes sent after the fault") {
  std::vector<Ack> acks{{0, 10, "vip", 1}, {90, 120, "vip", 1}, {500, 700, "vip", 2}};
  CHECK(recovery_ms(acks, 100) == 600);
  CHECK(recovery_ms(acks, 800) == -1);
  CHECK(longest_gap_ms(acks) == 580);
}

TEST_CASE("a failover with increasing timelines has no two-primary window") {
  std::vector<Ack> acks{
      {0, 5, "node1", 1}, {10, 15, "node1", 1}, {100, 105, "node2", 2}, {200, 205, "node1", 3}};
  auto rep = two_primaries(acks);
  CHECK(rep.windows == 0);
  CHECK(rep.total_ms == 0);
}

TEST_CASE("an old primary still acknowledging after a promotion is a two-primary window") {
  std::vector<Ack> acks{{0, 5, "node1", 1},
                        {100, 105, "node2", 2},
                        {110, 120, "node1", 1},
                        {130, 150, "node1", 1},
                        {160, 165, "node2", 2}};
  auto rep = two_primaries(acks);
  CHECK(rep.windows == 1);
  CHECK(rep.total_ms == 45);
}

TEST_CASE("a write sent before the promotion became visible is not counted") {
  std::vector<Ack> acks{{0, 5, "node1", 1}, {90, 104, "node2", 2}, {95, 110, "node1", 1}};
  CHECK(two_primaries(acks).windows == 0);
}

TEST_CASE("two nodes on the same timeline are two primaries") {
  std::vector<Ack> acks{{0, 5, "node1", 2}, {10, 15, "node2", 2}};
  CHECK(two_primaries(acks).windows == 1);
}
