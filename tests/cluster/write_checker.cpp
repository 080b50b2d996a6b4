// pgha_write_checker: the client of the cluster scenarios.
//
//   prepare --host H                      create and empty the check tables (through the VIP)
//   run --vip H --node NAME=H... --out DIR --stop-file F [--fault-file F] [--max-seconds N]
//       commits numbered rows through the VIP, one at a time, each with a hard deadline, and
//       writes to each node's own address; stops when the stop file appears
//   verify --host H --out DIR             every acknowledged row must be on H (the primary)
//
// DIR receives events.tsv (every attempt), acked.txt (acknowledged ids) and summary.txt
// (key=value: acked, uncertain, failed, rto_ms, max_gap_ms, two_primary_windows, lost, ...).
// A commit that timed out or lost its connection is uncertain, never acknowledged.
#include "tests/cluster/pq_deadline.hpp"
#include "tests/cluster/write_analysis.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;
using namespace pgha::cluster_test;

namespace {

std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string conninfo_for(const std::string& host, int connect_s) {
  return "host=" + host + " port=5432 dbname=postgres user=postgres application_name=pgha_checker" +
         " connect_timeout=" + std::to_string(connect_s);
}

struct Options {
  std::string vip;
  std::vector<std::pair<std::string, std::string>> nodes; // name, host
  fs::path out;
  fs::path stop_file;
  fs::path fault_file;
  int max_seconds = 600;
  int op_timeout_ms = 2000;
  int connect_timeout_ms = 0; // 0: the operation's timeout
  int probe_interval_ms = 100;
  std::string host;
};

[[noreturn]] void usage_error(const std::string& msg) {
  std::cerr << "pgha_write_checker: error: " << msg << "\n"
            << "usage: pgha_write_checker prepare --host H | run --vip H --node NAME=H ... "
               "--out DIR --stop-file F [--fault-file F] [--max-seconds N] [--op-timeout-ms N]"
               " [--connect-timeout-ms N] | verify --host H --out DIR\n";
  std::exit(2);
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc)
        usage_error("option '" + a + "' needs a value");
      return argv[++i];
    };
    if (a == "--vip")
      o.vip = value();
    else if (a == "--host")
      o.host = value();
    else if (a == "--out")
      o.out = value();
    else if (a == "--stop-file")
      o.stop_file = value();
    else if (a == "--fault-file")
      o.fault_file = value();
    else if (a == "--max-seconds")
      o.max_seconds = std::stoi(value());
    else if (a == "--op-timeout-ms")
      o.op_timeout_ms = std::stoi(value());
    else if (a == "--connect-timeout-ms")
      o.connect_timeout_ms = std::stoi(value());
    else if (a == "--probe-interval-ms")
      o.probe_interval_ms = std::stoi(value());
    else if (a == "--node") {
      std::string v = value();
      auto eq = v.find('=');
      if (eq == std::string::npos || eq == 0)
        usage_error("--node wants NAME=HOST");
      o.nodes.emplace_back(v.substr(0, eq), v.substr(eq + 1));
    } else
      usage_error("unknown option '" + a + "'");
  }
  return o;
}

const char* outcome_name(Outcome o) {
  switch (o) {
  case Outcome::ok:
    return "ack";
  case Outcome::failed:
    return "failed";
  case Outcome::uncertain:
    return "uncertain";
  }
  return "?";
}

