#include "common/base/deadline.hpp"
#include "tests/support/pg_server.hpp"

#include <catch2/catch.hpp>

#include <thread>

using pgha::test::PgServer;

TEST_CASE("fixture starts a real PostgreSQL 15 and stops it") {
  std::filesystem::path data;
  {
    PgServer pg;
    data = pg.datadir();
    CHECK(pg.running());
    CHECK(pg.query("select current_setting('server_version_num')::int / 10000") == "15");
    CHECK(pg.query("select current_setting('port')") == std::to_string(pg.port()));
  }
  CHECK_FALSE(std::filesystem::exists(data));
}

TEST_CASE("fixture pair streams from primary to standby") {
  pgha::test::PgServerOptions opts;
  opts.tag = "primary";
  PgServer primary(opts);
  auto standby = PgServer::standby_of(primary, "standby");
  CHECK(standby->query("select pg_is_in_recovery()") == "t");
  primary.query("create table t(x int)");
  primary.query("insert into t values (42)");
  const std::string lsn = primary.query("select pg_current_wal_lsn()");
  // Poll (bounded) until the standby has replayed past the insert.
  bool replayed = false;
  auto deadline = pgha::Deadline::after(std::chrono::seconds(30));
  while (!deadline.expired() && !replayed) {
    replayed = standby->query_params("select pg_last_wal_replay_lsn() >= $1::pg_lsn", {lsn}) == "t";
    if (!replayed)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  REQUIRE(replayed);
  std::string seen = standby->query("select max(x) from t");
  CHECK(seen == "42");
  CHECK(primary.query("select count(*) from pg_stat_replication where state = 'streaming'") == "1");
}
