#include "common/model/attribute_names.hpp"

#include <catch2/catch.hpp>

using namespace pgha::model;

TEST_CASE("attribute names derive from the resource name") {
  auto n = attribute_names("pgsql");
  CHECK(n.status == "pgsql-status");
  CHECK(n.data_status == "pgsql-data-status");
  CHECK(n.xlog_loc == "pgsql-xlog-loc");
  CHECK(n.master_baseline == "pgsql-master-baseline");
  CHECK(n.sync_baseline == "pgsql-sync-baseline");
  CHECK(n.lockservice == "pgsql-lockservice");
  CHECK(n.slots == "pgsql-slots");
  CHECK(n.receiver == "pgsql-receiver");
  CHECK(n.promotion == "master-pgsql");
  CHECK(n.promotion == promotion_attribute("pgsql"));
  CHECK(n.repl_info == "pgsql_REPL_INFO");
  CHECK(attribute_names("db2").status == "db2-status");
}

TEST_CASE("attribute lifetimes are spelt as crm_attribute takes them") {
  CHECK(to_string(Lifetime::reboot) == "reboot");
  CHECK(to_string(Lifetime::forever) == "forever");
}
