// The leadership record in the lock row: written only by the holder at its term, kept across
// owner changes, every change in distlock_leader_history; the schema upgrade keeps old rows.

#include "tests/distlock/lock_fixture.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

using pgha::Deadline;
using pgha::distlock::LeaderRecord;
using pgha::test::lease;
using pgha::test::LockServer;
using pgha::test::soon;

namespace {

LeaderRecord synchronous(std::string standby) {
  LeaderRecord r;
  r.timeline = 3;
  r.sync_standby = std::move(standby);
  r.sync_lsn = "0/7000060";
  r.note = "sync";
  return r;
}

// The schema files of the previous release (before the leadership record), name order.
std::vector<std::string> previous_release_sql() {
  std::vector<std::string> files;
  auto dir = std::filesystem::path(PGHA_SOURCE_DIR) / "tests/fixtures/distlock/schema-0.1";
  for (const auto& e : std::filesystem::directory_iterator(dir))
    files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

} // namespace

TEST_CASE("only the holder at its term writes the leadership record") {
  LockServer ls;
  auto a = ls.service();
  auto b = ls.service();
  auto got = a->try_acquire(lease("L", "A"), soon());
  REQUIRE(got.acquired);
  CHECK_FALSE(got.lease.leader.has_value());

  auto req = lease("L", "A");
  req.term = got.lease.term;
  auto w = a->record(req, synchronous("node2"), soon());
  REQUIRE(w.acquired);
  REQUIRE(w.lease.leader);
  CHECK(w.lease.leader->owner == "A");
  CHECK(w.lease.leader->term == got.lease.term);
  CHECK(w.lease.leader->timeline == 3);
  CHECK(w.lease.leader->sync_standby == std::string("node2"));
  CHECK(w.local_deadline.has_value()); // the record renews the lease

  SECTION("another owner, or the holder at a stale term, writes nothing") {
    auto breq = lease("L", "B");
    breq.term = got.lease.term;
    CHECK_FALSE(b->record(breq, synchronous(""), soon()).acquired);
    req.term = got.lease.term + 1;
    CHECK_FALSE(a->record(req, synchronous(""), soon()).acquired);
    CHECK(a->status({"distlock", "L"}, soon()).leader->sync_standby == std::string("node2"));
  }
  SECTION("renew at the held term succeeds, at another term fails and never takes a term") {
    CHECK(a->renew(req, soon()).acquired);
    auto stale = req;
    stale.term = got.lease.term + 1;
    auto r = a->renew(stale, soon());
    CHECK_FALSE(r.acquired);
    CHECK(r.lease.term == got.lease.term);
  }
  SECTION("the record survives a takeover, and the new holder reads its predecessor's") {
    REQUIRE(a->release({"distlock", "L"}, "A", soon()).released);
    auto t = b->try_acquire(lease("L", "B"), soon());
    REQUIRE(t.acquired);
    CHECK(t.lease.term > got.lease.term);
    REQUIRE(t.lease.leader);
    CHECK(t.lease.leader->owner == "A");
    CHECK(t.lease.leader->sync_standby == std::string("node2"));
  }
  SECTION("every change is in the leadership history, with the holder and term") {
    auto alone = synchronous("");
    alone.note = "alone";
    REQUIRE(a->record(req, alone, soon()).acquired);
    REQUIRE(a->record(req, alone, soon()).acquired); // unchanged: no new history row
    auto h = a->leader_history(pgha::distlock::LockId{"distlock", "L"}, soon());
    REQUIRE(h.size() == 2);
    CHECK(h[0].record.sync_standby == std::string("node2"));
    CHECK(h[1].record.sync_standby == std::string());
    CHECK(h[1].record.note == "alone");
    CHECK(h[1].holder == "A");
    CHECK(h[1].term == got.lease.term);
  }
}

TEST_CASE("the operator's override names a leader, logged in the history") {
  LockServer ls;
  auto a = ls.service();
  auto got = a->try_acquire(lease("L", "A"), soon());
  REQUIRE(got.acquired);
  auto state = a->override_leader({"distlock", "L"}, "B", "override: cls_reset_master", soon());
  REQUIRE(state.leader);
  CHECK(state.leader->owner == "B");
  CHECK_FALSE(state.leader->sync_standby.has_value());
  CHECK(state.holder == "A"); // the lease itself is untouched
  auto h = a->leader_history(std::nullopt, soon());
  REQUIRE(h.size() == 1);
  CHECK(h[0].record.note == "override: cls_reset_master");
  // A lock without a row gets a free one carrying the record.
  auto fresh = a->override_leader({"distlock", "M"}, "B", "override", soon());
  CHECK(fresh.exists);
  CHECK(fresh.holder.empty());
  CHECK(fresh.leader->owner == "B");
}

TEST_CASE("distlock init upgrades the previous release's schema in place, rows and history "
          "kept") {
  LockServer ls(false);
  auto s = ls.service();
  s->install(previous_release_sql(), soon());
  // The previous release's client statements, as it ran them: A takes, releases, B takes.
  ls.pg.query("insert into distlock (lockname, owner, ts, expired_time) "
              "values ('L', 'A', now(), interval '5 seconds')");
  ls.pg.query("update distlock set owner = '', ts = now(), expired_time = interval '-1 second' "
              "where lockname = 'L'");
  ls.pg.query("update distlock set owner = 'B', ts = now(), expired_time = interval '60 seconds' "
              "where lockname = 'L'");
  auto b_term = std::stoll(ls.pg.query("select term from distlock where lockname = 'L'"));
  auto before = ls.pg.query("select string_agg(owner || ':' || term, ',' order by id) "
                            "from distlock_history");
  CHECK(before == "A:1,:2,B:3");

  s->install(pgha::test::shipped_sql_files(), soon());

  auto status = s->status({"distlock", "L"}, soon());
  CHECK(status.holder == "B");
  CHECK(status.term == b_term);
  CHECK(status.held());
  CHECK_FALSE(status.leader.has_value());
  CHECK(ls.pg.query("select string_agg(owner || ':' || term, ',' order by id) "
                    "from distlock_history") == before);
  CHECK(s->history(std::nullopt, soon()).size() == 2); // the audit view: holders A and B
  auto req = lease("L", "B", std::chrono::milliseconds(60000));
  req.term = b_term;
  CHECK(s->record(req, synchronous("node1"), soon()).acquired);
  CHECK(s->leader_history(std::nullopt, soon()).size() == 1);
  // Running it again changes nothing.
  s->install(pgha::test::shipped_sql_files(), soon());
  CHECK(s->status({"distlock", "L"}, soon()).leader->sync_standby == std::string("node1"));
}

TEST_CASE("the recorded synchronous standby takes the row over before the lease ends") {
  LockServer ls;
  auto a = ls.service();
  auto b = ls.service();
  auto got = a->try_acquire(lease("L", "A", std::chrono::milliseconds(60000)), soon());
  REQUIRE(got.acquired);
  auto req = lease("L", "A", std::chrono::milliseconds(60000));
  req.term = got.lease.term;

  SECTION("not before the leader recorded it") {
    CHECK_FALSE(b->take_over_as_standby(lease("L", "B"), "node2", soon()).acquired);
  }
  SECTION("not when the record names another standby, or says alone") {
    REQUIRE(a->record(req, synchronous("node3"), soon()).acquired);
    CHECK_FALSE(b->take_over_as_standby(lease("L", "B"), "node2", soon()).acquired);
    REQUIRE(a->record(req, synchronous(""), soon()).acquired);
    CHECK_FALSE(b->take_over_as_standby(lease("L", "B"), "node3", soon()).acquired);
    CHECK(a->status({"distlock", "L"}, soon()).holder == "A");
  }
  SECTION("the named standby takes it at once; the leader's next write fails") {
    REQUIRE(a->record(req, synchronous("node2"), soon()).acquired);
    auto t = b->take_over_as_standby(lease("L", "B"), "node2", soon());
    REQUIRE(t.acquired);
    CHECK(t.lease.holder == "B");
    CHECK(t.lease.term > got.lease.term);
    CHECK(t.lease.leader->owner == "A"); // the predecessor's record, for the eligibility check
    CHECK_FALSE(a->renew(req, soon()).acquired);
    CHECK_FALSE(a->record(req, synchronous(""), soon()).acquired);
    // Once the row moved on, the old record no longer lets anyone take it over again.
    CHECK_FALSE(ls.service()->take_over_as_standby(lease("L", "C"), "node2", soon()).acquired);
  }
}
