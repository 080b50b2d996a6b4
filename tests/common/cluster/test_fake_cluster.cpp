#include "common/base/error.hpp"
#include "common/cluster/testing/fake_cluster.hpp"

#include <catch2/catch.hpp>

using namespace pgha;
using namespace pgha::cluster;
using namespace std::chrono_literals;

namespace {

testing::FakeCluster two_nodes() {
  testing::FakeCluster c;
  c.add_node("node1");
  c.add_node("node2");
  c.add_resource("pgsql", true);
  return c;
}

} // namespace

TEST_CASE("fake cluster writes only on change through the update helpers", "[fake_cluster]") {
  auto c = two_nodes();
  auto d = Deadline::after(5s);
  CHECK(c.update_node_attribute("node1", "pgsql-status", "PRI", Lifetime::reboot, d));
  CHECK_FALSE(c.update_node_attribute("node1", "pgsql-status", "PRI", Lifetime::reboot, d));
  CHECK(c.update_promotion_score("pgsql", "node2", -k_score_infinity, d));
  CHECK_FALSE(c.update_promotion_score("pgsql", "node2", -k_score_infinity, d));
  CHECK(c.update_property("pgsql_REPL_INFO", "node1|1|00000000070000D0", d));
  CHECK_FALSE(c.remove_node_attribute("node2", "pgsql-xlog-loc", Lifetime::reboot, d));
  CHECK(c.calls() == std::vector<std::string>{
                         "set_node_attribute node1 pgsql-status PRI reboot",
                         "set_promotion_score pgsql node2 -INFINITY",
                         "set_property pgsql_REPL_INFO node1|1|00000000070000D0",
                     });
  CHECK(c.get_node_attribute("node2", "master-pgsql", Lifetime::reboot, d) == "-INFINITY");
}

TEST_CASE("fake cluster is strict about names", "[fake_cluster]") {
  auto c = two_nodes();
  auto d = Deadline::after(5s);
  CHECK_THROWS_AS(c.set_node_attribute("node9", "a", "b", Lifetime::reboot, d), ClusterError);
  CHECK_THROWS_AS(c.cleanup("nosuch", std::nullopt, d), ClusterError);
  CHECK_THROWS_AS(c.local_node_name(std::nullopt, d), ClusterError);
  CHECK(c.local_node_name(std::string("node2"), d) == "node2");
  CHECK_THROWS_AS(c.view(Deadline::after(0ms)), ClusterError);
}

TEST_CASE("fake cluster injects failures and reports a view", "[fake_cluster]") {
  auto c = two_nodes();
  auto d = Deadline::after(5s);
  c.fail_next("set_promotion_score pgsql node1");
  CHECK_THROWS_AS(c.set_promotion_score("pgsql", "node1", 1000, d), ClusterError);
  c.set_promotion_score("pgsql", "node1", 1000, d);
  c.set_role("pgsql", "node1", "Promoted");
  c.set_role("pgsql", "node2", "Unpromoted");
  c.set_online("node2", false);
  c.set_fail_count("pgsql", "node2", 3);
  c.set_dc(std::string("node1"));
  c.set_node_standby("node1", true, d);
  auto v = c.view(d);
  CHECK(v.promoted_nodes("pgsql") == std::vector<std::string>{"node1"});
  CHECK(v.online_nodes() == std::vector<std::string>{"node1"});
  CHECK(v.online_nodes(true).empty());
  CHECK(v.fail_count("pgsql", "node2") == 3);
  CHECK(v.dc == "node1");
  CHECK(v.node("node1")->attributes.at("master-pgsql") == "1000");
  c.cleanup("pgsql", std::nullopt, d);
  CHECK(c.view(d).fail_count("pgsql", "node2") == 0);
  c.ban("pgsql", "node2", true, d);
  CHECK(c.constraints() == std::vector<std::string>{"ban pgsql node2 promoted"});
  c.clear("pgsql", std::nullopt, d);
  CHECK(c.constraints().empty());
}
