#pragma once
// The lease lock of pgha: one row per lock in a table on a lock-server PostgreSQL. A lease is
// valid while the server's now() is before ts + expired_time; only the server's clock judges
// expiry. Every owner change takes a new fencing term from a server-side sequence.
//
// Outcomes the caller must expect ("held by another", "not the owner") are values. Exceptions:
//   pgha::ConfigError    bad lock name, owner, TTL or conninfo (no server contact was tried)
//   pgha::PgUnreachable  the lock server could not be reached or did not answer in the bound
//   pgha::PgQueryError   the server answered with an error (e.g. schema not installed)

#include "common/base/deadline.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pgha::distlock {

// A point on the lock server's wall clock (microseconds since the Unix epoch).
using ServerTime = std::chrono::sys_time<std::chrono::microseconds>;

// Which lock: table (validated identifier, optionally "schema.table") and lock name.
struct LockId {
  std::string table = "distlock";
  std::string name;
};

// Parse "lockname" or "table:lockname" (split at the first colon). Throws ConfigError when the
// table is not a plain identifier or the name is empty or not valid UTF-8.
LockId parse_lock_id(std::string_view spec);

// Throws ConfigError unless `id` and `owner` are usable (non-empty, valid UTF-8, no NUL).
void validate(const LockId& id);
void validate_owner(std::string_view owner);

// The table name as a quoted SQL identifier ("schema"."table"), folded to lower case as
// PostgreSQL folds unquoted names; throws ConfigError when `id.table` is not valid.
std::string quoted_table(const LockId& id);

// A request to hold a lock for `ttl`.
struct LeaseRequest {
  LockId lock;
  std::string owner;
  std::chrono::milliseconds ttl{9000};
  // Subtracted from the local deadline to allow for clock-rate differences and the time a
  // holder needs to stop acting; ttl / 10 when absent. Must be smaller than ttl.
  std::optional<std::chrono::milliseconds> safety_margin;
  // renew and record only: the term the caller holds. renew with 0 accepts any term of this
  // owner; record requires it (a term of 0 never matches).
  std::int64_t term = 0;
};

// The leadership record kept in the lock row (pgha's equivalent of Patroni's /sync): written
// only by the lease holder at its term (record()), or by an operator override. It outlives
// owner changes, so a node taking the lock over reads what its predecessor recorded.
struct LeaderRecord {
  std::string owner;                       // lock owner that wrote it ("" = none written)
  std::int64_t term = 0;                   // that owner's term when it wrote it
  std::optional<std::int64_t> timeline;    // the timeline the leader writes on, when known
  std::optional<std::string> sync_standby; // confirmed synchronous node; "" = acknowledging
                                           // alone; nullopt = not stated (override, promoting)
  std::string sync_lsn;                    // LSN text: where confirmed, or alone since
  std::string note;                        // why it changed ("promote", "sync", "alone", …)
  ServerTime recorded_at{};
  friend bool operator==(const LeaderRecord&, const LeaderRecord&) = default;
};

// A lock row as the server saw it at the end of the call.
struct LeaseState {
  bool exists = false;   // the row exists
  std::string holder;    // current owner, "" when free
  std::int64_t term = 0; // fencing term of the current owner (0 when the row does not exist)
  ServerTime lease_start{};
  ServerTime lease_end{};                        // ts + expired_time
  ServerTime server_now{};                       // the server's now() of the call
  std::chrono::milliseconds server_remaining{0}; // lease_end - server_now, never negative
  std::optional<LeaderRecord> leader;            // nullopt when no record was ever written

  // Someone holds an unexpired lease.
  bool held() const { return !holder.empty() && server_remaining.count() > 0; }
};

// Result of try_acquire, acquire and renew.
struct AcquireResult {
  bool acquired = false; // the caller holds the lease now (new, taken over or renewed)
  LeaseState lease;      // when not acquired: who holds it and until when
  // Only when acquired: monotonic time taken before the request was sent + ttl - safety
  // margin. The holder must stop acting as holder at this point unless it renewed.
  std::optional<Deadline> local_deadline;
};

// Result of release.
struct ReleaseResult {
  bool released = false; // false: the caller was not the owner (nothing changed)
  LeaseState lease;
};

// One owner change from the history table (release rows have owner "").
struct HistoryEntry {
  std::string table;
  std::string lockname;
  std::string owner;
  std::int64_t term = 0;
  ServerTime held_from{};
  ServerTime held_until{}; // the next change or the end of the last renewal, whichever first
  bool current = false;    // this is the last change and its lease is still valid
};

// One change of the leadership record from distlock_leader_history.
struct LeaderHistoryEntry {
  std::string table;
  std::string lockname;
  std::string holder; // lock owner at the time of the change
  std::int64_t term = 0;
  LeaderRecord record;
};

