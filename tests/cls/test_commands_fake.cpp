// Commands against the in-memory FakeCluster: what they write and how they refuse.
#include "cls-tools/lib/commands.hpp"
#include "cls-tools/lib/exit_codes.hpp"
#include "common/base/error.hpp"
#include "common/cluster/testing/fake_cluster.hpp"
#include "tests/cls/cls_fixtures.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>

using namespace pgha;
using namespace pgha::cls;
using cluster::testing::FakeCluster;

namespace {

// FakeCluster names a promotable resource's clone "<id>-clone".
config::ClusterConfig fake_config() {
  return test::dual_config("clone_name=pgsql-clone\n");
}

struct Harness {
  FakeCluster fake;
  proc::PosixRunner runner;
  std::string out;

  Harness() {
    fake.add_node("n1");
    fake.add_node("n2");
    fake.add_resource("pgsql", true);
    fake.add_resource("vip-master");
    fake.add_resource("vip-slave");
    fake.add_resource("pgsql-clone"); // the id cls uses for the clone
    fake.set_local_node("n2");
    fake.set_quorum(true);
  }

  int run(CommandFn fn, const Args& args) {
    char* buf = nullptr;
    size_t len = 0;
    std::FILE* mem = open_memstream(&buf, &len);
    REQUIRE(mem != nullptr);
    int rc = 0;
    try {
      Context ctx(fake_config(), runner, fake, mem);
      rc = fn(ctx, args);
    } catch (const CommandFailure& e) {
      rc = static_cast<int>(e.code());
      out = e.what();
      std::fclose(mem);
      std::free(buf);
      return rc;
    } catch (...) {
      // Any other exception reaches the test, without leaking the stream (LeakSanitizer).
      std::fclose(mem);
      std::free(buf);
      throw;
    }
    std::fclose(mem);
    out.assign(buf, len);
    std::free(buf);
    return rc;
  }
};

} // namespace

TEST_CASE("cls_master prints the primary or an empty line") {
  Harness h;
  CHECK(h.run(cmd_master, {}) == 0);
  CHECK(h.out == "\n");
  h.fake.set_role("pgsql", "n1", "Promoted");
  CHECK(h.run(cmd_master, {}) == 0);
  CHECK(h.out == "n1\n");
}

TEST_CASE("cls_unstandby_node writes the standby attribute of the named or local node") {
  Harness h;
  h.fake.set_node_standby("n1", true, Deadline::after(std::chrono::seconds(1)));
  Args args;
  args.node = "n1";
  CHECK(h.run(cmd_unstandby_node, args) == 0);
  CHECK_FALSE(h.fake.standby("n1"));
  args.node = "nope";
  CHECK(h.run(cmd_unstandby_node, args) == 100);
  CHECK(h.out.find("HINT:") != std::string::npos);
}

TEST_CASE("cls_unmanage and cls_manage flip is-managed of every pgha resource") {
  Harness h;
  CHECK(h.run(cmd_unmanage, {}) == 0);
  CHECK(h.fake.managed("vip-master") == false);
  CHECK(h.fake.managed("vip-slave") == false);
  CHECK(h.run(cmd_manage, {}) == 0);
  CHECK(h.fake.managed("vip-master") == true);
}

TEST_CASE("cls_online_switch refuses without a primary and with a lagging target") {
  Harness h;
  CHECK(h.run(cmd_online_switch, {}) == 10);
  CHECK(h.out.find("there is no primary") != std::string::npos);
  h.fake.set_role("pgsql", "n1", "Promoted");
  h.fake.set_role("pgsql", "n2", "Unpromoted");
  h.fake.set_node_attribute("n2", "pgsql-data-status", "STREAMING|POTENTIAL",
                            cluster::Lifetime::forever, Deadline::after(std::chrono::seconds(1)));
  Args args;
  args.node = "n2";
  CHECK(h.run(cmd_online_switch, args) == 10);
  CHECK(h.out.find("not caught up") != std::string::npos);
  CHECK(h.fake.constraints().empty());
}

TEST_CASE("cls_reset_master and cls_repair_slave refuse with a running primary or healthy node") {
  Harness h;
  h.fake.set_role("pgsql", "n1", "Promoted");
  h.fake.set_role("pgsql", "n2", "Unpromoted");
  CHECK(h.run(cmd_reset_master, {}) == 10);
  h.fake.set_node_attribute("n2", "pgsql-data-status", "STREAMING|SYNC", cluster::Lifetime::forever,
                            Deadline::after(std::chrono::seconds(1)));
  CHECK(h.run(cmd_repair_slave, {}) == 100);
  CHECK(h.out.find("healthy") != std::string::npos);
  h.fake.set_local_node("n1");
  CHECK(h.run(cmd_repair_slave, {}) == 100);
  CHECK(h.out.find("is the primary") != std::string::npos);
}

TEST_CASE("the command table resolves both spellings") {
  CHECK(find_command("cls_online_switch") == find_command("online_switch"));
  CHECK(find_command("bogus") == nullptr);
  CHECK(command_table().size() == 15);
}

TEST_CASE("cls_reset_master --force needs a node, and records before it stops anything") {
  Harness h;
  Args args;
  args.force = true;
  CHECK(h.run(cmd_reset_master, args) == static_cast<int>(ExitCode::bad_arguments));
  CHECK(h.out.find("--force needs the node") != std::string::npos);
  // The fixture's lock server does not resolve: the override fails, and nothing was stopped.
  args.node = "n1";
  CHECK_THROWS_AS(h.run(cmd_reset_master, args), pgha::PgUnreachable);
  for (const auto& call : h.fake.calls())
    CHECK((call.rfind("set_", 0) != 0 && call.rfind("delete_", 0) != 0));
}
