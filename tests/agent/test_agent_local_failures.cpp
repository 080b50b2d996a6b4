// Failures stay on their node, and nothing the agent does as root can be turned against it:
// stop with a broken configuration, a paused postmaster, a stale postmaster.pid naming an
// unrelated process, probes after the stop of crashed instances, a symlink planted in the data
// directory, validate-all as the single gate, Debian's default pg_hba.conf, and exit reasons
// that name the lock service's failure.

#include "tests/agent/agent_act.hpp"
#include "tests/agent/agent_harness.hpp"

#include <catch2/catch.hpp>

#include <pwd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <iterator>

using namespace pgha::test;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

Env probe(Env env) {
  env["OCF_RESKEY_CRM_meta_interval"] = "0";
  return env;
}

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_all(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

// A live process that is not a zombie.
bool alive(int pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line))
    return false;
  auto close = line.rfind(')');
  return close != std::string::npos && close + 2 < line.size() && line[close + 2] != 'Z';
}

// The live processes whose working directory is `dir` (a server's postmaster and children).
std::vector<int> processes_in(const fs::path& dir) {
  std::vector<int> out;
  auto want = fs::canonical(dir);
  for (const auto& e : fs::directory_iterator("/proc")) {
    auto name = e.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos)
      continue;
    std::error_code ec;
    auto cwd = fs::read_symlink(e.path() / "cwd", ec);
    if (!ec && cwd == want && alive(std::stoi(name)))
      out.push_back(std::stoi(name));
  }
  return out;
}

passwd postgres_user() {
  auto* pw = ::getpwnam("postgres");
  REQUIRE(pw != nullptr);
  return *pw;
}

// `sleep 300` running as postgres, killed (by its PID) and reaped when this goes away.
struct UnrelatedProcess {
  UnrelatedProcess() {
    auto pw = postgres_user();
    pid = ::fork();
    if (pid == 0) {
      if (::setgid(pw.pw_gid) != 0 || ::setuid(pw.pw_uid) != 0)
        ::_exit(126);
      ::execl("/bin/sleep", "sleep", "300", static_cast<char*>(nullptr));
      ::_exit(127);
    }
    REQUIRE(pid > 0);
  }
  ~UnrelatedProcess() {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
  }
  pid_t pid = -1;
};

std::string agent_log(const Env& env) {
  return read_all(env.at("HA_LOGFILE"));
}

const char* const k_debian_hba =
    "local   all             postgres                                peer\n"
    "local   all             all                                     peer\n"
    "host    all             all             127.0.0.1/32            scram-sha-256\n"
    "host    all             all             ::1/128                 scram-sha-256\n"
    "local   replication     all                                     peer\n"
    "host    replication     all             127.0.0.1/32            scram-sha-256\n"
    "host    replication     all             ::1/128                 scram-sha-256\n";

} // namespace

TEST_CASE("stop with a broken parameter and nothing running returns 0") {
  Pair pair;
  auto env = pair.env2;
  env["OCF_RESKEY_primary_conninfo_opt"] = "password=secret keepalives_idle=60";
  env["OCF_RESKEY_pgctl"] = "/nonexistent/bin/pg_ctl";
  env["OCF_RESKEY_node_list"] = "Node1 node2";
  env["OCF_RESKEY_enable_distlock"] = "true"; // without distlock_conninfo
  CHECK(act("validate-all", env).rc == 6);
  CHECK(act("stop", env).rc == 0);
  CHECK(act("stop", env).rc == 0);
  CHECK(act("monitor", probe(pair.env2)).rc == 7);
  SECTION("and a running standby is stopped with the same broken parameters (no pg_ctl)") {
    REQUIRE(act("start", pair.env2).rc == 0);
    REQUIRE(pair.standby->running());
    auto r = act("stop", env);
    CHECK(r.rc == 0);
    CHECK(processes_in(pair.standby->datadir()).empty());
    CHECK(act("monitor", probe(pair.env2)).rc == 7);
    CHECK(agent_log(env).find("ignored by stop") != std::string::npos);
  }
}

TEST_CASE("stop of a SIGSTOPped postmaster escalates to SIGKILL within the timeout") {
  Pair pair;
  int pid = pair.primary->postmaster_pid();
  REQUIRE(pid > 0);
  REQUIRE(::kill(pid, SIGSTOP) == 0);
  auto env = pair.env1;
  env["OCF_RESKEY_CRM_meta_timeout"] = "20000";
  env["OCF_RESKEY_stop_escalate"] = "2";
  auto r = act("stop", env);
  CHECK(r.rc == 0);
  CHECK(r.duration < 20000ms);
  CHECK_FALSE(alive(pid));
  CHECK(processes_in(pair.primary->datadir()).empty());
  CHECK(agent_log(env).find("SIGKILL") != std::string::npos);
  // Killed as a primary: the control data says "in production", the probe after the stop 7.
  CHECK(act("monitor", probe(pair.env1)).rc == 7);
}

