#include "common/pq/connection.hpp"

#include <fmt/format.h>
#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

namespace pgha::pq {

namespace {

// What a wait on the socket came back with.
enum class Ready { yes, timeout, error };

// Waits until `fd` is ready for `events` or the deadline passes.
Ready wait_socket(int fd, short events, const Deadline& deadline) {
  if (fd < 0)
    return Ready::error;
  for (;;) {
    auto left = deadline.remaining();
    if (left.count() <= 0)
      return Ready::timeout;
    pollfd p{fd, events, 0};
    // At most a minute per poll(): the loop re-checks the deadline.
    int rc = ::poll(&p, 1, static_cast<int>(std::min<long long>(left.count(), 60'000)));
    if (rc > 0)
      return Ready::yes;
    if (rc < 0 && errno != EINTR)
      return Ready::error;
  }
}

std::string poll_error() {
  return fmt::format("poll on the socket failed: {}", std::strerror(errno));
}

} // namespace

std::string one_line(const char* message) {
  std::string s = message != nullptr ? message : "";
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

Connection::~Connection() {
  close();
}

Connection::Connection(Connection&& other) noexcept
    : m_conn(std::exchange(other.m_conn, nullptr)), m_error(std::move(other.m_error)),
      m_endpoint(std::move(other.m_endpoint)), m_needed_password(other.m_needed_password) {}

Connection& Connection::operator=(Connection&& other) noexcept {
  if (this != &other) {
    close();
    m_conn = std::exchange(other.m_conn, nullptr);
    m_error = std::move(other.m_error);
    m_endpoint = std::move(other.m_endpoint);
    m_needed_password = other.m_needed_password;
  }
  return *this;
}

void Connection::close() {
  if (m_conn != nullptr)
    PQfinish(m_conn);
  m_conn = nullptr;
}

bool Connection::usable() const {
  return m_conn != nullptr && PQstatus(m_conn) == CONNECTION_OK;
}

std::string Connection::error() const {
  if (!m_error.empty() || m_conn == nullptr)
    return m_error;
  return PQerrorMessage(m_conn);
}

Status Connection::fail(Status status, std::string why) {
  m_error = why.empty() && m_conn != nullptr ? std::string(PQerrorMessage(m_conn)) : why;
  close();
  return status;
}

void Connection::note_endpoint() {
  const char* host = PQhost(m_conn);
  const char* port = PQport(m_conn);
  m_endpoint = fmt::format("{}:{}", host != nullptr && *host ? host : "localhost",
                           port != nullptr && *port ? port : "5432");
}

Status Connection::start(const Keywords& keywords, bool expand_dbname) {
  close();
  m_error.clear();
  m_needed_password = false;
  m_endpoint = "postgresql";
  std::vector<const char*> keys;
  std::vector<const char*> values;
  for (const auto& [k, v] : keywords) {
    keys.push_back(k.c_str());
    values.push_back(v.c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  m_conn = PQconnectStartParams(keys.data(), values.data(), expand_dbname ? 1 : 0);
  if (m_conn == nullptr)
    return fail(Status::failed, "cannot allocate a libpq connection");
  note_endpoint();
  if (PQstatus(m_conn) == CONNECTION_BAD)
    return fail(Status::failed, {});
  return Status::ok;
}

Status Connection::finish_connect(const Deadline& deadline) {
  if (m_conn == nullptr)
    return fail(Status::failed, m_error.empty() ? "no connection started" : m_error);
  PostgresPollingStatusType state = PGRES_POLLING_WRITING;
  while (state != PGRES_POLLING_OK) {
    if (state == PGRES_POLLING_FAILED) {
      m_needed_password = PQconnectionNeedsPassword(m_conn) != 0;
      return fail(Status::failed, {});
    }
    short events = state == PGRES_POLLING_READING ? POLLIN : POLLOUT;
    if (auto ready = await_socket(events, deadline); ready != Status::ok)
      return ready;
    state = PQconnectPoll(m_conn);
    note_endpoint();
  }
  if (PQsetnonblocking(m_conn, 1) != 0)
    return fail(Status::failed, {});
  return Status::ok;
}

Status Connection::connect(const Keywords& keywords, bool expand_dbname, const Deadline& deadline) {
  if (auto started = start(keywords, expand_dbname); started != Status::ok)
    return started;
  return finish_connect(deadline);
}

Status Connection::exec(const std::string& sql, const std::vector<Param>& params,
                        const Deadline& deadline, std::vector<Result>& results) {
  m_error.clear();
  if (m_conn == nullptr)
    return fail(Status::failed, "the connection is closed");
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params)
    values.push_back(p ? p->c_str() : nullptr);
  if (PQsendQueryParams(m_conn, sql.c_str(), static_cast<int>(values.size()), nullptr,
                        values.data(), nullptr, nullptr, 0) == 0)
    return fail(Status::failed, {});
  return collect(deadline, results);
}

Status Connection::exec_script(const std::string& script, const Deadline& deadline,
                               std::vector<Result>& results) {
  m_error.clear();
  if (m_conn == nullptr)
    return fail(Status::failed, "the connection is closed");
  if (PQsendQuery(m_conn, script.c_str()) == 0)
    return fail(Status::failed, {});
  return collect(deadline, results);
}

Status Connection::await_socket(short events, const Deadline& deadline) {
  auto ready = wait_socket(PQsocket(m_conn), events, deadline);
  if (ready == Ready::timeout)
    return fail(Status::timed_out, {});
  if (ready == Ready::error)
    return fail(Status::failed, poll_error());
  return Status::ok;
}

Status Connection::await_input(short events, const Deadline& deadline) {
  if (auto ready = await_socket(events, deadline); ready != Status::ok)
    return ready;
  if (PQconsumeInput(m_conn) == 0)
    return fail(Status::failed, {});
  return Status::ok;
}

Status Connection::collect(const Deadline& deadline, std::vector<Result>& results) {
  // Push the request out (reading meanwhile, so a server that answers early cannot deadlock
  // us), then read until libpq has every result of it.
  for (;;) {
    int flushed = PQflush(m_conn);
    if (flushed == 0)
      break;
    if (flushed < 0)
      return fail(Status::failed, {});
    if (auto read = await_input(POLLIN | POLLOUT, deadline); read != Status::ok)
      return read;
  }
  for (;;) {
    while (PQisBusy(m_conn) != 0)
      if (auto read = await_input(POLLIN, deadline); read != Status::ok)
        return read;
    Result r(PQgetResult(m_conn));
    if (!r)
      return Status::ok;
    results.push_back(std::move(r));
  }
}

} // namespace pgha::pq