// Serialises the event log and the acknowledged-id file between threads.
class Recorder {
 public:
  explicit Recorder(const fs::path& dir)
      : m_events(dir / "events.tsv", std::ios::app), m_acked(dir / "acked.txt", std::ios::app) {
    if (!m_events || !m_acked)
      throw std::runtime_error("cannot write to " + dir.string());
  }
  void record(const std::string& target, std::int64_t id, std::int64_t start, std::int64_t end,
              const StatementResult& r) {
    std::lock_guard lock(m_mutex);
    long tli = 0;
    if (r.outcome == Outcome::ok && r.row.size() >= 1)
      tli = std::strtol(r.row[0].c_str(), nullptr, 16);
    m_events << start << '\t' << end << '\t' << target << '\t' << id << '\t'
             << outcome_name(r.outcome) << '\t' << tli << '\t' << r.detail << '\n';
    m_events.flush();
    if (r.outcome == Outcome::ok) {
      Ack a{start, end, target, tli};
      if (target == "vip") {
        m_acked << id << '\n';
        m_acked.flush();
        m_vip_acks.push_back(a);
      } else {
        m_node_acks.push_back(a);
      }
    }
    ++m_counts[target + "." + outcome_name(r.outcome)];
  }
  std::vector<Ack> vip_acks() {
    std::lock_guard l(m_mutex);
    return m_vip_acks;
  }
  std::vector<Ack> node_acks() {
    std::lock_guard l(m_mutex);
    return m_node_acks;
  }
  long count(const std::string& key) {
    std::lock_guard l(m_mutex);
    return m_counts[key];
  }

 private:
  std::mutex m_mutex;
  std::ofstream m_events, m_acked;
  std::vector<Ack> m_vip_acks, m_node_acks;
  std::map<std::string, long> m_counts;
};

// The timeline of the WAL insert position proves the server is a primary and which history.
const std::string k_insert_vip = "INSERT INTO pgha_check(id) VALUES ($1::bigint) "
                                 "RETURNING substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8)";
const std::string k_insert_probe = "INSERT INTO pgha_probe(node, seq) VALUES ($1, $2::bigint) "
                                   "RETURNING substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8)";

int cmd_prepare(const Options& o) {
  if (o.host.empty())
    usage_error("prepare needs --host");
  DeadlineConnection c(conninfo_for(o.host, 5));
  auto deadline = Clock::now() + std::chrono::seconds(30);
  for (const char* sql :
       {"CREATE TABLE IF NOT EXISTS pgha_check(id bigint PRIMARY KEY, "
        "at timestamptz NOT NULL DEFAULT clock_timestamp())",
        "CREATE TABLE IF NOT EXISTS pgha_probe(node text NOT NULL, seq bigint NOT NULL, "
        "at timestamptz NOT NULL DEFAULT clock_timestamp())",
        "TRUNCATE pgha_check, pgha_probe"}) {
    auto r = c.exec(sql, {}, deadline);
    if (r.outcome != Outcome::ok) {
      std::cerr << "pgha_write_checker: error: prepare on " << o.host << ": " << r.detail << "\n";
      return 1;
    }
  }
  return 0;
}

int cmd_run(const Options& o) {
  if (o.vip.empty() || o.out.empty() || o.stop_file.empty())
    usage_error("run needs --vip, --out, --stop-file");
  fs::create_directories(o.out);
  Recorder rec(o.out);
  std::atomic<bool> stop{false};
  auto op = std::chrono::milliseconds(o.op_timeout_ms);
  auto connect_timeout =
      o.connect_timeout_ms > 0 ? std::chrono::milliseconds(o.connect_timeout_ms) : op;
  auto end_at = Clock::now() + std::chrono::seconds(o.max_seconds);

  std::vector<std::jthread> probes;
  for (const auto& [name, host] : o.nodes) {
    probes.emplace_back([&, name = name, host = host] {
      // Short connect timeout: a node that does not answer must not hide a two-primary window
      // on another node for long.
      DeadlineConnection c(conninfo_for(host, 1));
      std::int64_t seq = 0;
      while (!stop.load()) {
        auto t0 = Clock::now();
        std::int64_t s = wall_ms();
        auto r = c.exec(k_insert_probe, {name, std::to_string(++seq)}, Clock::now() + op);
        rec.record(name, seq, s, wall_ms(), r);
        std::this_thread::sleep_until(t0 + std::chrono::milliseconds(o.probe_interval_ms));
      }
    });
  }

  DeadlineConnection vip(conninfo_for(o.vip, 1));
  std::int64_t id = 0;
  while (!fs::exists(o.stop_file) && Clock::now() < end_at) {
    std::int64_t s = wall_ms();
    auto t0 = Clock::now();
    // A connection attempt made while the VIP is nowhere gets no answer at all; the connect
    // timeout bounds how late the first commit after the VIP's move can be seen.
    auto r = vip.exec(k_insert_vip, {std::to_string(++id)}, Clock::now() + op,
                      Clock::now() + connect_timeout);
    rec.record("vip", id, s, wall_ms(), r);
    // After a failure, pace reconnects instead of spinning on a refused port.
    if (r.outcome != Outcome::ok)
      std::this_thread::sleep_until(t0 + std::chrono::milliseconds(50));
  }
  stop = true;
  probes.clear();

  auto vip_acks = rec.vip_acks();
  std::int64_t fault_ms = -1;
  if (!o.fault_file.empty() && fs::exists(o.fault_file)) {
    std::ifstream f(o.fault_file);
    f >> fault_ms;
  }
  auto tp = two_primaries(rec.node_acks());
  std::ofstream sum(o.out / "summary.txt", std::ios::app);
  sum << "acked=" << rec.count("vip.ack") << "\nuncertain=" << rec.count("vip.uncertain")
      << "\nfailed=" << rec.count("vip.failed") << "\nlast_id=" << id << "\nfault_ms=" << fault_ms
      << "\nrto_ms=" << (fault_ms >= 0 ? recovery_ms(vip_acks, fault_ms) : -1)
      << "\nmax_gap_ms=" << longest_gap_ms(vip_acks) << "\ntwo_primary_windows=" << tp.windows
      << "\ntwo_primary_ms=" << tp.total_ms << "\n";
  for (const auto& [name, host] : o.nodes) {
    sum << "probe_acked_" << name << "=" << rec.count(name + ".ack") << "\n";
  }
  for (const auto& e : tp.examples)
    std::cerr << "pgha_write_checker: two primaries: " << e << "\n";
  if (!sum) {
    std::cerr << "pgha_write_checker: error: cannot write summary\n";
    return 1;
  }
  return 0;
}

