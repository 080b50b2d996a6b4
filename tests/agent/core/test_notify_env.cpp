#include "agent/core/notify_env.hpp"

#include <catch2/catch.hpp>

using namespace pgha::agent::core;

TEST_CASE("notify variables are parsed") {
  EnvMap env{{"OCF_RESKEY_CRM_meta_notify_type", "pre"},
             {"OCF_RESKEY_CRM_meta_notify_operation", "promote"},
             {"OCF_RESKEY_CRM_meta_notify_promote_uname", "Node2 "},
             {"OCF_RESKEY_CRM_meta_notify_demote_uname", " "},
             {"OCF_RESKEY_CRM_meta_notify_active_uname", "node1 node2 node10"},
             {"OCF_RESKEY_CRM_meta_notify_promoted_uname", "node1"},
             {"OCF_RESKEY_CRM_meta_notify_master_uname", "stale"},
             {"OCF_RESKEY_CRM_meta_notify_slave_uname", "node2 node10"}};
  auto n = parse_notify_env(env);
  CHECK(n.type == NotifyType::pre);
  CHECK(n.operation == NotifyOperation::promote);
  CHECK(n.promote_unames == std::vector<std::string>{"node2"});
  SECTION("an empty list is a single blank") {
    CHECK(n.demote_unames.empty());
  }
  SECTION("promoted wins over the deprecated master list") {
    CHECK(n.promoted_unames == std::vector<std::string>{"node1"});
  }
  SECTION("slave is the fallback of unpromoted") {
    CHECK(n.unpromoted_unames == std::vector<std::string>{"node2", "node10"});
  }
  SECTION("membership is exact, never a substring") {
    CHECK(NotifyEnv::contains(n.active_unames, "node10"));
    CHECK_FALSE(NotifyEnv::contains(n.promoted_unames, "node"));
    CHECK_FALSE(NotifyEnv::contains(n.unpromoted_unames, "node1"));
  }
}

TEST_CASE("notify type and operation fall back to none") {
  auto n = parse_notify_env({{"OCF_RESKEY_CRM_meta_notify_type", "later"}});
  CHECK(n.type == NotifyType::none);
  CHECK(n.operation == NotifyOperation::none);
  CHECK(to_string(NotifyOperation::demote) == "demote");
  CHECK(to_string(NotifyType::post) == "post");
}
