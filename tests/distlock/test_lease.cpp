// Integration: lease semantics on a real PostgreSQL 15 with the shipped schema.

#include "common/base/error.hpp"
#include "tests/distlock/lock_fixture.hpp"

#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <thread>

using namespace pgha::distlock;
using pgha::Deadline;
using pgha::test::lease;
using pgha::test::LockServer;
using pgha::test::soon;
using std::chrono::milliseconds;

TEST_CASE("installing the shipped schema twice is fine") {
  LockServer ls; // installed once
  auto s = ls.service();
  CHECK_NOTHROW(s->install(pgha::test::shipped_sql_files(), soon()));
  CHECK(ls.pg.query("select count(*) from pg_trigger where tgrelid = 'distlock'::regclass "
                    "and not tgisinternal") == "3");
  CHECK(ls.pg.query("select count(*) from distlock_audit") == "0");
}

TEST_CASE("the schema installs over pha4pgsql's tables and keeps their rows") {
  LockServer ls(false);
  ls.pg.query("create table distlock(lockname text primary key, owner text not null, "
              "ts timestamptz not null, expired_time interval not null)");
  ls.pg.query("create table distlock_history(id serial primary key, lockname text not null, "
              "owner text not null, ts timestamptz not null, expired_time interval not null)");
  ls.pg.query("insert into distlock values ('old', '', now(), interval '-1 second')");
  auto s = ls.service();
  s->install(pgha::test::shipped_sql_files(), soon());
  auto r = s->try_acquire(lease("old", "n1"), soon());
  CHECK(r.acquired);
  CHECK(r.lease.term > 0);
  CHECK(ls.pg.query("select count(*) from distlock_history where lockname = 'old' and "
                    "owner = 'n1' and term = " +
                    std::to_string(r.lease.term)) == "1");
}

TEST_CASE("trylock creates a missing row, renews our own and refuses another owner") {
  LockServer ls;
  auto a = ls.service();
  auto b = ls.service();
  auto before = Deadline::Clock::now();
  auto r1 = a->try_acquire(lease("L", "A"), soon());
  REQUIRE(r1.acquired);
  CHECK(r1.lease.holder == "A");
  CHECK(r1.lease.held());
  CHECK(r1.lease.server_remaining <= milliseconds(5000));
  CHECK(r1.lease.server_remaining > milliseconds(3000));
  REQUIRE(r1.local_deadline);
  // Local deadline: taken before sending, so at most ttl - margin (500 ms) after `before`.
  CHECK(r1.local_deadline->at() >= before + milliseconds(4500) - milliseconds(1));
  CHECK(r1.local_deadline->at() <= Deadline::Clock::now() + milliseconds(4500));

  auto r2 = a->try_acquire(lease("L", "A"), soon());
  CHECK(r2.acquired);
  CHECK(r2.lease.term == r1.lease.term); // renewal keeps the term

  auto r3 = b->try_acquire(lease("L", "B"), soon());
  CHECK_FALSE(r3.acquired);
  CHECK(r3.lease.holder == "A");
  CHECK(r3.lease.term == r1.lease.term);
  CHECK_FALSE(r3.local_deadline);
}

