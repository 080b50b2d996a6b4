// The lock row is the authority for leadership, against real servers and the real Pacemaker
// tools on a CIB file: the two double faults that lost acknowledged commits when the CIB
// decided (the async fallback followed by the stale sync standby's promotion; a stale
// REPL_INFO winning after a double failure), and the lease schedule check.

#include "tests/agent/agent_act.hpp"
#include "tests/agent/agent_harness.hpp"

#include <catch2/catch.hpp>

using namespace pgha::test;
using namespace std::chrono_literals;

namespace {

struct LockedPair {
  LockedPair() {
    lock.enable(pair.env1);
    lock.enable(pair.env2);
  }
  LockServer lock;
  Pair pair;

  // A column of the lock row ("-" for NULL).
  std::string row(const std::string& column) const {
    return lock.pg.query("select coalesce(" + column +
                         "::text, '-') from distlock where lockname = 'pgsql'");
  }
  // End the current holder's lease now, as its expiry on the lock server's clock would.
  void expire_lease() const {
    lock.pg.query("update distlock set ts = now() - interval '1 hour' where lockname = 'pgsql'");
  }
};

// node2 streams, is named synchronous and is recorded in the lock row.
void make_recorded_sync(LockedPair& lp) {
  REQUIRE(act("start", lp.pair.env2).rc == 0);
  REQUIRE(poll_until(
      [&] {
        run_agent("monitor", lp.pair.env1);
        return lp.row("sync_standby") == "node2";
      },
      60s));
  CHECK(lp.pair.primary->query("show synchronous_standby_names") == "\"node2\"");
}

} // namespace

TEST_CASE("double fault: after the async fallback the stale sync standby is never promoted") {
  LockedPair lp;
  make_recorded_sync(lp);

  // The standby goes away; the primary records "alone" before it stops waiting for it.
  REQUIRE(act("stop", lp.pair.env2).rc == 0);
  REQUIRE(poll_until(
      [&] {
        REQUIRE(act("monitor", lp.pair.env1).rc == 8);
        return lp.pair.primary->query("show synchronous_standby_names").empty();
      },
      60s));
  CHECK(lp.row("sync_standby") == "");
  CHECK(lp.row("sync_lsn") != "-");
  lp.pair.primary->query("create table acknowledged_alone as select 1 as x");

  // node2's half of a split CIB still says it is the caught-up sync standby.
  lp.pair.cib.set_node_attr("node2", "pgsql-data-status", "STREAMING|SYNC", "forever");
  lp.pair.cib.set_node_attr("node2", "master-pgsql", "100");
  // The primary dies and its lease runs out; node2 comes back and is asked to promote.
  lp.pair.primary->stop("immediate");
  lp.expire_lease();
  REQUIRE(act("start", lp.pair.env2).rc == 0);
  auto r = act("promote", lp.pair.env2);
  CHECK(r.rc == 1);
  CHECK_THAT(r.exit_reason(), Catch::Contains("acknowledged commits alone since"));
  CHECK_THAT(r.exit_reason(), Catch::Contains("cls_reset_master --force node2"));
  CHECK(lp.pair.standby->query("select pg_is_in_recovery()") == "t");
  CHECK(lp.lock.owner() != "pgsql_node2"); // the lease went back
  CHECK(lp.pair.cib.score("node2") == "-INFINITY");

  SECTION("the operator's override makes it eligible, and the history keeps it") {
    lp.lock.pg.query("update distlock set leader_owner = 'pgsql_node2', leader_term = term, "
                     "leader_timeline = null, sync_standby = null, sync_lsn = null, "
                     "leader_note = 'override: test' where lockname = 'pgsql'");
    CHECK(act("promote", lp.pair.env2).rc == 0);
    CHECK(lp.pair.standby->query("select pg_is_in_recovery()") == "f");
    CHECK(lp.lock.pg.query("select count(*) from distlock_leader_history where leader_note = "
                           "'override: test'") == "1");
  }
}

