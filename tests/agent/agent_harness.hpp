#pragma once
// Drives the built expgsql binary the way Pacemaker does: one action argument, the OCF
// environment (OCF_ROOT, OCF_RESOURCE_INSTANCE, OCF_RESKEY_*, CRM_meta_*), and the real
// Pacemaker tools working on a CIB file (CIB_file) instead of daemons.

#include "common/proc/runner.hpp"
#include "tests/support/pg_server.hpp"
#include "tests/support/temp_dir.hpp"

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pgha::test {

using Env = std::map<std::string, std::string>;

// The resource id the tests configure (attribute names follow it: "pgsql-status", ...).
inline constexpr const char* k_rsc = "pgsql";

// Path of the expgsql binary under test (compile definition EXPGSQL_BINARY).
std::string expgsql_binary();

struct AgentResult {
  int rc = -1;
  std::string out;
  std::string err;
  std::chrono::milliseconds duration{0};
  // Text after the last exit-reason prefix on stderr ("" when none).
  std::string exit_reason(const std::string& prefix = "ocf-exit-reason:") const;
  // One line for failure messages: rc, exit reason, stderr tail.
  std::string describe() const;
};

// Run `action` with exactly `env` added to this process's environment.
AgentResult run_agent(const std::string& action, const Env& env,
                      std::chrono::seconds budget = std::chrono::seconds(120));

// A CIB file with online member nodes and stonith disabled; the Pacemaker CLI tools work on it
// offline. Removed with its temp dir unless the test failed.
class CibSandbox {
 public:
  explicit CibSandbox(std::vector<std::string> nodes = {"node1", "node2"});

  const std::filesystem::path& file() const { return m_file; }
  const std::filesystem::path& dir() const { return m_dir.path(); }

  // Run a Pacemaker tool (name under /usr/sbin) with CIB_file set; throws on spawn failure.
  proc::Result tool(const std::vector<std::string>& argv) const;

  // Node attribute (lifetime "reboot" = status section, "forever" = nodes section).
  std::optional<std::string> node_attr(const std::string& node, const std::string& name,
                                       const std::string& lifetime = "reboot") const;
  void set_node_attr(const std::string& node, const std::string& name, const std::string& value,
                     const std::string& lifetime = "reboot") const;
  void delete_node_attr(const std::string& node, const std::string& name,
                        const std::string& lifetime = "reboot") const;
  std::optional<std::string> score(const std::string& node) const; // master-<rsc>
  std::optional<std::string> property(const std::string& name) const;
  void set_property(const std::string& name, const std::string& value) const;
  void delete_property(const std::string& name) const;
  // Record in the status section that `node` runs the resource promoted (or not).
  void set_promoted(const std::string& node, bool promoted) const;
  // Mark a node offline (crmd=offline, in_ccm=false) or back online.
  void set_online(const std::string& node, bool online) const;

 private:
  TempDir m_dir;
  std::filesystem::path m_file;
  std::vector<std::string> m_nodes;
};

// The OCF environment for one node running the resource on `self`, replicating from the
// server listening on `peer_port` when it is a standby.
Env agent_env(const CibSandbox& cib, const std::string& node, const PgServer& self, int peer_port,
              const std::string& rep_mode = "sync");

// Poll `condition` every 50 ms until it holds or `budget` runs out; true when it held.
bool poll_until(const std::function<bool()>& condition,
                std::chrono::milliseconds budget = std::chrono::seconds(30));

// A primary (node1) and a streaming standby (node2) made by the fixture, with a CIB sandbox
// and the environment of each node. The standby's replication settings are left to the agent.
struct Pair {
  Pair(const std::string& rep_mode = "sync");
  CibSandbox cib;
  std::unique_ptr<PgServer> primary;
  std::unique_ptr<PgServer> standby;
  Env env1; // node1 (the primary)
  Env env2; // node2 (the standby)
};

// A lock server: a PostgreSQL with the shipped sql/ files applied exactly as shipped.
struct LockServer {
  LockServer();
  PgServer pg;
  // Add the lock parameters to an agent environment (lease `ttl_s`, wait `wait_s`).
  // ttl 9 s (the default): a 4 s lease expired locally during a 3 s stall of the loaded CI VM.
  void enable(Env& env, int ttl_s = 9, int wait_s = 6) const;
  // Owner of the lock row "pgsql" ("" when free, nullopt when there is no row).
  std::optional<std::string> owner() const;
};

} // namespace pgha::test
