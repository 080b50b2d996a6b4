// The PostgreSQL seam against a real primary + standby of the major in PGHA_PG_BINDIR: run by
// the ordinary integration tier on Debian's 15 and, per supported major (14-18), by the version
// tier (ctest label pgmajor, binaries from ci/fetch-pg-majors.sh). Only postgres, initdb and
// pg_ctl of that major run here; the client side is libpq 15 (the agent's), which talks to
// every supported server.
#include "common/base/error.hpp"
#include "common/model/timeline_history.hpp"
#include "common/pg/ctl.hpp"
#include "common/pg/instance.hpp"
#include "common/pg/version.hpp"
#include "common/proc/runner.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/pg_server.hpp"
#include "tests/support/proc_files.hpp"

#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <fstream>
#include <sstream>
#include <thread>

using namespace pgha;
using namespace pgha::pg;
using namespace std::chrono_literals;
using pgha::test::core_limit;
using pgha::test::read_text;
namespace fs = std::filesystem;

namespace {

Deadline soon() {
  return Deadline::after(60s);
}

// Poll (bounded) until `condition` holds.
template <typename F>
bool eventually(F condition) {
  return test::eventually(condition, 60s);
}

} // namespace

TEST_CASE("the seam's major is supported and read from server and data directory", "[pgmajor]") {
  test::PgServer server({"primary", {}, true});
  Instance pg({server.conninfo(), "pgha-test"});
  int major = server.major();
  INFO("PostgreSQL " << major << " from " << test::pg_bindir());
  CHECK(unsupported_major_reason(major, "test").empty());
  CHECK(major_of_version_num(pg.server_version(soon())) == major);
  CHECK(data_directory_major(server.datadir()) == major);
  // wal_status (13+) is what the slot report reads.
  CHECK(pg.create_physical_slot("pgha_node9", soon()));
  auto slots = pg.slots(soon());
  REQUIRE(slots.size() == 1);
  CHECK(slots[0].wal_status == "reserved");
  CHECK(pg.drop_slot("pgha_node9", soon()));
}

TEST_CASE("standby set-up with the agent's settings streams through its slot, promotion "
          "switches the timeline and runs recovery_end_command",
          "[pgmajor]") {
  test::PgServer primary_server({"primary", {}, true});
  // Made first: without pg_basebackup the copy restarts the primary (and its sessions).
  auto standby_server = test::PgServer::standby_of(primary_server, "standby", false);
  Instance primary({primary_server.conninfo(), "pgha-test"});
  REQUIRE(primary.create_physical_slot("pgha_node2", soon()));
  const auto base = standby_server->base();
  const auto cleanup_marker = base / "archive-cleanup-ran";
  const auto end_marker = base / "recovery-end-ran";

  proc::PosixRunner runner;
  CtlOptions o;
  o.bindir = test::pg_bindir();
  o.pgdata = standby_server->datadir();
  o.logfile = standby_server->log_file();
  // start_opt: words with blanks and quotes reach postgres literally; ctl_opt -c: core files.
  o.server_options = {"-c", R"(cluster_name=it's a "test" $HOME)"};
  o.ctl_options = {"-c"};
  Ctl ctl(runner, o);
  ReplicationConfig rc;
  rc.primary_conninfo = fmt::format("host=127.0.0.1 port={} user=postgres application_name=node2",
                                    primary_server.port());
  rc.primary_slot_name = "pgha_node2";
  rc.archive_cleanup_command = "touch " + cleanup_marker.string();
  rc.recovery_end_command = "touch " + end_marker.string();
  ctl.write_replication_config(rc);
  ctl.write_standby_signal();
  ctl.start(soon());

  Instance standby({standby_server->conninfo(), "pgha-test"});
  CHECK(standby.is_in_recovery(soon()));
  CHECK(standby_server->query("SHOW cluster_name") == R"(it's a "test" $HOME)");
  CHECK(core_limit(*ctl.postmaster_pid()) == "unlimited");
  CHECK(ctl.auto_conf_value("archive_cleanup_command") == rc.archive_cleanup_command);
  CHECK(ctl.auto_conf_value("recovery_end_command") == rc.recovery_end_command);

  // Streams through its slot.
  REQUIRE(eventually([&] {
    auto rx = standby.wal_receiver(soon());
    return rx && rx->status == "streaming" && rx->slot_name == "pgha_node2" && rx->flushed_lsn;
  }));
  REQUIRE(eventually([&] {
    auto slots = primary.slots(soon());
    return slots.size() == 1 && slots[0].active && slots[0].wal_status == "reserved";
  }));
  REQUIRE(eventually([&] {
    for (const auto& row : primary.replication_status(soon()))
      if (row.application_name == "node2" && row.state == "streaming" && row.flush_lsn)
        return true;
    return false;
  }));
  primary.set_synchronous_standby(std::string("node2"), soon());
  CHECK(primary.synchronous_standby_names(soon()) == "\"node2\"");
  CHECK(primary_server.query("CREATE TABLE t AS SELECT 1 AS i") == "");
  primary.set_synchronous_standby(std::nullopt, soon());
  CHECK(primary.timeline(soon()) == 1U);
  CHECK(standby.timeline(soon()) == 1U);
  CHECK(standby.receive_lsn(soon()).has_value());

  // archive_cleanup_command runs at a restartpoint: a checkpoint on the primary, replayed,
  // then CHECKPOINT on the standby.
  primary.checkpoint(soon());
  auto target = primary.current_lsn(soon());
  REQUIRE(eventually([&] {
    auto replay = standby.replay_lsn(soon());
    return replay && *replay >= target;
  }));
  standby.checkpoint(soon());
  CHECK(eventually([&] { return fs::exists(cleanup_marker); }));
  CHECK_FALSE(fs::exists(end_marker));

  // Promotion as the agent does it (pg_ctl promote -W, then pg_is_in_recovery() watched):
  // timeline 2, its history file (the divergence check's input), the end command.
  ctl.request_promote(soon());
  CHECK(eventually([&] { return !standby.is_in_recovery(soon()); }));
  CHECK(standby.timeline(soon()) == 2U);
  auto history =
      model::parse_timeline_history(read_text(o.pgdata / "pg_wal" / model::history_file_name(2)));
  REQUIRE(history.size() == 1);
  CHECK(history[0].parent == 1U);
  CHECK(eventually([&] { return fs::exists(end_marker); }));
  // The new primary keeps slots for the others.
  CHECK(standby.create_physical_slot("pgha_node1", soon()));
  CHECK(standby.slots(soon()).size() == 1);
}
