#include "tests/cluster/pq_deadline.hpp"

#include <poll.h>

#include <algorithm>

namespace pgha::cluster_test {

namespace {

int remaining_ms(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return static_cast<int>(std::max<long long>(0, left.count()));
}

std::string trimmed_error(const PGconn* conn) {
  std::string msg = conn != nullptr ? PQerrorMessage(conn) : "no connection";
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' '))
    msg.pop_back();
  std::replace(msg.begin(), msg.end(), '\n', ' ');
  std::replace(msg.begin(), msg.end(), '\t', ' ');
  return msg;
}

} // namespace

void DeadlineConnection::close() {
  if (m_conn != nullptr) {
    PQfinish(m_conn);
    m_conn = nullptr;
  }
}

bool DeadlineConnection::wait_socket(bool for_write, Clock::time_point deadline) const {
  pollfd pfd{PQsocket(m_conn), static_cast<short>(for_write ? POLLOUT : POLLIN), 0};
  if (pfd.fd < 0)
    return false;
  while (true) {
    int left = remaining_ms(deadline);
    if (left == 0)
      return false;
    int rc = poll(&pfd, 1, left);
    if (rc > 0)
      return true;
    if (rc < 0 && errno != EINTR)
      return false;
  }
}

std::string DeadlineConnection::connect(Clock::time_point deadline) {
  close();
  m_conn = PQconnectStart(m_conninfo.c_str());
  if (m_conn == nullptr)
    return "out of memory";
  if (PQstatus(m_conn) == CONNECTION_BAD) {
    std::string why = trimmed_error(m_conn);
    close();
    return why;
  }
  PostgresPollingStatusType state = PGRES_POLLING_WRITING;
  while (state != PGRES_POLLING_OK) {
    if (state == PGRES_POLLING_FAILED) {
      std::string why = trimmed_error(m_conn);
      close();
      return why;
    }
    if (!wait_socket(state == PGRES_POLLING_WRITING, deadline)) {
      close();
      return "connect deadline passed";
    }
    state = PQconnectPoll(m_conn);
  }
  if (PQsetnonblocking(m_conn, 1) != 0) {
    std::string why = trimmed_error(m_conn);
    close();
    return why;
  }
  return {};
}

StatementResult DeadlineConnection::exec(const std::string& sql,
                                         const std::vector<std::string>& params,
                                         Clock::time_point deadline) {
  StatementResult res;
  if (m_conn == nullptr || PQstatus(m_conn) != CONNECTION_OK) {
    std::string why = connect(deadline);
    if (!why.empty()) {
      // Nothing was sent: the statement certainly did not run.
      res.outcome = Outcome::failed;
      res.detail = "connect: " + why;
      return res;
    }
  }
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params)
    values.push_back(p.c_str());
  if (PQsendQueryParams(m_conn, sql.c_str(), static_cast<int>(values.size()), nullptr,
                        values.data(), nullptr, nullptr, 0) == 0) {
    res.outcome = Outcome::uncertain;
    res.detail = "send: " + trimmed_error(m_conn);
    close();
    return res;
  }
  // From here on the server may have received the statement: any break is uncertain.
  while (true) {
    int flushed = PQflush(m_conn);
    if (flushed == 0)
      break;
    if (flushed < 0 || !wait_socket(true, deadline)) {
      res.outcome = Outcome::uncertain;
      res.detail = flushed < 0 ? "flush: " + trimmed_error(m_conn) : "deadline passed (send)";
      close();
      return res;
    }
  }
  bool have_result = false;
  while (true) {
    while (PQisBusy(m_conn) != 0) {
      if (!wait_socket(false, deadline)) {
        res.outcome = Outcome::uncertain;
        res.detail = "deadline passed";
        close();
        return res;
      }
      if (PQconsumeInput(m_conn) == 0) {
        res.outcome = Outcome::uncertain;
        res.detail = "connection lost: " + trimmed_error(m_conn);
        close();
        return res;
      }
    }
    PGresult* r = PQgetResult(m_conn);
    if (r == nullptr)
      break;
    ExecStatusType st = PQresultStatus(r);
    if (!have_result) {
      have_result = true;
      if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) {
        res.outcome = Outcome::ok;
        if (PQntuples(r) > 0) {
          for (int c = 0; c < PQnfields(r); ++c)
            res.row.emplace_back(PQgetvalue(r, 0, c));
        }
      } else {
        const char* state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
        const char* msg = PQresultErrorMessage(r);
        res.outcome = Outcome::failed;
        res.detail =
            std::string(state != nullptr ? state : "?????") + " " + (msg != nullptr ? msg : "");
        while (!res.detail.empty() && res.detail.back() == '\n')
          res.detail.pop_back();
        std::replace(res.detail.begin(), res.detail.end(), '\n', ' ');
        std::replace(res.detail.begin(), res.detail.end(), '\t', ' ');
        // A fatal error ends the session: the commit may have happened (e.g. a backend
        // terminated while waiting for its synchronous standby).
        if (state == nullptr || std::string(state).starts_with("57") ||
            std::string(state).starts_with("08")) {
          res.outcome = Outcome::uncertain;
        }
      }
    }
    PQclear(r);
  }
  if (!have_result) {
    res.outcome = Outcome::uncertain;
    res.detail = "no result: " + trimmed_error(m_conn);
  }
  if (res.outcome != Outcome::ok || PQstatus(m_conn) != CONNECTION_OK)
    close();
  return res;
}

} // namespace pgha::cluster_test
