#pragma once
// One libpq connection on the asynchronous API: the handshake and every statement are polled
// against a Deadline, so a stopped, partitioned or silent server (or a commit waiting for a
// lost synchronous standby) cannot hold the caller past it. The one connect-and-poll loop of
// pgha: pg::Session, distlock's session and the write checker build on it and decide
// themselves what a failure means.

#include "common/base/deadline.hpp"
#include "common/pq/conninfo.hpp"

#include <libpq-fe.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace pgha::pq {

struct ResultFree {
  void operator()(PGresult* r) const { PQclear(r); }
};
// One result of a statement.
using Result = std::unique_ptr<PGresult, ResultFree>;

// A statement parameter in text form; nullopt is SQL NULL.
using Param = std::optional<std::string>;

// How a step of a Connection ended. On anything but ok the connection is closed and error()
// says why.
enum class Status {
  ok,
  failed,    // libpq or the socket reported an error (refused, authentication, lost)
  timed_out, // the deadline passed first
};

// libpq's (possibly multi-line) message on one line: continuation lines joined with "; ".
std::string one_line(const char* message);

// A connection (closed until start()). On a deadline the connection is closed, not cancelled.
// Why no PQcancel: in libpq 15 it opens a second connection and waits on it with no timeout,
// so a black-holed server would hang the caller there; callers set a server-side
// statement_timeout instead, which ends an abandoned statement on the server.
class Connection {
 public:
  Connection() = default;
  ~Connection();
  Connection(Connection&& other) noexcept;
  Connection& operator=(Connection&& other) noexcept;

  // Starts connecting with `keywords` (PQconnectStartParams: a later keyword wins; with
  // `expand_dbname` the first "dbname" value may itself be a conninfo or URI). libpq creates
  // the socket and calls connect() here, so credentials switched around this call are the ones
  // peer authentication sees. Closes a connection still open first. Status::failed when libpq
  // refuses at once (or cannot allocate a connection).
  Status start(const Keywords& keywords, bool expand_dbname);
  // Drives the handshake started by start() until connected (then switched to non-blocking
  // mode), failed or `deadline`.
  Status finish_connect(const Deadline& deadline);
  // start() then finish_connect().
  Status connect(const Keywords& keywords, bool expand_dbname, const Deadline& deadline);

  // Sends one statement with $1… text parameters (extended protocol, values never spliced
  // into `sql`) and waits within `deadline` for all of its results, appended to `results`.
  Status exec(const std::string& sql, const std::vector<Param>& params, const Deadline& deadline,
              std::vector<Result>& results);
  // A multi-statement script through the simple protocol (one implicit transaction).
  Status exec_script(const std::string& script, const Deadline& deadline,
                     std::vector<Result>& results);

  void close();
  // True while the connection is open and libpq reports it healthy.
  bool usable() const;
  // True when the last failed handshake wanted a password that was not supplied.
  bool needed_password() const { return m_needed_password; }
  // Why the last step failed (libpq's message, raw), or libpq's current message.
  std::string error() const;
  // "host:port" libpq used last, for messages ("localhost:5432" for the defaults).
  const std::string& endpoint() const { return m_endpoint; }
  // The libpq handle for reads that need no I/O (PQserverVersion, escaping); null when closed.
  PGconn* get() const { return m_conn; }

 private:
  Status fail(Status status, std::string why);
  Status collect(const Deadline& deadline, std::vector<Result>& results);
  // Waits for `events` on the socket; closes the connection on a timeout or a poll error.
  Status await_socket(short events, const Deadline& deadline);
  // await_socket(), then reads what arrived into libpq.
  Status await_input(short events, const Deadline& deadline);
  void note_endpoint();

  PGconn* m_conn = nullptr;
  std::string m_error;
  std::string m_endpoint = "postgresql";
  bool m_needed_password = false;
};

} // namespace pgha::pq
