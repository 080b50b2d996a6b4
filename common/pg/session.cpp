#include "common/pg/session.hpp"

#include "common/base/error.hpp"
#include "common/base/log.hpp"
#include "common/base/strings.hpp"
#include "common/pq/connection.hpp"

#include <fmt/format.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>

namespace pgha::pg {

namespace {

using std::chrono::milliseconds;

// Minimum statement_timeout we hand the server: 0 would mean "no limit".
constexpr long k_min_statement_timeout_ms = 1;
// How long past a shortened client deadline the server lets a statement run.
constexpr long k_server_grace_ms = 250;

std::string first_line(const char* text) {
  std::string s = text != nullptr ? text : "";
  if (auto nl = s.find('\n'); nl != std::string::npos)
    s.erase(nl);
  return std::string(trim(s));
}

// The host libpq would use for `conninfo`: its "host" keyword, else PGHOST, else the default
// socket directory. True when that is a Unix socket (an absolute path or an abstract "@name").
bool targets_unix_socket(const std::string& conninfo) {
  auto parsed = pq::parse_conninfo(conninfo);
  if (!parsed.defect.empty())
    return false;
  std::string host;
  for (const auto& [keyword, value] : parsed.keywords)
    if (keyword == "host")
      host = value;
    else if (keyword == "hostaddr" && !value.empty())
      host = "tcp"; // hostaddr always means TCP
  if (host.empty())
    if (const char* env = std::getenv("PGHOST"))
      host = env;
  if (host.empty())
    return true; // libpq's default is the Unix socket
  // Several hosts: the first one is what connect() reaches first.
  host = host.substr(0, host.find(','));
  return !host.empty() && (host.front() == '/' || host.front() == '@');
}

// Switches the effective gid/uid to `user` for its lifetime (root only) and back to root.
// Why effective ids: the kernel records the connecting socket's credentials (SO_PEERCRED, the
// effective uid/gid) at connect() time; peer authentication reads them.
class PeerCredentials {
 public:
  explicit PeerCredentials(const std::string& user) {
    if (user.empty() || ::geteuid() != 0)
      return;
    passwd pw{};
    passwd* found = nullptr;
    char buf[4096];
    if (getpwnam_r(user.c_str(), &pw, buf, sizeof buf, &found) != 0 || found == nullptr)
      throw PgUnreachable(fmt::format("cannot connect as OS user \"{}\": no such user", user));
    if (pw.pw_uid == 0)
      return;
    if (::setegid(pw.pw_gid) != 0)
      throw PgUnreachable(
          fmt::format("cannot switch to group of \"{}\": {}", user, std::strerror(errno)));
    if (::seteuid(pw.pw_uid) != 0) {
      int err = errno;
      (void)::setegid(0);
      throw PgUnreachable(
          fmt::format("cannot switch to user \"{}\": {}", user, std::strerror(err)));
    }
    m_switched = true;
  }
  ~PeerCredentials() {
    if (!m_switched)
      return;
    // Back to root; failing that, no later step may run with the wrong identity.
    if (::seteuid(0) != 0 || ::setegid(0) != 0)
      std::abort();
  }
  PeerCredentials(const PeerCredentials&) = delete;
  PeerCredentials& operator=(const PeerCredentials&) = delete;

 private:
  bool m_switched = false;
};

} // namespace

struct Session::Impl {
  pq::Connection conn;
  long statement_timeout_ms = 0;

  [[noreturn]] void unreachable(const std::string& what, const std::string& error) {
    std::string why = first_line(error.c_str());
    throw PgUnreachable(why.empty() ? fmt::format("{} on \"{}\"", what, conn.endpoint())
                                    : fmt::format("{} on \"{}\": {}", what, conn.endpoint(), why));
  }

  void connect(const SessionOptions& options, const Deadline& deadline) {
    long budget_ms = deadline.remaining().count();
    std::string timeout = std::to_string(std::max(k_min_statement_timeout_ms, budget_ms));
    std::string connect_timeout = std::to_string(std::max(2L, (budget_ms + 999) / 1000));
    // Later keywords win over the conninfo's, except that expand_dbname only expands the
    // first "dbname" entry: the caller's conninfo goes there.
    pq::Keywords keywords = {{"dbname", options.conninfo},
                             {"application_name", options.application_name},
                             {"connect_timeout", connect_timeout},
                             {"options", "-c statement_timeout=" + timeout}};
    pq::Status started;
    {
      // Only around the start: that is where libpq creates the socket and calls connect(); the
      // rest of the handshake (and any passfile lookup) runs as root again.
      std::optional<PeerCredentials> as_peer;
      if (!options.peer_user.empty() && targets_unix_socket(options.conninfo))
        as_peer.emplace(options.peer_user);
      started = conn.start(keywords, true);
    }
    if (started != pq::Status::ok)
      unreachable("cannot connect", conn.error());
    auto state = conn.finish_connect(deadline);
    if (state == pq::Status::timed_out)
      unreachable("connection timed out", conn.error());
    if (state != pq::Status::ok)
      unreachable("cannot connect", conn.error());
    statement_timeout_ms = std::max(k_min_statement_timeout_ms, budget_ms);
  }

