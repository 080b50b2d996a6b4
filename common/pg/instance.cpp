#include "common/pg/instance.hpp"

#include "common/base/error.hpp"
#include "common/base/log.hpp"
#include "common/base/strings.hpp"
#include "common/pg/queries.hpp"

#include <fmt/format.h>

#include <thread>

namespace pgha::pg {

namespace {

// The one value of a one-row, one-column result, which must not be NULL.
std::string required(const std::optional<std::string>& v, std::string_view operation) {
  if (!v)
    throw PgQueryError(fmt::format("operation \"{}\" returned NULL", operation), "");
  return *v;
}

std::optional<Lsn> lsn_or_null(const std::optional<std::string>& v, std::string_view operation) {
  if (!v)
    return std::nullopt;
  auto lsn = Lsn::parse(*v);
  if (!lsn)
    throw PgQueryError(
        fmt::format("operation \"{}\" returned an invalid LSN \"{}\"", operation, *v), "");
  return lsn;
}

int int_or(const std::optional<std::string>& v, int fallback) {
  if (!v)
    return fallback;
  auto n = parse_int(*v);
  return n ? static_cast<int>(*n) : fallback;
}

} // namespace

Instance::Instance(SessionOptions options) : m_options(std::move(options)) {}
Instance::~Instance() = default;

void Instance::disconnect() {
  m_session.reset();
}

Session& Instance::session(Deadline deadline) {
  if (m_session && !m_session->usable())
    m_session.reset();
  if (!m_session)
    m_session = std::make_unique<Session>(m_options, deadline);
  return *m_session;
}

bool Instance::probe(Deadline deadline) {
  try {
    session(deadline).query_value("probe", sql::k_probe, {}, deadline);
    return true;
  } catch (const PgUnreachable& e) {
    log::detail("probe: {}", e.what());
    m_session.reset();
    return false;
  } catch (const PgQueryError& e) {
    // "the database system is starting up / shutting down" arrive as query errors of the
    // connection attempt on some versions: not accepting connections either.
    log::detail("probe: {}", e.what());
    m_session.reset();
    return false;
  }
}

bool Instance::is_in_recovery(Deadline deadline) {
  auto v = session(deadline).query_value("is_in_recovery", sql::k_is_in_recovery, {}, deadline);
  return required(v, "is_in_recovery") == "t";
}

std::vector<ReplicationRow> Instance::replication_status(Deadline deadline) {
  const char* op = "replication_status";
  std::vector<ReplicationRow> out;
  for (const auto& r : session(deadline).query(op, sql::k_replication_status, {}, deadline)) {
    ReplicationRow row;
    row.pid = int_or(r[0], 0);
    row.application_name = r[1].value_or("");
    row.state = r[2].value_or("");
    row.sync_state = r[3].value_or("");
    row.client_addr = r[4];
    row.sent_lsn = lsn_or_null(r[5], op);
    row.write_lsn = lsn_or_null(r[6], op);
    row.flush_lsn = lsn_or_null(r[7], op);
    row.replay_lsn = lsn_or_null(r[8], op);
    out.push_back(std::move(row));
  }
  return out;
}

std::optional<WalReceiver> Instance::wal_receiver(Deadline deadline) {
  const char* op = "wal_receiver";
  auto rows = session(deadline).query(op, sql::k_wal_receiver, {}, deadline);
  // Without superuser/pg_read_all_stats the row exists but its columns are NULL.
  if (rows.empty() || !rows.front()[0])
    return std::nullopt;
  const auto& r = rows.front();
  WalReceiver w;
  w.pid = int_or(r[0], 0);
  w.status = r[1].value_or("");
  w.received_tli = static_cast<TimelineId>(int_or(r[2], 0));
  w.flushed_lsn = lsn_or_null(r[3], op);
  w.sender_host = r[4];
  if (r[5])
    w.sender_port = int_or(r[5], 0);
  w.slot_name = r[6];
  return w;
}

std::optional<Lsn> Instance::receive_lsn(Deadline deadline) {
  return lsn_or_null(session(deadline).query_value("receive_lsn", sql::k_receive_lsn, {}, deadline),
                     "receive_lsn");
}

std::optional<Lsn> Instance::replay_lsn(Deadline deadline) {
  return lsn_or_null(session(deadline).query_value("replay_lsn", sql::k_replay_lsn, {}, deadline),
                     "replay_lsn");
}

Lsn Instance::current_lsn(Deadline deadline) {
  auto v = session(deadline).query_value("current_lsn", sql::k_current_lsn, {}, deadline);
  return *lsn_or_null(std::optional<std::string>(required(v, "current_lsn")), "current_lsn");
}

TimelineId Instance::timeline(Deadline deadline) {
  auto rows = session(deadline).query("timeline", sql::k_timeline, {}, deadline);
  if (rows.size() != 1 || rows.front().size() != 3)
    throw PgQueryError("operation \"timeline\" returned an unexpected result", "");
  const auto& r = rows.front();
  // The WAL file name is set exactly when the server was not in recovery.
  if (r[0]) {
    try {
      return static_cast<TimelineId>(std::stoul(*r[0], nullptr, 16));
    } catch (const std::exception&) {
      throw PgQueryError(fmt::format("operation \"timeline\" returned \"{}\"", *r[0]), "");
    }
  }
  TimelineId checkpoint = static_cast<TimelineId>(int_or(r[1], 0));
  TimelineId received = static_cast<TimelineId>(int_or(r[2], 0));
  return std::max(checkpoint, received);
}

std::string Instance::synchronous_standby_names(Deadline deadline) {
  return session(deadline)
      .query_value("synchronous_standby_names", sql::k_sync_names, {}, deadline)
      .value_or("");
}

void Instance::set_synchronous_standby(const std::optional<std::string>& standby,
                                       Deadline deadline) {
  std::string value;
  if (standby) {
    check_standby_name(*standby);
    // Double quotes keep the name case and characters exactly as given.
    value = "\"" + *standby + "\"";
  }
  auto& s = session(deadline);
  s.query("set_synchronous_standby", sql::k_alter_sync_names + s.quote_literal(value), {},
          deadline);
  s.query_value("reload", sql::k_reload, {}, deadline);
  // Why wait: pg_reload_conf() only signals; a backend (ours included) applies the new value
  // between statements, so an immediate read could still see the old one.
  while (s.query_value("synchronous_standby_names", sql::k_sync_names, {}, deadline).value_or("") !=
         value) {
    if (deadline.remaining() < std::chrono::milliseconds(50)) {
      log::warn("synchronous_standby_names '{}' not yet in effect after the reload", value);
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  log::info("synchronous_standby_names set to '{}'", value);
}

void Instance::reload(Deadline deadline) {
  session(deadline).query_value("reload", sql::k_reload, {}, deadline);
}

void Instance::checkpoint(Deadline deadline) {
  session(deadline).query("checkpoint", sql::k_checkpoint, {}, deadline);
}

bool Instance::create_physical_slot(const std::string& name, Deadline deadline) {
  check_slot_name(name);
  auto& s = session(deadline);
  if (s.query_value("slot_exists", sql::k_slot_exists, {name}, deadline) != "0")
    return false;
  try {
    s.query("create_physical_slot", sql::k_create_slot, {name}, deadline);
  } catch (const PgQueryError& e) {
    if (e.sqlstate() == "42710") // duplicate_object: created meanwhile
      return false;
    throw;
  }
  return true;
}

bool Instance::drop_slot(const std::string& name, Deadline deadline) {
  check_slot_name(name);
  try {
    session(deadline).query("drop_slot", sql::k_drop_slot, {name}, deadline);
  } catch (const PgQueryError& e) {
    if (e.sqlstate() == "42704") // undefined_object
      return false;
    throw;
  }
  return true;
}

std::vector<SlotInfo> Instance::slots(Deadline deadline) {
  const char* op = "slots";
  std::vector<SlotInfo> out;
  for (const auto& r : session(deadline).query(op, sql::k_slots, {}, deadline)) {
    SlotInfo slot;
    slot.name = r[0].value_or("");
    slot.type = r[1].value_or("");
    slot.active = r[2] == "t";
    slot.restart_lsn = lsn_or_null(r[3], op);
    slot.wal_status = r[4].value_or("");
    out.push_back(std::move(slot));
  }
  return out;
}

int Instance::server_version(Deadline deadline) {
  return session(deadline).server_version();
}

void Instance::health_query(const std::string& sql, Deadline deadline) {
  session(deadline).query("health_query", sql, {}, deadline);
}

} // namespace pgha::pg
