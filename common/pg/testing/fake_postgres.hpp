#pragma once
// In-memory Postgres for unit tests of the agent and the cls_* tools (target
// pgha_pg_testing). The test sets the public state; each call reads it. `reachable = false`
// makes every call throw PgUnreachable (probe returns false); fail_next injects a PgQueryError
// into the next call of a named operation. Mutating calls are recorded in `calls`.

#include "common/pg/postgres.hpp"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace pgha::pg::testing {

class FakePostgres final : public Postgres {
 public:
  // --- state the test arranges -------------------------------------------------------------
  bool reachable = true;
  bool in_recovery = false;
  std::vector<ReplicationRow> replication;
  std::optional<WalReceiver> receiver;
  std::optional<Lsn> receive;
  std::optional<Lsn> replay;
  Lsn current{0};
  TimelineId tli = 1;
  std::string sync_names;
  std::map<std::string, SlotInfo> slot_map;
  int version = 150000;

  // --- what happened -----------------------------------------------------------------------
  // "set_synchronous_standby node2", "set_synchronous_standby ''", "reload", "checkpoint",
  // "create_physical_slot NAME", "drop_slot NAME".
  std::vector<std::string> calls;

  // The next call of `operation` (e.g. "current_lsn") throws PgQueryError with `sqlstate`.
  void fail_next(const std::string& operation, const std::string& sqlstate = "XX000");

  bool probe(Deadline deadline) override;
  bool is_in_recovery(Deadline deadline) override;
  std::vector<ReplicationRow> replication_status(Deadline deadline) override;
  std::optional<WalReceiver> wal_receiver(Deadline deadline) override;
  std::optional<Lsn> receive_lsn(Deadline deadline) override;
  std::optional<Lsn> replay_lsn(Deadline deadline) override;
  Lsn current_lsn(Deadline deadline) override;
  TimelineId timeline(Deadline deadline) override;
  std::string synchronous_standby_names(Deadline deadline) override;
  void set_synchronous_standby(const std::optional<std::string>& standby,
                               Deadline deadline) override;
  void reload(Deadline deadline) override;
  void checkpoint(Deadline deadline) override;
  bool create_physical_slot(const std::string& name, Deadline deadline) override;
  bool drop_slot(const std::string& name, Deadline deadline) override;
  std::vector<SlotInfo> slots(Deadline deadline) override;
  int server_version(Deadline deadline) override;
  void health_query(const std::string& sql, Deadline deadline) override;

 private:
  void enter(const std::string& operation, const Deadline& deadline);
  std::map<std::string, std::string> m_failures;
};

} // namespace pgha::pg::testing
