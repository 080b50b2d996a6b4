// Every action of expgsql in every state of a real primary + standby pair, with the real
// Pacemaker tools on a CIB file: stopped, standby, primary, crashed and unreachable.

#include "tests/agent/agent_act.hpp"
#include "tests/agent/agent_harness.hpp"

#include <catch2/catch.hpp>

#include <csignal>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <iterator>

using namespace pgha::test;
using namespace std::chrono_literals;

namespace {

Env probe(Env env) {
  env["OCF_RESKEY_CRM_meta_interval"] = "0";
  return env;
}

} // namespace

TEST_CASE("a stopped instance: monitor and probe say 7, stop twice succeeds") {
  Pair pair;
  CHECK(act("monitor", pair.env2).rc == 7);
  CHECK(act("monitor", probe(pair.env2)).rc == 7);
  CHECK(act("status", pair.env2).rc == 7);
  CHECK(act("stop", pair.env2).rc == 0);
  CHECK(act("stop", pair.env2).rc == 0);
  CHECK(act("monitor", pair.env2).rc == 7);
  CHECK(pair.cib.node_attr("node2", "pgsql-status") == "STOP");
  CHECK(pair.cib.score("node2") == "-INFINITY");
}

TEST_CASE("start runs a standby with standby.signal, twice, and the primary reports 8") {
  Pair pair;
  REQUIRE(act("start", pair.env2).rc == 0);
  CHECK(std::filesystem::exists(pair.standby->datadir() / "standby.signal"));
  CHECK(pair.standby->query("select pg_is_in_recovery()") == "t");
  CHECK(act("start", pair.env2).rc == 0); // idempotent
  CHECK(act("monitor", pair.env2).rc == 0);
  CHECK(act("monitor", probe(pair.env2)).rc == 0);
  CHECK(act("status", pair.env2).rc == 0);
  CHECK(pair.cib.node_attr("node2", "pgsql-status") == "HS:alone");
  CHECK(act("monitor", pair.env1).rc == 8);
  CHECK(act("monitor", probe(pair.env1)).rc == 8);
  CHECK(pair.cib.node_attr("node1", "pgsql-status") == "PRI");
  CHECK(pair.cib.node_attr("node1", "pgsql-data-status", "forever") == "LATEST");
}

TEST_CASE("the primary's monitor makes the streaming standby synchronous and promotable") {
  Pair pair;
  REQUIRE(act("start", pair.env2).rc == 0);
  bool sync = poll_until(
      [&] {
        auto r = run_agent("monitor", pair.env1);
        return r.rc == 8 &&
               pair.cib.node_attr("node2", "pgsql-data-status", "forever") == "STREAMING|SYNC" &&
               pair.cib.score("node2") == "100";
      },
      60s);
  CHECK(sync);
  CHECK(pair.primary->query("show synchronous_standby_names") == "\"node2\"");
  CHECK(pair.cib.node_attr("node2", "pgsql-status") == "HS:sync");
  CHECK(pair.cib.score("node1") == "1000");
}

namespace {

// node1 stopped, node2 promoted; `before_monitor` runs next. Then node2's first promoted
// monitor starts while node1 is still down, and node1 comes back as a standby of the new
// primary during that monitor, as standbys do when the writer VIP moves. Checks that the first
// monitor named and recorded node1, not a later one.
void first_monitor_names_returning_standby(Pair& pair,
                                           const std::function<void()>& before_monitor) {
  REQUIRE(act("start", pair.env2).rc == 0);
  REQUIRE(act("stop", pair.env1).rc == 0);
  REQUIRE(act("promote", pair.env2).rc == 0);
  before_monitor();
  auto monitor = std::async(std::launch::async, [&] { return run_agent("monitor", pair.env2); });
  auto start = run_agent("start", pair.env1);
  auto first = monitor.get();
  REQUIRE(start.rc == 0);
  CHECK(first.rc == 8);
  CHECK(pair.cib.node_attr("node1", "pgsql-data-status", "forever") == "STREAMING|SYNC");
  CHECK(pair.cib.score("node1") == "100");
  CHECK(pair.standby->query("show synchronous_standby_names") == "\"node1\"");
}

} // namespace

TEST_CASE("the first monitor after a promotion names a standby that connects while it runs") {
  Pair pair;
  first_monitor_names_returning_standby(pair, [] {});
}

TEST_CASE("the first monitor after a promotion waits for a standby its cache last saw absent") {
  Pair pair;
  // What node2 may have cached before node1's start published its status (the cold start's
  // election pass reads the peers): node1's status absent, fresh for another minute. The CIB,
  // not that cache, must decide that node1 is up.
  first_monitor_names_returning_standby(pair, [&] {
    auto state = std::filesystem::path(pair.env2.at("HA_RSCTMP")) / "expgsql-pgsql" / "state";
    REQUIRE(std::filesystem::exists(state));
    std::ofstream out(state, std::ios::app);
    out << "attr:reboot:node1:pgsql-status\t" << std::time(nullptr) << "|absent\n";
  });
}

