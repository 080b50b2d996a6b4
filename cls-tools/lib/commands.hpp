#pragma once
// The cls_* commands. Each takes the context and its arguments and returns the exit code, or
// throws (CommandFailure and the pgha::Error taxonomy are mapped by exit_code_for).

#include "cls-tools/lib/context.hpp"

#include <span>
#include <string_view>

namespace pgha::cls {

using CommandFn = int (*)(Context&, const Args&);

struct CommandSpec {
  std::string_view name;    // without the "cls_" prefix
  std::string_view usage;   // arguments after the name
  std::string_view summary; // one line for --help
  CommandFn run;
  bool takes_node = false; // optional positional [node]
};

// Every command, in help order.
std::span<const CommandSpec> command_table();
// The command named `name` ("start" or "cls_start"), nullptr when unknown.
const CommandSpec* find_command(std::string_view name);

int cmd_setup(Context& ctx, const Args& args);
int cmd_start(Context& ctx, const Args& args);
int cmd_stop(Context& ctx, const Args& args);
int cmd_status(Context& ctx, const Args& args);
int cmd_master(Context& ctx, const Args& args);
int cmd_online_switch(Context& ctx, const Args& args);
int cmd_cleanup(Context& ctx, const Args& args);
int cmd_reset_master(Context& ctx, const Args& args);
int cmd_repair_slave(Context& ctx, const Args& args);
int cmd_rebuild_slave(Context& ctx, const Args& args);
int cmd_standby_node(Context& ctx, const Args& args);
int cmd_unstandby_node(Context& ctx, const Args& args);
int cmd_manage(Context& ctx, const Args& args);
int cmd_unmanage(Context& ctx, const Args& args);
int cmd_history(Context& ctx, const Args& args);

// Set target-role of the clone ("Started"/"Stopped") by rewriting its meta attribute in the
// CIB (query, edit, replace).
void set_clone_target_role(Context& ctx, const std::string& role);

// The resources cls_* manage: the clone, the writer VIP and the reader VIP if configured.
std::vector<std::string> managed_resources(const config::ClusterConfig& config);

} // namespace pgha::cls
