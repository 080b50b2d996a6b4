#include "agent/core/param_validators.hpp"
#include "agent/core/params.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace pgha::agent::core;

namespace {

EnvMap minimal_env() {
  return {{"OCF_RESKEY_node_list", "node1 node2"}, {"OCF_RESKEY_master_ip", "10.0.0.10"}};
}

ParamsResult parse_with(const std::string& key, const std::string& value) {
  auto env = minimal_env();
  env["OCF_RESKEY_" + key] = value;
  return parse_params(env, "pgsql");
}

} // namespace

TEST_CASE("parameters get Debian defaults") {
  auto r = parse_params(minimal_env(), "pgsql");
  REQUIRE(r.outcome.ok());
  const auto& p = *r.params;
  // pgctl, psql and logfile are derived from the installed major (apply_derived_defaults).
  CHECK(p.pgctl.empty());
  CHECK(p.psql.empty());
  CHECK(p.logfile.empty());
  CHECK(p.pgdata == "/var/lib/postgresql/15/main");
  CHECK(p.config == "/etc/postgresql/15/main/postgresql.conf");
  CHECK(default_config_for("/srv/pg") == "/srv/pg/postgresql.conf");
  CHECK(default_config_for("/srv/pg/") == "/srv/pg/postgresql.conf");
  CHECK(p.socketdir == "/run/postgresql");
  CHECK(p.pgdba == "postgres");
  CHECK(p.pgport == 5432);
  CHECK(p.rep_mode == RepMode::sync);
  CHECK(p.node_list == std::vector<std::string>{"node1", "node2"});
  CHECK(p.xlog_check_count == 3);
  CHECK(p.stop_escalate == 90);
  CHECK_FALSE(p.enable_distlock);
  CHECK(p.distlock_ttl == 9);
  CHECK(p.distlock_wait == 12);
  CHECK(p.distlock_lockname == "pgsql");
  CHECK(r.warnings.empty());
}

TEST_CASE("path defaults follow the data directory's major, not a hard-coded one") {
  for (int major : {14, 16, 18}) {
    INFO("major " << major);
    auto r = parse_params(minimal_env(), "pgsql");
    REQUIRE(r.outcome.ok());
    auto p = *r.params;
    apply_derived_defaults(p, {major, 15});
    CHECK(p.pgctl == "/usr/lib/postgresql/" + std::to_string(major) + "/bin/pg_ctl");
    CHECK(bindir_of(p) == "/usr/lib/postgresql/" + std::to_string(major) + "/bin");
    CHECK(p.psql == "/usr/lib/postgresql/" + std::to_string(major) + "/bin/psql");
    CHECK(p.logfile == "/var/log/postgresql/postgresql-" + std::to_string(major) + "-main.log");
    auto pgdata = "/var/lib/postgresql/" + std::to_string(major) + "/main";
    CHECK(default_config_for(pgdata) ==
          "/etc/postgresql/" + std::to_string(major) + "/main/postgresql.conf");
  }
  // No PG_VERSION yet: the newest installed major; nothing installed: left empty (pgctl then
  // fails the local check with 5).
  auto p = *parse_params(minimal_env(), "pgsql").params;
  auto q = p;
  apply_derived_defaults(p, {std::nullopt, 17});
  CHECK(p.pgctl == "/usr/lib/postgresql/17/bin/pg_ctl");
  apply_derived_defaults(q, {});
  CHECK(q.pgctl.empty());
  // Explicit values win.
  auto env = minimal_env();
  env["OCF_RESKEY_pgctl"] = "/opt/pg/bin/pg_ctl";
  auto e = *parse_params(env, "pgsql").params;
  apply_derived_defaults(e, {16, 16});
  CHECK(e.pgctl == "/opt/pg/bin/pg_ctl");
  CHECK(e.psql == "/opt/pg/bin/psql");
  CHECK(default_config_for("/var/lib/postgresql/x/main") ==
        "/var/lib/postgresql/x/main/postgresql.conf");
}

TEST_CASE("start_opt and ctl_opt are split into words; unbalanced quotes are rc 6") {
  auto r = parse_with("start_opt", "-c work_mem=8MB -c 'application_name=a b'");
  REQUIRE(r.outcome.ok());
  CHECK(r.params->start_options ==
        std::vector<std::string>{"-c", "work_mem=8MB", "-c", "application_name=a b"});
  auto c = parse_with("ctl_opt", "-c");
  REQUIRE(c.outcome.ok());
  CHECK(c.params->ctl_options == std::vector<std::string>{"-c"});
  for (const char* key : {"start_opt", "ctl_opt"}) {
    auto bad = parse_with(key, "-c 'work_mem=8MB");
    CHECK(bad.outcome.rc == OcfRc::err_configured);
    CHECK(bad.bad_param == key);
    CHECK_THAT(bad.outcome.reason, Catch::Contains("unbalanced quote"));
  }
}

