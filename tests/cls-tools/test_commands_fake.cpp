// Commands against the fakes of their seams (cls::testing::FakeWorld: FakeCluster, FakeRunner,
// FakePostgres, FakeLockAdmin): what they write, what they print, and how they refuse. Every
// cls_* command's success path is here; the sandbox scenario stays the end-to-end proof.
#include "cls-tools/lib/cib_builder.hpp"
#include "common/base/error.hpp"
#include "tests/cls-tools/command_harness.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using namespace pgha;
using namespace pgha::cls;
using namespace pgha::test;

TEST_CASE("cls_master prints the primary or an empty line") {
  Harness h;
  CHECK(h.run(cmd_master, {}) == 0);
  CHECK(h.out == "\n");
  h.fake.set_role("pgsql", "n1", "Promoted");
  CHECK(h.run(cmd_master, {}) == 0);
  CHECK(h.out == "n1\n");
}

TEST_CASE("cls_unstandby_node writes the standby attribute of the named or local node") {
  Harness h;
  h.fake.set_node_standby("n1", true, Deadline::after(k_second));
  CHECK(h.run(cmd_unstandby_node, with_node("n1")) == 0);
  CHECK_FALSE(h.fake.standby("n1"));
  CHECK(h.run(cmd_unstandby_node, with_node("nope")) == 100);
  CHECK(h.out.find("HINT:") != std::string::npos);
}

TEST_CASE("cls_unmanage and cls_manage flip is-managed of every pgha resource") {
  Harness h;
  CHECK(h.run(cmd_unmanage, {}) == 0);
  CHECK(h.fake.managed("vip-master") == false);
  CHECK(h.fake.managed("vip-slave") == false);
  CHECK(h.run(cmd_manage, {}) == 0);
  CHECK(h.fake.managed("vip-master") == true);
}

TEST_CASE("cls_online_switch refuses without a primary and with a lagging target") {
  Harness h;
  CHECK(h.run(cmd_online_switch, {}) == 10);
  CHECK(h.out.find("there is no primary") != std::string::npos);
  h.fake.set_role("pgsql", "n1", "Promoted");
  h.fake.set_role("pgsql", "n2", "Unpromoted");
  h.data_status("n2", streaming(SyncState::potential));
  CHECK(h.run(cmd_online_switch, with_node("n2")) == 10);
  CHECK(h.out.find("not caught up") != std::string::npos);
  CHECK(h.fake.constraints().empty());
}

TEST_CASE("cls_reset_master and cls_repair_slave refuse with a running primary or healthy node") {
  Harness h;
  h.fake.set_role("pgsql", "n1", "Promoted");
  h.fake.set_role("pgsql", "n2", "Unpromoted");
  CHECK(h.run(cmd_reset_master, {}) == 10);
  h.data_status("n2", streaming(SyncState::sync));
  CHECK(h.run(cmd_repair_slave, {}) == 100);
  CHECK(h.out.find("healthy") != std::string::npos);
  h.fake.set_local_node("n1");
  CHECK(h.run(cmd_repair_slave, {}) == 100);
  CHECK(h.out.find("is the primary") != std::string::npos);
}

TEST_CASE("the command table resolves both spellings and declares each command's flags") {
  CHECK(find_command("cls_online_switch") == find_command("online_switch"));
  CHECK(find_command("bogus") == nullptr);
  CHECK(command_table().size() == 16); // 15 cls_* commands and cls config
  auto flags_of = [](std::string_view name) {
    std::vector<std::string> out;
    for (const auto& f : find_command(name)->flags)
      out.emplace_back(f.name);
    return out;
  };
  CHECK(flags_of("status") == std::vector<std::string>{"--json"});
  CHECK(flags_of("history") == std::vector<std::string>{"--json"});
  CHECK(flags_of("setup") == std::vector<std::string>{"--dry-run", "--no-lock-init"});
  CHECK(flags_of("reset_master") == std::vector<std::string>{"--force"});
  CHECK(flags_of("start").empty());
  CHECK(find_command("setup")->takes_node());
  CHECK_FALSE(find_command("start")->takes_node());
  CHECK(find_command("config")->offline != nullptr);
  CHECK(find_command("config")->exactly_one_flag);
  for (const auto& c : command_table())
    CHECK((c.run != nullptr) != (c.offline != nullptr));
}

