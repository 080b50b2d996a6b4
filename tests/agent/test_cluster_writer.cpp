// ClusterWriter against the in-memory FakeCluster: a failed tool run is tried again while the
// action's deadline leaves room for a whole further run, and never past it.

#include "agent/actions/cluster_writer.hpp"
#include "common/base/error.hpp"
#include "common/cluster/testing/fake_cluster.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>

using namespace pgha;
using namespace std::chrono_literals;
using cluster::testing::FakeCluster;

namespace {

struct Writer {
  FakeCluster cluster;
  agent::StateFile cache{std::filesystem::temp_directory_path() /
                         ("pgha-writer-" + std::to_string(::getpid()))};
  Writer() { cluster.add_node("node1"); }
  agent::ClusterWriter make(std::chrono::milliseconds per_call, Deadline deadline) {
    return agent::ClusterWriter(cluster, cache, "pgsql", per_call, deadline);
  }
};

} // namespace

TEST_CASE("a failed cluster write is tried again within the action's deadline") {
  Writer w;
  auto writer = w.make(5000ms, Deadline::after(30s));
  w.cluster.fail_next("set_property pgsql_REPL_INFO");
  CHECK(writer.set_property("pgsql_REPL_INFO", "node1|2|0/3000060"));
  CHECK(w.cluster.property("pgsql_REPL_INFO") == "node1|2|0/3000060");
  CHECK(w.cluster.calls() == std::vector<std::string>{"set_property pgsql_REPL_INFO "
                                                      "node1|2|0/3000060"});
}

TEST_CASE("no second attempt when a whole tool run no longer fits the deadline") {
  Writer w;
  auto writer = w.make(5000ms, Deadline::after(3s));
  w.cluster.fail_next("set_node_attribute node1 pgsql-status");
  CHECK_THROWS_AS(
      writer.set_attribute("node1", "pgsql-status", "HS:sync", cluster::Lifetime::reboot),
      ClusterError);
  CHECK_FALSE(w.cluster.attribute("node1", "pgsql-status", cluster::Lifetime::reboot));
}
