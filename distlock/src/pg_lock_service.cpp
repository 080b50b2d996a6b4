#include "common/base/error.hpp"
#include "common/base/log.hpp"
#include "common/base/strings.hpp"
#include "common/pq/conninfo.hpp"
#include "distlock/src/pq_session.hpp"
#include "distlock/src/statements.hpp"

#include <pgha/distlock/lock.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <exception>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

namespace pgha::distlock {
namespace {

using std::chrono::milliseconds;

// Longest lease accepted: a typo (seconds as milliseconds) should fail loudly.
constexpr milliseconds k_max_ttl{24LL * 3600 * 1000};
// Pause between attempts of acquire() while another owner holds the lock.
constexpr milliseconds k_retry_pause{100};

milliseconds margin_of(const LeaseRequest& r) {
  return r.safety_margin ? *r.safety_margin : r.ttl / 10;
}

void validate(const LeaseRequest& r) {
  validate(r.lock);
  validate_owner(r.owner);
  if (r.ttl.count() <= 0 || r.ttl > k_max_ttl)
    throw ConfigError(fmt::format("lease ttl {} ms out of range (1 ms .. 24 h)", r.ttl.count()),
                      "ttl");
  auto m = margin_of(r);
  if (m.count() < 0 || m >= r.ttl)
    throw ConfigError(fmt::format("safety margin {} ms must be >= 0 and below the ttl {} ms",
                                  m.count(), r.ttl.count()),
                      "safety_margin");
}

ServerTime server_time(const PGresult* res, int col) {
  return ServerTime(std::chrono::microseconds(std::stoll(PQgetvalue(res, 0, col))));
}

// Decode the one row every lock statement returns (see statements.hpp).
std::pair<bool, LeaseState> decode(const detail::Result& res) {
  LeaseState s;
  if (!res || PQntuples(res.get()) != 1 || PQnfields(res.get()) != 13)
    throw PgQueryError("lock service returned an unexpected result shape", "");
  const PGresult* r = res.get();
  bool ok = std::string_view(PQgetvalue(r, 0, 0)) == "t";
  s.server_now = server_time(r, 5);
  if (!PQgetisnull(r, 0, 1)) {
    s.exists = true;
    s.holder = PQgetvalue(r, 0, 1);
    s.term = std::stoll(PQgetvalue(r, 0, 2));
    s.lease_start = server_time(r, 3);
    s.lease_end = server_time(r, 4);
    auto left = std::chrono::duration_cast<milliseconds>(s.lease_end - s.server_now);
    s.server_remaining = std::max(left, milliseconds(0));
    if (!PQgetisnull(r, 0, 6)) {
      LeaderRecord rec;
      rec.owner = PQgetvalue(r, 0, 6);
      rec.term = PQgetisnull(r, 0, 7) ? 0 : std::stoll(PQgetvalue(r, 0, 7));
      if (!PQgetisnull(r, 0, 8))
        rec.timeline = std::stoll(PQgetvalue(r, 0, 8));
      if (!PQgetisnull(r, 0, 9))
        rec.sync_standby = PQgetvalue(r, 0, 9);
      rec.sync_lsn = PQgetvalue(r, 0, 10);
      rec.note = PQgetvalue(r, 0, 11);
      if (!PQgetisnull(r, 0, 12))
        rec.recorded_at = server_time(r, 12);
      s.leader = std::move(rec);
    }
  }
  return {ok, s};
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw ConfigError(fmt::format("cannot read schema file \"{}\"", path), "sql-dir");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The (locktable, lockname) filter of the history statements; "" matches all.
std::pair<std::string, std::string> history_filter(const std::optional<LockId>& lock) {
  if (!lock)
    return {};
  validate(*lock);
  auto table = to_lower(lock->table);
  if (auto dot = table.find('.'); dot != std::string::npos)
    table = table.substr(dot + 1); // the triggers record the bare table name
  return {table, lock->name};
}

} // namespace

class PgLockService::Impl {
 public:
  explicit Impl(PgOptions o)
      : m_options(std::move(o)),
        m_session(detail::SessionOptions{m_options.conninfo, m_options.application_name,
                                         m_options.statement_timeout}) {}

