#include "agent/core/primary_monitor.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace pgha::agent::core;
using pgha::model::Lsn;

namespace {

// A healthy two-standby sync cluster seen from the primary node1, with the attributes already
// as the pass would write them (so a healthy pass writes nothing).
PrimarySnapshot healthy() {
  PrimarySnapshot s;
  s.me = "node1";
  s.rep_mode = RepMode::sync;
  s.node_list = {"node1", "node2", "node3"};
  s.names = attribute_names("pgsql");
  s.replication = {{"node2", SenderState::streaming, SyncState::sync, Lsn(0x5000)},
                   {"node3", SenderState::streaming, SyncState::async, Lsn(0x4000)}};
  s.sync_standby_names = "\"node2\"";
  s.current_lsn = Lsn(0x5000);
  s.sync_baseline = Lsn(0x1000);
  s.lease = LeaseState::valid;
  s.lock_term = 4;
  s.self = {true, DataStatus::latest(), NodeStatus::pri, k_score_promote_me};
  s.peers["node2"] = {true, DataStatus::replication(SenderState::streaming, SyncState::sync),
                      NodeStatus::hs_sync, k_score_can_promote};
  s.peers["node3"] = {true, DataStatus::replication(SenderState::streaming, SyncState::async),
                      NodeStatus::hs_async, k_score_never};
  s.repl_info = pgha::model::ReplInfo{"node1", 1U, Lsn(0x100), 4U};
  s.me_owner = "pgsql_node1";
  s.timeline = 2;
  s.leader_record = LeaderFacts{"pgsql_node1", 4, 2U, "node2", Lsn(0x3000), "sync"};
  return s;
}

template <class T>
std::vector<T> steps_of(const Plan& plan) {
  std::vector<T> out;
  for (const auto& s : plan) {
    if (const auto* t = std::get_if<T>(&s)) {
      out.push_back(*t);
    }
  }
  return out;
}

std::optional<int> score_of(const Plan& plan, const std::string& node) {
  for (const auto& s : steps_of<SetPromotionScore>(plan)) {
    if (s.node == node) {
      return s.score;
    }
  }
  return std::nullopt;
}

} // namespace

TEST_CASE("primary monitor: a healthy pass changes nothing") {
  auto d = decide_primary_monitor(healthy());
  CHECK(d.outcome.rc == OcfRc::running_promoted);
  INFO(format_plan(d.plan));
  CHECK(d.plan.empty());
  CHECK(d.sync_standby == "node2");
  REQUIRE(d.standbys.size() == 2);
  CHECK(d.standbys[0].score == k_score_can_promote);
  CHECK(d.standbys[1].score == k_score_never);
}

TEST_CASE("primary monitor: standby classification") {
  struct Row {
    const char* name;
    std::optional<ReplicationRow> row;
    const char* data_status;
    std::optional<NodeStatus> status;
  };
  const Row rows[] = {
      {"async", ReplicationRow{"node3", SenderState::streaming, SyncState::async, Lsn(1)},
       "STREAMING|ASYNC", NodeStatus::hs_async},
      {"potential", ReplicationRow{"node3", SenderState::streaming, SyncState::potential, Lsn(1)},
       "STREAMING|POTENTIAL", NodeStatus::hs_potential},
      {"catchup", ReplicationRow{"node3", SenderState::catchup, SyncState::async, Lsn(1)},
       "CATCHUP|ASYNC", NodeStatus::hs_connected},
      {"quorum", ReplicationRow{"node3", SenderState::streaming, SyncState::quorum, Lsn(1)},
       "STREAMING|QUORUM", NodeStatus::hs_connected},
      {"disconnected", std::nullopt, "DISCONNECT", std::nullopt},
  };
  for (const auto& r : rows) {
    SECTION(r.name) {
      auto s = healthy();
      s.replication = {s.replication[0]};
      if (r.row) {
        s.replication.push_back(*r.row);
      }
      s.peers.erase("node3");
      auto d = decide_primary_monitor(s);
      REQUIRE(d.standbys.size() == 2);
      CHECK(to_string(d.standbys[1].data_status) == r.data_status);
      CHECK(d.standbys[1].status == r.status);
      CHECK(d.standbys[1].score == k_score_never);
      CHECK(score_of(d.plan, "node3") == k_score_never);
    }
  }
}

