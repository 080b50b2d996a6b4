#include "common/pg/testing/fake_postgres.hpp"

#include "common/base/error.hpp"

#include <fmt/format.h>

namespace pgha::pg::testing {

void FakePostgres::fail_next(const std::string& operation, const std::string& sqlstate) {
  m_failures[operation] = sqlstate;
}

void FakePostgres::enter(const std::string& operation, const Deadline& deadline) {
  if (deadline.expired())
    throw PgUnreachable(fmt::format("fake postgres: deadline passed before \"{}\"", operation));
  if (!reachable)
    throw PgUnreachable(fmt::format("fake postgres: unreachable during \"{}\"", operation));
  if (auto it = m_failures.find(operation); it != m_failures.end()) {
    auto state = it->second;
    m_failures.erase(it);
    throw PgQueryError(fmt::format("fake postgres: injected failure of \"{}\"", operation), state);
  }
}

bool FakePostgres::probe(Deadline deadline) {
  try {
    enter("probe", deadline);
    return true;
  } catch (const PgUnreachable&) {
    return false;
  }
}

bool FakePostgres::is_in_recovery(Deadline deadline) {
  enter("is_in_recovery", deadline);
  return in_recovery;
}

std::vector<ReplicationRow> FakePostgres::replication_status(Deadline deadline) {
  enter("replication_status", deadline);
  return replication;
}

std::optional<WalReceiver> FakePostgres::wal_receiver(Deadline deadline) {
  enter("wal_receiver", deadline);
  return receiver;
}

std::optional<Lsn> FakePostgres::receive_lsn(Deadline deadline) {
  enter("receive_lsn", deadline);
  return in_recovery ? receive : std::nullopt;
}

std::optional<Lsn> FakePostgres::replay_lsn(Deadline deadline) {
  enter("replay_lsn", deadline);
  return in_recovery ? replay : std::nullopt;
}

Lsn FakePostgres::current_lsn(Deadline deadline) {
  enter("current_lsn", deadline);
  if (in_recovery)
    throw PgQueryError("operation \"current_lsn\" failed: recovery is in progress", "55000");
  return current;
}

TimelineId FakePostgres::timeline(Deadline deadline) {
  enter("timeline", deadline);
  return tli;
}

std::string FakePostgres::synchronous_standby_names(Deadline deadline) {
  enter("synchronous_standby_names", deadline);
  return sync_names;
}

void FakePostgres::set_synchronous_standby(const std::optional<std::string>& standby,
                                           Deadline deadline) {
  if (standby)
    check_standby_name(*standby);
  enter("set_synchronous_standby", deadline);
  sync_names = standby ? "\"" + *standby + "\"" : "";
  calls.push_back("set_synchronous_standby " + standby.value_or("''"));
}

void FakePostgres::reload(Deadline deadline) {
  enter("reload", deadline);
  calls.emplace_back("reload");
}

void FakePostgres::checkpoint(Deadline deadline) {
  enter("checkpoint", deadline);
  calls.emplace_back("checkpoint");
}

bool FakePostgres::create_physical_slot(const std::string& name, Deadline deadline) {
  check_slot_name(name);
  enter("create_physical_slot", deadline);
  calls.push_back("create_physical_slot " + name);
  if (slot_map.count(name) != 0)
    return false;
  slot_map[name] = SlotInfo{name, "physical", false, current, "reserved"};
  return true;
}

bool FakePostgres::drop_slot(const std::string& name, Deadline deadline) {
  check_slot_name(name);
  enter("drop_slot", deadline);
  calls.push_back("drop_slot " + name);
  return slot_map.erase(name) != 0;
}

std::vector<SlotInfo> FakePostgres::slots(Deadline deadline) {
  enter("slots", deadline);
  std::vector<SlotInfo> out;
  for (const auto& [name, slot] : slot_map)
    out.push_back(slot);
  return out;
}

int FakePostgres::server_version(Deadline deadline) {
  enter("server_version", deadline);
  return version;
}

void FakePostgres::health_query(const std::string& sql, Deadline deadline) {
  enter("health_query", deadline);
  calls.push_back("health_query " + sql);
}

} // namespace pgha::pg::testing
