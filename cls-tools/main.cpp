// cls: one binary for every cls_* command. Called as cls_<command> (a symlink) or as
// `cls <command>`; builds the world, dispatches, and maps failures to the exit codes.
#include "cls-tools/lib/commands.hpp"
#include "cls-tools/lib/exit_codes.hpp"
#include "common/base/log.hpp"
#include "common/cluster/crm_cluster.hpp"
#include "common/config/cluster_config.hpp"
#include "common/config/example.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

using namespace pgha;

std::string usage() {
  std::string out = "usage: cls <command> [--config FILE] [args]   (or cls_<command> ...)\n\n"
                    "commands:\n";
  for (const auto& c : cls::command_table())
    out += fmt::format("  cls_{:<15} {:<22} {}\n", c.name, c.usage, c.summary);
  out += fmt::format("  cls {:<19} {:<22} {}\n", "config", "--example|--keys|--show",
                     "print the config.ini example, the key reference, or the effective values");
  out += "\nexit codes: 0 ok, 1 error, 10 precondition not met, 11 operation failed, 100 bad "
         "arguments, 101 cluster information unavailable, 102 no quorum\n";
  return out;
}

int fail(const std::string& program, const std::exception& e) {
  std::fprintf(stderr, "%s: error: %s\n", program.c_str(), e.what());
  return static_cast<int>(cls::exit_code_for(e));
}

int run_config(const std::string& program, cls::Args& args) {
  if (args.config_what == "example") {
    std::fputs(config::render_example().c_str(), stdout);
    return 0;
  }
  if (args.config_what == "keys") {
    std::fputs(config::render_key_reference().c_str(), stdout);
    return 0;
  }
  try {
    auto c = config::load_config(args.config_path);
    for (const auto& w : c.warnings)
      std::fprintf(stderr, "%s: warning: %s\n", program.c_str(), w.c_str());
    for (const auto& s : c.settings)
      std::printf("%-40s %-45s (%s)\n", s.key.c_str(), s.value.c_str(), s.origin.c_str());
    return 0;
  } catch (const std::exception& e) {
    return fail(program, e);
  }
}

} // namespace

int main(int argc, char** argv) {
  std::string invoked = argc > 0 ? argv[0] : "cls";
  if (auto slash = invoked.rfind('/'); slash != std::string::npos)
    invoked = invoked.substr(slash + 1);
  std::vector<std::string> rest(argv + (argc > 0 ? 1 : 0), argv + argc);
  std::string name = invoked;
  if (invoked == "cls") {
    if (rest.empty() || rest[0] == "--help" || rest[0] == "-h" || rest[0] == "help") {
      std::fputs(usage().c_str(), rest.empty() ? stderr : stdout);
      return rest.empty() ? static_cast<int>(cls::ExitCode::bad_arguments) : 0;
    }
    name = rest.front();
    rest.erase(rest.begin());
  }
  std::string program = name.starts_with("cls_") ? name : "cls_" + name;

  cls::Args args;
  std::string node_arg;
  const cls::CommandSpec* spec = cls::find_command(name);
  bool is_config = name == "config" || name == "cls_config";
  if (spec == nullptr && !is_config) {
    std::fprintf(stderr, "%s: error: unknown command \"%s\"\nHINT: cls --help lists the commands\n",
                 invoked.c_str(), name.c_str());
    return static_cast<int>(cls::ExitCode::bad_arguments);
  }
  CLI::App app(is_config ? "print config.ini documentation or values" : std::string(spec->summary),
               program);
  // PGHA_CONFIG names another default (the sandbox sets it for commands run in its nodes).
  if (const char* env = std::getenv("PGHA_CONFIG"); env != nullptr && *env != '\0')
    args.config_path = env;
  app.add_option("--config", args.config_path,
                 "config.ini to read (default: $PGHA_CONFIG, else "
                 "/etc/pgha/config.ini)")
      ->capture_default_str();
  bool verbose = false;
  app.add_flag("-v,--verbose", verbose, "log details of each step");
  if (is_config) {
    auto* group = app.add_option_group("what");
    group->add_flag_callback(
        "--example", [&] { args.config_what = "example"; }, "config.ini.example");
    group->add_flag_callback(
        "--keys", [&] { args.config_what = "keys"; }, "Markdown key reference");
    group->add_flag_callback(
        "--show", [&] { args.config_what = "show"; }, "effective values and their origin");
    group->require_option(1);
  } else {
    if (spec->takes_node)
      app.add_option("node", node_arg,
                     spec->name == "setup" ? "node to force as primary" : "node name");
    if (spec->name == "status" || spec->name == "history")
      app.add_flag("--json", args.json, "machine-readable output");
    if (spec->name == "reset_master")
      app.add_flag("--force", args.force,
                   "record NODE as the leader in the lock row although the row refuses its "
                   "promotion (commits the last leader acknowledged alone may be lost; logged in "
                   "the lock history)");
    if (spec->name == "setup") {
      app.add_flag("--dry-run", args.dry_run, "print the complete CIB XML and load nothing");
      app.add_flag("--no-lock-init", args.no_lock_init,
                   "do not install the lock schema on the lock server");
    }
  }
  std::vector<std::string> reversed(rest.rbegin(), rest.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : static_cast<int>(cls::ExitCode::bad_arguments);
  }
  if (!node_arg.empty())
    args.node = node_arg;
  log::set_sinks({log::stderr_sink(verbose ? log::Level::debug : log::Level::warn)});
  if (is_config)
    return run_config(program, args);

  try {
    auto config = config::load_config(args.config_path);
    for (const auto& w : config.warnings)
      log::warn("{}", w);
    proc::PosixRunner runner;
    cluster::CrmCluster crm(runner, cluster::CrmOptions::from_environment());
    cls::Context ctx(std::move(config), runner, crm, stdout);
    return spec->run(ctx, args);
  } catch (const std::exception& e) {
    return fail(program, e);
  }
}
