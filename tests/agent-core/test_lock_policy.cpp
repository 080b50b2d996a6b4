#include "agent/core/lock_policy.hpp"

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
  CHECK(lease_margin(9s) == 2250ms);
  CHECK(lease_margin(2s) == 1000ms);
  SECTION("measured from before the request, minus the margin") {
    CHECK(lease_deadline(100000ms, 9s) == 100000ms + 9000ms - 2250ms);
  }
  SECTION("validity") {
    auto deadline = lease_deadline(0ms, 9s);
    CHECK(lease_valid(6749ms, deadline));
    CHECK_FALSE(lease_valid(6750ms, deadline));
  }
  CHECK(lock_owner("pgsql", "node1") == "pgsql_node1");
  CHECK(lockservice_report_value(LockAttempt::held_by_other) == "ok");
  CHECK(lockservice_report_value(LockAttempt::unreachable) == "unreachable");
}
