// The write checker's DeadlineConnection against a real PostgreSQL 15 server: how each way a
// statement ends is classified (ok, failed: certainly not committed, uncertain: maybe).
#include "tests/cluster/pq_deadline.hpp"
#include "tests/support/black_hole.hpp"
#include "tests/support/pg_server.hpp"

#include <catch2/catch.hpp>

#include <chrono>

using namespace pgha::cluster_test;
using namespace std::chrono_literals;

namespace {

Clock::time_point soon(std::chrono::milliseconds budget = 10s) {
  return Clock::now() + budget;
}

} // namespace

TEST_CASE("write checker: a commit is ok with its first row") {
  pgha::test::PgServer server;
  DeadlineConnection c(server.conninfo());
  auto r = c.exec("select $1::int * 2, 'x'", {"21"}, soon());
  CHECK(r.outcome == Outcome::ok);
  CHECK(r.row == std::vector<std::string>{"42", "x"});
}

TEST_CASE("write checker: an error is failed, a terminated backend uncertain") {
  pgha::test::PgServer server;
  DeadlineConnection c(server.conninfo());
  auto rejected = c.exec("select * from no_such_table", {}, soon());
  CHECK(rejected.outcome == Outcome::failed);
  CHECK(rejected.detail.rfind("42P01 ", 0) == 0);
  // The connection is reopened on demand after a failure.
  auto terminated = c.exec("select pg_terminate_backend(pg_backend_pid())", {}, soon());
  CHECK(terminated.outcome == Outcome::uncertain);
  CHECK(c.exec("select 1", {}, soon()).outcome == Outcome::ok);
}

TEST_CASE("write checker: a deadline after sending is uncertain, before it failed") {
  pgha::test::PgServer server;
  DeadlineConnection c(server.conninfo());
  auto slow = c.exec("select pg_sleep(30)", {}, soon(300ms));
  CHECK(slow.outcome == Outcome::uncertain);
  CHECK(slow.detail == "deadline passed");

  pgha::test::BlackHole hole;
  DeadlineConnection silent(hole.conninfo());
  auto never = silent.exec("select 1", {}, soon(300ms));
  CHECK(never.outcome == Outcome::failed);
  CHECK(never.detail == "connect: connect deadline passed");
}