// The lock service seam: PgLockService is the real one; tests of callers use fakes.
// Every call returns or throws by its deadline (plus scheduling noise), never later.
class LockService {
 public:
  virtual ~LockService() = default;

  // One attempt: take the lock if free or expired (creating the row if missing), renew it if
  // the caller already owns it, else report the holder.
  virtual AcquireResult try_acquire(const LeaseRequest& request, Deadline deadline) = 0;

  // try_acquire repeatedly until acquired or `wait_until` passes; unreachable-server errors
  // are retried too. When the wait is over it returns the server's last answer (not
  // acquired); it throws PgUnreachable only when no attempt got an answer.
  virtual AcquireResult acquire(const LeaseRequest& request, Deadline wait_until) = 0;

  // Extend the lease only if the caller is still the owner (even if it lapsed unnoticed:
  // then nobody took it and the term is unchanged). Never takes a lock from another owner.
  virtual AcquireResult renew(const LeaseRequest& request, Deadline deadline) = 0;

  // Free the lock if `owner` holds it (expired or not); otherwise change nothing.
  virtual ReleaseResult release(const LockId& lock, std::string_view owner, Deadline deadline) = 0;

  // The lock row as the server sees it now (exists=false when there is no row).
  virtual LeaseState status(const LockId& lock, Deadline deadline) = 0;

  // renew, and in the same statement replace the leadership record with `record` (its owner
  // and term are the caller's): only when the caller owns the row at `request.term`.
  // acquired=false (nothing written) otherwise; the returned lease says who holds it.
  virtual AcquireResult record(const LeaseRequest& request, const LeaderRecord& record,
                               Deadline deadline) = 0;

  // The recorded synchronous standby `standby` takes the lock over from the leader whose own
  // current record names it, without waiting for the leader's lease to end (the leader cannot
  // acknowledge a commit without that standby, nor drop it without writing the row first).
  // acquired=false when the row is free, or its record is not the holder's or names another.
  virtual AcquireResult take_over_as_standby(const LeaseRequest& request, std::string_view standby,
                                             Deadline deadline) = 0;
};

// How PgLockService reaches the lock server.
struct PgOptions {
  // libpq conninfo or URI; empty means libpq's environment and defaults (PGHOST, PGSERVICE…).
  // Must not contain a password (use a passfile or the service file): ConfigError otherwise.
  std::string conninfo;
  // Server-side statement_timeout, a guard that ends a statement whose client gave up.
  std::chrono::milliseconds statement_timeout{10000};
  // Keep one connection open between calls (dropped after any error).
  bool reuse_connection = true;
  std::string application_name = "pgha-distlock";
};

// The real lock service on PostgreSQL: libpq's asynchronous API polled against each call's
// deadline, so a stopped, partitioned or silent server yields PgUnreachable in time. One
// connection per object: use one object per thread.
class PgLockService final : public LockService {
 public:
  explicit PgLockService(PgOptions options);
  ~PgLockService() override;
  PgLockService(const PgLockService&) = delete;
  PgLockService& operator=(const PgLockService&) = delete;

  AcquireResult try_acquire(const LeaseRequest& request, Deadline deadline) override;
  AcquireResult acquire(const LeaseRequest& request, Deadline wait_until) override;
  AcquireResult renew(const LeaseRequest& request, Deadline deadline) override;
  ReleaseResult release(const LockId& lock, std::string_view owner, Deadline deadline) override;
  LeaseState status(const LockId& lock, Deadline deadline) override;
  AcquireResult record(const LeaseRequest& request, const LeaderRecord& record,
                       Deadline deadline) override;
  AcquireResult take_over_as_standby(const LeaseRequest& request, std::string_view standby,
                                     Deadline deadline) override;

  // The operator's override: record `leader_owner` as the leader (timeline and standby not
  // stated), whoever holds the lock, with `note` saying who forced it and why. The history
  // keeps the change. Creates a free row when the lock has none.
  LeaseState override_leader(const LockId& lock, std::string_view leader_owner,
                             std::string_view note, Deadline deadline);

  // Changes of the leadership record, oldest first (of one lock, or all when empty).
  std::vector<LeaderHistoryEntry> leader_history(const std::optional<LockId>& lock,
                                                 Deadline deadline);

  // Holders from the audit view, oldest first: of one lock, or of every lock when `lock` is
  // empty (the history table is shared by all lock tables of the schema).
  std::vector<HistoryEntry> history(const std::optional<LockId>& lock, Deadline deadline);

  // Run the schema files (sql/*.sql, in name order) on the server, each in one transaction.
  void install(const std::vector<std::string>& sql_files, Deadline deadline);

  // The conninfo with any password redacted, for messages.
  std::string describe() const;

 private:
  class Impl;
  std::unique_ptr<Impl> m_impl;
};

} // namespace pgha::distlock