TEST_CASE("a stale postmaster.pid naming an unrelated postgres process: untouched, stop 0, "
          "start works") {
  Pair pair;
  REQUIRE_FALSE(pair.standby->running());
  UnrelatedProcess sleeper;
  auto pw = postgres_user();
  auto pidfile = pair.standby->datadir() / "postmaster.pid";
  write_all(pidfile, std::to_string(sleeper.pid) + "\n" + pair.standby->datadir().string() +
                         "\n1700000000\n" + std::to_string(pair.standby->port()) + "\n" +
                         pair.standby->socket_dir().string() + "\n127.0.0.1\n  5432001    12\n" +
                         "ready   \n");
  REQUIRE(::chown(pidfile.c_str(), pw.pw_uid, pw.pw_gid) == 0);
  REQUIRE(alive(sleeper.pid));

  CHECK(act("monitor", probe(pair.env2)).rc == 7);
  CHECK(act("status", pair.env2).rc == 7);
  CHECK(act("stop", pair.env2).rc == 0);
  CHECK(alive(sleeper.pid));
  CHECK(act("start", pair.env2).rc == 0);
  CHECK(alive(sleeper.pid));
  CHECK(pair.standby->query("select pg_is_in_recovery()") == "t");
  CHECK(act("monitor", pair.env2).rc == 0);
  CHECK(act("stop", pair.env2).rc == 0);
  CHECK(alive(sleeper.pid));
}

TEST_CASE("the probe after the stop of a crashed primary says 7") {
  Pair pair;
  pair.primary->kill9();
  REQUIRE(act("monitor", probe(pair.env1)).rc == 9);
  CHECK(act("stop", pair.env1).rc == 0);
  CHECK(act("monitor", probe(pair.env1)).rc == 7);
  CHECK(act("monitor", pair.env1).rc == 7);
  CHECK(act("stop", pair.env1).rc == 0);
}

TEST_CASE("the probe after the stop of a crashed standby says 7, and it starts again") {
  Pair pair;
  REQUIRE(act("start", pair.env2).rc == 0);
  pair.standby->kill9();
  CHECK(act("monitor", probe(pair.env2)).rc == 1); // "in archive recovery", no postmaster
  CHECK(act("stop", pair.env2).rc == 0);
  CHECK(act("monitor", probe(pair.env2)).rc == 7);
  CHECK(act("start", pair.env2).rc == 0);
  CHECK(act("monitor", pair.env2).rc == 0);
}

TEST_CASE("a symlink planted in the data directory does not redirect what root writes") {
  Pair pair;
  auto datadir = pair.standby->datadir();
  auto target = pair.standby->base() / "outside.conf"; // not in the data directory
  write_all(target, "precious\n");
  REQUIRE(::chown(target.c_str(), 0, 0) == 0);
  REQUIRE(::chmod(target.c_str(), 0644) == 0);
  SECTION("at the temporary names") {
    fs::create_symlink(target, datadir / "postgresql.auto.conf.pgha-tmp");
    fs::create_symlink(target, datadir / "standby.signal.pgha-tmp");
  }
  SECTION("at the file itself") {
    fs::remove(datadir / "postgresql.auto.conf");
    fs::create_symlink(target, datadir / "postgresql.auto.conf");
  }
  CHECK(act("start", pair.env2).rc == 0);
  CHECK(read_all(target) == "precious\n");
  struct stat st {};
  REQUIRE(::stat(target.c_str(), &st) == 0);
  CHECK(st.st_uid == 0);
  CHECK((st.st_mode & 07777) == 0644);
  auto pw = postgres_user();
  REQUIRE(::lstat((datadir / "postgresql.auto.conf").c_str(), &st) == 0);
  CHECK(S_ISREG(st.st_mode));
  CHECK(st.st_uid == pw.pw_uid);
  CHECK_FALSE(fs::exists(fs::symlink_status(datadir / "postgresql.auto.conf.pgha-tmp")));
  CHECK(pair.standby->query("select pg_is_in_recovery()") == "t");
}