TEST_CASE("primary monitor: the sync standby's score needs catch-up past the baseline") {
  auto s = healthy();
  SECTION("flushed past the baseline: 100") {
    CHECK(decide_primary_monitor(s).standbys[0].score == k_score_can_promote);
  }
  SECTION("not yet past the baseline: -INFINITY") {
    s.sync_baseline = Lsn(0x6000);
    auto d = decide_primary_monitor(s);
    CHECK(d.standbys[0].score == k_score_never);
    CHECK(score_of(d.plan, "node2") == k_score_never);
  }
  SECTION("baseline lost: taken now, so not promotable this pass unless caught up") {
    s.sync_baseline.reset();
    s.current_lsn = Lsn(0x9000);
    auto d = decide_primary_monitor(s);
    CHECK(d.standbys[0].score == k_score_never);
    auto sets = steps_of<SetNodeAttribute>(d.plan);
    CHECK(std::any_of(sets.begin(), sets.end(), [](const SetNodeAttribute& a) {
      return a.name == "pgsql-sync-baseline" && a.value == "0000000000009000";
    }));
  }
}

TEST_CASE("primary monitor: the sync standby disappears") {
  auto s = healthy();
  s.replication = {{"node3", SenderState::streaming, SyncState::async, Lsn(0x4000)}};
  SECTION("another standby streams: hand over without going async") {
    auto d = decide_primary_monitor(s);
    CHECK(d.outcome.rc == OcfRc::running_promoted);
    CHECK(d.sync_standby == "node3");
    auto names = steps_of<SetSyncStandbyNames>(d.plan);
    REQUIRE(names.size() == 1);
    CHECK(names[0].value == "\"node3\"");
    SECTION("the old sync standby's score drops before the switch") {
      auto it_score =
          std::find(d.plan.begin(), d.plan.end(), Step(SetPromotionScore{"node2", k_score_never}));
      auto it_names = std::find(d.plan.begin(), d.plan.end(), Step(names[0]));
      CHECK(it_score < it_names);
    }
    SECTION("the new sync standby is not promotable yet") {
      CHECK(d.standbys[1].score == k_score_never);
    }
  }
  SECTION("no other standby, lease valid: fall back to async") {
    s.replication.clear();
    auto d = decide_primary_monitor(s);
    CHECK(d.sync_standby.empty());
    CHECK(steps_of<SetSyncStandbyNames>(d.plan) == std::vector{SetSyncStandbyNames{""}});
    CHECK(steps_of<DeleteNodeAttribute>(d.plan).size() == 1);
  }
  SECTION("no other standby, lease only by the dead-service rule: stay synchronous") {
    s.replication.clear();
    s.lease = LeaseState::unprotected;
    auto d = decide_primary_monitor(s);
    CHECK(d.outcome.rc == OcfRc::running_promoted);
    CHECK(steps_of<SetSyncStandbyNames>(d.plan).empty());
    CHECK_THAT(d.outcome.reason, Catch::Contains("staying synchronous"));
  }
  SECTION("no lock configured but quorum: fall back to async") {
    s.replication.clear();
    s.lease = LeaseState::not_used;
    CHECK(steps_of<SetSyncStandbyNames>(decide_primary_monitor(s).plan) ==
          std::vector{SetSyncStandbyNames{""}});
  }
}