TEST_CASE("cls_reset_master --force needs a node, and records before it stops anything") {
  Harness h;
  Args args;
  args.force = true;
  CHECK(h.run(cmd_reset_master, args) == static_cast<int>(ExitCode::bad_arguments));
  CHECK(h.out.find("--force needs the node") != std::string::npos);
  // The lock server does not answer: the override fails, and nothing was stopped.
  h.world.fake_lock.reachable = false;
  args.node = "n1";
  CHECK_THROWS_AS(h.run(cmd_reset_master, args), pgha::PgUnreachable);
  for (const auto& call : h.fake.calls())
    CHECK((call.rfind("set_", 0) != 0 && call.rfind("delete_", 0) != 0));
}

// --- success paths -------------------------------------------------------------------------

TEST_CASE("cls_setup verifies and loads the built CIB, then installs the lock schema") {
  Harness h;
  h.fake.replace_cib(empty_cib(), Deadline::after(k_second));
  h.fake.clear_calls();
  CHECK(h.run(cmd_setup, {}) == 0);
  CHECK(h.fake.calls() == std::vector<std::string>{"verify", "replace_cib"});
  REQUIRE(h.fake.cib_xml());
  CHECK(h.fake.cib_xml()->find("ocf") != std::string::npos);
  CHECK(h.out.find("loaded the dual configuration for 2 nodes") != std::string::npos);
  REQUIRE(h.world.fake_lock.calls.size() == 1);
  CHECK(h.world.fake_lock.calls.front().starts_with("install "));
  CHECK(h.out.find("lock schema ready on fake lock server; lock \"cls1\" free") !=
        std::string::npos);
}

TEST_CASE("cls_setup with a node records it in REPL_INFO when no primary runs") {
  Harness h;
  h.fake.replace_cib(empty_cib(), Deadline::after(k_second));
  Args args = with_node("n1");
  args.no_lock_init = true;
  CHECK(h.run(cmd_setup, args) == 0);
  CHECK(h.out.find("pgsql_REPL_INFO set to \"n1\"") != std::string::npos);
  CHECK(h.world.fake_lock.calls.empty());
}

TEST_CASE("cls_start starts the clone and waits for the primary and replication") {
  Harness h;
  h.stopped();
  h.fake.on_write([&](const std::string& line) {
    if (line == "set_target_role pgsql-clone Started")
      h.running();
  });
  CHECK(h.run(cmd_start, {}) == 0);
  CHECK(has(h.fake.calls(), "cleanup pgsql-clone *"));
  CHECK(has(h.fake.calls(), "set_target_role pgsql-clone Started"));
  CHECK(h.out == "primary started on \"n1\"\nstart resource successful\n");
}

TEST_CASE("cls_stop stops the clone and waits until nothing runs") {
  Harness h;
  h.running();
  h.fake.on_write([&](const std::string& line) {
    if (line == "set_target_role pgsql-clone Stopped")
      h.stopped();
  });
  CHECK(h.run(cmd_stop, {}) == 0);
  CHECK(has(h.fake.calls(), "set_target_role pgsql-clone Stopped"));
  CHECK(h.out == "stop resource successful\n");
}

TEST_CASE("cls_status reports nodes, replication from the primary and the lock") {
  Harness h;
  h.running_with_replication();
  h.world.fake_lock.row.exists = true;
  h.world.fake_lock.row.holder = "pgsql_n1";
  h.world.fake_lock.row.term = 4;
  h.world.fake_lock.row.server_remaining = std::chrono::seconds(20);
  CHECK(h.run(cmd_status, {}) == 0);
  CHECK(h.out.find("n1") != std::string::npos);
  CHECK(h.out.find(h.names.data_status) != std::string::npos);
  CHECK(h.out.find(streaming(SyncState::sync)) != std::string::npos);
  CHECK(h.out.find("pgsql_n1") != std::string::npos);
  Args json;
  json.json = true;
  CHECK(h.run(cmd_status, json) == 0);
  CHECK(h.out.front() == '{');
  CHECK(h.out.find("\"owner\":\"pgsql_n1\"") != std::string::npos);
  CHECK(h.out.find("\"lag_bytes\":256") != std::string::npos);
}

