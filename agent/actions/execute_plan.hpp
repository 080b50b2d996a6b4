#pragma once
// Executes a plan from the core, step by step, logging each step before it runs. A step that
// fails throws; the steps after it do not run (the core orders plans so that every prefix is
// safe).

#include "agent/actions/cluster_writer.hpp"
#include "agent/actions/context.hpp"
#include "agent/actions/lease.hpp"
#include "agent/core/plan.hpp"

#include <optional>

namespace pgha::agent {

// The settings a standby replicates with: primary_conninfo to master_ip with
// application_name = this node, restore_command and the node's slot when configured.
pg::ReplicationConfig replication_config(const ActionContext& ctx);

// Start PostgreSQL as a standby (standby.signal, replication settings, async) unless it runs.
void start_as_standby(ActionContext& ctx);

// synchronous_standby_names as the core reads it: the fence in any spelling pgha has written
// (model::is_fence_sync_names) becomes core::k_fence_standby_name; anything else is unchanged.
std::string sync_names_from_server(const std::string& value);

class PlanExecutor {
 public:
  PlanExecutor(ActionContext& ctx, ClusterWriter& writer, Lease* lease);

  // Throws pgha::Error (StateError for a refused lock or a server still running).
  void run(const core::Plan& plan);
  // A plan of cluster writes only (REPL_INFO, scores, node attributes), which do not depend
  // on one another: all written at once (ClusterWriter::set_all). Any other plan runs as run().
  void run_together(const core::Plan& plan);
  // The fencing term of the last AcquireLock/RenewLock that succeeded.
  std::optional<std::uint64_t> term() const { return m_term; }
  // Shutdown plans (stop, demote): a node attribute or promotion score that cannot be written
  // (a Pacemaker tool timed out) is logged and skipped, so that bookkeeping never keeps a
  // primary from shutting down; the next monitor writes the values again.
  void set_bookkeeping_best_effort(bool on) { m_bookkeeping_best_effort = on; }

 private:
  void step(const core::Step& step);

  ActionContext& m_ctx;
  ClusterWriter& m_writer;
  Lease* m_lease;
  std::optional<std::uint64_t> m_term;
  bool m_bookkeeping_best_effort = false;
};

} // namespace pgha::agent
