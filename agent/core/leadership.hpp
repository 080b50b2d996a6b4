#pragma once
// The lock row is the authority for leadership (the CIB splits and merges with the cluster;
// the lock server does not). The holder records there, under its term, the timeline it writes
// on and its synchronous standby, or that it acknowledges alone since an LSN; a standby may be
// promoted only when that record says it holds every acknowledged commit (Patroni's /sync
// discipline). This file decides eligibility and what the primary must record, purely.

#include "agent/core/params.hpp"
#include "common/model/lsn.hpp"
#include "common/model/timeline.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace pgha::agent::core {

// The leadership record of the lock row, as the agent reads it.
struct LeaderFacts {
  std::string owner;                         // lock owner that wrote it, "<rsc>_<node>"
  std::uint64_t term = 0;                    // its term when it wrote it
  std::optional<model::TimelineId> timeline; // the timeline it writes on; nullopt = promoting
  std::optional<std::string> sync_standby;   // confirmed synchronous node, "" = alone,
                                             // nullopt = not stated (operator override)
  std::optional<model::Lsn> sync_lsn;        // where confirmed / alone since
  std::string note;
  friend bool operator==(const LeaderFacts&, const LeaderFacts&) = default;
};

// What a candidate knows when it holds the lease for a promotion.
struct EligibilitySnapshot {
  std::string me;       // node name
  std::string me_owner; // my lock owner string
  RepMode rep_mode = RepMode::sync;
  std::optional<LeaderFacts> record; // nullopt: the row never held a record (first primary)
  model::TimelineId my_timeline = 0;
  std::optional<model::Lsn> my_lsn;
};

struct Eligibility {
  bool eligible = false;
  std::string reason; // why (log line; on refusal the exit reason, with the overriding command)
  friend bool operator==(const Eligibility&, const Eligibility&) = default;
};

// May this node become primary? Rules, in order:
//  1. no record: the first primary of this lock; the election decides (eligible).
//  2. I wrote the record: eligible (it holds what it acknowledged).
//  3. rep_mode=sync: only the recorded synchronous standby, on the recorded timeline. A record
//     of "alone since LSN" or of no standby refuses every other node: the last leader may have
//     acknowledged commits no standby has.
//  4. rep_mode=async: any node on the recorded timeline (async may lose the last commits by
//     design; a node on another timeline has diverged).
Eligibility decide_eligibility(const EligibilitySnapshot& snapshot);

// True when this node may take the lease over without waiting for the leader's lease to end:
// rep_mode=sync and the record is another leader's, naming this node its synchronous standby.
bool may_take_over(RepMode rep_mode, std::string_view me, std::string_view me_owner,
                   const std::optional<LeaderFacts>& record);

// What the primary's monitor must write into the lock row before (or after) changing its
// synchronous standby. nullopt: the record is right as it stands.
struct RecordInput {
  std::string me_owner;
  std::uint64_t my_term = 0;
  model::TimelineId my_timeline = 0;
  std::optional<LeaderFacts> record; // as the renewal of this pass returned it
  // The standby named in synchronous_standby_names now, and the one this pass leaves named
  // ("" none).
  std::string current_sync;
  std::string next_sync;
  // True when next_sync is confirmed: streaming SYNC, flushed past the position at which it
  // was named (the condition for its promotion score).
  bool next_sync_confirmed = false;
  model::Lsn current_lsn; // the primary's position now
};

// Keep a record of mine that names the standby which stays named (every commit since it was
// confirmed waited for it). Otherwise: the confirmed next_sync once it is confirmed, else
// "alone since current_lsn" (written before synchronous_standby_names drops or renames the
// recorded standby); also a fresh record when the row holds another owner's, term's or
// timeline's record.
std::optional<LeaderFacts> record_needed(const RecordInput& input);

// One line for logs: `timeline 3, synchronous standby "node2" since 0/3000060 (sync)`.
std::string describe(const LeaderFacts& record);

// The override command an operator runs to promote `node` despite a refusal.
std::string override_command(std::string_view node);

} // namespace pgha::agent::core
