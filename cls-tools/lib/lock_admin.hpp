#pragma once
// The lock service as the cls_* commands use it: the administrative calls on the one lock
// config.ini names (distlock_lockname on distlock_conninfo). PgLockAdmin is the real one over
// distlock::PgLockService; testing::FakeLockAdmin (testing/fake_lock_admin.hpp) keeps a row in
// memory. Every call returns or throws (pgha::Error taxonomy) by its deadline.

#include "common/base/deadline.hpp"

#include <pgha/distlock/lock.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace pgha::cls {

class LockAdmin {
 public:
  virtual ~LockAdmin() = default;
  // The lock row now.
  virtual distlock::LeaseState status(Deadline deadline) = 0;
  // Owner changes and leadership record changes, oldest first.
  virtual std::vector<distlock::HistoryEntry> history(Deadline deadline) = 0;
  virtual std::vector<distlock::LeaderHistoryEntry> leader_history(Deadline deadline) = 0;
  // Record `leader_owner` as the leader whoever holds the lock (cls_reset_master --force).
  virtual distlock::LeaseState override_leader(std::string_view leader_owner, std::string_view note,
                                               Deadline deadline) = 0;
  // Install the schema files (cls_setup).
  virtual void install(const std::vector<std::string>& sql_files, Deadline deadline) = 0;
  // Where the lock lives, password redacted, for messages.
  virtual std::string describe() const = 0;
};

// The real lock service. The lock name is parsed on each call, so a bad name is reported by
// the call that needs it (ConfigError), like an unreachable server.
class PgLockAdmin final : public LockAdmin {
 public:
  PgLockAdmin(distlock::PgOptions options, std::string lockname);

  distlock::LeaseState status(Deadline deadline) override;
  std::vector<distlock::HistoryEntry> history(Deadline deadline) override;
  std::vector<distlock::LeaderHistoryEntry> leader_history(Deadline deadline) override;
  distlock::LeaseState override_leader(std::string_view leader_owner, std::string_view note,
                                       Deadline deadline) override;
  void install(const std::vector<std::string>& sql_files, Deadline deadline) override;
  std::string describe() const override;

 private:
  distlock::PgLockService m_service;
  std::string m_lockname;
};

} // namespace pgha::cls
