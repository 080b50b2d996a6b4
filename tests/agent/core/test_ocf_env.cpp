#include "agent/core/ocf_env.hpp"

#include <catch2/catch.hpp>

using namespace pgha::agent::core;
using namespace std::chrono_literals;

TEST_CASE("the OCF frame is read from the environment map") {
  EnvMap env{{"OCF_RESOURCE_INSTANCE", "pgsql:1"},
             {"OCF_RESKEY_CRM_meta_timeout", "20000"},
             {"OCF_RESKEY_CRM_meta_interval", "3000"},
             {"OCF_RESKEY_CRM_meta_on_node", "Node1"},
             {"OCF_RESKEY_CRM_meta_role", "Promoted"},
             {"OCF_RESKEY_CRM_meta_clone_max", "2"},
             {"OCF_RESKEY_CRM_meta_notify", "true"},
             {"OCF_RESKEY_CRM_meta_promoted_max", "1"},
             {"OCF_CHECK_LEVEL", "10"}};
  auto e = parse_ocf_env(env);
  CHECK(e.resource_instance == "pgsql:1");
  CHECK(e.resource_name == "pgsql");
  CHECK(e.timeout == 20000ms);
  CHECK(e.interval == 3000ms);
  CHECK_FALSE(e.is_probe());
  CHECK(e.on_node == "node1");
  CHECK(e.role == "Promoted");
  CHECK(e.check_level == 10);
  CHECK(e.clone.is_clone());
  CHECK(e.clone.promoted_max == 1);
  CHECK(local_node_name(e, "ignored") == "node1");
}

TEST_CASE("OCF frame defaults and fallbacks") {
  SECTION("empty environment") {
    auto e = parse_ocf_env({});
    CHECK(e.resource_name == "expgsql");
    CHECK_FALSE(e.timeout);
    CHECK(e.is_probe());
    CHECK_FALSE(e.on_node);
    CHECK_FALSE(e.clone.is_clone());
    CHECK(local_node_name(e, "Host-A\n") == "host-a");
  }
  SECTION("master_max is the fallback of promoted_max") {
    auto e = parse_ocf_env({{"OCF_RESKEY_CRM_meta_master_max", "1"}});
    CHECK(e.clone.promoted_max == 1);
  }
  SECTION("legacy check level and non-numeric values") {
    CHECK(parse_ocf_env({{"OCF_RESKEY_OCF_CHECK_LEVEL", "20"}}).check_level == 20);
    CHECK(parse_ocf_env({{"OCF_CHECK_LEVEL", "deep"}}).check_level == 0);
    CHECK(parse_ocf_env({{"OCF_RESKEY_CRM_meta_timeout", "soon"}}).timeout == std::nullopt);
  }
}

TEST_CASE("effective check level") {
  CHECK(effective_check_level(parse_ocf_env({}), "validate-all") == 0);
  CHECK(effective_check_level(parse_ocf_env({}), "start") == 10);
  CHECK(effective_check_level(parse_ocf_env({{"OCF_CHECK_LEVEL", "10"}}), "validate-all") == 10);
  CHECK(effective_check_level(parse_ocf_env({{"OCF_CHECK_LEVEL", "20"}}), "monitor") == 10);
  CHECK(effective_check_level(parse_ocf_env({{"OCF_CHECK_LEVEL", "5"}}), "monitor") == 0);
}

TEST_CASE("clone configuration check") {
  auto clone = [](std::optional<bool> notify, std::optional<int> promoted_max,
                  std::optional<bool> promotable) {
    CloneMeta c;
    c.clone_max = 2;
    c.notify = notify;
    c.promoted_max = promoted_max;
    c.promotable = promotable;
    return c;
  };
  SECTION("good") {
    CHECK(check_clone_config(clone(true, 1, true)).ok());
  }
  SECTION("not a clone: nothing to check") {
    CHECK(check_clone_config(CloneMeta{}).ok());
  }
  SECTION("notify missing") {
    auto o = check_clone_config(clone(std::nullopt, 1, true));
    CHECK(o.rc == OcfRc::err_configured);
    CHECK_THAT(o.reason, Catch::Contains("\"notify\""));
  }
  SECTION("notify false") {
    CHECK(check_clone_config(clone(false, 1, true)).rc == OcfRc::err_configured);
  }
  SECTION("two promoted instances") {
    auto o = check_clone_config(clone(true, 2, true));
    CHECK(o.rc == OcfRc::err_configured);
    CHECK_THAT(o.reason, Catch::Contains("\"promoted-max\""));
  }
  SECTION("not promotable") {
    auto o = check_clone_config(clone(true, std::nullopt, false));
    CHECK(o.rc == OcfRc::err_configured);
    CHECK_THAT(o.reason, Catch::Contains("\"promotable\""));
  }
  SECTION("promotable only through master-max") {
    CHECK(check_clone_config(clone(true, 1, std::nullopt)).ok());
  }
}

TEST_CASE("rc codes have their OCF values") {
  CHECK(to_int(OcfRc::running_promoted) == 8);
  CHECK(to_int(OcfRc::failed_promoted) == 9);
  CHECK(to_int(OcfRc::err_configured) == 6);
  CHECK(to_int(OcfRc::not_running) == 7);
  CHECK(rc_name(OcfRc::failed_promoted) == "OCF_FAILED_PROMOTED");
}

TEST_CASE("an action keeps a fifth of its timeout, 2-10 s, in reserve") {
  CHECK(action_budget(15000ms) == 12000ms);
  CHECK(action_budget(std::nullopt) == 16000ms); // Pacemaker's default 20 s
  CHECK(action_budget(10000ms) == 8000ms);       // the 2 s floor
  CHECK(action_budget(300000ms) == 290000ms);    // the 10 s ceiling
  CHECK(action_budget(3000ms) == 1500ms);        // shorter than two reserves: half
}
