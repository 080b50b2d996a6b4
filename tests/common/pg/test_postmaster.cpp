// Which process is a data directory's postmaster, as /proc shows it.

#include "common/pg/postmaster.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

using namespace pgha::pg;
namespace fs = std::filesystem;

TEST_CASE("a server process of a data directory is judged by owner, executable and cwd") {
  ProcInfo p;
  p.pid = 4242;
  p.ppid = 1;
  p.state = 'S';
  p.comm = "postgres";
  p.uid = 101;
  p.exe = "/usr/lib/postgresql/15/bin/postgres";
  p.cwd = "/srv/pg/data";
  const fs::path pgdata = "/srv/pg/data";
  CHECK(is_server_process_of(p, pgdata, 101));
  CHECK_FALSE(is_server_process_of(p, "/srv/other", 101)); // another cluster
  CHECK_FALSE(is_server_process_of(p, pgdata, 102));       // another owner
  auto q = p;
  q.state = 'Z';
  CHECK_FALSE(is_server_process_of(q, pgdata, 101)); // a zombie is gone
  q = p;
  q.exe = "/usr/bin/sleep"; // a reused PID
  q.comm = "sleep";
  CHECK_FALSE(is_server_process_of(q, pgdata, 101));
  q = p;
  q.exe = "/usr/lib/postgresql/15/bin/postgres (deleted)"; // binary replaced by an upgrade
  CHECK(is_server_process_of(q, pgdata, 101));
  SECTION("exe and cwd unreadable (no ptrace access): command name and owner decide") {
    q = p;
    q.exe.reset();
    q.cwd.reset();
    CHECK(is_server_process_of(q, pgdata, 101));
    q.comm = "sleep";
    CHECK_FALSE(is_server_process_of(q, pgdata, 101));
  }
}

TEST_CASE("read_proc reads this process") {
  auto me = read_proc(static_cast<int>(::getpid()));
  REQUIRE(me);
  CHECK(me->ppid == static_cast<int>(::getppid()));
  CHECK(me->uid == ::getuid());
  CHECK(me->exe.has_value());
  CHECK(me->cwd == fs::current_path());
  CHECK_FALSE(me->comm.empty());
  CHECK_FALSE(read_proc(0).has_value());
}