TEST_CASE("primary monitor: back to sync when a standby streams again") {
  auto s = healthy();
  s.sync_standby_names = "";
  s.sync_baseline.reset();
  s.replication = {{"node2", SenderState::streaming, SyncState::async, Lsn(0x3000)},
                   {"node3", SenderState::streaming, SyncState::async, Lsn(0x4000)}};
  auto d = decide_primary_monitor(s);
  SECTION("the most advanced standby is named") {
    CHECK(d.sync_standby == "node3");
    CHECK(steps_of<SetSyncStandbyNames>(d.plan) == std::vector{SetSyncStandbyNames{"\"node3\""}});
  }
  SECTION("ties go to node_list order") {
    s.replication[1].flush_lsn = Lsn(0x3000);
    CHECK(decide_primary_monitor(s).sync_standby == "node2");
  }
  SECTION("the baseline is recorded at the current position") {
    auto sets = steps_of<SetNodeAttribute>(d.plan);
    CHECK(std::find(sets.begin(), sets.end(),
                    SetNodeAttribute{"pgsql-sync-baseline", "node1", "0000000000005000",
                                     Lifetime::reboot}) != sets.end());
  }
}

TEST_CASE("primary monitor: the lease") {
  auto s = healthy();
  SECTION("lost while synchronous: fail, no async") {
    s.lease = LeaseState::lost;
    auto d = decide_primary_monitor(s);
    CHECK(d.outcome.rc == OcfRc::err_generic);
    CHECK(steps_of<SetSyncStandbyNames>(d.plan).empty());
  }
  SECTION("lost while async: block writes, then fail") {
    s.lease = LeaseState::lost;
    s.sync_standby_names = "";
    auto d = decide_primary_monitor(s);
    CHECK(d.outcome.rc == OcfRc::err_generic);
    CHECK(d.plan == Plan{SetSyncStandbyNames{std::string(k_fence_standby_name)}});
  }
  SECTION("lost in async rep_mode: block writes") {
    s.lease = LeaseState::lost;
    s.rep_mode = RepMode::async;
    s.sync_standby_names = "";
    CHECK(decide_primary_monitor(s).plan ==
          Plan{SetSyncStandbyNames{std::string(k_fence_standby_name)}});
  }
  SECTION("no lock and no quorum while async: block writes") {
    s.lease = LeaseState::not_used;
    s.has_quorum = false;
    s.sync_standby_names = "";
    auto d = decide_primary_monitor(s);
    CHECK(d.outcome.rc == OcfRc::err_generic);
    CHECK_THAT(d.outcome.reason, Catch::Contains("no quorum"));
  }
  SECTION("running async under the dead-service rule with nobody to name: fence") {
    s.lease = LeaseState::unprotected;
    s.sync_standby_names = "";
    s.replication.clear();
    auto d = decide_primary_monitor(s);
    CHECK(steps_of<SetSyncStandbyNames>(d.plan) ==
          std::vector{SetSyncStandbyNames{std::string(k_fence_standby_name)}});
  }
  SECTION("unprotected while synchronous and healthy: nothing changes") {
    s.lease = LeaseState::unprotected;
    auto d = decide_primary_monitor(s);
    CHECK(d.outcome.rc == OcfRc::running_promoted);
    CHECK(d.plan.empty());
  }
  SECTION("unprotected in async rep_mode: block writes, then fail") {
    s.lease = LeaseState::unprotected;
    s.rep_mode = RepMode::async;
    s.sync_standby_names = "";
    auto d = decide_primary_monitor(s);
    CHECK(d.outcome.rc == OcfRc::err_generic);
    CHECK_THAT(d.outcome.reason, Catch::Contains("async primary needs the lease"));
    CHECK(d.plan == Plan{SetSyncStandbyNames{std::string(k_fence_standby_name)}});
  }
  SECTION("fenced, lease valid again, a standby streams: name it") {
    s.sync_standby_names = std::string(k_fence_standby_name);
    auto d = decide_primary_monitor(s);
    CHECK(steps_of<SetSyncStandbyNames>(d.plan) == std::vector{SetSyncStandbyNames{"\"node2\""}});
  }
}

