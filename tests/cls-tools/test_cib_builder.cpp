#include "cls-tools/lib/cib_builder.hpp"
#include "tests/cls-tools/cls_fixtures.hpp"

#include <catch2/catch.hpp>

#include <pugixml.hpp>

using namespace pgha;
using namespace pgha::cls;

namespace {

pugi::xml_document parse(const std::string& xml) {
  pugi::xml_document doc;
  REQUIRE(doc.load_string(xml.c_str()));
  return doc;
}

std::string xpath_value(const pugi::xml_document& doc, const char* query) {
  auto n = doc.select_node(query);
  if (!n)
    return "<none>";
  return n.attribute() ? n.attribute().value() : n.node().attribute("value").value();
}

} // namespace

TEST_CASE("the dual configuration has the clone, both VIPs and their constraints") {
  auto c = test::dual_config();
  auto doc = parse(build_cib(empty_cib(), c, {}));
  CHECK(
      xpath_value(doc, "//clone[@id='msPostgresql']/meta_attributes/nvpair[@name='promotable']") ==
      "true");
  CHECK(xpath_value(doc, "//clone/meta_attributes/nvpair[@name='notify']") == "true");
  CHECK(xpath_value(doc, "//clone/meta_attributes/nvpair[@name='promoted-max']") == "1");
  CHECK(xpath_value(doc, "//clone/meta_attributes/nvpair[@name='migration-threshold']") == "3");
  CHECK(xpath_value(doc, "//clone/primitive[@id='pgsql']/@provider") == "pgha");
  CHECK(xpath_value(doc, "//clone/primitive[@id='pgsql']/@type") == "expgsql");
  CHECK(xpath_value(doc, "//primitive[@id='pgsql']//nvpair[@name='node_list']") == "n1 n2");
  CHECK(xpath_value(doc, "//primitive[@id='pgsql']//nvpair[@name='master_ip']") == "10.0.0.10");
  CHECK(xpath_value(doc, "//primitive[@id='pgsql']//nvpair[@name='distlock_lockname']") == "cls1");
  CHECK(xpath_value(doc,
                    "//primitive[@id='pgsql']//op[@name='monitor'][@role='Promoted']/@interval") ==
        "3s");
  CHECK(xpath_value(doc, "//primitive[@id='pgsql']//op[@name='stop']/@on-fail") == "block");
  // A refused demote must not stop the whole clone (on-fail=stop would).
  CHECK(xpath_value(doc, "//primitive[@id='pgsql']//op[@name='demote']/@on-fail") == "restart");
  CHECK(xpath_value(doc, "//primitive[@id='vip-master']//nvpair[@name='ip']") == "10.0.0.10");
  CHECK(xpath_value(doc, "//primitive[@id='vip-slave']//nvpair[@name='cidr_netmask']") == "24");
  CHECK(xpath_value(doc, "//rsc_colocation[@id='col-vip-master']/@with-rsc-role") == "Promoted");
  CHECK(xpath_value(doc, "//rsc_colocation[@id='col-vip-slave']/@with-rsc-role") == "Unpromoted");
  CHECK(xpath_value(doc, "//rsc_order[@id='ord-vip-master-promote']/@first-action") == "promote");
  CHECK(xpath_value(doc, "//nvpair[@name='stonith-enabled']") == "false");
  CHECK(xpath_value(doc, "//nvpair[@name='no-quorum-policy']") == "ignore");
  CHECK(xpath_value(doc, "//rsc_location[@id='loc-vip-slave-sync']/@id") == "<none>");
  CHECK(std::string(build_cib(empty_cib(), c, {})).find("password") == std::string::npos);
}

TEST_CASE("multi uses no-quorum-policy=stop and prefers the sync standby for reads") {
  auto c = test::multi_config();
  auto doc = parse(build_cib(empty_cib(), c, {}));
  CHECK(xpath_value(doc, "//nvpair[@name='no-quorum-policy']") == "stop");
  CHECK(xpath_value(doc, "//rsc_location[@id='loc-vip-slave-sync']//expression/@attribute") ==
        "pgsql-status");
  CHECK(xpath_value(doc, "//primitive[@id='pgsql']//nvpair[@name='enable_distlock']") == "false");
}

TEST_CASE("rebuilding keeps foreign content and REPL_INFO, and replaces our own") {
  auto c = test::dual_config();
  std::string current =
      "<cib validate-with=\"pacemaker-3.9\" epoch=\"5\" admin_epoch=\"0\" num_updates=\"0\">"
      "<configuration><crm_config><cluster_property_set id=\"cib-bootstrap-options\">"
      "<nvpair id=\"dc\" name=\"dc-version\" value=\"2.1.5\"/></cluster_property_set>"
      "<cluster_property_set id=\"pgsql_replication\"><nvpair id=\"ri\" name=\"pgsql_REPL_INFO\" "
      "value=\"n1|1|00000000070000D0\"/></cluster_property_set></crm_config>"
      "<nodes><node id=\"1\" uname=\"n1\"/></nodes><resources><primitive id=\"other\" "
      "class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"/></resources><constraints/>"
      "</configuration><status/></cib>";
  auto once = build_cib(current, c, {});
  auto twice = build_cib(once, c, {});
  CHECK(once == twice);
  auto doc = parse(twice);
  CHECK(xpath_value(doc, "//nvpair[@name='dc-version']") == "2.1.5");
  CHECK(xpath_value(doc, "//nvpair[@name='pgsql_REPL_INFO']") == "n1|1|00000000070000D0");
  CHECK(xpath_value(doc, "//primitive[@id='other']/@type") == "Dummy");
  CHECK(xpath_value(doc, "//node[@id='1']/@uname") == "n1");
  CHECK(doc.select_nodes("//clone[@id='msPostgresql']").size() == 1);
  CHECK(doc.select_nodes("//rsc_colocation[@id='col-vip-master']").size() == 1);

  SECTION("master forces REPL_INFO where it is") {
    auto forced = parse(build_cib(current, c, {std::string("n2")}));
    CHECK(xpath_value(forced, "//nvpair[@name='pgsql_REPL_INFO']") == "n2");
    CHECK(forced.select_nodes("//nvpair[@name='pgsql_REPL_INFO']").size() == 1);
  }
}

TEST_CASE("an old schema gets Master/Slave roles") {
  auto c = test::dual_config();
  std::string old = "<cib validate-with=\"pacemaker-3.0\"><configuration><crm_config/><nodes/>"
                    "<resources/><constraints/></configuration><status/></cib>";
  auto doc = parse(build_cib(old, c, {}));
  CHECK(xpath_value(doc, "//rsc_colocation[@id='col-vip-master']/@with-rsc-role") == "Master");
}
