#pragma once
// One libpq connection driven through the asynchronous API: connect and every statement are
// polled against a Deadline, so a stopped, partitioned or silent server cannot block a caller
// past its bound. Internal to distlock.

#include "common/base/deadline.hpp"

#include <libpq-fe.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace pgha::distlock::detail {

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

struct SessionOptions {
  std::string conninfo; // may be empty (libpq environment and defaults)
  std::string application_name;
  std::chrono::milliseconds statement_timeout{10000};
};

class Session {
 public:
  explicit Session(SessionOptions options);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  bool connected() const { return m_conn != nullptr; }

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

  void close();

  // The conninfo with passwords redacted, or "libpq defaults".
  std::string describe() const;

 private:
  Result finish(const char* operation, Deadline deadline);
  [[noreturn]] void fail_unreachable(const std::string& what);

  SessionOptions m_options;
  PGconn* m_conn = nullptr;
};

} // namespace pgha::distlock::detail
