// Integration: the built `distlock` binary against a real lock server.

#include "common/proc/runner.hpp"
#include "tests/distlock/lock_fixture.hpp"

#include <catch2/catch.hpp>

using pgha::test::distlock_binary;
using pgha::test::LockServer;

namespace {

pgha::proc::Result distlock(std::vector<std::string> args,
                            std::chrono::seconds bound = std::chrono::seconds(30)) {
  pgha::proc::Command c;
  c.argv = {distlock_binary().string()};
  c.argv.insert(c.argv.end(), args.begin(), args.end());
  c.deadline = pgha::Deadline::after(bound);
  pgha::proc::PosixRunner runner;
  auto r = runner.run(c);
  INFO("distlock stderr: " << r.err);
  return r;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

} // namespace

TEST_CASE("cli: init, trylock, renew, unlock print 1 or 0 and exit 0") {
  LockServer ls(false);
  auto d = ls.conninfo();
  auto sql = pgha::test::shipped_sql_dir().string();
  auto init = distlock({"-d", d, "init", "--sql-dir", sql});
  CHECK(init.exit_code == 0);
  CHECK(distlock({"-d", d, "init", "--sql-dir", sql}).exit_code == 0); // idempotent

  auto a = distlock({"-d", d, "trylock", "pg_lock", "pgsql_node1", "9"});
  CHECK(a.exit_code == 0);
  CHECK(a.out == "1\n");
  auto b = distlock({"-d", d, "trylock", "pg_lock", "pgsql_node2", "9"});
  CHECK(b.exit_code == 0);
  CHECK(b.out == "0\n");
  CHECK(distlock({"-d", d, "renew", "pg_lock", "pgsql_node2", "9"}).out == "0\n");
  CHECK(distlock({"-d", d, "renew", "pg_lock", "pgsql_node1", "9"}).out == "1\n");
  CHECK(distlock({"-d", d, "unlock", "pg_lock", "pgsql_node2"}).out == "0\n");
  auto u = distlock({"-d", d, "unlock", "distlock:pg_lock", "pgsql_node1"});
  CHECK(u.exit_code == 0);
  CHECK(u.out == "1\n");
  // The global option may also follow the subcommand.
  CHECK(distlock({"trylock", "-d", d, "pg_lock", "pgsql_node2", "9"}).out == "1\n");
}

TEST_CASE("cli: lock waits for an expiring holder within WAIT_S") {
  LockServer ls;
  auto d = ls.conninfo();
  // A's lease outlasts the refused attempt even when starting a process stalls this VM.
  REQUIRE(distlock({"-d", d, "trylock", "w", "A", "4"}).out == "1\n");
  auto refused = distlock({"-d", d, "lock", "w", "B", "9", "0"});
  CHECK(refused.exit_code == 0);
  CHECK(refused.out == "0\n");
  auto waited = distlock({"-d", d, "-v", "lock", "w", "B", "9", "15"});
  CHECK(waited.exit_code == 0);
  CHECK(waited.out == "1\n");
  CHECK(contains(waited.err, "holding term"));
}

TEST_CASE("cli: status and history, as text and JSON") {
  LockServer ls;
  auto d = ls.conninfo();
  const std::string name = "q\"uote's;\\ \xC3\xA9";
  REQUIRE(distlock({"-d", d, "trylock", name, "node\"1", "30"}).out == "1\n");
  auto st = distlock({"-d", d, "status", "--json", name});
  CHECK(st.exit_code == 0);
  CHECK(contains(st.out, "\"lockname\":\"q\\\"uote's;\\\\ \xC3\xA9\""));
  CHECK(contains(st.out, "\"holder\":\"node\\\"1\""));
  CHECK(contains(st.out, "\"held\":true"));
  auto text = distlock({"-d", d, "status", name});
  CHECK(contains(text.out, "holder: node\"1"));
  CHECK(contains(distlock({"-d", d, "status", "--json", "nosuch"}).out, "\"exists\":false"));
  REQUIRE(distlock({"-d", d, "unlock", name, "node\"1"}).out == "1\n");
  REQUIRE(distlock({"-d", d, "trylock", name, "node2", "30"}).out == "1\n");
  auto hj = distlock({"-d", d, "history", "--json", name});
  CHECK(hj.exit_code == 0);
  CHECK(hj.out.front() == '[');
  CHECK(contains(hj.out, "\"owner\":\"node\\\"1\""));
  CHECK(contains(hj.out, "\"owner\":\"node2\""));
  CHECK(contains(hj.out, "\"current\":true"));
  auto ht = distlock({"-d", d, "history"});
  CHECK(ht.exit_code == 0);
  CHECK(contains(ht.out, "HELD_FROM"));
  CHECK(contains(ht.out, "node2"));
}

TEST_CASE("cli: status shows the leadership record") {
  LockServer ls;
  auto d = ls.conninfo();
  REQUIRE(distlock({"-d", d, "trylock", "L", "pgsql_node1", "30"}).out == "1\n");
  CHECK_FALSE(contains(distlock({"-d", d, "status", "L"}).out, "leader:"));
  auto svc = ls.service();
  auto req = pgha::test::lease("L", "pgsql_node1", std::chrono::milliseconds(30000));
  req.term = svc->status({"distlock", "L"}, pgha::test::soon()).term;
  pgha::distlock::LeaderRecord rec;
  rec.timeline = 2;
  rec.sync_standby = std::string();
  rec.sync_lsn = "0/3000060";
  rec.note = "alone";
  REQUIRE(svc->record(req, rec, pgha::test::soon()).acquired);
  auto text = distlock({"-d", d, "status", "L"}).out;
  CHECK(contains(text, "leader: pgsql_node1"));
  CHECK(contains(text, "sync_standby: (none: acknowledging alone)"));
  CHECK(contains(text, "sync_lsn: 0/3000060"));
  auto json = distlock({"-d", d, "status", "--json", "L"}).out;
  CHECK(contains(json, "\"leader\":{\"owner\":\"pgsql_node1\""));
  CHECK(contains(json, "\"timeline\":2,\"sync_standby\":\"\""));
}

TEST_CASE("cli: a password in -d is refused and never echoed") {
  for (std::string d :
       {"host=127.0.0.1 password=s3cret-pw", "postgresql://u:s3cret-pw@127.0.0.1/x"}) {
    auto r = distlock({"-d", d, "trylock", "x", "me", "9"});
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(contains(r.err, "password"));
    CHECK(contains(r.err, "HINT: "));
    CHECK_FALSE(contains(r.err, "s3cret-pw"));
  }
}

TEST_CASE("cli: bad arguments exit 2 without contacting a server") {
  auto d = std::string("host=127.0.0.1 port=1");
  CHECK(distlock({"-d", d, "trylock", "x", "me"}).exit_code == 2);         // no TTL
  CHECK(distlock({"-d", d, "trylock", "x", "me", "soon"}).exit_code == 2); // bad TTL
  CHECK(distlock({"-d", d, "trylock", "bad-table:x", "me", "9"}).exit_code == 2);
  CHECK(distlock({"-d", d, "trylock", "x", "", "9"}).exit_code == 2);
  CHECK(distlock({"-d", d, "frobnicate"}).exit_code == 2);
  CHECK(distlock({}).exit_code == 2);
  CHECK(distlock({"--help"}).exit_code == 0);
  CHECK(distlock({"-d", d, "init", "--sql-dir", "/nonexistent"}).exit_code == 2);
}

TEST_CASE("cli: unreachable lock service exits 1 within the timeout, schema errors exit 3") {
  LockServer ls(false);
  auto d = ls.conninfo();
  auto missing = distlock({"-d", d, "trylock", "x", "me", "9"});
  CHECK(missing.exit_code == 3);
  CHECK(contains(missing.err, "distlock init"));
  ls.pg.stop();
  auto t0 = pgha::Deadline::Clock::now();
  auto down = distlock({"-d", d, "-t", "2", "trylock", "x", "me", "9"});
  CHECK(down.exit_code == 1);
  CHECK(down.out.empty());
  CHECK(contains(down.err, "unreachable"));
  CHECK(pgha::Deadline::Clock::now() - t0 < std::chrono::seconds(2 + 3));
}
