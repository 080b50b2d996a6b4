// The parameters that reach PostgreSQL, each proven on a real primary + standby through the
// built expgsql: replication_slot_name, monitor_sql/monitor_user, start_opt, ctl_opt,
// archive_cleanup_command, recovery_end_command, check_wal_receiver, and the supported majors.

#include "tests/agent/agent_act.hpp"
#include "tests/agent/agent_harness.hpp"
#include "tests/support/proc_files.hpp"

#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <fstream>
#include <sstream>

using namespace pgha::test;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

std::string slot_count(const PgServer& s, const std::string& name) {
  return s.query_params("select count(*) from pg_replication_slots where slot_name = $1", {name});
}

} // namespace

TEST_CASE("replication_slot_name: the standby streams through its slot, a removed node's slot "
          "is dropped, other slots are untouched") {
  Pair pair;
  for (auto* env : {&pair.env1, &pair.env2})
    (*env)["OCF_RESKEY_replication_slot_name"] = "pgha";
  // Slots of other tools, and the slot of a node that left node_list.
  pair.primary->query("select pg_create_physical_replication_slot('barman')");
  pair.primary->query("select pg_create_physical_replication_slot('pgha_node3')");
  REQUIRE(act("monitor", pair.env1).rc == 8);
  CHECK(slot_count(*pair.primary, "pgha_node2") == "1");
  CHECK(slot_count(*pair.primary, "pgha_node3") == "0");
  CHECK(slot_count(*pair.primary, "barman") == "1");
  CHECK_FALSE(pair.cib.node_attr("node1", "pgsql-slots"));

  REQUIRE(act("start", pair.env2).rc == 0);
  CHECK(read_text(pair.standby->datadir() / "postgresql.auto.conf")
            .find("primary_slot_name = 'pgha_node2'") != std::string::npos);
  CHECK(poll_until(
      [&] {
        return pair.standby->query("select slot_name from pg_stat_wal_receiver") == "pgha_node2" &&
               pair.primary->query("select active from pg_replication_slots where slot_name = "
                                   "'pgha_node2'") == "t";
      },
      60s));
  CHECK(act("monitor", pair.env1).rc == 8);
  CHECK(slot_count(*pair.primary, "pgha_node2") == "1");
}

TEST_CASE("replication_slot_name: a promoted standby creates the others' slots before they "
          "need them, and drops them when demoted") {
  Pair pair;
  for (auto* env : {&pair.env1, &pair.env2})
    (*env)["OCF_RESKEY_replication_slot_name"] = "pgha";
  REQUIRE(act("start", pair.env2).rc == 0);
  REQUIRE(act("stop", pair.env1).rc == 0);
  CHECK(slot_count(*pair.standby, "pgha_node1") == "0");
  REQUIRE(act("promote", pair.env2).rc == 0);
  CHECK(slot_count(*pair.standby, "pgha_node1") == "1");
  CHECK(slot_count(*pair.standby, "pgha_node2") == "0"); // never its own
  // Demoted, it serves no slot: an unused one would keep its WAL forever.
  REQUIRE(act("demote", pair.env2).rc == 0);
  CHECK(pair.standby->query("select pg_is_in_recovery()") == "t");
  CHECK(slot_count(*pair.standby, "pgha_node1") == "0");
  // Promoted again, now by a restart (it is the recorded primary): the slot is back.
  REQUIRE(act("promote", pair.env2).rc == 0);
  CHECK(slot_count(*pair.standby, "pgha_node1") == "1");
}

TEST_CASE("replication_slot_name: a slot holding back more than max_wal_size is reported in "
          "pgsql-slots, not dropped") {
  Pair pair;
  pair.env1["OCF_RESKEY_replication_slot_name"] = "pgha";
  pair.primary->query("alter system set max_wal_size = '32MB'");
  pair.primary->query("select pg_reload_conf()");
  REQUIRE(act("monitor", pair.env1).rc == 8); // creates pgha_node2; node2 is not running
  REQUIRE(slot_count(*pair.primary, "pgha_node2") == "1");
  pair.primary->query("create table filler(i int)");
  for (int i = 0; i < 4; ++i) {
    pair.primary->query("insert into filler select generate_series(1, 1000)");
    pair.primary->query("select pg_switch_wal()");
  }
  pair.primary->query("checkpoint");
  REQUIRE(pair.primary->query(
              "select wal_status from pg_replication_slots where slot_name = 'pgha_node2'") ==
          "extended");
  CHECK(act("monitor", pair.env1).rc == 8);
  auto report = pair.cib.node_attr("node1", "pgsql-slots");
  REQUIRE(report);
  CHECK(report->rfind("pgha_node2:extended:", 0) == 0);
  CHECK(slot_count(*pair.primary, "pgha_node2") == "1");
  CHECK(read_text(pair.primary->base() / "agent.log").find("holds back") != std::string::npos);
}

