// cls_setup against Pacemaker's real tools on CIB files (no daemons): the dry-run output of
// dual and multi configurations passes crm_verify, and loading into a CIB file works.
#include "cls-tools/lib/cib_builder.hpp"
#include "cls-tools/lib/commands.hpp"
#include "common/base/error.hpp"
#include "common/cluster/crm_cluster.hpp"
#include "common/proc/runner.hpp"
#include "tests/cls-tools/cls_fixtures.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

using namespace pgha;
using namespace pgha::cls;

namespace {

proc::Result run(const std::vector<std::string>& argv,
                 std::vector<std::pair<std::string, std::string>> env = {}) {
  proc::PosixRunner runner;
  proc::Command cmd;
  cmd.argv = argv;
  cmd.env = std::move(env);
  cmd.deadline = Deadline::after(std::chrono::seconds(30));
  return runner.run(cmd);
}

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The real runner and Pacemaker tools on a CIB file; no lock server, no PostgreSQL.
class CibFileWorld final : public World {
 public:
  explicit CibFileWorld(const std::string& cib_file) : m_crm(m_runner, options(cib_file)) {}
  proc::Runner& runner() override { return m_runner; }
  cluster::Cluster& cluster() override { return m_crm; }
  LockAdmin& lock() override { throw StateError("this test has no lock server"); }
  pg::Postgres& primary(PrimaryAs) override { throw StateError("this test has no primary"); }
  pg::Ctl& ctl() override { throw StateError("this test has no data directory"); }
  Clock& clock() override { return m_clock; }

 private:
  static cluster::CrmOptions options(const std::string& cib_file) {
    cluster::CrmOptions o;
    o.cib_file = cib_file;
    return o;
  }
  proc::PosixRunner m_runner;
  cluster::CrmCluster m_crm;
  SteadyClock m_clock;
};

// Run a command with its output captured into a string.
int run_command(CommandFn fn, const config::ClusterConfig& c, const std::string& cib_file,
                const Args& args, std::string& out) {
  CibFileWorld world(cib_file);
  char* buf = nullptr;
  size_t len = 0;
  std::FILE* mem = open_memstream(&buf, &len);
  REQUIRE(mem != nullptr);
  int rc = 0;
  {
    Context ctx(c, world, mem);
    rc = fn(ctx, args);
  }
  std::fclose(mem);
  out.assign(buf, len);
  std::free(buf);
  return rc;
}

void verify_file(const std::filesystem::path& file) {
  auto r = run({"crm_verify", "--xml-file", file.string(), "--verbose"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
}

std::filesystem::path new_cib(const test::TempDir& dir) {
  auto file = dir.path() / "cib.xml";
  auto r = run({"cibadmin", "--empty"});
  REQUIRE(r.ok());
  std::ofstream(file) << r.out;
  return file;
}

} // namespace

TEST_CASE("dry-run output of a dual cluster passes crm_verify") {
  test::TempDir dir("cls-setup");
  auto file = dir.path() / "dual.xml";
  std::ofstream(file) << build_cib(empty_cib(), test::dual_config(), {});
  verify_file(file);
}

TEST_CASE("dry-run output of a multi cluster passes crm_verify") {
  test::TempDir dir("cls-setup");
  auto file = dir.path() / "multi.xml";
  std::ofstream(file) << build_cib(empty_cib(), test::multi_config(), {std::string("n2")});
  verify_file(file);
}

TEST_CASE("cls_setup --dry-run prints the CIB and loads nothing") {
  test::TempDir dir("cls-setup");
  auto file = new_cib(dir);
  auto before = read(file);
  Args args;
  args.dry_run = true;
  std::string out;
  CHECK(run_command(cmd_setup, test::multi_config(), file.string(), args, out) == 0);
  CHECK(read(file) == before);
  CHECK(out.find("ocf") != std::string::npos);
  auto printed = dir.path() / "printed.xml";
  std::ofstream(printed) << out;
  verify_file(printed);
}

TEST_CASE("cls_setup loads into a CIB file, twice, and master sets REPL_INFO") {
  test::TempDir dir("cls-setup");
  auto file = new_cib(dir);
  Args args;
  args.no_lock_init = true;
  std::string out;
  auto c = test::dual_config();
  REQUIRE(run_command(cmd_setup, c, file.string(), args, out) == 0);
  REQUIRE(run_command(cmd_setup, c, file.string(), args, out) == 0);
  args.node = "n2";
  REQUIRE(run_command(cmd_setup, c, file.string(), args, out) == 0);
  auto r = run({"crm_verify", "--live-check", "--verbose"}, {{"CIB_file", file.string()}});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  auto q = run(
      {"crm_attribute", "--type", "crm_config", "--name", "pgsql_REPL_INFO", "--query", "--quiet"},
      {{"CIB_file", file.string()}});
  CHECK(q.exit_code == 0);
  CHECK(q.out == "n2\n");
  auto cib = read(file);
  CHECK(cib.find("id=\"msPostgresql\"") != std::string::npos);
  CHECK(cib.find("type=\"expgsql\"") != std::string::npos);
  CHECK(cib.find("id=\"vip-slave\"") != std::string::npos);
}

TEST_CASE("cls_stop sets target-role in a CIB file and finds nothing running") {
  test::TempDir dir("cls-setup");
  auto file = new_cib(dir);
  Args args;
  args.no_lock_init = true;
  std::string out;
  auto c = test::dual_config();
  REQUIRE(run_command(cmd_setup, c, file.string(), args, out) == 0);
  CHECK(run_command(cmd_stop, c, file.string(), Args{}, out) == 0);
  CHECK(out.find("stop resource successful") != std::string::npos);
  auto q = run(
      {"crm_resource", "--resource", "msPostgresql", "--meta", "--get-parameter", "target-role"},
      {{"CIB_file", file.string()}});
  CHECK(q.out.find("Stopped") != std::string::npos);
}
