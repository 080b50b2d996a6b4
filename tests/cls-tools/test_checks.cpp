#include "cls-tools/lib/checks.hpp"
#include "tests/cls-tools/cls_fixtures.hpp"

#include <catch2/catch.hpp>

using namespace pgha;
using namespace pgha::cls;
using pgha::test::dual_config;
using pgha::test::make_view;
using pgha::test::multi_config;

namespace {

// The exit code and message of a refusal thrown by `f`.
template <typename F>
std::pair<int, std::string> refusal_of(F&& f) {
  try {
    f();
  } catch (const CommandFailure& e) {
    return {static_cast<int>(e.code()), e.what()};
  }
  return {0, ""};
}

} // namespace

TEST_CASE("quorum is required in multi clusters only") {
  auto d = dual_config();
  auto m = multi_config();
  CHECK_FALSE(check_quorum(make_view(d, {"Promoted"}, {}, false), d));
  auto r = check_quorum(make_view(m, {"Promoted"}, {}, false), m);
  REQUIRE(r);
  CHECK(r->code == ExitCode::no_quorum);
  CHECK_FALSE(r->hint.empty());
}

TEST_CASE("primary_node finds the promoted instance and refuses two") {
  auto c = dual_config();
  CHECK(primary_node(make_view(c, {"Unpromoted", "Promoted"}, {}), c) == "n2");
  CHECK_FALSE(primary_node(make_view(c, {"Unpromoted", "Stopped"}, {}), c));
  auto [code, msg] = refusal_of([&] {
    primary_node(make_view(c, {"Promoted", "Promoted"}, {}), c);
  });
  CHECK(code == 102);
}

TEST_CASE("plan_switch picks or checks a caught-up target") {
  auto c = multi_config();
  SECTION("no primary") {
    auto [code, msg] = refusal_of([&] { plan_switch(make_view(c, {"Unpromoted"}, {}), c, {}); });
    CHECK(code == 10);
    CHECK(msg.find("HINT:") != std::string::npos);
  }
  SECTION("without a target the synchronous standby is chosen") {
    auto v = make_view(c, {"Promoted", "Unpromoted", "Unpromoted"},
                       {"LATEST", "STREAMING|POTENTIAL", "STREAMING|SYNC"});
    auto plan = plan_switch(v, c, {});
    CHECK(plan.from == "n1");
    CHECK(plan.to == "n3");
  }
  SECTION("a named asynchronous target is refused in sync mode") {
    auto v = make_view(c, {"Promoted", "Unpromoted", "Unpromoted"},
                       {"LATEST", "STREAMING|POTENTIAL", "STREAMING|SYNC"});
    auto [code, msg] = refusal_of([&] { plan_switch(v, c, std::string("n2")); });
    CHECK(code == 10);
    CHECK(msg.find("not caught up") != std::string::npos);
    CHECK(msg.find("HINT:") != std::string::npos);
  }
  SECTION("allow_async_switch accepts a streaming potential standby") {
    auto a = multi_config("allow_async_switch=true\n");
    auto v = make_view(a, {"Promoted", "Unpromoted", "Unpromoted"},
                       {"LATEST", "STREAMING|POTENTIAL", "STREAMING|SYNC"});
    CHECK(plan_switch(v, a, std::string("n2")).to == "n2");
  }
  SECTION("bad targets") {
    auto v = make_view(c, {"Promoted", "Unpromoted", "Stopped"},
                       {"LATEST", "STREAMING|SYNC", "DISCONNECT"});
    CHECK(refusal_of([&] { plan_switch(v, c, std::string("n9")); }).first == 100);
    CHECK(refusal_of([&] { plan_switch(v, c, std::string("n1")); }).first == 100);
    CHECK(refusal_of([&] { plan_switch(v, c, std::string("n3")); }).first == 10);
    v.nodes[1].online = false;
    CHECK(refusal_of([&] { plan_switch(v, c, std::string("n2")); }).first == 10);
  }
  SECTION("no standby ready") {
    auto v = make_view(c, {"Promoted", "Stopped", "Unpromoted"},
                       {"LATEST", "DISCONNECT", "STREAMING|POTENTIAL"});
    CHECK(refusal_of([&] { plan_switch(v, c, {}); }).first == 10);
  }
}

