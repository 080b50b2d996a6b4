#include "cls-tools/lib/lock_admin.hpp"

namespace pgha::cls {

PgLockAdmin::PgLockAdmin(distlock::PgOptions options, std::string lockname)
    : m_service(std::move(options)), m_lockname(std::move(lockname)) {}

distlock::LeaseState PgLockAdmin::status(Deadline deadline) {
  return m_service.status(distlock::parse_lock_id(m_lockname), deadline);
}

std::vector<distlock::HistoryEntry> PgLockAdmin::history(Deadline deadline) {
  return m_service.history(distlock::parse_lock_id(m_lockname), deadline);
}

std::vector<distlock::LeaderHistoryEntry> PgLockAdmin::leader_history(Deadline deadline) {
  return m_service.leader_history(distlock::parse_lock_id(m_lockname), deadline);
}

distlock::LeaseState PgLockAdmin::override_leader(std::string_view leader_owner,
                                                  std::string_view note, Deadline deadline) {
  return m_service.override_leader(distlock::parse_lock_id(m_lockname), leader_owner, note,
                                   deadline);
}

void PgLockAdmin::install(const std::vector<std::string>& sql_files, Deadline deadline) {
  m_service.install(sql_files, deadline);
}

std::string PgLockAdmin::describe() const {
  return m_service.describe();
}

} // namespace pgha::cls
