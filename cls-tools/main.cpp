// cls: one binary for every cls_* command. Called as cls_<command> (a symlink) or as
// `cls <command>`. The composition root of the tools: parses the arguments the command table
// declares, loads config.ini, builds the world (ClsWorld: the real seams), dispatches, and maps
// failures to the exit codes.
#include "cls-tools/lib/commands.hpp"
#include "cls-tools/lib/exit_codes.hpp"
#include "cls-tools/lib/world.hpp"
#include "common/base/log.hpp"
#include "common/config/cluster_config.hpp"

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
    out += fmt::format("  {:<19} {:<22} {}\n", (c.offline ? "cls " : "cls_") + std::string(c.name),
                       c.usage, c.summary);
  out += "\nexit codes: 0 ok, 1 error, 10 precondition not met, 11 operation failed, 100 bad "
         "arguments, 101 cluster information unavailable, 102 no quorum\n";
  return out;
}

int fail(const std::string& program, const std::exception& e) {
  std::fprintf(stderr, "%s: error: %s\n", program.c_str(), e.what());
  return static_cast<int>(cls::exit_code_for(e));
}

// The options every command takes, then what its table row declares.
void declare_arguments(CLI::App& app, const cls::CommandSpec& spec, cls::Args& args,
                       std::string& node_arg, bool& verbose) {
  // PGHA_CONFIG names another default (the sandbox sets it for commands run in its nodes).
  if (const char* env = std::getenv("PGHA_CONFIG"); env != nullptr && *env != '\0')
    args.config_path = env;
  app.add_option("--config", args.config_path,
                 "config.ini to read (default: $PGHA_CONFIG, else "
                 "/etc/pgha/config.ini)")
      ->capture_default_str();
  app.add_flag("-v,--verbose", verbose, "log details of each step");
  if (spec.takes_node())
    app.add_option("node", node_arg, std::string(spec.node_help));
  CLI::App* group = spec.exactly_one_flag ? app.add_option_group("what") : &app;
  for (const auto& f : spec.flags)
    group->add_flag(std::string(f.name), args.*f.member, std::string(f.help));
  if (spec.exactly_one_flag)
    group->require_option(1);
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

  const cls::CommandSpec* spec = cls::find_command(name);
  if (spec == nullptr) {
    std::fprintf(stderr, "%s: error: unknown command \"%s\"\nHINT: cls --help lists the commands\n",
                 invoked.c_str(), name.c_str());
    return static_cast<int>(cls::ExitCode::bad_arguments);
  }
  cls::Args args;
  std::string node_arg;
  bool verbose = false;
  CLI::App app(std::string(spec->summary), program);
  declare_arguments(app, *spec, args, node_arg, verbose);
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
  if (spec->offline != nullptr)
    return spec->offline(program, args);

  try {
    auto config = config::load_config(args.config_path);
    for (const auto& w : config.warnings)
      log::warn("{}", w);
    cls::ClsWorld world(config);
    cls::Context ctx(config, world, stdout);
    return spec->run(ctx, args);
  } catch (const std::exception& e) {
    return fail(program, e);
  }
}
