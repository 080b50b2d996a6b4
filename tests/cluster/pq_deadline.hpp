// The write checker's statements on pq::Connection (common/pq, the one libpq layer): connect
// and run one statement, never waiting past a deadline, and classify how it ended. libpq's
// blocking calls do not bound a commit that waits for a synchronous standby.
#pragma once

#include "common/pq/connection.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace pgha::cluster_test {

using Clock = std::chrono::steady_clock;

// Outcome of one statement. `uncertain` means the server may or may not have committed it:
// the deadline passed or the connection broke after the statement was sent.
enum class Outcome { ok, failed, uncertain };

struct StatementResult {
  Outcome outcome = Outcome::failed;
  std::vector<std::string> row; // first row of the result, when ok
  std::string detail;           // error message or reason, when not ok
};

// One connection; closed (and reopened on demand) whenever a statement does not end cleanly.
class DeadlineConnection {
 public:
  explicit DeadlineConnection(std::string conninfo) : m_conninfo(std::move(conninfo)) {}
  DeadlineConnection(const DeadlineConnection&) = delete;
  DeadlineConnection& operator=(const DeadlineConnection&) = delete;

  // Connects if needed (giving up at `connect_by` when that comes first), then runs `sql` with
  // text parameters; returns before `deadline`.
  StatementResult exec(const std::string& sql, const std::vector<std::string>& params,
                       Clock::time_point deadline,
                       Clock::time_point connect_by = Clock::time_point::max());
  void close() { m_conn.close(); }

 private:
  std::string m_conninfo;
  pq::Connection m_conn;
};

} // namespace pgha::cluster_test
