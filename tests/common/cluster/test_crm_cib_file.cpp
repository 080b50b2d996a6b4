// Real Pacemaker tools (crm_attribute, crm_resource, crm_mon, cibadmin, crm_verify) on a copy
// of a fixture CIB through CIB_file: no daemons. crm_resource --cleanup is not covered: in
// 2.1.5 it crashes (SIGSEGV) under CIB_file.
#include "common/base/error.hpp"
#include "common/cluster/crm_cluster.hpp"
#include "common/cluster/crm_parse.hpp"
#include "common/proc/runner.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace pgha;
using namespace pgha::cluster;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

struct CibFile {
  test::TempDir dir{"cib"};
  fs::path path;
  proc::PosixRunner runner;
  CrmCluster cluster;

  explicit CibFile(const std::string& fixture)
      : path(dir.path() / "cib.xml"), cluster(runner, options(path)) {
    if (!fs::exists("/usr/sbin/crm_attribute"))
      FAIL("test prerequisite missing: /usr/sbin/crm_attribute (install pacemaker-cli-utils)");
    fs::copy_file(fs::path(PGHA_SOURCE_DIR) / "tests/fixtures/crm" / fixture, path);
  }
  static CrmOptions options(const fs::path& p) {
    CrmOptions o;
    o.cib_file = p.string();
    return o;
  }
  std::string text() const {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
};

Deadline soon() {
  return Deadline::after(20s);
}

} // namespace

TEST_CASE("transient and permanent node attributes in a CIB file", "[cib_file]") {
  CibFile cib("two_nodes_promoted.xml");
  auto& c = cib.cluster;
  CHECK(c.get_node_attribute("node2", "pgsql-status", Lifetime::reboot, soon()) == "HS:sync");
  CHECK_FALSE(c.get_node_attribute("node2", "pgsql-xlog-loc", Lifetime::reboot, soon()));
  c.set_node_attribute("node2", "pgsql-xlog-loc", "0000000003000060", Lifetime::reboot, soon());
  CHECK(c.get_node_attribute("node2", "pgsql-xlog-loc", Lifetime::reboot, soon()) ==
        "0000000003000060");
  CHECK(parse::cib_node_attribute(cib.text(), "node2", "pgsql-xlog-loc", true) ==
        "0000000003000060");
  CHECK_FALSE(c.update_node_attribute("node2", "pgsql-xlog-loc", "0000000003000060",
                                      Lifetime::reboot, soon()));
  CHECK(c.remove_node_attribute("node2", "pgsql-xlog-loc", Lifetime::reboot, soon()));
  CHECK_FALSE(c.get_node_attribute("node2", "pgsql-xlog-loc", Lifetime::reboot, soon()));
  c.delete_node_attribute("node2", "pgsql-xlog-loc", Lifetime::reboot, soon()); // absent: fine

  CHECK(c.update_node_attribute("node1", "pgsql-data-status", "DISCONNECT", Lifetime::forever,
                                soon()));
  CHECK(parse::cib_node_attribute(cib.text(), "node1", "pgsql-data-status", false) == "DISCONNECT");
  CHECK_FALSE(c.get_node_attribute("node1", "pgsql-data-status", Lifetime::reboot, soon()));
  CHECK(c.update_node_attribute("node1", "pgsql-data-status", "STREAMING|ASYNC", Lifetime::forever,
                                soon()));
  CHECK(c.get_node_attribute("node1", "pgsql-data-status", Lifetime::forever, soon()) ==
        "STREAMING|ASYNC");
}

TEST_CASE("an unknown node is an error, not an absent attribute", "[cib_file]") {
  CibFile cib("two_nodes_promoted.xml");
  CHECK_THROWS_AS(cib.cluster.get_node_attribute("node9", "x", Lifetime::reboot, soon()),
                  ClusterError);
  CHECK_THROWS_AS(cib.cluster.set_node_attribute("node9", "x", "1", Lifetime::reboot, soon()),
                  ClusterError);
}

TEST_CASE("promotion scores including -INFINITY in a CIB file", "[cib_file]") {
  CibFile cib("two_nodes_promoted.xml");
  auto& c = cib.cluster;
  CHECK(c.get_promotion_score("pgsql", "node1", soon()) == 1000);
  CHECK(c.get_promotion_score("pgsql", "node2", soon()) == 100);
  c.set_promotion_score("pgsql", "node2", -k_score_infinity, soon());
  CHECK(c.get_promotion_score("pgsql", "node2", soon()) == -k_score_infinity);
  CHECK(parse::cib_node_attribute(cib.text(), "node2", "master-pgsql", true) == "-INFINITY");
  CHECK_FALSE(c.update_promotion_score("pgsql", "node2", -k_score_infinity, soon()));
  CHECK(c.update_promotion_score("pgsql", "node2", 110, soon()));
  CHECK(c.get_promotion_score("pgsql", "node2", soon()) == 110);
  c.delete_promotion_score("pgsql", "node2", soon());
  CHECK_FALSE(c.get_promotion_score("pgsql", "node2", soon()));
  c.set_promotion_score("pgsql", "node2", k_score_infinity, soon());
  CHECK(c.get_promotion_score("pgsql", "node2", soon()) == k_score_infinity);
}

