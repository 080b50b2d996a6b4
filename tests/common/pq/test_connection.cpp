#include "common/pq/connection.hpp"
#include "tests/support/black_hole.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <string>

using namespace pgha;
using namespace std::chrono_literals;

namespace {

pq::Keywords loopback(int port) {
  return {{"host", "127.0.0.1"}, {"port", std::to_string(port)}, {"dbname", "postgres"},
          {"user", "nobody"},    {"connect_timeout", "30"},      {"sslmode", "disable"}};
}

} // namespace

TEST_CASE("a server that never answers costs the deadline, not libpq's connect_timeout") {
  test::BlackHole silent;
  pq::Connection conn;
  auto started = std::chrono::steady_clock::now();
  CHECK(conn.connect(loopback(silent.port()), false, Deadline::after(300ms)) ==
        pq::Status::timed_out);
  auto took = std::chrono::steady_clock::now() - started;
  CHECK(took >= 290ms);
  CHECK(took < 5s);
  CHECK_FALSE(conn.usable());
  CHECK(conn.get() == nullptr);
  CHECK(conn.endpoint() == "127.0.0.1:" + std::to_string(silent.port()));
}

TEST_CASE("a refused connection fails at once with libpq's reason") {
  int port = 0;
  {
    test::BlackHole closed; // bound then closed: nothing listens on this port any more
    port = closed.port();
  }
  pq::Connection conn;
  CHECK(conn.connect(loopback(port), false, Deadline::after(5s)) == pq::Status::failed);
  CHECK_FALSE(conn.error().empty());
  CHECK_FALSE(conn.needed_password());
  CHECK_FALSE(conn.usable());
}

TEST_CASE("an unknown keyword fails before any connection") {
  pq::Connection conn;
  CHECK(conn.connect({{"hots", "a"}}, false, Deadline::after(5s)) == pq::Status::failed);
  CHECK(conn.error().find("hots") != std::string::npos);
}

TEST_CASE("statements on a closed connection fail without touching libpq") {
  pq::Connection conn;
  std::vector<pq::Result> results;
  CHECK(conn.exec("select 1", {}, Deadline::after(1s), results) == pq::Status::failed);
  CHECK(conn.exec_script("select 1", Deadline::after(1s), results) == pq::Status::failed);
  CHECK(results.empty());
  CHECK(conn.error() == "the connection is closed");
}

TEST_CASE("one_line joins libpq's continuation lines") {
  CHECK(pq::one_line("connection refused\n\tIs the server running?\n") ==
        "connection refused; Is the server running?");
  CHECK(pq::one_line(nullptr).empty());
}
