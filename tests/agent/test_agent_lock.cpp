// The lease lock as expgsql uses it, against a lock server made from the shipped sql/ files:
// promotion needs the lease and records its fencing term; a primary without a valid lease
// never acknowledges writes without its synchronous standby; demote releases the lease only
// after PostgreSQL stopped.

#include "tests/agent/agent_harness.hpp"

#include <catch2/catch.hpp>

using namespace pgha::test;
using namespace std::chrono_literals;

namespace {

AgentResult lock_act(const std::string& action, const Env& env) {
  auto r = run_agent(action, env);
  UNSCOPED_INFO(action << ": " << r.describe());
  return r;
}

struct LockedPair {
  LockedPair(const std::string& rep_mode = "sync") : pair(rep_mode) {
    lock.enable(pair.env1);
    lock.enable(pair.env2);
  }
  LockServer lock;
  Pair pair;
};

void make_sync(LockedPair& lp) {
  REQUIRE(lock_act("start", lp.pair.env2).rc == 0);
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
  REQUIRE(lock_act("start", lp.pair.env2).rc == 0);
  REQUIRE(lock_act("stop", lp.pair.env1).rc == 0);
  REQUIRE(lock_act("promote", lp.pair.env2).rc == 0);
  CHECK(lp.lock.owner() == "pgsql_node2");
  auto term = lp.lock.pg.query("select term from distlock where lockname = 'pgsql'");
  auto record = lp.pair.cib.property("pgsql_REPL_INFO");
  REQUIRE(record);
  CHECK(record->rfind("node2|1|", 0) == 0);
  CHECK(record->substr(record->rfind('|') + 1) == term);
  // The primary's monitor renews it.
  CHECK(lock_act("monitor", lp.pair.env2).rc == 8);
  CHECK(lp.lock.owner() == "pgsql_node2");
}

TEST_CASE("a rival's valid lease refuses the promotion and the standby stays a standby") {
  LockedPair lp;
  REQUIRE(lock_act("start", lp.pair.env2).rc == 0);
  lp.lock.pg.query("insert into distlock(lockname, owner, ts, expired_time) values "
                   "('pgsql', 'pgsql_node1', now(), interval '1 hour') on conflict (lockname) "
                   "do update set owner = excluded.owner, ts = now(), expired_time = "
                   "excluded.expired_time");
  auto env = lp.pair.env2;
  env["OCF_RESKEY_distlock_wait"] = "1";
  auto r = lock_act("promote", env);
  CHECK(r.rc == 1);
  CHECK_FALSE(r.exit_reason().empty());
  CHECK(lp.pair.standby->query("select pg_is_in_recovery()") == "t");
  CHECK(lp.lock.owner() == "pgsql_node1");
}

TEST_CASE("an unreachable lock server refuses the promotion within its bound") {
  LockedPair lp;
  REQUIRE(lock_act("start", lp.pair.env2).rc == 0);
  lp.lock.pg.stop("immediate");
  auto r = lock_act("promote", lp.pair.env2);
  CHECK(r.rc == 1);
  CHECK(r.duration < 20s);
  CHECK(lp.pair.standby->query("select pg_is_in_recovery()") == "t");
}

TEST_CASE("lock server unreachable: the primary does not drop its sync standby") {
  LockedPair lp;
  make_sync(lp);
  lp.lock.pg.stop("immediate");
  REQUIRE(lock_act("stop", lp.pair.env2).rc == 0);
  auto r = lock_act("monitor", lp.pair.env1);
  // Going async needs the lease: without it the primary keeps waiting for a standby.
  CHECK(r.rc == 1);
  CHECK_FALSE(lp.pair.primary->query("show synchronous_standby_names").empty());
}

TEST_CASE("lease lost to a rival: the primary blocks writes and fails its monitor") {
  LockedPair lp;
  make_sync(lp);
  lp.lock.pg.query("update distlock set owner = 'pgsql_node2', ts = now(), "
                   "expired_time = interval '1 hour' where lockname = 'pgsql'");
  REQUIRE(lock_act("stop", lp.pair.env2).rc == 0);
  auto r = lock_act("monitor", lp.pair.env1);
  CHECK(r.rc == 1);
  CHECK_FALSE(lp.pair.primary->query("show synchronous_standby_names").empty());
}

TEST_CASE("async mode: a primary whose lease is taken stops acknowledging writes") {
  LockedPair lp("async");
  REQUIRE(lock_act("monitor", lp.pair.env1).rc == 8);
  CHECK(lp.lock.owner() == "pgsql_node1");
  lp.lock.pg.query("update distlock set owner = 'pgsql_node2', ts = now(), "
                   "expired_time = interval '1 hour' where lockname = 'pgsql'");
  auto r = lock_act("monitor", lp.pair.env1);
  CHECK(r.rc == 1);
  CHECK_FALSE(lp.pair.primary->query("show synchronous_standby_names").empty());
}

TEST_CASE("demote releases the lease only after the primary stopped, and runs on as standby") {
  LockedPair lp;
  REQUIRE(lock_act("monitor", lp.pair.env1).rc == 8);
  REQUIRE(lp.lock.owner() == "pgsql_node1");
  REQUIRE(lock_act("demote", lp.pair.env1).rc == 0);
  CHECK(lp.lock.owner() == "");
  CHECK(lp.pair.primary->query("select pg_is_in_recovery()") == "t");
  CHECK(lock_act("monitor", lp.pair.env1).rc == 0);
}