TEST_CASE("cls_online_switch moves the primary to the caught-up standby and clears the move") {
  Harness h;
  h.running();
  h.fake.on_write([&](const std::string& line) {
    if (line == "move pgsql-clone n2 promoted") {
      h.running("n2", "n1");
    }
  });
  CHECK(h.run(cmd_online_switch, {}) == 0);
  CHECK(has(h.fake.calls(), "move pgsql-clone n2 promoted"));
  CHECK(h.fake.calls().back() == "clear pgsql-clone *");
  CHECK(h.fake.constraints().empty());
  CHECK(h.out.find("online switch succeeded, the new primary is \"n2\"") != std::string::npos);
}

TEST_CASE("cls_cleanup forgets failures of every pgha resource") {
  Harness h;
  h.running();
  h.fake.set_fail_count("pgsql", "n2", 3);
  CHECK(h.run(cmd_cleanup, with_node("n2")) == 0);
  CHECK(has(h.fake.calls(), "cleanup pgsql-clone n2"));
  CHECK(has(h.fake.calls(), "cleanup vip-master n2"));
  CHECK(has(h.fake.calls(), "cleanup vip-slave n2"));
  CHECK(h.out == "cleaned up: failures and fail-counts are forgotten\n");
}

TEST_CASE("cls_reset_master stops, records the node in REPL_INFO and starts it as primary") {
  Harness h;
  h.stopped();
  h.data_status("n1", model::to_string(DataStatus::disconnect()));
  h.fake.on_write([&](const std::string& line) {
    if (line == "set_target_role pgsql-clone Started")
      h.running();
  });
  Args args = with_node("n1");
  args.force = true;
  CHECK(h.run(cmd_reset_master, args) == 0);
  CHECK(h.world.fake_lock.calls == std::vector<std::string>{"override_leader pgsql_n1"});
  auto& calls = h.fake.calls();
  auto at = [&](const std::string& line) {
    return std::find(calls.begin(), calls.end(), line) - calls.begin();
  };
  CHECK(at("set_target_role pgsql-clone Stopped") < at("set_property pgsql_REPL_INFO n1"));
  CHECK(at("set_property pgsql_REPL_INFO n1") < at("set_target_role pgsql-clone Started"));
  CHECK(has(calls, "delete_node_attribute n1 " + h.names.data_status + " forever"));
  CHECK(h.out.find("the primary is \"n1\"") != std::string::npos);
}

namespace {

// n2 is a standby that lost its data status; Pacemaker stops it once in standby and starts
// it again, streaming, once out of it.
void repairable(Harness& h) {
  h.running();
  h.fake.delete_node_attribute("n2", h.names.data_status, cluster::Lifetime::forever,
                               Deadline::after(k_second));
  h.fake.on_write([&](const std::string& line) {
    if (line == "set_node_standby n2 on")
      h.fake.set_role("pgsql", "n2", "Stopped"), h.fake.set_role("vip-slave", "n2", "Stopped");
    if (line == "set_node_standby n2 off")
      h.running();
  });
  h.fake.clear_calls();
}

} // namespace

TEST_CASE("cls_repair_slave rewinds this node from the primary and waits until it streams") {
  Harness h;
  repairable(h);
  h.world.fake_runner.script_ok("pg_controldata", "pg_control version number:            1300\n"
                                                  "Database cluster state:               shut "
                                                  "down in recovery\n"
                                                  "wal_log_hints setting:                on\n");
  h.world.fake_runner.script_ok("pg_rewind"); // --dry-run
  h.world.fake_runner.script_ok("pg_rewind");
  CHECK(h.run(cmd_repair_slave, {}) == 0);
  auto runs = h.world.fake_runner.calls();
  REQUIRE(runs.size() == 3);
  CHECK(runs[1].find("--dry-run") != std::string::npos);
  CHECK(runs[2].find("--source-server=host=10.0.0.10") != std::string::npos);
  CHECK(h.world.primary_replication.calls == std::vector<std::string>{"checkpoint"});
  CHECK(has(h.fake.calls(), "set_node_standby n2 on"));
  CHECK(has(h.fake.calls(), "set_node_standby n2 off"));
  CHECK(has(h.fake.calls(), "cleanup pgsql-clone n2"));
  CHECK(h.out.find("slave recovery of \"n2\" succeeded") != std::string::npos);
}

