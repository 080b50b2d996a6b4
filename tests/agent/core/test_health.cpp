#include "agent/core/health.hpp"

#include <catch2/catch.hpp>

using namespace pgha::agent::core;
using namespace std::chrono_literals;

TEST_CASE("the health query runs at check level 10 with half the time left") {
  CHECK(health_query_due(EnvMap{}));
  CHECK(health_query_due(EnvMap{{"OCF_CHECK_LEVEL", "10"}}));
  CHECK(health_query_due(EnvMap{{"OCF_CHECK_LEVEL", "20"}}));
  CHECK_FALSE(health_query_due(EnvMap{{"OCF_CHECK_LEVEL", "0"}}));
  CHECK_FALSE(health_query_due(EnvMap{{"OCF_RESKEY_OCF_CHECK_LEVEL", "5"}}));
  CHECK(health_query_budget(20000ms) == 10000ms);
  CHECK(health_query_budget(500ms) == 1000ms);
}

TEST_CASE("a failed or slow health query is OCF_ERR_GENERIC naming monitor_sql") {
  CHECK(health_verdict(HealthResult::ok, "").ok());
  auto failed = health_verdict(HealthResult::failed, "relation \"x\" does not exist");
  CHECK(failed.rc == OcfRc::err_generic);
  CHECK_THAT(failed.reason, Catch::Contains("monitor_sql") && Catch::Contains("\"x\""));
  CHECK(health_verdict(HealthResult::unreachable, "").rc == OcfRc::err_generic);
}
