// Integration: mutual exclusion under contention. Many contenders race for one short lease;
// every holder records the server-time interval of each lease it got. No two owners may be
// valid at the same server instant, and no holder may still act (local deadline) after the
// next one got the lock.

#include "tests/distlock/lock_fixture.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <random>
#include <thread>

using namespace pgha::distlock;
using pgha::Deadline;
using pgha::test::LockServer;
using std::chrono::milliseconds;

namespace {

struct Hold {
  std::string owner;
  std::int64_t term = 0;
  ServerTime from{};
  ServerTime until{};                    // lease end, or the release's server time
  Deadline::Clock::time_point got_at{};  // local: answer received
  Deadline::Clock::time_point stop_at{}; // local: the holder's local deadline (or release)
};

} // namespace

TEST_CASE("at most one valid owner at any server time under contention") {
  LockServer ls;
  constexpr int k_contenders = 10;
  constexpr milliseconds k_ttl{150};
  std::mutex mu;
  std::vector<Hold> holds;
  std::atomic<int> changes{0};
  std::vector<std::string> errors;
  std::atomic<int> renew_term_changes{0};
  auto run_until = Deadline::after(std::chrono::seconds(60));
  std::vector<std::thread> threads;
  for (int i = 0; i < k_contenders; ++i) {
    threads.emplace_back([&, i] {
      auto service = ls.service();
      std::mt19937 rng(static_cast<unsigned>(i) * 7919u + 1);
      LeaseRequest req;
      req.lock.name = "contended";
      req.owner = "contender-" + std::to_string(i);
      req.ttl = k_ttl;
      req.safety_margin = milliseconds(30);
      while (!run_until.expired() && changes.load() < 40) {
        try {
          auto r = service->try_acquire(req, Deadline::after(std::chrono::seconds(10)));
          auto got = Deadline::Clock::now();
          if (!r.acquired) {
            std::this_thread::sleep_for(milliseconds(2 + rng() % 10)); // pacing, not waiting
            continue;
          }
          std::vector<Hold> mine{{req.owner, r.lease.term, r.lease.lease_start, r.lease.lease_end,
                                  got, r.local_deadline->at()}};
          // Renew a few times, then release or let the lease lapse.
          int renewals = static_cast<int>(rng() % 3);
          for (int k = 0; k < renewals; ++k) {
            std::this_thread::sleep_for(milliseconds(k_ttl / 3));
            auto n = service->renew(req, Deadline::after(std::chrono::seconds(10)));
            if (!n.acquired)
              break;
            if (n.lease.term != r.lease.term)
              ++renew_term_changes;
            mine.push_back({req.owner, n.lease.term, n.lease.lease_start, n.lease.lease_end,
                            Deadline::Clock::now(), n.local_deadline->at()});
          }
          bool release = rng() % 2 == 0;
          if (release) {
            // The holder stops acting before it sends the release.
            auto stop = Deadline::Clock::now();
            auto rel =
                service->release(req.lock, req.owner, Deadline::after(std::chrono::seconds(10)));
            if (rel.released) {
              for (auto& h : mine) {
                h.until = std::min(h.until, rel.lease.server_now);
                h.stop_at = std::min(h.stop_at, stop);
              }
            }
          }
          ++changes;
          {
            std::lock_guard<std::mutex> lock(mu);
            holds.insert(holds.end(), mine.begin(), mine.end());
          }
          // Give the others a chance (our own lapsed lease would be ours again at once).
          std::this_thread::sleep_for(release ? milliseconds(5) : k_ttl + milliseconds(20));
        } catch (const std::exception& e) {
          // Catch2 assertions are not thread-safe: collect, check after the join.
          std::lock_guard<std::mutex> lock(mu);
          errors.push_back("contender " + std::to_string(i) + ": " + e.what());
        }
      }
    });
  }
  for (auto& t : threads)
    t.join();
  for (const auto& e : errors)
    UNSCOPED_INFO(e);
  REQUIRE(errors.empty());
  CHECK(renew_term_changes.load() == 0);
  REQUIRE(changes.load() >= 40);

  // Server time: leases of different terms never overlap.
  std::sort(holds.begin(), holds.end(),
            [](const Hold& a, const Hold& b) { return a.from < b.from; });
  std::map<std::int64_t, std::string> owner_of_term;
  for (std::size_t i = 0; i < holds.size(); ++i) {
    auto [it, fresh] = owner_of_term.emplace(holds[i].term, holds[i].owner);
    CHECK(it->second == holds[i].owner); // one owner per term
    for (std::size_t j = i + 1; j < holds.size() && holds[j].from < holds[i].until; ++j) {
      INFO("term " << holds[i].term << " and term " << holds[j].term << " overlap");
      CHECK(holds[j].term == holds[i].term);
    }
  }
  // Local time: the next holder got its answer only after the previous one stopped acting.
  std::map<std::int64_t, Deadline::Clock::time_point> first_got;
  std::map<std::int64_t, Deadline::Clock::time_point> last_stop;
  for (const auto& h : holds) {
    if (!first_got.count(h.term) || h.got_at < first_got[h.term])
      first_got[h.term] = h.got_at;
    last_stop[h.term] = std::max(last_stop[h.term], h.stop_at);
  }
  std::int64_t prev = -1;
  for (const auto& [term, got] : first_got) { // ascending term = order of owner changes
    if (prev >= 0)
      CHECK(got >= last_stop[prev]);
    prev = term;
  }
  // Terms rise with server time; the history has each of them with its owner.
  std::int64_t last_term = 0;
  for (const auto& h : holds) {
    CHECK(h.term >= last_term);
    last_term = h.term;
  }
  CHECK(owner_of_term.size() >= 20); // many owner changes (a lapsed owner may win again)
  auto rows = ls.service()->history(LockId{"distlock", "contended"}, pgha::test::soon());
  std::map<std::int64_t, std::string> history_terms;
  for (const auto& r : rows)
    history_terms[r.term] = r.owner;
  CHECK(history_terms == owner_of_term);
  // History intervals (built by the server) do not overlap either, and no takeover happened
  // before the previous holder's last renewal ran out.
  for (std::size_t i = 1; i < rows.size(); ++i)
    CHECK(rows[i].held_from >= rows[i - 1].held_until);
  CHECK(ls.pg.query("select count(*) from (select owner, valid_until, lead(ts) over w nts, "
                    "lead(owner) over w nowner from distlock_history "
                    "where lockname = 'contended' window w as (order by term)) s "
                    "where owner <> '' and nowner <> '' and nts <= valid_until") == "0");
}
