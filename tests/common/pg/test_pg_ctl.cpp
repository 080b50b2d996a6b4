// pg::Ctl against real PostgreSQL 15 data directories made by the fixtures: pg_ctl
// start/stop/status/promote, pg_controldata, pg_isready, pg_rewind, pg_basebackup and the
// agent-owned files (standby.signal, replication settings in postgresql.auto.conf).
#include "common/base/error.hpp"
#include "common/pg/ctl.hpp"
#include "common/pg/instance.hpp"
#include "common/proc/runner.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/pg_server.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <fmt/format.h>
#include <pwd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <thread>

using namespace pgha;
using namespace pgha::pg;
using namespace std::chrono_literals;

namespace {

test::PgServerOptions server_options(const std::string& tag) {
  test::PgServerOptions o;
  o.tag = tag;
  return o;
}

Deadline soon() {
  return Deadline::after(60s);
}

CtlOptions ctl_options(const test::PgServer& s) {
  CtlOptions o;
  o.bindir = test::pg_bindir();
  o.pgdata = s.datadir();
  o.logfile = s.log_file();
  return o;
}

// Poll (bounded) until `condition` holds.
template <typename F>
bool eventually(F condition) {
  return test::eventually(condition, 30s);
}

} // namespace

TEST_CASE("pg_ctl stop waits for the postmaster, start and status follow", "[ctl]") {
  test::PgServer server(server_options("ctl"));
  proc::PosixRunner runner;
  Ctl ctl(runner, ctl_options(server));

  CHECK(ctl.major_version() == 15);
  CHECK(ctl.status(soon()) == ServerStatus::running);
  CHECK(ctl.isready("127.0.0.1", server.port(), soon()) == Readiness::accepting);
  CHECK(ctl.controldata(soon()).state == model::ClusterState::in_production);
  auto pid = ctl.postmaster_pid();
  REQUIRE(pid.has_value());
  CHECK(ctl.postmaster_alive());

  CHECK(ctl.stop(StopMode::fast, soon()));
  CHECK_FALSE(ctl.postmaster_alive()); // the postmaster PID has really exited
  CHECK(ctl.status(soon()) == ServerStatus::not_running);
  CHECK(ctl.isready("127.0.0.1", server.port(), soon()) == Readiness::no_response);
  auto cd = ctl.controldata(soon());
  CHECK(cd.state == model::ClusterState::shut_down);
  CHECK(cd.checkpoint_tli == 1u);
  CHECK_FALSE(ctl.stop(StopMode::fast, soon())); // nothing to stop

  ctl.start(soon());
  CHECK(ctl.status(soon()) == ServerStatus::running);
  Instance pg({server.conninfo(), "pgha-test"});
  CHECK(pg.probe(soon()));
  ctl.reload(soon());
  CHECK(ctl.stop(StopMode::immediate, soon()));
}

TEST_CASE("a crashed primary keeps 'in production' in pg_controldata", "[ctl]") {
  test::PgServer server(server_options("crash"));
  proc::PosixRunner runner;
  Ctl ctl(runner, ctl_options(server));
  server.kill9();
  REQUIRE(eventually([&] { return !ctl.postmaster_alive(); }));
  CHECK(ctl.controldata(soon()).state == model::ClusterState::in_production);
  CHECK(ctl.status(soon()) == ServerStatus::not_running);
}

TEST_CASE("start waits until a killed postmaster that is still a zombie is reaped", "[ctl]") {
  test::PgServer server(server_options("zombie"));
  proc::PosixRunner runner;
  Ctl ctl(runner, ctl_options(server));
  REQUIRE(ctl.stop(StopMode::fast, soon()));
  // A postmaster killed a moment ago: postmaster.pid names a process that has exited but that
  // its parent has not reaped yet. PostgreSQL refuses to start while that PID exists.
  // Owned by the server's user, as a real postmaster is (PostgreSQL ignores a PID it may not
  // signal).
  const struct passwd* pw = ::getpwnam("postgres");
  REQUIRE(pw != nullptr);
  pid_t zombie = ::fork();
  REQUIRE(zombie >= 0);
  if (zombie == 0)
    ::_exit(::setuid(pw->pw_uid) == 0 ? 0 : 1);
  {
    std::ofstream pidfile(server.datadir() / "postmaster.pid", std::ios::trunc);
    pidfile << zombie << "\n" << server.datadir().string() << "\n";
  }
  REQUIRE(eventually([&] {
    std::ifstream stat(fmt::format("/proc/{}/stat", zombie));
    std::string line;
    std::getline(stat, line);
    return line.find(") Z ") != std::string::npos;
  }));
  CHECK_FALSE(ctl.postmaster_alive());
  // The slow parent: it reaps the zombie while start is waiting.
  std::thread reaper([&] {
    std::this_thread::sleep_for(700ms);
    ::waitpid(zombie, nullptr, 0);
  });
  auto t0 = std::chrono::steady_clock::now();
  CHECK_NOTHROW(ctl.start(soon()));
  reaper.join();
  CHECK(std::chrono::steady_clock::now() - t0 >= 700ms);
  CHECK(ctl.postmaster_alive());
  CHECK(server.query("select 1") == "1");
}

