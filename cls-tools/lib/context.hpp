#pragma once
// What every cls_* command works with: the configuration, its seams (world.hpp: Pacemaker,
// process runner, lock service, the primary, PostgreSQL's programs, the clock of the waits),
// an output stream, and bounded helpers to read and wait on the cluster.

#include "cls-tools/lib/world.hpp"
#include "common/base/deadline.hpp"
#include "common/config/cluster_config.hpp"

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
  bool json = false;               // cls_status --json, cls_history --json
  bool dry_run = false;            // cls_setup --dry-run
  bool no_lock_init = false;       // cls_setup --no-lock-init
  bool force = false;              // cls_reset_master --force NODE
  bool config_example = false;     // cls config --example
  bool config_keys = false;        // cls config --keys
  bool config_show = false;        // cls config --show
};

class Context {
 public:
  // `out` receives the command's normal output (stdout); messages go through pgha::log.
  // `world` must outlive the context.
  Context(config::ClusterConfig config, World& world, std::FILE* out);

  const config::ClusterConfig& config() const { return m_config; }
  World& world() { return m_world; }
  proc::Runner& runner() { return m_world.runner(); }
  cluster::Cluster& cluster() { return m_world.cluster(); }
  LockAdmin& lock() { return m_world.lock(); }
  pg::Postgres& primary(PrimaryAs as) { return m_world.primary(as); }
  pg::Ctl& ctl() { return m_world.ctl(); }

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
  World& m_world;
  std::FILE* m_out;
};

} // namespace pgha::cls
