#include "common/base/error.hpp"
#include "common/cluster/crm_parse.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using namespace pgha;
using namespace pgha::cluster;

namespace {

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(PGHA_SOURCE_DIR) + "/tests/fixtures/crm/" + name);
  REQUIRE(in);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

} // namespace

TEST_CASE("crm_mon XML of a promoted two-node clone", "[crm_parse]") {
  auto v = parse::crm_mon_xml(fixture("crm_mon_two_nodes_promoted.xml"));
  CHECK(v.dc == "node1");
  CHECK(v.have_quorum);
  CHECK_FALSE(v.stonith_enabled);
  CHECK_FALSE(v.maintenance_mode);
  REQUIRE(v.nodes.size() == 3);
  CHECK(v.online_nodes() == std::vector<std::string>{"node1", "node2"});
  REQUIRE(v.node("node3") != nullptr);
  CHECK_FALSE(v.node("node3")->online);
  CHECK(v.node("node1")->is_dc);
  CHECK(v.node("node1")->attributes.at("master-pgsql") == "1000");
  CHECK(v.node("node2")->attributes.at("pgsql-data-status") == "STREAMING|SYNC");

  CHECK(v.promoted_nodes("pgsql") == std::vector<std::string>{"node1"});
  CHECK(v.promoted_nodes("pgsql-clone") == std::vector<std::string>{"node1"});
  CHECK(v.role_on("pgsql", "node2") == "Unpromoted");
  CHECK(v.role_on("pgsql", "node3") == "Stopped");
  CHECK(v.role_on("vip-master", "node1") == "Started");
  const auto* clone = v.resource("pgsql");
  REQUIRE(clone != nullptr);
  CHECK(clone->id == "pgsql-clone");
  CHECK(clone->promotable);
  CHECK(clone->agent == "ocf:pacemaker:Stateful");
  CHECK(v.fail_count("pgsql", "node2") == 2);
  CHECK(v.fail_count("pgsql", "node1") == 0);
}

TEST_CASE("crm_mon XML without a DC has no quorum", "[crm_parse]") {
  auto v = parse::crm_mon_xml(fixture("crm_mon_no_dc.xml"));
  CHECK_FALSE(v.dc.has_value());
  CHECK_FALSE(v.have_quorum);
  CHECK(v.nodes.size() == 2);
  CHECK(v.resources.empty());
}

TEST_CASE("malformed or failed crm_mon output is a ClusterError", "[crm_parse]") {
  CHECK_THROWS_AS(parse::crm_mon_xml("not xml <"), ClusterError);
  CHECK_THROWS_AS(parse::crm_mon_xml("<other/>"), ClusterError);
  CHECK_THROWS_AS(
      parse::crm_mon_xml(
          R"(<pacemaker-result><status code="102" message="Not connected"/></pacemaker-result>)"),
      ClusterError);
}

TEST_CASE("crm_attribute and crm_node output", "[crm_parse]") {
  CHECK(parse::attribute_query("PRI\n") == "PRI");
  CHECK(parse::attribute_query("\n") == "");
  CHECK_FALSE(parse::attribute_query("(null)\n").has_value());
  CHECK_THROWS_AS(parse::attribute_query("a\nb\n"), ClusterError);
  CHECK(parse::node_name("node1\n") == "node1");
  CHECK_THROWS_AS(parse::node_name("\n"), ClusterError);
}

TEST_CASE("values read from a cibadmin -Q document", "[crm_parse]") {
  auto cib = fixture("two_nodes_promoted.xml");
  CHECK(parse::cib_property(cib, "pgsql_REPL_INFO") == "node1|1|0000000003000060");
  CHECK(parse::cib_property(cib, "stonith-enabled") == "false");
  CHECK_FALSE(parse::cib_property(cib, "nothere").has_value());
  CHECK(parse::cib_node_attribute(cib, "node2", "pgsql-status", true) == "HS:sync");
  CHECK(parse::cib_node_attribute(cib, "node2", "pgsql-data-status", false) == "STREAMING|SYNC");
  CHECK_FALSE(parse::cib_node_attribute(cib, "node2", "pgsql-status", false).has_value());
  CHECK_FALSE(parse::cib_node_attribute(cib, "node3", "pgsql-status", true).has_value());
}
