#include "agent/core/promote.hpp"

#include <catch2/catch.hpp>

using namespace pgha::agent::core;
using pgha::model::HistoryEntry;
using pgha::model::Lsn;
using pgha::model::ReplInfo;

namespace {

PromoteSnapshot base() {
  PromoteSnapshot s;
  s.me = "node2";
  s.node_list = {"node1", "node2", "node3"};
  s.names = attribute_names("pgsql");
  s.in_recovery = true;
  s.repl_info = ReplInfo{"node1", 1U, Lsn(0x100), 3U};
  s.own_lsn = Lsn(0x5000);
  return s;
}

} // namespace

TEST_CASE("promote: method") {
  auto s = base();
  SECTION("failover: pg_ctl promote, nothing written to the CIB before it") {
    auto d = decide_promote(s);
    CHECK(d.method == PromoteMethod::pg_ctl_promote);
    CHECK(d.outcome.ok());
    CHECK(d.plan == Plan{PgCtlPromote{}});
  }
  SECTION("recorded primary promoted again: restart, timeline kept") {
    s.repl_info = ReplInfo{"node2", 1U, Lsn(0x100), 3U};
    auto d = decide_promote(s);
    CHECK(d.method == PromoteMethod::restart);
    CHECK(d.plan.back() == Step(RestartAsPrimary{}));
  }
  SECTION("bare-name record naming me: restart") {
    s.repl_info = ReplInfo{"node2", std::nullopt, std::nullopt, std::nullopt};
    CHECK(decide_promote(s).method == PromoteMethod::restart);
  }
  SECTION("no record: pg_ctl promote") {
    s.repl_info.reset();
    CHECK(decide_promote(s).method == PromoteMethod::pg_ctl_promote);
  }
  SECTION("already primary: nothing to do") {
    s.in_recovery = false;
    auto d = decide_promote(s);
    CHECK(d.method == PromoteMethod::already_primary);
    CHECK(d.plan.empty());
    CHECK(d.outcome.ok());
  }
}

TEST_CASE("promote: the lease") {
  auto s = base();
  s.enable_distlock = true;
  SECTION("not tried: refuse") {
    auto d = decide_promote(s);
    CHECK(d.method == PromoteMethod::refuse);
    CHECK(d.outcome.rc == OcfRc::err_generic);
    CHECK(d.plan.empty());
  }
  SECTION("refused: soft error, no plan") {
    s.lock = LockDecision{LockVerdict::refuse, "the lease is held by another node"};
    auto d = decide_promote(s);
    CHECK(d.outcome.rc == OcfRc::err_generic);
    CHECK(d.outcome.reason == "cannot promote: the lease is held by another node");
    CHECK(d.plan.empty());
  }
  SECTION("unprotected is not enough") {
    s.lock = LockDecision{LockVerdict::proceed_unprotected, "x"};
    CHECK(decide_promote(s).method == PromoteMethod::refuse);
  }
  SECTION("held: proceed") {
    s.lock = LockDecision{LockVerdict::proceed, "lease held"};
    CHECK(decide_promote(s).method == PromoteMethod::pg_ctl_promote);
  }
}

TEST_CASE("after promote: record, then the scores") {
  AfterPromoteInput in;
  in.me = "node2";
  in.node_list = {"node1", "node2", "node3"};
  in.names = attribute_names("pgsql");
  in.method = PromoteMethod::pg_ctl_promote;
  in.new_history = std::vector<HistoryEntry>{{1, Lsn(0x3000110), "no recovery target specified"}};
  in.term = 7;
  in.baseline = Lsn(0x3000110);
  SECTION("pg_ctl path") {
    auto d = after_promote(in);
    CHECK(d.outcome.ok());
    CHECK(d.plan == Plan{
                        SetReplInfo{ReplInfo{"node2", 1U, Lsn(0x3000110), 7U}},
                        SetPromotionScore{"node1", k_score_never},
                        SetPromotionScore{"node3", k_score_never},
                        SetPromotionScore{"node2", k_score_promote_me},
                        SetNodeAttribute{"pgsql-master-baseline", "node2", "0000000003000110",
                                         Lifetime::reboot},
                    });
  }
  SECTION("timeline skipped by PostgreSQL: the parent is recorded, not current - 1") {
    in.new_history = std::vector<HistoryEntry>{{1, Lsn(0x100), ""}, {2, Lsn(0x200), ""}};
    auto info = repl_info_after_promote("node2", *in.new_history, std::nullopt);
    REQUIRE(info);
    CHECK(pgha::model::render_repl_info(*info) == "node2|2|0000000000000200");
  }
  SECTION("no history: error, nothing marked") {
    in.new_history.reset();
    auto d = after_promote(in);
    CHECK(d.outcome.rc == OcfRc::err_generic);
    CHECK(d.plan.empty());
  }
  SECTION("restart path: the record is kept, only the term refreshed") {
    in.method = PromoteMethod::restart;
    in.new_history.reset();
    in.repl_info = ReplInfo{"node2", 1U, Lsn(0x100), 3U};
    auto d = after_promote(in);
    REQUIRE_FALSE(d.plan.empty());
    CHECK(d.plan.front() == Step(SetReplInfo{ReplInfo{"node2", 1U, Lsn(0x100), 7U}}));
    CHECK(d.plan.size() == 5);
  }
}