TEST_CASE("cls_rebuild_slave copies the primary into an absent data directory") {
  ScratchDir dir;
  auto pgdata = dir.path / "data";
  Harness h("pgsql_pgdata=" + pgdata.string() + "\n");
  repairable(h);
  h.world.fake_runner.script_ok("pg_basebackup");
  CHECK(h.run(cmd_rebuild_slave, {}) == 0);
  auto runs = h.world.fake_runner.calls();
  REQUIRE(runs.size() == 1);
  CHECK(runs[0].find("pg_basebackup -D " + pgdata.string()) != std::string::npos);
  CHECK(h.out.find("slave recovery of \"n2\" succeeded") != std::string::npos);
}

TEST_CASE("cls_standby_node puts the node into standby and waits until it runs nothing") {
  Harness h;
  h.running();
  h.fake.on_write([&](const std::string& line) {
    if (line == "set_node_standby n2 on")
      h.fake.set_role("pgsql", "n2", "Stopped"), h.fake.set_role("vip-slave", "n2", "Stopped");
  });
  CHECK(h.run(cmd_standby_node, with_node("n2")) == 0);
  CHECK(h.fake.standby("n2"));
  CHECK(h.out == "node \"n2\" is in standby\n");
}

TEST_CASE("cls_history lists lock owners, leadership changes, timelines and REPL_INFO") {
  ScratchDir dir;
  Harness h("pgsql_pgdata=" + dir.path.string() + "\n");
  distlock::LeaderRecord record;
  record.owner = "pgsql_n1";
  record.term = 4;
  record.sync_standby = "n2";
  record.note = "sync";
  seed_history(h, dir.path, record);
  CHECK(h.run(cmd_history, {}) == 0);
  CHECK(h.out.find("term    4  pgsql_n1") != std::string::npos);
  CHECK(h.out.find("timeline   1 ended at 0/3000110") != std::string::npos);
  CHECK(h.out.find("pgsql_REPL_INFO:n1|1|0000000003000110|4") != std::string::npos);
  Args json;
  json.json = true;
  CHECK(h.run(cmd_history, json) == 0);
  CHECK(h.out.find("\"owners\":[{\"owner\":\"pgsql_n1\",\"term\":4") != std::string::npos);
  CHECK(h.out.find("\"timelines\":[{\"timeline\":1,\"ended_at\":\"0/3000110\"") !=
        std::string::npos);
}

TEST_CASE("cls_start gives up after start_timeout on the world's clock") {
  Harness h; // start_timeout=5
  h.stopped();
  auto t0 = h.world.fake_clock.now();
  CHECK(h.run(cmd_start, {}) == static_cast<int>(ExitCode::failed));
  CHECK(h.out.find("no primary with \"vip-master\" within 5 s") != std::string::npos);
  CHECK(h.world.fake_clock.now() - t0 == std::chrono::seconds(5));
  CHECK(h.world.fake_clock.sleeps == 5); // one poll a second
}

TEST_CASE("the primary's conninfo quotes values with blanks or quotes, and only those") {
  auto plain = test::dual_config("pgsql_passfile=/var/lib/pgha/pgpass\n");
  CHECK(primary_conninfo(plain, PrimaryAs::replication) ==
        "host=10.0.0.10 port=5432 user=replication dbname=postgres connect_timeout=10 "
        "passfile=/var/lib/pgha/pgpass");
  auto blank = test::dual_config("pgsql_passfile=\"/var/lib/pg ha/it's\"\n");
  // A blank unquoted would end the value there and start a keyword of its own.
  CHECK(primary_conninfo(blank, PrimaryAs::dba).ends_with(R"( passfile='/var/lib/pg ha/it\'s')"));
}