TEST_CASE("REPL_INFO cluster property in a CIB file", "[cib_file]") {
  CibFile cib("two_nodes_promoted.xml");
  auto& c = cib.cluster;
  CHECK(c.get_property("pgsql_REPL_INFO", soon()) == "node1|1|0000000003000060");
  CHECK(c.update_property("pgsql_REPL_INFO", "node2|2|0000000004000028", soon()));
  CHECK(c.get_property("pgsql_REPL_INFO", soon()) == "node2|2|0000000004000028");
  CHECK(parse::cib_property(cib.text(), "pgsql_REPL_INFO") == "node2|2|0000000004000028");
  CHECK_FALSE(c.update_property("pgsql_REPL_INFO", "node2|2|0000000004000028", soon()));
  c.delete_property("pgsql_REPL_INFO", soon());
  CHECK_FALSE(c.get_property("pgsql_REPL_INFO", soon()));
  c.set_property("pgsql_REPL_INFO", "node1", soon());
  CHECK(c.get_property("pgsql_REPL_INFO", soon()) == "node1");
}

TEST_CASE("cluster view from crm_mon on a CIB file", "[cib_file]") {
  CibFile cib("two_nodes_promoted.xml");
  auto& c = cib.cluster;
  auto v = c.view(soon());
  CHECK(v.dc == "node1");
  CHECK(v.have_quorum);
  CHECK(v.promoted_nodes("pgsql") == std::vector<std::string>{"node1"});
  CHECK(v.role_on("pgsql", "node2") == "Unpromoted");
  CHECK(v.online_nodes() == std::vector<std::string>{"node1", "node2"});
  CHECK(v.fail_count("pgsql", "node2") == 2);

  c.set_node_standby("node2", true, soon());
  c.set_managed("pgsql-clone", false, soon());
  c.set_maintenance_mode(true, soon());
  v = c.view(soon());
  CHECK(v.node("node2")->standby);
  CHECK(v.online_nodes(true) == std::vector<std::string>{"node1"});
  CHECK_FALSE(v.resource("pgsql-clone")->managed);
  CHECK(v.maintenance_mode);
  c.set_node_standby("node2", false, soon());
  c.set_managed("pgsql-clone", true, soon());
  c.set_maintenance_mode(false, soon());
  v = c.view(soon());
  CHECK_FALSE(v.node("node2")->standby);
  CHECK(v.resource("pgsql-clone")->managed);
  CHECK_FALSE(v.maintenance_mode);
}

TEST_CASE("ban, move and clear constraints in a CIB file", "[cib_file]") {
  CibFile cib("two_nodes_promoted.xml");
  auto& c = cib.cluster;
  c.ban("pgsql-clone", "node2", true, soon());
  CHECK(cib.text().find("cli-ban-pgsql-clone-on-node2") != std::string::npos);
  c.clear("pgsql-clone", std::nullopt, soon());
  CHECK(cib.text().find("cli-ban-pgsql-clone-on-node2") == std::string::npos);
  c.move("pgsql-clone", "node2", true, soon());
  CHECK(cib.text().find("cli-prefer-pgsql-clone") != std::string::npos);
  c.clear("pgsql-clone", std::string("node2"), soon());
  CHECK(cib.text().find("cli-prefer-pgsql-clone") == std::string::npos);
}

TEST_CASE("load, query and verify CIB documents", "[cib_file]") {
  CibFile cib("two_nodes_promoted.xml");
  auto& c = cib.cluster;
  auto doc = c.query_cib(soon());
  CHECK(parse::cib_property(doc, "pgsql_REPL_INFO") == "node1|1|0000000003000060");
  CHECK(c.verify(doc, soon()).valid);
  auto bad = c.verify("<cib/>", soon());
  CHECK_FALSE(bad.valid);
  CHECK(bad.exit_code != 0);

  c.create_in_section(
      "resources", R"(<primitive id="vip-slave" class="ocf" provider="pacemaker" type="Dummy"/>)",
      soon());
  CHECK(c.view(soon()).resource("vip-slave") != nullptr);
  CHECK_THROWS_AS(c.create_in_section("resources", "<primitive id=\"x\"/>", soon()), ClusterError);

  // Replace the whole CIB with the one read before (its admin_epoch raised: Pacemaker refuses
  // a replacement older than the current CIB): vip-slave is gone again.
  auto at = doc.find("admin_epoch=\"0\"");
  REQUIRE(at != std::string::npos);
  doc.replace(at, 15, "admin_epoch=\"1\"");
  c.replace_cib(doc, soon());
  CHECK(c.view(soon()).resource("vip-slave") == nullptr);
}

TEST_CASE("local node name comes from CRM_meta_on_node when given", "[cib_file]") {
  CibFile cib("two_nodes_promoted.xml");
  CHECK(cib.cluster.local_node_name(std::string("node2"), soon()) == "node2");
}

TEST_CASE("set_all writes a property, scores and an attribute into a CIB file", "[cib_file]") {
  CibFile cib("two_nodes_promoted.xml");
  auto& c = cib.cluster;
  c.set_all({Write::property("pgsql_REPL_INFO", "node2|3|0000000003000060|4"),
             Write::promotion_score("pgsql", "node1", -1000000),
             Write::promotion_score("pgsql", "node2", 1000),
             Write::node_attribute("node2", "pgsql-master-baseline", "0000000003000060",
                                   Lifetime::reboot)},
            soon());
  CHECK(c.get_property("pgsql_REPL_INFO", soon()) == "node2|3|0000000003000060|4");
  CHECK(c.get_promotion_score("pgsql", "node1", soon()) == -1000000);
  CHECK(c.get_promotion_score("pgsql", "node2", soon()) == 1000);
  CHECK(c.get_node_attribute("node2", "pgsql-master-baseline", Lifetime::reboot, soon()) ==
        "0000000003000060");
}
