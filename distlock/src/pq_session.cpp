#include "distlock/src/pq_session.hpp"

#include "common/base/error.hpp"
#include "common/base/strings.hpp"

#include <fmt/format.h>
#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

namespace pgha::distlock::detail {
namespace {

// What a poll on the socket came back with.
enum class Ready { yes, timeout, error };

Ready wait_socket(int fd, short events, Deadline deadline) {
  if (fd < 0)
    return Ready::error;
  for (;;) {
    auto left = deadline.remaining();
    if (left.count() <= 0)
      return Ready::timeout;
    pollfd p{fd, events, 0};
    int rc = ::poll(&p, 1, static_cast<int>(std::min<long long>(left.count(), 60'000)));
    if (rc > 0)
      return Ready::yes;
    if (rc == 0)
      continue; // re-check the deadline
    if (errno != EINTR)
      return Ready::error;
  }
}

// libpq's message on one line (its continuation lines joined with "; ").
std::string one_line(const char* message) {
  std::string s = message ? message : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' '))
    s.pop_back();
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\n') {
      out += s[i];
      continue;
    }
    while (i + 1 < s.size() && (s[i + 1] == '\t' || s[i + 1] == ' '))
      ++i;
    out += "; ";
  }
  return out;
}

// SQLSTATEs that mean "the service is not there", not "the statement is wrong".
bool unreachable_state(const std::string& state) {
  return starts_with(state, "08") || state == "57P01" || state == "57P02" || state == "57P03" ||
         state == "57014" || state == "53300";
}

struct Params {
  std::vector<std::string> keys;
  std::vector<std::string> values;
};

// Keywords of the caller's conninfo plus the ones that bound every call. Parsed here (not
// expanded by libpq) so that ours take precedence and the password check sees everything.
Params build_params(const SessionOptions& o, Deadline deadline) {
  Params p;
  char* err = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(o.conninfo.c_str(), &err);
  if (!parsed) {
    std::string msg = one_line(err);
    PQfreemem(err);
    throw ConfigError(fmt::format("invalid lock service conninfo: {}", msg), "conninfo");
  }
  const std::vector<std::string> ours = {
      "connect_timeout",     "tcp_user_timeout", "keepalives",     "keepalives_idle",
      "keepalives_interval", "keepalives_count", "client_encoding"};
  bool has_app = false;
  for (auto* opt = parsed; opt->keyword; ++opt) {
    if (!opt->val)
      continue;
    std::string key = opt->keyword;
    if (std::find(ours.begin(), ours.end(), key) != ours.end())
      continue;
    has_app = has_app || key == "application_name";
    p.keys.push_back(key);
    p.values.emplace_back(opt->val);
  }
  PQconninfoFree(parsed);
  auto ms = std::max<long long>(deadline.remaining().count(), 1);
  // connect_timeout only backs up our own polling (libpq enforces it in blocking mode only).
  p.keys.emplace_back("connect_timeout");
  p.values.push_back(std::to_string(std::max<long long>(2, (ms + 999) / 1000)));
  // Unacknowledged data (a black-holed peer) fails the socket after this long.
  p.keys.emplace_back("tcp_user_timeout");
  p.values.push_back(std::to_string(ms));
  for (auto [k, v] : {std::pair{"keepalives", "1"}, std::pair{"keepalives_idle", "2"},
                      std::pair{"keepalives_interval", "1"}, std::pair{"keepalives_count", "3"},
                      std::pair{"client_encoding", "UTF8"}}) {
    p.keys.emplace_back(k);
    p.values.emplace_back(v);
  }
  if (!has_app && !o.application_name.empty()) {
    p.keys.emplace_back("application_name");
    p.values.push_back(o.application_name);
  }
  return p;
}

} // namespace

Session::Session(SessionOptions options) : m_options(std::move(options)) {}

Session::~Session() {
  close();
}

void Session::close() {
  if (m_conn) {
    PQfinish(m_conn);
    m_conn = nullptr;
  }
}

std::string Session::describe() const {
  if (trim(m_options.conninfo).empty())
    return "libpq defaults";
  return redact_conninfo(m_options.conninfo);
}

void Session::fail_unreachable(const std::string& what) {
  close();
  throw PgUnreachable(fmt::format("lock service \"{}\" unreachable: {}", describe(), what));
}

