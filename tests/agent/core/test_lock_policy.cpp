#include "agent/core/lock_policy.hpp"
#include "common/model/lease_schedule.hpp"

#include <catch2/catch.hpp>

using namespace pgha::agent::core;
using namespace std::chrono_literals;

namespace {

LockSnapshot snap(LockPurpose purpose, LockAttempt attempt) {
  LockSnapshot s;
  s.purpose = purpose;
  s.attempt = attempt;
  s.ttl = 9s;
  return s;
}

} // namespace

TEST_CASE("an acquired lease allows everything") {
  for (auto p : {LockPurpose::keep_primary, LockPurpose::go_async, LockPurpose::promote}) {
    CHECK(decide_lock(snap(p, LockAttempt::acquired)).verdict == LockVerdict::proceed);
  }
}

TEST_CASE("a lease held by another node refuses everything") {
  for (auto p : {LockPurpose::keep_primary, LockPurpose::go_async, LockPurpose::promote}) {
    auto d = decide_lock(snap(p, LockAttempt::held_by_other));
    CHECK(d.verdict == LockVerdict::refuse);
    CHECK_THAT(d.reason, Catch::Contains("another node"));
  }
}

TEST_CASE("an unreachable lock service: promotion and async always need the lease") {
  for (auto p : {LockPurpose::go_async, LockPurpose::promote}) {
    auto s = snap(p, LockAttempt::unreachable);
    s.deadcheck_nodes = {"node2"};
    s.reports = {{"node2", false, 1s}}; // even when every peer confirms the outage
    CHECK(decide_lock(s).verdict == LockVerdict::refuse);
  }
}

TEST_CASE("the lock-service-dead rule for an existing primary") {
  auto s = snap(LockPurpose::keep_primary, LockAttempt::unreachable);
  SECTION("no node list: refuse") {
    CHECK(decide_lock(s).verdict == LockVerdict::refuse);
  }
  s.deadcheck_nodes = {"node2", "node3"};
  SECTION("every listed peer confirms, fresh: keep running unprotected") {
    s.reports = {{"node2", false, 3s}, {"node3", false, 18s}};
    CHECK(decide_lock(s).verdict == LockVerdict::proceed_unprotected);
  }
  SECTION("a peer still reaches the service (partitioned primary): refuse") {
    s.reports = {{"node2", false, 3s}, {"node3", true, 3s}};
    auto d = decide_lock(s);
    CHECK(d.verdict == LockVerdict::refuse);
    CHECK_THAT(d.reason, Catch::Contains("\"node3\""));
  }
  SECTION("a peer did not report: refuse") {
    s.reports = {{"node2", false, 3s}};
    CHECK(decide_lock(s).verdict == LockVerdict::refuse);
  }
  SECTION("a stale report: refuse") {
    s.reports = {{"node2", false, 3s}, {"node3", false, 19s}};
    CHECK(decide_lock(s).verdict == LockVerdict::refuse);
  }
  SECTION("a report without age: refuse") {
    s.reports = {{"node2", false, 3s}, {"node3", false, std::nullopt}};
    CHECK(decide_lock(s).verdict == LockVerdict::refuse);
  }
}

TEST_CASE("the holder's lease deadline") {
  CHECK(pgha::model::lease_margin(9s) == 2250ms);
  CHECK(pgha::model::lease_margin(2s) == 1000ms);
  SECTION("measured from before the request, minus the margin") {
    CHECK(lease_deadline(100000ms, 9s) == 100000ms + 9000ms - 2250ms);
  }
  SECTION("validity") {
    auto deadline = lease_deadline(0ms, 9s);
    CHECK(lease_valid(6749ms, deadline));
    CHECK_FALSE(lease_valid(6750ms, deadline));
  }
  CHECK(lock_owner("pgsql", "node1") == "pgsql_node1");
}

TEST_CASE("the lock-service report a standby publishes carries its time") {
  CHECK(lockservice_report_value(true, 1700000000) == "ok@1700000000");
  CHECK(lockservice_report_value(false, 1700000000) == "unreachable@1700000000");
}

TEST_CASE("reading a published lock-service report") {
  const std::int64_t now = 1700000100;
  struct Row {
    std::optional<std::string> value;
    std::optional<bool> reaches;
    std::optional<std::chrono::seconds> age;
  };
  auto row = GENERATE(Row{std::nullopt, std::nullopt, std::nullopt},        // never published
                      Row{"ok@1700000090", true, 10s},                      // fresh, reachable
                      Row{"unreachable@1700000100", false, 0s},             // written this second
                      Row{"unreachable@1700000000", false, 100s},           // old
                      Row{"unreachable@1700000105", false, 0s},             // clock a little ahead
                      Row{"unreachable@1700000200", false, std::nullopt},   // far ahead: no age
                      Row{"unreachable", false, std::nullopt},              // no stamp: no age
                      Row{"unreachable@", false, std::nullopt},             // empty stamp
                      Row{"unreachable@12x", false, std::nullopt},          // bad stamp
                      Row{"maybe@1700000090", std::nullopt, std::nullopt}); // unknown answer
  auto r = parse_lockservice_report("node2", row.value, now, 9s);
  INFO(row.value.value_or("<none>"));
  CHECK(r.node == "node2");
  CHECK(r.reaches_service == row.reaches);
  CHECK(r.age == row.age);
}

TEST_CASE("when a standby publishes its lock-service report again") {
  const std::int64_t now = 1700000100;
  CHECK(lockservice_report_due(std::nullopt, false, now, 9s));            // nothing published
  CHECK(lockservice_report_due("ok@1700000099", false, now, 9s));         // answer changed
  CHECK(lockservice_report_due("unreachable@1700000099", true, now, 9s)); // answer changed
  CHECK_FALSE(lockservice_report_due("unreachable@1700000092", false, now, 9s)); // 8 s old
  CHECK(lockservice_report_due("unreachable@1700000091", false, now, 9s));       // ttl old
  CHECK(lockservice_report_due("unreachable", false, now, 9s));                  // unstamped
  CHECK(lockservice_report_due("unreachable@1700000500", false, now, 9s));       // from the future
}

TEST_CASE("a published report, read back, drives the lock-service-dead rule") {
  const std::int64_t now = 1700000100;
  auto s = snap(LockPurpose::keep_primary, LockAttempt::unreachable);
  s.deadcheck_nodes = {"node2"};
  SECTION("fresh and unreachable: the primary stays, unprotected") {
    s.reports = {
        parse_lockservice_report("node2", lockservice_report_value(false, now - 4), now, s.ttl)};
    CHECK(decide_lock(s).verdict == LockVerdict::proceed_unprotected);
  }
  SECTION("left behind by a node that stopped reporting: refuse") {
    s.reports = {
        parse_lockservice_report("node2", lockservice_report_value(false, now - 19), now, s.ttl)};
    auto d = decide_lock(s);
    CHECK(d.verdict == LockVerdict::refuse);
    CHECK_THAT(d.reason, Catch::Contains("stale"));
  }
}
