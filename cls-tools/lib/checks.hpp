#pragma once
// Pure preconditions and progress predicates of the cls_* commands: functions of what
// Pacemaker reports (ClusterView) and the cluster description (ClusterConfig). No I/O; the
// commands gather the view, call these, and act on the answer.

#include "cls-tools/lib/exit_codes.hpp"
#include "common/cluster/view.hpp"
#include "common/config/cluster_config.hpp"

#include <optional>
#include <string>
#include <vector>

namespace pgha::cls {

// Why a command will not go on, with the exit code and what the operator can do.
struct Refusal {
  ExitCode code = ExitCode::precondition;
  std::string message;
  std::string hint; // may be empty
};

// Throws CommandFailure carrying the refusal's code, message and "HINT: …" line.
[[noreturn]] void refuse(const Refusal& refusal);
// refuse() when `refusal` is set.
void require(const std::optional<Refusal>& refusal);

// Multi-node clusters must see quorum (102); a dual cluster runs with no-quorum-policy=ignore.
std::optional<Refusal> check_quorum(const cluster::ClusterView& view,
                                    const config::ClusterConfig& config);

// The node running the promoted instance: nullopt when none; refused (102) when Pacemaker
// reports more than one.
std::optional<std::string> primary_node(const cluster::ClusterView& view,
                                        const config::ClusterConfig& config);

// `node` must be one of the configured nodes (100).
std::optional<Refusal> check_known_node(const config::ClusterConfig& config,
                                        const std::string& node);

// `<resource>-data-status` of `node` as crm_mon reports it ("" when absent).
std::string data_status(const cluster::ClusterView& view, const config::ClusterConfig& config,
                        const std::string& node);

// Data status of a standby that replicates (STREAMING with SYNC, POTENTIAL or ASYNC) or of the
// primary (LATEST); model::DataStatus reads the value.
bool is_healthy_data_status(const std::string& status);

// A standby that may become primary without losing committed transactions: streaming
// synchronously (rep_mode sync), or streaming at all with rep_mode async or
// allow_async_switch (a clean demote sends the rest of the WAL to streaming standbys).
bool is_caught_up(const std::string& data_status, const config::ClusterConfig& config);

struct SwitchPlan {
  std::string from; // current primary
  std::string to;   // the standby to promote
};

// cls_online_switch [target]: no primary (10); target unknown (100) or the primary (100);
// target offline, in standby, not running as a standby or not caught up (10); without a
// target, the first caught-up standby (synchronous preferred), none → 10.
SwitchPlan plan_switch(const cluster::ClusterView& view, const config::ClusterConfig& config,
                       const std::optional<std::string>& target);

// cls_reset_master [node]: refused while a primary runs (10) or when `node` is unknown (100).
std::optional<Refusal> check_reset_master(const cluster::ClusterView& view,
                                          const config::ClusterConfig& config,
                                          const std::optional<std::string>& node);

// cls_repair_slave / cls_rebuild_slave on node `me`: a primary must run elsewhere (10), `me`
// is configured (100), not the primary (100), and not a running standby whose data status
// is healthy (100).
std::optional<Refusal> check_slave_repair(const cluster::ClusterView& view,
                                          const config::ClusterConfig& config,
                                          const std::string& me);

// cls_rebuild_slave: the data directory must be absent or empty (100).
std::optional<Refusal> check_rebuild_target(const std::string& pgdata, bool exists, bool empty);

// Watching a repaired or rebuilt standby `me` come back after its cleanup. `streaming` once
// its data status is STREAMING|*; `given_up` once Pacemaker stopped trying to run it there: its
// fail-count at migration-threshold or above, after a view in which it was below (the cleanup
// reaches crm_mon a moment after crm_resource returns).
class RejoinWatch {
 public:
  enum class State { waiting, streaming, given_up };
  explicit RejoinWatch(std::string me) : m_me(std::move(me)) {}
  State observe(const cluster::ClusterView& view, const config::ClusterConfig& config);
  int failures() const { return m_failures; }

 private:
  std::string m_me;
  bool m_cleared = false;
  int m_failures = 0;
};

// Every configured node replicates or is the primary (data status LATEST or STREAMING|*).
bool replication_ok(const cluster::ClusterView& view, const config::ClusterConfig& config);

// The clone has a promoted instance and the writer VIP runs.
bool primary_started(const cluster::ClusterView& view, const config::ClusterConfig& config);

// No instance of the clone or of the VIPs is active anywhere.
bool all_stopped(const cluster::ClusterView& view, const config::ClusterConfig& config);

// No instance of the clone or of the VIPs is active on `node`.
bool node_released(const cluster::ClusterView& view, const config::ClusterConfig& config,
                   const std::string& node);

// The configured nodes that are not online in the view.
std::vector<std::string> offline_nodes(const cluster::ClusterView& view,
                                       const config::ClusterConfig& config);

} // namespace pgha::cls
