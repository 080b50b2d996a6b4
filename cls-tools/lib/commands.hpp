#pragma once
// The cls_* commands. Each takes the context and its arguments and returns the exit code, or
// throws (CommandFailure and the pgha::Error taxonomy are mapped by exit_code_for).

#include "cls-tools/lib/context.hpp"

#include <span>
#include <string_view>

namespace pgha::cls {

using CommandFn = int (*)(Context&, const Args&);
// A command that needs no cluster and no seams (cls config): program name for messages.
using OfflineFn = int (*)(const std::string& program, const Args&);

// A command-line flag: sets `member` of Args.
struct FlagSpec {
  std::string_view name; // "--json"
  std::string_view help;
  bool Args::*member;
};

// One command and everything main needs to parse its arguments: main names no command.
struct CommandSpec {
  std::string_view name;           // without the "cls_" prefix
  std::string_view usage;          // arguments after the name
  std::string_view summary;        // one line for --help
  CommandFn run = nullptr;         // with the world (config.ini loaded, seams built)
  std::string_view node_help = {}; // help of the optional positional [node]; empty = none
  std::span<const FlagSpec> flags = {};
  OfflineFn offline = nullptr;   // instead of run: no config.ini, no seams
  bool exactly_one_flag = false; // the flags are alternatives, one of them required

  bool takes_node() const { return !node_help.empty(); }
};

// Every command, in help order (cls config last).
std::span<const CommandSpec> command_table();
// The command named `name` ("start" or "cls_start"), nullptr when unknown.
const CommandSpec* find_command(std::string_view name);

// cls config --example|--keys|--show.
int cmd_config(const std::string& program, const Args& args);

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
