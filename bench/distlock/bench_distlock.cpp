// distlock_bench: trylock / renew / unlock latency (p50/p95/p99) and sequential throughput
// through (1) the library with a kept connection, (2) the library connecting per call,
// (3) the distlock CLI (one process per operation), (4) the seed's method: one psql process
// running an interpolated UPDATE per operation. One run, one PostgreSQL started here.

#include "common/proc/runner.hpp"
#include "tests/support/pg_server.hpp"

#include <pgha/distlock/lock.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <vector>

namespace pgha::test {
// The fixture asks whether a test failed (to keep its data); a benchmark keeps nothing.
bool current_test_failed() {
  return false;
}
} // namespace pgha::test

namespace {

using namespace pgha::distlock;
using Clock = std::chrono::steady_clock;

struct Row {
  std::string method;
  std::string op;
  std::vector<double> ms; // one latency per operation
  double wall_s = 0;      // total time of the ops
};

double pct(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  auto i = static_cast<std::size_t>(p / 100.0 * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

// Run `cycles` of trylock, renew, unlock through the three functions; each must succeed.
void measure(std::vector<Row>& rows, const std::string& method, int cycles,
             const std::function<bool()>& trylock, const std::function<bool()>& renew,
             const std::function<bool()>& unlock) {
  Row t{method, "trylock", {}, 0}, r{method, "renew", {}, 0}, u{method, "unlock", {}, 0};
  auto timed = [](Row& row, const std::function<bool()>& f) {
    auto t0 = Clock::now();
    if (!f())
      throw std::runtime_error(fmt::format("{} {} did not succeed", row.method, row.op));
    double s = std::chrono::duration<double>(Clock::now() - t0).count();
    row.ms.push_back(s * 1000.0);
    row.wall_s += s;
  };
  for (int i = 0; i < cycles; ++i) {
    timed(t, trylock);
    timed(r, renew);
    timed(u, unlock);
  }
  rows.push_back(std::move(t));
  rows.push_back(std::move(r));
  rows.push_back(std::move(u));
}

pgha::proc::Result run(const std::vector<std::string>& argv) {
  pgha::proc::PosixRunner runner;
  pgha::proc::Command c;
  c.argv = argv;
  c.deadline = pgha::Deadline::after(std::chrono::seconds(30));
  return runner.run(c);
}

} // namespace

int main(int argc, char** argv) {
  int cycles = 300;
  int process_cycles = 50;
  std::string psql = "/usr/lib/postgresql/15/bin/psql";
  std::string distlock = std::string(PGHA_BINARY_DIR) + "/distlock/distlock";
  // --cycles N, --process-cycles N, --psql PATH, --distlock PATH
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string key = argv[i];
    std::string value = argv[i + 1];
    if (key == "--cycles")
      cycles = std::stoi(value);
    else if (key == "--process-cycles")
      process_cycles = std::stoi(value);
    else if (key == "--psql")
      psql = value;
    else if (key == "--distlock")
      distlock = value;
    else {
      fmt::print(stderr, "unknown option \"{}\"\n", key);
      return 2;
    }
  }
  if (cycles < 1 || process_cycles < 1) {
    fmt::print(stderr, "cycles must be positive\n");
    return 2;
  }

  pgha::test::PgServer pg(pgha::test::PgServerOptions{"distlock-bench", {}, true});
  auto conninfo = pg.conninfo();
  std::vector<std::string> sql;
  for (const auto& e : std::filesystem::directory_iterator(std::string(PGHA_SOURCE_DIR) + "/sql"))
    sql.push_back(e.path().string());
  std::sort(sql.begin(), sql.end());
  {
    PgOptions o;
    o.conninfo = conninfo;
    PgLockService(o).install(sql, pgha::Deadline::after(std::chrono::seconds(60)));
  }
  auto soon = [] { return pgha::Deadline::after(std::chrono::seconds(10)); };
  std::vector<Row> rows;

  for (bool reuse : {true, false}) {
    PgOptions o;
    o.conninfo = conninfo;
    o.reuse_connection = reuse;
    PgLockService s(o);
    LeaseRequest req;
    req.lock.name = reuse ? "bench_lib" : "bench_lib_connect";
    req.owner = "bench";
    req.ttl = std::chrono::seconds(9);
    measure(
        rows, reuse ? "library, kept connection" : "library, connect per call", cycles,
        [&] { return s.try_acquire(req, soon()).acquired; },
        [&] { return s.renew(req, soon()).acquired; },
        [&] { return s.release(req.lock, req.owner, soon()).released; });
  }

  auto cli = [&](std::vector<std::string> args) {
    std::vector<std::string> command{distlock, "-d", conninfo};
    command.insert(command.end(), args.begin(), args.end());
    auto r = run(command);
    return r.ok() && r.out == "1\n";
  };
  measure(
      rows, "distlock CLI process", process_cycles,
      [&] {
        return cli({"trylock", "bench_cli", "bench", "9"});
      },
      [&] {
        return cli({"renew", "bench_cli", "bench", "9"});
      },
      [&] {
        return cli({"unlock", "bench_cli", "bench"});
      });

  // The seed: values interpolated into the SQL text, result read from psql's command tag.
  // It never creates the row, and renews with the same statement as trylock.
  pg.query("insert into distlock (lockname, owner, ts, expired_time) "
           "values ('bench_seed', '', now(), interval '-1 second')");
  const std::string seed_try =
      "update distlock set owner='bench', ts=now(), expired_time=interval '9 second' "
      "where lockname='bench_seed' and (owner='bench' or owner='' or now() > ts+expired_time)";
  const std::string seed_unlock =
      "update distlock set owner='', ts=now(), expired_time=interval '-1 second' "
      "where lockname='bench_seed' and owner='bench'";
  auto seed = [&](const std::string& statement) {
    auto r = run({psql, conninfo, "-tA", "-c", statement});
    return r.ok() && r.out.find("UPDATE 1") != std::string::npos;
  };
  measure(
      rows, "seed: psql -c per operation", process_cycles, [&] { return seed(seed_try); },
      [&] { return seed(seed_try); }, [&] { return seed(seed_unlock); });

  fmt::print("| method | op | n | p50 ms | p95 ms | p99 ms | ops/s |\n");
  fmt::print("|---|---|---:|---:|---:|---:|---:|\n");
  for (const auto& r : rows)
    fmt::print("| {} | {} | {} | {:.2f} | {:.2f} | {:.2f} | {:.0f} |\n", r.method, r.op,
               r.ms.size(), pct(r.ms, 50), pct(r.ms, 95), pct(r.ms, 99),
               static_cast<double>(r.ms.size()) / r.wall_s);
  return 0;
}