TEST_CASE("monitor_sql: a failing or hanging health query fails the primary's monitor with 1, "
          "it runs as monitor_user and only at check level 10") {
  Pair pair;
  REQUIRE(act("monitor", pair.env1).rc == 8); // the default "select now()"
  pair.primary->query("create role health login");
  auto env = pair.env1;
  env["OCF_RESKEY_monitor_sql"] = "select 1 / (current_user = 'health')::int";
  auto failed = act("monitor", env);
  CHECK(failed.rc == 1);
  CHECK_THAT(failed.exit_reason(), Catch::Contains("monitor_sql") && Catch::Contains("division"));
  env["OCF_RESKEY_monitor_user"] = "health";
  CHECK(act("monitor", env).rc == 8);
  // OCF_CHECK_LEVEL=0: the query does not run.
  auto shallow = pair.env1;
  shallow["OCF_RESKEY_monitor_sql"] = "select * from no_such_table";
  shallow["OCF_CHECK_LEVEL"] = "0";
  CHECK(act("monitor", shallow).rc == 8);
  // Its own deadline: half of what is left of the monitor's.
  auto slow = pair.env1;
  slow["OCF_RESKEY_monitor_sql"] = "select pg_sleep(60)";
  slow["OCF_RESKEY_CRM_meta_timeout"] = "15000";
  auto hung = act("monitor", slow);
  CHECK(hung.rc == 1);
  CHECK(hung.duration < 15000ms);
  CHECK_THAT(hung.exit_reason(), Catch::Contains("monitor_sql"));
}

TEST_CASE("start_opt, ctl_opt, archive_cleanup_command and recovery_end_command reach "
          "PostgreSQL") {
  Pair pair;
  auto cleanup = pair.standby->base() / "cleanup-ran";
  auto end = pair.standby->base() / "recovery-end-ran";
  pair.env2["OCF_RESKEY_start_opt"] = R"(-c "cluster_name=pgha 'node2'" -c work_mem=7MB)";
  pair.env2["OCF_RESKEY_ctl_opt"] = "-c";
  pair.env2["OCF_RESKEY_archive_cleanup_command"] = "touch " + cleanup.string();
  pair.env2["OCF_RESKEY_recovery_end_command"] = "touch " + end.string();
  pair.env2["OCF_RESKEY_restore_command"] = "false %f %p";
  REQUIRE(act("start", pair.env2).rc == 0);
  CHECK(read_text(pair.standby->datadir() / "postgresql.auto.conf")
            .find("restore_command = 'false %f %p'") != std::string::npos);
  CHECK(pair.standby->query("show cluster_name") == "pgha 'node2'");
  CHECK(pair.standby->query("show work_mem") == "7MB");
  CHECK(core_limit(pair.standby->postmaster_pid()) == "unlimited");
  auto conf = read_text(pair.standby->datadir() / "postgresql.auto.conf");
  CHECK(conf.find("archive_cleanup_command = 'touch " + cleanup.string() + "'") !=
        std::string::npos);
  CHECK(conf.find("recovery_end_command = 'touch " + end.string() + "'") != std::string::npos);
  // archive_cleanup_command runs at the standby's restartpoints.
  pair.primary->query("checkpoint");
  CHECK(poll_until(
      [&] {
        pair.standby->query("checkpoint");
        return fs::exists(cleanup);
      },
      60s));
  CHECK_FALSE(fs::exists(end));
  // recovery_end_command runs when recovery ends: the promotion.
  REQUIRE(act("stop", pair.env1).rc == 0);
  REQUIRE(act("promote", pair.env2).rc == 0);
  CHECK(poll_until([&] { return fs::exists(end); }, 30s));

  // An unbalanced quote is a configuration error, found by validate-all at level 0.
  auto bad = pair.env1;
  bad["OCF_RESKEY_start_opt"] = "-c 'cluster_name=x";
  auto v = act("validate-all", bad);
  CHECK(v.rc == 6);
  CHECK_THAT(v.exit_reason(), Catch::Contains("start_opt") && Catch::Contains("unbalanced"));
}