TEST_CASE("only the owner renews or releases") {
  LockServer ls;
  auto a = ls.service();
  auto b = ls.service();
  REQUIRE(a->try_acquire(lease("L", "A"), soon()).acquired);
  auto rb = b->renew(lease("L", "B"), soon());
  CHECK_FALSE(rb.acquired);
  CHECK(rb.lease.holder == "A");
  auto ub = b->release(LockId{"distlock", "L"}, "B", soon());
  CHECK_FALSE(ub.released);
  CHECK(ub.lease.holder == "A");
  auto ra = a->renew(lease("L", "A", milliseconds(7000)), soon());
  CHECK(ra.acquired);
  CHECK(ra.lease.server_remaining > milliseconds(5000));
  auto ua = a->release(LockId{"distlock", "L"}, "A", soon());
  CHECK(ua.released);
  CHECK(ua.lease.holder.empty());
  CHECK_FALSE(ua.lease.held());
  // Released: renewing no longer works, a new owner gets it at once.
  CHECK_FALSE(a->renew(lease("L", "A"), soon()).acquired);
  auto nb = b->try_acquire(lease("L", "B"), soon());
  CHECK(nb.acquired);
  CHECK(nb.lease.term > ua.lease.term);
  CHECK_FALSE(b->renew(lease("missing", "B"), soon()).acquired);
  CHECK_FALSE(b->release(LockId{"distlock", "missing"}, "B", soon()).released);
  CHECK_FALSE(b->status(LockId{"distlock", "missing"}, soon()).exists);
}

TEST_CASE("an expired lease is taken over with a higher term, never before it expires") {
  LockServer ls;
  auto a = ls.service();
  auto b = ls.service();
  // Why 3 s: B must be refused at least once before the lease lapses, and this VM stalls for
  // up to 2 s (a 400 ms lease once lapsed before B's first attempt).
  auto ra = a->try_acquire(lease("L", "A", milliseconds(3000)), soon());
  REQUIRE(ra.acquired);
  AcquireResult rb;
  int refused = 0;
  auto deadline = Deadline::after(std::chrono::seconds(10));
  while (!deadline.expired()) {
    rb = b->try_acquire(lease("L", "B", milliseconds(5000)), soon());
    if (rb.acquired)
      break;
    ++refused;
    CHECK(rb.lease.holder == "A");
    std::this_thread::sleep_for(milliseconds(20));
  }
  REQUIRE(rb.acquired);
  CHECK(refused > 0);
  CHECK(rb.lease.lease_start > ra.lease.lease_end); // judged by the server's clock
  CHECK(rb.lease.term > ra.lease.term);
  // The old holder can neither renew nor release any more.
  auto again = a->renew(lease("L", "A", milliseconds(400)), soon());
  CHECK_FALSE(again.acquired);
  CHECK(again.lease.holder == "B");
  CHECK_FALSE(a->release(LockId{"distlock", "L"}, "A", soon()).released);
  // acquire() with a bounded wait gives up with a value when the holder keeps it.
  auto t0 = Deadline::Clock::now();
  auto waited = a->acquire(lease("L", "A"), Deadline::after(milliseconds(300)));
  CHECK_FALSE(waited.acquired);
  CHECK(Deadline::Clock::now() - t0 < milliseconds(300) + pgha::test::k_timer_slack);
}

TEST_CASE("acquire waits until the holder's lease lapses") {
  LockServer ls;
  auto a = ls.service();
  auto b = ls.service();
  auto ra = a->try_acquire(lease("W", "A", milliseconds(500)), soon());
  REQUIRE(ra.acquired);
  auto rb = b->acquire(lease("W", "B"), Deadline::after(std::chrono::seconds(10)));
  REQUIRE(rb.acquired);
  CHECK(rb.lease.lease_start > ra.lease.lease_end);
  CHECK(rb.lease.term > ra.lease.term);
}

TEST_CASE("names and owners with quotes, semicolons, backslashes and non-ASCII are verbatim") {
  LockServer ls;
  auto s = ls.service();
  const std::string name = "it's \"quoted\"; drop table distlock; -- \\N \\\\ \xC3\xA9\xE4\xB8\xAD";
  const std::string owner = "o'wner; select 1; \\' \xF0\x9F\x94\x92 $1 %s";
  auto r = s->try_acquire(lease(name, owner), soon());
  REQUIRE(r.acquired);
  CHECK(r.lease.holder == owner);
  auto st = s->status(LockId{"distlock", name}, soon());
  CHECK(st.exists);
  CHECK(st.holder == owner);
  CHECK(ls.pg.query("select count(*) from distlock") == "1");
  std::string hex;
  for (unsigned char c : name)
    hex += fmt::format("{:02x}", c);
  CHECK(ls.pg.query(
            "select encode(convert_to(lockname, getdatabaseencoding()), 'hex') from distlock") ==
        hex);
  auto h = s->history(LockId{"distlock", name}, soon());
  REQUIRE(h.size() == 1);
  CHECK(h[0].owner == owner);
  CHECK(h[0].lockname == name);
  CHECK(s->release(LockId{"distlock", name}, owner, soon()).released);
}

