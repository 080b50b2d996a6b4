// resource-agents' ocf-tester against the built expgsql and a real PostgreSQL 15: its full
// sequence (meta-data as nobody, DTD, validate-all, probes, start, notify, promote/demote
// pairs, stop/start twice) must pass, and PostgreSQL must be left stopped.

#include "tests/agent/agent_harness.hpp"

#include <catch2/catch.hpp>

using namespace pgha::test;

TEST_CASE("ocf-tester passes all tests on expgsql") {
  REQUIRE(std::filesystem::exists("/usr/sbin/ocf-tester"));
  CibSandbox cib({"node1"});
  PgServerOptions opts;
  opts.tag = "ocftester";
  PgServer pg(opts);
  // A cluster that ran once and was shut down cleanly, like any real primary: pg_control then
  // holds the fixture's settings (initdb's bootstrap records max_connections = 100, which a
  // standby start with the fixture's 40 refuses).
  pg.stop("fast");
  auto env = agent_env(cib, "node1", pg, pg.port());

  pgha::proc::Command cmd;
  cmd.argv = {"/usr/sbin/ocf-tester", "-v", "-n", k_rsc};
  // Parameters go through -o like an operator would pass them; the frame (node, CIB file,
  // logging) through the environment, which ocf-tester hands on to the agent.
  for (const auto& [k, v] : env) {
    const std::string prefix = "OCF_RESKEY_";
    if (k.rfind(prefix, 0) == 0 && k != "OCF_RESKEY_CRM_meta_timeout" &&
        k != "OCF_RESKEY_CRM_meta_interval" && k != "OCF_RESKEY_CRM_meta_on_node") {
      cmd.argv.push_back("-o");
      cmd.argv.push_back(k.substr(prefix.size()) + "=" + v);
    } else if (k.rfind("OCF_RES", 0) != 0) {
      cmd.env.emplace_back(k, v);
    }
  }
  cmd.argv.push_back("-o");
  cmd.argv.push_back("node_list=node1");
  cmd.env.emplace_back("OCF_RESKEY_CRM_meta_on_node", "node1");
  cmd.argv.push_back(expgsql_binary());
  cmd.deadline = pgha::Deadline::after(std::chrono::seconds(280));
  pgha::proc::PosixRunner runner;
  auto r = runner.run(cmd);
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("passed all tests") != std::string::npos);
  CHECK_FALSE(pg.running());
}