  // Run one lock statement; `sent` receives the monotonic time just before it was sent.
  std::pair<bool, LeaseState> run(const char* op, const std::string& sql,
                                  const std::vector<std::string>& params, Deadline deadline,
                                  Deadline::Clock::time_point* sent = nullptr) {
    try {
      m_session.connect(deadline);
      if (sent)
        *sent = Deadline::Clock::now();
      auto res = m_session.exec(op, sql, params, deadline);
      auto out = decode(res);
      if (!m_options.reuse_connection)
        m_session.close();
      return out;
    } catch (...) {
      m_session.close();
      throw;
    }
  }

  AcquireResult lease_call(const char* op, const std::string& sql, const LeaseRequest& req,
                           Deadline deadline, std::vector<std::string> extra = {}) {
    validate(req);
    Deadline::Clock::time_point sent;
    std::vector<std::string> params{req.lock.name, req.owner, std::to_string(req.ttl.count())};
    params.insert(params.end(), std::make_move_iterator(extra.begin()),
                  std::make_move_iterator(extra.end()));
    auto [ok, state] = run(op, sql, params, deadline, &sent);
    AcquireResult r;
    r.acquired = ok;
    r.lease = std::move(state);
    // Why measured from before the send: the server's lease starts after it, so the local
    // deadline can only end earlier than the server's, never later.
    if (ok)
      r.local_deadline = Deadline(sent + req.ttl - margin_of(req));
    log::debug("distlock {} \"{}\" by \"{}\": {} (holder \"{}\", term {})", op, req.lock.name,
               req.owner, ok ? "yes" : "no", r.lease.holder, r.lease.term);
    return r;
  }

  // A read-only statement returning rows (history views).
  detail::Result query(const char* op, const std::string& sql,
                       const std::vector<std::string>& params, Deadline deadline) {
    try {
      m_session.connect(deadline);
      auto res = m_session.exec(op, sql, params, deadline);
      if (!m_options.reuse_connection)
        m_session.close();
      return res;
    } catch (...) {
      m_session.close();
      throw;
    }
  }

