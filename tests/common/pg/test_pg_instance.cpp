// pg::Instance and pg::Session against a real PostgreSQL primary and streaming standby (15, or
// the major of PGHA_PG_BINDIR in the version tier).
#include "common/base/error.hpp"
#include "common/pg/instance.hpp"
#include "common/pg/session.hpp"
#include "tests/support/pg_server.hpp"

#include <catch2/catch.hpp>

#include <thread>

using namespace pgha;
using namespace pgha::pg;
using namespace std::chrono_literals;

namespace {

test::PgServerOptions server_options(const std::string& tag) {
  test::PgServerOptions o;
  o.tag = tag;
  return o;
}

Deadline soon() {
  return Deadline::after(20s);
}

SessionOptions options_for(const test::PgServer& s, const std::string& app = "pgha-test") {
  return {s.conninfo(), app};
}

// Wait (bounded) until the primary reports `standby` with `sync_state`.
bool wait_for_sync_state(Instance& primary, const std::string& standby,
                         const std::string& sync_state) {
  auto d = Deadline::after(30s);
  while (!d.expired()) {
    for (const auto& row : primary.replication_status(d))
      // replay_lsn stays NULL until the standby's first status reply, which can come after
      // the row says "streaming" on a stalling machine.
      if (row.application_name == standby && row.state == "streaming" &&
          row.sync_state == sync_state && row.replay_lsn.has_value())
        return true;
    std::this_thread::sleep_for(100ms);
  }
  return false;
}

} // namespace

TEST_CASE("primary and standby answer the named operations", "[instance]") {
  test::PgServer primary_server(server_options("primary"));
  auto standby_server = test::PgServer::standby_of(primary_server, "standby");
  Instance primary(options_for(primary_server));
  Instance standby(options_for(*standby_server));

  CHECK(primary.probe(soon()));
  CHECK(standby.probe(soon()));
  CHECK_FALSE(primary.is_in_recovery(soon()));
  CHECK(standby.is_in_recovery(soon()));
  CHECK(primary.server_version(soon()) / 10000 == primary_server.major());
  CHECK(primary.timeline(soon()) == 1);
  CHECK(standby.timeline(soon()) == 1);

  auto current = primary.current_lsn(soon());
  CHECK(current.value() > 0);
  CHECK_FALSE(primary.receive_lsn(soon()).has_value());
  CHECK_FALSE(primary.replay_lsn(soon()).has_value());
  CHECK_FALSE(primary.wal_receiver(soon()).has_value());
  REQUIRE(standby.replay_lsn(soon()).has_value());
  try {
    standby.current_lsn(soon());
    FAIL("current_lsn on a standby must fail");
  } catch (const PgQueryError& e) {
    CHECK(e.sqlstate() == "55000");
    CHECK(std::string(e.what()).find("current_lsn") != std::string::npos);
  }

  // pg_basebackup -R names the standby "walreceiver" unless told otherwise.
  REQUIRE(wait_for_sync_state(primary, "walreceiver", "async"));
  auto rows = primary.replication_status(soon());
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].client_addr == "127.0.0.1");
  REQUIRE(rows[0].replay_lsn.has_value());
  auto receiver = standby.wal_receiver(soon());
  REQUIRE(receiver.has_value());
  CHECK(receiver->status == "streaming");
  CHECK(receiver->received_tli == 1);
  CHECK(receiver->sender_port == primary_server.port());
}

TEST_CASE("synchronous_standby_names is switched with ALTER SYSTEM and reload", "[instance]") {
  test::PgServer primary_server(server_options("primary"));
  auto standby_server = test::PgServer::standby_of(primary_server, "standby");
  Instance primary(options_for(primary_server));

  CHECK(primary.synchronous_standby_names(soon()) == "");
  primary.set_synchronous_standby(std::string("walreceiver"), soon());
  CHECK(primary.synchronous_standby_names(soon()) == "\"walreceiver\"");
  CHECK(wait_for_sync_state(primary, "walreceiver", "sync"));
  // A write commits while the sync standby streams.
  CHECK(primary_server.query("CREATE TABLE t(i int)") == "");

  primary.set_synchronous_standby(std::nullopt, soon());
  CHECK(primary.synchronous_standby_names(soon()) == "");
  CHECK(wait_for_sync_state(primary, "walreceiver", "async"));
  CHECK_THROWS_AS(primary.set_synchronous_standby(std::string("x'; DROP TABLE t; --"), soon()),
                  ConfigError);
}

