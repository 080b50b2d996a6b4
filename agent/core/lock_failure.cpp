#include "agent/core/lock_failure.hpp"

#include <fmt/format.h>

namespace pgha::agent::core {

namespace {

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

} // namespace

LockFailure classify_lock_failure(bool connected, std::string_view sqlstate,
                                  std::string_view message) {
  if (sqlstate == "28000" || sqlstate == "28P01")
    return LockFailure::auth_refused;
  if (sqlstate == "42P01" || sqlstate == "42883" || sqlstate == "3F000")
    return LockFailure::schema_missing;
  if (connected)
    return LockFailure::query_failed;
  // libpq's texts for a refused login (the server's FATAL, or libpq's own password check).
  if (contains(message, "authentication failed") || contains(message, "pg_hba.conf") ||
      contains(message, "requires a password") || contains(message, "no password supplied"))
    return LockFailure::auth_refused;
  return LockFailure::unreachable;
}

std::string lock_failure_reason(LockFailure failure, std::string_view detail) {
  switch (failure) {
  case LockFailure::none:
    return std::string(detail);
  case LockFailure::unreachable:
    return fmt::format("lock service unreachable: {}; HINT: check \"distlock_conninfo\", the lock "
                       "server and the network path to it",
                       detail);
  case LockFailure::auth_refused:
    return fmt::format("lock service refused the login: {}; HINT: check the passfile (PGPASSFILE "
                       "or ~/.pgpass of root) and the lock server's pg_hba.conf",
                       detail);
  case LockFailure::schema_missing:
    return fmt::format("lock schema not installed on the lock service: {}; HINT: run \"distlock "
                       "-d CONNINFO init\" against the lock database",
                       detail);
  case LockFailure::query_failed:
    return fmt::format("lock service query failed: {}", detail);
  }
  return std::string(detail);
}

} // namespace pgha::agent::core