  PgOptions m_options;
  detail::Session m_session;
};

PgLockService::PgLockService(PgOptions options) {
  if (pq::conninfo_has_password(options.conninfo))
    throw ConfigError("the lock service conninfo contains a password\n"
                      "HINT: put the password in a passfile (PGPASSFILE, ~/.pgpass) or the "
                      "service file",
                      "conninfo");
  m_impl = std::make_unique<Impl>(std::move(options));
}

PgLockService::~PgLockService() = default;

std::string PgLockService::describe() const {
  return m_impl->m_session.describe();
}

AcquireResult PgLockService::try_acquire(const LeaseRequest& request, Deadline deadline) {
  return m_impl->lease_call("trylock", detail::try_acquire_sql(quoted_table(request.lock)), request,
                            deadline);
}

AcquireResult PgLockService::renew(const LeaseRequest& request, Deadline deadline) {
  return m_impl->lease_call("renew", detail::renew_sql(quoted_table(request.lock)), request,
                            deadline, {std::to_string(request.term)});
}

AcquireResult PgLockService::record(const LeaseRequest& request, const LeaderRecord& record,
                                    Deadline deadline) {
  if (request.term <= 0)
    throw ConfigError("recording the leader needs the term the caller holds", "term");
  if (record.sync_standby && !record.sync_standby->empty())
    validate_owner(*record.sync_standby);
  return m_impl->lease_call(
      "record", detail::record_sql(quoted_table(request.lock)), request, deadline,
      {std::to_string(request.term), record.timeline ? std::to_string(*record.timeline) : "",
       record.sync_standby.value_or(""), record.sync_lsn, record.note});
}

AcquireResult PgLockService::take_over_as_standby(const LeaseRequest& request,
                                                  std::string_view standby, Deadline deadline) {
  validate_owner(standby);
  return m_impl->lease_call("takeover", detail::takeover_sql(quoted_table(request.lock)), request,
                            deadline, {std::string(standby)});
}

LeaseState PgLockService::override_leader(const LockId& lock, std::string_view leader_owner,
                                          std::string_view note, Deadline deadline) {
  validate(lock);
  validate_owner(leader_owner);
  return m_impl
      ->run("override", detail::override_sql(quoted_table(lock)),
            {lock.name, std::string(leader_owner), std::string(note)}, deadline)
      .second;
}

std::vector<LeaderHistoryEntry> PgLockService::leader_history(const std::optional<LockId>& lock,
                                                              Deadline deadline) {
  auto [table, name] = history_filter(lock);
  auto res = m_impl->query("leader-history", detail::leader_history_sql(), {table, name}, deadline);
  std::vector<LeaderHistoryEntry> out;
  const PGresult* r = res.get();
  for (int i = 0; i < PQntuples(r); ++i) {
    LeaderHistoryEntry e;
    e.table = PQgetvalue(r, i, 0);
    e.lockname = PQgetvalue(r, i, 1);
    e.holder = PQgetvalue(r, i, 2);
    e.term = std::stoll(PQgetvalue(r, i, 3));
    e.record.owner = PQgetvalue(r, i, 4);
    e.record.term = std::stoll(PQgetvalue(r, i, 5));
    if (auto tli = std::stoll(PQgetvalue(r, i, 6)); tli > 0)
      e.record.timeline = tli;
    if (std::string_view(PQgetvalue(r, i, 7)) != "t")
      e.record.sync_standby = PQgetvalue(r, i, 8);
    e.record.sync_lsn = PQgetvalue(r, i, 9);
    e.record.note = PQgetvalue(r, i, 10);
    e.record.recorded_at = ServerTime(std::chrono::microseconds(std::stoll(PQgetvalue(r, i, 11))));
    out.push_back(std::move(e));
  }
  return out;
}

AcquireResult PgLockService::acquire(const LeaseRequest& request, Deadline wait_until) {
  validate(request);
  auto sql = detail::try_acquire_sql(quoted_table(request.lock));
  std::optional<AcquireResult> answered; // the server's last answer, if it gave one
  for (;;) {
    std::exception_ptr failure;
    try {
      auto r = m_impl->lease_call("lock", sql, request, wait_until);
      if (r.acquired)
        return r;
      answered = std::move(r);
    } catch (const PgUnreachable& e) {
      // Transient failures are retried like a busy lock, until the wait is over. An attempt
      // cut short by the end of the wait is one of them.
      failure = std::current_exception();
      log::detail("distlock lock \"{}\": {}", request.lock.name, e.what());
    }
    if (wait_until.expired()) {
      // Why an earlier answer wins over a later failure: "held by another" is what the
      // server said; the lock was not ours either way.
      if (answered)
        return *answered;
      std::rethrow_exception(failure);
    }
    auto pause = k_retry_pause;
    if (answered && answered->lease.held())
      pause = std::min(pause, answered->lease.server_remaining + milliseconds(1));
    std::this_thread::sleep_for(std::min(pause, wait_until.remaining()));
  }
}

ReleaseResult PgLockService::release(const LockId& lock, std::string_view owner,
                                     Deadline deadline) {
  validate(lock);
  validate_owner(owner);
  auto [ok, state] = m_impl->run("unlock", detail::release_sql(quoted_table(lock)),
                                 {lock.name, std::string(owner)}, deadline);
  return ReleaseResult{ok, std::move(state)};
}

LeaseState PgLockService::status(const LockId& lock, Deadline deadline) {
  validate(lock);
  return m_impl->run("status", detail::status_sql(quoted_table(lock)), {lock.name}, deadline)
      .second;
}

std::vector<HistoryEntry> PgLockService::history(const std::optional<LockId>& lock,
                                                 Deadline deadline) {
  auto [table, name] = history_filter(lock);
  auto res = m_impl->query("history", detail::history_sql(), {table, name}, deadline);
  std::vector<HistoryEntry> out;
  for (int i = 0; i < PQntuples(res.get()); ++i) {
    HistoryEntry e;
    e.table = PQgetvalue(res.get(), i, 0);
    e.lockname = PQgetvalue(res.get(), i, 1);
    e.owner = PQgetvalue(res.get(), i, 2);
    e.term = std::stoll(PQgetvalue(res.get(), i, 3));
    e.held_from = ServerTime(std::chrono::microseconds(std::stoll(PQgetvalue(res.get(), i, 4))));
    e.held_until = ServerTime(std::chrono::microseconds(std::stoll(PQgetvalue(res.get(), i, 5))));
    e.current = std::string_view(PQgetvalue(res.get(), i, 6)) == "t";
    out.push_back(std::move(e));
  }
  return out;
}

void PgLockService::install(const std::vector<std::string>& sql_files, Deadline deadline) {
  if (sql_files.empty())
    throw ConfigError("no schema files to install", "sql-dir");
  auto& session = m_impl->m_session;
  try {
    for (const auto& file : sql_files) {
      log::info("applying \"{}\"", file);
      session.exec_script("init", read_file(file), deadline);
    }
  } catch (...) {
    session.close();
    throw;
  }
}

} // namespace pgha::distlock
