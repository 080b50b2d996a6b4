#include "agent/core/repl_info_check.hpp"

#include <catch2/catch.hpp>

using namespace pgha::agent::core;
using pgha::model::HistoryEntry;
using pgha::model::Lsn;

namespace {

ReplInfoCheckInput input(std::uint32_t tli, std::uint64_t checkpoint) {
  ReplInfoCheckInput in;
  in.me = "node1";
  in.repl_info = pgha::model::ReplInfo{"node2", 1U, Lsn(0x7000000), std::nullopt};
  in.controldata.state = pgha::model::ClusterState::shut_down;
  in.controldata.checkpoint_tli = tli;
  in.controldata.checkpoint_lsn = Lsn(checkpoint);
  return in;
}

} // namespace

TEST_CASE("REPL_INFO check: nothing to compare") {
  auto in = input(1, 0x8000000);
  SECTION("no record") {
    in.repl_info.reset();
    CHECK(check_repl_info(in).verdict == ReplInfoVerdict::pass);
  }
  SECTION("bare name") {
    in.repl_info = pgha::model::ReplInfo{"node2", std::nullopt, std::nullopt, std::nullopt};
    CHECK(check_repl_info(in).verdict == ReplInfoVerdict::pass);
  }
  SECTION("I am the recorded primary") {
    in.me = "node2";
    CHECK(check_repl_info(in).verdict == ReplInfoVerdict::pass);
  }
}

TEST_CASE("REPL_INFO check: same timeline as the fork") {
  SECTION("WAL ends before the switch point: pass") {
    CHECK(check_repl_info(input(1, 0x6000000)).verdict == ReplInfoVerdict::pass);
  }
  SECTION("WAL ends exactly at the switch point: pass") {
    auto in = input(1, 0x6000000);
    in.wal_end = Lsn(0x7000000);
    CHECK(check_repl_info(in).verdict == ReplInfoVerdict::pass);
  }
  SECTION("checkpoint before, but WAL goes past the switch point: conflict") {
    auto in = input(1, 0x6000000);
    in.wal_end = Lsn(0x7000100);
    auto c = check_repl_info(in);
    CHECK(c.verdict == ReplInfoVerdict::conflict);
    CHECK(c.remedy == Remedy::repair_slave);
    CHECK_THAT(c.reason, Catch::Contains("cls_repair_slave"));
    CHECK_THAT(c.reason, Catch::Contains("0/7000100"));
    CHECK_THAT(c.reason, Catch::Contains("node2|1|0000000007000000"));
  }
  SECTION("minimum recovery end past the switch point: conflict") {
    auto in = input(1, 0x6000000);
    in.controldata.min_recovery_end_lsn = Lsn(0x7000200);
    CHECK(check_repl_info(in).verdict == ReplInfoVerdict::conflict);
  }
  SECTION("checkpoint past the switch point: conflict") {
    CHECK(check_repl_info(input(1, 0x8000000)).verdict == ReplInfoVerdict::conflict);
  }
}

TEST_CASE("REPL_INFO check: newer local timeline") {
  SECTION("descends from the recorded promotion: pass") {
    auto in = input(2, 0x9000000);
    in.local_history = std::vector<HistoryEntry>{{1, Lsn(0x7000000), "no recovery target"}};
    CHECK(check_repl_info(in).verdict == ReplInfoVerdict::pass);
  }
  SECTION("promoted again after the recorded promotion (found in the sandbox): conflict") {
    // The history contains the recorded switch 1 -> 2, then this node left timeline 2 on its
    // own; the primary is still on timeline 2.
    auto in = input(3, 0x9000000);
    in.local_history = std::vector<HistoryEntry>{{1, Lsn(0x7000000), ""}, {2, Lsn(0x8000000), ""}};
    auto c = check_repl_info(in);
    CHECK(c.verdict == ReplInfoVerdict::conflict);
    CHECK(c.remedy == Remedy::repair_slave);
    CHECK_THAT(c.reason, Catch::Contains("local timeline 3 is past timeline 2"));
  }
  SECTION("promoted on its own (split brain): conflict") {
    auto in = input(2, 0x9000000);
    in.local_history = std::vector<HistoryEntry>{{1, Lsn(0x7500000), ""}};
    auto c = check_repl_info(in);
    CHECK(c.verdict == ReplInfoVerdict::conflict);
    CHECK_THAT(c.reason, Catch::Contains("separate promotion"));
  }
  SECTION("standby that replayed into the new timeline (min recovery end TLI)") {
    auto in = input(1, 0x6000000);
    in.controldata.min_recovery_end_tli = 2;
    in.controldata.min_recovery_end_lsn = Lsn(0x9000000);
    in.local_history = std::vector<HistoryEntry>{{1, Lsn(0x7000000), ""}};
    CHECK(check_repl_info(in).verdict == ReplInfoVerdict::pass);
  }
  SECTION("history missing: only the next timeline passes") {
    CHECK(check_repl_info(input(2, 0x9000000)).verdict == ReplInfoVerdict::pass);
    CHECK(check_repl_info(input(3, 0x9000000)).verdict == ReplInfoVerdict::conflict);
  }
}

TEST_CASE("REPL_INFO check: older local timeline and unreadable control data") {
  auto in = input(1, 0x100);
  in.repl_info = pgha::model::ReplInfo{"node2", 3U, Lsn(0x7000000), std::nullopt};
  auto c = check_repl_info(in);
  CHECK(c.verdict == ReplInfoVerdict::conflict);
  CHECK_THAT(c.reason, Catch::Contains("older than timeline 3"));
  in.controldata.checkpoint_tli.reset();
  CHECK(check_repl_info(in).verdict == ReplInfoVerdict::unknown);
  CHECK(remedy_command(Remedy::rebuild_slave) == "cls_rebuild_slave");
}
