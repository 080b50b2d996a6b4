#pragma once
// What every cls_* command works with: the configuration, the Pacemaker seam, the process
// runner, an output stream, and bounded helpers to read and wait on the cluster.

#include "common/base/deadline.hpp"
#include "common/cluster/cluster.hpp"
#include "common/config/cluster_config.hpp"
#include "common/proc/runner.hpp"

#include <chrono>
#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace pgha::cls {

// Positional and option arguments shared by the commands (each uses what it needs).
struct Args {
  std::string config_path{config::k_default_config_path};
  std::optional<std::string> node; // [node] / [master]
  bool json = false;               // cls_status --json
  bool dry_run = false;            // cls_setup --dry-run
  bool no_lock_init = false;       // cls_setup --no-lock-init
  bool force = false;              // cls_reset_master --force NODE
  std::string config_what;         // cls config --example|--keys|--show
};

class Context {
 public:
  // `out` receives the command's normal output (stdout); messages go through pgha::log.
  Context(config::ClusterConfig config, proc::Runner& runner, cluster::Cluster& cluster,
          std::FILE* out);

  const config::ClusterConfig& config() const { return m_config; }
  proc::Runner& runner() { return m_runner; }
  cluster::Cluster& cluster() { return m_cluster; }

  // A deadline for one Pacemaker tool call (command_timeout).
  Deadline call() const;

  // What Pacemaker sees now; CommandFailure 101 when it cannot be asked.
  cluster::ClusterView view();
  // view() and, for multi clusters, quorum (CommandFailure 102 without it).
  cluster::ClusterView view_with_quorum();
  // This node's Pacemaker name (crm_node -n); 101 when unavailable.
  std::string local_node();

  // Poll the view about once a second until `done` holds or `budget` passes; prints a dot per
  // poll on `out` when `progress`. Returns whether `done` held. A failing poll (cluster
  // unreachable) counts as not done; the last view is left in `last`.
  bool wait_for(std::chrono::seconds budget,
                const std::function<bool(const cluster::ClusterView&)>& done, bool progress = true,
                cluster::ClusterView* last = nullptr);

  // Write a line to `out`.
  void say(std::string_view line);
  std::FILE* out() { return m_out; }

 private:
  config::ClusterConfig m_config;
  proc::Runner& m_runner;
  cluster::Cluster& m_cluster;
  std::FILE* m_out;
};

} // namespace pgha::cls
