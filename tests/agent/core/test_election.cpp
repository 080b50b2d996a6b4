#include "agent/core/election.hpp"

#include <catch2/catch.hpp>

using namespace pgha::agent::core;
using pgha::model::Lsn;

namespace {

// node2 (me) and node3 are running standbys, no primary, empty REPL_INFO, sync mode.
StandbySnapshot base() {
  StandbySnapshot s;
  s.me = "node2";
  s.rep_mode = RepMode::sync;
  s.node_list = {"node1", "node2", "node3"};
  s.names = attribute_names("pgsql");
  s.own_data_status = DataStatus::replication(SenderState::streaming, SyncState::sync);
  s.own_lsn = Lsn(0x5000);
  s.published_lsn = Lsn(0x5000);
  s.own_score = k_score_never;
  s.own_status = NodeStatus::hs_alone;
  s.peers = {{"node1", false, false, std::nullopt, DataStatus::latest()},
             {"node3", true, true, Lsn(0x4000),
              DataStatus::replication(SenderState::streaming, SyncState::async)}};
  s.xlog_check_count = 3;
  return s;
}

// Run `rounds` monitors with unchanged positions, feeding the history back.
StandbyDecision run(StandbySnapshot s, int rounds) {
  StandbyDecision d;
  for (int i = 0; i < rounds; ++i) {
    d = decide_standby_monitor(s);
    s.history = d.history;
  }
  return d;
}

} // namespace

TEST_CASE("election: not run while a primary exists") {
  auto s = base();
  s.primary_exists = true;
  SECTION("plain") {
    auto d = decide_standby_monitor(s);
    CHECK(d.outcome == ElectionOutcome::primary_exists);
    CHECK(d.plan == Plan{DeleteNodeAttribute{"pgsql-xlog-loc", "node2", Lifetime::reboot}});
    CHECK(d.history.empty());
  }
  SECTION("my data status is DISCONNECT: HS:alone") {
    s.own_data_status = DataStatus::disconnect();
    s.own_status = NodeStatus::hs_async;
    s.published_lsn.reset();
    CHECK(decide_standby_monitor(s).plan ==
          Plan{SetNodeAttribute{"pgsql-status", "node2", "HS:alone", Lifetime::reboot}});
  }
}

TEST_CASE("election: the recorded primary claims 1000 without an election") {
  auto s = base();
  s.repl_info = pgha::model::ReplInfo{"node2", 1U, Lsn(0x100), std::nullopt};
  auto d = decide_standby_monitor(s);
  CHECK(d.outcome == ElectionOutcome::recorded_primary);
  CHECK(d.plan == Plan{SetPromotionScore{"node2", k_score_promote_me}});
}

TEST_CASE("election: a running recorded primary elsewhere wins") {
  auto s = base();
  s.repl_info = pgha::model::ReplInfo{"node3", std::nullopt, std::nullopt, std::nullopt};
  auto d = decide_standby_monitor(s);
  CHECK(d.outcome == ElectionOutcome::lost);
  CHECK(d.plan.empty());
}

TEST_CASE("election: eligibility by data status") {
  struct Row {
    const char* name;
    std::optional<DataStatus> status;
    RepMode mode;
    bool eligible;
  };
  const Row rows[] = {
      {"absent", std::nullopt, RepMode::sync, true},
      {"LATEST", DataStatus::latest(), RepMode::sync, true},
      {"STREAMING|SYNC", DataStatus::replication(SenderState::streaming, SyncState::sync),
       RepMode::sync, true},
      {"STREAMING|ASYNC in sync mode",
       DataStatus::replication(SenderState::streaming, SyncState::async), RepMode::sync, false},
      {"STREAMING|ASYNC in async mode",
       DataStatus::replication(SenderState::streaming, SyncState::async), RepMode::async, true},
      {"DISCONNECT", DataStatus::disconnect(), RepMode::async, false},
      {"CATCHUP|ASYNC", DataStatus::replication(SenderState::catchup, SyncState::async),
       RepMode::async, false},
  };
  for (const auto& r : rows) {
    SECTION(r.name) {
      CHECK(election_eligible(r.status, r.mode) == r.eligible);
      auto s = base();
      s.own_data_status = r.status;
      s.rep_mode = r.mode;
      s.own_score = k_score_election_won;
      auto d = decide_standby_monitor(s);
      if (!r.eligible) {
        CHECK(d.outcome == ElectionOutcome::ineligible);
        CHECK(d.plan == Plan{SetPromotionScore{"node2", k_score_never}});
      } else {
        CHECK(d.outcome != ElectionOutcome::ineligible);
      }
    }
  }
}

