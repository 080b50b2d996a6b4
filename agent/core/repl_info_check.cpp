#include "agent/core/repl_info_check.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace pgha::agent::core {

std::string_view remedy_command(Remedy remedy) {
  switch (remedy) {
  case Remedy::repair_slave:
    return "cls_repair_slave";
  case Remedy::rebuild_slave:
    return "cls_rebuild_slave";
  case Remedy::reset_master:
    return "cls_reset_master";
  case Remedy::none:
    break;
  }
  return "";
}

ReplInfoCheck check_repl_info(const ReplInfoCheckInput& in) {
  if (!in.repl_info || !in.repl_info->has_position()) {
    return {};
  }
  const auto& rec = *in.repl_info;
  if (rec.node == in.me) {
    return {};
  }
  const auto& cd = in.controldata;
  if (!cd.checkpoint_tli || !cd.checkpoint_lsn) {
    return {ReplInfoVerdict::unknown, Remedy::none,
            "cannot read the latest checkpoint's timeline and location from pg_controldata"};
  }
  auto value = model::render_repl_info(rec);
  // The local timeline: a standby that replayed past a timeline switch records the newer
  // timeline as its minimum-recovery-end timeline before its next checkpoint.
  model::TimelineId tli = *cd.checkpoint_tli;
  if (cd.min_recovery_end_tli && *cd.min_recovery_end_tli > tli) {
    tli = *cd.min_recovery_end_tli;
  }
  // Why the end of WAL and not only the checkpoint: the checkpoint is a lower bound of the
  // local WAL. A crashed primary or an async standby can hold WAL past the fork point while its
  // last checkpoint is before it; it would pass a checkpoint-only check, start, and never be
  // able to follow the new timeline (pha4pgsql §13 item 6).
  model::Lsn end = *cd.checkpoint_lsn;
  if (cd.min_recovery_end_lsn) {
    end = std::max(end, *cd.min_recovery_end_lsn);
  }
  if (in.wal_end) {
    end = std::max(end, *in.wal_end);
  }
  auto r_tli = *rec.timeline;
  auto r_lsn = *rec.switch_lsn;
  auto hint = fmt::format("run \"{}\"", remedy_command(Remedy::repair_slave));

  if (tli == r_tli) {
    if (end <= r_lsn) {
      return {};
    }
    return {ReplInfoVerdict::conflict, Remedy::repair_slave,
            fmt::format("local WAL on timeline {} reaches {}, past the switch point {} of "
                        "REPL_INFO \"{}\": data diverged, {}",
                        tli, end.to_string(), r_lsn.to_string(), value, hint)};
  }
  if (tli > r_tli + 1) {
    // Why: every promotion in the cluster rewrites REPL_INFO, so the current primary runs on
    // R_tli + 1. A later local timeline means this node was promoted again after the recorded
    // promotion, outside the cluster, even when its history contains the recorded switch.
    return {ReplInfoVerdict::conflict, Remedy::repair_slave,
            fmt::format("local timeline {} is past timeline {} that the promotion in REPL_INFO "
                        "\"{}\" created (separate promotion): {}",
                        tli, r_tli + 1, value, hint)};
  }
  if (tli > r_tli) {
    if (in.local_history) {
      // Why: a node on a newer timeline is only compatible if that timeline descends from the
      // recorded promotion; a node promoted on its own (split brain) also has a newer timeline.
      bool descends = std::any_of(
          in.local_history->begin(), in.local_history->end(),
          [&](const model::HistoryEntry& e) { return e.parent == r_tli && e.switch_lsn == r_lsn; });
      if (descends) {
        return {};
      }
      return {ReplInfoVerdict::conflict, Remedy::repair_slave,
              fmt::format("local timeline {} does not descend from the promotion in REPL_INFO "
                          "\"{}\" (separate promotion): {}",
                          tli, value, hint)};
    }
    return {}; // T == R_tli + 1 without a readable history file
  }
  return {ReplInfoVerdict::conflict, Remedy::repair_slave,
          fmt::format("local timeline {} is older than timeline {} of REPL_INFO \"{}\": {}", tli,
                      r_tli, value, hint)};
}

} // namespace pgha::agent::core