TEST_CASE("promote a standby, rewind the old primary and make it follow", "[ctl]") {
  test::PgServer primary(server_options("primary"));
  auto standby = test::PgServer::standby_of(primary, "standby");
  proc::PosixRunner runner;
  Ctl old_primary(runner, ctl_options(primary));
  Ctl new_primary(runner, ctl_options(*standby));

  CHECK(new_primary.has_standby_signal());
  CHECK(new_primary.controldata(soon()).state == model::ClusterState::in_archive_recovery);
  new_primary.promote(soon());
  Instance promoted({standby->conninfo(), "pgha-test"});
  CHECK_FALSE(promoted.is_in_recovery(soon()));
  CHECK(promoted.timeline(soon()) == 2);
  CHECK_FALSE(new_primary.has_standby_signal());

  // The old primary diverges a little, then stops and is rewound onto the new timeline.
  primary.query("CREATE TABLE diverged(i int)");
  REQUIRE(old_primary.stop(StopMode::fast, soon()));
  old_primary.rewind({standby->conninfo(), false, false, false}, soon());
  // pg_rewind copied the source's postgresql.conf (its port): give the old primary its own.
  primary.append_conf(
      {fmt::format("port = {}", primary.port()),
       fmt::format("unix_socket_directories = '{}'", primary.socket_dir().string())});
  ReplicationConfig rc;
  rc.primary_conninfo =
      fmt::format("host=127.0.0.1 port={} user=postgres application_name=node1", standby->port());
  old_primary.write_replication_config(rc);
  old_primary.write_standby_signal();
  CHECK(old_primary.auto_conf_value("recovery_target_timeline") == "latest");
  CHECK(old_primary.auto_conf_value("primary_conninfo") == rc.primary_conninfo);
  old_primary.start(soon());

  Instance follower({primary.conninfo(), "pgha-test"});
  CHECK(follower.is_in_recovery(soon()));
  CHECK(eventually([&] {
    for (const auto& row : promoted.replication_status(soon()))
      if (row.application_name == "node1" && row.state == "streaming")
        return true;
    return false;
  }));
  CHECK(follower.timeline(soon()) == 2);

  // The primary side stops being a standby: settings and signal removed.
  REQUIRE(old_primary.stop(StopMode::fast, soon()));
  old_primary.remove_replication_config();
  old_primary.remove_standby_signal();
  old_primary.remove_standby_signal(); // absent is fine
  CHECK_FALSE(old_primary.auto_conf_value("primary_conninfo").has_value());
  CHECK_FALSE(old_primary.has_standby_signal());
}

TEST_CASE("pg_basebackup builds a standby into an empty directory", "[ctl]") {
  test::PgServer primary(server_options("primary"));
  test::TempDir dir("rebuild", "postgres");
  proc::PosixRunner runner;
  CtlOptions o;
  o.bindir = test::pg_bindir();
  o.pgdata = dir.path() / "data";
  o.logfile = dir.path() / "server.log";
  Ctl ctl(runner, o);
  BasebackupOptions b;
  b.source_conninfo = primary.conninfo();
  b.write_recovery_conf = true;
  ctl.basebackup(b, soon());
  CHECK(ctl.major_version() == 15);
  CHECK(ctl.has_standby_signal());
  CHECK(ctl.auto_conf_value("primary_conninfo").has_value());
  CHECK(ctl.controldata(soon()).state == model::ClusterState::in_production);
  CHECK(ctl.status(soon()) == ServerStatus::not_running);
}

TEST_CASE("secrets and unsafe values are refused before anything runs", "[ctl]") {
  test::TempDir dir("refuse", "postgres");
  proc::PosixRunner runner;
  CtlOptions o;
  o.pgdata = dir.path();
  Ctl ctl(runner, o);
  ReplicationConfig rc;
  rc.primary_conninfo = "host=a password=secret";
  CHECK_THROWS_AS(ctl.write_replication_config(rc), ConfigError);
  CHECK_THROWS_AS(ctl.rewind({"host=a password=secret", false, false, false}, soon()), ConfigError);
  CHECK_THROWS_AS(ctl.basebackup({"host=a password=x", std::nullopt, false, true}, soon()),
                  ConfigError);
  rc.primary_conninfo = "host=a";
  rc.primary_slot_name = "Bad-Slot";
  CHECK_THROWS_AS(ctl.write_replication_config(rc), ConfigError);
  CHECK_THROWS_AS(ctl.major_version(), StateError);
  CHECK_FALSE(ctl.postmaster_pid().has_value());
  o.config_file = "/etc/postgresql/15/main/postgresql.conf; rm -rf /";
  Ctl unsafe(runner, o);
  CHECK_THROWS_AS(unsafe.start(soon()), ConfigError);
}
