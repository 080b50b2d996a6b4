#include "common/base/error.hpp"
#include "common/model/controldata.hpp"
#include "tests/support/agent_fixtures.hpp"

#include <catch2/catch.hpp>

using namespace pgha::model;

// Captured from PostgreSQL 15 (Debian 12) with LC_ALL=C: a primary and a streaming standby set
// up with initdb + pg_basebackup, stopped, crashed (-m immediate) and promoted.
TEST_CASE("pg_controldata output of real PostgreSQL 15 instances") {
  struct Row {
    const char* file;
    ClusterState state;
    const char* checkpoint;
    TimelineId tli;
    const char* min_recovery_end;
    TimelineId min_recovery_tli;
  };
  const Row rows[] = {
      {"pg15_fresh_shutdown.txt", ClusterState::shut_down, "0/1511A88", 1, "0/0", 0},
      {"pg15_primary_running.txt", ClusterState::in_production, "0/3000098", 1, "0/0", 0},
      {"pg15_primary_crashed.txt", ClusterState::in_production, "0/3000098", 1, "0/0", 0},
      {"pg15_standby_running.txt", ClusterState::in_archive_recovery, "0/3000098", 1, "0/3000110",
       1},
      {"pg15_standby_shutdown.txt", ClusterState::shut_down_in_recovery, "0/3000098", 1,
       "0/3000110", 1},
      {"pg15_promoted_running.txt", ClusterState::in_production, "0/3000228", 2, "0/0", 0},
      {"pg15_promoted_shutdown.txt", ClusterState::shut_down, "0/30002A0", 2, "0/0", 0},
  };
  for (const auto& r : rows) {
    SECTION(r.file) {
      auto cd = parse_controldata(pgha::test::read_fixture(std::string("controldata/") + r.file));
      CHECK(cd.state == r.state);
      CHECK(cd.checkpoint_lsn == Lsn::parse(r.checkpoint));
      CHECK(cd.checkpoint_tli == r.tli);
      CHECK(cd.prev_tli == r.tli);
      CHECK(cd.min_recovery_end_lsn == Lsn::parse(r.min_recovery_end));
      CHECK(cd.min_recovery_end_tli == r.min_recovery_tli);
      CHECK(cd.redo_lsn.has_value());
      CHECK(cd.system_identifier.has_value());
      CHECK(cd.version == 1300);
      CHECK(cd.wal_log_hints == false);
      CHECK(cd.data_checksum_version == 0);
      CHECK(cd.cleanly_shut_down() ==
            (r.state == ClusterState::shut_down || r.state == ClusterState::shut_down_in_recovery));
    }
  }
}

TEST_CASE("pg_controldata output of every supported major") {
  // 15 captured, the others quoted from each release's pg_controldata.c (see
  // tests/fixtures/agent/controldata/README.md): the labels pgha reads are the same in 14-18.
  const std::pair<int, int> majors[] = {{14, 1300}, {15, 1300}, {16, 1300}, {17, 1700}, {18, 1800}};
  for (const auto& [major, control_version] : majors) {
    INFO("major " << major);
    auto cd = parse_controldata(pgha::test::read_fixture("controldata/pg" + std::to_string(major) +
                                                         "_standby_running.txt"));
    CHECK(cd.state == ClusterState::in_archive_recovery);
    CHECK(cd.checkpoint_lsn == Lsn::parse("0/3000098"));
    CHECK(cd.redo_lsn == Lsn::parse("0/3000060"));
    CHECK(cd.checkpoint_tli == 1U);
    CHECK(cd.min_recovery_end_lsn == Lsn::parse("0/3000110"));
    CHECK(cd.min_recovery_end_tli == 1U);
    CHECK(cd.version == control_version);
    CHECK(cd.wal_segment_size == 16777216U);
    CHECK(cd.data_checksum_version == (major >= 18 ? 1 : 0));
  }
}

TEST_CASE("pg_controldata states and bad output") {
  SECTION("every state label") {
    struct Row {
      const char* text;
      ClusterState state;
    };
    const Row rows[] = {{"starting up", ClusterState::starting_up},
                        {"shutting down", ClusterState::shutting_down},
                        {"in crash recovery", ClusterState::in_crash_recovery},
                        {"something new", ClusterState::unknown}};
    for (const auto& r : rows) {
      auto cd = parse_controldata(std::string("Database cluster state:   ") + r.text + "\n");
      CHECK(cd.state == r.state);
      CHECK(cd.state_text == r.text);
    }
  }
  SECTION("translated output (wrong locale) is refused") {
    CHECK_THROWS_AS(parse_controldata("Datenbank-Cluster-Status: heruntergefahren\n"),
                    pgha::StateError);
  }
  SECTION("unparseable values stay empty") {
    auto cd = parse_controldata("Database cluster state: shut down\n"
                                "Latest checkpoint location: garbage\n");
    CHECK_FALSE(cd.checkpoint_lsn);
  }
  CHECK(to_string(ClusterState::in_archive_recovery) == "in archive recovery");
}