TEST_CASE("sync falls back to async when the standby stops and back when it streams again") {
  Pair pair;
  REQUIRE(act("start", pair.env2).rc == 0);
  REQUIRE(poll_until(
      [&] {
        run_agent("monitor", pair.env1);
        return pair.primary->query("show synchronous_standby_names") == "\"node2\"";
      },
      60s));
  REQUIRE(act("stop", pair.env2).rc == 0);
  CHECK(act("monitor", pair.env1).rc == 8);
  CHECK(pair.primary->query("show synchronous_standby_names").empty());
  CHECK(pair.cib.node_attr("node2", "pgsql-data-status", "forever") == "DISCONNECT");
  CHECK(pair.cib.score("node2") == "-INFINITY");
  // Commits are acknowledged again without a standby.
  pair.primary->query("create table t_async(x int)");
  REQUIRE(act("start", pair.env2).rc == 0);
  CHECK(poll_until(
      [&] {
        run_agent("monitor", pair.env1);
        return pair.primary->query("show synchronous_standby_names") == "\"node2\"" &&
               pair.cib.score("node2") == "100";
      },
      60s));
}

TEST_CASE("a crashed primary makes monitor return 9, a cleanly stopped one 7") {
  Pair pair;
  CHECK(act("monitor", pair.env1).rc == 8);
  pair.primary->kill9();
  CHECK(act("monitor", pair.env1).rc == 9);
  CHECK(act("monitor", probe(pair.env1)).rc == 9);
  CHECK(act("stop", pair.env1).rc == 0);
}

TEST_CASE("recovery of a crashed primary runs PostgreSQL once: demote leaves it stopped, start "
          "runs it") {
  Pair pair;
  pair.primary->kill9();
  REQUIRE(act("monitor", pair.env1).rc == 9);
  // Pacemaker's recovery: demote, stop, start. The demote must not start it (the stop would
  // stop it again right away).
  CHECK(act("demote", pair.env1).rc == 0);
  CHECK_FALSE(pair.primary->running());
  CHECK(act("monitor", probe(pair.env1)).rc == 7);
  CHECK(act("stop", pair.env1).rc == 0);
  REQUIRE(act("start", pair.env1).rc == 0);
  CHECK(pair.primary->query("select pg_is_in_recovery()") == "t");
  CHECK(act("monitor", pair.env1).rc == 0);
}

TEST_CASE("an unreachable server makes monitor return 1 within its timeout") {
  Pair pair;
  int pid = pair.primary->postmaster_pid();
  REQUIRE(pid > 0);
  ::kill(pid, SIGSTOP);
  auto env = pair.env1;
  // The agent keeps a 3 s reserve of a 15 s timeout; CI once measured a 2.2 s overshoot of a
  // 1.5 s reserve on a loaded 2-core VM (poll and scheduling stalls).
  env["OCF_RESKEY_CRM_meta_timeout"] = "15000";
  auto r = act("monitor", env);
  ::kill(pid, SIGCONT);
  CHECK(r.rc == 1);
  CHECK(r.duration < 15000ms); // answered before Pacemaker's timeout would kill it
  CHECK_FALSE(r.exit_reason().empty());
}

TEST_CASE("promote a standby, then demote it to a running standby, each twice") {
  Pair pair;
  REQUIRE(act("start", pair.env2).rc == 0);
  REQUIRE(act("stop", pair.env1).rc == 0);
  CHECK(act("monitor", pair.env1).rc == 7);
  REQUIRE(act("promote", pair.env2).rc == 0);
  CHECK(act("promote", pair.env2).rc == 0);
  CHECK(act("monitor", pair.env2).rc == 8);
  CHECK(pair.standby->query("select substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8)") ==
        "00000002");
  auto record = pair.cib.property("pgsql_REPL_INFO");
  REQUIRE(record);
  CHECK(record->rfind("node2|1|", 0) == 0);
  CHECK(pair.cib.score("node2") == "1000");
  CHECK(pair.cib.node_attr("node2", "pgsql-status") == "PRI");
  CHECK(pair.cib.node_attr("node1", "pgsql-data-status", "forever") == "DISCONNECT");
  REQUIRE(act("demote", pair.env2).rc == 0);
  CHECK(pair.cib.score("node2") == "-INFINITY");
  CHECK(act("demote", pair.env2).rc == 0);
  CHECK(act("monitor", pair.env2).rc == 0);
  CHECK(pair.standby->query("select pg_is_in_recovery()") == "t");
  // The recorded primary is promoted again by a restart: timeline unchanged.
  REQUIRE(act("promote", pair.env2).rc == 0);
  CHECK(act("monitor", pair.env2).rc == 8);
  CHECK(pair.standby->query("select substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8)") ==
        "00000002");
}

TEST_CASE("start refuses a node whose WAL goes past the recorded fork point") {
  Pair pair;
  REQUIRE(act("stop", pair.env1).rc == 0);
  // node2 was promoted at 0/1000000 from timeline 1; node1's WAL on timeline 1 goes further.
  pair.cib.set_property("pgsql_REPL_INFO", "node2|1|0000000001000000");
  auto r = act("start", pair.env1);
  CHECK(r.rc == 1);
  CHECK(r.exit_reason().find("cls_repair_slave") != std::string::npos);
  CHECK_FALSE(pair.primary->running());
  CHECK(act("monitor", pair.env1).rc == 7);
}

