// cls_status [--json] and cls_history.
#include "cls-tools/lib/checks.hpp"
#include "cls-tools/lib/commands.hpp"
#include "cls-tools/lib/status_report.hpp"
#include "common/base/error.hpp"
#include "common/model/timeline_history.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace pgha::cls {

namespace {

constexpr std::chrono::seconds k_probe_budget{3};

// The primary's own view of its standbys, through the writer VIP as pgsql_pgdba.
ReplicationReport replication_report(Context& ctx, bool have_primary) {
  ReplicationReport r;
  if (!have_primary) {
    r.error = "no primary";
    return r;
  }
  try {
    auto& primary = ctx.primary(PrimaryAs::dba);
    auto deadline = Deadline::after(k_probe_budget);
    auto current = primary.current_lsn(deadline);
    r.current_lsn = current.to_string();
    for (const auto& row : primary.replication_status(deadline)) {
      StandbyReplication s;
      s.application_name = row.application_name;
      s.state = row.state;
      s.sync_state = row.sync_state;
      if (row.flush_lsn)
        s.flush_lsn = row.flush_lsn->to_string();
      if (row.replay_lsn) {
        s.replay_lsn = row.replay_lsn->to_string();
        s.lag_bytes = current.value() >= row.replay_lsn->value()
                          ? current.value() - row.replay_lsn->value()
                          : 0;
      }
      r.standbys.push_back(std::move(s));
    }
    r.available = true;
  } catch (const Error& e) {
    r.error = e.what();
  }
  return r;
}

LockReport lock_report(Context& ctx) {
  const auto& c = ctx.config();
  LockReport r;
  r.enabled = c.enable_distlock;
  r.lockname = c.distlock_lockname;
  if (!r.enabled)
    return r;
  try {
    auto state = ctx.lock().status(Deadline::after(k_probe_budget));
    r.reachable = true;
    r.holder = state.held() ? state.holder : std::string();
    r.term = state.term;
    r.remaining_ms = state.server_remaining.count();
    r.leader = state.leader;
  } catch (const Error& e) {
    r.error = e.what();
  }
  return r;
}

std::string repl_info(Context& ctx) {
  try {
    return ctx.cluster().get_property(ctx.config().repl_info_name(), ctx.call()).value_or("");
  } catch (const ClusterError& e) {
    throw CommandFailure(
        ExitCode::no_cluster,
        fmt::format("could not read \"{}\": {}", ctx.config().repl_info_name(), e.what()));
  }
}

std::string format_time(distlock::ServerTime t) {
  auto tp = std::chrono::time_point_cast<std::chrono::system_clock::duration>(t);
  return fmt::format("{:%Y-%m-%d %H:%M:%S} UTC",
                     fmt::gmtime(std::chrono::system_clock::to_time_t(tp)));
}

} // namespace

int cmd_status(Context& ctx, const Args& args) {
  const auto& c = ctx.config();
  auto view = ctx.view();
  auto info = repl_info(ctx);
  auto report = make_status_report(
      view, c, info, replication_report(ctx, !view.promoted_nodes(c.clone_name).empty()),
      lock_report(ctx));
  std::string text = args.json ? render_status_json(report) : render_status_text(report, c);
  std::fwrite(text.data(), 1, text.size(), ctx.out());
  return 0;
}

int cmd_history(Context& ctx, const Args& args) {
  const auto& c = ctx.config();
  std::vector<std::string> lock_rows;
  std::vector<std::string> leader_rows;
  std::string lock_error;
  if (c.enable_distlock) {
    try {
      auto& lock = ctx.lock();
      for (const auto& h : lock.history(Deadline::after(c.command_timeout)))
        lock_rows.push_back(
            args.json
                ? fmt::format("{{\"owner\":{},\"term\":{},\"from\":{},"
                              "\"until\":{},\"current\":{}}}",
                              json_string(h.owner), h.term, json_string(format_time(h.held_from)),
                              json_string(format_time(h.held_until)), h.current)
                : fmt::format("  term {:>4}  {:<16} {} .. {}{}", h.term,
                              h.owner.empty() ? "(released)" : h.owner, format_time(h.held_from),
                              format_time(h.held_until), h.current ? "  (current)" : ""));
      for (const auto& h : lock.leader_history(Deadline::after(c.command_timeout)))
        leader_rows.push_back(
            args.json ? fmt::format("{{\"at\":{},\"holder\":{},\"term\":{},\"leader\":{}}}",
                                    json_string(format_time(h.record.recorded_at)),
                                    json_string(h.holder), h.term, leader_json(h.record))
                      : fmt::format("  {}  {}", format_time(h.record.recorded_at),
                                    describe_leader(h.record)));
    } catch (const Error& e) {
      lock_error = e.what();
    }
  }
  // Timelines of the local data directory: each line is one promotion somewhere.
  std::vector<std::string> tl_rows;
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(c.pgdata + "/pg_wal", ec))
    if (e.path().extension() == ".history")
      files.push_back(e.path());
  std::sort(files.begin(), files.end());
  if (!files.empty()) {
    std::ifstream in(files.back());
    std::ostringstream text;
    text << in.rdbuf();
    try {
      for (const auto& h : model::parse_timeline_history(text.str()))
        tl_rows.push_back(args.json ? fmt::format("{{\"timeline\":{},\"ended_at\":{},"
                                                  "\"reason\":{}}}",
                                                  h.parent, json_string(h.switch_lsn.to_string()),
                                                  json_string(h.reason))
                                    : fmt::format("  timeline {:>3} ended at {:<12} {}", h.parent,
                                                  h.switch_lsn.to_string(), h.reason));
    } catch (const Error& e) {
      tl_rows.push_back(args.json ? json_string(e.what()) : fmt::format("  ({})", e.what()));
    }
  }
  std::string info;
  try {
    info = ctx.cluster().get_property(c.repl_info_name(), ctx.call()).value_or("");
  } catch (const ClusterError&) {
    info = "(cluster unavailable)";
  }
  std::string out;
  if (args.json) {
    out = fmt::format("{{\"lock\":{{\"enabled\":{},\"lockname\":{},\"error\":{},\"owners\":[{}],"
                      "\"leadership\":[{}]}},\"timelines\":[{}],\"repl_info\":{}}}\n",
                      c.enable_distlock, json_string(c.distlock_lockname), json_string(lock_error),
                      fmt::join(lock_rows, ","), fmt::join(leader_rows, ","),
                      fmt::join(tl_rows, ","), json_string(info));
  } else {
    if (!c.enable_distlock)
      out += "Lock owners: the lock is disabled (enable_distlock=false)\n";
    else if (!lock_error.empty())
      out +=
          fmt::format("Lock owners of \"{}\": unavailable ({})\n", c.distlock_lockname, lock_error);
    else
      out += fmt::format("Lock owners of \"{}\" (oldest first):\n{}\n\nLeadership record changes "
                         "(oldest first):\n{}\n",
                         c.distlock_lockname, fmt::join(lock_rows, "\n"),
                         leader_rows.empty() ? std::string("  none yet")
                                             : fmt::format("{}", fmt::join(leader_rows, "\n")));
    out += fmt::format("\nTimeline history of \"{}\":\n{}\n", c.pgdata,
                       tl_rows.empty() ? std::string("  timeline 1, never promoted (or no data "
                                                     "directory here)")
                                       : fmt::format("{}", fmt::join(tl_rows, "\n")));
    out += fmt::format("\n{}:{}\n", c.repl_info_name(), info);
  }
  std::fwrite(out.data(), 1, out.size(), ctx.out());
  return 0;
}

} // namespace pgha::cls
