#include "common/base/error.hpp"
#include "common/pg/testing/fake_postgres.hpp"

#include <catch2/catch.hpp>

using namespace pgha;
using namespace pgha::pg;
using namespace std::chrono_literals;

TEST_CASE("fake postgres answers from its state and records changes", "[fake_postgres]") {
  testing::FakePostgres pg;
  auto d = Deadline::after(5s);
  pg.current = Lsn(0x3000060);
  CHECK(pg.probe(d));
  CHECK(pg.current_lsn(d) == Lsn(0x3000060));
  CHECK_FALSE(pg.replay_lsn(d).has_value());
  pg.set_synchronous_standby(std::string("node2"), d);
  CHECK(pg.synchronous_standby_names(d) == "\"node2\"");
  CHECK(pg.create_physical_slot("pgha_node2", d));
  CHECK_FALSE(pg.create_physical_slot("pgha_node2", d));
  CHECK(pg.calls == std::vector<std::string>{"set_synchronous_standby node2",
                                             "create_physical_slot pgha_node2",
                                             "create_physical_slot pgha_node2"});
  pg.in_recovery = true;
  CHECK_THROWS_AS(pg.current_lsn(d), PgQueryError);
  pg.fail_next("timeline", "57P01");
  CHECK_THROWS_AS(pg.timeline(d), PgQueryError);
  CHECK(pg.timeline(d) == 1);
  pg.reachable = false;
  CHECK_FALSE(pg.probe(d));
  CHECK_THROWS_AS(pg.is_in_recovery(d), PgUnreachable);
  CHECK_THROWS_AS(pg.set_synchronous_standby(std::string("bad name"), d), ConfigError);
}
