#include "cls-tools/lib/checks.hpp"

#include "common/model/data_status.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace pgha::cls {

namespace {

bool active_on(const cluster::ClusterView& view, const std::string& id,
               const std::optional<std::string>& node) {
  const auto* r = view.resource(id);
  if (r == nullptr)
    return false;
  for (const auto& i : r->instances)
    if (i.active && !i.node.empty() && (!node || i.node == *node))
      return true;
  return false;
}

std::vector<std::string> our_resources(const config::ClusterConfig& config) {
  std::vector<std::string> ids{config.clone_name, config.writer_vip_name};
  if (!config.reader_vip.empty())
    ids.push_back(config.reader_vip_name);
  return ids;
}

} // namespace

void refuse(const Refusal& refusal) {
  std::string message = refusal.message;
  if (!refusal.hint.empty())
    message += "\nHINT: " + refusal.hint;
  throw CommandFailure(refusal.code, message);
}

void require(const std::optional<Refusal>& refusal) {
  if (refusal)
    refuse(*refusal);
}

std::optional<Refusal> check_quorum(const cluster::ClusterView& view,
                                    const config::ClusterConfig& config) {
  if (config.cluster_type == config::ClusterType::multi && !view.have_quorum)
    return Refusal{ExitCode::no_quorum, "this node's partition has no quorum",
                   "run the command on a node of the partition with quorum, or restore the "
                   "network between the nodes"};
  return std::nullopt;
}

std::optional<std::string> primary_node(const cluster::ClusterView& view,
                                        const config::ClusterConfig& config) {
  auto promoted = view.promoted_nodes(config.clone_name);
  if (promoted.size() > 1)
    refuse({ExitCode::no_quorum,
            fmt::format("Pacemaker reports more than one primary: {}", fmt::join(promoted, ", ")),
            "check the network between the nodes and the lock; run cls_status"});
  if (promoted.empty())
    return std::nullopt;
  return promoted.front();
}

std::optional<Refusal> check_known_node(const config::ClusterConfig& config,
                                        const std::string& node) {
  if (config.has_node(node))
    return std::nullopt;
  return Refusal{ExitCode::bad_arguments, fmt::format("\"{}\" is not a node of this cluster", node),
                 fmt::format("configured nodes: {} (see \"{}\")", fmt::join(config.nodes, ", "),
                             config.source)};
}

std::string data_status(const cluster::ClusterView& view, const config::ClusterConfig& config,
                        const std::string& node) {
  const auto* n = view.node(node);
  if (n == nullptr)
    return {};
  auto it = n->attributes.find(config.attribute_names().data_status);
  return it == n->attributes.end() ? std::string() : it->second;
}

namespace {

using model::DataStatus;
using model::SyncState;

bool streaming_sync(const std::string& status) {
  auto d = model::parse_data_status(status);
  return d && d->is_streaming(SyncState::sync);
}

// STREAMING|POTENTIAL or STREAMING|ASYNC: streaming, not the synchronous standby.
bool streaming_other(const std::optional<DataStatus>& d) {
  return d && (d->is_streaming(SyncState::potential) || d->is_streaming(SyncState::async));
}

} // namespace

bool is_healthy_data_status(const std::string& status) {
  auto d = model::parse_data_status(status);
  return d && (d->kind == DataStatus::Kind::latest || d->is_streaming(SyncState::sync) ||
               streaming_other(d));
}

bool is_caught_up(const std::string& status, const config::ClusterConfig& config) {
  auto d = model::parse_data_status(status);
  if (d && d->is_streaming(SyncState::sync))
    return true;
  return streaming_other(d) &&
         (config.rep_mode == model::RepMode::async || config.allow_async_switch);
}

SwitchPlan plan_switch(const cluster::ClusterView& view, const config::ClusterConfig& config,
                       const std::optional<std::string>& target) {
  auto primary = primary_node(view, config);
  if (!primary)
    refuse({ExitCode::precondition, "there is no primary",
            "run cls_status; start the cluster with cls_start, or see cls_reset_master"});
  auto usable = [&](const std::string& node) -> std::optional<Refusal> {
    const auto* n = view.node(node);
    if (n == nullptr || !n->online)
      return Refusal{ExitCode::precondition, fmt::format("node \"{}\" is not online", node),
                     "choose an online standby (cls_status)"};
    if (n->standby)
      return Refusal{ExitCode::precondition, fmt::format("node \"{}\" is in standby", node),
                     fmt::format("run cls_unstandby_node {} first", node)};
    if (view.role_on(config.clone_name, node) != "Unpromoted")
      return Refusal{ExitCode::precondition,
                     fmt::format("node \"{}\" does not run a standby instance", node),
                     "run cls_status; a failed node needs cls_cleanup or cls_repair_slave"};
    auto status = data_status(view, config, node);
    if (!is_caught_up(status, config))
      return Refusal{ExitCode::precondition,
                     fmt::format("node \"{}\" is not caught up (data status \"{}\")", node,
                                 status.empty() ? "unknown" : status),
                     config.rep_mode == model::RepMode::sync
                         ? fmt::format("switch to the synchronous standby ({}), or set "
                                       "allow_async_switch=true to accept losing recent "
                                       "transactions",
                                       model::to_string(DataStatus::replication(
                                           model::SenderState::streaming, SyncState::sync)))
                         : "wait until the standby streams (cls_status)"};
    return std::nullopt;
  };
  if (target) {
    require(check_known_node(config, *target));
    if (*target == *primary)
      refuse({ExitCode::bad_arguments, fmt::format("\"{}\" is already the primary", *target),
              "name a standby, or omit the node to pick one"});
    require(usable(*target));
    return {*primary, *target};
  }
  std::optional<std::string> best;
  std::optional<Refusal> last;
  for (const auto& node : config.nodes) {
    if (node == *primary)
      continue;
    if (auto r = usable(node)) {
      last = r;
      continue;
    }
    if (!best || streaming_sync(data_status(view, config, node)))
      if (!best || !streaming_sync(data_status(view, config, *best)))
        best = node;
  }
  if (!best)
    refuse({ExitCode::precondition, "no standby is ready to take over",
            last ? last->message + "; " + last->hint : std::string("run cls_status")});
  return {*primary, *best};
}

