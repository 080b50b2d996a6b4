// The argv Ctl hands to pg_ctl and pg_rewind, per option and per major (a recording runner;
// no program runs). The same options run for real in test_pg_majors.cpp and the agent tests.
#include "common/base/error.hpp"
#include "common/pg/ctl.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>

using namespace pgha;
using namespace pgha::pg;
using namespace std::chrono_literals;

namespace {

struct RecordingRunner final : proc::Runner {
  std::vector<std::vector<std::string>> argvs;
  proc::Result run(const proc::Command& command) override {
    argvs.push_back(command.argv);
    proc::Result r;
    r.exit_code = 0;
    return r;
  }
};

bool contains(const std::vector<std::string>& argv, const std::string& word) {
  return std::find(argv.begin(), argv.end(), word) != argv.end();
}

CtlOptions options_in(const test::TempDir& dir, int major) {
  std::ofstream(dir.path() / "PG_VERSION") << major << "\n";
  CtlOptions o;
  o.bindir = "/usr/lib/postgresql/x/bin";
  o.pgdata = dir.path();
  o.config_file = "/etc/postgresql/x/main/postgresql.conf";
  return o;
}

} // namespace

TEST_CASE("pg_rewind gets --config-file from PostgreSQL 15 on, never on 14", "[ctl_argv]") {
  for (int major : {14, 15, 16, 17, 18}) {
    INFO("major " << major);
    test::TempDir dir("ctl-argv");
    RecordingRunner runner;
    Ctl ctl(runner, options_in(dir, major));
    RewindOptions r;
    r.source_conninfo = "host=10.0.0.1 user=postgres";
    ctl.rewind(r, Deadline::after(10s));
    REQUIRE(runner.argvs.size() == 1);
    CHECK(contains(runner.argvs[0], "--config-file=/etc/postgresql/x/main/postgresql.conf") ==
          (major >= 15));
  }
}

TEST_CASE("start_opt words reach pg_ctl -o single-quoted, ctl_opt words come before -D",
          "[ctl_argv]") {
  test::TempDir dir("ctl-argv");
  RecordingRunner runner;
  auto o = options_in(dir, 16);
  o.config_file.reset();
  o.server_options = {"-c", "cluster_name=it's $HOME; `id`"};
  o.ctl_options = {"-c", "--silent"};
  Ctl ctl(runner, o);
  ctl.start(Deadline::after(10s));
  REQUIRE(runner.argvs.size() == 1);
  const auto& a = runner.argvs[0];
  auto at = [&](const std::string& w) { return std::find(a.begin(), a.end(), w) - a.begin(); };
  CHECK(a[1] == "start");
  CHECK(at("-c") < at("-D"));
  CHECK(at("--silent") < at("-D"));
  // pg_ctl pastes -o into a /bin/sh command line: each word one quoted literal.
  CHECK(contains(a, "'-c'"));
  CHECK(contains(a, R"('cluster_name=it'\''s $HOME; `id`')"));
  o.server_options = {"a\nb"};
  Ctl bad(runner, o);
  CHECK_THROWS_AS(bad.start(Deadline::after(10s)), ConfigError);
}
