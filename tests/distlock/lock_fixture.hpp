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

// How late a call bounded by a deadline may return and still count as on time. The bound is
// what the code promises; this is the machine's timer noise on top of it. Why 3 s: on the CI
// VMs a poll() with a 1.5 s timeout was measured returning 3.3 s later, and a 0.2 s one 1.06 s
// later (python3 select.poll, idle machine). A hang (no deadline) still fails: every call
// under test would otherwise wait 10 s or forever.
inline constexpr std::chrono::milliseconds k_timer_slack{3000};

// A deadline of a few seconds for calls that are expected to answer.
inline Deadline soon() {
  return Deadline::after(std::chrono::seconds(10));
}

} // namespace pgha::test
