#pragma once
// In-memory LockAdmin for unit tests of the cls_* commands (target cls_testing). The test sets
// the row and the histories; `reachable = false` makes every call throw PgUnreachable, as a
// lock server that does not answer. Mutating calls are recorded in `calls`.

#include "cls-tools/lib/lock_admin.hpp"

namespace pgha::cls::testing {

class FakeLockAdmin final : public LockAdmin {
 public:
  // --- state the test arranges -------------------------------------------------------------
  bool reachable = true;
  distlock::LeaseState row;
  std::vector<distlock::HistoryEntry> owners;
  std::vector<distlock::LeaderHistoryEntry> leaders;

  // --- what happened -----------------------------------------------------------------------
  // "override_leader OWNER", "install N files".
  std::vector<std::string> calls;

  distlock::LeaseState status(Deadline deadline) override;
  std::vector<distlock::HistoryEntry> history(Deadline deadline) override;
  std::vector<distlock::LeaderHistoryEntry> leader_history(Deadline deadline) override;
  distlock::LeaseState override_leader(std::string_view leader_owner, std::string_view note,
                                       Deadline deadline) override;
  void install(const std::vector<std::string>& sql_files, Deadline deadline) override;
  std::string describe() const override;

 private:
  void enter(const Deadline& deadline) const;
};

} // namespace pgha::cls::testing
