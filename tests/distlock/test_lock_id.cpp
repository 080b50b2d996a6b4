// Unit tests: lock names, owners, table identifiers and CLI helpers (no server).

#include "common/base/error.hpp"
#include "distlock/cli/cli_support.hpp"

#include <catch2/catch.hpp>
#include <pgha/distlock/lock.hpp>

using namespace pgha::distlock;

TEST_CASE("lock spec without a colon names a lock in the default table") {
  auto id = parse_lock_id("pgsql_lock");
  CHECK(id.table == "distlock");
  CHECK(id.name == "pgsql_lock");
  CHECK(quoted_table(id) == "\"distlock\"");
}

TEST_CASE("lock spec splits at the first colon only") {
  auto id = parse_lock_id("locks:a:b");
  CHECK(id.table == "locks");
  CHECK(id.name == "a:b");
  CHECK(quoted_table(parse_lock_id("ha.Locks:x")) == "\"ha\".\"locks\"");
}

TEST_CASE("lock names keep quotes, semicolons, backslashes and non-ASCII") {
  auto id = parse_lock_id("it's; drop table x;\\ \xC3\xA9\xE2\x9C\x93");
  CHECK(id.name == "it's; drop table x;\\ \xC3\xA9\xE2\x9C\x93");
}

TEST_CASE("bad table names, empty names and invalid UTF-8 are config errors") {
  CHECK_THROWS_AS(parse_lock_id("bad-table:x"), pgha::ConfigError);
  CHECK_THROWS_AS(parse_lock_id("x\"y:x"), pgha::ConfigError);
  CHECK_THROWS_AS(parse_lock_id("t; drop table distlock:x"), pgha::ConfigError);
  CHECK_THROWS_AS(parse_lock_id("1abc:x"), pgha::ConfigError);
  CHECK_THROWS_AS(parse_lock_id("a.b.c:x"), pgha::ConfigError);
  CHECK_THROWS_AS(parse_lock_id(std::string(64, 'a') + ":x"), pgha::ConfigError);
  CHECK_THROWS_AS(parse_lock_id(""), pgha::ConfigError);
  CHECK_THROWS_AS(parse_lock_id("distlock:"), pgha::ConfigError);
  CHECK_THROWS_AS(parse_lock_id("\xC3("), pgha::ConfigError);
  CHECK_THROWS_AS(parse_lock_id(std::string("a\0b", 3)), pgha::ConfigError);
  CHECK_THROWS_AS(validate_owner(""), pgha::ConfigError);
  CHECK_THROWS_AS(validate_owner("\xED\xA0\x80"), pgha::ConfigError); // a UTF-16 surrogate
  CHECK_NOTHROW(validate_owner("pgsql_node1"));
}

TEST_CASE("seconds arguments accept integers and decimals only") {
  using cli::parse_seconds;
  using std::chrono::milliseconds;
  CHECK(parse_seconds("9", "ttl") == milliseconds(9000));
  CHECK(parse_seconds("0.25", "ttl") == milliseconds(250));
  CHECK(parse_seconds("0", "wait", true) == milliseconds(0));
  CHECK_THROWS_AS(parse_seconds("0", "ttl"), pgha::ConfigError);
  CHECK_THROWS_AS(parse_seconds("-1", "ttl"), pgha::ConfigError);
  CHECK_THROWS_AS(parse_seconds("9s", "ttl"), pgha::ConfigError);
  CHECK_THROWS_AS(parse_seconds("1e3", "ttl"), pgha::ConfigError);
  CHECK_THROWS_AS(parse_seconds("", "ttl"), pgha::ConfigError);
  CHECK_THROWS_AS(parse_seconds(".", "ttl"), pgha::ConfigError);
}

TEST_CASE("a conninfo with a password is refused, others pass") {
  CHECK_THROWS_AS(cli::refuse_password("host=x password=secret"), pgha::ConfigError);
  CHECK_THROWS_AS(cli::refuse_password("postgresql://u:secret@localhost/db"), pgha::ConfigError);
  CHECK_NOTHROW(cli::refuse_password("host=x user=postgres"));
  CHECK_NOTHROW(cli::refuse_password(""));
  CHECK_THROWS_AS(cli::refuse_password("host='unterminated"), pgha::ConfigError);
  try {
    cli::refuse_password("host=x password=secret");
  } catch (const pgha::ConfigError& e) {
    std::string what = e.what();
    CHECK(what.find("secret") == std::string::npos);
    CHECK(what.find("HINT: ") != std::string::npos);
  }
}

TEST_CASE("the library refuses a password in its conninfo too") {
  PgOptions o;
  o.conninfo = "host=127.0.0.1 password=secret";
  CHECK_THROWS_AS(PgLockService(o), pgha::ConfigError);
}

TEST_CASE("JSON strings escape quotes, backslashes and control characters only") {
  CHECK(cli::json_string("a\"b\\c\n\x01") == "\"a\\\"b\\\\c\\n\\u0001\"");
  CHECK(cli::json_string("\xC3\xA9") == "\"\xC3\xA9\"");
}

TEST_CASE("server times print as ISO 8601 UTC with microseconds") {
  ServerTime t{std::chrono::microseconds(1'700'000'000'123'456LL)};
  CHECK(cli::iso_utc(t) == "2023-11-14T22:13:20.123456Z");
}

TEST_CASE("bad ttl and margin are config errors before any server contact") {
  PgOptions o;
  o.conninfo = "host=127.0.0.1 port=1";
  PgLockService s(o);
  LeaseRequest r;
  r.lock.name = "x";
  r.owner = "me";
  r.ttl = std::chrono::milliseconds(0);
  CHECK_THROWS_AS(s.try_acquire(r, pgha::Deadline::after(std::chrono::seconds(1))),
                  pgha::ConfigError);
  r.ttl = std::chrono::milliseconds(1000);
  r.safety_margin = std::chrono::milliseconds(1000);
  CHECK_THROWS_AS(s.try_acquire(r, pgha::Deadline::after(std::chrono::seconds(1))),
                  pgha::ConfigError);
  r.safety_margin.reset();
  r.owner = "";
  CHECK_THROWS_AS(s.renew(r, pgha::Deadline::after(std::chrono::seconds(1))), pgha::ConfigError);
}
