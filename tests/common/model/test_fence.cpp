#include "common/model/fence.hpp"
#include "common/model/node_name.hpp"

#include <catch2/catch.hpp>

using namespace pgha::model;

TEST_CASE("the fence has one spelling and the older ones are still recognised") {
  // The value written to PostgreSQL is the quoted application name, exactly as SHOW returns it.
  CHECK(k_fence_sync_names == "\"pgha.fenced\"");
  CHECK(std::string("\"") + std::string(k_fence_standby) + "\"" == k_fence_sync_names);
  // The PostgreSQL seam writes only names that pass the node-name check.
  CHECK(is_valid_node_name(k_fence_standby));
  CHECK(is_fence_sync_names(k_fence_sync_names));
  CHECK(is_fence_sync_names("pgha.fenced"));
  CHECK(is_fence_sync_names("\"pgha:fenced\""));
  CHECK_FALSE(is_fence_sync_names(""));
  CHECK_FALSE(is_fence_sync_names("\"node1\""));
}
