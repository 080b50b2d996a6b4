#pragma once
// The start-time conflict check (pha4pgsql §4.3, fixed): may this node's data directory follow
// the primary recorded in REPL_INFO, or has its WAL diverged from the recorded timeline switch?

#include "common/model/controldata.hpp"
#include "common/model/lsn.hpp"
#include "common/model/repl_info.hpp"
#include "common/model/timeline_history.hpp"

#include <optional>
#include <string>
#include <vector>

namespace pgha::agent::core {

struct ReplInfoCheckInput {
  std::string me;
  std::optional<model::ReplInfo> repl_info;
  model::ControlData controldata;
  // The end of the local WAL: the end of the last valid record found in pg_wal on the
  // control file's timeline (pg_waldump), gathered by the shell. nullopt = could not be read.
  std::optional<model::Lsn> wal_end;
  // The history file of the local timeline (absent for timeline 1).
  std::optional<std::vector<model::HistoryEntry>> local_history;
};

enum class ReplInfoVerdict {
  pass,     // may start and follow the recorded primary
  conflict, // must not start: the data would diverge or cannot follow
  unknown,  // cannot decide (control data unreadable)
};

enum class Remedy {
  none,
  repair_slave,  // cls_repair_slave (pg_rewind from the primary)
  rebuild_slave, // cls_rebuild_slave (pg_basebackup)
  reset_master,  // cls_reset_master (REPL_INFO looks stale)
};

std::string_view remedy_command(Remedy remedy); // "cls_repair_slave", …

struct ReplInfoCheck {
  ReplInfoVerdict verdict = ReplInfoVerdict::pass;
  Remedy remedy = Remedy::none;
  std::string reason; // exit reason (says why and what to run)
  friend bool operator==(const ReplInfoCheck&, const ReplInfoCheck&) = default;
};

// Check. Let T be the local timeline (controldata's checkpoint TLI, or the min-recovery-end
// TLI when later), E the furthest local WAL position known (max of wal_end, checkpoint,
// min recovery end), and R = (node, R_tli, R_lsn) the record.
//  - no record, or a record without position → pass;
//  - I am the recorded node → pass;
//  - T == R_tli: pass iff E ≤ R_lsn (the local WAL stops at or before the fork point),
//    else conflict → cls_repair_slave;
//  - T > R_tli + 1: conflict → cls_repair_slave (every promotion rewrites REPL_INFO, so the
//    primary runs on R_tli + 1: this node was promoted again outside the cluster, even if its
//    history contains the recorded switch);
//  - T == R_tli + 1: pass iff the local history contains (R_tli, R_lsn), i.e. this node
//    descends from the recorded promotion, or the history file is missing; otherwise conflict
//    (this node was promoted separately: split brain) → cls_repair_slave;
//  - T < R_tli: conflict → cls_repair_slave (more than one timeline behind, pg_rewind decides);
//  - control data without timeline or checkpoint → unknown (exit as generic error).
ReplInfoCheck check_repl_info(const ReplInfoCheckInput& input);

} // namespace pgha::agent::core
