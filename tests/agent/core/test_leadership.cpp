#include "agent/core/leadership.hpp"
#include "agent/core/primary_monitor.hpp"
#include "agent/core/promote.hpp"

#include <catch2/catch.hpp>

using namespace pgha::agent::core;
using pgha::model::Lsn;

namespace {

// node2 asks to be promoted; node1 (owner "pgsql_node1") led at term 7 on timeline 3.
EligibilitySnapshot candidate(std::optional<std::string> sync_standby) {
  EligibilitySnapshot s;
  s.me = "node2";
  s.me_owner = "pgsql_node2";
  s.rep_mode = RepMode::sync;
  s.record = LeaderFacts{"pgsql_node1", 7, 3U, std::move(sync_standby), Lsn(0x7000), "sync"};
  s.my_timeline = 3;
  s.my_lsn = Lsn(0x7100);
  return s;
}

} // namespace

TEST_CASE("eligibility: no record yet, the first primary is elected by the cluster") {
  auto s = candidate("node2");
  s.record.reset();
  CHECK(decide_eligibility(s).eligible);
}

TEST_CASE("eligibility: only the recorded synchronous standby, on the recorded timeline") {
  CHECK(decide_eligibility(candidate("node2")).eligible);

  auto other = decide_eligibility(candidate("node3"));
  CHECK_FALSE(other.eligible);
  CHECK_THAT(other.reason, Catch::Contains("\"node3\" the synchronous standby"));

  auto forked = candidate("node2");
  forked.my_timeline = 2;
  auto r = decide_eligibility(forked);
  CHECK_FALSE(r.eligible);
  CHECK_THAT(r.reason, Catch::Contains("timeline 2") && Catch::Contains("timeline 3"));
  CHECK_THAT(r.reason, Catch::Contains("cls_repair_slave"));
}

TEST_CASE("eligibility: a leader that acknowledged alone blocks every other node") {
  // The CIB of node2 may still say STREAMING|SYNC with score 100: the lock row decides.
  auto r = decide_eligibility(candidate(std::string()));
  CHECK_FALSE(r.eligible);
  CHECK_THAT(r.reason, Catch::Contains("acknowledged commits alone since 0/7000"));
  CHECK_THAT(r.reason, Catch::Contains("this node is at 0/7100"));
  CHECK_THAT(r.reason, Catch::Contains("cls_reset_master --force node2"));
  CHECK_THAT(r.reason, Catch::Contains("bring \"node1\" back (cls_cleanup"));
}

TEST_CASE("eligibility: a record without a standby (override, promotion in progress)") {
  auto r = decide_eligibility(candidate(std::nullopt));
  CHECK_FALSE(r.eligible);
  CHECK_THAT(r.reason, Catch::Contains("no synchronous standby recorded"));
}

TEST_CASE("eligibility: the recorded leader itself, whatever its standby") {
  auto s = candidate(std::string());
  s.me = "node1";
  s.me_owner = "pgsql_node1";
  CHECK(decide_eligibility(s).eligible);
  s.record->timeline.reset(); // crashed while promoting
  CHECK(decide_eligibility(s).eligible);
  s.record->timeline = 4; // crashed before a checkpoint on its new timeline: still its data
  CHECK(decide_eligibility(s).eligible);
}

TEST_CASE("eligibility: rep_mode=async needs only the recorded timeline") {
  auto s = candidate(std::string());
  s.rep_mode = RepMode::async;
  CHECK(decide_eligibility(s).eligible);
  s.my_timeline = 2;
  CHECK_FALSE(decide_eligibility(s).eligible);
}

TEST_CASE("record: alone before the recorded standby is dropped or replaced") {
  RecordInput in;
  in.me_owner = "pgsql_node1";
  in.my_term = 7;
  in.my_timeline = 3;
  in.record = LeaderFacts{"pgsql_node1", 7, 3U, "node2", Lsn(0x7000), "sync"};
  in.current_sync = "node2";
  in.next_sync = "node2";
  in.current_lsn = Lsn(0x9000);

  SECTION("the recorded standby stays named: nothing to write, confirmed or not") {
    CHECK_FALSE(record_needed(in).has_value());
    in.next_sync_confirmed = true;
    CHECK_FALSE(record_needed(in).has_value());
  }
  SECTION("dropped: alone since the current position") {
    in.next_sync = "";
    auto r = record_needed(in);
    REQUIRE(r);
    CHECK(r->sync_standby == std::string());
    CHECK(r->sync_lsn == Lsn(0x9000));
    CHECK(r->owner == "pgsql_node1");
    CHECK(r->term == 7);
  }
  SECTION("renamed to a standby not yet confirmed: alone") {
    in.next_sync = "node3";
    CHECK(record_needed(in)->sync_standby == std::string());
  }
  SECTION("the new standby confirmed: named") {
    in.record->sync_standby = std::string();
    in.current_sync = "node3";
    in.next_sync = "node3";
    in.next_sync_confirmed = true;
    CHECK(record_needed(in)->sync_standby == std::string("node3"));
  }
  SECTION("a record of another owner or term is replaced") {
    in.record->term = 6;
    CHECK(record_needed(in)->sync_standby == std::string());
    in.next_sync_confirmed = true;
    CHECK(record_needed(in)->sync_standby == std::string("node2"));
  }
}

