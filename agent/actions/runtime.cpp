#include "agent/actions/runtime.hpp"

#include "agent/core/repl_info_check.hpp"
#include "common/base/error.hpp"
#include "common/base/log.hpp"
#include "common/base/safe_file.hpp"
#include "common/base/strings.hpp"
#include "common/cluster/crm_parse.hpp"
#include "common/pg/version.hpp"

#include <fstream>
#include <sstream>

namespace pgha::agent {

namespace fs = std::filesystem;

Runtime::Runtime(ActionContext& ctx)
    : m_ctx(ctx), state(ctx.world.state_dir(ctx.resource()) / "state"),
      writer(ctx.world.cluster(), state, ctx.resource(),
             std::chrono::seconds(std::max(1, ctx.params.crm_attr_timeout)), ctx.deadline),
      m_lease(ctx, state) {}

Runtime::~Runtime() {
  state.save();
}

std::optional<model::ReplInfo> Runtime::repl_info(bool fresh) {
  std::optional<std::string> v;
  // Why a read of this action will do: it is as fresh as a crm_attribute run would be, and
  // one process less on the promote's path.
  if (auto cib = fresh ? m_ctx.world.recent_cib(k_fresh_cib) : std::nullopt) {
    v = cluster::parse::cib_property(*cib, m_ctx.names.repl_info);
    writer.note_property(m_ctx.names.repl_info, v);
  } else {
    v = writer.property(m_ctx.names.repl_info, fresh);
  }
  if (!v)
    return std::nullopt;
  return model::parse_repl_info(*v);
}

std::string stop_marker(const ActionContext& ctx) {
  auto text = safe_file::read_nofollow(fs::path(ctx.params.pgdata) / "postmaster.pid");
  if (!text)
    return "absent";
  // PID and start time (first and third lines) identify the postmaster that wrote it.
  auto lines = split(*text, '\n');
  return "pid:" + (lines.size() > 0 ? std::string(lines[0]) : std::string()) + ":" +
         (lines.size() > 2 ? std::string(lines[2]) : std::string());
}

std::optional<model::Lsn> standby_position(ActionContext& ctx) {
  auto& pg = ctx.world.postgres();
  auto receive = pg.receive_lsn(ctx.deadline);
  auto replay = pg.replay_lsn(ctx.deadline);
  if (receive && replay)
    return std::max(*receive, *replay);
  return receive ? receive : replay;
}

std::optional<std::vector<model::HistoryEntry>> read_history(const ActionContext& ctx,
                                                             model::TimelineId tli) {
  auto path = fs::path(ctx.params.pgdata) / "pg_wal" / model::history_file_name(tli);
  std::ifstream in(path);
  if (!in)
    return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  try {
    return model::parse_timeline_history(ss.str());
  } catch (const ConfigError& e) {
    log::warn("cannot parse \"{}\": {}", path.string(), e.what());
    return std::nullopt;
  }
}

model::TimelineId standby_timeline(ActionContext& ctx) {
  auto tli = ctx.world.postgres().timeline(ctx.deadline);
  // "<8 hex>.history" files: the newest one names the timeline the WAL here has reached.
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(fs::path(ctx.params.pgdata) / "pg_wal", ec)) {
    auto name = e.path().filename().string();
    if (name.size() != 16 || name.substr(8) != ".history")
      continue;
    try {
      std::size_t used = 0;
      auto v = std::stoul(name.substr(0, 8), &used, 16);
      if (used == 8)
        tli = std::max(tli, static_cast<model::TimelineId>(v));
    } catch (const std::exception&) {
      continue;
    }
  }
  return tli;
}

model::Lsn local_wal_end(ActionContext& ctx, model::TimelineId tli, model::Lsn from,
                         std::uint64_t segment_size) {
  // Why look first: pg_waldump waits about 5 s for a segment file that is not there, and every
  // monitor of a standby that does not stream runs this. What it would then report is the
  // start of that segment: no local WAL on this timeline from there.
  auto first =
      fs::path(ctx.params.pgdata) / "pg_wal" / model::wal_file_name(tli, from, segment_size);
  if (std::error_code ec; !fs::exists(first, ec))
    return model::Lsn(from.value() - from.value() % segment_size);
  proc::Command cmd;
  cmd.argv = {(fs::path(core::bindir_of(ctx.params)) / "pg_waldump").string(),
              "-q",
              "-p",
              (fs::path(ctx.params.pgdata) / "pg_wal").string(),
              "-t",
              std::to_string(tli),
              "-s",
              from.to_string()};
  cmd.env = {{"LC_ALL", "C"}};
  cmd.deadline = ctx.deadline.capped(std::chrono::seconds(30));
  auto r = ctx.world.runner().run(cmd);
  // pg_waldump stops at the first record it cannot decode and names where; the wording is the
  // data directory's major's (pg::parse_waldump_end throws on a text it does not know).
  auto major = ctx.world.ctl().major_version();
  return pg::parse_waldump_end(r.err, major, segment_size);
}

core::ReplInfoCheck check_repl_info_conflict(ActionContext& ctx, Runtime& rt) {
  core::ReplInfoCheckInput in;
  in.me = ctx.node;
  in.repl_info = rt.repl_info(true);
  if (!in.repl_info || !in.repl_info->has_position())
    return {};
  in.controldata = ctx.world.ctl().controldata(ctx.deadline);
  auto tli = in.controldata.checkpoint_tli.value_or(1);
  if (in.controldata.min_recovery_end_tli && *in.controldata.min_recovery_end_tli > tli)
    tli = *in.controldata.min_recovery_end_tli;
  if (tli > 1)
    in.local_history = read_history(ctx, tli);
  if (in.controldata.redo_lsn) {
    // pg_waldump reads one timeline: when the redo point lies on an older one, the WAL of `tli`
    // begins at its switch point (the last entry of its history), not at the redo point.
    auto from = *in.controldata.redo_lsn;
    if (tli > in.controldata.checkpoint_tli.value_or(1) && in.local_history &&
        !in.local_history->empty() && in.local_history->back().switch_lsn > from)
      from = in.local_history->back().switch_lsn;
    in.wal_end =
        local_wal_end(ctx, tli, from, in.controldata.wal_segment_size.value_or(16 * 1024 * 1024));
  }
  log::detail("conflict check: timeline {}, end of wal {}, record \"{}\"", tli,
              in.wal_end ? in.wal_end->to_string() : "unknown",
              model::render_repl_info(*in.repl_info));
  return core::check_repl_info(in);
}

} // namespace pgha::agent
