#include "cls-tools/lib/testing/fake_lock_admin.hpp"

#include "common/base/error.hpp"

#include <fmt/format.h>

namespace pgha::cls::testing {

void FakeLockAdmin::enter(const Deadline& deadline) const {
  if (!reachable)
    throw PgUnreachable("fake lock server: unreachable");
  if (deadline.expired())
    throw PgUnreachable("fake lock server: deadline passed before the call");
}

distlock::LeaseState FakeLockAdmin::status(Deadline deadline) {
  enter(deadline);
  return row;
}

std::vector<distlock::HistoryEntry> FakeLockAdmin::history(Deadline deadline) {
  enter(deadline);
  return owners;
}

std::vector<distlock::LeaderHistoryEntry> FakeLockAdmin::leader_history(Deadline deadline) {
  enter(deadline);
  return leaders;
}

distlock::LeaseState FakeLockAdmin::override_leader(std::string_view leader_owner,
                                                    std::string_view note, Deadline deadline) {
  enter(deadline);
  calls.push_back(fmt::format("override_leader {}", leader_owner));
  distlock::LeaderRecord record;
  record.owner = std::string(leader_owner);
  record.term = row.term;
  record.note = std::string(note);
  row.exists = true;
  row.leader = record;
  return row;
}

void FakeLockAdmin::install(const std::vector<std::string>& sql_files, Deadline deadline) {
  enter(deadline);
  calls.push_back(fmt::format("install {} files", sql_files.size()));
}

std::string FakeLockAdmin::describe() const {
  return "fake lock server";
}

} // namespace pgha::cls::testing
