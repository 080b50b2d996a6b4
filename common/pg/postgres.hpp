#pragma once
// The PostgreSQL seam: named operations on one server. Callers never send SQL; every statement
// lives in queries.hpp and is sent by instance.cpp. `Instance` (instance.hpp) is the real
// implementation over a Session; `testing::FakePostgres` (testing/fake_postgres.hpp) is an
// in-memory one for unit tests.
//
// Every call takes a Deadline. Failures throw PgUnreachable (cannot connect, connection lost,
// deadline passed) or PgQueryError (server rejected the statement; carries the SQLSTATE and the
// operation name). probe() never throws for an unreachable server.

#include "common/base/deadline.hpp"
#include "common/pg/types.hpp"

#include <optional>
#include <string>
#include <vector>

namespace pgha::pg {

class Postgres {
 public:
  virtual ~Postgres() = default;

  // True when a session can be opened and answers a trivial query before `deadline`.
  virtual bool probe(Deadline deadline) = 0;
  // pg_is_in_recovery(): true on a standby (or a server still in crash recovery).
  virtual bool is_in_recovery(Deadline deadline) = 0;
  // All rows of pg_stat_replication (primary side), in application_name order.
  virtual std::vector<ReplicationRow> replication_status(Deadline deadline) = 0;
  // The standby's WAL receiver, nullopt when none is running (or on a primary).
  virtual std::optional<WalReceiver> wal_receiver(Deadline deadline) = 0;
  // pg_last_wal_receive_lsn(): nullopt on a primary or when nothing was streamed yet.
  virtual std::optional<Lsn> receive_lsn(Deadline deadline) = 0;
  // pg_last_wal_replay_lsn(): nullopt on a primary.
  virtual std::optional<Lsn> replay_lsn(Deadline deadline) = 0;
  // pg_current_wal_lsn() on a primary; PgQueryError (SQLSTATE 55000) on a standby.
  virtual Lsn current_lsn(Deadline deadline) = 0;
  // Timeline the server is on: on a primary the timeline of its current WAL segment, on a
  // standby the timeline of the latest checkpoint/restartpoint replayed, or the receiver's
  // timeline when that is newer.
  virtual TimelineId timeline(Deadline deadline) = 0;

  // SHOW synchronous_standby_names (the raw setting, "" when async).
  virtual std::string synchronous_standby_names(Deadline deadline) = 0;
  // Make `standby` (an application_name, validated with check_standby_name) the one
  // synchronous standby, or go async with nullopt: ALTER SYSTEM SET synchronous_standby_names
  // (persisted in postgresql.auto.conf, which nothing else overrides) then pg_reload_conf().
  // The new value is in effect for new commits when this returns.
  virtual void set_synchronous_standby(const std::optional<std::string>& standby,
                                       Deadline deadline) = 0;
  // pg_reload_conf().
  virtual void reload(Deadline deadline) = 0;
  // CHECKPOINT (on a standby: a restartpoint).
  virtual void checkpoint(Deadline deadline) = 0;

  // Create a physical replication slot `name` (check_slot_name); returns false when it
  // already existed.
  virtual bool create_physical_slot(const std::string& name, Deadline deadline) = 0;
  // Drop slot `name`; returns false when it did not exist. PgQueryError when it is active.
  virtual bool drop_slot(const std::string& name, Deadline deadline) = 0;
  // All replication slots.
  virtual std::vector<SlotInfo> slots(Deadline deadline) = 0;

  // server_version_num, e.g. 150004 (libpq reports it at connection time: no query).
  virtual int server_version(Deadline deadline) = 0;

  // The operator's health query (expgsql's monitor_sql), run as given, its rows discarded.
  // PgQueryError when the server rejects it, PgUnreachable when `deadline` passes first.
  virtual void health_query(const std::string& sql, Deadline deadline) = 0;
};

} // namespace pgha::pg
