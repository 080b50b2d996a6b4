// meta-data of the built binary against the validators Pacemaker's tooling uses.

#include "tests/agent/agent_harness.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using namespace pgha::test;

namespace {

pgha::proc::Result md_run(const std::vector<std::string>& argv, const std::string& stdin_data = {},
                          const std::optional<std::string>& cwd = {}) {
  pgha::proc::PosixRunner runner;
  pgha::proc::Command cmd;
  cmd.argv = argv;
  cmd.stdin_data = stdin_data;
  cmd.cwd = cwd;
  cmd.deadline = pgha::Deadline::after(std::chrono::seconds(30));
  return runner.run(cmd);
}

std::string metadata() {
  auto r = md_run({expgsql_binary(), "meta-data"});
  REQUIRE(r.exit_code == 0);
  return r.out;
}

} // namespace

TEST_CASE("meta-data validates against ra-api-1.dtd the way ocf-tester checks it") {
  auto md = metadata();
  // ocf-tester pipes the document into xmllint --valid inside /usr/share/resource-agents, so
  // the DOCTYPE must name ra-api-1.dtd.
  auto r =
      md_run({"/usr/bin/xmllint", "--noout", "--valid", "-"}, md, "/usr/share/resource-agents");
  INFO(r.err);
  CHECK(r.exit_code == 0);
}

TEST_CASE("meta-data validates against resource-agents' metadata.rng") {
  TempDir dir("agent-md");
  auto file = dir.path() / "md.xml";
  std::ofstream(file) << metadata();
  auto r = md_run({"/usr/bin/xmllint", "--noout", "--relaxng",
                   "/usr/share/resource-agents/metadata.rng", file.string()});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  auto d = md_run({"/usr/bin/xmllint", "--noout", "--dtdvalid",
                   "/usr/share/resource-agents/ra-api-1.dtd", file.string()});
  INFO(d.err);
  CHECK(d.exit_code == 0);
}

TEST_CASE("meta-data needs no environment, no root and writes nothing on stderr") {
  auto r = md_run({"/usr/bin/env", "-i", expgsql_binary(), "meta-data"});
  CHECK(r.exit_code == 0);
  CHECK(r.err.empty());
  CHECK(r.out.find("<resource-agent name=\"expgsql\"") != std::string::npos);
  // ocf-tester's first check: an unprivileged user can read the meta-data.
  auto n = md_run({"/usr/sbin/runuser", "-u", "nobody", "--", expgsql_binary(), "meta-data"});
  INFO(n.err);
  CHECK(n.exit_code == 0);
}

TEST_CASE("meta-data lists the native lock parameters and no shell lock commands") {
  auto md = metadata();
  for (const char* p : {"enable_distlock", "distlock_conninfo", "distlock_lockname", "distlock_ttl",
                        "distlock_wait", "distlock_lockservice_deadcheck_nodelist", "pgctl",
                        "pgdata", "rep_mode", "node_list", "master_ip"})
    CHECK(md.find(std::string("name=\"") + p + "\"") != std::string::npos);
  CHECK(md.find("distlock_lock_cmd") == std::string::npos);
  CHECK(md.find("\"promote\"") != std::string::npos);
  CHECK(md.find("role=\"Promoted\"") != std::string::npos);
}

TEST_CASE("meta-data and methods load no libpq") {
  // LD_DEBUG=libs makes the dynamic loader name every library it initialises, on stderr. The
  // actions that connect load libpq on first use; the agent's integration tests run them all.
  for (const char* action : {"meta-data", "methods"}) {
    INFO(action);
    auto r = md_run({"/usr/bin/env", "-i", "LD_DEBUG=libs", expgsql_binary(), action});
    CHECK(r.exit_code == 0);
    CHECK(r.err.find("calling init:") != std::string::npos);
    CHECK(r.err.find("libc.so.6") != std::string::npos);
    CHECK(r.err.find("libpq.so") == std::string::npos);
  }
}
