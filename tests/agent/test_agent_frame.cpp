// The OCF frame of expgsql: action dispatch, usage, methods, exit reasons and logging, run as
// a real process with the environment Pacemaker passes. No PostgreSQL needed.

#include "tests/agent/agent_harness.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using namespace pgha::test;

namespace {

// A minimal environment: parameters that validate at check level 0.
Env frame_env(const TempDir& dir) {
  return {
      {"OCF_ROOT", "/usr/lib/ocf"},
      {"OCF_RESOURCE_INSTANCE", k_rsc},
      {"OCF_RESKEY_pgctl", (pg_bindir() / "pg_ctl").string()},
      {"OCF_RESKEY_psql", (pg_bindir() / "psql").string()},
      {"OCF_RESKEY_pgdata", (dir.path() / "data").string()},
      {"OCF_RESKEY_rep_mode", "sync"},
      {"OCF_RESKEY_node_list", "node1 node2"},
      {"OCF_RESKEY_master_ip", "127.0.0.1"},
      {"OCF_RESKEY_CRM_meta_promotable", "true"},
      {"OCF_RESKEY_CRM_meta_notify", "true"},
      {"OCF_RESKEY_CRM_meta_promoted_max", "1"},
      {"OCF_RESKEY_CRM_meta_clone_max", "2"},
      {"OCF_RESKEY_CRM_meta_timeout", "20000"},
      {"HA_LOGFILE", (dir.path() / "agent.log").string()},
      {"HA_LOGFACILITY", "none"},
  };
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream f(p);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

} // namespace

TEST_CASE("methods lists every action and exits 0") {
  TempDir dir("agent-frame");
  auto r = run_agent("methods", frame_env(dir));
  INFO(r.describe());
  CHECK(r.rc == 0);
  for (const char* a : {"start", "stop", "status", "monitor", "promote", "demote", "notify",
                        "methods", "meta-data", "validate-all"})
    CHECK(r.out.find(std::string(a) + "\n") != std::string::npos);
}

TEST_CASE("an unknown action exits 3 with an exit reason naming it") {
  TempDir dir("agent-frame");
  auto r = run_agent("bogus", frame_env(dir));
  INFO(r.describe());
  CHECK(r.rc == 3);
  CHECK(r.exit_reason().find("\"bogus\"") != std::string::npos);
}

TEST_CASE("no action at all prints usage and exits 3") {
  TempDir dir("agent-frame");
  pgha::proc::PosixRunner runner;
  pgha::proc::Command cmd;
  cmd.argv = {expgsql_binary()};
  auto r = runner.run(cmd);
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("usage") != std::string::npos);
}

TEST_CASE("usage and help print usage on stdout and exit 0") {
  TempDir dir("agent-frame");
  for (const char* a : {"usage", "help"}) {
    auto r = run_agent(a, frame_env(dir));
    INFO(a << ": " << r.describe());
    CHECK(r.rc == 0);
    CHECK(r.out.find("usage:") != std::string::npos);
  }
}

TEST_CASE("extra arguments after the action are ignored") {
  TempDir dir("agent-frame");
  pgha::proc::PosixRunner runner;
  pgha::proc::Command cmd;
  cmd.argv = {expgsql_binary(), "meta-data", "extra", "more"};
  auto r = runner.run(cmd);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("<resource-agent") != std::string::npos);
}

TEST_CASE("the exit reason honours OCF_EXIT_REASON_PREFIX") {
  TempDir dir("agent-frame");
  auto env = frame_env(dir);
  env["OCF_EXIT_REASON_PREFIX"] = "my-prefix:";
  auto r = run_agent("bogus", env);
  INFO(r.describe());
  CHECK(r.rc == 3);
  CHECK(r.err.find("my-prefix:") != std::string::npos);
  CHECK(r.err.find("ocf-exit-reason:") == std::string::npos);
}

TEST_CASE("each action logs one start and one end line with its duration to HA_LOGFILE") {
  TempDir dir("agent-frame");
  auto env = frame_env(dir);
  auto r = run_agent("validate-all", env);
  INFO(r.describe());
  REQUIRE(r.rc == 0);
  auto log = slurp(dir.path() / "agent.log");
  INFO(log);
  CHECK(log.find("expgsql(pgsql)[") != std::string::npos);
  CHECK(log.find("INFO: validate-all start") != std::string::npos);
  CHECK(log.find("INFO: validate-all end") != std::string::npos);
  CHECK(log.find(" ms") != std::string::npos);
  // Nothing goes to stderr when a log file is configured.
  CHECK(r.err.empty());
}

TEST_CASE("HA_LOGTAG replaces the default tag and HA_debug adds debug lines") {
  TempDir dir("agent-frame");
  auto env = frame_env(dir);
  env["HA_LOGTAG"] = "mytag";
  env["HA_debug"] = "1";
  env["HA_DEBUGLOG"] = (dir.path() / "debug.log").string();
  auto r = run_agent("validate-all", env);
  INFO(r.describe());
  REQUIRE(r.rc == 0);
  auto log = slurp(dir.path() / "agent.log");
  CHECK(log.find("mytag:") != std::string::npos);
  CHECK(log.find("DEBUG:") == std::string::npos); // debug lines never go to HA_LOGFILE
  auto debug = slurp(dir.path() / "debug.log");
  CHECK(debug.find("DEBUG:") != std::string::npos);
}

TEST_CASE("without a log file or facility the log goes to stderr") {
  TempDir dir("agent-frame");
  auto env = frame_env(dir);
  env.erase("HA_LOGFILE");
  auto r = run_agent("validate-all", env);
  INFO(r.describe());
  CHECK(r.rc == 0);
  CHECK(r.err.find("INFO: validate-all start") != std::string::npos);
}

TEST_CASE("a password never reaches the log, stderr or the exit reason") {
  TempDir dir("agent-frame");
  auto env = frame_env(dir);
  env["OCF_RESKEY_primary_conninfo_opt"] = "keepalives_idle=60 password=s3cr3tpw";
  env["OCF_RESKEY_distlock_conninfo"] = "host=127.0.0.1 password=s3cr3tpw";
  env["OCF_RESKEY_enable_distlock"] = "true";
  env["HA_debug"] = "1";
  env["HA_DEBUGLOG"] = (dir.path() / "debug.log").string();
  auto r = run_agent("validate-all", env);
  INFO(r.describe());
  // A password in a parameter is a configuration error: it would sit in the CIB.
  CHECK(r.rc == 6);
  CHECK(r.exit_reason().find("password") != std::string::npos);
  CHECK(r.err.find("s3cr3tpw") == std::string::npos);
  CHECK(slurp(dir.path() / "agent.log").find("s3cr3tpw") == std::string::npos);
  CHECK(slurp(dir.path() / "debug.log").find("s3cr3tpw") == std::string::npos);
}
