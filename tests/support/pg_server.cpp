#include "tests/support/pg_server.hpp"

#include "common/proc/runner.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <thread>

namespace pgha::test {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

fs::path pg_bindir() {
  const char* env = std::getenv("PGHA_PG_BINDIR");
  fs::path dir = env != nullptr ? fs::path(env) : fs::path("/usr/lib/postgresql/15/bin");
  if (!fs::exists(dir / "initdb"))
    throw std::runtime_error("test prerequisite missing: no initdb in \"" + dir.string() +
                             "\" (install postgresql-15 or set PGHA_PG_BINDIR)");
  return dir;
}

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
    throw std::runtime_error("cannot find a free loopback port");
  ::close(fd);
  return ntohs(addr.sin_port);
}

namespace {

proc::Result run_pg(const std::vector<std::string>& argv, std::chrono::seconds budget = 120s) {
  proc::PosixRunner runner;
  proc::Command cmd;
  cmd.argv = argv;
  cmd.run_as = "postgres";
  cmd.cwd = "/tmp";
  cmd.env = {{"LC_ALL", "C"}};
  cmd.deadline = Deadline::after(budget);
  auto r = runner.run(cmd);
  if (!r.ok())
    throw std::runtime_error(
        fmt::format("\"{}\" failed ({}): {}{}", argv[0], proc::describe(r), r.err, r.out));
  return r;
}

std::string bin(const std::string& name) {
  return (pg_bindir() / name).string();
}

} // namespace

PgServer::PgServer(PgServerOptions options) : m_dir(options.tag, "postgres"), m_port(free_port()) {
  initdb();
  write_base_conf(options.conf);
  if (options.start)
    start();
}

PgServer::PgServer(Existing, const std::string& tag)
    : m_dir(tag, "postgres"), m_port(free_port()) {}

PgServer::~PgServer() {
  try {
    if (running())
      stop("immediate");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cannot stop test server in %s: %s\n", base().c_str(), e.what());
    if (int pid = postmaster_pid(); pid > 0)
      ::kill(pid, SIGKILL);
  }
}

void PgServer::initdb() {
  run_pg({bin("initdb"), "-D", datadir().string(), "-U", "postgres", "--auth=trust", "--no-sync",
          "-E", "UTF8", "--locale=C"});
}

void PgServer::write_base_conf(const std::vector<std::string>& extra) {
  std::vector<std::string> lines = {
      "listen_addresses = '127.0.0.1'",
      fmt::format("port = {}", m_port),
      fmt::format("unix_socket_directories = '{}'", socket_dir().string()),
      "fsync = off",
      "synchronous_commit = on",
      "wal_level = replica",
      "max_wal_senders = 10",
      "max_replication_slots = 10",
      "hot_standby = on",
      "wal_keep_size = '128MB'",
      "wal_log_hints = on",
      "shared_buffers = '16MB'",
      "max_connections = 40",
      "log_line_prefix = '%m [%p] %q%u@%d '",
  };
  lines.insert(lines.end(), extra.begin(), extra.end());
  append_conf(lines);
}

void PgServer::append_conf(const std::vector<std::string>& lines) {
  std::ofstream conf(datadir() / "postgresql.conf", std::ios::app);
  conf << "\n# added by the pgha test fixture\n";
  for (const auto& l : lines)
    conf << l << "\n";
}

