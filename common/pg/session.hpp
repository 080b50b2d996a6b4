#pragma once
// One libpq connection with hard deadlines. Connecting and every statement are driven through
// libpq's non-blocking API and poll(), so a server that stops answering (partition, a commit
// waiting for a lost synchronous standby) cannot hold the caller past its Deadline; the
// server-side statement_timeout is also set from the deadline so an abandoned statement ends
// there too. Only Instance (and tests) use Session; everyone else calls named operations.

#include "common/base/deadline.hpp"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pgha::pg {

struct SessionOptions {
  SessionOptions() = default;
  // {conninfo, application_name} as before peer_user existed.
  SessionOptions(std::string conninfo_, std::string application_name_ = "pgha",
                 std::string peer_user_ = {})
      : conninfo(std::move(conninfo_)), application_name(std::move(application_name_)),
        peer_user(std::move(peer_user_)) {}

  // libpq conninfo ("host=… port=… dbname=…"), URI or "service=NAME"; empty = libpq defaults
  // from the environment (PGHOST, PGPORT, PGPASSFILE, PGSERVICE, …). Must not carry a
  // password: passwords come from a passfile.
  std::string conninfo;
  // application_name of the session (shows in pg_stat_activity).
  std::string application_name = "pgha";
  // OS user whose credentials a Unix-socket connection carries when the process runs as root:
  // the effective uid/gid are switched to this user around connect() and back at once, so peer
  // authentication (Debian's default "local all postgres peer") sees this user, without a
  // pg_ident map and without a child process. Empty: the process's own credentials.
  std::string peer_user;
};

// A statement parameter: text, or SQL NULL.
using Param = std::optional<std::string>;
// One result row in text form; SQL NULL is nullopt.
using Row = std::vector<std::optional<std::string>>;

class Session {
 public:
  // Connects within `deadline` and sets statement_timeout to the time left.
  // Throws PgUnreachable (message names host/port from the conninfo, never a password).
  Session(const SessionOptions& options, Deadline deadline);
  ~Session();
  Session(Session&&) noexcept;
  Session& operator=(Session&&) noexcept;

  // Runs one statement with $1… parameters (never values spliced into `sql`) in autocommit
  // mode and returns its rows. `operation` names the statement in errors and logs.
  // Throws PgQueryError (operation, SQLSTATE) when the server rejects it, PgUnreachable when
  // the connection breaks or `deadline` passes (the connection is then closed).
  std::vector<Row> query(std::string_view operation, const std::string& sql,
                         const std::vector<Param>& params, Deadline deadline);

  // query() that expects exactly one row with one column; PgQueryError otherwise.
  std::optional<std::string> query_value(std::string_view operation, const std::string& sql,
                                         const std::vector<Param>& params, Deadline deadline);

  // False once the connection broke or a deadline closed it.
  bool usable() const;
  // PQserverVersion, e.g. 150004.
  int server_version() const;
  // SQL string literal for utility statements that take no parameters (ALTER SYSTEM); the
  // caller validates the value first.
  std::string quote_literal(std::string_view value) const;
  // Quoted SQL identifier.
  std::string quote_identifier(std::string_view name) const;
  // "host:port" of the server, for messages.
  std::string endpoint() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

} // namespace pgha::pg