TEST_CASE("tmpdir is obsolete: a warning, not an error") {
  auto r = parse_with("tmpdir", "/var/lib/postgresql/15/tmp");
  REQUIRE(r.outcome.ok());
  REQUIRE(r.warnings.size() == 1);
  CHECK_THAT(r.warnings[0], Catch::Contains("tmpdir") && Catch::Contains("HA_RSCTMP"));
}

TEST_CASE("the table has no dropped parameters and no duplicates") {
  std::set<std::string> names;
  for (const auto& row : param_table()) {
    CHECK(names.insert(std::string(row.name)).second);
    CHECK_FALSE(row.shortdesc.empty());
    CHECK_FALSE(row.longdesc.empty());
  }
  CHECK(names.count("pglibs") == 0);
  CHECK(names.count("restart_on_promote") == 0);
  CHECK(names.count("tmpdir") == 0); // obsolete since issue 15: a warning, see below
  for (const char* required : {"pgctl",
                               "psql",
                               "pgdata",
                               "pgdba",
                               "pghost",
                               "pgport",
                               "config",
                               "logfile",
                               "socketdir",
                               "rep_mode",
                               "node_list",
                               "master_ip",
                               "repuser",
                               "primary_conninfo_opt",
                               "restore_command",
                               "xlog_check_count",
                               "stop_escalate",
                               "enable_distlock",
                               "distlock_conninfo",
                               "distlock_lockname",
                               "distlock_ttl",
                               "distlock_wait",
                               "distlock_lockservice_deadcheck_nodelist"}) {
    CHECK(find_param(required) != nullptr);
  }
}

TEST_CASE("parameter values are parsed into types") {
  SECTION("node_list split on blanks and commas") {
    auto r = parse_with("node_list", "node1  node2,node3");
    REQUIRE(r.outcome.ok());
    CHECK(r.params->node_list == std::vector<std::string>{"node1", "node2", "node3"});
  }
  SECTION("booleans strict but case-insensitive") {
    auto r = parse_with("check_wal_receiver", "YES");
    REQUIRE(r.outcome.ok());
    CHECK(r.params->check_wal_receiver);
  }
  SECTION("rep_mode async") {
    auto r = parse_with("rep_mode", "async");
    REQUIRE(r.outcome.ok());
    CHECK(r.params->rep_mode == RepMode::async);
  }
  SECTION("lock enabled") {
    auto env = minimal_env();
    env["OCF_RESKEY_enable_distlock"] = "true";
    env["OCF_RESKEY_distlock_conninfo"] = "service=pgha_lock";
    env["OCF_RESKEY_distlock_lockname"] = "distlock:cluster1";
    env["OCF_RESKEY_distlock_lockservice_deadcheck_nodelist"] = "node2";
    auto r = parse_params(env, "pgsql");
    REQUIRE(r.outcome.ok());
    CHECK(r.params->enable_distlock);
    CHECK(r.params->distlock_lockname == "distlock:cluster1");
    CHECK(r.params->distlock_lockservice_deadcheck_nodelist == std::vector<std::string>{"node2"});
  }
}