std::unique_ptr<PgServer> PgServer::standby_of(PgServer& primary, const std::string& tag,
                                               bool start) {
  std::unique_ptr<PgServer> s(new PgServer(Existing{}, tag));
  if (fs::exists(pg_bindir() / "pg_basebackup")) {
    run_pg({bin("pg_basebackup"), "-h", "127.0.0.1", "-p", std::to_string(primary.port()), "-U",
            "postgres", "-D", s->datadir().string(), "-R", "-X", "stream", "-c", "fast",
            "--no-sync"},
           120s);
  } else {
    bool was_running = primary.running();
    if (was_running)
      primary.stop("fast");
    run_pg({"cp", "-a", "--", primary.datadir().string(), s->datadir().string()});
    if (was_running)
      primary.start();
    // Slots are the primary's own: a base backup never carries them.
    for (const auto& entry : fs::directory_iterator(s->datadir() / "pg_replslot"))
      fs::remove_all(entry.path());
    run_pg({"touch", (s->datadir() / "standby.signal").string()});
    std::ofstream(s->datadir() / "postgresql.auto.conf", std::ios::app) << fmt::format(
        "primary_conninfo = 'user=postgres host=127.0.0.1 port={}'\n", primary.port());
  }
  s->append_conf({fmt::format("port = {}", s->port()),
                  fmt::format("unix_socket_directories = '{}'", s->socket_dir().string())});
  if (start)
    s->start();
  return s;
}

int PgServer::major() const {
  std::ifstream in(datadir() / "PG_VERSION");
  int major = 0;
  if (!(in >> major))
    throw std::runtime_error("cannot read " + (datadir() / "PG_VERSION").string());
  return major;
}

std::string PgServer::conninfo(const std::string& dbname) const {
  return fmt::format("host=127.0.0.1 port={} user=postgres dbname={} connect_timeout=5", m_port,
                     dbname);
}

void PgServer::start() {
  run_pg({bin("pg_ctl"), "-D", datadir().string(), "-l", log_file().string(), "-w", "-t", "60",
          "start"},
         70s);
}

void PgServer::stop(const std::string& mode) {
  int pid = postmaster_pid();
  run_pg({bin("pg_ctl"), "-D", datadir().string(), "-m", mode, "-w", "-t", "60", "stop"}, 70s);
  // pg_ctl can return just before the postmaster has exited: wait for the process itself.
  auto deadline = Deadline::after(30s);
  while (pid > 0 && ::kill(pid, 0) == 0 && !deadline.expired())
    std::this_thread::sleep_for(10ms);
}

void PgServer::kill9() {
  int pid = postmaster_pid();
  if (pid <= 0)
    throw std::runtime_error("no postmaster to kill in " + datadir().string());
  ::kill(pid, SIGKILL);
  auto deadline = Deadline::after(10s);
  while (::kill(pid, 0) == 0 && !deadline.expired())
    std::this_thread::sleep_for(10ms);
}

int PgServer::postmaster_pid() const {
  std::ifstream f(datadir() / "postmaster.pid");
  int pid = 0;
  if (!(f >> pid))
    return 0;
  return pid;
}

bool PgServer::running() const {
  int pid = postmaster_pid();
  return pid > 0 && ::kill(pid, 0) == 0;
}

std::string PgServer::query(const std::string& sql, const std::string& dbname) const {
  return query_params(sql, {}, dbname);
}

std::string PgServer::query_params(const std::string& sql, const std::vector<std::string>& params,
                                   const std::string& dbname) const {
  PGconn* conn = PQconnectdb(conninfo(dbname).c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(conn);
    PQfinish(conn);
    throw std::runtime_error("test query: cannot connect: " + msg);
  }
  std::vector<const char*> values;
  for (const auto& p : params)
    values.push_back(p.c_str());
  PGresult* res = PQexecParams(conn, sql.c_str(), static_cast<int>(values.size()), nullptr,
                               values.data(), nullptr, nullptr, 0);
  auto status = PQresultStatus(res);
  std::string out;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    std::string msg = PQerrorMessage(conn);
    PQclear(res);
    PQfinish(conn);
    throw std::runtime_error("test query failed: " + msg);
  }
  if (status == PGRES_TUPLES_OK && PQntuples(res) > 0 && !PQgetisnull(res, 0, 0))
    out = PQgetvalue(res, 0, 0);
  PQclear(res);
  PQfinish(conn);
  return out;
}

} // namespace pgha::test