int cmd_verify(const Options& o) {
  if (o.host.empty() || o.out.empty())
    usage_error("verify needs --host and --out");
  std::ifstream in(o.out / "acked.txt");
  if (!in) {
    std::cerr << "pgha_write_checker: error: no acked.txt in " << o.out << "\n";
    return 1;
  }
  std::ostringstream arr;
  arr << '{';
  std::string line;
  long n = 0;
  while (std::getline(in, line)) {
    if (line.empty())
      continue;
    arr << (n++ ? "," : "") << line;
  }
  arr << '}';
  DeadlineConnection c(conninfo_for(o.host, 5));
  auto deadline = Clock::now() + std::chrono::seconds(60);
  auto r = c.exec(
      "SELECT NOT pg_is_in_recovery(), count(*), coalesce(string_agg(x::text, ',' ORDER BY x), '') "
      "FROM unnest($1::bigint[]) AS x WHERE NOT EXISTS (SELECT 1 FROM pgha_check WHERE id = x)",
      {arr.str()}, deadline);
  if (r.outcome != Outcome::ok || r.row.size() != 3) {
    std::cerr << "pgha_write_checker: error: verify on " << o.host << ": " << r.detail << "\n";
    return 1;
  }
  std::string lost_ids = r.row[2];
  if (lost_ids.size() > 400)
    lost_ids = lost_ids.substr(0, 400) + "...";
  std::ofstream sum(o.out / "summary.txt", std::ios::app);
  sum << "verified_acked=" << n << "\nverified_on_primary=" << (r.row[0] == "t" ? 1 : 0)
      << "\nlost=" << r.row[1] << "\nlost_ids=" << lost_ids << "\n";
  std::cout << "acknowledged " << n << ", lost " << r.row[1] << " (checked on " << o.host
            << (r.row[0] == "t" ? ", a primary" : ", NOT a primary") << ")\n";
  return sum ? 0 : 1;
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 2)
    usage_error("missing command");
  std::string cmd = argv[1];
  try {
    Options o = parse(argc, argv);
    if (cmd == "prepare")
      return cmd_prepare(o);
    if (cmd == "run")
      return cmd_run(o);
    if (cmd == "verify")
      return cmd_verify(o);
  } catch (const std::exception& e) {
    std::cerr << "pgha_write_checker: error: " << e.what() << "\n";
    return 1;
  }
  usage_error("unknown command '" + cmd + "'");
}
