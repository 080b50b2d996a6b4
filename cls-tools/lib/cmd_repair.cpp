// cls_repair_slave (pg_rewind) and cls_rebuild_slave (pg_basebackup) on this node.
#include "cls-tools/lib/checks.hpp"
#include "cls-tools/lib/commands.hpp"
#include "common/base/error.hpp"
#include "common/base/log.hpp"

#include <fmt/format.h>

#include <chrono>
#include <exception>
#include <filesystem>
#include <future>

namespace pgha::cls {

namespace {

// pg_rewind (PostgreSQL 15) takes the source's timeline from its last checkpoint. Right after a
// promotion, whose checkpoint is spread over minutes, that is still the old timeline: pg_rewind
// then answers "no rewind required", changes nothing and exits 0 (seen in the sandbox: the
// node was refused again at start). A CHECKPOINT on the primary first makes the new timeline
// visible. It needs superuser or pg_checkpoint; without them pg_rewind runs anyway.
void checkpoint_primary(Context& ctx) {
  try {
    auto deadline = Deadline::after(std::chrono::seconds(60));
    ctx.primary(PrimaryAs::replication).checkpoint(deadline);
    ctx.say("checkpoint on the primary done (pg_rewind reads its timeline from there)");
  } catch (const Error& e) {
    log::warn("could not run CHECKPOINT on the primary: {}; right after a promotion pg_rewind "
              "may then see no timeline change",
              e.what());
  }
}

std::uintmax_t directory_bytes(const std::filesystem::path& dir) {
  std::uintmax_t total = 0;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
    if (it->is_regular_file(ec))
      total += it->file_size(ec);
  return total;
}

// Preconditions, then standby this node and wait until Pacemaker stopped PostgreSQL here.
std::string release_this_node(Context& ctx) {
  const auto& c = ctx.config();
  std::string me = ctx.local_node();
  auto view = ctx.view_with_quorum();
  require(check_slave_repair(view, c, me));
  ctx.say(fmt::format("putting \"{}\" into standby", me));
  try {
    ctx.cluster().set_node_standby(me, true, ctx.call());
  } catch (const ClusterError& e) {
    throw CommandFailure(ExitCode::error,
                         fmt::format("could not standby \"{}\": {}", me, e.what()));
  }
  if (!ctx.wait_for(c.start_timeout, [&](const auto& v) { return node_released(v, c, me); })) {
    ctx.cluster().set_node_standby(me, false, ctx.call());
    throw CommandFailure(ExitCode::failed,
                         fmt::format("PostgreSQL on \"{}\" did not stop within {} s\nHINT: run "
                                     "cls_status",
                                     me, c.start_timeout.count()));
  }
  return me;
}

// Bring the node back, forget its failures, wait until it streams from the primary. Stop
// waiting when Pacemaker gives up on the node (its fail-count reaches migration-threshold
// after the cleanup took effect): it will not start PostgreSQL there again by itself.
int rejoin(Context& ctx, const std::string& me) {
  const auto& c = ctx.config();
  ctx.cluster().set_node_standby(me, false, ctx.call());
  ctx.cluster().cleanup(c.clone_name, me, ctx.call());
  ctx.say("wait for recovery complete");
  RejoinWatch watch(me);
  auto state = RejoinWatch::State::waiting;
  auto settled = [&](const cluster::ClusterView& v) {
    state = watch.observe(v, c);
    return state != RejoinWatch::State::waiting;
  };
  if (!ctx.wait_for(c.recovery_timeout, settled))
    throw CommandFailure(ExitCode::failed,
                         fmt::format("\"{}\" does not stream after {} s\nHINT: the data is in "
                                     "place; run cls_status and look at the PostgreSQL log",
                                     me, c.recovery_timeout.count()));
  if (state == RejoinWatch::State::given_up)
    throw CommandFailure(ExitCode::failed,
                         fmt::format("Pacemaker gave up starting PostgreSQL on \"{}\" (fail-count "
                                     "{})\nHINT: the data is in place; find the cause in the "
                                     "Pacemaker and PostgreSQL logs, then run cls_cleanup {}",
                                     me, cluster::format_score(watch.failures()), me));
  ctx.say(fmt::format("slave recovery of \"{}\" succeeded", me));
  return 0;
}

// Undo the standby after a failed step and rethrow as `code`.
[[noreturn]] void give_back(Context& ctx, const std::string& me, ExitCode code,
                            const std::string& message) {
  try {
    ctx.cluster().set_node_standby(me, false, ctx.call());
  } catch (const ClusterError& e) {
    log::warn("could not take \"{}\" out of standby: {}\nHINT: run cls_unstandby_node {}", me,
              e.what(), me);
  }
  throw CommandFailure(code, message);
}

} // namespace

int cmd_repair_slave(Context& ctx, const Args&) {
  const auto& c = ctx.config();
  std::string me = release_this_node(ctx);
  auto& ctl = ctx.ctl();
  auto deadline = Deadline::after(c.rebuild_timeout);
  try {
    // pg_rewind needs hint bits in WAL; without them it cannot tell which pages changed.
    auto control = ctl.controldata(ctx.call());
    bool hints =
        control.wal_log_hints.value_or(false) || control.data_checksum_version.value_or(0) != 0;
    if (!hints)
      give_back(ctx, me, ExitCode::precondition,
                fmt::format("pg_rewind cannot repair \"{}\": neither wal_log_hints nor data "
                            "checksums are on\nHINT: rebuild it with cls_rebuild_slave, and set "
                            "wal_log_hints=on for next time",
                            c.pgdata));
    checkpoint_primary(ctx);
    // A crashed (not cleanly shut down) target is fine: pg_rewind recovers it first. But its
    // --dry-run skips that recovery and then fails with "target server must be shut down
    // cleanly" (seen in the sandbox on a primary powered off), so such a target gets no dry run.
    bool clean = control.state == model::ClusterState::shut_down ||
                 control.state == model::ClusterState::shut_down_in_recovery;
    if (clean) {
      pg::RewindOptions dry;
      dry.source_conninfo = replication_source_conninfo(c);
      dry.dry_run = true;
      try {
        ctl.rewind(dry, deadline);
      } catch (const ProcessError& e) {
        give_back(ctx, me, ExitCode::precondition,
                  fmt::format("pg_rewind cannot repair \"{}\": {}\nHINT: check that the "
                              "replication user may run pg_rewind (superuser or the pg_rewind "
                              "function grants) and the passfile; otherwise cls_rebuild_slave",
                              c.pgdata, e.what()));
      }
    } else {
      ctx.say(fmt::format("\"{}\" was not shut down cleanly (\"{}\"): pg_rewind recovers it "
                          "first, so there is no dry run",
                          c.pgdata, model::to_string(control.state)));
    }
    ctx.say(fmt::format("rewinding \"{}\" from the primary at {}", c.pgdata, c.writer_vip));
    pg::RewindOptions real;
    real.source_conninfo = replication_source_conninfo(c);
    ctl.rewind(real, deadline);
  } catch (const CommandFailure&) {
    throw;
  } catch (const Error& e) {
    give_back(ctx, me, ExitCode::error, fmt::format("pg_rewind failed: {}", e.what()));
  }
  return rejoin(ctx, me);
}

int cmd_rebuild_slave(Context& ctx, const Args&) {
  const auto& c = ctx.config();
  std::error_code ec;
  bool exists = std::filesystem::exists(c.pgdata, ec);
  bool empty = !exists || std::filesystem::is_empty(c.pgdata, ec);
  require(check_rebuild_target(c.pgdata, exists, empty));
  std::string me = release_this_node(ctx);
  auto& ctl = ctx.ctl();
  auto deadline = Deadline::after(c.rebuild_timeout);
  ctx.say(fmt::format("copying the primary at {} into \"{}\"", c.writer_vip, c.pgdata));
  // pg_basebackup runs in the background; the foreground reports how much has arrived.
  auto copy = std::async(std::launch::async, [&] {
    pg::BasebackupOptions copy_options;
    copy_options.source_conninfo = replication_source_conninfo(c);
    ctl.basebackup(copy_options, deadline);
  });
  while (copy.wait_for(std::chrono::seconds(2)) != std::future_status::ready) {
    std::fputs(fmt::format("\r{} kB copied", directory_bytes(c.pgdata) / 1024).c_str(), ctx.out());
    std::fflush(ctx.out());
  }
  std::fputs(fmt::format("\r{} kB copied\n", directory_bytes(c.pgdata) / 1024).c_str(), ctx.out());
  try {
    copy.get();
  } catch (const Error& e) {
    give_back(ctx, me, ExitCode::error,
              fmt::format("pg_basebackup failed: {}\nHINT: remove the partial copy in \"{}\" "
                          "before retrying",
                          e.what(), c.pgdata));
  }
  return rejoin(ctx, me);
}

} // namespace pgha::cls
