#include "tests/agent/agent_harness.hpp"

#include <pgha/distlock/lock.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace pgha::test {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::string expgsql_binary() {
  std::string path = EXPGSQL_BINARY;
  if (!fs::exists(path))
    throw std::runtime_error("test prerequisite missing: expgsql binary \"" + path + "\"");
  return path;
}

std::string AgentResult::exit_reason(const std::string& prefix) const {
  auto pos = err.rfind(prefix);
  if (pos == std::string::npos)
    return {};
  auto start = pos + prefix.size();
  auto end = err.find('\n', start);
  return err.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

std::string AgentResult::describe() const {
  std::string tail = err.size() > 1500 ? err.substr(err.size() - 1500) : err;
  return fmt::format("rc={} ({} ms) reason=\"{}\"\nstderr: {}\nstdout: {}", rc, duration.count(),
                     exit_reason(), tail, out.substr(0, 500));
}

AgentResult run_agent(const std::string& action, const Env& env, std::chrono::seconds budget) {
  proc::PosixRunner runner;
  proc::Command cmd;
  cmd.argv = {expgsql_binary(), action};
  for (const auto& [k, v] : env)
    cmd.env.emplace_back(k, v);
  cmd.deadline = Deadline::after(budget);
  auto r = runner.run(cmd);
  if (r.timed_out)
    throw std::runtime_error(
        fmt::format("expgsql {} did not finish within {} s: {}", action, budget.count(), r.err));
  AgentResult out;
  out.rc = r.exit_code;
  out.out = r.out;
  out.err = r.err;
  out.duration = r.duration;
  return out;
}

namespace {

proc::Result run_tool(const fs::path& cib, const std::vector<std::string>& argv) {
  proc::PosixRunner runner;
  proc::Command cmd;
  cmd.argv = argv;
  cmd.argv[0] = "/usr/sbin/" + argv[0];
  cmd.env = {{"CIB_file", cib.string()}, {"LC_ALL", "C"}};
  cmd.deadline = Deadline::after(30s);
  return runner.run(cmd);
}

void checked(const fs::path& cib, const std::vector<std::string>& argv) {
  auto r = run_tool(cib, argv);
  if (!r.ok())
    throw std::runtime_error(
        fmt::format("\"{}\" failed ({}): {}", fmt::join(argv, " "), proc::describe(r), r.err));
}

std::string node_id(const std::vector<std::string>& nodes, const std::string& node) {
  for (size_t i = 0; i < nodes.size(); ++i)
    if (nodes[i] == node)
      return std::to_string(i + 1);
  throw std::runtime_error("unknown test node \"" + node + "\"");
}

} // namespace

CibSandbox::CibSandbox(std::vector<std::string> nodes)
    : m_dir("cib"), m_file(m_dir.path() / "cib.xml"), m_nodes(std::move(nodes)) {
  {
    proc::PosixRunner runner;
    proc::Command cmd;
    cmd.argv = {"/usr/sbin/cibadmin", "--empty"};
    cmd.deadline = Deadline::after(30s);
    auto r = runner.run(cmd);
    if (!r.ok())
      throw std::runtime_error("test prerequisite missing: cibadmin --empty failed: " + r.err);
    std::ofstream(m_file) << r.out;
  }
  for (size_t i = 0; i < m_nodes.size(); ++i) {
    auto id = std::to_string(i + 1);
    checked(m_file, {"cibadmin", "-C", "-o", "nodes", "-X",
                     fmt::format(R"(<node id="{}" uname="{}"/>)", id, m_nodes[i])});
    checked(m_file,
            {"cibadmin", "-C", "-o", "status", "-X",
             fmt::format(R"(<node_state id="{0}" uname="{1}" in_ccm="true" crmd="online" )"
                         R"(join="member" expected="member"><transient_attributes id="{0}">)"
                         R"(<instance_attributes id="status-{0}"/></transient_attributes>)"
                         R"(</node_state>)",
                         id, m_nodes[i])});
  }
  checked(m_file, {"crm_attribute", "-t", "crm_config", "-n", "stonith-enabled", "-v", "false"});
  checked(m_file,
          {"cibadmin", "-C", "-o", "resources", "-X",
           fmt::format(R"(<clone id="{0}-clone"><meta_attributes id="{0}-clone-meta">)"
                       R"(<nvpair id="{0}-promotable" name="promotable" value="true"/>)"
                       R"(<nvpair id="{0}-notify" name="notify" value="true"/>)"
                       R"(<nvpair id="{0}-pmax" name="promoted-max" value="1"/>)"
                       R"(</meta_attributes><primitive id="{0}" class="ocf" provider="pgha" )"
                       R"(type="expgsql"/></clone>)",
                       k_rsc)});
}

proc::Result CibSandbox::tool(const std::vector<std::string>& argv) const {
  return run_tool(m_file, argv);
}

std::optional<std::string> CibSandbox::node_attr(const std::string& node, const std::string& name,
                                                 const std::string& lifetime) const {
  auto r = run_tool(m_file, {"crm_attribute", "-N", node, "-n", name, "-l", lifetime, "-G", "-q"});
  if (!r.ok())
    return std::nullopt;
  auto v = r.out;
  while (!v.empty() && (v.back() == '\n' || v.back() == ' '))
    v.pop_back();
  return v;
}

void CibSandbox::set_node_attr(const std::string& node, const std::string& name,
                               const std::string& value, const std::string& lifetime) const {
  checked(m_file, {"crm_attribute", "-N", node, "-n", name, "-l", lifetime, "--update=" + value});
}

void CibSandbox::delete_node_attr(const std::string& node, const std::string& name,
                                  const std::string& lifetime) const {
  run_tool(m_file, {"crm_attribute", "-N", node, "-n", name, "-l", lifetime, "-D"});
}

std::optional<std::string> CibSandbox::score(const std::string& node) const {
  return node_attr(node, std::string("master-") + k_rsc, "reboot");
}

std::optional<std::string> CibSandbox::property(const std::string& name) const {
  auto r = run_tool(m_file, {"crm_attribute", "-t", "crm_config", "-n", name, "-G", "-q"});
  if (!r.ok())
    return std::nullopt;
  auto v = r.out;
  while (!v.empty() && (v.back() == '\n' || v.back() == ' '))
    v.pop_back();
  return v;
}

void CibSandbox::set_property(const std::string& name, const std::string& value) const {
  checked(m_file, {"crm_attribute", "-t", "crm_config", "-n", name, "--update=" + value});
}

void CibSandbox::delete_property(const std::string& name) const {
  run_tool(m_file, {"crm_attribute", "-t", "crm_config", "-n", name, "-D"});
}

void CibSandbox::set_promoted(const std::string& node, bool promoted) const {
  auto id = node_id(m_nodes, node);
  std::string op = promoted ? "promote" : "start";
  checked(m_file,
          {"cibadmin", "-M", "-o", "status", "-X",
           fmt::format(R"(<node_state id="{0}" uname="{1}"><lrm id="{0}"><lrm_resources>)"
                       R"(<lrm_resource id="{2}" class="ocf" provider="pgha" type="expgsql">)"
                       R"(<lrm_rsc_op id="{2}_last_0" operation_key="{2}_{3}_0" )"
                       R"(operation="{3}" crm-debug-origin="test" crm_feature_set="3.16.1" )"
                       R"(transition-key="1:1:0:00000000-0000-0000-0000-000000000000" )"
                       R"(transition-magic="0:0;1:1:0:00000000-0000-0000-0000-000000000000" )"
                       R"(call-id="3" rc-code="0" op-status="0" interval="0" exec-time="1" )"
                       R"(queue-time="0" op-digest="x"/></lrm_resource></lrm_resources></lrm>)"
                       R"(</node_state>)",
                       id, node, k_rsc, op)});
}

void CibSandbox::set_online(const std::string& node, bool online) const {
  auto id = node_id(m_nodes, node);
  checked(m_file, {"cibadmin", "-M", "-o", "status", "-X",
                   fmt::format(R"(<node_state id="{}" uname="{}" in_ccm="{}" crmd="{}"/>)", id,
                               node, online ? "true" : "false", online ? "online" : "offline")});
}

Env agent_env(const CibSandbox& cib, const std::string& node, const PgServer& self, int peer_port,
              const std::string& rep_mode) {
  auto bindir = pg_bindir();
  Env env = {
      {"OCF_ROOT", "/usr/lib/ocf"},
      {"OCF_RA_VERSION_MAJOR", "1"},
      {"OCF_RA_VERSION_MINOR", "1"},
      {"OCF_RESOURCE_INSTANCE", k_rsc},
      {"OCF_RESOURCE_TYPE", "expgsql"},
      {"OCF_RESOURCE_PROVIDER", "pgha"},
      {"OCF_EXIT_REASON_PREFIX", "ocf-exit-reason:"},
      {"OCF_RESKEY_crm_feature_set", "3.16.1"},
      {"OCF_RESKEY_pgctl", (bindir / "pg_ctl").string()},
      {"OCF_RESKEY_psql", (bindir / "psql").string()},
      {"OCF_RESKEY_pgdata", self.datadir().string()},
      {"OCF_RESKEY_pgdba", "postgres"},
      {"OCF_RESKEY_pgport", std::to_string(self.port())},
      {"OCF_RESKEY_socketdir", self.socket_dir().string()},
      {"OCF_RESKEY_logfile", self.log_file().string()},
      {"OCF_RESKEY_rep_mode", rep_mode},
      {"OCF_RESKEY_node_list", "node1 node2"},
      {"OCF_RESKEY_master_ip", "127.0.0.1"},
      {"OCF_RESKEY_repuser", "postgres"},
      {"OCF_RESKEY_primary_conninfo_opt", fmt::format("port={} keepalives_idle=60", peer_port)},
      {"OCF_RESKEY_stop_escalate", "10"},
      {"OCF_RESKEY_xlog_check_count", "2"},
      // Why above the default 5 s: with ctest -j2 on a 2-core VM, a crm_attribute call on the
      // CIB file was measured taking over 6 s (it normally takes 20 ms).
      {"OCF_RESKEY_crm_attr_timeout", "15"},
      {"OCF_RESKEY_CRM_meta_on_node", node},
      {"OCF_RESKEY_CRM_meta_timeout", "60000"},
      {"OCF_RESKEY_CRM_meta_clone", node == "node1" ? "0" : "1"},
      {"OCF_RESKEY_CRM_meta_clone_max", "2"},
      {"OCF_RESKEY_CRM_meta_clone_node_max", "1"},
      {"OCF_RESKEY_CRM_meta_promotable", "true"},
      {"OCF_RESKEY_CRM_meta_promoted_max", "1"},
      {"OCF_RESKEY_CRM_meta_promoted_node_max", "1"},
      {"OCF_RESKEY_CRM_meta_master_max", "1"},
      {"OCF_RESKEY_CRM_meta_master_node_max", "1"},
      {"OCF_RESKEY_CRM_meta_notify", "true"},
      {"OCF_RESKEY_CRM_meta_globally_unique", "false"},
      {"OCF_RESKEY_CRM_meta_interval", "10000"},
      {"CIB_file", cib.file().string()},
      {"HA_LOGFILE", (self.base() / "agent.log").string()},
      {"HA_LOGFACILITY", "none"},
      {"HA_debug", "1"},
      {"HA_DEBUGLOG", (self.base() / "agent-debug.log").string()},
      {"HA_RSCTMP", (self.base() / "rsctmp").string()},
  };
  return env;
}

bool poll_until(const std::function<bool()>& condition, std::chrono::milliseconds budget) {
  auto deadline = Deadline::after(budget);
  while (true) {
    if (condition())
      return true;
    if (deadline.expired())
      return false;
    std::this_thread::sleep_for(50ms);
  }
}

Pair::Pair(const std::string& rep_mode) {
  PgServerOptions opts;
  opts.tag = "node1";
  primary = std::make_unique<PgServer>(opts);
  // Started once and stopped cleanly: a base backup that never ran has the primary's "in
  // production" control file and would look like a crashed primary.
  standby = PgServer::standby_of(*primary, "node2", true);
  standby->stop("fast");
  env1 = agent_env(cib, "node1", *primary, standby->port(), rep_mode);
  env2 = agent_env(cib, "node2", *standby, primary->port(), rep_mode);
}

LockServer::LockServer() : pg(PgServerOptions{"lockserver", {}, true}) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(fs::path(PGHA_SOURCE_DIR) / "sql"))
    if (e.path().extension() == ".sql")
      files.push_back(e.path());
  std::sort(files.begin(), files.end());
  if (files.empty())
    throw std::runtime_error("test prerequisite missing: no sql/*.sql files");
  // Installed the way "distlock init" does it: each file as one script.
  distlock::PgOptions o;
  o.conninfo = pg.conninfo();
  std::vector<std::string> paths(files.begin(), files.end());
  distlock::PgLockService(o).install(paths, Deadline::after(std::chrono::seconds(60)));
}

void LockServer::enable(Env& env, int ttl_s, int wait_s) const {
  env["OCF_RESKEY_enable_distlock"] = "true";
  env["OCF_RESKEY_distlock_conninfo"] = pg.conninfo();
  env["OCF_RESKEY_distlock_lockname"] = k_rsc;
  env["OCF_RESKEY_distlock_ttl"] = std::to_string(ttl_s);
  env["OCF_RESKEY_distlock_wait"] = std::to_string(wait_s);
}

std::optional<std::string> LockServer::owner() const {
  auto n = pg.query("select count(*) from distlock where lockname = 'pgsql'");
  if (n == "0")
    return std::nullopt;
  return pg.query("select owner from distlock where lockname = 'pgsql'");
}

} // namespace pgha::test
