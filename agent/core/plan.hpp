#pragma once
// Decisions are data: an ordered plan of steps that the shell executes in order, logging each
// with format_step. A step that fails stops the plan (the shell reports the failure); steps
// are therefore ordered so that a prefix of a plan is always safe.

#include "agent/core/leadership.hpp"
#include "common/model/attribute_names.hpp"
#include "common/model/repl_info.hpp"
#include "common/model/score.hpp"

#include <chrono>
#include <string>
#include <variant>
#include <vector>

namespace pgha::agent::core {

// Scores and attribute lifetimes are the shared vocabulary of common/model.
using model::format_score;
using model::k_score_can_promote;
using model::k_score_election_won;
using model::k_score_infinity;
using model::k_score_never;
using model::k_score_promote_me;
using model::Lifetime;

struct SetNodeAttribute {
  std::string name;
  std::string node;
  std::string value;
  Lifetime lifetime = Lifetime::reboot;
  friend bool operator==(const SetNodeAttribute&, const SetNodeAttribute&) = default;
};

struct DeleteNodeAttribute {
  std::string name;
  std::string node;
  Lifetime lifetime = Lifetime::reboot;
  friend bool operator==(const DeleteNodeAttribute&, const DeleteNodeAttribute&) = default;
};

// Promotion score of `node` (crm_attribute --promotion); ±k_score_infinity render as ±INFINITY.
struct SetPromotionScore {
  std::string node;
  int score = 0;
  friend bool operator==(const SetPromotionScore&, const SetPromotionScore&) = default;
};

// Write `synchronous_standby_names = '<value>'` into the agent's include file and reload
// PostgreSQL. Empty value = asynchronous.
struct SetSyncStandbyNames {
  std::string value;
  friend bool operator==(const SetSyncStandbyNames&, const SetSyncStandbyNames&) = default;
};

// Lock service operations on the configured lock (owner `<rsc>_<node>`).
struct AcquireLock {
  friend bool operator==(const AcquireLock&, const AcquireLock&) = default;
};
struct RenewLock {
  friend bool operator==(const RenewLock&, const RenewLock&) = default;
};
struct ReleaseLock {
  friend bool operator==(const ReleaseLock&, const ReleaseLock&) = default;
};

// Renew the lease and write the leadership record into the lock row in one statement, at the
// term this node holds. Fails the plan when the row is no longer this node's at that term, or
// when the local lease deadline has passed: the steps after it (dropping or renaming the
// synchronous standby) are only safe once the record says so.
struct RecordLeader {
  LeaderFacts record;
  friend bool operator==(const RecordLeader&, const RecordLeader&) = default;
};

// Set the cluster property `<rsc>_REPL_INFO`.
struct SetReplInfo {
  model::ReplInfo info;
  friend bool operator==(const SetReplInfo&, const SetReplInfo&) = default;
};

// Stop the standby, remove standby.signal, start as primary (timeline unchanged).
struct RestartAsPrimary {
  friend bool operator==(const RestartAsPrimary&, const RestartAsPrimary&) = default;
};

// `pg_ctl promote` and wait until the server leaves recovery (timeline + 1).
struct PgCtlPromote {
  friend bool operator==(const PgCtlPromote&, const PgCtlPromote&) = default;
};

// kill: SIGKILL the (verified) postmaster, then its children — for a postmaster that reacts to
// no signal (paused, hung), when fast and immediate did not bring it down.
enum class StopMode { fast, immediate, kill };

// `pg_ctl stop -m <mode>` (or the kill) and wait at most `wait` for the postmaster to exit.
struct StopPostgres {
  StopMode mode = StopMode::fast;
  std::chrono::milliseconds wait{0};
  friend bool operator==(const StopPostgres&, const StopPostgres&) = default;
};

// Fails the plan unless PostgreSQL is verified down (postmaster gone). Placed before every
// step that is only safe with PostgreSQL stopped (releasing the lock).
struct VerifyStopped {
  friend bool operator==(const VerifyStopped&, const VerifyStopped&) = default;
};

// Start PostgreSQL as a standby (standby.signal + the agent's recovery settings).
struct StartStandby {
  friend bool operator==(const StartStandby&, const StartStandby&) = default;
};

using Step =
    std::variant<SetNodeAttribute, DeleteNodeAttribute, SetPromotionScore, SetSyncStandbyNames,
                 AcquireLock, RenewLock, ReleaseLock, RecordLeader, SetReplInfo, RestartAsPrimary,
                 PgCtlPromote, StopPostgres, VerifyStopped, StartStandby>;
using Plan = std::vector<Step>;

// One log line per step, e.g. `set attribute "pgsql-status"="PRI" on "node1" (reboot)`.
std::string format_step(const Step& step);

// All steps, one per line, numbered from 1.
std::string format_plan(const Plan& plan);

} // namespace pgha::agent::core
