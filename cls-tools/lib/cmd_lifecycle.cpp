// cls_start, cls_stop, cls_master, cls_cleanup, cls_standby_node, cls_unstandby_node,
// cls_manage, cls_unmanage.
#include "cls-tools/lib/checks.hpp"
#include "cls-tools/lib/cib_builder.hpp"
#include "cls-tools/lib/commands.hpp"
#include "common/base/error.hpp"
#include "common/base/log.hpp"

#include <fmt/format.h>

namespace pgha::cls {

namespace {

std::string node_or_local(Context& ctx, const Args& args) {
  std::string node = args.node ? *args.node : ctx.local_node();
  require(check_known_node(ctx.config(), node));
  return node;
}

// Runs a cluster write; a failing tool is an operation failure (11), not "cluster down".
template <typename F>
void write_step(std::string_view what, F&& f) {
  try {
    f();
  } catch (const ClusterError& e) {
    throw CommandFailure(ExitCode::failed, fmt::format("could not {}: {}", what, e.what()));
  }
}

} // namespace

void set_clone_target_role(Context& ctx, const std::string& role) {
  const auto& c = ctx.config();
  // Why crm_resource and not cibadmin --replace of an edited CIB: the cluster updates the CIB
  // all the time (attributes, operation results); a whole-CIB replace read a moment earlier is
  // refused as "older than existing configuration" (seen in the sandbox after a rebuild).
  write_step(fmt::format("set target-role={} on \"{}\"", role, c.clone_name), [&] {
    try {
      ctx.cluster().set_target_role(c.clone_name, role, ctx.call());
    } catch (const ClusterError& e) {
      throw ClusterError(fmt::format("{}\nHINT: check that \"{}\" is configured (cls_setup) and "
                                     "that pacemaker runs on this node",
                                     e.what(), c.clone_name));
    }
  });
}

int cmd_start(Context& ctx, const Args&) {
  const auto& c = ctx.config();
  ctx.view_with_quorum();
  write_step("clean up the clone",
             [&] { ctx.cluster().cleanup(c.clone_name, std::nullopt, ctx.call()); });
  set_clone_target_role(ctx, "Started");
  cluster::ClusterView last;
  if (!ctx.wait_for(
          c.start_timeout, [&](const auto& v) { return primary_started(v, c); }, true, &last))
    throw CommandFailure(ExitCode::failed,
                         fmt::format("no primary with \"{}\" within {} s\nHINT: run cls_status; "
                                     "a node refusing to start names the reason in its failed "
                                     "action",
                                     c.writer_vip_name, c.start_timeout.count()));
  ctx.say(fmt::format("primary started on \"{}\"", last.promoted_nodes(c.clone_name).front()));
  auto replicating = [&](const cluster::ClusterView& v) {
    bool reader_ok = c.reader_vip.empty() || !all_stopped(v, c);
    return replication_ok(v, c) && reader_ok;
  };
  if (!ctx.wait_for(c.start_timeout, replicating))
    throw CommandFailure(ExitCode::failed,
                         fmt::format("the primary runs but not every node replicates within {} "
                                     "s\nHINT: run cls_status; repair a diverged standby with "
                                     "cls_repair_slave",
                                     c.start_timeout.count()));
  ctx.say("start resource successful");
  return 0;
}

int cmd_stop(Context& ctx, const Args&) {
  const auto& c = ctx.config();
  ctx.view();
  set_clone_target_role(ctx, "Stopped");
  if (!ctx.wait_for(c.start_timeout, [&](const auto& v) { return all_stopped(v, c); }))
    throw CommandFailure(ExitCode::failed,
                         fmt::format("resources still run after {} s\nHINT: run cls_status; a "
                                     "stop failure blocks the resource (on-fail=block) until "
                                     "cls_cleanup",
                                     c.start_timeout.count()));
  ctx.say("stop resource successful");
  return 0;
}

int cmd_master(Context& ctx, const Args&) {
  auto v = ctx.view();
  auto primary = primary_node(v, ctx.config());
  ctx.say(primary.value_or(""));
  return 0;
}

int cmd_cleanup(Context& ctx, const Args& args) {
  if (args.node)
    require(check_known_node(ctx.config(), *args.node));
  ctx.view();
  for (const auto& id : managed_resources(ctx.config()))
    write_step(fmt::format("clean up \"{}\"", id),
               [&] { ctx.cluster().cleanup(id, args.node, ctx.call()); });
  ctx.say("cleaned up: failures and fail-counts are forgotten");
  return 0;
}

int cmd_standby_node(Context& ctx, const Args& args) {
  const auto& c = ctx.config();
  std::string node = node_or_local(ctx, args);
  ctx.view_with_quorum();
  write_step(fmt::format("put \"{}\" into standby", node),
             [&] { ctx.cluster().set_node_standby(node, true, ctx.call()); });
  if (!ctx.wait_for(c.start_timeout, [&](const auto& v) { return node_released(v, c, node); }))
    throw CommandFailure(ExitCode::failed,
                         fmt::format("resources still run on \"{}\" after {} s\nHINT: run "
                                     "cls_status",
                                     node, c.start_timeout.count()));
  ctx.say(fmt::format("node \"{}\" is in standby", node));
  return 0;
}

int cmd_unstandby_node(Context& ctx, const Args& args) {
  std::string node = node_or_local(ctx, args);
  ctx.view();
  write_step(fmt::format("take \"{}\" out of standby", node),
             [&] { ctx.cluster().set_node_standby(node, false, ctx.call()); });
  ctx.say(fmt::format("node \"{}\" may run resources again", node));
  return 0;
}

namespace {

int set_managed_all(Context& ctx, bool managed) {
  ctx.view();
  for (const auto& id : managed_resources(ctx.config()))
    write_step(fmt::format("set is-managed={} on \"{}\"", managed, id),
               [&] { ctx.cluster().set_managed(id, managed, ctx.call()); });
  ctx.say(managed ? "resources are managed by Pacemaker again"
                  : "resources are unmanaged: Pacemaker neither starts nor stops them (monitors "
                    "continue); run cls_manage afterwards");
  return 0;
}

} // namespace

int cmd_manage(Context& ctx, const Args&) {
  return set_managed_all(ctx, true);
}

int cmd_unmanage(Context& ctx, const Args&) {
  return set_managed_all(ctx, false);
}

} // namespace pgha::cls