TEST_CASE("primary monitor: REPL_INFO") {
  auto s = healthy();
  SECTION("names another node: this primary must not run") {
    s.repl_info = pgha::model::ReplInfo{"node2", 2U, Lsn(0x100), 4U};
    auto d = decide_primary_monitor(s);
    CHECK(d.outcome.rc == OcfRc::err_generic);
    CHECK_THAT(d.outcome.reason, Catch::Contains("\"node2\""));
  }
  SECTION("names another node with an older term: stale copy, restore ours") {
    s.repl_info = pgha::model::ReplInfo{"node2", 1U, Lsn(0x100), 3U};
    s.own_record = pgha::model::ReplInfo{"node1", 2U, Lsn(0x200), std::nullopt};
    auto d = decide_primary_monitor(s);
    CHECK(d.outcome.rc == OcfRc::running_promoted);
    auto recs = steps_of<SetReplInfo>(d.plan);
    REQUIRE(recs.size() == 1);
    CHECK(pgha::model::render_repl_info(recs[0].info) == "node1|2|0000000000000200|4");
  }
  SECTION("bare name: filled in") {
    s.repl_info = pgha::model::ReplInfo{"node1", std::nullopt, std::nullopt, std::nullopt};
    s.own_record = pgha::model::ReplInfo{"node1", 1U, Lsn(0x100), std::nullopt};
    CHECK(steps_of<SetReplInfo>(decide_primary_monitor(s).plan).size() == 1);
  }
}

TEST_CASE("primary monitor: attribute hygiene") {
  auto s = healthy();
  SECTION("a stopped standby's status is not relabelled") {
    s.peers["node3"].status = NodeStatus::stop;
    auto sets = steps_of<SetNodeAttribute>(decide_primary_monitor(s).plan);
    CHECK(std::none_of(sets.begin(), sets.end(), [](const SetNodeAttribute& a) {
      return a.node == "node3" && a.name == "pgsql-status";
    }));
  }
  SECTION("an offline node gets its data status but no transient attributes") {
    s.replication.pop_back();
    s.peers["node3"].online = false;
    auto d = decide_primary_monitor(s);
    CHECK(score_of(d.plan, "node3") == std::nullopt);
    auto sets = steps_of<SetNodeAttribute>(d.plan);
    CHECK(sets == std::vector{SetNodeAttribute{"pgsql-data-status", "node3", "DISCONNECT",
                                               Lifetime::forever}});
  }
  SECTION("own attributes restored") {
    s.self = {};
    auto d = decide_primary_monitor(s);
    CHECK(score_of(d.plan, "node1") == k_score_promote_me);
    CHECK(steps_of<SetNodeAttribute>(d.plan).size() == 2);
  }
}

TEST_CASE("primary monitor: async replication mode") {
  auto s = healthy();
  s.rep_mode = RepMode::async;
  s.sync_standby_names = "";
  s.replication = {{"node2", SenderState::streaming, SyncState::async, Lsn(0x5000)}};
  SECTION("two nodes: the only standby may be promoted") {
    s.node_list = {"node1", "node2"};
    CHECK(decide_primary_monitor(s).standbys[0].score == k_score_can_promote);
  }
  SECTION("three nodes: the election decides after a failure") {
    CHECK(decide_primary_monitor(s).standbys[0].score == k_score_never);
  }
  SECTION("never touches synchronous_standby_names") {
    CHECK(steps_of<SetSyncStandbyNames>(decide_primary_monitor(s).plan).empty());
  }
}

TEST_CASE("sync names helpers") {
  CHECK(sync_name_of("\"node2\"") == "node2");
  CHECK(sync_name_of("node2") == "node2");
  CHECK(sync_name_of("") == "");
  CHECK(sync_name_of(k_fence_standby_name) == "");
  CHECK(sync_name_of("FIRST 1 (a, b)") == "");
  CHECK(sync_names_for("node2") == "\"node2\"");
}
