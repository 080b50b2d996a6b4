#pragma once
// Postgres over a libpq Session. The session is opened on first use and reused; after a
// connection failure the next call reconnects (within its own deadline).

#include "common/pg/postgres.hpp"
#include "common/pg/session.hpp"

#include <memory>

namespace pgha::pg {

class Instance final : public Postgres {
 public:
  explicit Instance(SessionOptions options);
  ~Instance() override;

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

  // Close the session now (it is reopened on the next call).
  void disconnect();

 private:
  Session& session(Deadline deadline);

  SessionOptions m_options;
  std::unique_ptr<Session> m_session;
};

} // namespace pgha::pg