void Session::connect(Deadline deadline) {
  if (m_conn)
    return;
  auto params = build_params(m_options, deadline);
  std::vector<const char*> keys;
  std::vector<const char*> values;
  for (std::size_t i = 0; i < params.keys.size(); ++i) {
    keys.push_back(params.keys[i].c_str());
    values.push_back(params.values[i].c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  auto started = Deadline::Clock::now();
  m_conn = PQconnectStartParams(keys.data(), values.data(), 0);
  if (!m_conn)
    throw std::bad_alloc();
  if (PQstatus(m_conn) == CONNECTION_BAD)
    fail_unreachable(one_line(PQerrorMessage(m_conn)));
  PostgresPollingStatusType state = PGRES_POLLING_WRITING;
  while (state != PGRES_POLLING_OK) {
    if (state == PGRES_POLLING_FAILED) {
      if (PQconnectionNeedsPassword(m_conn)) {
        close();
        throw ConfigError(fmt::format("lock service \"{}\" requires a password", describe()) +
                              "\nHINT: put it in a passfile (PGPASSFILE, ~/.pgpass) or the "
                              "service file, never in the conninfo",
                          "conninfo");
      }
      fail_unreachable(one_line(PQerrorMessage(m_conn)));
    }
    short events = state == PGRES_POLLING_READING ? POLLIN : POLLOUT;
    auto ready = wait_socket(PQsocket(m_conn), events, deadline);
    if (ready == Ready::timeout) {
      auto took =
          std::chrono::duration_cast<std::chrono::milliseconds>(Deadline::Clock::now() - started);
      fail_unreachable(fmt::format("no connection within {} ms", took.count()));
    }
    if (ready == Ready::error)
      fail_unreachable(fmt::format("poll on the socket failed: {}", std::strerror(errno)));
    state = PQconnectPoll(m_conn);
  }
  if (PQsetnonblocking(m_conn, 1) != 0)
    fail_unreachable(one_line(PQerrorMessage(m_conn)));
  // A server-side guard: a statement whose client gave up does not hold the row for long.
  exec("set statement_timeout", "select set_config('statement_timeout', $1, false)",
       {std::to_string(m_options.statement_timeout.count()) + "ms"}, deadline);
}

Result Session::exec(const char* operation, const std::string& sql,
                     const std::vector<std::string>& params, Deadline deadline) {
  connect(deadline);
  std::vector<const char*> values;
  for (const auto& v : params)
    values.push_back(v.c_str());
  if (!PQsendQueryParams(m_conn, sql.c_str(), static_cast<int>(values.size()), nullptr,
                         values.data(), nullptr, nullptr, 0))
    fail_unreachable(one_line(PQerrorMessage(m_conn)));
  return finish(operation, deadline);
}

void Session::exec_script(const char* operation, const std::string& script, Deadline deadline) {
  connect(deadline);
  if (!PQsendQuery(m_conn, script.c_str()))
    fail_unreachable(one_line(PQerrorMessage(m_conn)));
  finish(operation, deadline);
}

Result Session::finish(const char* operation, Deadline deadline) {
  // Push the request out, then read until libpq has every result of it.
  for (;;) {
    int rc = PQflush(m_conn);
    if (rc == 0)
      break;
    if (rc < 0)
      fail_unreachable(one_line(PQerrorMessage(m_conn)));
    auto ready = wait_socket(PQsocket(m_conn), POLLIN | POLLOUT, deadline);
    if (ready != Ready::yes)
      fail_unreachable(fmt::format("\"{}\" not sent before the deadline", operation));
    if (!PQconsumeInput(m_conn))
      fail_unreachable(one_line(PQerrorMessage(m_conn)));
  }
  Result last;
  Result error;
  for (;;) {
    while (PQisBusy(m_conn)) {
      auto ready = wait_socket(PQsocket(m_conn), POLLIN, deadline);
      if (ready == Ready::timeout)
        fail_unreachable(fmt::format("no answer to \"{}\" before the deadline", operation));
      if (ready == Ready::error || !PQconsumeInput(m_conn))
        fail_unreachable(one_line(PQerrorMessage(m_conn)));
    }
    Result r(PQgetResult(m_conn));
    if (!r)
      break;
    auto status = PQresultStatus(r.get());
    if (status == PGRES_FATAL_ERROR || status == PGRES_BAD_RESPONSE ||
        status == PGRES_NONFATAL_ERROR) {
      if (!error)
        error = std::move(r);
    } else {
      last = std::move(r);
    }
  }
  if (error) {
    const char* state_c = PQresultErrorField(error.get(), PG_DIAG_SQLSTATE);
    std::string state = state_c ? state_c : "";
    std::string message = one_line(PQresultErrorField(error.get(), PG_DIAG_MESSAGE_PRIMARY));
    if (message.empty())
      message = one_line(PQresultErrorMessage(error.get()));
    if (PQstatus(m_conn) == CONNECTION_BAD || unreachable_state(state))
      fail_unreachable(fmt::format("\"{}\" failed: {}", operation, message));
    std::string hint;
    if (state == "42P01" || state == "42883")
      hint = "\nHINT: install the lock schema with \"distlock init\"";
    close();
    throw PgQueryError(fmt::format("\"{}\" failed on lock service \"{}\": {} (SQLSTATE {}){}",
                                   operation, describe(), message, state, hint),
                       state);
  }
  if (PQstatus(m_conn) == CONNECTION_BAD)
    fail_unreachable("connection lost");
  return last;
}

} // namespace pgha::distlock::detail
