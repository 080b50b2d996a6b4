#include "common/base/error.hpp"
#include "common/proc/runner.hpp"

#include <catch2/catch.hpp>

using namespace pgha;
using namespace std::chrono_literals;

namespace {
proc::Command sh(const std::string& script, std::chrono::milliseconds budget = 5000ms) {
  proc::Command c;
  c.argv = {"/bin/sh", "-c", script}; // the test drives a real shell on purpose
  c.deadline = Deadline::after(budget);
  return c;
}
} // namespace

TEST_CASE("runner reports exit code, stdout and stderr") {
  proc::PosixRunner r;
  auto res = r.run(sh("echo out; echo err >&2; exit 3"));
  CHECK(res.exit_code == 3);
  CHECK(res.out == "out\n");
  CHECK(res.err == "err\n");
  CHECK_FALSE(res.ok());
  CHECK_FALSE(res.timed_out);
}

TEST_CASE("runner feeds stdin") {
  proc::PosixRunner r;
  proc::Command c;
  c.argv = {"cat"};
  c.stdin_data = "hello\nworld\n";
  auto res = r.run(c);
  CHECK(res.ok());
  CHECK(res.out == "hello\nworld\n");
}

TEST_CASE("runner kills the whole process group at the deadline") {
  proc::PosixRunner r;
  auto res = r.run(sh("sleep 30 & sleep 30; echo never", 300ms));
  CHECK(res.timed_out);
  CHECK_FALSE(res.ok());
  CHECK(res.out.empty());
  CHECK(res.duration < 5000ms);
}

TEST_CASE("runner passes added environment variables") {
  proc::PosixRunner r;
  auto c = sh("printf %s \"$PGHA_TEST_VAR\"");
  c.env = {{"PGHA_TEST_VAR", "a b;'c"}};
  CHECK(r.run(c).out == "a b;'c");
}

TEST_CASE("runner runs as another user") {
  proc::PosixRunner r;
  auto c = sh("id -un");
  c.run_as = "postgres";
  c.cwd = "/tmp";
  auto res = r.run(c);
  CHECK(res.ok());
  CHECK(res.out == "postgres\n");
}

TEST_CASE("runner throws when the program cannot be started") {
  proc::PosixRunner r;
  proc::Command c;
  c.argv = {"/nonexistent/program"};
  CHECK_THROWS_AS(r.run(c), ProcessError);
  c.argv = {"true"};
  c.run_as = "no-such-user-pgha";
  CHECK_THROWS_AS(r.run(c), ProcessError);
}

TEST_CASE("run_checked turns a failure into ProcessError with the stderr tail") {
  proc::PosixRunner r;
  try {
    proc::run_checked(r, sh("echo boom >&2; exit 2"));
    FAIL("no exception");
  } catch (const ProcessError& e) {
    CHECK(std::string(e.what()).find("boom") != std::string::npos);
    CHECK(std::string(e.what()).find("exit 2") != std::string::npos);
  }
}