TEST_CASE("replication slots are created, listed and dropped idempotently", "[instance]") {
  test::PgServer server(server_options("primary"));
  Instance pg(options_for(server));
  CHECK(pg.create_physical_slot("pgha_node2", soon()));
  CHECK_FALSE(pg.create_physical_slot("pgha_node2", soon()));
  auto slots = pg.slots(soon());
  REQUIRE(slots.size() == 1);
  CHECK(slots[0].name == "pgha_node2");
  CHECK(slots[0].type == "physical");
  CHECK_FALSE(slots[0].active);
  CHECK(slots[0].restart_lsn.has_value()); // reserved immediately
  CHECK(pg.drop_slot("pgha_node2", soon()));
  CHECK_FALSE(pg.drop_slot("pgha_node2", soon()));
  CHECK_THROWS_AS(pg.create_physical_slot("Bad-Name", soon()), ConfigError);
  pg.checkpoint(soon());
  pg.reload(soon());
}

TEST_CASE("an unreachable server is PgUnreachable within the deadline", "[session]") {
  int port = test::free_port();
  Instance pg({"host=127.0.0.1 port=" + std::to_string(port) + " user=postgres", "pgha-test"});
  auto started = std::chrono::steady_clock::now();
  CHECK_FALSE(pg.probe(Deadline::after(3s)));
  CHECK_THROWS_AS(pg.is_in_recovery(Deadline::after(3s)), PgUnreachable);
  CHECK(std::chrono::steady_clock::now() - started < 6s);
}

TEST_CASE("a statement that outlives its deadline is cut off", "[session]") {
  test::PgServer server(server_options("primary"));
  Session s(options_for(server), Deadline::after(20s));
  auto started = std::chrono::steady_clock::now();
  // Client-side: the poll loop gives up at the deadline and closes the connection.
  CHECK_THROWS_AS(s.query("sleep", "SELECT pg_sleep(10)", {}, Deadline::after(500ms)),
                  PgUnreachable);
  CHECK(std::chrono::steady_clock::now() - started < 3s);
  CHECK_FALSE(s.usable());

  // Server-side: statement_timeout comes from the deadline given at connect (3 s: a connect
  // on this stalling VM has taken more than 1 s).
  Session t(options_for(server), Deadline::after(3s));
  try {
    t.query("sleep", "SELECT pg_sleep(15)", {}, Deadline::after(30s));
    FAIL("statement_timeout did not fire");
  } catch (const PgQueryError& e) {
    CHECK(e.sqlstate() == "57014");
  } catch (const PgUnreachable&) {
    SUCCEED("client-side deadline fired first");
  }
}

TEST_CASE("sessions carry application_name and parameters, errors keep SQLSTATE", "[session]") {
  test::PgServer server(server_options("primary"));
  Session s(options_for(server, "pgha-probe"), soon());
  CHECK(s.query_value("app", "SELECT current_setting('application_name')", {}, soon()) ==
        "pgha-probe");
  CHECK(s.query_value("param", "SELECT $1::text || 'x'", {std::string("it's ")}, soon()) ==
        "it's x");
  CHECK_FALSE(s.query_value("null", "SELECT $1::text", {std::nullopt}, soon()).has_value());
  try {
    s.query("bad", "SELECT * FROM no_such_table", {}, soon());
    FAIL("expected an error");
  } catch (const PgQueryError& e) {
    CHECK(e.sqlstate() == "42P01");
    CHECK(std::string(e.what()).find("\"bad\"") != std::string::npos);
  }
  CHECK(s.usable());
  CHECK(s.server_version() / 10000 == server.major());
}