std::optional<Refusal> check_reset_master(const cluster::ClusterView& view,
                                          const config::ClusterConfig& config,
                                          const std::optional<std::string>& node) {
  if (auto primary = primary_node(view, config))
    return Refusal{ExitCode::precondition,
                   fmt::format("a primary runs on \"{}\"; resetting it is not allowed", *primary),
                   "cls_reset_master is for a cluster where no node can become primary; use "
                   "cls_online_switch to move the primary"};
  if (node)
    return check_known_node(config, *node);
  return std::nullopt;
}

std::optional<Refusal> check_slave_repair(const cluster::ClusterView& view,
                                          const config::ClusterConfig& config,
                                          const std::string& me) {
  if (auto r = check_known_node(config, me))
    return r;
  auto primary = primary_node(view, config);
  if (!primary)
    return Refusal{ExitCode::precondition, "there is no primary to copy from",
                   "bring up a primary first (cls_start, cls_reset_master)"};
  if (*primary == me)
    return Refusal{ExitCode::bad_arguments, fmt::format("this node \"{}\" is the primary", me),
                   "run the command on the standby to repair"};
  auto status = data_status(view, config, me);
  // Why the role too: the primary's monitor updates the data status every few seconds, so a
  // standby just stopped (in standby, data directory moved away) still shows STREAMING|SYNC.
  if (is_healthy_data_status(status) && view.role_on(config.clone_name, me) == "Unpromoted")
    return Refusal{
        ExitCode::bad_arguments,
        fmt::format("node \"{}\" is healthy (data status \"{}\"), nothing to repair", me, status),
        ""};
  return std::nullopt;
}

std::optional<Refusal> check_rebuild_target(const std::string& pgdata, bool exists, bool empty) {
  if (exists && !empty)
    return Refusal{ExitCode::bad_arguments,
                   fmt::format("data directory \"{}\" is not empty", pgdata),
                   fmt::format("move it aside first (mv {0} {0}.old) so nothing is lost; "
                               "cls_repair_slave keeps the data and only rewinds it",
                               pgdata)};
  return std::nullopt;
}

RejoinWatch::State RejoinWatch::observe(const cluster::ClusterView& view,
                                        const config::ClusterConfig& config) {
  if (auto d = model::parse_data_status(data_status(view, config, m_me)); d && d->is_streaming())
    return State::streaming;
  m_failures = view.fail_count(config.resource_name, m_me);
  m_cleared = m_cleared || m_failures < config.migration_threshold;
  return m_cleared && m_failures >= config.migration_threshold ? State::given_up : State::waiting;
}

bool replication_ok(const cluster::ClusterView& view, const config::ClusterConfig& config) {
  return std::all_of(config.nodes.begin(), config.nodes.end(), [&](const std::string& node) {
    return is_healthy_data_status(data_status(view, config, node));
  });
}

bool primary_started(const cluster::ClusterView& view, const config::ClusterConfig& config) {
  return !view.promoted_nodes(config.clone_name).empty() &&
         active_on(view, config.writer_vip_name, std::nullopt);
}

bool all_stopped(const cluster::ClusterView& view, const config::ClusterConfig& config) {
  for (const auto& id : our_resources(config))
    if (active_on(view, id, std::nullopt))
      return false;
  return true;
}

bool node_released(const cluster::ClusterView& view, const config::ClusterConfig& config,
                   const std::string& node) {
  for (const auto& id : our_resources(config))
    if (active_on(view, id, node))
      return false;
  return true;
}

std::vector<std::string> offline_nodes(const cluster::ClusterView& view,
                                       const config::ClusterConfig& config) {
  std::vector<std::string> out;
  for (const auto& node : config.nodes) {
    const auto* n = view.node(node);
    if (n == nullptr || !n->online)
      out.push_back(node);
  }
  return out;
}

} // namespace pgha::cls
