// Wall time and child processes per call of expgsql next to the stock ocf:heartbeat:pgsql on
// the same primary + standby pair, and a bare libpq connect + query process as the floor.
// Prints a markdown table. Usage: bench_agent [RUNS] (default 20).

#include "common/model/attribute_names.hpp"
#include "common/model/data_status.hpp"
#include "tests/agent/agent_harness.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

namespace pgha::test {
// The fixture asks whether a test failed (to keep its data); a benchmark keeps nothing.
bool current_test_failed() {
  return false;
}
} // namespace pgha::test

using namespace pgha::test;
using namespace std::chrono_literals;

namespace {

struct Sample {
  double median_ms = 0;
  double min_ms = 0;
  double max_ms = 0;
  int processes = 0; // children created (fork/clone/vfork) during one call
  int rc = -1;
};

pgha::proc::Command command(const std::vector<std::string>& argv, const Env& env) {
  pgha::proc::Command cmd;
  cmd.argv = argv;
  for (const auto& [k, v] : env)
    cmd.env.emplace_back(k, v);
  cmd.deadline = pgha::Deadline::after(60s);
  return cmd;
}

// Children of one call, counted by strace over the whole process tree.
int count_children(const std::vector<std::string>& argv, const Env& env, const TempDir& dir) {
  auto out = dir.path() / "strace.txt";
  std::vector<std::string> traced = {
      "/usr/bin/strace", "-f", "-qq", "-o", out.string(), "-e", "trace=clone,clone3,fork,vfork"};
  traced.insert(traced.end(), argv.begin(), argv.end());
  pgha::proc::PosixRunner runner;
  runner.run(command(traced, env));
  std::ifstream in(out);
  std::string line;
  int n = 0;
  while (std::getline(in, line))
    if ((line.find("clone(") != std::string::npos || line.find("clone3(") != std::string::npos ||
         line.find("fork(") != std::string::npos) &&
        line.find("= -1") == std::string::npos && line.find("resumed>") == std::string::npos)
      ++n;
  return n;
}

Sample measure(const std::vector<std::string>& argv, const Env& env, int runs, const TempDir& dir) {
  pgha::proc::PosixRunner runner;
  std::vector<double> ms;
  Sample s;
  for (int i = 0; i < runs; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    auto r = runner.run(command(argv, env));
    auto t1 = std::chrono::steady_clock::now();
    s.rc = r.exit_code;
    ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  s.median_ms = ms[ms.size() / 2];
  s.min_ms = ms.front();
  s.max_ms = ms.back();
  s.processes = count_children(argv, env, dir);
  return s;
}

// The stock agent in non-replication mode, with every Debian trap avoided (explicit binaries,
// data dir and tmpdir).
Env stock_env(const PgServer& pg, const TempDir& dir) {
  auto bindir = pg_bindir();
  return {{"OCF_ROOT", "/usr/lib/ocf"},
          {"OCF_RESOURCE_INSTANCE", "stock"},
          {"OCF_RESKEY_pgctl", (bindir / "pg_ctl").string()},
          {"OCF_RESKEY_psql", (bindir / "psql").string()},
          {"OCF_RESKEY_pgdata", pg.datadir().string()},
          {"OCF_RESKEY_pgport", std::to_string(pg.port())},
          {"OCF_RESKEY_socketdir", pg.socket_dir().string()},
          {"OCF_RESKEY_pgdba", "postgres"},
          {"OCF_RESKEY_tmpdir", (dir.path() / "stock-tmp").string()},
          {"OCF_RESKEY_logfile", pg.log_file().string()},
          {"OCF_RESKEY_rep_mode", "none"},
          {"OCF_RESKEY_CRM_meta_timeout", "20000"},
          {"OCF_RESKEY_CRM_meta_interval", "10000"},
          {"HA_LOGFACILITY", "none"},
          {"HA_LOGFILE", (dir.path() / "stock.log").string()}};
}

// The stock agent as the sync-replication primary of the same pair: what expgsql's primary
// monitor is compared with on equal terms. It names its own node with `crm_node -n` (this
// machine's host name off-cluster), so it gets a CIB file of its own with that node and
// node2. Its validation appends include lines to the postgresql.conf it is given, so it gets
// a copy (the server keeps its own file).
Env stock_sync_primary_env(const PgServer& pg, const CibSandbox& cib, const std::string& me,
                           const TempDir& dir) {
  auto env = stock_env(pg, dir);
  auto copy = dir.path() / "stock-primary.conf";
  std::filesystem::copy_file(pg.datadir() / "postgresql.conf", copy,
                             std::filesystem::copy_options::overwrite_existing);
  chown_to(copy, "postgres");
  env["OCF_RESKEY_config"] = copy.string();
  env["OCF_RESKEY_rep_mode"] = "sync";
  env["OCF_RESKEY_node_list"] = me + " node2";
  env["OCF_RESKEY_master_ip"] = "127.0.0.1";
  env["OCF_RESKEY_CRM_meta_promotable"] = "true";
  env["OCF_RESKEY_CRM_meta_clone_max"] = "2";
  env["OCF_RESKEY_CRM_meta_notify"] = "true";
  env["HA_SBIN_DIR"] = "/usr/sbin";
  env["CIB_file"] = cib.file().string();
  return env;
}

// The stock agent as the sync-replication standby of the same pair, in its steady state: the
// CIB file it reads shows the clone promoted on the other node (otherwise it runs its
// election path) and its own data status as the primary's monitor records it. crm_mon names
// the clone's instance after the CIB's primitive, so the stock agent runs as that instance.
Env stock_sync_standby_env(const PgServer& pg, const CibSandbox& cib, const std::string& me,
                           const TempDir& dir) {
  auto env = stock_sync_primary_env(pg, cib, me, dir);
  auto copy = dir.path() / "stock-standby.conf";
  std::filesystem::copy_file(pg.datadir() / "postgresql.conf", copy,
                             std::filesystem::copy_options::overwrite_existing);
  chown_to(copy, "postgres");
  env["OCF_RESKEY_config"] = copy.string();
  env["OCF_RESOURCE_INSTANCE"] = k_rsc;
  return env;
}

std::string row(const std::string& call, const Sample& s) {
  return fmt::format("| {} | {:.1f} ({:.1f}–{:.1f}) | {} | {} |", call, s.median_ms, s.min_ms,
                     s.max_ms, s.processes, s.rc);
}

} // namespace

int main(int argc, char** argv) {
  int runs = argc > 1 ? std::max(3, std::atoi(argv[1])) : 20;
  TempDir dir("bench-agent");
  Pair pair("sync");
  std::filesystem::create_directories(dir.path() / "stock-tmp");
  chown_to(dir.path() / "stock-tmp", "postgres");
  auto agent = expgsql_binary();
  // Quiet logging as in production (a file, no debug).
  for (Env* e : {&pair.env1, &pair.env2}) {
    e->erase("HA_debug");
    e->erase("HA_DEBUGLOG");
  }
  if (run_agent("start", pair.env2).rc != 0) {
    std::fputs("cannot start the standby\n", stderr);
    return 1;
  }
  // Settle the bookkeeping so the measured monitors change no attribute.
  for (int i = 0; i < 50; ++i) {
    run_agent("monitor", pair.env1);
    run_agent("monitor", pair.env2);
    if (pair.cib.score("node2") == "100")
      break;
    std::this_thread::sleep_for(100ms);
  }
  run_agent("monitor", pair.env1);
  run_agent("monitor", pair.env2);

  char host_buf[256] = {};
  ::gethostname(host_buf, sizeof host_buf - 1);
  const std::string host = host_buf;
  CibSandbox stock_cib({host, "node2"});
  CibSandbox stock_standby_cib({host, "node2"});
  stock_standby_cib.set_promoted("node2", true);
  stock_standby_cib.set_node_attr(
      host, pgha::model::attribute_names(k_rsc).data_status,
      pgha::model::to_string(pgha::model::DataStatus::replication(
          pgha::model::SenderState::streaming, pgha::model::SyncState::sync)),
      std::string(pgha::model::to_string(pgha::model::Lifetime::forever)));
  std::string probe = std::string(PGHA_BENCH_DIR) + "/libpq_probe";
  const std::string stock = "/usr/lib/ocf/resource.d/heartbeat/pgsql";
  std::vector<std::string> lines = {
      fmt::format("runs per call: {}; wall ms median (min–max), child processes per call", runs),
      "",
      "| call | ms | processes | rc |",
      "|---|---|---|---|",
      row("a process that does nothing (/bin/true): the floor",
          measure({"/bin/true"}, {}, runs, dir)),
      row("libpq connect + query, primary (own process)",
          measure({probe, pair.primary->conninfo()}, {}, runs, dir)),
      row("libpq connect + query, standby (own process)",
          measure({probe, pair.standby->conninfo()}, {}, runs, dir)),
      row("expgsql monitor, primary", measure({agent, "monitor"}, pair.env1, runs, dir)),
      row("expgsql monitor, standby", measure({agent, "monitor"}, pair.env2, runs, dir)),
      row("expgsql meta-data", measure({agent, "meta-data"}, {}, runs, dir)),
      row("expgsql validate-all", measure({agent, "validate-all"}, pair.env1, runs, dir)),
      row("stock pgsql monitor, primary (rep_mode=none)",
          measure({stock, "monitor"}, stock_env(*pair.primary, dir), runs, dir)),
      row("stock pgsql monitor, standby (rep_mode=none)",
          measure({stock, "monitor"}, stock_env(*pair.standby, dir), runs, dir)),
      row("stock pgsql meta-data",
          measure({stock, "meta-data"}, stock_env(*pair.primary, dir), runs, dir)),
      row("stock pgsql validate-all",
          measure({stock, "validate-all"}, stock_env(*pair.primary, dir), runs, dir)),
      row("stock pgsql monitor, primary (rep_mode=sync)",
          measure({stock, "monitor"}, stock_sync_primary_env(*pair.primary, stock_cib, host, dir),
                  runs, dir)),
      row("stock pgsql monitor, standby (rep_mode=sync)",
          measure({stock, "monitor"},
                  stock_sync_standby_env(*pair.standby, stock_standby_cib, host, dir), runs, dir)),
  };
  for (const auto& l : lines)
    std::puts(l.c_str());
  // A stock call that warned (a failed crm_attribute, say) did not do the steady-state work.
  std::ifstream stock_log(dir.path() / "stock.log");
  int warnings = 0;
  for (std::string line; std::getline(stock_log, line);)
    if (line.find("WARNING:") != std::string::npos || line.find("ERROR:") != std::string::npos)
      ++warnings;
  std::printf("\nstock agent log: %d warning or error lines\n", warnings);
  run_agent("stop", pair.env2);
  return 0;
}
