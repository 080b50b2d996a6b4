// The lease lock as expgsql uses it, against a lock server made from the shipped sql/ files:
// promotion needs the lease and records its fencing term; a primary without a valid lease
// never acknowledges writes without its synchronous standby; demote releases the lease only
// after PostgreSQL stopped.

#include "tests/agent/agent_act.hpp"
#include "tests/agent/agent_harness.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

using namespace pgha::test;
using namespace std::chrono_literals;

namespace {

struct LockedPair {
  LockedPair(const std::string& rep_mode = "sync") : pair(rep_mode) {
    lock.enable(pair.env1);
    lock.enable(pair.env2);
  }
  LockServer lock;
  Pair pair;
};

// What the agent of `env` has logged so far (HA_LOGFILE).
std::string agent_log(const Env& env) {
  std::ifstream in(env.at("HA_LOGFILE"));
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void make_sync(LockedPair& lp) {
  REQUIRE(act("start", lp.pair.env2).rc == 0);
  REQUIRE(poll_until(
      [&] {
        run_agent("monitor", lp.pair.env1);
        return lp.pair.primary->query("show synchronous_standby_names") == "\"node2\"";
      },
      60s));
}

} // namespace

TEST_CASE("promotion takes the lease and records its fencing term in REPL_INFO") {
  LockedPair lp;
  REQUIRE(act("start", lp.pair.env2).rc == 0);
  REQUIRE(act("stop", lp.pair.env1).rc == 0);
  REQUIRE(act("promote", lp.pair.env2).rc == 0);
  CHECK(lp.lock.owner() == "pgsql_node2");
  auto term = lp.lock.pg.query("select term from distlock where lockname = 'pgsql'");
  auto record = lp.pair.cib.property("pgsql_REPL_INFO");
  REQUIRE(record);
  CHECK(record->rfind("node2|1|", 0) == 0);
  CHECK(record->substr(record->rfind('|') + 1) == term);
  // The primary's monitor renews it.
  CHECK(act("monitor", lp.pair.env2).rc == 8);
  CHECK(lp.lock.owner() == "pgsql_node2");
}

TEST_CASE("a rival's valid lease refuses the promotion and the standby stays a standby") {
  LockedPair lp;
  REQUIRE(act("start", lp.pair.env2).rc == 0);
  lp.lock.pg.query("insert into distlock(lockname, owner, ts, expired_time) values "
                   "('pgsql', 'pgsql_node1', now(), interval '1 hour') on conflict (lockname) "
                   "do update set owner = excluded.owner, ts = now(), expired_time = "
                   "excluded.expired_time");
  auto env = lp.pair.env2;
  env["OCF_RESKEY_distlock_wait"] = "1";
  auto r = act("promote", env);
  CHECK(r.rc == 1);
  CHECK_FALSE(r.exit_reason().empty());
  CHECK(lp.pair.standby->query("select pg_is_in_recovery()") == "t");
  CHECK(lp.lock.owner() == "pgsql_node1");
}

TEST_CASE("an unreachable lock server refuses the promotion within its bound") {
  LockedPair lp;
  REQUIRE(act("start", lp.pair.env2).rc == 0);
  lp.lock.pg.stop("immediate");
  auto r = act("promote", lp.pair.env2);
  CHECK(r.rc == 1);
  CHECK(r.duration < 20s);
  CHECK(lp.pair.standby->query("select pg_is_in_recovery()") == "t");
}

TEST_CASE("lock server unreachable: the primary does not drop its sync standby") {
  LockedPair lp;
  make_sync(lp);
  lp.lock.pg.stop("immediate");
  REQUIRE(act("stop", lp.pair.env2).rc == 0);
  // The lease renewed by make_sync is still valid here: the role stays, but going async needs
  // a lease renewed now, so the primary keeps waiting for a standby.
  auto r = act("monitor", lp.pair.env1);
  CHECK(r.rc == 8);
  CHECK_THAT(agent_log(lp.pair.env1), Catch::Contains("still valid here"));
  CHECK_FALSE(lp.pair.primary->query("show synchronous_standby_names").empty());
  // Once the lease lapses with no dead-check list, nothing vouches for the outage: demote.
  REQUIRE(poll_until([&] { return act("monitor", lp.pair.env1).rc == 1; }, 30s));
  CHECK_FALSE(lp.pair.primary->query("show synchronous_standby_names").empty());
}

TEST_CASE("lock server down with every node healthy: the standby's report keeps the primary") {
  LockedPair lp;
  for (auto* env : {&lp.pair.env1, &lp.pair.env2})
    (*env)["OCF_RESKEY_distlock_lockservice_deadcheck_nodelist"] = "node1 node2";
  make_sync(lp);
  REQUIRE(act("monitor", lp.pair.env2).rc == 0);
  auto report = lp.pair.cib.node_attr("node2", "pgsql-lockservice");
  REQUIRE(report);
  CHECK(report->rfind("ok@", 0) == 0);
  CHECK_FALSE(lp.pair.cib.node_attr("node1", "pgsql-lockservice"));

  lp.lock.pg.stop("immediate");
  REQUIRE(act("monitor", lp.pair.env2).rc == 0);
  report = lp.pair.cib.node_attr("node2", "pgsql-lockservice");
  REQUIRE(report);
  CHECK(report->rfind("unreachable@", 0) == 0);
  // Both monitors on their cadence until the primary runs on the dead-service rule (its lease
  // lapsed): it must stay primary and synchronous on every pass.
  bool on_rule = false;
  auto until = std::chrono::steady_clock::now() + 40s;
  while (!on_rule && std::chrono::steady_clock::now() < until) {
    REQUIRE(act("monitor", lp.pair.env2).rc == 0);
    auto p = act("monitor", lp.pair.env1);
    REQUIRE(p.rc == 8);
    on_rule =
        agent_log(lp.pair.env1).find("unreachable from every listed node") != std::string::npos;
  }
  CHECK(on_rule);
  CHECK(lp.pair.primary->query("show synchronous_standby_names") == "\"node2\"");
  CHECK(lp.pair.primary->query("select pg_is_in_recovery()") == "f");

  SECTION("a report left behind (its node stopped reporting) no longer vouches: demote") {
    auto old = std::chrono::duration_cast<std::chrono::seconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count() -
               60;
    lp.pair.cib.set_node_attr("node2", "pgsql-lockservice", "unreachable@" + std::to_string(old));
    auto p = act("monitor", lp.pair.env1);
    CHECK(p.rc == 1);
    CHECK_THAT(p.exit_reason(), Catch::Contains("stale"));
    CHECK_FALSE(lp.pair.primary->query("show synchronous_standby_names").empty());
  }
  SECTION("the standby reaches the lock service again: its report changes at once") {
    lp.lock.pg.start();
    REQUIRE(act("monitor", lp.pair.env2).rc == 0);
    report = lp.pair.cib.node_attr("node2", "pgsql-lockservice");
    REQUIRE(report);
    CHECK(report->rfind("ok@", 0) == 0);
    CHECK(act("monitor", lp.pair.env1).rc == 8);
    CHECK(lp.lock.owner() == "pgsql_node1");
  }
}

TEST_CASE("lease lost to a rival: the primary blocks writes and fails its monitor") {
  LockedPair lp;
  make_sync(lp);
  lp.lock.pg.query("update distlock set owner = 'pgsql_node2', ts = now(), "
                   "expired_time = interval '1 hour' where lockname = 'pgsql'");
  REQUIRE(act("stop", lp.pair.env2).rc == 0);
  auto r = act("monitor", lp.pair.env1);
  CHECK(r.rc == 1);
  CHECK_FALSE(lp.pair.primary->query("show synchronous_standby_names").empty());
}

TEST_CASE("async mode: a primary whose lease is taken stops acknowledging writes") {
  LockedPair lp("async");
  REQUIRE(act("monitor", lp.pair.env1).rc == 8);
  CHECK(lp.lock.owner() == "pgsql_node1");
  lp.lock.pg.query("update distlock set owner = 'pgsql_node2', ts = now(), "
                   "expired_time = interval '1 hour' where lockname = 'pgsql'");
  auto r = act("monitor", lp.pair.env1);
  CHECK(r.rc == 1);
  CHECK_FALSE(lp.pair.primary->query("show synchronous_standby_names").empty());
}

TEST_CASE("demote releases the lease only after the primary stopped, and runs on as standby") {
  LockedPair lp;
  REQUIRE(act("monitor", lp.pair.env1).rc == 8);
  REQUIRE(lp.lock.owner() == "pgsql_node1");
  REQUIRE(act("demote", lp.pair.env1).rc == 0);
  CHECK(lp.lock.owner() == "");
  CHECK(lp.pair.primary->query("select pg_is_in_recovery()") == "t");
  CHECK(act("monitor", lp.pair.env1).rc == 0);
}