TEST_CASE("reset_master is refused while a primary runs") {
  auto c = dual_config();
  auto r = check_reset_master(make_view(c, {"Promoted", "Unpromoted"}, {}), c, {});
  REQUIRE(r);
  CHECK(r->code == ExitCode::precondition);
  CHECK_FALSE(check_reset_master(make_view(c, {"Stopped", "Stopped"}, {}), c, std::string("n2")));
  auto unknown = check_reset_master(make_view(c, {}, {}), c, std::string("x"));
  REQUIRE(unknown);
  CHECK(unknown->code == ExitCode::bad_arguments);
}

TEST_CASE("repair preconditions") {
  auto c = dual_config();
  auto running = make_view(c, {"Promoted", "Stopped"}, {"LATEST", "DISCONNECT"});
  CHECK_FALSE(check_slave_repair(running, c, "n2"));
  CHECK(check_slave_repair(running, c, "n1")->code == ExitCode::bad_arguments);
  CHECK(check_slave_repair(make_view(c, {"Stopped", "Stopped"}, {}), c, "n2")->code ==
        ExitCode::precondition);
  auto healthy = make_view(c, {"Promoted", "Unpromoted"}, {"LATEST", "STREAMING|SYNC"});
  CHECK(check_slave_repair(healthy, c, "n2")->message.find("healthy") != std::string::npos);
  // Stopped a moment ago: the attribute still says streaming, but there is no standby to keep.
  auto just_stopped = make_view(c, {"Promoted", "Stopped"}, {"LATEST", "STREAMING|SYNC"});
  CHECK_FALSE(check_slave_repair(just_stopped, c, "n2"));
  CHECK(check_rebuild_target("/d", true, false)->code == ExitCode::bad_arguments);
  CHECK_FALSE(check_rebuild_target("/d", true, true));
  CHECK_FALSE(check_rebuild_target("/d", false, true));
}

TEST_CASE("progress predicates") {
  auto c = dual_config();
  auto v = make_view(c, {"Promoted", "Unpromoted"}, {"LATEST", "STREAMING|ASYNC"});
  CHECK(replication_ok(v, c));
  CHECK(primary_started(v, c));
  CHECK_FALSE(all_stopped(v, c));
  CHECK_FALSE(node_released(v, c, "n2"));
  auto stopped = make_view(c, {"Stopped", "Stopped"}, {"LATEST", "DISCONNECT"});
  CHECK(all_stopped(stopped, c));
  CHECK(node_released(stopped, c, "n1"));
  CHECK_FALSE(replication_ok(stopped, c));
  stopped.nodes[1].online = false;
  CHECK(offline_nodes(stopped, c) == std::vector<std::string>{"n2"});
}

TEST_CASE("a rejoining standby: streaming, waiting, or given up after the cleanup took effect") {
  auto c = dual_config();
  auto failed = [&](int count) {
    auto v = make_view(c, {"Promoted", "Stopped"}, {"LATEST", "DISCONNECT"});
    v.fail_counts.push_back({"n2", c.resource_name, count});
    return v;
  };
  RejoinWatch watch("n2");
  // The failure from before the cleanup, still shown: not a verdict yet.
  CHECK(watch.observe(failed(1000000), c) == RejoinWatch::State::waiting);
  CHECK(watch.observe(failed(0), c) == RejoinWatch::State::waiting);
  CHECK(watch.observe(failed(c.migration_threshold - 1), c) == RejoinWatch::State::waiting);
  CHECK(watch.observe(failed(1000000), c) == RejoinWatch::State::given_up);
  CHECK(watch.failures() == 1000000);

  RejoinWatch ok("n2");
  auto streaming = make_view(c, {"Promoted", "Unpromoted"}, {"LATEST", "STREAMING|SYNC"});
  CHECK(ok.observe(streaming, c) == RejoinWatch::State::streaming);
}