TEST_CASE("election: needs xlog_check_count identical observations") {
  auto s = base();
  SECTION("first two rounds wait, the third wins") {
    CHECK(run(s, 1).outcome == ElectionOutcome::waiting);
    CHECK(run(s, 2).outcome == ElectionOutcome::waiting);
    auto d = run(s, 3);
    CHECK(d.outcome == ElectionOutcome::won);
    CHECK(d.plan == Plan{SetPromotionScore{"node2", k_score_election_won}});
  }
  SECTION("a changed position restarts the count") {
    auto d = run(s, 2);
    s.history = d.history;
    s.own_lsn = Lsn(0x5100);
    s.published_lsn = s.own_lsn;
    d = decide_standby_monitor(s);
    CHECK(d.outcome == ElectionOutcome::waiting);
    CHECK(d.history.size() == 1);
  }
  SECTION("the history stays bounded and a winner keeps winning") {
    auto d = run(s, 10);
    CHECK(d.outcome == ElectionOutcome::won);
    CHECK(d.history.size() == 3);
  }
  SECTION("my position is published when it changed") {
    s.published_lsn.reset();
    CHECK(decide_standby_monitor(s).plan ==
          Plan{SetNodeAttribute{"pgsql-xlog-loc", "node2", "0000000000005000", Lifetime::reboot}});
  }
}

TEST_CASE("election: a running peer that has not published holds the election") {
  auto s = base();
  s.rep_mode = RepMode::async;
  s.peers[1].xlog_loc.reset();
  s.own_score = k_score_election_won;
  auto d = run(s, 5);
  CHECK(d.outcome == ElectionOutcome::waiting);
  CHECK_THAT(d.reason, Catch::Contains("\"node3\""));
  SECTION("and withdraws an earlier claim") {
    CHECK(d.plan == Plan{SetPromotionScore{"node2", k_score_never}});
  }
}

TEST_CASE("election: the highest LSN wins, numerically") {
  auto s = base();
  s.rep_mode = RepMode::async; // node3 (ASYNC) takes part
  SECTION("peer ahead: I lose and keep my data status") {
    s.peers[1].xlog_loc = Lsn::parse("10/0");
    s.own_lsn = Lsn::parse("9/0");
    s.published_lsn = s.own_lsn;
    auto d = run(s, 3);
    CHECK(d.outcome == ElectionOutcome::lost);
    CHECK(d.plan.empty()); // score already -INFINITY, no DISCONNECT written
  }
  SECTION("me ahead") {
    CHECK(run(s, 3).outcome == ElectionOutcome::won);
  }
  SECTION("tie: the node listed first wins, only one node claims") {
    s.peers[1].xlog_loc = Lsn(0x5000);
    CHECK(run(s, 3).outcome == ElectionOutcome::won); // node2 before node3
    auto other = s;
    other.me = "node3";
    other.peers = {{"node1", false, false, std::nullopt, std::nullopt},
                   {"node2", true, true, Lsn(0x5000),
                    DataStatus::replication(SenderState::streaming, SyncState::sync)}};
    CHECK(run(other, 3).outcome == ElectionOutcome::lost);
  }
}

TEST_CASE("election: unreadable own position") {
  auto s = base();
  s.own_lsn.reset();
  CHECK(decide_standby_monitor(s).outcome == ElectionOutcome::error);
}

TEST_CASE("election: decides in one pass once every node has published") {
  auto s = base();
  s.peers[0] = {"node1", true, true, Lsn(0x3000), DataStatus::latest()};
  SECTION("all three published: the first observation decides") {
    auto d = decide_standby_monitor(s);
    CHECK(d.outcome == ElectionOutcome::won);
    CHECK(d.plan == Plan{SetPromotionScore{"node2", k_score_election_won}});
  }
  SECTION("a peer ahead wins at once too") {
    s.peers[1].xlog_loc = Lsn(0x6000);
    s.peers[1].data_status = DataStatus::replication(SenderState::streaming, SyncState::sync);
    CHECK(decide_standby_monitor(s).outcome == ElectionOutcome::lost);
  }
  SECTION("an ineligible running peer does not hold the decision") {
    s.peers[0].xlog_loc.reset();
    s.peers[0].data_status = DataStatus::disconnect();
    CHECK(decide_standby_monitor(s).outcome == ElectionOutcome::won);
  }
  SECTION("a running peer that has not published still holds it") {
    s.peers[0].xlog_loc.reset();
    CHECK(decide_standby_monitor(s).outcome == ElectionOutcome::waiting);
  }
  SECTION("a node of node_list that is not running keeps the observation count") {
    s.peers[0].running = false;
    auto d = decide_standby_monitor(s);
    CHECK(d.outcome == ElectionOutcome::waiting);
    CHECK(run(s, 3).outcome == ElectionOutcome::won);
  }
  SECTION("a node of node_list that is not a member keeps the observation count") {
    s.peers[0].online = false;
    CHECK(decide_standby_monitor(s).outcome == ElectionOutcome::waiting);
  }
}
