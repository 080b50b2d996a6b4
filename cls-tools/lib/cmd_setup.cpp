// cls_setup [master] [--dry-run]: config.ini → CIB XML → crm_verify → cibadmin.
#include "cls-tools/lib/checks.hpp"
#include "cls-tools/lib/cib_builder.hpp"
#include "cls-tools/lib/commands.hpp"
#include "common/base/error.hpp"
#include "common/base/log.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

namespace pgha::cls {

namespace {

std::vector<std::string> lock_schema_files() {
  for (const char* dir : {PGHA_SQL_INSTALL_DIR, PGHA_SQL_SOURCE_DIR}) {
    std::error_code ec;
    std::vector<std::string> files;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec))
      if (e.path().extension() == ".sql")
        files.push_back(e.path().string());
    if (!files.empty()) {
      std::sort(files.begin(), files.end());
      return files;
    }
  }
  throw CommandFailure(ExitCode::error,
                       fmt::format("no lock schema files in \"{}\"\nHINT: reinstall the pgha "
                                   "package, or run with --no-lock-init",
                                   PGHA_SQL_INSTALL_DIR));
}

void init_lock(Context& ctx) {
  const auto& c = ctx.config();
  try {
    auto& lock = ctx.lock();
    lock.install(lock_schema_files(),
                 Deadline::after(std::max(c.command_timeout, std::chrono::seconds(30))));
    auto state = lock.status(ctx.call());
    ctx.say(fmt::format("lock schema ready on {}; lock \"{}\" {}", lock.describe(),
                        c.distlock_lockname,
                        state.held() ? fmt::format("held by \"{}\"", state.holder) : "free"));
  } catch (const Error& e) {
    throw CommandFailure(ExitCode::failed,
                         fmt::format("could not prepare the lock server: {}\nHINT: check "
                                     "\"distlock_conninfo\" and the passfile, or run with "
                                     "--no-lock-init and \"distlock init\" later",
                                     e.what()));
  }
}

} // namespace

int cmd_setup(Context& ctx, const Args& args) {
  const auto& c = ctx.config();
  auto& cluster = ctx.cluster();
  SetupOptions options;
  if (args.node) {
    require(check_known_node(c, *args.node));
    options.force_master = *args.node;
  }
  std::string current;
  try {
    current = cluster.query_cib(ctx.call());
  } catch (const ClusterError& e) {
    if (!args.dry_run)
      throw CommandFailure(ExitCode::no_cluster,
                           fmt::format("could not read the CIB: {}\nHINT: start corosync and "
                                       "pacemaker first (or use --dry-run)",
                                       e.what()));
    log::info("no cluster reachable: the dry run starts from an empty CIB");
    current = empty_cib();
  }
  if (!args.dry_run && options.force_master) {
    auto view = ctx.view_with_quorum();
    if (auto primary = primary_node(view, c); primary && *primary != *options.force_master)
      refuse({ExitCode::precondition,
              fmt::format("a primary runs on \"{}\"; forcing \"{}\" is not allowed", *primary,
                          *options.force_master),
              "stop the cluster with cls_stop first, or run cls_setup without a node"});
  }
  std::string cib = build_cib(current, c, options);
  if (args.dry_run) {
    std::fwrite(cib.data(), 1, cib.size(), ctx.out());
    return 0;
  }
  cluster::VerifyResult verdict;
  try {
    verdict = cluster.verify(cib, ctx.call());
  } catch (const ClusterError& e) {
    throw CommandFailure(ExitCode::error, fmt::format("could not run crm_verify: {}", e.what()));
  }
  if (!verdict.valid)
    throw CommandFailure(ExitCode::error,
                         fmt::format("the built configuration does not verify:\n{}\nHINT: check "
                                     "config.ini; cls_setup --dry-run shows the XML",
                                     verdict.output));
  try {
    cluster.replace_cib(cib, ctx.call());
  } catch (const ClusterError& e) {
    throw CommandFailure(ExitCode::failed,
                         fmt::format("could not load the configuration: {}", e.what()));
  }
  ctx.say(fmt::format("loaded the {} configuration for {} nodes: \"{}\" (ocf:pgha:expgsql), "
                      "\"{}\"{}",
                      config::to_string(c.cluster_type), c.nodes.size(), c.clone_name,
                      c.writer_vip_name,
                      c.reader_vip.empty() ? "" : fmt::format(", \"{}\"", c.reader_vip_name)));
  if (options.force_master)
    ctx.say(fmt::format("{} set to \"{}\"", c.repl_info_name(), *options.force_master));
  if (c.enable_distlock && !args.no_lock_init)
    init_lock(ctx);
  return 0;
}

} // namespace pgha::cls
