#include "tests/cluster/pq_deadline.hpp"

#include <algorithm>

namespace pgha::cluster_test {

namespace {

// libpq's message on one line, tabs as blanks (events.tsv is tab-separated).
std::string flat(const std::string& message) {
  std::string msg = pq::one_line(message.c_str());
  std::replace(msg.begin(), msg.end(), '\t', ' ');
  return msg;
}

} // namespace

StatementResult DeadlineConnection::exec(const std::string& sql,
                                         const std::vector<std::string>& params,
                                         Clock::time_point deadline, Clock::time_point connect_by) {
  StatementResult res;
  Deadline until(deadline);
  if (!m_conn.usable()) {
    auto status =
        m_conn.connect({{"dbname", m_conninfo}}, true, Deadline(std::min(deadline, connect_by)));
    if (status != pq::Status::ok) {
      // Nothing was sent: the statement certainly did not run.
      res.outcome = Outcome::failed;
      res.detail = status == pq::Status::timed_out ? "connect: connect deadline passed"
                                                   : "connect: " + flat(m_conn.error());
      return res;
    }
  }
  // From here on the server may have received the statement: any break is uncertain.
  std::vector<pq::Param> values(params.begin(), params.end());
  std::vector<pq::Result> results;
  auto status = m_conn.exec(sql, values, until, results);
  if (status != pq::Status::ok) {
    res.outcome = Outcome::uncertain;
    res.detail = status == pq::Status::timed_out ? "deadline passed"
                                                 : "connection lost: " + flat(m_conn.error());
    return res;
  }
  if (results.empty()) {
    res.outcome = Outcome::uncertain;
    res.detail = "no result: " + flat(m_conn.error());
    m_conn.close();
    return res;
  }
  const PGresult* r = results.front().get();
  ExecStatusType st = PQresultStatus(r);
  if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) {
    res.outcome = Outcome::ok;
    if (PQntuples(r) > 0)
      for (int c = 0; c < PQnfields(r); ++c)
        res.row.emplace_back(PQgetvalue(r, 0, c));
  } else {
    const char* state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    res.outcome = Outcome::failed;
    res.detail = std::string(state != nullptr ? state : "?????") + " " +
                 flat(PQresultErrorMessage(r) != nullptr ? PQresultErrorMessage(r) : "");
    // A fatal error ends the session: the commit may have happened (e.g. a backend terminated
    // while waiting for its synchronous standby).
    if (state == nullptr || std::string(state).starts_with("57") ||
        std::string(state).starts_with("08"))
      res.outcome = Outcome::uncertain;
  }
  if (res.outcome != Outcome::ok || !m_conn.usable())
    m_conn.close();
  return res;
}

} // namespace pgha::cluster_test
