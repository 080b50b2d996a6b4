#include "common/base/error.hpp"
#include "common/cluster/crm_argv.hpp"

#include <catch2/catch.hpp>

using namespace pgha;
using namespace pgha::cluster;
using V = std::vector<std::string>;

TEST_CASE("promotion scores use --promotion=RSC and --update=VALUE", "[crm_argv]") {
  // -INFINITY as a separate argument is re-parsed as `-I -N FINITY` by Pacemaker 2.1.5.
  CHECK(argv::promotion_set("pgsql", "node1", -k_score_infinity) ==
        V{"crm_attribute", "--promotion=pgsql", "--node=node1", "--update=-INFINITY"});
  CHECK(argv::promotion_set("pgsql", "node1", 1000) ==
        V{"crm_attribute", "--promotion=pgsql", "--node=node1", "--update=1000"});
  CHECK(argv::promotion_query("pgsql", "node2") ==
        V{"crm_attribute", "--promotion=pgsql", "--node=node2", "--query", "--quiet"});
  CHECK(argv::promotion_delete("pgsql", "node2") ==
        V{"crm_attribute", "--promotion=pgsql", "--node=node2", "--delete"});
}

TEST_CASE("node attributes carry node, name and lifetime", "[crm_argv]") {
  CHECK(argv::node_attribute_set("node1", "pgsql-status", "HS:sync", Lifetime::reboot) ==
        V{"crm_attribute", "--node=node1", "--name=pgsql-status", "--lifetime=reboot",
          "--update=HS:sync"});
  CHECK(argv::node_attribute_query("node1", "pgsql-data-status", Lifetime::forever) ==
        V{"crm_attribute", "--node=node1", "--name=pgsql-data-status", "--lifetime=forever",
          "--query", "--quiet"});
  CHECK(argv::node_attribute_delete("node1", "x", Lifetime::reboot).back() == "--delete");
  SECTION("values with a leading dash stay one argument") {
    CHECK(argv::node_attribute_set("n", "a", "-v", Lifetime::reboot).back() == "--update=-v");
  }
}

TEST_CASE("cluster properties live in crm_config", "[crm_argv]") {
  CHECK(argv::property_set("pgsql_REPL_INFO", "node1|1|00000000070000D0") ==
        V{"crm_attribute", "--type=crm_config", "--name=pgsql_REPL_INFO",
          "--update=node1|1|00000000070000D0"});
  CHECK(argv::property_query("pgsql_REPL_INFO").back() == "--quiet");
  CHECK(argv::maintenance_mode(true) ==
        V{"crm_attribute", "--type=crm_config", "--name=maintenance-mode", "--update=true"});
}

TEST_CASE("resource operations", "[crm_argv]") {
  CHECK(argv::resource_cleanup("pgsql", std::nullopt) ==
        V{"crm_resource", "--cleanup", "--resource=pgsql"});
  CHECK(argv::resource_cleanup("pgsql", "node2") ==
        V{"crm_resource", "--cleanup", "--resource=pgsql", "--node=node2"});
  CHECK(argv::resource_move("pgsql-clone", "node2", true) ==
        V{"crm_resource", "--move", "--resource=pgsql-clone", "--node=node2", "--promoted"});
  CHECK(argv::resource_ban("pgsql-clone", "node1", false) ==
        V{"crm_resource", "--ban", "--resource=pgsql-clone", "--node=node1"});
  CHECK(argv::resource_clear("pgsql-clone", std::nullopt) ==
        V{"crm_resource", "--clear", "--resource=pgsql-clone"});
  CHECK(argv::resource_set_managed("pgsql-clone", false) ==
        V{"crm_resource", "--resource=pgsql-clone", "--meta", "--set-parameter=is-managed",
          "--parameter-value=false"});
  CHECK(argv::resource_set_target_role("msPostgresql", "Stopped") ==
        V{"crm_resource", "--resource=msPostgresql", "--meta", "--set-parameter=target-role",
          "--parameter-value=Stopped"});
  CHECK_THROWS_AS(argv::resource_set_target_role("msPostgresql", "Stopped; rm"),
                  pgha::ClusterError);
  CHECK(argv::node_standby("node1", true) ==
        V{"crm_attribute", "--node=node1", "--name=standby", "--lifetime=forever", "--update=on"});
  CHECK(argv::cib_create("resources") ==
        V{"cibadmin", "--create", "--scope=resources", "--xml-pipe"});
  CHECK(argv::crm_mon_xml() == V{"crm_mon", "--one-shot", "--output-as=xml", "--include=all"});
}

TEST_CASE("names that could be read as options or break quoting are refused", "[crm_argv]") {
  CHECK_THROWS_AS(argv::node_attribute_set("-N", "a", "v", Lifetime::reboot), ClusterError);
  CHECK_THROWS_AS(argv::node_attribute_set("node 1", "a", "v", Lifetime::reboot), ClusterError);
  CHECK_THROWS_AS(argv::promotion_set("", "node1", 1), ClusterError);
  CHECK_THROWS_AS(argv::property_set("a\"b", "v"), ClusterError);
}

TEST_CASE("scores format and parse like Pacemaker", "[score]") {
  CHECK(format_score(k_score_infinity) == "INFINITY");
  CHECK(format_score(-k_score_infinity) == "-INFINITY");
  CHECK(format_score(5000000) == "INFINITY");
  CHECK(format_score(-100) == "-100");
  CHECK(parse_score("-INFINITY") == -k_score_infinity);
  CHECK(parse_score("+INFINITY") == k_score_infinity);
  CHECK(parse_score("INFINITY") == k_score_infinity);
  CHECK(parse_score("110") == 110);
  CHECK(parse_score("+5") == 5);
  CHECK(parse_score("99999999") == k_score_infinity);
  CHECK_FALSE(parse_score("abc").has_value());
  CHECK_FALSE(parse_score("").has_value());
}