namespace {

PrimarySnapshot lonely_primary() {
  PrimarySnapshot s;
  s.me = "node1";
  s.me_owner = "pgsql_node1";
  s.rep_mode = RepMode::sync;
  s.node_list = {"node1", "node2"};
  s.names = attribute_names("pgsql");
  s.sync_standby_names = "\"node2\"";
  s.current_lsn = Lsn(0x9000);
  s.sync_baseline = Lsn(0x1000);
  s.lease = LeaseState::valid;
  s.lock_term = 7;
  s.timeline = 3;
  s.leader_record = LeaderFacts{"pgsql_node1", 7, 3U, "node2", Lsn(0x7000), "sync"};
  s.self = {true, DataStatus::latest(), NodeStatus::pri, k_score_promote_me};
  s.repl_info = pgha::model::ReplInfo{"node1", 2U, Lsn(0x100), 7U};
  return s; // node2 is not in pg_stat_replication: it is gone
}

template <class T>
std::ptrdiff_t index_of(const Plan& plan) {
  for (std::size_t i = 0; i < plan.size(); ++i)
    if (std::holds_alternative<T>(plan[i]))
      return static_cast<std::ptrdiff_t>(i);
  return -1;
}

} // namespace

TEST_CASE("primary monitor: \"alone\" is recorded before synchronous replication is dropped") {
  auto d = decide_primary_monitor(lonely_primary());
  INFO(format_plan(d.plan));
  auto rec = index_of<RecordLeader>(d.plan);
  auto drop = index_of<SetSyncStandbyNames>(d.plan);
  REQUIRE(rec >= 0);
  REQUIRE(drop > rec);
  CHECK(std::get<RecordLeader>(d.plan[static_cast<std::size_t>(rec)]).record.sync_standby ==
        std::string());
  CHECK(std::get<SetSyncStandbyNames>(d.plan[static_cast<std::size_t>(drop)]).value.empty());
}

TEST_CASE("primary monitor: without a writable lock row the standby is neither dropped nor "
          "replaced") {
  auto s = lonely_primary();
  s.node_list = {"node1", "node2", "node3"};
  s.replication = {{"node3", SenderState::streaming, SyncState::async, Lsn(0x9000)}};
  s.lease = LeaseState::unprotected;
  auto d = decide_primary_monitor(s);
  INFO(format_plan(d.plan));
  CHECK(index_of<SetSyncStandbyNames>(d.plan) == -1);
  CHECK(index_of<RecordLeader>(d.plan) == -1);
  CHECK(d.outcome.rc == OcfRc::running_promoted);

  s.lease = LeaseState::valid; // with it: "alone" first, then node3 is named
  d = decide_primary_monitor(s);
  REQUIRE(index_of<RecordLeader>(d.plan) >= 0);
  CHECK(index_of<SetSyncStandbyNames>(d.plan) > index_of<RecordLeader>(d.plan));
}

TEST_CASE("primary monitor: a row at another owner or term fences at once, even when "
          "synchronous") {
  auto s = lonely_primary();
  s.replication = {{"node2", SenderState::streaming, SyncState::sync, Lsn(0x9000)}};
  s.lease = LeaseState::taken;
  auto d = decide_primary_monitor(s);
  CHECK(d.outcome.rc == OcfRc::err_generic);
  CHECK(d.plan == Plan{SetSyncStandbyNames{std::string(k_fence_standby_name)}});
}

TEST_CASE("promote: the lock row refuses, the lease goes back and the score drops") {
  PromoteSnapshot s;
  s.me = "node2";
  s.node_list = {"node1", "node2"};
  s.names = attribute_names("pgsql");
  s.enable_distlock = true;
  s.lock = LockDecision{LockVerdict::proceed, "lease held"};
  s.term = 8;
  s.me_owner = "pgsql_node2";
  s.timeline = 3;
  s.own_lsn = Lsn(0x7100);
  s.eligibility = Eligibility{false, "the last leader acknowledged alone"};
  auto d = decide_promote(s);
  CHECK(d.outcome.rc == OcfRc::err_generic);
  CHECK_THAT(d.outcome.reason, Catch::Contains("acknowledged alone"));
  CHECK(d.plan == Plan{ReleaseLock{}, SetPromotionScore{"node2", k_score_never}});

  s.eligibility = Eligibility{true, "recorded synchronous standby"};
  d = decide_promote(s);
  REQUIRE(d.outcome.ok());
  // Recorded first ("promoting, alone"), so a crash half-way leaves nobody else eligible.
  REQUIRE(std::holds_alternative<RecordLeader>(d.plan.front()));
  auto rec = std::get<RecordLeader>(d.plan.front()).record;
  CHECK(rec.owner == "pgsql_node2");
  CHECK(rec.term == 8);
  CHECK_FALSE(rec.timeline.has_value());
  CHECK(rec.sync_standby == std::string());
  CHECK(std::holds_alternative<PgCtlPromote>(d.plan.back()));
}

TEST_CASE("takeover without waiting: only the recorded synchronous standby, in sync mode") {
  auto rec = LeaderFacts{"pgsql_node1", 7, 3U, "node2", Lsn(0x7000), "sync"};
  CHECK(may_take_over(RepMode::sync, "node2", "pgsql_node2", rec));
  CHECK_FALSE(may_take_over(RepMode::async, "node2", "pgsql_node2", rec));
  CHECK_FALSE(may_take_over(RepMode::sync, "node3", "pgsql_node3", rec));
  rec.sync_standby = std::string();
  CHECK_FALSE(may_take_over(RepMode::sync, "node2", "pgsql_node2", rec));
  CHECK_FALSE(may_take_over(RepMode::sync, "node2", "pgsql_node2", std::nullopt));
}