TEST_CASE("a running standby past the recorded fork point fails its monitor and its start") {
  Pair pair;
  REQUIRE(act("stop", pair.env1).rc == 0);
  // node1 runs as a standby that streams from nothing (as after a partition, before it can
  // reach the new primary); REPL_INFO still names node1, as a partitioned CIB would.
  pair.env1["OCF_RESKEY_primary_conninfo_opt"] = "port=1 keepalives_idle=60";
  pair.cib.set_property("pgsql_REPL_INFO", "node1|1|0000000001000000");
  REQUIRE(act("start", pair.env1).rc == 0);
  pair.cib.set_promoted("node2", true);
  CHECK(act("monitor", pair.env1).rc == 0);
  // The partition heals: node2 was promoted at 0/1000000 from timeline 1, and node1's WAL on
  // timeline 1 goes further, so it can never follow node2.
  pair.cib.set_property("pgsql_REPL_INFO", "node2|1|0000000001000000");
  auto r = act("monitor", pair.env1);
  CHECK(r.rc == 1);
  CHECK(r.exit_reason().find("cannot follow") != std::string::npos);
  CHECK(r.exit_reason().find("cls_repair_slave") != std::string::npos);
  // Pacemaker's recovery: start on the running standby refuses too, stop stops it, and the
  // next start is refused before PostgreSQL runs.
  CHECK(act("start", pair.env1).rc == 1);
  REQUIRE(act("stop", pair.env1).rc == 0);
  CHECK(act("start", pair.env1).rc == 1);
  CHECK_FALSE(pair.primary->running());
}

TEST_CASE("demote of a crashed primary past the fork point leaves it stopped, not a standby") {
  Pair pair;
  pair.primary->kill9();
  REQUIRE(act("monitor", pair.env1).rc == 9);
  // Meanwhile node2 was promoted at 0/1000000 from timeline 1; node1's WAL goes further.
  pair.cib.set_property("pgsql_REPL_INFO", "node2|1|0000000001000000");
  // Demote's contract (no longer a primary) is met: 0, so that no on-fail of demote (the
  // pha4pgsql template's on-fail=stop) stops the clone everywhere. The failure surfaces on this
  // node only: monitor 7, then a refused start naming the repair.
  auto r = act("demote", pair.env1);
  CHECK(r.rc == 0);
  CHECK_FALSE(pair.primary->running());
  CHECK(pair.cib.score("node1") == "-INFINITY");
  std::ifstream log(pair.env1.at("HA_LOGFILE"));
  std::string text{std::istreambuf_iterator<char>(log), std::istreambuf_iterator<char>()};
  CHECK(text.find("demoted and left stopped") != std::string::npos);
  CHECK(act("monitor", pair.env1).rc == 7);
  CHECK(act("monitor", probe(pair.env1)).rc == 7);
  auto start = act("start", pair.env1);
  CHECK(start.rc == 1);
  CHECK(start.exit_reason().find("cls_repair_slave") != std::string::npos);
  CHECK_FALSE(pair.primary->running());
}

TEST_CASE("start of the recorded primary claims 1000 so it is promoted first") {
  Pair pair;
  REQUIRE(act("stop", pair.env1).rc == 0);
  pair.cib.set_property("pgsql_REPL_INFO", "node1");
  REQUIRE(act("start", pair.env1).rc == 0);
  CHECK(pair.cib.score("node1") == "1000");
  CHECK(act("monitor", pair.env1).rc == 0);
}

TEST_CASE("without a primary the standbys elect the one with the newest WAL") {
  Pair pair;
  REQUIRE(act("start", pair.env2).rc == 0);
  REQUIRE(act("stop", pair.env2).rc == 0);
  // node1 writes while node2 is down (async: no sync standby was ever named), then stops.
  pair.primary->query("create table t_newer(x int)");
  pair.primary->query("insert into t_newer select generate_series(1, 1000)");
  REQUIRE(act("stop", pair.env1).rc == 0);
  // The peer's port stands in for master_ip, the writer address that only a primary holds.
  // With no primary that address answers nothing; pointing at each other the two standbys
  // would stream from one another (cascading) and each would believe a primary exists.
  for (auto* env : {&pair.env1, &pair.env2})
    (*env)["OCF_RESKEY_primary_conninfo_opt"] = "port=1 keepalives_idle=60";
  REQUIRE(act("start", pair.env1).rc == 0);
  REQUIRE(act("start", pair.env2).rc == 0);
  // What Pacemaker records after the two starts: both instances run (unpromoted), so each
  // standby waits for the other's published position instead of skipping a stopped peer.
  pair.cib.set_promoted("node1", false);
  pair.cib.set_promoted("node2", false);
  bool elected = poll_until(
      [&] {
        CHECK(run_agent("monitor", pair.env1).rc == 0);
        CHECK(run_agent("monitor", pair.env2).rc == 0);
        return pair.cib.score("node1") == "110";
      },
      60s);
  CHECK(elected);
  CHECK(pair.cib.score("node2") != "110");
}
