#include "agent/core/stop_plan.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace pgha::agent::core;
using namespace std::chrono_literals;

namespace {

StopInput input(std::optional<std::chrono::milliseconds> timeout, std::chrono::seconds escalate) {
  StopInput in;
  in.me = "node1";
  in.names = attribute_names("pgsql");
  in.timeout = timeout;
  in.escalate = escalate;
  return in;
}

} // namespace

TEST_CASE("stop escalation fits in the timeout") {
  SECTION("escalation shorter than the budget") {
    CHECK(shutdown_phases(input(120000ms, 30s)) == Plan{StopPostgres{StopMode::fast, 30000ms},
                                                        StopPostgres{StopMode::immediate, 75000ms},
                                                        StopPostgres{StopMode::kill, 5000ms}});
  }
  SECTION("escalation longer than the budget is capped, immediate keeps a quarter") {
    CHECK(shutdown_phases(input(60000ms, 90s)) == Plan{StopPostgres{StopMode::fast, 36750ms},
                                                       StopPostgres{StopMode::immediate, 12250ms},
                                                       StopPostgres{StopMode::kill, 5000ms}});
  }
  SECTION("no escalation delay: immediate at once, then the kill") {
    CHECK(shutdown_phases(input(20000ms, 0s)) ==
          Plan{StopPostgres{StopMode::immediate, 16200ms}, StopPostgres{StopMode::kill, 1800ms}});
  }
  SECTION("a short timeout still keeps half a second for the kill") {
    auto plan = shutdown_phases(input(3000ms, 1s));
    REQUIRE(plan.size() == 3);
    CHECK(plan.back() == Step(StopPostgres{StopMode::kill, 500ms}));
  }
  SECTION("no timeout given: 120 s assumed") {
    CHECK(shutdown_phases(input(std::nullopt, 10s)).size() == 3);
  }
  SECTION("not running: no shutdown") {
    auto in = input(20000ms, 5s);
    in.running = false;
    CHECK(shutdown_phases(in).empty());
  }
  CHECK(stop_reserve(5000ms) == 2000ms);
  CHECK(stop_reserve(300000ms) == 10000ms);
}

TEST_CASE("stop plan never releases the lease") {
  auto plan = stop_plan(input(120000ms, 30s));
  CHECK(plan.front() == Step(SetPromotionScore{"node1", k_score_never}));
  CHECK(std::find(plan.begin(), plan.end(), Step(ReleaseLock{})) == plan.end());
  auto verify = std::find(plan.begin(), plan.end(), Step(VerifyStopped{}));
  auto status =
      std::find(plan.begin(), plan.end(),
                Step(SetNodeAttribute{"pgsql-status", "node1", "STOP", Lifetime::reboot}));
  CHECK(verify < status);
}

TEST_CASE("demote releases the lease only after PostgreSQL is verified down") {
  auto plan = demote_plan(input(120000ms, 30s), true);
  auto verify = std::find(plan.begin(), plan.end(), Step(VerifyStopped{}));
  auto release = std::find(plan.begin(), plan.end(), Step(ReleaseLock{}));
  auto start = std::find(plan.begin(), plan.end(), Step(StartStandby{}));
  REQUIRE(release != plan.end());
  CHECK(verify < release);
  CHECK(release < start);
  CHECK(plan.back() ==
        Step(SetNodeAttribute{"pgsql-status", "node1", "HS:alone", Lifetime::reboot}));
  SECTION("without the lock: no release") {
    auto p = demote_plan(input(120000ms, 30s), false);
    CHECK(std::find(p.begin(), p.end(), Step(ReleaseLock{})) == p.end());
  }
}
