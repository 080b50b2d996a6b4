#include "agent/core/start_plan.hpp"

#include <catch2/catch.hpp>

using namespace pgha::agent::core;

namespace {

StartInput input() {
  StartInput in;
  in.me = "node1";
  in.names = attribute_names("pgsql");
  return in;
}

} // namespace

TEST_CASE("start: prepare makes the node unpromotable first") {
  CHECK(start_prepare_plan(input()) ==
        Plan{SetNodeAttribute{"pgsql-status", "node1", "STOP", Lifetime::reboot},
             DeleteNodeAttribute{"pgsql-master-baseline", "node1", Lifetime::reboot},
             SetPromotionScore{"node1", k_score_never},
             DeleteNodeAttribute{"pgsql-xlog-loc", "node1", Lifetime::reboot}});
}

TEST_CASE("start: finish") {
  auto in = input();
  SECTION("ordinary standby") {
    CHECK(start_finish_plan(in) ==
          Plan{SetNodeAttribute{"pgsql-status", "node1", "HS:alone", Lifetime::reboot}});
  }
  SECTION("the recorded primary claims 1000") {
    in.repl_info = pgha::model::ReplInfo{"node1", std::nullopt, std::nullopt, std::nullopt};
    CHECK(start_finish_plan(in).back() == Step(SetPromotionScore{"node1", k_score_promote_me}));
  }
  SECTION("another recorded primary: no score") {
    in.repl_info = pgha::model::ReplInfo{"node2", std::nullopt, std::nullopt, std::nullopt};
    CHECK(start_finish_plan(in).size() == 1);
  }
}

TEST_CASE("start: the standby's synchronous_standby_names must be empty") {
  CHECK(check_standby_sync_names("").ok());
  auto o = check_standby_sync_names("node2");
  CHECK(o.rc == OcfRc::err_args);
  CHECK_THAT(o.reason, Catch::Contains("\"node2\""));
}
