#pragma once
// The hot standby's monitor while no primary exists (pha4pgsql §1.4 rc=0 and §5): the recorded
// primary claims 1000; every other eligible standby takes part in the WAL-position election,
// which decides as soon as every node of node_list has published its position, and otherwise
// needs `xlog_check_count` consecutive identical observations of the reachable peers' positions.

#include "agent/core/data_status.hpp"
#include "agent/core/names.hpp"
#include "agent/core/params.hpp"
#include "agent/core/plan.hpp"
#include "agent/core/status_fsm.hpp"
#include "common/model/lsn.hpp"
#include "common/model/repl_info.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pgha::agent::core {

// One observation: node → published "<rsc>-xlog-loc" (including my own position).
using Observation = std::map<std::string, model::Lsn>;

struct ElectionPeer {
  std::string node;
  bool online = false;                // member of the cluster partition
  bool running = false;               // an instance of the clone is active there
  std::optional<model::Lsn> xlog_loc; // its published position
  std::optional<DataStatus> data_status;
};

struct StandbySnapshot {
  std::string me;
  RepMode rep_mode = RepMode::sync;
  std::vector<std::string> node_list;
  AttributeNames names;
  bool primary_exists = false; // a promoted instance is active in the cluster
  std::optional<model::ReplInfo> repl_info;
  std::optional<DataStatus> own_data_status;
  std::optional<model::Lsn> own_lsn;       // max(receive, replay); nullopt = unreadable
  std::optional<model::Lsn> published_lsn; // my current "<rsc>-xlog-loc"
  std::optional<int> own_score;
  std::optional<NodeStatus> own_status; // my current "<rsc>-status"
  std::vector<ElectionPeer> peers;      // every other node of node_list
  std::vector<Observation> history;     // observations of the previous monitors
  int xlog_check_count = 3;
};

enum class ElectionOutcome {
  primary_exists,   // nothing to elect
  recorded_primary, // REPL_INFO names me: score 1000
  ineligible,       // my data status says my data may be incomplete
  waiting,          // observations not yet stable or peers not yet published
  won,              // score 110
  lost,             // another node is ahead (or wins the tie-break)
  error,            // own position unreadable
};

std::string_view to_string(ElectionOutcome outcome);

struct StandbyDecision {
  ElectionOutcome outcome = ElectionOutcome::waiting;
  Plan plan;
  std::vector<Observation> history; // to persist for the next monitor (empty = clear)
  std::string reason;
};

// Decide the standby's monitor bookkeeping. Rules (fixes of pha4pgsql §13 items 9, 16):
//  - a primary exists → status HS:alone only when my data status is DISCONNECT; no election;
//  - REPL_INFO names me → status HS:alone, score 1000 (write only if different);
//  - REPL_INFO names another node that is online and running → lost (it claims 1000);
//  - ineligible data status (sync: not absent/LATEST/STREAMING|SYNC; async: also
//    STREAMING|ASYNC) → score -INFINITY, history cleared; the data status is not touched;
//  - publish my position; an observation counts only when every online, running, eligible peer
//    has published a position (a peer that is running but has not published yet would
//    otherwise be skipped and a node with older data could win);
//  - complete = every other node of node_list is online and running, and has published (or
//    could never win): one observation decides; otherwise stable = the last
//    `xlog_check_count` observations are identical (same nodes, same LSNs);
//  - the winner is the highest LSN (numeric); ties go to the node listed first in node_list,
//    so exactly one node claims 110; losers set -INFINITY and keep their data status;
//  - while not stable, a previous claim of 110 is withdrawn (-INFINITY): a claim is only valid
//    while the observation that justified it still holds.
StandbyDecision decide_standby_monitor(const StandbySnapshot& snapshot);

// Which data statuses may take part in the election in `mode`.
bool election_eligible(const std::optional<DataStatus>& status, RepMode mode);

} // namespace pgha::agent::core
