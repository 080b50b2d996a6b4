#pragma once
// The lock service's session on pq::Connection (common/pq): the keywords that bound every call,
// the server-side statement_timeout, and what a failure means to a lock caller (PgUnreachable,
// PgQueryError, ConfigError). Internal to distlock.

#include "common/base/deadline.hpp"
#include "common/pq/connection.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace pgha::distlock::detail {

using Result = pq::Result;

struct SessionOptions {
  std::string conninfo; // may be empty (libpq environment and defaults)
  std::string application_name;
  std::chrono::milliseconds statement_timeout{10000};
};

class Session {
 public:
  explicit Session(SessionOptions options) : m_options(std::move(options)) {}
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  bool connected() const { return m_conn.get() != nullptr; }

  // Connect unless connected. Throws PgUnreachable (no answer in time, refused, server gone),
  // ConfigError (bad conninfo, password needed).
  void connect(Deadline deadline);

  // One parameterised statement (extended protocol, text values). `operation` names it in
  // messages; values never appear there. Throws PgUnreachable or PgQueryError; the connection
  // is closed after any error.
  Result exec(const char* operation, const std::string& sql, const std::vector<std::string>& params,
              Deadline deadline);

  // A multi-statement script through the simple protocol (one implicit transaction).
  void exec_script(const char* operation, const std::string& script, Deadline deadline);

  void close() { m_conn.close(); }

  // The conninfo with passwords redacted, or "libpq defaults".
  std::string describe() const;

 private:
  Result finish(const char* operation, pq::Status status, std::vector<Result>& results);
  [[noreturn]] void fail_unreachable(const std::string& what);

  SessionOptions m_options;
  pq::Connection m_conn;
};

} // namespace pgha::distlock::detail
