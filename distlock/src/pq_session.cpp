#include "distlock/src/pq_session.hpp"

#include "common/base/error.hpp"
#include "common/base/strings.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

namespace pgha::distlock::detail {
namespace {

// SQLSTATEs that mean "the service is not there", not "the statement is wrong".
bool unreachable_state(const std::string& state) {
  return starts_with(state, "08") || state == "57P01" || state == "57P02" || state == "57P03" ||
         state == "57014" || state == "53300";
}

// Keywords of the caller's conninfo plus the ones that bound every call. Parsed here (not
// expanded by libpq) so that ours take precedence and the password check sees everything.
pq::Keywords build_params(const SessionOptions& o, Deadline deadline) {
  auto parsed = pq::parse_conninfo(o.conninfo);
  if (!parsed.defect.empty())
    throw ConfigError(fmt::format("invalid lock service conninfo: {}", parsed.defect), "conninfo");
  pq::Keywords p;
  const std::vector<std::string> ours = {
      "connect_timeout",     "tcp_user_timeout", "keepalives",     "keepalives_idle",
      "keepalives_interval", "keepalives_count", "client_encoding"};
  bool has_app = false;
  for (auto& [key, value] : parsed.keywords) {
    if (std::find(ours.begin(), ours.end(), key) != ours.end())
      continue;
    has_app = has_app || key == "application_name";
    p.emplace_back(std::move(key), std::move(value));
  }
  auto ms = std::max<long long>(deadline.remaining().count(), 1);
  // connect_timeout only backs up our own polling (libpq enforces it in blocking mode only).
  p.emplace_back("connect_timeout", std::to_string(std::max<long long>(2, (ms + 999) / 1000)));
  // Unacknowledged data (a black-holed peer) fails the socket after this long.
  p.emplace_back("tcp_user_timeout", std::to_string(ms));
  for (auto [k, v] : {std::pair{"keepalives", "1"}, std::pair{"keepalives_idle", "2"},
                      std::pair{"keepalives_interval", "1"}, std::pair{"keepalives_count", "3"},
                      std::pair{"client_encoding", "UTF8"}})
    p.emplace_back(k, v);
  if (!has_app && !o.application_name.empty())
    p.emplace_back("application_name", o.application_name);
  return p;
}

} // namespace

std::string Session::describe() const {
  if (trim(m_options.conninfo).empty())
    return "libpq defaults";
  return pq::redact_conninfo(m_options.conninfo);
}

void Session::fail_unreachable(const std::string& what) {
  m_conn.close();
  throw PgUnreachable(fmt::format("lock service \"{}\" unreachable: {}", describe(), what));
}

void Session::connect(Deadline deadline) {
  if (connected())
    return;
  auto params = build_params(m_options, deadline);
  auto started = Deadline::Clock::now();
  auto status = m_conn.connect(params, false, deadline);
  if (status == pq::Status::timed_out) {
    auto took =
        std::chrono::duration_cast<std::chrono::milliseconds>(Deadline::Clock::now() - started);
    fail_unreachable(fmt::format("no connection within {} ms", took.count()));
  }
  if (status != pq::Status::ok) {
    if (m_conn.needed_password())
      throw ConfigError(fmt::format("lock service \"{}\" requires a password", describe()) +
                            "\nHINT: put it in a passfile (PGPASSFILE, ~/.pgpass) or the "
                            "service file, never in the conninfo",
                        "conninfo");
    fail_unreachable(pq::one_line(m_conn.error().c_str()));
  }
  // A server-side guard: a statement whose client gave up does not hold the row for long.
  exec("set statement_timeout", "select set_config('statement_timeout', $1, false)",
       {std::to_string(m_options.statement_timeout.count()) + "ms"}, deadline);
}

Result Session::exec(const char* operation, const std::string& sql,
                     const std::vector<std::string>& params, Deadline deadline) {
  connect(deadline);
  std::vector<pq::Param> values(params.begin(), params.end());
  std::vector<Result> results;
  auto status = m_conn.exec(sql, values, deadline, results);
  return finish(operation, status, results);
}

void Session::exec_script(const char* operation, const std::string& script, Deadline deadline) {
  connect(deadline);
  std::vector<Result> results;
  auto status = m_conn.exec_script(script, deadline, results);
  finish(operation, status, results);
}

Result Session::finish(const char* operation, pq::Status status, std::vector<Result>& results) {
  if (status == pq::Status::timed_out)
    fail_unreachable(fmt::format("no answer to \"{}\" before the deadline", operation));
  if (status != pq::Status::ok)
    fail_unreachable(pq::one_line(m_conn.error().c_str()));
  // The first error of the statement (or script) decides; else its last result is the answer.
  Result last;
  Result error;
  for (auto& r : results) {
    auto rs = PQresultStatus(r.get());
    if (rs == PGRES_FATAL_ERROR || rs == PGRES_BAD_RESPONSE || rs == PGRES_NONFATAL_ERROR) {
      if (!error)
        error = std::move(r);
    } else {
      last = std::move(r);
    }
  }
  if (error) {
    const char* state_c = PQresultErrorField(error.get(), PG_DIAG_SQLSTATE);
    std::string state = state_c ? state_c : "";
    std::string message = pq::one_line(PQresultErrorField(error.get(), PG_DIAG_MESSAGE_PRIMARY));
    if (message.empty())
      message = pq::one_line(PQresultErrorMessage(error.get()));
    if (!m_conn.usable() || unreachable_state(state))
      fail_unreachable(fmt::format("\"{}\" failed: {}", operation, message));
    std::string hint;
    if (state == "42P01" || state == "42883")
      hint = "\nHINT: install the lock schema with \"distlock init\"";
    m_conn.close();
    throw PgQueryError(fmt::format("\"{}\" failed on lock service \"{}\": {} (SQLSTATE {}){}",
                                   operation, describe(), message, state, hint),
                       state);
  }
  if (!m_conn.usable())
    fail_unreachable("connection lost");
  return last;
}

} // namespace pgha::distlock::detail