TEST_CASE("invalid parameters give OCF_ERR_CONFIGURED naming the parameter") {
  struct Row {
    const char* key;
    const char* value;
    const char* reason_part;
  };
  const Row rows[] = {
      {"pgport", "abc", "\"pgport\" must be an integer"},
      {"pgport", "70000", "\"pgport\" must be between"},
      {"enable_distlock", "maybe", "\"enable_distlock\" must be a boolean"},
      {"rep_mode", "none", "\"rep_mode\" must be \"sync\" or \"async\""},
      {"node_list", "node1 node1", "lists node \"node1\" twice"},
      {"node_list", "node1 bad;name", "invalid node name"},
      {"pgdata", "relative/dir", "\"pgdata\" must be an absolute path"},
      {"pgctl", "pg_ctl", "\"pgctl\" must be an absolute path"},
      {"xlog_check_count", "0", "\"xlog_check_count\" must be between 1"},
      {"stop_escalate", "-1", "\"stop_escalate\" must be between 0"},
      {"distlock_ttl", "1", "\"distlock_ttl\" must be between 2"},
      {"primary_conninfo_opt", "password=secret", "must not contain a password"},
      {"primary_conninfo_opt", "keepalives=1 PASSWORD = x", "must not contain a password"},
      {"distlock_conninfo", "postgresql://u:secret@lockhost/db", "must not contain a password"},
      {"replication_slot_name", "Bad-Slot", "may contain only"},
      {"distlock_lockname", "a b", "must be \"lockname\" or \"table:lockname\""},
      {"pgdba", "post gres", "must be a user name"},
      {"restore_command", "cp a b\nrm -rf /", "must be a single line"},
      {"distlock_lockservice_deadcheck_nodelist", "node9", "not in \"node_list\""},
  };
  for (const auto& r : rows) {
    SECTION(std::string(r.key) + "=" + r.value) {
      auto res = parse_with(r.key, r.value);
      CHECK_FALSE(res.params);
      CHECK(res.outcome.rc == OcfRc::err_configured);
      CHECK(res.bad_param == r.key);
      CHECK_THAT(res.outcome.reason, Catch::Contains(r.reason_part));
      CHECK_THAT(res.outcome.reason, Catch::Contains(std::string("\"") + r.key + "\""));
    }
  }
}

TEST_CASE("required parameters") {
  SECTION("node_list") {
    auto r = parse_params({{"OCF_RESKEY_master_ip", "vip"}}, "pgsql");
    CHECK(r.outcome.rc == OcfRc::err_configured);
    CHECK(r.outcome.reason == "parameter \"node_list\" is required");
  }
  SECTION("master_ip") {
    auto r = parse_params({{"OCF_RESKEY_node_list", "a b"}}, "pgsql");
    CHECK(r.outcome.reason == "parameter \"master_ip\" is required");
  }
  SECTION("distlock_conninfo when the lock is enabled") {
    auto r = parse_with("enable_distlock", "on");
    CHECK(r.outcome.rc == OcfRc::err_configured);
    CHECK(r.bad_param == "distlock_conninfo");
  }
}

TEST_CASE("obsolete pha4pgsql parameters") {
  SECTION("harmless ones are warnings") {
    auto env = minimal_env();
    env["OCF_RESKEY_pglibs"] = "/usr/lib";
    env["OCF_RESKEY_restart_on_promote"] = "false";
    auto r = parse_params(env, "pgsql");
    REQUIRE(r.outcome.ok());
    REQUIRE(r.warnings.size() == 2);
    CHECK_THAT(r.warnings[0], Catch::Contains("\"pglibs\""));
  }
  SECTION("lock commands are errors: ignoring them would drop the lock silently") {
    auto r = parse_with("distlock_lock_cmd", "/opt/pha4pgsql/tools/distlock ... lock");
    CHECK(r.outcome.rc == OcfRc::err_configured);
    CHECK(r.bad_param == "distlock_lock_cmd");
  }
  SECTION("monitor_password is an error") {
    CHECK(parse_with("monitor_password", "x").outcome.rc == OcfRc::err_configured);
  }
  SECTION("unknown keys are ignored") {
    auto env = minimal_env();
    env["OCF_RESKEY_trace_ra"] = "1";
    env["OCF_RESKEY_CRM_meta_timeout"] = "20000";
    CHECK(parse_params(env, "pgsql").outcome.ok());
  }
}

TEST_CASE("node-local parameter checks") {
  auto p = *parse_params(minimal_env(), "pgsql").params;
  SECTION("member") {
    CHECK(check_params_for_node(p, "node2").ok());
  }
  SECTION("a local name with capitals: unusable here (REPL_INFO would refuse it), 2") {
    auto o = check_params_for_node(p, "Node2");
    CHECK(o.rc == OcfRc::err_args);
    CHECK(o.reason.find("\"Node2\" is not usable") != std::string::npos);
  }
  SECTION("not a member: invalid only here, OCF_ERR_ARGS") {
    auto o = check_params_for_node(p, "node3");
    CHECK(o.rc == OcfRc::err_args);
    CHECK(o.reason == "this node \"node3\" is not in parameter \"node_list\"");
  }
}