TEST_CASE("double fault: a stale REPL_INFO naming the old primary does not win over the "
          "lock row") {
  LockedPair lp;
  make_recorded_sync(lp);
  auto stale_repl_info = lp.pair.cib.property("pgsql_REPL_INFO");

  // node1 is lost; the recorded sync standby takes over and writes W alone.
  lp.pair.primary->stop("immediate");
  lp.expire_lease();
  REQUIRE(act("promote", lp.pair.env2).rc == 0);
  CHECK(lp.row("owner") == "pgsql_node2");
  CHECK(lp.row("leader_owner") == "pgsql_node2");
  lp.pair.standby->query("create table w as select 1 as x");
  // Then node2 is lost too, and node1 comes back with its half of the CIB, which still names
  // node1 in REPL_INFO.
  lp.pair.standby->stop("immediate");
  lp.expire_lease();
  if (stale_repl_info)
    lp.pair.cib.set_property("pgsql_REPL_INFO", *stale_repl_info);
  else
    lp.pair.cib.set_property("pgsql_REPL_INFO", "node1");
  lp.pair.cib.set_promoted("node2", false);
  REQUIRE(act("start", lp.pair.env1).rc == 0);
  auto r = act("promote", lp.pair.env1);
  CHECK(r.rc == 1);
  CHECK_THAT(r.exit_reason(), Catch::Contains("\"node2\""));
  CHECK(lp.pair.primary->query("select pg_is_in_recovery()") == "t");
  CHECK(lp.row("leader_owner") == "pgsql_node2");
}

TEST_CASE("a primary whose lock row moved to another term fences at once, even synchronous") {
  LockedPair lp;
  make_recorded_sync(lp);
  // Another owner took the row and gave it back: same owner name is not enough, the term moved.
  lp.lock.pg.query("update distlock set owner = 'pgsql_node2' where lockname = 'pgsql'");
  lp.lock.pg.query("update distlock set owner = 'pgsql_node1' where lockname = 'pgsql'");
  auto r = act("monitor", lp.pair.env1);
  CHECK(r.rc == 1);
  CHECK_THAT(r.exit_reason(), Catch::Contains("another owner or term"));
  CHECK(lp.pair.primary->query("show synchronous_standby_names") == "\"pgha.fenced\"");
}

TEST_CASE("the lease must fit the promoted monitor's schedule") {
  LockedPair lp;
  auto env = lp.pair.env1;
  SECTION("the promoted monitor checks its own interval") {
    env["OCF_RESKEY_CRM_meta_role"] = "Promoted";
    env["OCF_RESKEY_CRM_meta_interval"] = "6000";
    auto r = act("monitor", env);
    CHECK(r.rc == 6);
    CHECK_THAT(r.exit_reason(), Catch::Contains("6000 ms") && Catch::Contains("6750 ms"));
    env["OCF_RESKEY_CRM_meta_interval"] = "3000";
    CHECK(act("monitor", env).rc == 8);
  }
  SECTION("validate-all and start read it from the CIB") {
    auto add = lp.pair.cib.tool(
        {"cibadmin", "--modify", "--xml-text",
         "<primitive id=\"pgsql\"><operations><op id=\"pgsql-mon-p\" name=\"monitor\" "
         "interval=\"8s\" "
         "role=\"Promoted\"/><op id=\"pgsql-mon-u\" name=\"monitor\" interval=\"9s\" "
         "role=\"Unpromoted\"/></operations></primitive>"});
    REQUIRE(add.exit_code == 0);
    auto r = act("validate-all", env);
    CHECK(r.rc == 6);
    CHECK_THAT(r.exit_reason(), Catch::Contains("8000 ms"));
    CHECK(act("start", lp.pair.env2).rc == 6);
    CHECK(act("stop", lp.pair.env2).rc == 0); // stop works whatever the configuration
    env["OCF_RESKEY_distlock_ttl"] = "20";
    CHECK(act("validate-all", env).rc == 0);
  }
}

TEST_CASE("the recorded synchronous standby takes over without waiting out the lease, and the old "
          "primary fences") {
  LockedPair lp;
  make_recorded_sync(lp);
  auto env2 = lp.pair.env2;
  env2["OCF_RESKEY_distlock_wait"] = "30";
  // node1 still runs and still holds its lease: Pacemaker promotes node2 (e.g. node1 was
  // partitioned away); node2 must not wait for node1's lease to end.
  REQUIRE(act("promote", env2).rc == 0);
  CHECK(lp.row("owner") == "pgsql_node2");
  // node1's lease had not ended when node2 took the row.
  CHECK(lp.lock.pg.query("select count(*) from distlock_history a join distlock_history b "
                         "on a.lockname = b.lockname and b.term > a.term "
                         "where a.owner = 'pgsql_node1' and b.owner = 'pgsql_node2' "
                         "and a.valid_until > b.ts") == "1");
  // node1 can neither renew nor record: its next monitor blocks writes and fails.
  auto r = act("monitor", lp.pair.env1);
  CHECK(r.rc == 1);
  CHECK(lp.pair.primary->query("show synchronous_standby_names") == "\"pgha.fenced\"");
}