TEST_CASE("validate-all refuses every value start would refuse, with the same reason") {
  Pair pair;
  struct Row {
    std::map<std::string, std::string> set;
    std::string reason;
  };
  const std::map<std::string, std::string> lock = {
      {"OCF_RESKEY_enable_distlock", "true"},
      {"OCF_RESKEY_distlock_conninfo", "host=127.0.0.1 port=1 dbname=pgha"}};
  auto with_lock = [&](std::map<std::string, std::string> m) {
    m.insert(lock.begin(), lock.end());
    return m;
  };
  const Row rows[] = {
      {with_lock({{"OCF_RESKEY_distlock_lockname", "bad-table:lock"}}),
       "invalid lock table name \"bad-table\""},
      {with_lock({{"OCF_RESKEY_distlock_lockname", "1locks:lock"}}),
       "invalid lock table name \"1locks\""},
      {with_lock({{"OCF_RESKEY_distlock_lockname", "a.b.c:lock"}}),
       "invalid lock table name \"a.b.c\""},
      {with_lock({{"OCF_RESKEY_distlock_conninfo", "host=x nosuchkey=1"}}),
       "parameter \"distlock_conninfo\""},
      {{{"OCF_RESKEY_node_list", "Node1 node2"}}, "\"Node1\" with capital letters"},
      {{{"OCF_RESKEY_distlock_wait", "0"}}, "parameter \"distlock_wait\" must be between 1"},
      {{{"OCF_RESKEY_primary_conninfo_opt", "password=secret"}}, "must not contain a password"},
      {{{"OCF_RESKEY_primary_conninfo_opt", "nosuchkey=1"}}, "parameter \"primary_conninfo_opt\""},
      {{{"OCF_RESKEY_config", "/etc/my pg/postgresql.conf"}}, "parameter \"config\""},
      {{{"OCF_RESKEY_replication_slot_name", std::string(40, 's')},
        {"OCF_RESKEY_node_list", "node1 node2 " + std::string(30, 'n')}},
       "longer than 63 characters"},
  };
  for (const auto& row : rows) {
    auto env = pair.env2;
    for (const auto& [k, v] : row.set)
      env[k] = v;
    INFO("expected reason: " << row.reason);
    auto v = act("validate-all", env);
    CHECK(v.rc == 6);
    CHECK(v.exit_reason().find(row.reason) != std::string::npos);
    auto s = act("start", env);
    CHECK(s.rc == 6);
    CHECK(s.exit_reason() == v.exit_reason());
    CHECK_FALSE(pair.standby->running());
  }
}

TEST_CASE("the agent connects as pgdba with Debian's default pg_hba.conf (peer, no map)") {
  Pair pair;
  pair.primary->stop();
  write_all(pair.primary->datadir() / "pg_hba.conf", k_debian_hba);
  pair.primary->start();
  // The primary's monitor queries it over the socket as postgres from this root process.
  CHECK(act("monitor", pair.env1).rc == 8);
  CHECK(act("monitor", probe(pair.env1)).rc == 8);
  CHECK(pair.cib.node_attr("node1", "pgsql-status") == "PRI");
  CHECK(agent_log(pair.env1).find("authentication failed") == std::string::npos);
}

TEST_CASE("a missing lock schema is named as such, with its hint") {
  Pair pair;
  PgServer bare(PgServerOptions{"lockserver-bare", {}, true}); // no sql/ applied
  for (auto* env : {&pair.env1, &pair.env2}) {
    (*env)["OCF_RESKEY_enable_distlock"] = "true";
    (*env)["OCF_RESKEY_distlock_conninfo"] = bare.conninfo();
    (*env)["OCF_RESKEY_distlock_wait"] = "2";
  }
  REQUIRE(act("start", pair.env2).rc == 0);
  auto r = act("promote", pair.env2);
  CHECK(r.rc == 1);
  CHECK(r.exit_reason().find("lock schema not installed") != std::string::npos);
  CHECK(r.exit_reason().find("distlock") != std::string::npos);
  CHECK(r.exit_reason().find("init") != std::string::npos);
  CHECK(pair.standby->query("select pg_is_in_recovery()") == "t");
}

TEST_CASE("a lock server refusing the login is named as such, with its hint") {
  Pair pair;
  PgServer lock(PgServerOptions{"lockserver-auth", {}, true});
  lock.stop();
  write_all(lock.datadir() / "pg_hba.conf",
            "local all all trust\nhost all all 127.0.0.1/32 scram-sha-256\n");
  lock.start();
  for (auto* env : {&pair.env1, &pair.env2}) {
    (*env)["OCF_RESKEY_enable_distlock"] = "true";
    (*env)["OCF_RESKEY_distlock_conninfo"] = lock.conninfo();
    (*env)["OCF_RESKEY_distlock_wait"] = "2";
    (*env)["PGPASSFILE"] = "/nonexistent";
  }
  REQUIRE(act("start", pair.env2).rc == 0);
  auto r = act("promote", pair.env2);
  CHECK(r.rc == 1);
  CHECK(r.exit_reason().find("refused the login") != std::string::npos);
  CHECK(r.exit_reason().find("HINT") != std::string::npos);
  CHECK(pair.standby->query("select pg_is_in_recovery()") == "t");
}

TEST_CASE("demote on a node without pg_ctl shuts the primary down and succeeds") {
  Pair pair;
  auto env = pair.env1;
  env["OCF_RESKEY_pgctl"] = "/nonexistent/bin/pg_ctl";
  CHECK(act("monitor", env).rc == 5); // this node is unfit: a node-local code
  auto r = act("demote", env);
  CHECK(r.rc == 0);
  CHECK_FALSE(pair.primary->running());
  CHECK(processes_in(pair.primary->datadir()).empty());
  CHECK(pair.cib.score("node1") == "-INFINITY");
  CHECK(agent_log(env).find("demoted and left stopped") != std::string::npos);
  CHECK(act("monitor", probe(pair.env1)).rc == 7);
}