  // Send one statement and collect its last result within the deadline.
  pq::Result exec(std::string_view operation, const std::string& sql,
                  const std::vector<Param>& params, const Deadline& deadline) {
    if (conn.get() == nullptr)
      throw PgUnreachable(fmt::format("operation \"{}\": connection to \"{}\" is closed", operation,
                                      conn.endpoint()));
    std::vector<pq::Result> results;
    auto state = conn.exec(sql, params, deadline, results);
    if (state == pq::Status::timed_out)
      unreachable(fmt::format("operation \"{}\" timed out", operation), conn.error());
    if (state != pq::Status::ok)
      unreachable(fmt::format("connection lost during \"{}\"", operation), conn.error());
    if (results.empty()) {
      auto error = conn.error();
      conn.close();
      unreachable(fmt::format("no result for \"{}\"", operation), error);
    }
    pq::Result last = std::move(results.back());
    auto status = PQresultStatus(last.get());
    if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK)
      return last;
    if (!conn.usable()) {
      auto error = conn.error();
      conn.close();
      unreachable(fmt::format("connection lost during \"{}\"", operation), error);
    }
    const char* state_code = PQresultErrorField(last.get(), PG_DIAG_SQLSTATE);
    const char* primary = PQresultErrorField(last.get(), PG_DIAG_MESSAGE_PRIMARY);
    throw PgQueryError(
        fmt::format("operation \"{}\" failed on \"{}\": {}", operation, conn.endpoint(),
                    first_line(primary != nullptr ? primary : PQresultErrorMessage(last.get()))),
        state_code != nullptr ? state_code : "");
  }
};

Session::Session(const SessionOptions& options, Deadline deadline)
    : m_impl(std::make_unique<Impl>()) {
  log::debug("connecting to \"{}\" as \"{}\"", pq::redact_conninfo(options.conninfo),
             options.application_name);
  m_impl->connect(options, deadline);
}

Session::~Session() = default;
Session::Session(Session&&) noexcept = default;
Session& Session::operator=(Session&&) noexcept = default;

std::vector<Row> Session::query(std::string_view operation, const std::string& sql,
                                const std::vector<Param>& params, Deadline deadline) {
  // Shrink the server-side limit when this deadline is much closer than the one set before, so
  // an abandoned statement does not outlive its caller for long.
  long left = std::max(k_min_statement_timeout_ms, static_cast<long>(deadline.remaining().count()));
  if (left * 2 < m_impl->statement_timeout_ms) {
    // A little past the client's deadline: the server only reaps what the client abandoned.
    // Set exactly to it, the server's cancel raced the client's timeout and a caller got a
    // query error instead of PgUnreachable.
    long server_ms = left + k_server_grace_ms;
    m_impl->exec("set statement_timeout", "SELECT set_config('statement_timeout', $1, false)",
                 {std::to_string(server_ms)}, deadline);
    m_impl->statement_timeout_ms = server_ms;
  }
  auto started = std::chrono::steady_clock::now();
  auto result = m_impl->exec(operation, sql, params, deadline);
  std::vector<Row> rows;
  int n = PQntuples(result.get());
  int cols = PQnfields(result.get());
  rows.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    Row row;
    row.reserve(static_cast<std::size_t>(cols));
    for (int c = 0; c < cols; ++c)
      row.push_back(PQgetisnull(result.get(), i, c) != 0
                        ? std::nullopt
                        : std::optional<std::string>(PQgetvalue(result.get(), i, c)));
    rows.push_back(std::move(row));
  }
  log::debug("operation \"{}\" on \"{}\": {} rows in {} ms", operation, m_impl->conn.endpoint(), n,
             std::chrono::duration_cast<std::chrono::milliseconds>(
                 std::chrono::steady_clock::now() - started)
                 .count());
  return rows;
}

std::optional<std::string> Session::query_value(std::string_view operation, const std::string& sql,
                                                const std::vector<Param>& params,
                                                Deadline deadline) {
  auto rows = query(operation, sql, params, deadline);
  if (rows.size() != 1 || rows.front().size() != 1)
    throw PgQueryError(fmt::format("operation \"{}\" returned {} rows, expected one value",
                                   operation, rows.size()),
                       "");
  return rows.front().front();
}

bool Session::usable() const {
  return m_impl && m_impl->conn.usable();
}

int Session::server_version() const {
  return usable() ? PQserverVersion(m_impl->conn.get()) : 0;
}

std::string Session::quote_literal(std::string_view value) const {
  if (!usable())
    throw PgUnreachable("cannot quote: connection is closed");
  char* q = PQescapeLiteral(m_impl->conn.get(), value.data(), value.size());
  if (q == nullptr)
    throw PgQueryError(
        fmt::format("cannot quote a literal: {}", first_line(PQerrorMessage(m_impl->conn.get()))),
        "");
  std::string out(q);
  PQfreemem(q);
  return out;
}

std::string Session::quote_identifier(std::string_view name) const {
  if (!usable())
    throw PgUnreachable("cannot quote: connection is closed");
  char* q = PQescapeIdentifier(m_impl->conn.get(), name.data(), name.size());
  if (q == nullptr)
    throw PgQueryError(fmt::format("cannot quote an identifier: {}",
                                   first_line(PQerrorMessage(m_impl->conn.get()))),
                       "");
  std::string out(q);
  PQfreemem(q);
  return out;
}

std::string Session::endpoint() const {
  return m_impl ? m_impl->conn.endpoint() : std::string();
}

} // namespace pgha::pg
