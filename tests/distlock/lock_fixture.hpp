#pragma once
// A real PostgreSQL 15 lock server with the shipped sql/ files applied, for distlock tests.

#include "tests/support/pg_server.hpp"

#include <pgha/distlock/lock.hpp>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace pgha::test {

// The shipped schema files, exactly as installed (sql/*.sql of the source tree, name order).
std::vector<std::string> shipped_sql_files();
std::filesystem::path shipped_sql_dir();

// The built distlock binary.
std::filesystem::path distlock_binary();

struct LockServer {
  PgServer pg;
  explicit LockServer(bool install = true);

  // A lock service on this server (its own connection).
  std::unique_ptr<distlock::PgLockService> service(bool reuse = true) const;
  std::string conninfo() const { return pg.conninfo(); }
};

// A lease request with a short ttl and a small margin, for tests.
distlock::LeaseRequest lease(const std::string& name, const std::string& owner,
                             std::chrono::milliseconds ttl = std::chrono::milliseconds(5000));

// A deadline of a few seconds for calls that are expected to answer.
inline Deadline soon() {
  return Deadline::after(std::chrono::seconds(10));
}

} // namespace pgha::test