TEST_CASE("wal_retrieve_retry_interval is 1s on a standby unless set") {
  Pair pair;
  // The default: the standby retries its primary every second (PostgreSQL's own is 5s).
  REQUIRE(act("start", pair.env2).rc == 0);
  CHECK(pair.standby->query("show wal_retrieve_retry_interval") == "1s");
  REQUIRE(act("stop", pair.env2).rc == 0);
  pair.env2["OCF_RESKEY_wal_retrieve_retry_interval"] = "250ms";
  REQUIRE(act("start", pair.env2).rc == 0);
  CHECK(pair.standby->query("show wal_retrieve_retry_interval") == "250ms");
  CHECK(read_text(pair.standby->datadir() / "postgresql.auto.conf")
            .find("wal_retrieve_retry_interval = '250ms'") != std::string::npos);

  auto bad = pair.env1;
  bad["OCF_RESKEY_wal_retrieve_retry_interval"] = "soon";
  auto v = act("validate-all", bad);
  CHECK(v.rc == 6);
  CHECK_THAT(v.exit_reason(), Catch::Contains("wal_retrieve_retry_interval"));
}

TEST_CASE("check_wal_receiver publishes the standby's receiver state") {
  Pair pair;
  pair.env2["OCF_RESKEY_check_wal_receiver"] = "true";
  REQUIRE(act("start", pair.env2).rc == 0);
  CHECK(poll_until(
      [&] {
        return act("monitor", pair.env2).rc == 0 &&
               pair.cib.node_attr("node2", "pgsql-receiver") == "streaming";
      },
      60s));
  pair.primary->stop("fast");
  CHECK(poll_until(
      [&] {
        act("monitor", pair.env2);
        auto v = pair.cib.node_attr("node2", "pgsql-receiver");
        return v && *v != "streaming";
      },
      60s));
  // Off (the default): no attribute.
  CHECK_FALSE(pair.cib.node_attr("node1", "pgsql-receiver"));
}

TEST_CASE("a data directory of an unsupported major is refused with 5 and a reason") {
  Pair pair;
  { std::ofstream(pair.standby->datadir() / "PG_VERSION") << "13\n"; }
  auto env = pair.env2;
  env["OCF_CHECK_LEVEL"] = "10";
  auto v = act("validate-all", env);
  CHECK(v.rc == 5);
  CHECK_THAT(v.exit_reason(), Catch::Contains("PostgreSQL 13") && Catch::Contains("14 to 18"));
  CHECK(act("start", pair.env2).rc == 5);
}

TEST_CASE("pghost: the agent's sessions use that address instead of socketdir") {
  Pair pair;
  auto env = pair.env1;
  env["OCF_RESKEY_pghost"] = "127.0.0.1";
  env["OCF_RESKEY_socketdir"] = "/nonexistent-pgha-socketdir";
  CHECK(act("monitor", env).rc == 8);
  env.erase("OCF_RESKEY_pghost");
  CHECK(act("monitor", env).rc == 1); // no socket there: the probe fails
}

TEST_CASE("without pgctl and psql the agent takes Debian's binaries of the data directory's "
          "major") {
  Pair pair;
  auto env = pair.env1;
  env.erase("OCF_RESKEY_pgctl");
  env.erase("OCF_RESKEY_psql");
  env["OCF_CHECK_LEVEL"] = "10";
  CHECK(act("validate-all", env).rc == 0);
  CHECK(act("monitor", env).rc == 8);
  // pg_ctl stop through the derived pgctl.
  CHECK(act("stop", env).rc == 0);
  CHECK_FALSE(pair.primary->running());
  CHECK(act("monitor", env).rc == 7);
}
