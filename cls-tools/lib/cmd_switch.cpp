// cls_online_switch and cls_reset_master.
#include "cls-tools/lib/checks.hpp"
#include "cls-tools/lib/commands.hpp"
#include "cls-tools/lib/status_report.hpp"
#include "common/base/error.hpp"
#include "common/base/log.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <array>
#include <cstdlib>

namespace pgha::cls {

namespace {

void cluster_write(std::string_view what, const std::function<void()>& f) {
  try {
    f();
  } catch (const ClusterError& e) {
    throw CommandFailure(ExitCode::failed, fmt::format("could not {}: {}", what, e.what()));
  }
}

} // namespace

int cmd_online_switch(Context& ctx, const Args& args) {
  const auto& c = ctx.config();
  auto& cluster = ctx.cluster();
  auto view = ctx.view_with_quorum();
  auto plan = plan_switch(view, c, args.node);
  ctx.say(fmt::format("switching the primary from \"{}\" to \"{}\"", plan.from, plan.to));
  // A leftover move/ban constraint of an earlier switch would fight this one.
  cluster_write("clear earlier move constraints",
                [&] { cluster.clear(c.clone_name, std::nullopt, ctx.call()); });
  cluster_write(fmt::format("move the primary role to \"{}\"", plan.to),
                [&] { cluster.move(c.clone_name, plan.to, true, ctx.call()); });
  auto promoted_there = [&](const cluster::ClusterView& v) {
    auto p = v.promoted_nodes(c.clone_name);
    return p.size() == 1 && p.front() == plan.to;
  };
  bool switched = ctx.wait_for(c.switch_timeout, promoted_there);
  // The move constraint has done its work (or failed); leaving it would pin the primary.
  cluster_write("clear the move constraint",
                [&] { cluster.clear(c.clone_name, std::nullopt, ctx.call()); });
  if (!switched)
    throw CommandFailure(ExitCode::failed,
                         fmt::format("\"{}\" did not become primary within {} s\nHINT: run "
                                     "cls_status; the failed action on \"{}\" names the reason",
                                     plan.to, c.switch_timeout.count(), plan.to));
  auto old_back = [&](const cluster::ClusterView& v) {
    return is_healthy_data_status(data_status(v, c, plan.from));
  };
  if (!ctx.wait_for(c.switch_timeout, old_back))
    log::warn("the old primary \"{}\" does not replicate yet\nHINT: run cls_status; "
              "cls_repair_slave on \"{}\" if it diverged",
              plan.from, plan.from);
  ctx.say(fmt::format("online switch succeeded, the new primary is \"{}\"", plan.to));
  return 0;
}

namespace {

// The operator's override of the lock row's refusal: NODE becomes the recorded leader, so its
// promotion is allowed; the history keeps who forced it.
void force_leader(Context& ctx, const Args& args) {
  const auto& c = ctx.config();
  if (!args.node)
    throw CommandFailure(ExitCode::bad_arguments, "--force needs the node to make primary\n"
                                                  "HINT: cls_reset_master --force NODE");
  if (!c.enable_distlock)
    throw CommandFailure(ExitCode::bad_arguments,
                         "--force overrides the lock row's leadership record, and the lock is "
                         "disabled (enable_distlock=false)\nHINT: run cls_reset_master NODE");
  const char* user = std::getenv("SUDO_USER");
  if (user == nullptr)
    user = std::getenv("USER");
  std::array<char, 256> host{};
  ::gethostname(host.data(), host.size() - 1);
  auto note = fmt::format("override: cls_reset_master --force {} by {} on {}", *args.node,
                          user != nullptr ? user : "?", host.data());
  auto owner = fmt::format("{}_{}", c.resource_name, *args.node);
  auto state = ctx.lock().override_leader(owner, note, Deadline::after(c.command_timeout));
  log::warn("{}", note);
  ctx.say(fmt::format("lock row \"{}\": {}", c.distlock_lockname, describe_leader(state.leader)));
}

} // namespace

int cmd_reset_master(Context& ctx, const Args& args) {
  const auto& c = ctx.config();
  auto& cluster = ctx.cluster();
  auto view = ctx.view_with_quorum();
  require(check_reset_master(view, c, args.node));
  if (args.force)
    force_leader(ctx, args);
  Args none;
  cmd_stop(ctx, none);
  for (const auto& node : c.nodes)
    cluster_write(fmt::format("delete \"{}\" of \"{}\"", c.attribute_names().data_status, node),
                  [&] {
                    cluster.remove_node_attribute(node, c.attribute_names().data_status,
                                                  cluster::Lifetime::forever, ctx.call());
                  });
  if (args.node)
    cluster_write("set REPL_INFO",
                  [&] { cluster.set_property(c.repl_info_name(), *args.node, ctx.call()); });
  else
    cluster_write("clear REPL_INFO",
                  [&] { cluster.delete_property(c.repl_info_name(), ctx.call()); });
  for (const auto& id : managed_resources(c))
    cluster_write(fmt::format("clean up \"{}\"", id),
                  [&] { cluster.cleanup(id, std::nullopt, ctx.call()); });
  set_clone_target_role(ctx, "Started");
  cluster::ClusterView last;
  if (!ctx.wait_for(
          c.start_timeout, [&](const auto& v) { return primary_started(v, c); }, true, &last))
    throw CommandFailure(ExitCode::failed,
                         fmt::format("no primary started within {} s\nHINT: run cls_status",
                                     c.start_timeout.count()));
  ctx.say(fmt::format("master reset and startup succeeded, the primary is \"{}\"",
                      last.promoted_nodes(c.clone_name).front()));
  return 0;
}

} // namespace pgha::cls
