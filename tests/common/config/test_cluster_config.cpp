#include "common/base/error.hpp"
#include "common/config/cluster_config.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

using namespace pgha;
using namespace pgha::config;

namespace {

const std::string k_dual = "cluster_type=dual\n"
                           "writer_vip=192.168.0.236\n"
                           "reader_vip=192.168.0.237\n"
                           "node1=node1\n"
                           "node2=node2\n";

std::string error_of(const std::string& text) {
  try {
    parse_config(text, "c.ini");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

std::string param(const ClusterConfig& c, const std::string& name) {
  for (const auto& [k, v] : c.agent_params())
    if (k == name)
      return v;
  return "<unset>";
}

} // namespace

TEST_CASE("a minimal dual configuration gets every default") {
  auto c = parse_config(k_dual, "c.ini");
  CHECK(c.cluster_type == ClusterType::dual);
  CHECK(c.nodes == std::vector<std::string>{"node1", "node2"});
  CHECK(c.resource_name == "pgsql");
  CHECK(c.clone_name == "msPostgresql");
  CHECK(c.pgdata == "/var/lib/postgresql/15/main");
  CHECK(c.bindir() == "/usr/lib/postgresql/15/bin"); // the newest installed here (Debian 12)
  CHECK(param(c, "pgctl") == "<unset>");             // expgsql derives its own
  CHECK(c.pgport == 5432);
  CHECK(c.attribute_names().data_status == "pgsql-data-status");
  CHECK(c.repl_info_name() == "pgsql_REPL_INFO");
  CHECK_FALSE(c.enable_distlock);
  CHECK(param(c, "node_list") == "node1 node2");
  CHECK(param(c, "master_ip") == "192.168.0.236");
  CHECK(param(c, "rep_mode") == "sync");
  CHECK(param(c, "distlock_conninfo") == "<unset>");
  auto it = std::find_if(c.settings.begin(), c.settings.end(),
                         [](const Setting& s) { return s.key == "writer_vip"; });
  REQUIRE(it != c.settings.end());
  CHECK(it->origin == "c.ini:2");
}

TEST_CASE("a pha4pgsql dual sample is read, with its password line replaced") {
  std::string seed = "cluster_type=dual\n"
                     "pcs_template=dual.pcs.template\n"
                     "OCF_ROOT=/usr/lib/ocf\n"
                     "RESOURCE_LIST=\"msPostgresql vip-master vip-slave\"\n"
                     "pha4pgsql_dir=/opt/pha4pgsql\n"
                     "writer_vip=192.168.41.136\n"
                     "reader_vip=192.168.41.137\n"
                     "node1=node1\n"
                     "node2=node2\n"
                     "vip_nic=eno33554984\n"
                     "vip_cidr_netmask=24\n"
                     "pgsql_pgctl=/usr/bin/pg_ctl\n"
                     "pgsql_psql=/usr/bin/psql\n"
                     "pgsql_pgdata=/data/postgresql/data\n"
                     "pgsql_restore_command=\"\"\n"
                     "pgsql_rep_mode=sync\n"
                     "pgsql_repuser=replication\n"
                     "pgsql_enable_distlock=true\n"
                     "distlock_conninfo='host=node3 port=5439 dbname=postgres user=postgres'\n"
                     "pgsql_distlock_lockname=pgsql_cls1\n";
  auto c = parse_config(seed, "seed.ini");
  CHECK(c.enable_distlock);
  CHECK(c.distlock_lockname == "pgsql_cls1");
  CHECK(c.vip_cidr_netmask == 24);
  CHECK(c.warnings.size() == 6);
  CHECK(param(c, "distlock_lockservice_deadcheck_nodelist") == "node1 node2");

  SECTION("the password key is refused with a hint") {
    auto e = error_of(seed + "pgsql_reppassord=replication\n");
    CHECK(e.find("c.ini:21:") == 0);
    CHECK(e.find("HINT:") != std::string::npos);
    CHECK(e.find("pgsql_passfile") != std::string::npos);
  }
  SECTION("the psql lock command is refused with a hint") {
    auto e = error_of(seed + "pgsql_distlock_psql_cmd='/usr/bin/psql \\\\\"host=x\\\\\"'\n");
    CHECK(e.find("distlock_conninfo") != std::string::npos);
  }
}

TEST_CASE("passwords are refused wherever they appear") {
  CHECK(error_of(k_dual + "enable_distlock=true\ndistlock_lockname=l\n"
                          "distlock_conninfo='host=x password=secret'\n")
            .find("contains a password") != std::string::npos);
  CHECK(error_of(k_dual + "pgsql_primary_conninfo_opt='password=x'\n").find("HINT:") !=
        std::string::npos);
  CHECK(error_of(k_dual + "enable_distlock=true\ndistlock_lockname=l\n"
                          "distlock_conninfo=postgresql://u:pw@h/db\n")
            .find("password") != std::string::npos);
  CHECK(error_of(k_dual + "my_password=x\n").find("refused") != std::string::npos);
  // libpq's parser decides (common/pq): a value it cannot parse is refused too.
  CHECK(error_of(k_dual + "pgsql_primary_conninfo_opt=\"sslmode='require\"\n")
            .find("is not a valid conninfo") != std::string::npos);
  auto ok = parse_config(k_dual + "pgsql_passfile=/var/lib/postgresql/.pgpass\n", "c.ini");
  CHECK(param(ok, "primary_conninfo_opt") ==
        "keepalives_idle=60 keepalives_interval=5 keepalives_count=5 "
        "passfile=/var/lib/postgresql/.pgpass");
}

TEST_CASE("unknown keys, bad values and inconsistent settings are refused with the line") {
  CHECK(error_of(k_dual + "writer_vipp=1.2.3.4\n").find("c.ini:6: unknown key") == 0);
  CHECK(error_of(k_dual + "pgsql_pgport=70000\n").find("c.ini:6:") == 0);
  CHECK(error_of(k_dual + "cluster_type=multi\n").find("set twice (lines 1 and 6)") !=
        std::string::npos);
  CHECK(error_of("writer_vip=10.0.0.1/24\nnode1=a\nnode2=b\n").find("c.ini:1:") == 0);
  CHECK(error_of("writer_vip=10.0.0.1\nnode1=a\nnode3=b\n")
            .find("\"node3\" is set but "
                  "\"node2\" is not") != std::string::npos);
  CHECK(error_of("writer_vip=10.0.0.1\nnode1=a\nnode2=a\n").find("twice") != std::string::npos);
  CHECK(error_of("node1=a\nnode2=b\n").find("required key \"writer_vip\"") != std::string::npos);
  CHECK(error_of(k_dual + "node3=node3\n").find("cluster_type=multi") != std::string::npos);
  CHECK(error_of(k_dual + "enable_distlock=yes\n").find("distlock_conninfo") != std::string::npos);
  CHECK(error_of(k_dual + "pgsql_pgdata=5432\n").find("absolute path") != std::string::npos);
  CHECK(error_of(k_dual + "monitor_interval=3\n").find("different intervals") != std::string::npos);
  CHECK(error_of(k_dual + "resource_name=1bad\n").find("resource id") != std::string::npos);
}

TEST_CASE("with the lock, the monitor intervals must fit in the lease") {
  const std::string lock = k_dual + "enable_distlock=true\ndistlock_lockname=l\n"
                                    "distlock_conninfo='host=lockserver dbname=pgha'\n";
  CHECK_NOTHROW(parse_config(lock, "c.ini")); // defaults: 3 s and 4 s against ttl 9 s
  CHECK(error_of(lock + "distlock_ttl=4\n").find("c.ini:9: \"promoted_monitor_interval\" (3 s)") ==
        0);
  // 3 s + 1.8 s renewal + 1 s fence fit in the 6.75 s a 9 s lease protects; 5 s do not.
  CHECK(error_of(lock + "promoted_monitor_interval=5\n").find("6750 ms") != std::string::npos);
  CHECK(error_of(lock + "monitor_interval=10\n").find("go stale") != std::string::npos);
  CHECK_NOTHROW(parse_config(lock + "distlock_ttl=20\nmonitor_interval=10\n", "c.ini"));
  CHECK_NOTHROW(parse_config(k_dual + "monitor_interval=30\n", "c.ini")); // no lock, no limit
}

TEST_CASE("a multi configuration collects numbered nodes and othernodes") {
  auto c = parse_config("cluster_type=multi\nwriter_vip=10.0.0.10\nnode1=a\nnode2=b\nnode3=c\n"
                        "othernodes=\"d e\"\n",
                        "c.ini");
  CHECK(c.cluster_type == ClusterType::multi);
  CHECK(c.nodes == std::vector<std::string>{"a", "b", "c", "d", "e"});
  CHECK(c.reader_vip.empty());
  CHECK(param(c, "node_list") == "a b c d e");
}

TEST_CASE("without pgsql_pgctl the tools use the data directory's major") {
  auto dir = std::filesystem::temp_directory_path() / "pgha-cls-pgversion-test";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "PG_VERSION") << "17\n";
  auto c = parse_config(k_dual, "c.ini");
  c.pgdata = dir.string();
  CHECK(c.bindir() == "/usr/lib/postgresql/17/bin");
  c.pgctl = "/opt/pg/bin/pg_ctl";
  CHECK(c.bindir() == "/opt/pg/bin");
  std::filesystem::remove_all(dir);
}
