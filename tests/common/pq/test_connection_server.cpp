// pq::Connection against a real PostgreSQL 15 server: statements, errors, scripts and a
// statement that outlasts its deadline.
#include "common/pq/connection.hpp"
#include "tests/support/pg_server.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <string>

using namespace pgha;
using namespace std::chrono_literals;

namespace {

pq::Connection connected(const test::PgServer& server) {
  pq::Connection conn;
  REQUIRE(conn.connect({{"dbname", server.conninfo()}, {"application_name", "pq-test"}}, true,
                       Deadline::after(10s)) == pq::Status::ok);
  return conn;
}

} // namespace

TEST_CASE("pq: a statement with parameters returns its rows, NULL stays NULL") {
  test::PgServer server;
  auto conn = connected(server);
  CHECK(conn.usable());
  CHECK(conn.endpoint() == "127.0.0.1:" + std::to_string(server.port()));
  std::vector<pq::Result> results;
  REQUIRE(conn.exec("select $1::int + 1, $2::text is null, current_setting('application_name')",
                    {std::string("41"), std::nullopt}, Deadline::after(10s),
                    results) == pq::Status::ok);
  REQUIRE(results.size() == 1);
  const PGresult* r = results.front().get();
  CHECK(PQresultStatus(r) == PGRES_TUPLES_OK);
  CHECK(std::string(PQgetvalue(r, 0, 0)) == "42");
  CHECK(std::string(PQgetvalue(r, 0, 1)) == "t");
  CHECK(std::string(PQgetvalue(r, 0, 2)) == "pq-test");
}

TEST_CASE("pq: a rejected statement is a result, and the connection stays usable") {
  test::PgServer server;
  auto conn = connected(server);
  std::vector<pq::Result> results;
  REQUIRE(conn.exec("select * from no_such_table", {}, Deadline::after(10s), results) ==
          pq::Status::ok);
  REQUIRE(results.size() == 1);
  CHECK(PQresultStatus(results.front().get()) == PGRES_FATAL_ERROR);
  CHECK(std::string(PQresultErrorField(results.front().get(), PG_DIAG_SQLSTATE)) == "42P01");
  CHECK(conn.usable());
  results.clear();
  REQUIRE(conn.exec_script("create table t (i int); insert into t values (1), (2);",
                           Deadline::after(10s), results) == pq::Status::ok);
  CHECK(results.size() == 2);
  CHECK(server.query("select count(*) from t") == "2");
}

TEST_CASE("pq: a statement past its deadline times out and closes the connection") {
  test::PgServer server;
  auto conn = connected(server);
  std::vector<pq::Result> results;
  auto started = std::chrono::steady_clock::now();
  CHECK(conn.exec("select pg_sleep(30)", {}, Deadline::after(400ms), results) ==
        pq::Status::timed_out);
  auto took = std::chrono::steady_clock::now() - started;
  CHECK(took >= 390ms);
  CHECK(took < 5s);
  CHECK(results.empty());
  CHECK_FALSE(conn.usable());
  CHECK(conn.get() == nullptr);
}

TEST_CASE("pq: a wrong user fails the handshake with the server's reason") {
  test::PgServer server;
  pq::Connection conn;
  CHECK(conn.connect({{"dbname", server.conninfo()}, {"user", "no_such_role"}}, true,
                     Deadline::after(10s)) == pq::Status::failed);
  CHECK(conn.error().find("no_such_role") != std::string::npos);
  CHECK_FALSE(conn.usable());
}
