// Integration: a lock server that is stopped, frozen, black-holed or slow yields
// PgUnreachable within the call's bound, never a hang.

#include "common/base/error.hpp"
#include "tests/distlock/lock_fixture.hpp"
#include "tests/support/black_hole.hpp"

#include <catch2/catch.hpp>

#include <libpq-fe.h>
#include <signal.h>
#include <unistd.h>

using namespace pgha::distlock;
using pgha::Deadline;
using pgha::test::BlackHole;
using pgha::test::lease;
using pgha::test::LockServer;
using pgha::test::soon;
using std::chrono::milliseconds;

namespace {

constexpr milliseconds k_bound{1500};
using pgha::test::k_timer_slack;

// SIGSTOP a process for the scope (a frozen or partitioned server), SIGCONT on the way out.
class Frozen {
 public:
  explicit Frozen(int pid) : m_pid(pid) { REQUIRE(::kill(m_pid, SIGSTOP) == 0); }
  ~Frozen() { ::kill(m_pid, SIGCONT); }
  Frozen(const Frozen&) = delete;
  Frozen& operator=(const Frozen&) = delete;

 private:
  int m_pid;
};

template <typename F>
milliseconds expect_unreachable(F&& call) {
  auto t0 = Deadline::Clock::now();
  CHECK_THROWS_AS(call(), pgha::PgUnreachable);
  return std::chrono::duration_cast<milliseconds>(Deadline::Clock::now() - t0);
}

PgLockService service_for(const std::string& conninfo) {
  PgOptions o;
  o.conninfo = conninfo;
  return PgLockService(o);
}

} // namespace

TEST_CASE("a stopped lock server is reported unreachable within the bound") {
  LockServer ls;
  auto s = ls.service();
  REQUIRE(s->try_acquire(lease("L", "A"), soon()).acquired);
  ls.pg.stop("immediate");
  // With the reused connection (server gone mid-session) and with a fresh one.
  auto took = expect_unreachable([&] { s->renew(lease("L", "A"), Deadline::after(k_bound)); });
  CHECK(took < k_bound + k_timer_slack);
  auto fresh = ls.service(false);
  took = expect_unreachable([&] {
    fresh->status(LockId{"distlock", "L"}, Deadline::after(k_bound));
  });
  CHECK(took < k_bound + k_timer_slack);
  try {
    fresh->try_acquire(lease("L", "A"), Deadline::after(k_bound));
  } catch (const pgha::PgUnreachable& e) {
    std::string what = e.what();
    CHECK(what.find("lock service") != std::string::npos);
    CHECK(what.find("unreachable") != std::string::npos);
  }
  // After a restart the same service object works again.
  ls.pg.start();
  CHECK(s->renew(lease("L", "A"), soon()).lease.holder == "A");
}

TEST_CASE("a black-holed lock server (accepts, never answers) fails within the bound") {
  BlackHole hole;
  auto s = service_for(hole.conninfo());
  auto took = expect_unreachable([&] { s.try_acquire(lease("L", "A"), Deadline::after(k_bound)); });
  CHECK(took >= k_bound - milliseconds(50));
  CHECK(took < k_bound + k_timer_slack);
  // acquire() keeps retrying until its wait is over, then reports the last failure.
  took = expect_unreachable([&] { s.acquire(lease("L", "A"), Deadline::after(k_bound)); });
  CHECK(took < k_bound + k_timer_slack);
  took = expect_unreachable([&] {
    s.release(LockId{"distlock", "L"}, "A", Deadline::after(milliseconds(300)));
  });
  CHECK(took < milliseconds(300) + k_timer_slack);
}

TEST_CASE("a frozen lock server fails an open session and new connections within the bound") {
  LockServer ls;
  PgOptions o;
  o.conninfo = ls.conninfo();
  o.application_name = "frozen-test";
  auto s = std::make_unique<PgLockService>(o);
  REQUIRE(s->try_acquire(lease("L", "A"), soon()).acquired);
  auto backend = std::stoi(
      ls.pg.query("select pid from pg_stat_activity where application_name = 'frozen-test'"));
  {
    Frozen frozen_backend(backend);
    Frozen frozen_postmaster(ls.pg.postmaster_pid());
    auto took = expect_unreachable([&] { s->renew(lease("L", "A"), Deadline::after(k_bound)); });
    CHECK(took < k_bound + k_timer_slack);
    auto fresh = ls.service();
    took =
        expect_unreachable([&] { fresh->try_acquire(lease("L", "B"), Deadline::after(k_bound)); });
    CHECK(took < k_bound + k_timer_slack);
  }
  // Thawed: the lease is still A's (B never got it).
  CHECK(ls.service()->status(LockId{"distlock", "L"}, soon()).holder == "A");
}

TEST_CASE("a statement stuck behind a row lock ends at the deadline") {
  LockServer ls;
  auto s = ls.service();
  REQUIRE(s->try_acquire(lease("L", "A"), soon()).acquired);
  // Another session holds the lock row in an open transaction.
  PGconn* blocker = PQconnectdb(ls.conninfo().c_str());
  REQUIRE(PQstatus(blocker) == CONNECTION_OK);
  PQclear(PQexec(blocker, "begin"));
  PGresult* r = PQexec(blocker, "select * from distlock for update");
  REQUIRE(PQresultStatus(r) == PGRES_TUPLES_OK);
  PQclear(r);
  auto took =
      expect_unreachable([&] { s->renew(lease("L", "A"), Deadline::after(milliseconds(800))); });
  CHECK(took < milliseconds(800) + k_timer_slack);
  PQclear(PQexec(blocker, "rollback"));
  PQfinish(blocker);
  CHECK(ls.service()->renew(lease("L", "A"), soon()).acquired);
}

TEST_CASE("a missing schema is a query error with a hint, not unreachable") {
  LockServer ls(false);
  auto s = ls.service();
  try {
    s->try_acquire(lease("L", "A"), soon());
    FAIL("no error");
  } catch (const pgha::PgQueryError& e) {
    CHECK(e.sqlstate() == "42P01");
    CHECK(std::string(e.what()).find("HINT: install the lock schema with \"distlock init\"") !=
          std::string::npos);
  }
}
