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

TEST_CASE("a transient attribute goes to attrd without a read first, even when equal") {
  Writer w;
  w.cluster.set_node_attribute("node1", "pgsql-status", "HS:sync", cluster::Lifetime::reboot,
                               Deadline::after(5s));
  w.cluster.clear_calls();
  auto writer = w.make(5000ms, Deadline::after(30s));
  // attrd writes the CIB only on a change: handing it an equal value costs no CIB update, and a
  // read first would cost one more tool run.
  writer.set_attribute("node1", "pgsql-status", "HS:sync", cluster::Lifetime::reboot);
  CHECK(w.cluster.calls() == std::vector<std::string>{"set_node_attribute node1 pgsql-status "
                                                      "HS:sync reboot"});
}

TEST_CASE("a permanent attribute equal to the CIB's is not written again") {
  Writer w;
  w.cluster.set_node_attribute("node1", "pgsql-data-status", "LATEST", cluster::Lifetime::forever,
                               Deadline::after(5s));
  w.cluster.clear_calls();
  auto writer = w.make(5000ms, Deadline::after(30s));
  writer.set_attribute("node1", "pgsql-data-status", "LATEST", cluster::Lifetime::forever);
  CHECK(w.cluster.calls().empty());
}

TEST_CASE("a permanent value the cache knows to differ is written without a read first") {
  Writer w;
  auto writer = w.make(5000ms, Deadline::after(30s));
  writer.set_attribute("node1", "pgsql-data-status", "LATEST", cluster::Lifetime::forever);
  // Someone else writes the value this node wants next: the cache still says LATEST.
  w.cluster.set_node_attribute("node1", "pgsql-data-status", "DISCONNECT",
                               cluster::Lifetime::forever, Deadline::after(5s));
  w.cluster.clear_calls();
  writer.set_attribute("node1", "pgsql-data-status", "DISCONNECT", cluster::Lifetime::forever);
  // No read: one redundant write, never a missed one.
  CHECK(w.cluster.calls() == std::vector<std::string>{"set_node_attribute node1 "
                                                      "pgsql-data-status DISCONNECT forever"});
}

TEST_CASE("set_all writes every value the cache does not hold and tries a failed batch again") {
  Writer w;
  w.cluster.add_node("node2");
  auto writer = w.make(5000ms, Deadline::after(30s));
  writer.set_score("node1", 100);
  w.cluster.clear_calls();
  w.cluster.fail_next("set_promotion_score pgsql node2");
  writer.set_all({cluster::Write::property("pgsql_REPL_INFO", "node2|3|0000000003000060|4"),
                  cluster::Write::promotion_score("pgsql", "node1", 100),
                  cluster::Write::promotion_score("pgsql", "node2", 1000),
                  cluster::Write::node_attribute("node2", "pgsql-master-baseline",
                                                 "0000000003000060", cluster::Lifetime::reboot)});
  CHECK(w.cluster.property("pgsql_REPL_INFO") == "node2|3|0000000003000060|4");
  CHECK(w.cluster.score("pgsql", "node2") == 1000);
  CHECK(w.cluster.attribute("node2", "pgsql-master-baseline", cluster::Lifetime::reboot) ==
        "0000000003000060");
  // node1's score was cached as 100: not written. The batch ran twice (the score of node2
  // failed once); every call names one of the three other values.
  for (const auto& c : w.cluster.calls())
    CHECK(c.find("node1") == std::string::npos);
  w.cluster.clear_calls();
  writer.set_all({cluster::Write::promotion_score("pgsql", "node2", 1000)});
  CHECK(w.cluster.calls().empty());
}