TEST_CASE("local checks carry the code of who can fix them") {
  auto p = *parse_params(minimal_env(), "pgsql").params;
  auto checks = local_checks(p);
  REQUIRE_FALSE(checks.empty());
  for (const auto& c : checks) {
    if (c.kind == LocalCheck::Kind::executable) {
      CHECK(c.rc_if_missing == OcfRc::err_installed);
    } else {
      CHECK(c.rc_if_missing == OcfRc::err_args);
    }
    if (c.param == "pgdata") {
      CHECK(c.probe_reports_not_running);
      CHECK(c.path == "/var/lib/postgresql/15/main");
    }
  }
}

TEST_CASE("validators") {
  namespace v = validators;
  CHECK(v::conninfo_without_password("host=lock port=5432 passfile=/etc/pgha/pgpass").empty());
  CHECK(v::conninfo_without_password("service=lock").empty());
  CHECK(v::conninfo_without_password("postgresql://pgha@lock/db").empty());
  CHECK_FALSE(v::conninfo_without_password("host=x password=y").empty());
  CHECK(v::lock_name("distlock:pgsql").empty());
  CHECK_FALSE(v::lock_name(":x").empty());
  CHECK(v::slot_prefix("pgha_slot").empty());
}

// validate-all is the single gate: what a later step refuses with 6 is refused here, with the
// parameter named.
TEST_CASE("values later steps would refuse are refused by the parameter check") {
  SECTION("node names with capitals in node_list") {
    auto r = parse_with("node_list", "Node1 node2");
    CHECK(r.outcome.rc == OcfRc::err_configured);
    CHECK(r.bad_param == "node_list");
    CHECK(r.outcome.reason.find("\"Node1\" with capital letters") != std::string::npos);
  }
  SECTION("node names with capitals in the dead-check list") {
    auto r = parse_with("distlock_lockservice_deadcheck_nodelist", "NODE2");
    CHECK(r.outcome.rc == OcfRc::err_configured);
    CHECK(r.bad_param == "distlock_lockservice_deadcheck_nodelist");
  }
  SECTION("distlock_wait=0") {
    auto r = parse_with("distlock_wait", "0");
    CHECK(r.outcome.rc == OcfRc::err_configured);
    CHECK(r.outcome.reason == "parameter \"distlock_wait\" must be between 1 and 86400, got 0");
  }
  SECTION("a slot prefix that makes a slot name longer than 63") {
    auto r = parse_with("replication_slot_name", std::string(40, 'a'));
    REQUIRE(r.outcome.ok());
    auto env = minimal_env();
    env["OCF_RESKEY_replication_slot_name"] = std::string(40, 'a');
    env["OCF_RESKEY_node_list"] = "node1 " + std::string(30, 'n');
    auto long_node = parse_params(env, "pgsql");
    CHECK(long_node.outcome.rc == OcfRc::err_configured);
    CHECK(long_node.bad_param == "replication_slot_name");
  }
  SECTION("a config path pg_ctl cannot pass through its shell") {
    auto r = parse_with("config", "/etc/my pg/postgresql.conf");
    CHECK(r.outcome.rc == OcfRc::err_configured);
    CHECK(r.bad_param == "config");
  }
}

TEST_CASE("stop checks only what a stop needs") {
  auto env = minimal_env();
  env["OCF_RESKEY_primary_conninfo_opt"] = "password=secret";
  env["OCF_RESKEY_pgctl"] = "pg_ctl"; // not absolute
  env["OCF_RESKEY_distlock_lock_cmd"] = "/bin/lock";
  env["OCF_RESKEY_monitor_sql"] = " ";
  env["OCF_RESKEY_enable_distlock"] = "true"; // without distlock_conninfo
  SECTION("every other action refuses") {
    CHECK(parse_params(env, "pgsql").outcome.rc == OcfRc::err_configured);
  }
  SECTION("stop runs with the defaults and warns") {
    auto r = parse_params(env, "pgsql", ParamScope::stop);
    REQUIRE(r.outcome.ok());
    CHECK(r.params->pgctl.empty()); // the default: derived later from the data directory's major
    CHECK(r.params->primary_conninfo_opt.empty());
    CHECK_FALSE(r.params->enable_distlock);
    CHECK(r.warnings.size() >= 2);
  }
  SECTION("what stop needs is still checked") {
    env["OCF_RESKEY_pgdata"] = "relative/dir";
    auto r = parse_params(env, "pgsql", ParamScope::stop);
    CHECK(r.outcome.rc == OcfRc::err_configured);
    CHECK(r.bad_param == "pgdata");
  }
  CHECK(needed_by_stop("pgdata"));
  CHECK_FALSE(needed_by_stop("pgctl"));
}