TEST_CASE("a lock in another table named as table:lockname") {
  LockServer ls;
  ls.pg.query("create table ha_locks (like distlock including all)");
  ls.pg.query("create trigger distlock_set_term before insert or update on ha_locks "
              "for each row execute function distlock_set_term()");
  ls.pg.query("create trigger distlock_log_update after insert or update on ha_locks "
              "for each row execute function distlock_log_update()");
  auto s = ls.service();
  auto req = lease("x", "A");
  req.lock = parse_lock_id("HA_Locks:x");
  auto r = s->try_acquire(req, soon());
  REQUIRE(r.acquired);
  CHECK(ls.pg.query("select owner from ha_locks where lockname = 'x'") == "A");
  CHECK(ls.pg.query("select count(*) from distlock") == "0");
  auto h = s->history(parse_lock_id("ha_locks:x"), soon());
  REQUIRE(h.size() == 1);
  CHECK(h[0].table == "ha_locks");
  CHECK(h[0].term == r.lease.term);
  CHECK_THROWS_AS(s->status(parse_lock_id("no_such_table:x"), soon()), pgha::PgQueryError);
}

TEST_CASE("history has a row for every owner change, with its term, and the audit view") {
  LockServer ls;
  auto s = ls.service();
  std::vector<std::int64_t> terms;
  for (int i = 0; i < 3; ++i) {
    auto owner = "node" + std::to_string(i);
    auto r = s->try_acquire(lease("H", owner), soon());
    REQUIRE(r.acquired);
    REQUIRE(s->renew(lease("H", owner), soon()).acquired); // renewals add no row
    terms.push_back(r.lease.term);
    REQUIRE(s->release(LockId{"distlock", "H"}, owner, soon()).released);
  }
  CHECK(terms[0] < terms[1]);
  CHECK(terms[1] < terms[2]);
  // 3 acquisitions + 3 releases; terms strictly increasing in change order.
  CHECK(ls.pg.query("select count(*) from distlock_history where lockname = 'H'") == "6");
  CHECK(ls.pg.query("select bool_and(term > prev) from (select term, lag(term) over "
                    "(order by id) prev from distlock_history where lockname = 'H') s "
                    "where prev is not null") == "t");
  auto h = s->history(LockId{"distlock", "H"}, soon());
  REQUIRE(h.size() == 3);
  for (std::size_t i = 0; i < h.size(); ++i) {
    CHECK(h[i].owner == "node" + std::to_string(i));
    CHECK(h[i].term == terms[i]);
    CHECK(h[i].held_until >= h[i].held_from);
    CHECK_FALSE(h[i].current);
  }
  CHECK(ls.pg.query("select string_agg(ended_by, ',' order by term) from distlock_audit") ==
        "released,released,released");
  auto cur = s->try_acquire(lease("H", "last"), soon());
  REQUIRE(cur.acquired);
  auto h2 = s->history(std::nullopt, soon());
  REQUIRE(h2.size() == 4);
  CHECK(h2.back().current);
  CHECK(h2.back().term == cur.lease.term);
  CHECK(ls.pg.query("select ended_by from distlock_audit where owner = 'last'") == "holding");
  // A client cannot forge a term.
  ls.pg.query("update distlock set term = 1 where lockname = 'H'");
  CHECK(s->status(LockId{"distlock", "H"}, soon()).term == cur.lease.term);
}
